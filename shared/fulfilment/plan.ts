// Which systems a request touches, and what each must do: a pure function of the request and the inventory.
import type { RequestType } from '../domain/request-model.js';
import type { DataSystem, SystemOutcome, SystemTask, TaskAction } from './model.js';

/** How long a webhook system has to report, unless its registration says otherwise. */
export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 3 * 24 * 3600;
/** How long a person has for a manual task. */
export const MANUAL_TIMEOUT_SECONDS = 14 * 24 * 3600;

/** Purposes an objection or a consent withdrawal stops when the request names none. */
export const DEFAULT_STOPPED_PURPOSES = ['marketing'];

export interface PlanInput {
  requestId: string;
  type: RequestType;
  scope?: { systems?: string[]; purposes?: string[] };
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
      if (system.retention.length > 0) return 'delete';
      if (system.actions.includes('delete')) return 'delete';
      return system.actions.includes('anonymise') ? 'anonymise' : undefined;
    case 'objection':
    case 'consent-withdrawal':
      return system.purposes.some((p) => purposes.includes(p)) ? 'stop-processing' : undefined;
    case 'marketing-opt-out':
      return system.purposes.includes('marketing') ? 'stop-processing' : undefined;
    case 'sale-opt-out':
      return system.sellsOrShares ? 'opt-out-of-sale' : undefined;
    case 'third-party-disclosure':
      // Answered from the inventory itself: the recipients each system declares.
      return undefined;
  }
}

/**
 * Plans a request's fulfilment: for each system in scope the action its type calls for. A deletion
 * in a system whose retention rules keep the data is settled here as `retained`, without touching it.
 */
export function planFulfilment(input: PlanInput, systems: readonly DataSystem[], newTaskId: () => string): Plan {
  const inScope = input.scope?.systems?.length ? systems.filter((s) => input.scope!.systems!.includes(s.systemId)) : systems;
  const purposes = input.scope?.purposes?.length ? input.scope.purposes : DEFAULT_STOPPED_PURPOSES;
  const tasks: PlannedTask[] = [];
  const decided: SystemOutcome[] = [];
  for (const system of [...inScope].sort((a, b) => a.systemId.localeCompare(b.systemId))) {
    const action = actionFor(input.type, system, purposes);
    if (!action) continue;
    if ((action === 'delete' || action === 'anonymise') && system.retention.length > 0) {
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
      taskId: newTaskId(),
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
