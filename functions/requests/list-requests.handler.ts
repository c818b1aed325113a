// GET /v1/requests: a page of requests, filtered by status, type or overdue, with a cursor.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { listRequests } from '../../shared/requests/list-requests.js';
import { requestView } from '../../shared/requests/request-view.js';
import { jurisdictionTimeZones, requestReader } from '../wiring/requests.js';
import { ListRequestsQuery } from './request.schema.js';

export const handler = httpHandler({ query: ListRequestsQuery }, async ({ query }) => {
  const now = new Date();
  const page = await listRequests(requestReader(), query, now, Object.values(jurisdictionTimeZones()));
  return jsonResult(200, {
    items: page.items.map((record) => requestView(record, now)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  });
});
