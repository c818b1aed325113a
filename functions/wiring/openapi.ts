// Wiring: the OpenAPI document, built once per cold start from the route table and the configured base URL.
import { config } from '../../shared/config.js';
import { buildOpenApiDocument, documentServers } from '../../shared/http/openapi.js';
import { once } from '../../shared/once.js';
import { routes } from '../routes.js';

/** What the document says about the API as a whole. */
export const API_INFO = {
  title: 'privacy-ops',
  version: '0.1.0',
  description:
    'Data-subject rights: received, verified, carried out across systems, evidenced and answered. Company systems call the system routes (SigV4 in AWS, x-api-key locally); data subjects open the emailed pages; open-protocol agents and controllers use the OpenDSR and DRP routes.',
};

/** The OpenAPI 3.1 document of this deployment. */
export const openApiDocument = /* @__PURE__ */ once(() => buildOpenApiDocument(routes, API_INFO, documentServers(config('publicBaseUrl'))));
