// What the privacy team does to a request by hand: extend its deadline, refuse it, cancel it, or
// resume a fulfilment that failed.
import type { Actor } from '../audit/chain.js';
import { localDate } from '../domain/deadlines.js';
import { isFinal } from '../domain/lifecycle.js';
import { extensionRefusal } from './extension.js';
import { fulfilmentRequested } from '../verification/verify-request.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { logger } from '../logger.js';
import type { DenialCode } from '../text/vocabulary.js';
import type { Notify } from '../verification/verify-request.js';
import { viaAgent, type RequestRecord } from './record.js';
import type { RequestStore } from './request-store.js';
import type { RunState } from '../fulfilment/step-functions.js';
import type { SystemOutcome } from '../fulfilment/model.js';
import { cancelOpenTasks, requestTasks, taskOutcome, type CloseTasksDeps } from '../fulfilment/tasks.js';
import type { NewAuditEvent } from './request-store.js';

export interface OperatorDeps {
  store: RequestStore;
  notify: Notify;
  /** Stops run `run` of the request's fulfilment, if it is running. */
  stopWorkflow: (requestId: string, run: number) => Promise<void>;
  /** Starts run `run` of the request's fulfilment (starting a run twice starts it once). */
  startWorkflow: (requestId: string, run: number) => Promise<unknown>;
  /** Where run `run` of the request's fulfilment stands. */
  workflowRun: (requestId: string, run: number) => Promise<RunState>;
  /**
   * The request's tasks per system: what ran is kept when the request ends early, what is open is
   * cancelled. A function, so actions that never end a request need no access to the tasks.
   */
  fulfilmentTasks: () => CloseTasksDeps;
  now: () => Date;
  actor: Actor;
}

/**
 * What a request ending before its fulfilment did keeps of it: the outcome of each task that ran,
 * for the record (`fulfilment`) and the audit chain, and the tasks still open, to cancel once the
 * request is closed.
 */
async function stoppedFulfilment(request: RequestRecord, now: Date, deps: OperatorDeps) {
  const tasks = await requestTasks(request.id, currentRun(request), deps.fulfilmentTasks());
  const ran = tasks.flatMap((t) => taskOutcome(t) ?? []);
  const at = now.toISOString();
  const events: NewAuditEvent[] = ran.map((o) => ({ type: 'fulfilment.system-outcome', at, actor: deps.actor, data: outcomeData(o) }));
  return {
    events,
    changes: ran.length > 0 ? { fulfilment: { outcomes: ran, finishedAt: at } } : {},
    cancelOpen: () => cancelOpenTasks(tasks, now, deps.fulfilmentTasks()),
  };
}

function outcomeData(o: SystemOutcome) {
  return { systemId: o.systemId, action: o.action, outcome: o.outcome, records: o.records, ...(o.error ? { error: o.error } : {}) };
}

async function load(requestId: string, deps: OperatorDeps): Promise<RequestRecord> {
  const request = await deps.store.get(requestId, deps.now());
  if (!request) throw new NotFoundError(`No request ${requestId}.`);
  return request;
}

/** Extends the deadline as far as the law allows and tells the subject the new date and why. */
export async function extendRequest(requestId: string, reason: string, deps: OperatorDeps): Promise<RequestRecord> {
  const request = await load(requestId, deps);
  const now = deps.now();
  const refusal = extensionRefusal(request, localDate(now, request.deadlines.timeZone));
  if (refusal) throw new ConflictError(`Request ${requestId} cannot be extended: ${refusal}.`);
  const newDueAt = request.deadlines.extendedDueAt!;
  const extended = await deps.store.record(
    request,
    [{ type: 'request.extended', at: now.toISOString(), actor: deps.actor, data: { from: request.dueAt, to: newDueAt } }],
    { deadlines: { ...request.deadlines, extended: true }, dueAt: newDueAt },
    now,
  );
  await deps
    .notify(
      extended.subject.email,
      { kind: 'extended', requestType: extended.type, jurisdiction: extended.jurisdiction, newDueAt, reason },
      extended.subject.locale,
      extended.deadlines.timeZone,
      { requestId: extended.id },
    )
    .catch((error: unknown) => logger.error('Extension notice not sent', { requestId, error: (error as Error).name }));
  return extended;
}

/** Refuses a request with a code and reason, tells the subject why and where to complain, and stops its fulfilment. */
export async function denyRequest(requestId: string, code: DenialCode, reason: string, deps: OperatorDeps): Promise<RequestRecord> {
  const request = await load(requestId, deps);
  if (isFinal(request.status)) throw new ConflictError(`Request ${requestId} is ${request.status} and can no longer be refused.`);
  const now = deps.now();
  const stopped = await stoppedFulfilment(request, now, deps);
  const denied = await deps.store.transition(
    request,
    'denied',
    [...stopped.events, { type: 'request.denied', at: now.toISOString(), actor: deps.actor, data: { code } }],
    { ...stopped.changes, denial: { code, reason } },
    now,
  );
  await deps.stopWorkflow(requestId, currentRun(request));
  await stopped.cancelOpen();
  await deps
    .notify(
      denied.subject.email,
      { kind: 'denied', requestType: denied.type, jurisdiction: denied.jurisdiction, code, reason, ...viaAgent(denied) },
      denied.subject.locale,
      denied.deadlines.timeZone,
      { requestId: denied.id },
    )
    .catch((error: unknown) => logger.error('Denial notice not sent', { requestId, error: (error as Error).name }));
  return denied;
}

