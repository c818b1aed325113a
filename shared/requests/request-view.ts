// The API's view of a request: what a calling system reads, with the subject's contact masked.
import { localDate } from '../domain/deadlines.js';
import { OPEN_STATUSES } from '../domain/lifecycle.js';
import { maskEmail } from '../subject.js';
import { extensionRefusal } from './extension.js';
import type { IdentityVerification, RequestRecord } from './record.js';
import type { TaskRecord } from '../fulfilment/task-store.js';
import { taskView } from '../fulfilment/tasks.js';

/**
 * Whether an open request's acknowledgement is late: the law sets an acknowledgement deadline
 * (CCPA: 10 business days), it has passed in the controller's time zone, and no confirmation of
 * receipt went out.
 */
export function isAcknowledgementOverdue(record: Pick<RequestRecord, 'status' | 'deadlines'>, now: Date): boolean {
  const { acknowledgeBy, acknowledgedAt, timeZone } = record.deadlines;
  return OPEN_STATUSES.includes(record.status) && acknowledgeBy !== undefined && acknowledgedAt === undefined && localDate(now, timeZone) > acknowledgeBy;
}

/**
 * Whether an open staged objection's stop is late: it is not done and its day (`stopBy`, the next
 * working day) has passed in the controller's time zone, whether or not the subject confirmed the erasure.
 */
export function isStopOverdue(record: Pick<RequestRecord, 'status' | 'deadlines' | 'immediateStop'>, now: Date): boolean {
  const { stopBy, timeZone } = record.deadlines;
  return OPEN_STATUSES.includes(record.status) && record.immediateStop?.state === 'pending' && stopBy !== undefined && localDate(now, timeZone) > stopBy;
}

/**
 * Whether an open request has missed a deadline, judged in the controller's time zone: the
 * deadline in force, an acknowledgement that did not go out in time, or a stop that is late.
 */
export function isOverdue(record: Pick<RequestRecord, 'status' | 'dueAt' | 'deadlines' | 'immediateStop'>, now: Date): boolean {
  return (
    (OPEN_STATUSES.includes(record.status) && localDate(now, record.deadlines.timeZone) > record.dueAt) ||
    isAcknowledgementOverdue(record, now) ||
    isStopOverdue(record, now)
  );
}

/**
 * The view of `record`; with `tasks`, its fulfilment shows each system's task as well (what is open,
 * due when, and what finished), while it runs and after.
 */
export function requestView(record: RequestRecord, now: Date, extra: { duplicateOf?: string; tasks?: readonly TaskRecord[] } = {}) {
  const { deadlines } = record;
  return {
    id: record.id,
    type: record.type,
    jurisdiction: record.jurisdiction,
    status: record.status,
    channel: record.channel,
    ...(record.filer ? { filer: record.filer } : {}),
    receivedAt: record.receivedAt,
    ...(deadlines.acknowledgeBy
      ? {
          acknowledgeBy: deadlines.acknowledgeBy,
          ...(deadlines.acknowledgedAt ? { acknowledgedAt: deadlines.acknowledgedAt } : {}),
          acknowledgementOverdue: isAcknowledgementOverdue(record, now),
        }
      : {}),
    ...(record.immediateStop && deadlines.stopBy
      ? {
          stopBy: deadlines.stopBy,
          stop: {
            state: record.immediateStop.state,
            ...(record.immediateStop.finishedAt ? { finishedAt: record.immediateStop.finishedAt } : {}),
            ...(record.immediateStop.noticeSentAt ? { noticeSentAt: record.immediateStop.noticeSentAt } : {}),
            outcomes: (record.immediateStop.outcomes ?? []).map(({ systemId, action, outcome, records, error }) => ({
              systemId,
              action,
              outcome,
              records,
              ...(error ? { error } : {}),
            })),
          },
          stopOverdue: isStopOverdue(record, now),
        }
      : {}),
    dueAt: record.dueAt,
    // Shown only while an operator could still extend: once, before the first deadline passed, while open.
    ...(extensionRefusal(record, localDate(now, deadlines.timeZone)) === undefined ? { extendableTo: deadlines.extendedDueAt } : {}),
    extended: deadlines.extended,
    overdue: isOverdue(record, now),
    deadlineBasis: deadlines.basis,
    timeZone: deadlines.timeZone,
    subject: {
      email: maskEmail(record.subject.email),
      locale: record.subject.locale,
      ...(record.subject.accountId ? { accountId: record.subject.accountId } : {}),
    },
    ...(record.agent
      ? {
          agent: {
            name: record.agent.name,
            email: maskEmail(record.agent.email),
            permission: { contentType: record.agent.permission.contentType, bytes: record.agent.permission.bytes },
          },
        }
      : {}),
    ...(record.scope ? { scope: record.scope } : {}),
    // The token hash stays inside: the view says only where verification stands.
    verification: {
      level: record.verification.level,
      state: record.verification.state,
      ...(record.verification.linkSentAt ? { linkSentAt: record.verification.linkSentAt } : {}),
      ...(record.verification.linkValidUntil ? { linkValidUntil: record.verification.linkValidUntil } : {}),
      ...(record.verification.failedAttempts ? { failedAttempts: record.verification.failedAttempts } : {}),
      ...(record.verification.identity ? { identity: identityView(record.verification.identity) } : {}),
    },
    ...(record.denial ? { denial: record.denial } : {}),
    ...(record.fulfilment || extra.tasks?.length
      ? {
          fulfilment: {
            ...(record.fulfilment ? { finishedAt: record.fulfilment.finishedAt } : {}),
            ...(record.fulfilment?.noticeSentAt ? { noticeSentAt: record.fulfilment.noticeSentAt } : {}),
            outcomes: (record.fulfilment?.outcomes ?? []).map(({ systemId, action, outcome, records, retained, reason, error }) => ({
              systemId,
              action,
              outcome,
              records,
              ...(retained ? { retained } : {}),
              ...(reason ? { reason } : {}),
              ...(error ? { error } : {}),
            })),
            ...(extra.tasks?.length ? { tasks: extra.tasks.map(taskView) } : {}),
          },
        }
      : {}),
    ...(extra.duplicateOf ? { duplicateOf: extra.duplicateOf } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    links: { self: `/v1/requests/${record.id}`, audit: `/v1/requests/${record.id}/audit` },
  };
}

export type RequestView = ReturnType<typeof requestView>;

/** The provider's part as the API shows it: the session's PKCE verifier, nonce and references stay inside. */
function identityView({ use, requiredBy, outcome }: IdentityVerification) {
  return { use, ...(requiredBy ? { requiredBy } : {}), ...(outcome ? { outcome } : {}) };
}
