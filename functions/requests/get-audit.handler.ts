// GET /v1/requests/{id}/audit: the request's event chain and whether it verifies.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { getAuditTrail } from '../../shared/requests/read-requests.js';
import { chainKey } from '../wiring/audit-key.js';
import { requestStore } from '../wiring/requests.js';

export const handler = httpHandler({}, async ({ event }) => {
  const trail = await getAuditTrail(requestStore(), chainKey, event.pathParameters?.id ?? '', new Date());
  return jsonResult(200, {
    requestId: trail.requestId,
    verification: trail.verification,
    events: trail.events.map(({ requestId: _requestId, ...event }) => event),
  });
});
