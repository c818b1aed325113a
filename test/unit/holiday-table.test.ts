// The generated holiday table against date-holidays, its source: the functions read the table, so the
// two must never drift apart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dateHolidaysOf, HOLIDAY_TABLE_FILE, holidayTableSource, TABLE_REGIONS, TABLE_YEARS } from '../../bin/holiday-table.js';
import { addDays, computeDeadlines, OutsideCalendarError } from '../../shared/domain/deadlines.js';
import { HOLIDAY_TABLE, HOLIDAY_TABLE_YEARS } from '../../shared/domain/holiday-table.js';
import { holidayCalendar, holidayRegions } from '../../shared/domain/holidays.js';

/** Every date of `year`, `YYYY-MM-DD`. */
function daysOf(year: number): string[] {
  const days: string[] = [];
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1)) days.push(day);
  return days;
}

describe('shared/domain/holiday-table.ts', () => {
  // date-holidays works out each region's year on its own, about 1,400 of them: seconds on an idle
  // machine, more beside the rest of the suite.
  it('is what date-holidays gives today (else: npm run holiday-table)', { timeout: 180_000 }, () => {
    // Act
    const committed = readFileSync(HOLIDAY_TABLE_FILE, 'utf8');

    // Assess
    expect(committed === holidayTableSource(), 'shared/domain/holiday-table.ts differs from date-holidays: run npm run holiday-table').toBe(true);
  });

  it('holds every region and year the generator names', () => {
    // Assess
    expect(Object.keys(HOLIDAY_TABLE).sort()).toEqual([...TABLE_REGIONS].sort());
    expect(HOLIDAY_TABLE_YEARS).toEqual(TABLE_YEARS);
    for (const rows of Object.values(HOLIDAY_TABLE)) expect(rows.years).toHaveLength(TABLE_YEARS.last - TABLE_YEARS.first + 1);
  });

  it('reaches at least ten years ahead (else: move TABLE_YEARS.last on in bin/holiday-table.ts and run npm run holiday-table)', () => {
    // Assess
    expect(HOLIDAY_TABLE_YEARS.last).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 10);
  });
});

describe('holidayCalendar from the table', () => {
  it.each(['DE', 'DE-BY', 'DE-HH', 'GB', 'FR', 'CH'])('agrees with date-holidays on every day of every year in %s', (region) => {
    // Prepare
    const calendar = holidayCalendar(region);
    const disagreements: string[] = [];

    // Act
    for (let year = HOLIDAY_TABLE_YEARS.first; year <= HOLIDAY_TABLE_YEARS.last; year++) {
      const expected = new Set(dateHolidaysOf(region, year));
      for (const day of daysOf(year)) if (calendar.isPublicHoliday(day) !== expected.has(day)) disagreements.push(day);
    }

    // Assess
    expect(disagreements).toEqual([]);
  });

  it('offers US-CA and every region of the table to a deployment', () => {
    // Act
    const regions = holidayRegions();

    // Assess
    expect(regions).toEqual(['US-CA', ...[...TABLE_REGIONS].sort()]);
  });

  it('refuses a date past the end of the table, naming the years it covers', () => {
    // Prepare
    const calendar = holidayCalendar('DE');

    // Act
    const ask = () => calendar.isPublicHoliday(`${HOLIDAY_TABLE_YEARS.last + 1}-01-01`);

    // Assess
    expect(ask).toThrow(new OutsideCalendarError('DE', HOLIDAY_TABLE_YEARS));
    expect(ask).toThrow(`The holiday calendar DE covers ${HOLIDAY_TABLE_YEARS.first} to ${HOLIDAY_TABLE_YEARS.last} only.`);
  });

  it('refuses a GDPR request whose extended deadline falls past the end of the table', () => {
    // Prepare: received in the table's last year, extendable three months into the year after
    const input = {
      jurisdiction: 'gdpr' as const,
      type: 'access' as const,
      receivedAt: new Date(`${HOLIDAY_TABLE_YEARS.last}-11-16T10:00:00Z`),
      calendar: holidayCalendar('DE'),
      timeZone: 'Europe/Berlin',
    };

    // Act
    const compute = () => computeDeadlines(input);

    // Assess
    expect(compute).toThrow(OutsideCalendarError);
  });
});
