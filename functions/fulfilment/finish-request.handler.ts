// Workflow step: records each system's outcome, closes the request and mails the answer.
import { finishFulfilment } from '../../shared/fulfilment/fulfil-request.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { finishDeps } from '../wiring/workflow.js';
import { FinishInput } from './workflow.schema.js';

export const handler = taskHandler(FinishInput, (input) => finishFulfilment(input, finishDeps()));
