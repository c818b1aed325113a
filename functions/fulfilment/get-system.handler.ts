// GET /v1/systems/{systemId}: one system of the data inventory.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { getSystem } from '../../shared/fulfilment/read-systems.js';
import { systemView } from '../../shared/fulfilment/system-view.js';
import { systemStore } from '../wiring/systems.js';

export const handler = httpHandler({}, async ({ event }) => {
  const system = await getSystem(systemStore(), event.pathParameters?.systemId ?? '');
  return jsonResult(200, systemView(system));
});
