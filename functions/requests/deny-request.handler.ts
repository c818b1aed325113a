// POST /v1/requests/{id}/deny: refuses a request with a code and a reason, mailed with the right to complain.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { denyRequest } from '../../shared/requests/operator-actions.js';
import { requestView } from '../../shared/requests/request-view.js';
import { operatorDeps } from '../wiring/operator.js';
import { DenyRequestBody } from './request.schema.js';

export const handler = httpHandler({ body: DenyRequestBody }, async ({ body, event }) =>
  jsonResult(200, requestView(await denyRequest(event.pathParameters?.id ?? '', body.code, body.reason, operatorDeps()), new Date())),
);
