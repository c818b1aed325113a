// POST /v1/requests/{id}/resume: runs the fulfilment of a request that failed or stalled again.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { resumeRequest } from '../../shared/requests/operator-actions.js';
import { requestView } from '../../shared/requests/request-view.js';
import { operatorDeps } from '../wiring/operator.js';

export const handler = httpHandler({}, async ({ event }) =>
  jsonResult(200, requestView(await resumeRequest(event.pathParameters?.id ?? '', operatorDeps()), new Date())),
);
