// The legal deadlines of a request: a pure function of jurisdiction, type, receipt and holidays.
import { DomainError } from '../errors.js';
import type { Jurisdiction, RequestType } from './request-model.js';

/** A calendar date, `YYYY-MM-DD`, meant as the whole day in the controller's time zone. */
export type CalendarDate = string;

/** Public holidays of one region; weekends are handled separately. */
export interface HolidayCalendar {
  region: string;
  /** Which holidays count, as `deadlineBasis` names them. */
  name: string;
  /** The years whose holidays the calendar knows. */
  years: { first: number; last: number };
  /** Whether `date` is a holiday; throws OutsideCalendarError for a year the calendar does not cover. */
  isPublicHoliday(date: CalendarDate): boolean;
}

/** A deadline that would need a holiday calendar for a year it does not cover. */
export class OutsideCalendarError extends DomainError {
  override name = 'OutsideCalendarError';
  constructor(
    readonly region: string,
    readonly years: { first: number; last: number },
  ) {
    super('invalid', `The holiday calendar ${region} covers ${years.first} to ${years.last} only.`, { code: 'outside-calendar' });
  }
}

type Period = { months: number } | { days: number } | { businessDays: number };

interface DeadlineRule {
  /** When the answer is due. */
  due: Period;
  /** When receipt must be acknowledged, where the law sets a separate time. */
  acknowledge?: Period;
  /** When a part the law makes take effect without delay must be done, where the rest may take longer. */
  stop?: Period;
  /** The latest answer date once extended, counted from receipt; absent where no extension exists. */
  extended?: Period;
  /** Whether a deadline on a weekend or public holiday moves to the next working day. */
  rollToWorkingDay: boolean;
  /** The provision that sets the period, shown to operators. */
  basis: string;
}

const GDPR_RULE: DeadlineRule = {
  due: { months: 1 },
  extended: { months: 3 },
  rollToWorkingDay: true,
  basis: 'GDPR Art. 12(3): one month, extendable by two further months',
};

const CCPA_RIGHT_TO_KNOW_OR_DELETE: DeadlineRule = {
  acknowledge: { businessDays: 10 },
  due: { days: 45 },
  extended: { days: 90 },
  rollToWorkingDay: false,
  basis: 'Cal. Civ. Code 1798.130(a)(2); 11 CCR 7021: confirm in 10 business days, answer in 45 days, once extendable to 90',
};

/**
 * Rights that take effect without delay (GDPR Art. 7(3), Art. 21(3)): nothing to extend, and the
 * one working day after receipt is the deadline an operator sees and the sweep flags.
 */
const gdprWithoutDelay = (basis: string): DeadlineRule => ({ due: { businessDays: 1 }, rollToWorkingDay: true, basis });

const GDPR_CONSENT_WITHDRAWAL = gdprWithoutDelay('GDPR Art. 7(3): a withdrawal of consent takes effect without delay; due the next working day, no extension');
const GDPR_MARKETING_OBJECTION = gdprWithoutDelay(
  'GDPR Art. 21(2)-(3): an objection to direct marketing takes effect without delay; due the next working day, no extension',
);

/**
 * A GDPR objection to direct marketing that reaches a system which deletes on objection has two
 * parts with two clocks. The stop (suppression, and every marketing system stopping) is absolute and
 * immediate (Art. 21(3)): it is carried out at filing and due the next working day. The deletion is
 * an erasure the objection gives the person a right to (Art. 17(1)(c): "the data subject objects to
 * the processing pursuant to Article 21(2)"), which waits for the person's confirmation and is
 * answered within the period of Art. 12(3) for every request under Articles 15 to 22: one month,
 * extendable by two further months (docs/adr/0030-an-objection-that-stops-then-erases.md).
 */
const GDPR_MARKETING_OBJECTION_THEN_ERASURE: DeadlineRule = {
  stop: { businessDays: 1 },
  due: { months: 1 },
  extended: { months: 3 },
  rollToWorkingDay: true,
  basis:
    'GDPR Art. 21(3): the objection to direct marketing takes effect without delay, stopped the next working day at the latest; Art. 17(1)(c), 12(3): the erasure it asks for, once confirmed, in one month, extendable by two further months',
};

