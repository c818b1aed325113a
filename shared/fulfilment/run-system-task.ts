// One system's part through its built-in connector, for the subject of the task's request.
import { NotFoundError } from '../errors.js';
import type { RequestStore } from '../requests/request-store.js';
import { runBuiltInConnector, type ConnectorContext } from './connectors/connector.js';
import type { DataSystem, SystemOutcome } from './model.js';
import type { PlannedTask } from './plan.js';
import type { TaskStore } from './task-store.js';

export interface RunTaskDeps {
  store: RequestStore;
  systems: { get(systemId: string): Promise<DataSystem | undefined> };
  connectors: ConnectorContext;
  /** Where the task's outcome is recorded as soon as it is known, so a request stopped later still shows it. */
  tasks: Pick<TaskStore, 'finish'>;
  now: () => Date;
}

export async function runSystemTask(task: PlannedTask, deps: RunTaskDeps): Promise<SystemOutcome> {
  const [request, system] = await Promise.all([deps.store.get(task.requestId), deps.systems.get(task.systemId)]);
  if (!request) throw new NotFoundError(`No request ${task.requestId}.`);
  const outcome: SystemOutcome = system
    ? await runBuiltInConnector(
        {
          requestId: request.id,
          system,
          action: task.action,
          subject: { email: request.subject.email, ...(request.subject.accountId ? { accountId: request.subject.accountId } : {}) },
        },
        deps.connectors,
      )
    : { systemId: task.systemId, action: task.action, outcome: 'failed', records: 0, error: 'the system is no longer in the inventory' };
  await deps.tasks.finish(task.taskId, outcome, deps.now().toISOString());
  return outcome;
}
