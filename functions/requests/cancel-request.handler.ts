// POST /v1/requests/{id}/cancel: cancels an open request and stops its fulfilment.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { cancelRequest } from '../../shared/requests/operator-actions.js';
import { requestView } from '../../shared/requests/request-view.js';
import { operatorDeps } from '../wiring/operator.js';

export const handler = httpHandler({}, async ({ event }) =>
  jsonResult(200, requestView(await cancelRequest(event.pathParameters?.id ?? '', operatorDeps()), new Date())),
);
