// The request lifecycle as an explicit transition map; final statuses never change again.
import { TransitionError } from '../errors.js';
import type { RequestStatus } from './request-model.js';

/** Where any open request can go: refused, cancelled, or failed (for an operator to resume). */
const CLOSERS = ['denied', 'cancelled', 'failed'] as const satisfies readonly RequestStatus[];

/** From each status, the statuses a request may move to. */
export const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  received: ['awaiting-verification', 'verified', ...CLOSERS],
  'awaiting-verification': ['verified', 'expired', ...CLOSERS],
  verified: ['in-progress', ...CLOSERS],
  'in-progress': ['completed', 'partially-completed', ...CLOSERS],
  completed: [],
  'partially-completed': [],
  denied: [],
  cancelled: [],
  expired: [],
  // A fulfilment that failed is not an answer: the deadline keeps running until an operator
  // resumes it (back to verified, for a new run) or refuses or cancels the request.
  failed: ['verified', 'denied', 'cancelled'],
};

/** Statuses from which nothing moves: the request is closed. */
export const FINAL_STATUSES = (Object.keys(TRANSITIONS) as RequestStatus[]).filter((s) => TRANSITIONS[s].length === 0);

/** Statuses of a request still being worked on (the deadline is running). */
export const OPEN_STATUSES = (Object.keys(TRANSITIONS) as RequestStatus[]).filter((s) => TRANSITIONS[s].length > 0);

export function isFinal(status: RequestStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws TransitionError unless the lifecycle allows `from` → `to`. */
export function assertTransition(from: RequestStatus, to: RequestStatus): void {
  if (!canTransition(from, to)) throw new TransitionError(from, to);
}
