// Public-holiday calendars: California's own conservative list, and for every other region the
// table generated at build time from date-holidays (holiday-table.ts), so no function loads it.
import { OutsideCalendarError, type CalendarDate, type HolidayCalendar } from './deadlines.js';
import { HOLIDAY_TABLE, HOLIDAY_TABLE_YEARS } from './holiday-table.js';

const calendars = new Map<string, HolidayCalendar>();

/** The regions a deployment may name: US-CA and every region of the generated table. */
export function holidayRegions(): string[] {
  return ['US-CA', ...Object.keys(HOLIDAY_TABLE).sort()];
}

/**
 * The public holidays of `region`: a country (`DE`) or a country and state (`DE-BY`). `US-CA` is the
 * conservative California calendar ({@link californiaCalendar}). Elsewhere the days date-holidays
 * gives as type "public" count, as the generated table holds them; observances and bank holidays do
 * not close a deadline. Throws for a region the table does not hold.
 */
export function holidayCalendar(region: string): HolidayCalendar {
  const cached = calendars.get(region);
  if (cached) return cached;
  const calendar = region === 'US-CA' ? californiaCalendar() : tabulatedCalendar(region);
  calendars.set(region, calendar);
  return calendar;
}

function tabulatedCalendar(region: string): HolidayCalendar {
  const rows = Object.hasOwn(HOLIDAY_TABLE, region) ? HOLIDAY_TABLE[region] : undefined;
  if (!rows) {
    throw new Error(
      `Unknown holiday region ${region}: the holiday table holds ${holidayRegions().join(', ')}; bin/holiday-table.ts adds others (npm run holiday-table)`,
    );
  }
  const [country, state] = region.split('-');
  const days = (text: string) => text.split(' ').filter(Boolean);
  const every = days(rows.every);
  return yearlyCalendar(
    region,
    state ? `public holidays of ${country} and of its region ${state}` : `nationwide public holidays of ${country}`,
    HOLIDAY_TABLE_YEARS,
    (year) => [...every, ...days(rows.years[year - HOLIDAY_TABLE_YEARS.first]!)].map((day) => `${year}-${day.slice(0, 2)}-${day.slice(2)}`),
  );
}

/** A calendar from a per-year list of holidays, each year worked out once; years outside `years` are refused. */
function yearlyCalendar(region: string, name: string, years: { first: number; last: number }, holidaysIn: (year: number) => CalendarDate[]): HolidayCalendar {
  const known = new Map<number, Set<CalendarDate>>();
  return {
    region,
    name,
    years,
    isPublicHoliday: (date) => {
      const year = Number(date.slice(0, 4));
      if (year < years.first || year > years.last) throw new OutsideCalendarError(region, years);
      let days = known.get(year);
      if (!days) {
        days = new Set(holidaysIn(year));
        known.set(year, days);
      }
      return days.has(date);
    },
  };
}

/** One California holiday of a year, with the provisions that make it one. */
export interface CaliforniaHoliday {
  date: CalendarDate;
  name: string;
}

/**
 * The years the California list is written for: from 2010, the first full year in which state
 * offices no longer closed on Lincoln Day and Columbus Day, to the end of the century. A change in
 * the law needs a change here (docs/deadlines.md).
 */
export const CALIFORNIA_YEARS = { first: 2010, last: 2099 } as const;

/**
 * California's business-day holidays, read conservatively: "business day" is not defined in the
 * CCPA regulations, so a day counts as a holiday only where every reading agrees: Gov. Code
 * §§ 6700–6701 make it a state holiday, Code Civ. Proc. § 135 a judicial holiday, and state offices
 * close. A day one reading leaves open (Lincoln Day, Lunar New Year, Genocide Remembrance Day,
 * Juneteenth, Admission Day, Native American Day, Columbus Day, the day after Thanksgiving, a
 * Friday before a Saturday holiday other than Veterans Day) is a business day, so a date counted
 * here is on time under any reading.
 */
export function californiaHolidays(year: number): CaliforniaHoliday[] {
  const fixed = (month: number, day: number) => isoDate(year, month, day);
  const days: CaliforniaHoliday[] = [
    { date: fixed(1, 1), name: "New Year's Day" },
    { date: nthWeekday(year, 1, 1, 3), name: 'Dr. Martin Luther King, Jr. Day' },
    { date: nthWeekday(year, 2, 1, 3), name: "Presidents' Day (third Monday in February)" },
    { date: fixed(3, 31), name: 'Cesar Chavez Day' },
    { date: lastWeekday(year, 5, 1), name: 'Memorial Day (last Monday in May)' },
    { date: fixed(7, 4), name: 'Independence Day' },
    { date: nthWeekday(year, 9, 1, 1), name: 'Labor Day (first Monday in September)' },
    { date: fixed(11, 11), name: 'Veterans Day' },
    { date: nthWeekday(year, 11, 4, 4), name: 'Thanksgiving Day' },
    { date: fixed(12, 25), name: 'Christmas Day' },
  ];
  const observed: CaliforniaHoliday[] = [];
  for (const holiday of days) {
    const weekday = weekdayOf(holiday.date);
    // Gov. Code § 6701: a fixed-date holiday on a Sunday is kept on the Monday after; Veterans Day on
    // a Saturday on the Friday before. No other Saturday holiday moves to a Friday for state offices.
    if (weekday === 0) observed.push({ date: shift(holiday.date, 1), name: `${holiday.name} (observed)` });
    if (weekday === 6 && holiday.name === 'Veterans Day') observed.push({ date: shift(holiday.date, -1), name: 'Veterans Day (observed)' });
  }
  return [...days.filter((h) => weekdayOf(h.date) !== 0 && weekdayOf(h.date) !== 6), ...observed].sort((a, b) => a.date.localeCompare(b.date));
}

/** The California calendar the CCPA's business days are counted on. */
export function californiaCalendar(): HolidayCalendar {
  return yearlyCalendar(
    'US-CA',
    'California holidays every reading agrees on (Gov. Code 6700-6701, Code Civ. Proc. 135, state offices closed)',
    CALIFORNIA_YEARS,
    (year) => californiaHolidays(year).map((h) => h.date),
  );
}

function isoDate(year: number, month: number, day: number): CalendarDate {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function weekdayOf(date: CalendarDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function shift(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The `n`-th `weekday` (0 Sunday … 6 Saturday) of `month` in `year`. */
function nthWeekday(year: number, month: number, weekday: number, n: number): CalendarDate {
  const first = weekdayOf(isoDate(year, month, 1));
  return isoDate(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
}

/** The last `weekday` of `month` in `year`. */
function lastWeekday(year: number, month: number, weekday: number): CalendarDate {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = weekdayOf(isoDate(year, month, lastDay));
  return isoDate(year, month, lastDay - ((last - weekday + 7) % 7));
}
