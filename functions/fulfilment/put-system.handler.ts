// PUT /v1/systems/{systemId}: a company system registers itself in the data inventory, or updates its entry.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { newSigningSecret, registerSystem } from '../../shared/fulfilment/register-system.js';
import { systemPath, systemView } from '../../shared/fulfilment/system-view.js';
import { systemStore } from '../wiring/systems.js';
import { PutSystemBody } from './system.schema.js';

export const handler = httpHandler({ body: PutSystemBody }, async ({ body, event }) => {
  const systemId = event.pathParameters?.systemId ?? '';
  const { system, created, signingSecret } = await registerSystem(systemId, body, {
    store: systemStore(),
    now: () => new Date(),
    newSecret: newSigningSecret,
  });
  return jsonResult(created ? 201 : 200, { ...systemView(system), ...(signingSecret ? { signingSecret } : {}) }, { location: systemPath(systemId) });
});
