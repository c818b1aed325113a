// One request as the console shows it: the record, its tasks per system, its audit chain and
// whether the chain verifies, the notices and correspondence the chain records, and each operator
// action with the domain's own rule that allows or forbids it now.
import type { AuditEvent, ChainKey, ChainVerification } from '../audit/chain.js';
import { localDate } from '../domain/deadlines.js';
import { isFinal } from '../domain/lifecycle.js';
import type { TaskRecord } from '../fulfilment/task-store.js';
import type { RequestTaskDeps } from '../fulfilment/tasks.js';
import { extensionRefusal } from '../requests/extension.js';
import { resumePlan } from '../requests/operator-actions.js';
import { identityRequirementRefusal } from '../verification/require-identity.js';
import { getAuditTrail, getRequestWithTasks } from '../requests/read-requests.js';
import type { RequestRecord } from '../requests/record.js';
import type { RequestStore } from '../requests/request-store.js';
import { queueRow, type QueueRow } from './queue.js';

/** The operator actions, each a POST /console/requests/{id}/{action}. */
export const CONSOLE_ACTIONS = ['extend', 'deny', 'cancel', 'resume', 'require-identity'] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

/** Whether an action may be taken now; when not, the rule that forbids it, in the domain's words. */
export type ActionRule = { allowed: true; note?: string } | { allowed: false; because: string };

export interface RequestDetail {
  record: RequestRecord;
  row: QueueRow;
  tasks: TaskRecord[];
  events: AuditEvent[];
  verification: ChainVerification;
  /** Mail the system sent the person about the request, as the chain records it. */
  notices: AuditEvent[];
  /** Mail from the person (email intake), as the chain records it. */
  correspondence: AuditEvent[];
  actions: Record<ConsoleAction, ActionRule>;
}

/** Audit event types that record a mail sent to the person. */
const NOTICE_EVENTS = new Set([
  'verification.link-sent',
  'request.acknowledged',
  'request.extended',
  'request.denied',
  'request.cancelled',
  'notice.closing-sent',
]);

/** Whether `event` records mail to the person (a notice), mail from them (correspondence), or neither. */
export function mailKind(event: Pick<AuditEvent, 'type'>): 'notice' | 'correspondence' | undefined {
  if (NOTICE_EVENTS.has(event.type) || event.type.startsWith('notice.')) return 'notice';
  if (event.type.startsWith('correspondence.') || event.type.startsWith('intake.')) return 'correspondence';
  return undefined;
}

/**
 * What each action's own rule says about `record` today. Extend, deny and cancel are judged exactly
 * as the actions judge them; resume by its plan without the workflow's state, which the action
 * itself looks up (a run still going is refused then); requiring the identity provider as
 * requireIdentity judges it, with `identityProvider` saying whether one is configured.
 */
export function actionRules(record: RequestRecord, now: Date, options: { identityProvider: boolean }): Record<ConsoleAction, ActionRule> {
  const refusal = extensionRefusal(record, localDate(now, record.deadlines.timeZone));
  const closed = isFinal(record.status) ? `the request is ${record.status}: a closed request stays closed` : undefined;
  const plan = resumePlan(record, undefined);
  return {
    extend: refusal ? { allowed: false, because: refusal } : { allowed: true, note: `to ${record.deadlines.extendedDueAt} (${record.deadlines.basis})` },
    deny: closed ? { allowed: false, because: closed } : { allowed: true },
    cancel: closed ? { allowed: false, because: closed } : { allowed: true },
    resume:
      'refusal' in plan
        ? { allowed: false, because: plan.refusal }
        : { allowed: true, note: plan.start === 'next-run' ? 'starts a new fulfilment run unless one is running' : 'starts the run it is waiting for' },
    'require-identity': ((because) =>
      because
        ? { allowed: false, because }
        : record.verification.identity?.requiredBy === 'operator'
          ? { allowed: false, because: 'an operator has required it already' }
          : { allowed: true, note: 'the person then goes on only by verifying with the independent provider; no knowledge check is offered' })(
      identityRequirementRefusal(record, options.identityProvider),
    ),
  };
}

/** The request with `id` as the console shows it, or NotFoundError. */
export async function requestDetail(
  deps: { store: RequestStore; tasks: RequestTaskDeps; chainKey: ChainKey; nearDeadlineDays: number; identityProvider: boolean },
  id: string,
  now: Date,
): Promise<RequestDetail> {
  const { record, tasks } = await getRequestWithTasks(deps.store, deps.tasks, id, now);
  const trail = await getAuditTrail(deps.store, deps.chainKey, id, now);
  return {
    record,
    row: queueRow(record, now, deps.nearDeadlineDays),
    tasks,
    events: trail.events,
    verification: trail.verification,
    notices: trail.events.filter((event) => mailKind(event) === 'notice'),
    correspondence: trail.events.filter((event) => mailKind(event) === 'correspondence'),
    actions: actionRules(record, now, { identityProvider: deps.identityProvider }),
  };
}
