// GET /v1/requests/{id}: status, deadlines and verification of one request.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { getRequest } from '../../shared/requests/read-requests.js';
import { requestView } from '../../shared/requests/request-view.js';
import { requestReader } from '../wiring/requests.js';

export const handler = httpHandler({}, async ({ event }) => {
  const now = new Date();
  const record = await getRequest(requestReader(), event.pathParameters?.id ?? '', now);
  return jsonResult(200, requestView(record, now));
});
