// Workflow step: moves a verified request to in-progress and plans each system's part.
import { beginFulfilment } from '../../shared/fulfilment/fulfil-request.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { beginDeps } from '../wiring/workflow.js';
import { PlanInput } from './workflow.schema.js';

export const handler = taskHandler(PlanInput, ({ requestId }) => beginFulfilment(requestId, beginDeps()));
