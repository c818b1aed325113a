// Locale-aware formatting and HTML escaping for notices: the only place values become display text.
import type { Locale } from '../domain/request-model.js';
import { NoticeError } from './notice-error.js';

const INTL_LOCALE: Record<Locale, string> = { de: 'de-DE', en: 'en-US' };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** ICU puts narrow and non-breaking spaces into times ("2:30\u202fPM"); mail gets plain spaces. */
function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

function formatter(locale: Locale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone,
      ...(withTime ? { hour: locale === 'de' ? '2-digit' : 'numeric', minute: '2-digit', timeZoneName: 'short' } : {}),
    });
    formatters.set(key, cached);
  }
  return cached;
}

/** A calendar date (YYYY-MM-DD) as a UTC midnight, so formatting it in UTC never shifts the day. */
function parseCalendarDate(value: string): Date | undefined {
  const match = DATE_ONLY.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const exists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!exists) throw new NoticeError(`${value} is not a calendar date.`);
  return date;
}

function parseInstant(value: string): Date {
  const date = ISO_INSTANT.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new NoticeError(`${value} is neither a YYYY-MM-DD date nor an ISO 8601 instant.`);
  return date;
}

/**
 * A date for reading (de: "2. März 2026", en: "March 2, 2026"). A calendar date (YYYY-MM-DD) is
 * shown as it is; an instant is shown as the day it falls on in `timeZone`.
 */
export function formatDate(value: string, locale: Locale, timeZone: string): string {
  const calendarDate = parseCalendarDate(value);
  if (calendarDate) return plainSpaces(formatter(locale, 'UTC', false).format(calendarDate));
  return plainSpaces(formatter(locale, timeZone, false).format(parseInstant(value)));
}

/**
 * An instant with its time and zone (de: "2. März 2026 um 14:30 MEZ", en: "March 2, 2026 at
 * 2:30 PM GMT+1"); a calendar date is shown as a date only.
 */
export function formatDateTime(value: string, locale: Locale, timeZone: string): string {
  const calendarDate = parseCalendarDate(value);
  if (calendarDate) return plainSpaces(formatter(locale, 'UTC', false).format(calendarDate));
  return plainSpaces(formatter(locale, timeZone, true).format(parseInstant(value)));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/**
 * Returns `url` if it is an absolute http(s) URL. Escaping keeps a URL inside its attribute, but
 * only the scheme check keeps a `javascript:` link out of a mail.
 */
export function assertLinkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new NoticeError('A notice link is not an absolute URL.', { cause: error });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new NoticeError(`A notice link must use http or https, not ${parsed.protocol}`);
  }
  return url;
}
