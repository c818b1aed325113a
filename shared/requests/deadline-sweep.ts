// The deadline sweep: open requests near or past their deadline, and unconfirmed ones whose link ran out.
import { addDays, localDate } from '../domain/deadlines.js';
import { OPEN_STATUSES } from '../domain/lifecycle.js';
import type { RequestStatus } from '../domain/request-model.js';
import { ConflictError } from '../errors.js';
import { logger } from '../logger.js';
import { expire, linkRanOut } from '../verification/verify-request.js';
import type { Notify } from '../verification/verify-request.js';
import type { RequestRecord } from './record.js';
import type { RequestStore } from './request-store.js';
import { isAcknowledgementOverdue, isStopOverdue } from './request-view.js';

/** Requests read per query page while sweeping. */
const SWEEP_PAGE_SIZE = 100;

export type DeadlineStanding = 'overdue' | 'near-deadline' | 'on-time';

/**
 * Where an open request stands against the deadline in force, judged on the calendar of its
 * controller's time zone: past the due date is overdue; due within `nearDays` days is near.
 */
export function deadlineStanding(request: Pick<RequestRecord, 'dueAt' | 'deadlines'>, now: Date, nearDays: number): DeadlineStanding {
  const today = localDate(now, request.deadlines.timeZone);
  if (today > request.dueAt) return 'overdue';
  return request.dueAt <= addDays(today, nearDays) ? 'near-deadline' : 'on-time';
}

/** What a sweep found and did: counts and request ids, never anything about the subject. */
export interface SweepReport {
  sweptAt: string;
  nearDeadlineDays: number;
  /** Open requests per status once the sweep is done (every open status, 0 included). */
  open: OpenCounts;
  /** Open requests past their deadline, most overdue first. */
  overdue: string[];
  /** Open requests whose acknowledgement deadline passed with no acknowledgement sent, most overdue first. */
  acknowledgementOverdue: string[];
  /** Open requests due within `nearDeadlineDays` days, soonest first. */
  nearDeadline: string[];
  /** Unconfirmed requests whose verification window had passed, now `expired`. */
  expired: string[];
  /** Requests that were due to expire but changed meanwhile; the next sweep looks at them again. */
  deferred: string[];
}

/** What the sweep decides from the open requests alone, before it writes anything. */
export interface SweepPlan {
  open: OpenCounts;
  overdue: string[];
  acknowledgementOverdue: string[];
  nearDeadline: string[];
  /** Requests to move to `expired`, in the order they were read. */
  toExpire: RequestRecord[];
}

/** Requests per open status. */
export type OpenCounts = Partial<Record<RequestStatus, number>>;

function emptyCounts(): OpenCounts {
  return Object.fromEntries(OPEN_STATUSES.map((status) => [status, 0]));
}

/**
 * The pure rule: which open requests expire (unconfirmed, verification window passed), which of
 * the others are overdue or near their deadline, and which missed their acknowledgement. Closed requests in `requests` are ignored.
 */
export function planSweep(requests: readonly RequestRecord[], now: Date, nearDays: number): SweepPlan {
  const open = emptyCounts();
  const overdue: RequestRecord[] = [];
  const near: RequestRecord[] = [];
  const unacknowledged: RequestRecord[] = [];
  const toExpire: RequestRecord[] = [];
  for (const request of requests) {
    if (!OPEN_STATUSES.includes(request.status)) continue;
    if (linkRanOut(request, now)) {
      toExpire.push(request);
      continue;
    }
    open[request.status] = (open[request.status] ?? 0) + 1;
    if (isAcknowledgementOverdue(request, now)) unacknowledged.push(request);
    const standing = deadlineStanding(request, now, nearDays);
    // A staged objection's stop is owed the next working day, whatever its erasure's later date.
    if (standing === 'overdue' || isStopOverdue(request, now)) overdue.push(request);
    else if (standing === 'near-deadline') near.push(request);
  }
  const byDue = (a: RequestRecord, b: RequestRecord) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);
  const byAcknowledgeBy = (a: RequestRecord, b: RequestRecord) =>
    (a.deadlines.acknowledgeBy ?? '').localeCompare(b.deadlines.acknowledgeBy ?? '') || a.id.localeCompare(b.id);
  return {
    open,
    overdue: overdue.sort(byDue).map((r) => r.id),
    acknowledgementOverdue: unacknowledged.sort(byAcknowledgeBy).map((r) => r.id),
    nearDeadline: near.sort(byDue).map((r) => r.id),
    toExpire,
  };
}

export interface SweepDeps {
  store: RequestStore;
  notify: Notify;
  now: () => Date;
  /** How many days before its deadline a request counts as near it. */
  nearDeadlineDays: number;
}

/** Every open request, read status by status through the `byStatusDue` index (queries, never a scan). */
async function openRequests(store: RequestStore, now: Date): Promise<RequestRecord[]> {
  const found: RequestRecord[] = [];
  for (const status of OPEN_STATUSES) {
    let startKey: Record<string, string> | undefined;
    do {
      const page = await store.list({ status }, SWEEP_PAGE_SIZE, startKey);
      found.push(...page.items.filter((r) => r.purgeAt === undefined || r.purgeAt * 1000 > now.getTime()));
      startKey = page.lastKey;
    } while (startKey);
  }
  return found;
}

/**
 * Sweeps the open requests: expires the unconfirmed ones whose verification window passed (each
 * re-read consistently and written conditionally, with its audit event and the `expired` notice),
 * and reports the overdue and near-deadline ones.
 */
export async function sweepDeadlines(deps: SweepDeps): Promise<SweepReport> {
  const now = deps.now();
  const plan = planSweep(await openRequests(deps.store, now), now, deps.nearDeadlineDays);
  const open = { ...plan.open };
  const expired: string[] = [];
  const deferred: string[] = [];
  const stillOpen = (request: RequestRecord) => {
    deferred.push(request.id);
    open[request.status] = (open[request.status] ?? 0) + 1;
  };
  for (const stale of plan.toExpire) {
    // The index is read eventually consistent: the write starts from a fresh, consistent read.
    const request = await deps.store.get(stale.id, now);
    if (!request || !linkRanOut(request, now)) {
      if (request && OPEN_STATUSES.includes(request.status)) stillOpen(request);
      continue;
    }
    try {
      await expire(request, deps);
      expired.push(request.id);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      logger.warn('Request changed while the sweep expired it; left for the next sweep', { requestId: request.id });
      stillOpen(request);
    }
  }
  return {
    sweptAt: now.toISOString(),
    nearDeadlineDays: deps.nearDeadlineDays,
    open,
    overdue: plan.overdue,
    acknowledgementOverdue: plan.acknowledgementOverdue,
    nearDeadline: plan.nearDeadline,
    expired,
    deferred,
  };
}
