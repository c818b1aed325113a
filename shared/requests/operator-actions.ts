// What the privacy team does to a request by hand: extend its deadline, refuse it, or cancel it.
import type { Actor } from '../audit/chain.js';
import { localDate } from '../domain/deadlines.js';
import { isFinal } from '../domain/lifecycle.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { logger } from '../logger.js';
import type { DenialCode } from '../text/vocabulary.js';
import type { Notify } from '../verification/verify-request.js';
import type { RequestRecord } from './record.js';
import type { RequestStore } from './request-store.js';

export interface OperatorDeps {
  store: RequestStore;
  notify: Notify;
  /** Stops the request's running fulfilment, if any. */
  stopWorkflow: (requestId: string) => Promise<void>;
  now: () => Date;
  actor: Actor;
}

/**
 * Why the law does not let this request be extended now, or undefined when it does: once only,
 * where the law allows one (GDPR Art. 12(3); CCPA 1798.130 for requests to know and delete), and
 * only while the first deadline has not passed.
 */
export function extensionRefusal(request: Pick<RequestRecord, 'status' | 'deadlines'>, today: string): string | undefined {
  if (isFinal(request.status)) return `the request is ${request.status}`;
  if (!request.deadlines.extendedDueAt) return 'the law allows no extension for this type of request';
  if (request.deadlines.extended) return 'the request has been extended once already';
  if (today > request.deadlines.dueAt) return `the first deadline (${request.deadlines.dueAt}) has passed`;
  return undefined;
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
  const extended = await deps.store.record(request, [
    { type: 'request.extended', at: now.toISOString(), actor: deps.actor, data: { from: request.dueAt, to: newDueAt } },
  ], { deadlines: { ...request.deadlines, extended: true }, dueAt: newDueAt }, now);
  await deps.notify(extended.subject.email, { kind: 'extended', requestType: extended.type, newDueAt, reason }, extended.subject.locale)
    .catch((error: unknown) => logger.error('Extension notice not sent', { requestId, error: (error as Error).name }));
  return extended;
}

/** Refuses a request with a code and reason, tells the subject why and where to complain, and stops its fulfilment. */
export async function denyRequest(requestId: string, code: DenialCode, reason: string, deps: OperatorDeps): Promise<RequestRecord> {
  const request = await load(requestId, deps);
  if (isFinal(request.status)) throw new ConflictError(`Request ${requestId} is ${request.status} and can no longer be refused.`);
  const now = deps.now();
  const denied = await deps.store.transition(request, 'denied', [
    { type: 'request.denied', at: now.toISOString(), actor: deps.actor, data: { code } },
  ], { denial: { code, reason } }, now);
  await deps.stopWorkflow(requestId);
  await deps.notify(denied.subject.email, { kind: 'denied', requestType: denied.type, code, reason }, denied.subject.locale)
    .catch((error: unknown) => logger.error('Denial notice not sent', { requestId, error: (error as Error).name }));
  return denied;
}

/** Cancels a request that is still open (e.g. withdrawn by the subject) and stops its fulfilment. */
export async function cancelRequest(requestId: string, deps: OperatorDeps): Promise<RequestRecord> {
  const request = await load(requestId, deps);
  if (isFinal(request.status)) throw new ConflictError(`Request ${requestId} is ${request.status} and can no longer be cancelled.`);
  const now = deps.now();
  const cancelled = await deps.store.transition(request, 'cancelled', [
    { type: 'request.cancelled', at: now.toISOString(), actor: deps.actor, data: { wasRunning: request.status === 'in-progress' } },
  ], {}, now);
  await deps.stopWorkflow(requestId);
  return cancelled;
}
