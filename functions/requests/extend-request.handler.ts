// POST /v1/requests/{id}/extend: one extension, as far as the law allows, with the reason mailed to the subject.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { extendRequest } from '../../shared/requests/operator-actions.js';
import { requestView } from '../../shared/requests/request-view.js';
import { operatorDeps } from '../wiring/operator.js';
import { ExtendRequestBody } from './request.schema.js';

export const handler = httpHandler({ body: ExtendRequestBody }, async ({ body, event }) =>
  jsonResult(200, requestView(await extendRequest(event.pathParameters?.id ?? '', body.reason, operatorDeps()), new Date())),
);
