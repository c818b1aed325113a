// Workflow step, on the error path: marks the request failed for an operator, with what failed.
import { markFulfilmentFailed } from '../../shared/fulfilment/fulfil-request.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { failDeps } from '../wiring/workflow.js';
import { MarkFailedInput } from './workflow.schema.js';

export const handler = taskHandler(MarkFailedInput, ({ requestId, failure }) => markFulfilmentFailed(requestId, failure, failDeps()));
