// Wiring: the OpenAPI document, generated at build time from the route table (npm run openapi:document)
// and served with this deployment's base URL among its servers.
import { config } from '../../shared/config.js';
import type { OpenApiInfo } from '../../shared/http/openapi.js';
import { documentServers } from '../../shared/http/openapi-servers.js';
import { once } from '../../shared/once.js';
import document from '../openapi-document.json' with { type: 'json' };

/** What the document says about the API as a whole (npm run openapi:document writes it in). */
export const API_INFO: OpenApiInfo = {
  title: 'privacy-ops',
  version: '0.1.0',
  description:
    'Data-subject rights: received, verified, carried out across systems, evidenced and answered. Company systems call the system routes (SigV4 in AWS, x-api-key locally); data subjects open the emailed pages; open-protocol agents and controllers use the OpenDSR and DRP routes.',
};

/** The OpenAPI 3.1 document of this deployment. */
export const openApiDocument = /* @__PURE__ */ once(() => ({ ...document, servers: documentServers(config('publicBaseUrl')) }));