/**
 * The GDPR has no opt-out of sale: a disclosure of data for value rests on consent, or on a
 * legitimate interest in direct marketing, so opting out of it is a withdrawal (Art. 7(3)) or an
 * absolute objection (Art. 21(3)), and takes effect as they do (docs/deadlines.md).
 */
const GDPR_SALE_OPT_OUT = gdprWithoutDelay(
  'GDPR Art. 7(3), 21(3): opting out of a sale or sharing withdraws the consent to it, or objects to it for direct marketing, and takes effect without delay; due the next working day, no extension',
);

const CCPA_OPT_OUT: DeadlineRule = {
  due: { businessDays: 15 },
  rollToWorkingDay: false,
  basis: '11 CCR 7026(f)(1): act on a request to opt out of sale or sharing within 15 business days',
};

const CCPA_LIMIT: DeadlineRule = {
  due: { businessDays: 15 },
  rollToWorkingDay: false,
  basis: '11 CCR 7026(f)(1), 7027(g)(1): act on an opt-out or a request to limit within 15 business days',
};

/**
 * The CCPA sets no time for an opt-in (11 CCR 7028 asks only that it take two steps); privacy-ops
 * holds it to the opt-out's 15 business days, counted from receipt like every deadline.
 */
const CCPA_OPT_IN: DeadlineRule = {
  due: { businessDays: 15 },
  rollToWorkingDay: false,
  basis: '11 CCR 7028(a): a two-step opt-in, with no time of its own; held to the 15 business days of an opt-out (11 CCR 7026(f)(1))',
};

/** The rule for each (jurisdiction, type) filed under it (request-model.ts, `isFiledUnder`). Under the GDPR every right has the same period. */
const RULES: Record<Jurisdiction, Partial<Record<RequestType, DeadlineRule>>> = {
  gdpr: {
    access: GDPR_RULE,
    portability: GDPR_RULE,
    deletion: GDPR_RULE,
    objection: GDPR_RULE,
    'consent-withdrawal': GDPR_CONSENT_WITHDRAWAL,
    'sale-opt-out': GDPR_SALE_OPT_OUT,
    'marketing-opt-out': GDPR_MARKETING_OBJECTION,
    'third-party-disclosure': GDPR_RULE,
  },
  ccpa: {
    access: CCPA_RIGHT_TO_KNOW_OR_DELETE,
    portability: CCPA_RIGHT_TO_KNOW_OR_DELETE,
    deletion: CCPA_RIGHT_TO_KNOW_OR_DELETE,
    'sale-opt-out': CCPA_OPT_OUT,
    'sale-opt-in': CCPA_OPT_IN,
    objection: CCPA_LIMIT,
    'consent-withdrawal': CCPA_LIMIT,
    'marketing-opt-out': {
      due: { businessDays: 10 },
      rollToWorkingDay: false,
      basis: 'CAN-SPAM, 15 U.S.C. 7704(a)(4): honour an unsubscribe within 10 business days',
    },
    'third-party-disclosure': {
      due: { days: 30 },
      rollToWorkingDay: false,
      basis: 'Cal. Civ. Code 1798.83(b): answer within 30 days',
    },
  },
};

export interface Deadlines {
  timeZone: string;
  /** The day of receipt in the controller's time zone: the clock starts here. */
  receivedOn: CalendarDate;
  acknowledgeBy?: CalendarDate;
  /** When the part that takes effect without delay must be done, where a request has one with a later answer (a GDPR objection to direct marketing that also erases). */
  stopBy?: CalendarDate;
  dueAt: CalendarDate;
  /** The latest due date an extension can give; absent where the law allows none. */
  extendedDueAt?: CalendarDate;
  basis: string;
}

export interface DeadlineInput {
  jurisdiction: Jurisdiction;
  type: RequestType;
  receivedAt: Date;
  calendar: HolidayCalendar;
  timeZone: string;
  /** What an objection is to: the purposes it names (direct marketing when it names none) and the systems. */
  scope?: { purposes?: readonly string[]; systems?: readonly string[] };
  /** Whether an objection reaches a system that deletes on objection (its scope resolved against the inventory). */
  erasesOnObjection?: boolean;
}

/** Purposes that are direct marketing (GDPR Art. 21(2)): an objection to them alone is absolute and immediate. */
export const DIRECT_MARKETING_PURPOSES: readonly string[] = ['marketing', 'email-marketing'];

