// The legal deadlines of a request: a pure function of jurisdiction, type, receipt and holidays.
import type { Jurisdiction, RequestType } from './request-model.js';

/** A calendar date, `YYYY-MM-DD`, meant as the whole day in the controller's time zone. */
export type CalendarDate = string;

/** Public holidays of one region; weekends are handled separately. */
export interface HolidayCalendar {
  region: string;
  isPublicHoliday(date: CalendarDate): boolean;
}

type Period = { months: number } | { days: number } | { businessDays: number };

interface DeadlineRule {
  /** When the answer is due. */
  due: Period;
  /** When receipt must be acknowledged, where the law sets a separate time. */
  acknowledge?: Period;
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

const CCPA_OPT_OUT: DeadlineRule = {
  due: { businessDays: 15 },
  rollToWorkingDay: false,
  basis: '11 CCR 7026(f): act on an opt-out within 15 business days',
};

/** The rule for each (jurisdiction, type). Under the GDPR every right has the same period. */
const RULES: Record<Jurisdiction, Record<RequestType, DeadlineRule>> = {
  gdpr: {
    access: GDPR_RULE,
    portability: GDPR_RULE,
    deletion: GDPR_RULE,
    objection: GDPR_RULE,
    'consent-withdrawal': GDPR_RULE,
    'sale-opt-out': GDPR_RULE,
    'marketing-opt-out': GDPR_RULE,
    'third-party-disclosure': GDPR_RULE,
  },
  ccpa: {
    access: CCPA_RIGHT_TO_KNOW_OR_DELETE,
    portability: CCPA_RIGHT_TO_KNOW_OR_DELETE,
    deletion: CCPA_RIGHT_TO_KNOW_OR_DELETE,
    'sale-opt-out': CCPA_OPT_OUT,
    objection: { ...CCPA_OPT_OUT, basis: '11 CCR 7026-7027: opt-outs and limits act within 15 business days' },
    'consent-withdrawal': { ...CCPA_OPT_OUT, basis: '11 CCR 7026-7027: opt-outs and limits act within 15 business days' },
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
}

/** The deadlines the law sets for a request received at `receivedAt`. */
export function computeDeadlines(input: DeadlineInput): Deadlines {
  const rule = RULES[input.jurisdiction][input.type];
  const receivedOn = localDate(input.receivedAt, input.timeZone);
  const at = (period: Period) => {
    const date = addPeriod(receivedOn, period, input.calendar);
    return rule.rollToWorkingDay ? nextWorkingDay(date, input.calendar) : date;
  };
  return {
    timeZone: input.timeZone,
    receivedOn,
    ...(rule.acknowledge ? { acknowledgeBy: addPeriod(receivedOn, rule.acknowledge, input.calendar) } : {}),
    dueAt: at(rule.due),
    ...(rule.extended ? { extendedDueAt: at(rule.extended) } : {}),
    basis: rule.basis,
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
