import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDate, formatInstant } from '../../shared/text/dates.js';

describe('formatDate', () => {
  it.each([
    ['2026-03-02', 'de', '2. März 2026'],
    ['2026-03-02', 'en', 'March 2, 2026'],
    ['2026-12-31', 'de', '31. Dezember 2026'],
    ['2026-01-01', 'en', 'January 1, 2026'],
  ] as const)('shows the calendar date %s in %s as %s', (value, locale, expected) => {
    // Act
    const shown = formatDate(value, locale, 'Europe/Berlin');

    // Assess
    expect(shown).toBe(expected);
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'Europe/Berlin'])('never shifts a calendar date, even in %s', (timeZone) => {
    // Act
    const shown = formatDate('2026-04-01', 'en', timeZone);

    // Assess
    expect(shown).toBe('April 1, 2026');
  });

  it('shows an instant as the day it falls on in the given time zone', () => {
    // Prepare
    const instant = '2026-03-02T05:00:00Z';

    // Act
    const inBerlin = formatDate(instant, 'de', 'Europe/Berlin');
    const inLosAngeles = formatDate(instant, 'de', 'America/Los_Angeles');

    // Assess
    expect(inBerlin).toBe('2. März 2026');
    expect(inLosAngeles).toBe('1. März 2026');
  });
});

describe('formatInstant', () => {
  it.each([
    ['2026-01-15T08:05:00Z', 'de', 'Europe/Berlin', '15. Januar 2026 um 09:05 (Europe/Berlin)'],
    ['2026-01-15T08:05:00Z', 'en', 'Europe/Berlin', 'January 15, 2026 at 9:05 AM (Europe/Berlin)'],
    ['2026-08-01T20:30:00+02:00', 'de', 'Europe/Berlin', '1. August 2026 um 20:30 (Europe/Berlin)'],
    // A Californian reads the time of their own zone, named as a place, never as "GMT+1" or "PST".
    ['2026-01-15T08:05:00Z', 'en', 'America/Los_Angeles', 'January 15, 2026 at 12:05 AM (America/Los_Angeles)'],
    ['2026-08-01T20:30:00+02:00', 'en', 'America/Los_Angeles', 'August 1, 2026 at 11:30 AM (America/Los_Angeles)'],
  ] as const)('shows %s in %s and %s as %s', (value, locale, timeZone, expected) => {
    // Act
    const shown = formatInstant(value, locale, timeZone);

    // Assess
    expect(shown).toBe(expected);
  });
});

describe('the date formatters', () => {
  it.each([
    { format: () => formatCalendarDate('2026-03-02T00:00:00Z', 'en'), note: 'an instant as a calendar date' },
    { format: () => formatCalendarDate('2026-02-30', 'en'), note: 'a day that does not exist' },
    { format: () => formatDate('next Tuesday', 'en', 'UTC'), note: 'words as a date' },
    { format: () => formatInstant('2026-03-02', 'en', 'UTC'), note: 'a calendar date as an instant' },
    { format: () => formatInstant('yesterday', 'en', 'UTC'), note: 'words as an instant' },
  ])('refuse $note with a RangeError', ({ format }) => {
    // Act
    const act = () => format();

    // Assess
    expect(act).toThrow(RangeError);
  });
});
