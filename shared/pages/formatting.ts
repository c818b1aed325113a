// Dates as a reader in each locale expects them: "2. März 2026" and "March 2, 2026".
import type { Locale } from '../domain/request-model.js';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Formats a calendar date (`YYYY-MM-DD`) in long form. A date has no time zone, so it is read and
 * written in UTC: the day printed is the day given, wherever the code runs.
 */
export function formatCalendarDate(date: string, locale: Locale): string {
  const match = CALENDAR_DATE.exec(date);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [NaN, NaN, NaN];
  const instant = new Date(Date.UTC(year, month - 1, day));
  if (!match || instant.getUTCFullYear() !== year || instant.getUTCMonth() !== month - 1 || instant.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(instant);
}

/** Formats an ISO 8601 instant as date and time in `timeZone`, naming the zone so the time is unambiguous. */
export function formatInstant(iso: string, locale: Locale, timeZone: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) {
    throw new RangeError(`Not an ISO 8601 instant: ${JSON.stringify(iso)}`);
  }
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  }).format(instant);
}
