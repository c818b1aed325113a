// Every expected date below was worked out by hand from the legal rules, with weekdays checked via
// `date -d YYYY-MM-DD +%a`, German public holidays via date-holidays (DE, DE-BY; type "public" only)
// and California's from the conservative list in docs/deadlines.md.
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addMonthsClamped,
  computeDeadlines,
  localDate,
  nextWorkingDay,
  OutsideCalendarError,
  type CalendarDate,
} from '../../shared/domain/deadlines.js';
import { californiaHolidays, holidayCalendar } from '../../shared/domain/holidays.js';
import type { Jurisdiction, RequestType } from '../../shared/domain/request-model.js';

const BERLIN = 'Europe/Berlin';
const LOS_ANGELES = 'America/Los_Angeles';

const GDPR_BASIS = /GDPR Art\. 12\(3\).*; holidays: nationwide public holidays of DE$/;
const GDPR_CONSENT_BASIS = /GDPR Art\. 7\(3\).*no extension; holidays: nationwide public holidays of DE$/;
const GDPR_MARKETING_BASIS = /GDPR Art\. 21\(2\)-\(3\).*no extension; holidays: nationwide public holidays of DE$/;
const GDPR_SALE_BASIS = /GDPR Art\. 7\(3\), 21\(3\): opting out of a sale.*no extension; holidays: nationwide public holidays of DE$/;
const CALIFORNIA = /; holidays: California holidays every reading agrees on \(Gov\. Code 6700-6701, Code Civ\. Proc\. 135, state offices closed\)$/;
const withCalifornia = (provision: RegExp) => new RegExp(provision.source + CALIFORNIA.source);
const CCPA_KNOW_OR_DELETE_BASIS = withCalifornia(/1798\.130.*/);
const CCPA_OPT_OUT_BASIS = withCalifornia(/11 CCR 7026\(f\)\(1\): act on a request to opt out of sale or sharing within 15 business days/);
const CCPA_LIMIT_BASIS = withCalifornia(/11 CCR 7026\(f\)\(1\), 7027\(g\)\(1\).*/);
const CAN_SPAM_BASIS = withCalifornia(/CAN-SPAM.*/);
const SHINE_THE_LIGHT_BASIS = /^Cal\. Civ\. Code 1798\.83\(b\): answer within 30 days$/;

interface DeadlineCase {
  note: string;
  jurisdiction: Jurisdiction;
  type: RequestType;
  receivedAt: string;
  timeZone: string;
  receivedOn: CalendarDate;
  acknowledgeBy?: CalendarDate;
  dueAt: CalendarDate;
  extendedDueAt?: CalendarDate;
  basis: RegExp;
  scope?: { purposes?: string[]; systems?: string[] };
}