/**
 * Cancels a request that is still open (withdrawn by the subject, or by the agent or service that
 * filed it), stops its fulfilment and tells the subject, in their law and language, whoever
 * cancelled it: a request the subject still wants is never dropped without their knowing.
 * `byAgent` names the authorized agent that withdrew it, for the notice.
 */
export async function cancelRequest(requestId: string, deps: OperatorDeps, byAgent?: { name: string }): Promise<RequestRecord> {
  const request = await load(requestId, deps);
  if (isFinal(request.status)) throw new ConflictError(`Request ${requestId} is ${request.status} and can no longer be cancelled.`);
  const now = deps.now();
  const stopped = await stoppedFulfilment(request, now, deps);
  const cancelled = await deps.store.transition(
    request,
    'cancelled',
    [
      ...stopped.events,
      {
        type: 'request.cancelled',
        at: now.toISOString(),
        actor: deps.actor,
        data: { wasRunning: request.status === 'in-progress', systemsDone: stopped.events.length },
      },
    ],
    stopped.changes,
    now,
  );
  await deps.stopWorkflow(requestId, currentRun(request));
  await stopped.cancelOpen();
  await deps
    .notify(
      cancelled.subject.email,
      {
        kind: 'cancelled',
        requestType: cancelled.type,
        jurisdiction: cancelled.jurisdiction,
        receivedAt: cancelled.receivedAt,
        ...(byAgent ? { byAgent } : {}),
        ...viaAgent(cancelled),
      },
      cancelled.subject.locale,
      cancelled.deadlines.timeZone,
      { requestId: cancelled.id },
    )
    .catch((error: unknown) => logger.error('Cancellation notice not sent', { requestId, error: (error as Error).name }));
  return cancelled;
}

/** The number of the request's fulfilment run in force (1 until an operator resumes it). */
function currentRun(request: Pick<RequestRecord, 'fulfilmentRun'>): number {
  return request.fulfilmentRun ?? 1;
}

/** What resuming a request does: start a new run, start the run it is waiting for, or nothing (and why). */
export type ResumePlan = { start: 'next-run' | 'same-run' } | { refusal: string };

/** Whether a request was closed by its fulfilment but the subject never told how it ended (the notice kept failing). */
export function owesClosingNotice(request: Pick<RequestRecord, 'status' | 'fulfilment'>): boolean {
  return (
    (request.status === 'completed' || request.status === 'partially-completed') &&
    request.fulfilment !== undefined &&
    request.fulfilment.noticeSentAt === undefined
  );
}

/** Whether resuming `request` depends on where its current run stands. */
function dependsOnRun(request: Pick<RequestRecord, 'status' | 'fulfilment'>): boolean {
  return request.status === 'verified' || request.status === 'in-progress' || owesClosingNotice(request);
}

/**
 * How a request is resumed. A failed one gets a new run (not one closed as failed before failed
 * requests stayed open: its guard is gone, so it must be filed again). A verified or in-progress
 * one whose run never started gets that run; one whose run ended without closing it (the error
 * path failed too) gets a new run; one whose run is going is left to it. A closed one whose subject
 * was never told gets a new run, which finds it closed and sends the notice.
 */
export function resumePlan(request: Pick<RequestRecord, 'status' | 'purgeAt' | 'fulfilment'>, run: RunState | undefined): ResumePlan {
  if (dependsOnRun(request) && run === 'running') return { refusal: 'its fulfilment is running' };
  if (owesClosingNotice(request)) return { start: 'next-run' };
  switch (request.status) {
    case 'failed':
      return request.purgeAt === undefined ? { start: 'next-run' } : { refusal: 'it was closed when its fulfilment failed; file it again' };
    case 'verified':
    case 'in-progress':
      return run === 'missing' ? { start: 'same-run' } : { start: 'next-run' };
    case 'received':
    case 'awaiting-verification':
      return { refusal: 'it is not verified yet: the subject confirms it through the emailed link' };
    default:
      return { refusal: `it is ${request.status}` };
  }
}

/**
 * Runs a request's fulfilment again from the start, as a new workflow run, where it failed or
 * stalled; its deadline runs on. Systems that did their part do it again, which changes nothing
 * (their actions are idempotent); the subject hears from the run as from a first one. The record
 * (with a request.resumed event) is written before the start, under the version check: of two
 * operators resuming at once one wins, and a start that fails is asked for again by a second call.
 */
export async function resumeRequest(requestId: string, deps: OperatorDeps): Promise<RequestRecord> {
  const request = await load(requestId, deps);
  const current = currentRun(request);
  const plan = resumePlan(request, dependsOnRun(request) ? await deps.workflowRun(requestId, current) : undefined);
  if ('refusal' in plan) throw new ConflictError(`Request ${requestId} cannot be resumed: ${plan.refusal}.`);
  const now = deps.now();
  const at = now.toISOString();
  const run = plan.start === 'next-run' ? current + 1 : current;
  const events = [{ type: 'request.resumed', at, actor: deps.actor, data: { run } }, fulfilmentRequested(at)];
  const changes = run === 1 ? {} : { fulfilmentRun: run };
  const resumed =
    request.status === 'failed'
      ? await deps.store.transition(request, 'verified', events, changes, now)
      : await deps.store.record(request, events, changes, now);
  await deps.startWorkflow(requestId, run);
  return resumed;
}
