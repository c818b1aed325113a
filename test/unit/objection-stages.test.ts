// Dates worked out by hand: 3 Dec 2026 is a Thursday, 3 Jan 2027 a Sunday, 25 Dec 2026 a Friday
// (a German public holiday), 24 Jan 2027 a Sunday; 24 Dec is no public holiday in DE.
import { describe, expect, it } from 'vitest';
import { computeDeadlines, type CalendarDate } from '../../shared/domain/deadlines.js';
import { holidayCalendar } from '../../shared/domain/holidays.js';
import { objectionStages, type ObjectionStages } from '../../shared/domain/objection-stages.js';
import type { Jurisdiction } from '../../shared/domain/request-model.js';
import { UnresolvedObjectionError, type ObjectionEffectAt, type VerificationScope } from '../../shared/domain/verification-policy.js';

const stops = (systemId: string): ObjectionEffectAt => ({ systemId, effect: 'stop' });
const deletes = (systemId: string): ObjectionEffectAt => ({ systemId, effect: 'delete' });
const notApplicable = (systemId: string): ObjectionEffectAt => ({ systemId, effect: 'not-applicable' });

interface StageCase {
  jurisdiction: Jurisdiction;
  scope: VerificationScope;
  expected: ObjectionStages;
  note: string;
}

// biome-ignore format: one row per law and scope
const stageCases: StageCase[] = [
  { jurisdiction: 'gdpr', scope: { reaches: [stops('newsletter'), stops('web-analytics')] }, expected: 'at-once', note: 'Art. 21(3): direct marketing, every system stops' },
  { jurisdiction: 'gdpr', scope: { reaches: [stops('newsletter'), deletes('ad-audiences')] }, expected: 'stop-then-erase', note: 'Art. 21(3) then 17(1)(c): a marketing system deletes on objection' },
  { jurisdiction: 'gdpr', scope: { purposes: ['marketing'], reaches: [deletes('ad-audiences')] }, expected: 'stop-then-erase', note: 'direct marketing named, its only system deletes' },
  { jurisdiction: 'gdpr', scope: { purposes: ['marketing', 'email-marketing'], reaches: [stops('newsletter'), deletes('ad-audiences'), notApplicable('crm')] }, expected: 'stop-then-erase', note: 'every purpose named is direct marketing' },
  { jurisdiction: 'gdpr', scope: { systems: ['live-chat'], reaches: [deletes('live-chat')] }, expected: 'after-link', note: 'Art. 21(1): a named system is weighed, and deletes' },
  { jurisdiction: 'gdpr', scope: { systems: ['ad-audiences'], reaches: [stops('newsletter'), deletes('ad-audiences')] }, expected: 'after-link', note: 'a named system: its purposes are weighed' },
  { jurisdiction: 'gdpr', scope: { purposes: ['support'], reaches: [deletes('live-chat')] }, expected: 'after-link', note: 'another purpose that deletes' },
  { jurisdiction: 'gdpr', scope: { purposes: ['analytics'], reaches: [stops('web-analytics')] }, expected: 'after-link', note: 'another purpose that only stops' },
  { jurisdiction: 'ccpa', scope: { reaches: [stops('newsletter'), stops('web-analytics')] }, expected: 'at-once', note: '11 CCR 7026(d): an opt-out in substance' },
  { jurisdiction: 'ccpa', scope: { reaches: [stops('newsletter'), deletes('ad-audiences')] }, expected: 'after-link', note: '1798.105, 11 CCR 7062(a): a deletion in substance waits as a whole' },
  { jurisdiction: 'ccpa', scope: { systems: ['live-chat'], reaches: [deletes('live-chat')] }, expected: 'after-link', note: 'a deletion in substance' },
];

describe('objectionStages', () => {
  it('refuses a scope not resolved against the inventory, as the verification rule does', () => {
    expect(() => objectionStages('gdpr', { purposes: ['marketing'] })).toThrow(UnresolvedObjectionError);
  });

  it.each(stageCases)('is $expected under $jurisdiction ($note)', ({ jurisdiction, scope, expected }) => {
    // Act
    const stages = objectionStages(jurisdiction, scope);

    // Assess
    expect(stages).toBe(expected);
  });
});

