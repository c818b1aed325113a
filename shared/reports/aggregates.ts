// The stored request aggregates: what each request adds to the counters that the yearly report and
// the console's summary read, so that neither scans requests and a year outlives its records' purge.
import { type CalendarDate, localDate } from '../domain/deadlines.js';
import { isFinal } from '../domain/lifecycle.js';
import type { Jurisdiction, RequestStatus, RequestType } from '../domain/request-model.js';
import type { RequestRecord } from '../requests/record.js';

/**
 * The version of the counting rules a request was counted under (`RequestRecord.aggregated`). A
 * write subtracts what the request added before only when it was counted under these rules.
 */
export const AGGREGATION_VERSION = 1;

/** Days to respond are counted exactly up to this many; longer answers share one bucket (their days still add to the total). */
export const HISTOGRAM_MAX_DAYS = 365;

/** Statuses that answer a request: the days to respond are counted for these. */
export const ANSWER_STATUSES = ['completed', 'partially-completed', 'denied'] as const satisfies readonly RequestStatus[];

/** Item id prefix of every aggregate in the requests table (requests are ULIDs, guards `open#…`). */
export const AGGREGATE_PREFIX = 'report#';
export const TOTALS_ID = `${AGGREGATE_PREFIX}totals`;

/** A calendar month, `YYYY-MM`. */
export type Month = string;
/** An ISO 8601 week, `YYYY-Www`. */
export type IsoWeek = string;

/** Counter name → amount: what one item holds, or what a write adds to it. */
export type Counters = Record<string, number>;
/** Item id → counters. */
export type AggregateDelta = Map<string, Counters>;

/**
 * Counter names. Month items hold them per law and type (`<law>.<type>.<counter>`, see
 * monthCounter), week items per week; days are the request's own, in its law's time zone.
 */
export const COUNTER = {
  received: 'received',
  /** One per final status: `completed`, `partially-completed`, `denied`, `cancelled`, `expired`. */
  closedAs: (status: RequestStatus) => status,
  deniedFor: (code: string) => `denied.${code}`,
  answered: 'answered',
  answeredOnTime: 'answeredOnTime',
  daysTotal: 'daysTotal',
  days: (days: number) => (days > HISTOGRAM_MAX_DAYS ? 'days.over' : `days.${days}`),
  /** Week items: received per law and type. */
  receivedAs: (law: Jurisdiction, type: RequestType) => `received.${law}.${type}`,
  /** Week and totals items: closed (any final status), deadlines falling due, met, and closes after them. */
  closed: 'closed',
  due: 'due',
  dueMet: 'dueMet',
  closedLate: 'closedLate',
} as const;

/** One item per month, so a year is twelve reads and the summary's months one batch. */
export function monthAggregateId(month: Month): string {
  return `${AGGREGATE_PREFIX}month#${month}`;
}

/** A month item's counter of one law and request type. */
export function monthCounter(law: Jurisdiction, type: RequestType, counter: string): string {
  return `${law}.${type}.${counter}`;
}

export function weekAggregateId(week: IsoWeek): string {
  return `${AGGREGATE_PREFIX}week#${week}`;
}

export function monthOf(date: CalendarDate): Month {
  return date.slice(0, 7);
}

const DAY_MS = 24 * 3600 * 1000;
const utc = (date: CalendarDate) => Date.parse(`${date}T00:00:00Z`);