/** GDPR: one month (clamped, rolled to the next German working day); extension three months, same way. */
// biome-ignore format: a case is a row of the legal table, its inputs on one line and its answers on the next
const gdprCases: DeadlineCase[] = [
  // Month ends and leap years
  {
    note: 'leap year: 31 Jan -> Tue 29 Feb; extension 30 Apr is a Sunday and Mon 1 May a holiday, so Tue 2 May',
    jurisdiction: 'gdpr', type: 'access', receivedAt: '2028-01-31T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2028-01-31', dueAt: '2028-02-29', extendedDueAt: '2028-05-02', basis: GDPR_BASIS,
  },
  {
    note: 'non-leap 2026: 31 Jan -> Sat 28 Feb, moves to Mon 2 Mar; extension Thu 30 Apr',
    jurisdiction: 'gdpr', type: 'portability', receivedAt: '2026-01-31T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-01-31', dueAt: '2026-03-02', extendedDueAt: '2026-04-30', basis: GDPR_BASIS,
  },
  {
    note: 'non-leap 2027: 31 Jan -> Sun 28 Feb, moves to Mon 1 Mar; extension Fri 30 Apr',
    jurisdiction: 'gdpr', type: 'deletion', receivedAt: '2027-01-31T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2027-01-31', dueAt: '2027-03-01', extendedDueAt: '2027-04-30', basis: GDPR_BASIS,
  },
  {
    note: '31 Mar -> Thu 30 Apr (April has 30 days); extension Tue 30 Jun',
    jurisdiction: 'gdpr', type: 'objection', receivedAt: '2026-03-31T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-03-31', dueAt: '2026-04-30', extendedDueAt: '2026-06-30', basis: GDPR_BASIS, scope: { systems: ['live-chat'] },
  },
  {
    note: '31 Aug -> Wed 30 Sep; extension Mon 30 Nov',
    jurisdiction: 'gdpr', type: 'access', receivedAt: '2026-08-31T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-08-31', dueAt: '2026-09-30', extendedDueAt: '2026-11-30', basis: GDPR_BASIS,
  },
  {
    note: '30 Aug -> Wed 30 Sep (day exists, no clamp); extension Mon 30 Nov',
    jurisdiction: 'gdpr', type: 'access', receivedAt: '2026-08-30T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-08-30', dueAt: '2026-09-30', extendedDueAt: '2026-11-30', basis: GDPR_BASIS,
  },
  {
    note: '31 Jul -> Mon 31 Aug; extension 31 Oct is a Saturday, moves to Mon 2 Nov',
    jurisdiction: 'gdpr', type: 'deletion', receivedAt: '2026-07-31T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-07-31', dueAt: '2026-08-31', extendedDueAt: '2026-11-02', basis: GDPR_BASIS,
  },
  {
    note: '31 May -> Tue 30 Jun; extension Mon 31 Aug',
    jurisdiction: 'gdpr', type: 'third-party-disclosure', receivedAt: '2026-05-31T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-05-31', dueAt: '2026-06-30', extendedDueAt: '2026-08-31', basis: GDPR_BASIS,
  },
  {
    note: '31 Oct -> Mon 30 Nov; extension 31 Jan 2027 is a Sunday, moves to Mon 1 Feb',
    jurisdiction: 'gdpr', type: 'access', receivedAt: '2026-10-31T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-10-31', dueAt: '2026-11-30', extendedDueAt: '2027-02-01', basis: GDPR_BASIS,
  },
  {
    note: '31 Dec crosses the year: 31 Jan is a Sunday, moves to Mon 1 Feb; extension Wed 31 Mar',
    jurisdiction: 'gdpr', type: 'deletion', receivedAt: '2026-12-31T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-12-31', dueAt: '2027-02-01', extendedDueAt: '2027-03-31', basis: GDPR_BASIS,
  },
  {
    note: 'leap day receipt: 29 Feb -> Wed 29 Mar; extension Mon 29 May (no national holiday in 2028)',
    jurisdiction: 'gdpr', type: 'portability', receivedAt: '2028-02-29T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2028-02-29', dueAt: '2028-03-29', extendedDueAt: '2028-05-29', basis: GDPR_BASIS,
  },
  {
    note: 'extension lands on the leap day: 29 Nov 2027 -> Wed 29 Dec; extension Tue 29 Feb 2028',
    jurisdiction: 'gdpr', type: 'objection', receivedAt: '2027-11-29T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2027-11-29', dueAt: '2027-12-29', extendedDueAt: '2028-02-29', basis: GDPR_BASIS, scope: { purposes: ['analytics'] },
  },
  {
    note: 'extension clamps into a leap February: 30 Nov 2027 -> Thu 30 Dec; extension 30 Feb -> Tue 29 Feb 2028',
    jurisdiction: 'gdpr', type: 'access', receivedAt: '2027-11-30T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2027-11-30', dueAt: '2027-12-30', extendedDueAt: '2028-02-29', basis: GDPR_BASIS,
  },
  // Plain days and weekends
  {
    note: 'ordinary working days: 10 Jun -> Fri 10 Jul; extension Thu 10 Sep',
    jurisdiction: 'gdpr', type: 'portability', receivedAt: '2026-06-10T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-06-10', dueAt: '2026-07-10', extendedDueAt: '2026-09-10', basis: GDPR_BASIS,
  },
  {
    note: 'lands on Sun 15 Mar, moves to Mon 16 Mar; extension Fri 15 May',
    jurisdiction: 'gdpr', type: 'portability', receivedAt: '2026-02-15T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-02-15', dueAt: '2026-03-16', extendedDueAt: '2026-05-15', basis: GDPR_BASIS,
  },
  // German national holidays
  {
    note: 'Christmas: Fri 25 Dec and Sat 26 Dec are holidays, then Sunday, so Mon 28 Dec; extension Thu 25 Feb',
    jurisdiction: 'gdpr', type: 'access', receivedAt: '2026-11-25T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-11-25', dueAt: '2026-12-28', extendedDueAt: '2027-02-25', basis: GDPR_BASIS,
  },
  {
    note: 'Boxing Day: Fri 26 Dec 2025 is a holiday, then the weekend, so Mon 29 Dec; extension Thu 26 Feb',
    jurisdiction: 'gdpr', type: 'access', receivedAt: '2025-11-26T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2025-11-26', dueAt: '2025-12-29', extendedDueAt: '2026-02-26', basis: GDPR_BASIS,
  },
  {
    note: 'New Year: Thu 1 Jan is a holiday, so Fri 2 Jan; extension Sun 1 Mar moves to Mon 2 Mar',
    jurisdiction: 'gdpr', type: 'third-party-disclosure', receivedAt: '2025-12-01T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2025-12-01', dueAt: '2026-01-02', extendedDueAt: '2026-03-02', basis: GDPR_BASIS,
  },
  {
    note: 'Easter: Good Friday 3 Apr, the weekend and Easter Monday 6 Apr, so Tue 7 Apr; extension Wed 3 Jun',
    jurisdiction: 'gdpr', type: 'deletion', receivedAt: '2026-03-03T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-03-03', dueAt: '2026-04-07', extendedDueAt: '2026-06-03', basis: GDPR_BASIS,
  },
  {
    note: 'Easter Monday 17 Apr 2028, so Tue 18 Apr; extension Sat 17 Jun moves to Mon 19 Jun',
    jurisdiction: 'gdpr', type: 'portability', receivedAt: '2028-03-17T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2028-03-17', dueAt: '2028-04-18', extendedDueAt: '2028-06-19', basis: GDPR_BASIS,
  },
  {
    note: 'Ascension Thu 14 May, so Fri 15 May; extension Tue 14 Jul',
    jurisdiction: 'gdpr', type: 'objection', receivedAt: '2026-04-14T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-04-14', dueAt: '2026-05-15', extendedDueAt: '2026-07-14', basis: GDPR_BASIS, scope: { purposes: ['marketing', 'profiling'] },
  },
  {
    note: 'Whit Monday 25 May, so Tue 26 May; extension Sat 25 Jul moves to Mon 27 Jul',
    jurisdiction: 'gdpr', type: 'access', receivedAt: '2026-04-25T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-04-25', dueAt: '2026-05-26', extendedDueAt: '2026-07-27', basis: GDPR_BASIS,
  },
  {
    note: 'Labour Day Fri 1 May, then the weekend, so Mon 4 May; extension Wed 1 Jul',
    jurisdiction: 'gdpr', type: 'deletion', receivedAt: '2026-04-01T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-04-01', dueAt: '2026-05-04', extendedDueAt: '2026-07-01', basis: GDPR_BASIS,
  },
  {
    note: 'German Unity Day Fri 3 Oct 2025, then the weekend, so Mon 6 Oct; extension Wed 3 Dec',
    jurisdiction: 'gdpr', type: 'access', receivedAt: '2025-09-03T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2025-09-03', dueAt: '2025-10-06', extendedDueAt: '2025-12-03', basis: GDPR_BASIS,
  },
  {
    note: 'German Unity Day on Tue 3 Oct 2028 moves to Wed 4 Oct; extension Sun 3 Dec moves to Mon 4 Dec',
    jurisdiction: 'gdpr', type: 'third-party-disclosure', receivedAt: '2028-09-03T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2028-09-03', dueAt: '2028-10-04', extendedDueAt: '2028-12-04', basis: GDPR_BASIS,
  },
  {
    note: 'extension on Christmas: due Sun 25 Oct moves to Mon 26 Oct; extension Fri 25 Dec -> Mon 28 Dec',
    jurisdiction: 'gdpr', type: 'access', receivedAt: '2026-09-25T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-09-25', dueAt: '2026-10-26', extendedDueAt: '2026-12-28', basis: GDPR_BASIS,
  },
  // Receipt near midnight: the local date in the controller time zone counts
  {
    note: '23:30 UTC on 31 Jan is 00:30 CET on 1 Feb: Sun 1 Mar -> Mon 2 Mar; extension Fri 1 May (holiday) -> Mon 4 May',
    jurisdiction: 'gdpr', type: 'deletion', receivedAt: '2026-01-31T23:30:00Z', timeZone: BERLIN,
    receivedOn: '2026-02-01', dueAt: '2026-03-02', extendedDueAt: '2026-05-04', basis: GDPR_BASIS,
  },
  {
    note: 'the same instant for a London controller is still 31 Jan: Sat 28 Feb -> Mon 2 Mar; extension Thu 30 Apr',
    jurisdiction: 'gdpr', type: 'deletion', receivedAt: '2026-01-31T23:30:00Z', timeZone: 'Europe/London',
    receivedOn: '2026-01-31', dueAt: '2026-03-02', extendedDueAt: '2026-04-30', basis: GDPR_BASIS,
  },
  {
    note: '22:15 UTC on 30 Jun is 00:15 CEST on 1 Jul: Sat 1 Aug -> Mon 3 Aug; extension Thu 1 Oct',
    jurisdiction: 'gdpr', type: 'portability', receivedAt: '2026-06-30T22:15:00Z', timeZone: BERLIN,
    receivedOn: '2026-07-01', dueAt: '2026-08-03', extendedDueAt: '2026-10-01', basis: GDPR_BASIS,
  },
  {
    note: '23:00 UTC on 31 Dec is midnight CET on 1 Jan 2027: Mon 1 Feb; extension Thu 1 Apr',
    jurisdiction: 'gdpr', type: 'objection', receivedAt: '2026-12-31T23:00:00Z', timeZone: BERLIN,
    receivedOn: '2027-01-01', dueAt: '2027-02-01', extendedDueAt: '2027-04-01', basis: GDPR_BASIS, scope: { systems: ['crm'], purposes: ['marketing'] },
  },
];

