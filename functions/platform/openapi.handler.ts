// GET /openapi.json: the contract, generated once per cold start from the route table.
import { buildOpenApiDocument } from '../../shared/http/openapi.js';
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { routes } from '../routes.js';

const document = buildOpenApiDocument(routes, {
  title: 'privacy-ops',
  version: '0.1.0',
  description: 'Data-subject rights: received, verified, carried out across systems, evidenced and answered.',
});

export const handler = httpHandler({}, async () => jsonResult(200, document));