/** Whole calendar days from `from` to `to`. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/** The ISO 8601 week of a date: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekOf(date: CalendarDate): IsoWeek {
  const d = new Date(utc(date));
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const week = 1 + Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday that starts an ISO week. */
export function isoWeekStart(week: IsoWeek): CalendarDate {
  const [year, number] = week.split('-W').map(Number) as [number, number];
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = Date.UTC(year, 0, 4) - ((jan4.getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(monday + (number - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
}

/** The fields of a request that its counters depend on. */
export type Countable = Pick<RequestRecord, 'jurisdiction' | 'type' | 'status' | 'dueAt' | 'updatedAt' | 'closedAt' | 'denial'> & {
  deadlines: Pick<RequestRecord['deadlines'], 'receivedOn' | 'timeZone'>;
};

function add(delta: AggregateDelta, id: string, counter: string, amount = 1): void {
  const counters = delta.get(id) ?? {};
  counters[counter] = (counters[counter] ?? 0) + amount;
  delta.set(id, counters);
}

/** The day a closed request closed, in its own time zone. */
export function closedOn(request: Countable): CalendarDate {
  return localDate(new Date(request.closedAt ?? request.updatedAt), request.deadlines.timeZone);
}

/**
 * Everything one request adds to the aggregates in its present state: its receipt (month, week,
 * totals), its deadline in force (the week it falls due) and, once closed, how it closed, whether
 * in time, and for an answer the whole days it took.
 */
export function contribution(request: Countable): AggregateDelta {
  const delta: AggregateDelta = new Map();
  const { jurisdiction: law, type } = request;
  const receivedOn = request.deadlines.receivedOn;
  const inMonth = (month: Month, counter: string, amount = 1) => add(delta, monthAggregateId(month), monthCounter(law, type, counter), amount);
  inMonth(monthOf(receivedOn), COUNTER.received);
  add(delta, weekAggregateId(isoWeekOf(receivedOn)), COUNTER.receivedAs(law, type));
  add(delta, TOTALS_ID, COUNTER.received);
  add(delta, weekAggregateId(isoWeekOf(request.dueAt)), COUNTER.due);
  add(delta, TOTALS_ID, COUNTER.due);
  if (!isFinal(request.status)) return delta;

  const closed = closedOn(request);
  const onTime = closed <= request.dueAt;
  const month = monthOf(closed);
  inMonth(month, COUNTER.closedAs(request.status));
  if (request.status === 'denied') inMonth(month, COUNTER.deniedFor(request.denial?.code ?? 'unknown'));
  if ((ANSWER_STATUSES as readonly RequestStatus[]).includes(request.status)) {
    const days = Math.max(0, daysBetween(receivedOn, closed));
    inMonth(month, COUNTER.answered);
    if (onTime) inMonth(month, COUNTER.answeredOnTime);
    inMonth(month, COUNTER.daysTotal, days);
    inMonth(month, COUNTER.days(days));
  }
  add(delta, weekAggregateId(isoWeekOf(closed)), COUNTER.closed);
  add(delta, TOTALS_ID, COUNTER.closed);
  if (onTime) {
    add(delta, weekAggregateId(isoWeekOf(request.dueAt)), COUNTER.dueMet);
    add(delta, TOTALS_ID, COUNTER.dueMet);
  } else {
    add(delta, weekAggregateId(isoWeekOf(closed)), COUNTER.closedLate);
    add(delta, TOTALS_ID, COUNTER.closedLate);
  }
  return delta;
}

/**
 * What a write adds to the aggregates: the request's contribution after it, less its contribution
 * before (when it was counted under the current rules; a request never counted adds all of it).
 * Counters that do not change are left out, and items with nothing to change.
 */
export function aggregateDelta(before: (Countable & { aggregated?: number }) | undefined, after: Countable): AggregateDelta {
  const delta = contribution(after);
  if (before?.aggregated === AGGREGATION_VERSION) {
    for (const [id, counters] of contribution(before)) {
      for (const [counter, amount] of Object.entries(counters)) add(delta, id, counter, -amount);
    }
  }
  for (const [id, counters] of delta) {
    for (const [counter, amount] of Object.entries(counters)) if (amount === 0) delete counters[counter];
    if (Object.keys(counters).length === 0) delta.delete(id);
  }
  return delta;
}

/** The DynamoDB updates (for a transaction) that add `delta` to the aggregates in `tableName`. */
export function aggregateUpdates(tableName: string, delta: AggregateDelta) {
  return [...delta].map(([id, counters]) => {
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const adds = Object.entries(counters).map(([counter, amount], i) => {
      names[`#c${i}`] = counter;
      values[`:c${i}`] = amount;
      return `#c${i} :c${i}`;
    });
    return {
      Update: {
        TableName: tableName,
        Key: { id },
        UpdateExpression: `ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  });
}
