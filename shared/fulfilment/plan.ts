// Which systems a request touches, and what each must do: a pure function of the request and the inventory.
import type { RequestType } from '../domain/request-model.js';
import { UnprocessableError } from '../errors.js';
import type { DataSystem, SystemOutcome, SystemTask, TaskAction } from './model.js';
import { isScopeProblem, resolveObjection } from './objection-scope.js';

/** How long a webhook system has to report, unless its registration says otherwise. */
export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 3 * 24 * 3600;
/** How long a person has for a manual task. */
export const MANUAL_TIMEOUT_SECONDS = 14 * 24 * 3600;

/** Purposes a consent withdrawal stops when the request names none. */
export const DEFAULT_STOPPED_PURPOSES = ['marketing'];

/**
 * The part of a staged objection being planned (shared/domain/objection-stages.ts): `stop`, carried
 * out at filing, where each system the objection stops stops; `erase`, once confirmed, where each
 * system that deletes on objection deletes. Absent: the whole request at once.
 */
export type ObjectionStage = 'stop' | 'erase';

export interface PlanInput {
  requestId: string;
  type: RequestType;
  scope?: { systems?: string[]; purposes?: string[] };
  stage?: ObjectionStage;
}

/** One system's task, with the time the system has to answer and to show it is working (for the workflow). */
export interface PlannedTask extends SystemTask {
  timeoutSeconds: number;
  heartbeatSeconds: number;
}

/** A webhook system working on a long task reports `working` at least this often. */
export const WEBHOOK_HEARTBEAT_SECONDS = 24 * 3600;

export interface Plan {
  tasks: PlannedTask[];
  /** Outcomes settled without asking the system: data a retention rule keeps. */
  decided: SystemOutcome[];
  /** Whether the answer is a download (access, portability). */
  exports: boolean;
}

/** What a request type asks of a system, or undefined when it asks nothing of it. */
function actionFor(type: RequestType, system: DataSystem, purposes: readonly string[]): TaskAction | undefined {
  switch (type) {
    case 'access':
    case 'portability':
      return system.actions.includes('export') ? 'export' : undefined;
    case 'deletion':
      return erasureAction(system);
    case 'objection':
      throw new Error('An objection is planned from its resolved scope');
    case 'consent-withdrawal':
      return system.purposes.some((p) => purposes.includes(p)) ? 'stop-processing' : undefined;
    case 'marketing-opt-out':
      return system.purposes.includes('marketing') ? 'stop-processing' : undefined;
    case 'sale-opt-out':
      return system.sellsOrShares ? 'opt-out-of-sale' : undefined;
    case 'sale-opt-in':
      // The person confirmed the opt-in (11 CCR 7028(a)): each system that sells or shares lifts its opt-out mark.
      return system.sellsOrShares ? 'opt-in-to-sale' : undefined;
    case 'third-party-disclosure':
      // Answered from the inventory itself: the recipients each system declares.
      return undefined;
  }
}

/** How a system erases: delete where it can, else anonymise; a system that keeps data under a retention rule is asked to delete, and answers what it keeps. */
function erasureAction(system: DataSystem): 'delete' | 'anonymise' | undefined {
  if (system.retention.length > 0) return 'delete';
  if (system.actions.includes('delete')) return 'delete';
  return system.actions.includes('anonymise') ? 'anonymise' : undefined;
}

/** Each system's part in an objection, by the rule it declares: a task to stop or delete, or an outcome saying why it does not apply. */
function objectionWork(input: PlanInput, systems: readonly DataSystem[]): { work: [DataSystem, TaskAction][]; decided: SystemOutcome[] } {
  const reach = resolveObjection(input.scope, systems);
  // Checked at filing; the inventory can change before the plan is made, and then an operator decides.
  if (isScopeProblem(reach)) {
    throw new UnprocessableError('The objection no longer reaches any system where it applies.', reach.problems, { code: 'objection-scope' });
  }
  const byId = new Map(systems.map((s) => [s.systemId, s]));
  const work: [DataSystem, TaskAction][] = [];
  const decided: SystemOutcome[] = [];
  for (const { systemId, rule } of reach.targets) {
    const system = byId.get(systemId)!;
    if (input.stage === 'stop') {
      // The stop at filing: systems that stop, and those that delete later but can be told to stop
      // now without erasing; a built-in store stops only by erasing, which waits for the confirmation.
      if (rule.effect === 'stop' || (rule.effect === 'delete' && !countsItself(system))) work.push([system, 'stop-processing']);
      continue;
    }
    if (input.stage === 'erase' && rule.effect === 'stop') continue;
    if (rule.effect === 'not-applicable') {
      decided.push({ systemId, action: 'stop-processing', outcome: 'not-applicable', records: 0, reason: rule.reason });
      continue;
    }
    work.push([system, rule.effect === 'delete' ? (erasureAction(system) ?? 'delete') : 'stop-processing']);
  }
  return { work, decided };
}

/** Whether fulfilment runs the system's connector itself (DynamoDB, S3), and so can count what a retention rule keeps. */
const countsItself = (system: DataSystem): boolean => system.connector.kind === 'dynamodb' || system.connector.kind === 's3';

/**
 * Plans a request's fulfilment: for each system in scope the action its type calls for; for an
 * objection, what each system it reaches declares. A deletion in a system with retention rules is
 * asked of it all the same when fulfilment runs its connector, which counts the records kept; a
 * webhook or manual system with retention rules is not asked, and its part is settled here as
 * `retained` (its count unknown, 0).
 */
export function planFulfilment(input: PlanInput, systems: readonly DataSystem[], newTaskId: (systemId: string) => string): Plan {
  const tasks: PlannedTask[] = [];
  let work: [DataSystem, TaskAction][];
  let decided: SystemOutcome[] = [];
  if (input.type === 'objection') {
    ({ work, decided } = objectionWork(input, systems));
  } else {
    const inScope = input.scope?.systems?.length ? systems.filter((s) => input.scope!.systems!.includes(s.systemId)) : systems;
    const purposes = input.scope?.purposes?.length ? input.scope.purposes : DEFAULT_STOPPED_PURPOSES;
    work = [...inScope]
      .sort((a, b) => a.systemId.localeCompare(b.systemId))
      .flatMap((system): [DataSystem, TaskAction][] => {
        const action = actionFor(input.type, system, purposes);
        return action ? [[system, action]] : [];
      });
  }
  for (const [system, action] of work) {
    if ((action === 'delete' || action === 'anonymise') && system.retention.length > 0 && !countsItself(system)) {
      decided.push({ systemId: system.systemId, action, outcome: 'retained', records: 0, retained: system.retention });
      continue;
    }
    const connector = system.connector.kind;
    const timeoutSeconds =
      connector === 'webhook'
        ? (system.connector.kind === 'webhook' && system.connector.timeoutSeconds) || DEFAULT_WEBHOOK_TIMEOUT_SECONDS
        : connector === 'manual'
          ? MANUAL_TIMEOUT_SECONDS
          : 900;
    tasks.push({
      taskId: newTaskId(system.systemId),
      requestId: input.requestId,
      systemId: system.systemId,
      action,
      connector,
      timeoutSeconds,
      heartbeatSeconds: connector === 'webhook' ? Math.min(timeoutSeconds, WEBHOOK_HEARTBEAT_SECONDS) : timeoutSeconds,
    });
  }
  return { tasks, decided, exports: input.type === 'access' || input.type === 'portability' };
}
