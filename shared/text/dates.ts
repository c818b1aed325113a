// Dates and times as a reader in each locale expects them ("2. März 2026", "March 2, 2026"), for
// notices and subject pages alike.
import type { Locale } from '../domain/request-model.js';

const INTL_LOCALE: Record<Locale, string> = { de: 'de-DE', en: 'en-US' };

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * ICU puts narrow and non-breaking spaces into times ("2:30\u202fPM"), and which ones differs
 * between ICU versions; plain spaces read the same in every mail client and browser.
 */
function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

function format(date: Date, locale: Locale, timeZone: string, withTime: boolean): string {
  const key = `${locale}|${timeZone}|${withTime}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone,
      ...(withTime ? { hour: locale === 'de' ? '2-digit' : 'numeric', minute: '2-digit' } : {}),
    });
    formatters.set(key, formatter);
  }
  return plainSpaces(formatter.format(date));
}

/** A calendar date (YYYY-MM-DD) as a UTC midnight, so formatting it in UTC never shifts the day. */
function parseCalendarDate(value: string): Date {
  const match = CALENDAR_DATE.exec(value);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [NaN, NaN, NaN];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (!match || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  }
  return date;
}

function parseInstant(value: string): Date {
  const date = ISO_INSTANT.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an ISO 8601 instant: ${JSON.stringify(value)}`);
  return date;
}

/**
 * Formats a calendar date (YYYY-MM-DD) in long form. A date has no time zone, so the day printed
 * is the day given, wherever the code runs. Throws RangeError for anything else.
 */
export function formatCalendarDate(value: string, locale: Locale): string {
  return format(parseCalendarDate(value), locale, 'UTC', false);
}

/**
 * Formats a calendar date as it is, or an ISO 8601 instant as the day it falls on in `timeZone`.
 * Throws RangeError for anything else.
 */
export function formatDate(value: string, locale: Locale, timeZone: string): string {
  if (CALENDAR_DATE.test(value)) return formatCalendarDate(value, locale);
  return format(parseInstant(value), locale, timeZone, false);
}

/**
 * Formats an ISO 8601 instant with its time in `timeZone`, naming the zone by its IANA name so the
 * time is unambiguous wherever the reader lives (de: "2. März 2026 um 14:30 (Europe/Berlin)", en:
 * "March 2, 2026 at 5:30 AM (America/Los_Angeles)"); ICU's short names ("GMT+1", "MEZ") would tell
 * a Californian an offset, not a place. Throws RangeError for anything else.
 */
export function formatInstant(value: string, locale: Locale, timeZone: string): string {
  return `${format(parseInstant(value), locale, timeZone, true)} (${timeZone})`;
}
