// GET /v1/systems: the whole data inventory.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { listSystems } from '../../shared/fulfilment/read-systems.js';
import { systemView } from '../../shared/fulfilment/system-view.js';
import { systemStore } from '../wiring/systems.js';

export const handler = httpHandler({}, async () => {
  const systems = await listSystems(systemStore());
  return jsonResult(200, { items: systems.map(systemView) });
});
