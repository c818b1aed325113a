// One system's part through its built-in connector, for the subject of the task's request.
import { NotFoundError } from '../errors.js';
import type { RequestStore } from '../requests/request-store.js';
import { runBuiltInConnector, type ConnectorContext } from './connectors/connector.js';
import type { DataSystem, SystemOutcome } from './model.js';
import type { PlannedTask } from './plan.js';

export interface RunTaskDeps {
  store: RequestStore;
  systems: { get(systemId: string): Promise<DataSystem | undefined> };
  connectors: ConnectorContext;
}

export async function runSystemTask(task: PlannedTask, deps: RunTaskDeps): Promise<SystemOutcome> {
  const [request, system] = await Promise.all([deps.store.get(task.requestId), deps.systems.get(task.systemId)]);
  if (!request) throw new NotFoundError(`No request ${task.requestId}.`);
  if (!system) return { systemId: task.systemId, action: task.action, outcome: 'failed', records: 0, error: 'the system is no longer in the inventory' };
  return runBuiltInConnector(
    {
      requestId: request.id,
      system,
      action: task.action,
      subject: { email: request.subject.email, ...(request.subject.accountId ? { accountId: request.subject.accountId } : {}) },
    },
    deps.connectors,
  );
}