/**
 * GDPR rights that take effect without delay (Art. 7(3) withdrawal of consent, Art. 21(2)-(3)
 * objection to direct marketing): due the next working day after receipt, never extendable.
 */
// biome-ignore format: a case is a row of the legal table, as above
const gdprImmediateCases: DeadlineCase[] = [
  {
    note: 'a sale opt-out is a withdrawal or a marketing objection: German Unity Day Fri 3 Oct 2025, then the weekend, so Mon 6 Oct',
    jurisdiction: 'gdpr', type: 'sale-opt-out', receivedAt: '2025-10-02T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2025-10-02', dueAt: '2025-10-06', basis: GDPR_SALE_BASIS,
  },
  {
    note: 'a sale opt-out on an ordinary Monday is due Tuesday',
    jurisdiction: 'gdpr', type: 'sale-opt-out', receivedAt: '2026-03-02T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-03-02', dueAt: '2026-03-03', basis: GDPR_SALE_BASIS,
  },
  {
    note: 'Christmas: Fri 25 and Sat 26 Dec are holidays, then Sunday, so Mon 28 Dec',
    jurisdiction: 'gdpr', type: 'consent-withdrawal', receivedAt: '2026-12-24T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-12-24', dueAt: '2026-12-28', basis: GDPR_CONSENT_BASIS,
  },
  {
    note: 'received on a Saturday: the next working day is Mon 2 Mar',
    jurisdiction: 'gdpr', type: 'consent-withdrawal', receivedAt: '2026-02-28T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-02-28', dueAt: '2026-03-02', basis: GDPR_CONSENT_BASIS,
  },
  {
    note: '22:30 UTC on Fri 29 May is 00:30 CEST on Sat 30 May: Mon 1 Jun',
    jurisdiction: 'gdpr', type: 'consent-withdrawal', receivedAt: '2026-05-29T22:30:00Z', timeZone: BERLIN,
    receivedOn: '2026-05-30', dueAt: '2026-06-01', basis: GDPR_CONSENT_BASIS,
  },
  {
    note: 'Easter: Good Friday 3 Apr, the weekend and Easter Monday 6 Apr, so Tue 7 Apr',
    jurisdiction: 'gdpr', type: 'marketing-opt-out', receivedAt: '2026-04-02T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-04-02', dueAt: '2026-04-07', basis: GDPR_MARKETING_BASIS,
  },
  {
    note: 'an objection naming no purpose is to marketing: Ascension Thu 14 May, so Fri 15 May',
    jurisdiction: 'gdpr', type: 'objection', receivedAt: '2026-05-13T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-05-13', dueAt: '2026-05-15', basis: GDPR_MARKETING_BASIS,
  },
  {
    note: 'an objection to email marketing only: Fri 2 Oct, the weekend (Unity Day on Saturday), Mon 5 Oct',
    jurisdiction: 'gdpr', type: 'objection', receivedAt: '2026-10-02T10:00:00Z', timeZone: BERLIN,
    receivedOn: '2026-10-02', dueAt: '2026-10-05', basis: GDPR_MARKETING_BASIS, scope: { purposes: ['email-marketing', 'marketing'] },
  },
];

