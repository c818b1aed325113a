// Public-holiday calendars from date-holidays, the maintained source of national and state holidays.
import Holidays from 'date-holidays';
import type { CalendarDate, HolidayCalendar } from './deadlines.js';

const calendars = new Map<string, HolidayCalendar>();

/**
 * The public holidays of `region`: a country (`DE`) or a country and state (`DE-BY`, `US-CA`).
 * Only days of type "public" count; observances and bank holidays do not close a deadline.
 */
export function holidayCalendar(region: string): HolidayCalendar {
  const cached = calendars.get(region);
  if (cached) return cached;
  const [country, state] = region.split('-');
  const source = new Holidays();
  const known = country ? source.getCountries()[country] !== undefined : false;
  if (!country || !known || (state && source.getStates(country)?.[state] === undefined)) {
    throw new Error(`Unknown holiday region ${region}`);
  }
  if (state) source.init(country, state);
  else source.init(country);
  const years = new Map<number, Set<CalendarDate>>();
  const holidaysOf = (year: number) => {
    let days = years.get(year);
    if (!days) {
      days = new Set(
        source
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      years.set(year, days);
    }
    return days;
  };
  const calendar: HolidayCalendar = {
    region,
    isPublicHoliday: (date) => holidaysOf(Number(date.slice(0, 4))).has(date),
  };
  calendars.set(region, calendar);
  return calendar;
}
