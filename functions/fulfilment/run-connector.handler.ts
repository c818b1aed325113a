// Workflow step: one system's part through a built-in connector.
import { runSystemTask } from '../../shared/fulfilment/run-system-task.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { connectorDeps } from '../wiring/workflow.js';
import { RunConnectorInput } from './workflow.schema.js';

export const handler = taskHandler(RunConnectorInput, ({ task }) => runSystemTask(task, connectorDeps()));