/**
 * CCPA: right to know/delete = acknowledge in 10 business days, answer in 45 calendar days, extend to 90;
 * opt-outs and limits 15 business days; marketing opt-out 10 business days; Shine the Light 30 calendar days.
 * Business days skip Sat, Sun and US-CA public holidays; calendar-day deadlines never roll.
 */
// biome-ignore format: a case is a row of the legal table, as above
const ccpaCases: DeadlineCase[] = [
  {
    note: 'Thanksgiving Thu 26 Nov skipped, the day after counts (no Gov. Code 6700 holiday): ack Mon 7 Dec; due +45 Mon 4 Jan; extension +90 Thu 18 Feb',
    jurisdiction: 'ccpa', type: 'access', receivedAt: '2026-11-20T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2026-11-20', acknowledgeBy: '2026-12-07', dueAt: '2027-01-04', extendedDueAt: '2027-02-18',
    basis: CCPA_KNOW_OR_DELETE_BASIS,
  },
  {
    note: 'Christmas Fri 25 Dec and New Year Fri 1 Jan skipped (24 Dec is no holiday): ack Tue 5 Jan; due Mon 1 Feb; extension Thu 18 Mar',
    jurisdiction: 'ccpa', type: 'deletion', receivedAt: '2026-12-18T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2026-12-18', acknowledgeBy: '2027-01-05', dueAt: '2027-02-01', extendedDueAt: '2027-03-18',
    basis: CCPA_KNOW_OR_DELETE_BASIS,
  },
  {
    note: '4 Jul is a Saturday and state offices open on Fri 3 Jul, so it counts: ack Fri 10 Jul; due Mon 10 Aug; extension Thu 24 Sep',
    jurisdiction: 'ccpa', type: 'portability', receivedAt: '2026-06-26T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2026-06-26', acknowledgeBy: '2026-07-10', dueAt: '2026-08-10', extendedDueAt: '2026-09-24',
    basis: CCPA_KNOW_OR_DELETE_BASIS,
  },
  {
    note: 'César Chávez Day Wed 31 Mar skipped: ack Thu 8 Apr; due +45 is Sat 8 May and does not roll; extension Tue 22 Jun',
    jurisdiction: 'ccpa', type: 'deletion', receivedAt: '2027-03-24T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2027-03-24', acknowledgeBy: '2027-04-08', dueAt: '2027-05-08', extendedDueAt: '2027-06-22',
    basis: CCPA_KNOW_OR_DELETE_BASIS,
  },
  {
    note: 'leap year: Presidents Day Mon 21 Feb skipped, 29 Feb counts: ack Wed 1 Mar; due Fri 31 Mar; extension Mon 15 May',
    jurisdiction: 'ccpa', type: 'access', receivedAt: '2028-02-15T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2028-02-15', acknowledgeBy: '2028-03-01', dueAt: '2028-03-31', extendedDueAt: '2028-05-15',
    basis: CCPA_KNOW_OR_DELETE_BASIS,
  },
  {
    note: 'non-leap 2027, received on Presidents Day itself: ack Mon 1 Mar; due Thu 1 Apr; extension Sun 16 May (no roll)',
    jurisdiction: 'ccpa', type: 'portability', receivedAt: '2027-02-15T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2027-02-15', acknowledgeBy: '2027-03-01', dueAt: '2027-04-01', extendedDueAt: '2027-05-16',
    basis: CCPA_KNOW_OR_DELETE_BASIS,
  },
  {
    note: '05:00 UTC on 1 Mar is 21:00 PST on Sat 28 Feb: ack Fri 13 Mar; due Tue 14 Apr; extension Fri 29 May',
    jurisdiction: 'ccpa', type: 'access', receivedAt: '2026-03-01T05:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2026-02-28', acknowledgeBy: '2026-03-13', dueAt: '2026-04-14', extendedDueAt: '2026-05-29',
    basis: CCPA_KNOW_OR_DELETE_BASIS,
  },
  {
    note: 'Labor Day Mon 7 Sep skipped: 15th business day Wed 23 Sep',
    jurisdiction: 'ccpa', type: 'sale-opt-out', receivedAt: '2026-09-01T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2026-09-01', dueAt: '2026-09-23', basis: CCPA_OPT_OUT_BASIS,
  },
  {
    note: 'Juneteenth Fri 19 Jun counts (state offices open): 15th business day Fri 19 Jun',
    jurisdiction: 'ccpa', type: 'sale-opt-out', receivedAt: '2026-05-29T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2026-05-29', dueAt: '2026-06-19', basis: CCPA_OPT_OUT_BASIS,
  },
  {
    note: 'Independence Day on Sun 4 Jul 2027 is kept on Mon 5 Jul (Gov. Code 6701), which is skipped: Mon 12 Jul',
    jurisdiction: 'ccpa', type: 'objection', receivedAt: '2027-06-18T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2027-06-18', dueAt: '2027-07-12', basis: CCPA_LIMIT_BASIS,
  },
  {
    note: '07:30 UTC on 1 Jan 2027 is 23:30 PST on 31 Dec: New Year Fri 1 Jan and MLK Day Mon 18 Jan skipped, Mon 25 Jan',
    jurisdiction: 'ccpa', type: 'objection', receivedAt: '2027-01-01T07:30:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2026-12-31', dueAt: '2027-01-25', basis: CCPA_LIMIT_BASIS,
  },
  {
    note: 'Christmas and New Year fall on Saturdays: Fri 24 and Fri 31 Dec 2027 count (state offices open): Fri 7 Jan 2028',
    jurisdiction: 'ccpa', type: 'consent-withdrawal', receivedAt: '2027-12-17T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2027-12-17', dueAt: '2028-01-07', basis: CCPA_LIMIT_BASIS,
  },
  {
    note: 'Memorial Day Mon 25 May skipped: 10th business day Mon 1 Jun',
    jurisdiction: 'ccpa', type: 'marketing-opt-out', receivedAt: '2026-05-15T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2026-05-15', dueAt: '2026-06-01', basis: CAN_SPAM_BASIS,
  },
  {
    note: 'Thanksgiving Thu 25 Nov 2027 skipped, Fri 26 Nov counts: 10th business day Mon 6 Dec',
    jurisdiction: 'ccpa', type: 'marketing-opt-out', receivedAt: '2027-11-19T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2027-11-19', dueAt: '2027-12-06', basis: CAN_SPAM_BASIS,
  },
  {
    note: '27 Feb + 30 calendar days is Sun 29 Mar, no weekend roll, no extension',
    jurisdiction: 'ccpa', type: 'third-party-disclosure', receivedAt: '2026-02-27T18:00:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2026-02-27', dueAt: '2026-03-29', basis: SHINE_THE_LIGHT_BASIS,
  },
  {
    note: '06:59 UTC on 1 Jul is 23:59 PDT on 30 Jun: + 30 days is Thu 30 Jul',
    jurisdiction: 'ccpa', type: 'third-party-disclosure', receivedAt: '2026-07-01T06:59:00Z', timeZone: LOS_ANGELES,
    receivedOn: '2026-06-30', dueAt: '2026-07-30', basis: SHINE_THE_LIGHT_BASIS,
  },
];

