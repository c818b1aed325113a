// Reading requests back: one by id, and a request's audit chain. Pages of them are in list-requests.ts.
import { verifyChain, type AuditEvent, type ChainKey, type ChainVerification } from '../audit/chain.js';
import { NotFoundError } from '../errors.js';
import type { RequestRecord } from './record.js';
import type { TaskRecord } from '../fulfilment/task-store.js';
import { requestTasks, type RequestTaskDeps } from '../fulfilment/tasks.js';
import { STOP_RUN } from '../fulfilment/objection-runs.js';
import type { RequestStore } from './request-store.js';

/** ULIDs: 26 Crockford base-32 characters. Anything else cannot name a request. */
const REQUEST_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The request with `id`, or NotFoundError. */
export async function getRequest(store: RequestStore, id: string, now: Date): Promise<RequestRecord> {
  const record = REQUEST_ID.test(id) ? await store.get(id, now) : undefined;
  if (!record) throw new NotFoundError('No request with this id.');
  return record;
}

/** Statuses before any fulfilment could have started: no tasks to look for. */
const BEFORE_FULFILMENT = new Set(['received', 'awaiting-verification', 'expired']);

/** The request with `id` and the tasks of its current fulfilment run, by system; or NotFoundError. */
export async function getRequestWithTasks(
  store: RequestStore,
  tasks: RequestTaskDeps,
  id: string,
  now: Date,
): Promise<{ record: RequestRecord; tasks: TaskRecord[] }> {
  const record = await getRequest(store, id, now);
  const run = record.fulfilmentRun ?? 1;
  // A staged objection's stop ran at filing, before any confirmation: its tasks (run 1) show in every status, beside the erasure's.
  if (record.immediateStop) {
    const stop = await requestTasks(record.id, STOP_RUN, tasks);
    return { record, tasks: run > STOP_RUN ? [...stop, ...(await requestTasks(record.id, run, tasks))] : stop };
  }
  if (BEFORE_FULFILMENT.has(record.status)) return { record, tasks: [] };
  return { record, tasks: await requestTasks(record.id, run, tasks) };
}

export interface AuditTrail {
  requestId: string;
  events: AuditEvent[];
  verification: ChainVerification;
}

/**
 * The request's audit chain and whether every keyed hash and link in it holds (`key` checks them).
 * The check against the daily anchors is verifyRequestAudit's (shared/audit/verify-audit.ts).
 */
export async function getAuditTrail(store: RequestStore, key: ChainKey, id: string, now: Date): Promise<AuditTrail> {
  const record = await getRequest(store, id, now);
  // Events appended after the record was read belong to a later state: the chain is judged as of the record.
  const events = (await store.auditTrail(record.id)).filter((event) => event.seq <= record.auditSeq);
  const verification = await verifyChain(key, events);
  // The request's own pointer to the head must match too, or events were removed from the end.
  if (verification.valid && (events.at(-1)?.hash !== record.auditHead || events.length !== record.auditSeq)) {
    return { requestId: id, events, verification: { valid: false, length: events.length, reason: 'the chain does not end where the request says it does' } };
  }
  return { requestId: id, events, verification };
}