interface ClockCase {
  note: string;
  receivedAt: string;
  erasesOnObjection: boolean;
  expected: { receivedOn: CalendarDate; stopBy?: CalendarDate; dueAt: CalendarDate; extendedDueAt?: CalendarDate };
  basis: RegExp;
}

const STOP_THEN_ERASE =
  /^GDPR Art\. 21\(3\): .*next working day.*; Art\. 17\(1\)\(c\), 12\(3\): the erasure .* one month, extendable by two further months; holidays: nationwide public holidays of DE$/;
const STOP_ONLY = /^GDPR Art\. 21\(2\)-\(3\): .*due the next working day, no extension; holidays: nationwide public holidays of DE$/;

// biome-ignore format: a case is a row of the legal table
const clockCases: ClockCase[] = [
  { note: 'Thu 3 Dec: stop by Fri 4 Dec; erasure due 3 Jan (a Sunday), so Mon 4 Jan; extendable to Wed 3 Mar', receivedAt: '2026-12-03T10:00:00Z', erasesOnObjection: true,
    expected: { receivedOn: '2026-12-03', stopBy: '2026-12-04', dueAt: '2027-01-04', extendedDueAt: '2027-03-03' }, basis: STOP_THEN_ERASE },
  { note: 'Thu 24 Dec: stop by Mon 28 Dec (25 and 26 Dec holidays, then a weekend); erasure due 24 Jan (a Sunday), so Mon 25 Jan', receivedAt: '2026-12-24T09:00:00Z', erasesOnObjection: true,
    expected: { receivedOn: '2026-12-24', stopBy: '2026-12-28', dueAt: '2027-01-25', extendedDueAt: '2027-03-24' }, basis: STOP_THEN_ERASE },
  { note: 'late on Thu 3 Dec in UTC is Fri 4 Dec in Berlin: stop by Mon 7 Dec', receivedAt: '2026-12-03T23:30:00Z', erasesOnObjection: true,
    expected: { receivedOn: '2026-12-04', stopBy: '2026-12-07', dueAt: '2027-01-04', extendedDueAt: '2027-03-04' }, basis: STOP_THEN_ERASE },
  { note: 'only stops: the next working day is the deadline itself', receivedAt: '2026-12-03T10:00:00Z', erasesOnObjection: false,
    expected: { receivedOn: '2026-12-03', dueAt: '2026-12-04' }, basis: STOP_ONLY },
];

describe('computeDeadlines of a GDPR objection to direct marketing', () => {
  it.each(clockCases)('$note', ({ receivedAt, erasesOnObjection, expected, basis }) => {
    // Prepare
    const input = {
      jurisdiction: 'gdpr' as const,
      type: 'objection' as const,
      receivedAt: new Date(receivedAt),
      calendar: holidayCalendar('DE'),
      timeZone: 'Europe/Berlin',
      erasesOnObjection,
    };

    // Act
    const { basis: said, ...dates } = computeDeadlines(input);

    // Assess
    expect(dates).toStrictEqual({ timeZone: 'Europe/Berlin', ...expected });
    expect(said).toMatch(basis);
  });

  it('keeps the CCPA objection that deletes on its 15 business days, with no stop date of its own', () => {
    // Prepare
    const input = {
      jurisdiction: 'ccpa' as const,
      type: 'objection' as const,
      receivedAt: new Date('2026-12-03T18:00:00Z'),
      calendar: holidayCalendar('US-CA'),
      timeZone: 'America/Los_Angeles',
      erasesOnObjection: true,
    };

    // Act
    const deadlines = computeDeadlines(input);

    // Assess
    expect(deadlines.stopBy).toBeUndefined();
    expect(deadlines.extendedDueAt).toBeUndefined();
    expect(deadlines.dueAt).toBe('2026-12-24');
  });
});