function calendarFor(jurisdiction: Jurisdiction) {
  return holidayCalendar(jurisdiction === 'gdpr' ? 'DE' : 'US-CA');
}

function expectedDeadlines(row: DeadlineCase) {
  return {
    timeZone: row.timeZone,
    receivedOn: row.receivedOn,
    ...(row.acknowledgeBy ? { acknowledgeBy: row.acknowledgeBy } : {}),
    dueAt: row.dueAt,
    ...(row.extendedDueAt ? { extendedDueAt: row.extendedDueAt } : {}),
    basis: expect.stringMatching(row.basis),
  };
}

function inputOf(row: DeadlineCase) {
  return {
    jurisdiction: row.jurisdiction,
    type: row.type,
    receivedAt: new Date(row.receivedAt),
    calendar: calendarFor(row.jurisdiction),
    timeZone: row.timeZone,
    ...(row.scope ? { scope: row.scope } : {}),
  };
}

describe('computeDeadlines', () => {
  it.each(gdprCases)('sets the GDPR deadlines of $type received $receivedAt ($note)', (row) => {
    // Prepare
    const input = inputOf(row);

    // Act
    const deadlines = computeDeadlines(input);

    // Assess
    expect(deadlines).toStrictEqual(expectedDeadlines(row));
  });

  it.each(gdprImmediateCases)('sets the next working day, and no extension, for GDPR $type received $receivedAt ($note)', (row) => {
    // Prepare
    const input = inputOf(row);

    // Act
    const deadlines = computeDeadlines(input);

    // Assess
    expect(deadlines).toStrictEqual(expectedDeadlines(row));
  });

  it.each(ccpaCases)('sets the CCPA deadlines of $type received $receivedAt ($note)', (row) => {
    // Prepare
    const input = inputOf(row);

    // Act
    const deadlines = computeDeadlines(input);

    // Assess
    expect(deadlines).toStrictEqual(expectedDeadlines(row));
  });

  it('has no rule for a type the law does not file (a GDPR sale opt-in), and says so', () => {
    // Prepare
    const input = {
      jurisdiction: 'gdpr' as const,
      type: 'sale-opt-in' as const,
      receivedAt: new Date('2026-12-01T10:00:00Z'),
      calendar: calendarFor('gdpr'),
      timeZone: 'Europe/Berlin',
    };

    // Act
    const compute = () => computeDeadlines(input);

    // Assess
    expect(compute).toThrow('No deadline rule: sale-opt-in is not filed under gdpr');
  });
});

