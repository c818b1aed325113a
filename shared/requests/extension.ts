// Whether the law lets a request's deadline be extended now: one pure rule for the operator's
// action and for the `extendableTo` the request view shows.
import { isFinal } from '../domain/lifecycle.js';
import type { RequestRecord } from './record.js';

/**
 * Why the law does not let this request be extended now, or undefined when it does: once only,
 * where the law allows one (GDPR Art. 12(3); CCPA 1798.130 for requests to know and delete), and
 * only while the first deadline has not passed. A right that takes effect without delay (GDPR
 * Art. 7(3), 21(3)) or an opt-out has no extension; the refusal quotes the provision.
 */
export function extensionRefusal(request: Pick<RequestRecord, 'status' | 'deadlines'>, today: string): string | undefined {
  if (isFinal(request.status)) return `the request is ${request.status}`;
  if (!request.deadlines.extendedDueAt) return `the law allows no extension for this type of request (${request.deadlines.basis})`;
  if (request.deadlines.extended) return 'the request has been extended once already';
  if (today > request.deadlines.dueAt) return `the first deadline (${request.deadlines.dueAt}) has passed`;
  return undefined;
}
