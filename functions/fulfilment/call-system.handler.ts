// Workflow step: calls a webhook system (signed) or notes a manual task; the task then waits for its report.
import { callSystem } from '../../shared/fulfilment/system-tasks.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { callDeps } from '../wiring/workflow.js';
import { CallSystemInput } from './workflow.schema.js';

export const handler = taskHandler(CallSystemInput, ({ task, taskToken }) => callSystem(task, taskToken, callDeps()));