describe('addMonthsClamped', () => {
  it.each([
    { date: '2028-01-31', months: 1, expected: '2028-02-29', note: 'leap February has 29 days' },
    { date: '2026-01-31', months: 1, expected: '2026-02-28', note: 'non-leap February has 28 days' },
    { date: '2027-01-31', months: 1, expected: '2027-02-28', note: 'non-leap February has 28 days' },
    { date: '2026-03-31', months: 1, expected: '2026-04-30', note: 'April has 30 days' },
    { date: '2026-08-31', months: 1, expected: '2026-09-30', note: 'September has 30 days' },
    { date: '2026-08-30', months: 1, expected: '2026-09-30', note: '30 Sep exists, no clamp' },
    { date: '2026-12-15', months: 1, expected: '2027-01-15', note: 'crosses into the next year' },
    { date: '2026-11-30', months: 3, expected: '2027-02-28', note: 'crosses the year and clamps to 28 Feb' },
    { date: '2027-11-30', months: 3, expected: '2028-02-29', note: 'crosses the year and clamps to leap day' },
    { date: '2028-02-29', months: 12, expected: '2029-02-28', note: 'leap day one year on clamps to 28 Feb' },
    { date: '2026-01-15', months: 0, expected: '2026-01-15', note: 'zero months is the same day' },
  ])('moves $date by $months month(s) to $expected ($note)', ({ date, months, expected }) => {
    // Prepare: the inputs are the row

    // Act
    const result = addMonthsClamped(date, months);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('addBusinessDays', () => {
  it.each([
    { date: '2026-11-25', count: 1, region: 'US-CA', expected: '2026-11-27', note: 'Thanksgiving Thu 26 Nov; the day after is no Gov. Code 6700 holiday' },
    { date: '2026-07-02', count: 1, region: 'US-CA', expected: '2026-07-03', note: 'Independence Day is on Saturday and state offices open on Fri 3 Jul' },
    { date: '2027-07-02', count: 1, region: 'US-CA', expected: '2027-07-06', note: 'Independence Day on Sunday is kept on Mon 5 Jul (Gov. Code 6701)' },
    { date: '2028-11-09', count: 1, region: 'US-CA', expected: '2028-11-13', note: 'Veterans Day on Saturday is kept on Fri 10 Nov (Gov. Code 6701)' },
    { date: '2026-05-22', count: 1, region: 'US-CA', expected: '2026-05-26', note: 'weekend, then Memorial Day Mon 25 May' },
    { date: '2026-02-28', count: 1, region: 'US-CA', expected: '2026-03-02', note: 'from Saturday the first business day is Monday' },
    { date: '2026-09-01', count: 15, region: 'US-CA', expected: '2026-09-23', note: 'three weeks minus Labor Day Mon 7 Sep' },
    { date: '2026-12-24', count: 1, region: 'DE', expected: '2026-12-28', note: 'Christmas Fri 25 and Sat 26 Dec, then Sunday' },
    { date: '2026-04-02', count: 2, region: 'DE', expected: '2026-04-08', note: 'Good Friday and Easter Monday are skipped' },
  ])('counts $count business day(s) after $date in $region to $expected ($note)', ({ date, count, region, expected }) => {
    // Prepare
    const calendar = holidayCalendar(region);

    // Act
    const result = addBusinessDays(date, count, calendar);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('nextWorkingDay', () => {
  it.each([
    { date: '2026-02-28', region: 'DE', expected: '2026-03-02', note: 'Saturday moves to Monday' },
    { date: '2026-03-01', region: 'DE', expected: '2026-03-02', note: 'Sunday moves to Monday' },
    { date: '2026-03-02', region: 'DE', expected: '2026-03-02', note: 'a Monday working day stays' },
    { date: '2026-04-03', region: 'DE', expected: '2026-04-07', note: 'Good Friday, weekend, Easter Monday' },
    { date: '2026-05-14', region: 'DE', expected: '2026-05-15', note: 'Ascension Thursday moves to Friday' },
    { date: '2026-10-03', region: 'DE', expected: '2026-10-05', note: 'German Unity Day on a Saturday moves to Monday' },
    { date: '2026-12-24', region: 'DE', expected: '2026-12-24', note: 'Christmas Eve is only a bank holiday, so it stays' },
    { date: '2026-12-25', region: 'DE', expected: '2026-12-28', note: 'Christmas Fri/Sat, then Sunday' },
    { date: '2027-12-24', region: 'US-CA', expected: '2027-12-24', note: 'Christmas falls on Saturday; state offices open on Fri 24 Dec' },
    { date: '2027-12-25', region: 'US-CA', expected: '2027-12-27', note: 'Christmas on Saturday, then Sunday' },
  ])('moves $date in $region to $expected ($note)', ({ date, region, expected }) => {
    // Prepare
    const calendar = holidayCalendar(region);

    // Act
    const result = nextWorkingDay(date, calendar);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('localDate', () => {
  it.each([
    { instant: '2026-01-31T23:30:00Z', timeZone: BERLIN, expected: '2026-02-01', note: '00:30 CET the next day' },
    { instant: '2026-01-31T22:59:59Z', timeZone: BERLIN, expected: '2026-01-31', note: '23:59:59 CET the same day' },
    { instant: '2026-06-30T22:00:00Z', timeZone: BERLIN, expected: '2026-07-01', note: 'midnight CEST (UTC+2)' },
    { instant: '2026-06-30T21:59:59Z', timeZone: BERLIN, expected: '2026-06-30', note: '23:59:59 CEST' },
    { instant: '2028-02-29T23:30:00Z', timeZone: BERLIN, expected: '2028-03-01', note: 'leap day night is 1 Mar in Berlin' },
    { instant: '2026-03-01T05:00:00Z', timeZone: LOS_ANGELES, expected: '2026-02-28', note: '21:00 PST the day before' },
    { instant: '2026-03-01T08:00:00Z', timeZone: LOS_ANGELES, expected: '2026-03-01', note: 'midnight PST (UTC-8)' },
    { instant: '2026-07-01T06:59:59Z', timeZone: LOS_ANGELES, expected: '2026-06-30', note: '23:59:59 PDT (UTC-7)' },
    { instant: '2026-07-01T07:00:00Z', timeZone: LOS_ANGELES, expected: '2026-07-01', note: 'midnight PDT' },
  ])('gives $instant in $timeZone as $expected ($note)', ({ instant, timeZone, expected }) => {
    // Prepare
    const date = new Date(instant);

    // Act
    const result = localDate(date, timeZone);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('holidayCalendar', () => {
  it.each([
    { region: 'DE', date: '2026-12-25', expected: true, note: '1. Weihnachtstag is public' },
    { region: 'DE', date: '2026-10-03', expected: true, note: 'Tag der Deutschen Einheit is public' },
    { region: 'DE', date: '2026-02-14', expected: false, note: 'Valentinstag is only an observance' },
    { region: 'DE', date: '2026-12-24', expected: false, note: 'Heiliger Abend is only a bank holiday' },
    { region: 'DE', date: '2026-01-06', expected: false, note: 'Heilige Drei Könige is not national' },
    { region: 'DE-BY', date: '2026-01-06', expected: true, note: 'Heilige Drei Könige is public in Bavaria' },
    { region: 'DE-BY', date: '2026-06-04', expected: true, note: 'Fronleichnam is public in Bavaria' },
    { region: 'US-CA', date: '2026-11-27', expected: false, note: 'the day after Thanksgiving is no Gov. Code 6700 holiday' },
    { region: 'US-CA', date: '2026-07-03', expected: false, note: 'no Friday before a Saturday Independence Day for state offices' },
    { region: 'US-CA', date: '2026-06-19', expected: false, note: 'Juneteenth: state offices open' },
    { region: 'US-CA', date: '2026-02-12', expected: false, note: 'Lincoln Day: state offices open' },
    { region: 'US-CA', date: '2026-09-25', expected: false, note: 'Native American Day: state offices open' },
    { region: 'US-CA', date: '2026-10-12', expected: false, note: 'Columbus Day: no judicial holiday (Code Civ. Proc. 135)' },
    { region: 'US-CA', date: '2026-03-31', expected: true, note: 'Cesar Chavez Day: every reading agrees' },
    { region: 'US-CA', date: '2026-02-14', expected: false, note: "Valentine's Day is only an observance" },
    { region: 'US-CA', date: '2026-03-02', expected: false, note: 'an ordinary Monday' },
  ])('reports $date in $region as public holiday: $expected ($note)', ({ region, date, expected }) => {
    // Prepare
    const calendar = holidayCalendar(region);

    // Act
    const result = calendar.isPublicHoliday(date);

    // Assess
    expect(calendar.region).toBe(region);
    expect(result).toBe(expected);
  });

  it.each([
    { region: 'XX', note: 'an unknown country' },
    { region: 'DE-ZZ', note: 'an unknown state' },
    { region: '', note: 'an empty region' },
  ])('throws for $note ($region)', ({ region }) => {
    // Prepare: the region is the row

    // Act
    const build = () => holidayCalendar(region);

    // Assess
    expect(build).toThrow(/Unknown holiday region/);
  });

  it.each([
    { region: 'US-CA', date: '2009-12-25', note: 'before the California list starts' },
    { region: 'US-CA', date: '2100-01-01', note: 'after the California list ends' },
    { region: 'DE', date: '2017-12-25', note: 'before the holiday table starts' },
    { region: 'DE', date: '2047-01-01', note: 'after the holiday table ends' },
  ])('refuses a date outside the calendar: $date in $region ($note)', ({ region, date }) => {
    // Prepare
    const calendar = holidayCalendar(region);

    // Act
    const ask = () => calendar.isPublicHoliday(date);

    // Assess
    expect(ask).toThrow(OutsideCalendarError);
  });
});

/**
 * California's conservative holidays per year, checked by hand against Gov. Code 6700-6701, Code Civ.
 * Proc. 135 and the state offices' closures: the same lists as docs/deadlines.md.
 */
describe('californiaHolidays', () => {
  it.each([
    {
      year: 2026,
      expected: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-03-31', '2026-05-25', '2026-09-07', '2026-11-11', '2026-11-26', '2026-12-25'],
      note: 'Independence Day is a Saturday and moves nowhere',
    },
    {
      year: 2027,
      expected: ['2027-01-01', '2027-01-18', '2027-02-15', '2027-03-31', '2027-05-31', '2027-07-05', '2027-09-06', '2027-11-11', '2027-11-25'],
      note: 'Independence Day on Sunday is kept on Monday; Christmas is a Saturday and moves nowhere',
    },
    {
      year: 2028,
      expected: ['2028-01-17', '2028-02-21', '2028-03-31', '2028-05-29', '2028-07-04', '2028-09-04', '2028-11-10', '2028-11-23', '2028-12-25'],
      note: "New Year's Day is a Saturday; Veterans Day on Saturday is kept on Friday",
    },
    {
      year: 2023,
      expected: ['2023-01-02', '2023-01-16', '2023-02-20', '2023-03-31', '2023-05-29', '2023-07-04', '2023-09-04', '2023-11-10', '2023-11-23', '2023-12-25'],
      note: "New Year's Day on Sunday is kept on Monday; Veterans Day on Saturday on Friday",
    },
  ])('lists $year ($note)', ({ year, expected }) => {
    // Prepare: the year is the row

    // Act
    const days = californiaHolidays(year).map((holiday) => holiday.date);

    // Assess
    expect(days).toEqual(expected);
  });
});

describe('computeDeadlines outside the calendar', () => {
  it('refuses a receipt in a year the calendar does not cover, naming the calendar', () => {
    // Prepare
    const input = {
      jurisdiction: 'ccpa' as const,
      type: 'access' as const,
      receivedAt: new Date('2009-06-01T18:00:00Z'),
      calendar: holidayCalendar('US-CA'),
      timeZone: LOS_ANGELES,
    };

    // Act
    const compute = () => computeDeadlines(input);

    // Assess
    expect(compute).toThrow(new OutsideCalendarError('US-CA', { first: 2010, last: 2099 }));
  });
});