/**
 * Whether a GDPR objection is to direct marketing only: it names no systems, and every purpose it
 * names (marketing, when it names none) is direct marketing.
 */
export function isDirectMarketingObjection(scope: DeadlineInput['scope']): boolean {
  if (scope?.systems?.length) return false;
  const purposes = scope?.purposes?.length ? scope.purposes : ['marketing'];
  return purposes.every((purpose) => DIRECT_MARKETING_PURPOSES.includes(purpose));
}

function ruleFor(input: DeadlineInput): DeadlineRule {
  if (input.jurisdiction === 'gdpr' && input.type === 'objection' && isDirectMarketingObjection(input.scope)) {
    return input.erasesOnObjection ? GDPR_MARKETING_OBJECTION_THEN_ERASURE : GDPR_MARKETING_OBJECTION;
  }
  const rule = RULES[input.jurisdiction][input.type];
  // Filing and the deadline preview refuse such a pair first (isFiledUnder); reaching here is a caller's mistake.
  if (!rule) throw new Error(`No deadline rule: ${input.type} is not filed under ${input.jurisdiction}`);
  return rule;
}

/** Whether a rule counts business days or moves a date off holidays, so that its calendar matters. */
function usesCalendar(rule: DeadlineRule): boolean {
  return rule.rollToWorkingDay || [rule.due, rule.acknowledge, rule.stop, rule.extended].some((period) => period !== undefined && 'businessDays' in period);
}

/**
 * The deadlines the law sets for a request received at `receivedAt`. `basis` names the provision
 * and, where holidays move a date, the calendar that counted. Throws OutsideCalendarError when a
 * date falls in a year the calendar does not cover.
 */
export function computeDeadlines(input: DeadlineInput): Deadlines {
  const rule = ruleFor(input);
  const receivedOn = localDate(input.receivedAt, input.timeZone);
  const { first, last } = input.calendar.years;
  const year = Number(receivedOn.slice(0, 4));
  if (year < first || year > last) throw new OutsideCalendarError(input.calendar.region, input.calendar.years);
  const at = (period: Period) => {
    const date = addPeriod(receivedOn, period, input.calendar);
    return rule.rollToWorkingDay ? nextWorkingDay(date, input.calendar) : date;
  };
  return {
    timeZone: input.timeZone,
    receivedOn,
    ...(rule.acknowledge ? { acknowledgeBy: addPeriod(receivedOn, rule.acknowledge, input.calendar) } : {}),
    ...(rule.stop ? { stopBy: at(rule.stop) } : {}),
    dueAt: at(rule.due),
    ...(rule.extended ? { extendedDueAt: at(rule.extended) } : {}),
    basis: usesCalendar(rule) ? `${rule.basis}; holidays: ${input.calendar.name}` : rule.basis,
  };
}

// Building a DateTimeFormat costs far more than using one (tens of microseconds, on every request
// view and every listed request), and a deployment has two or three zones: one per zone is kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar date of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): CalendarDate {
  const parts = dayFormat(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function toUtc(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** The same day `months` later, or that month's last day where the day does not exist (31 Jan + 1 → 28/29 Feb). */
export function addMonthsClamped(date: CalendarDate, months: number): CalendarDate {
  const d = toUtc(date);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return fromUtc(target);
}

export function isWorkingDay(date: CalendarDate, calendar: HolidayCalendar): boolean {
  const weekday = toUtc(date).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.isPublicHoliday(date);
}

/** `date` itself if it is a working day, else the next one. */
export function nextWorkingDay(date: CalendarDate, calendar: HolidayCalendar): CalendarDate {
  let d = date;
  while (!isWorkingDay(d, calendar)) d = addDays(d, 1);
  return d;
}

/** The `count`-th working day after `date` (the day of receipt itself does not count). */
export function addBusinessDays(date: CalendarDate, count: number, calendar: HolidayCalendar): CalendarDate {
  let d = date;
  for (let left = count; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, calendar)) left--;
  }
  return d;
}

function addPeriod(date: CalendarDate, period: Period, calendar: HolidayCalendar): CalendarDate {
  if ('months' in period) return addMonthsClamped(date, period.months);
  if ('days' in period) return addDays(date, period.days);
  return addBusinessDays(date, period.businessDays, calendar);
}
