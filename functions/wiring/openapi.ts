// Wiring: the OpenAPI document, generated at build time from the route table (npm run openapi:document)
// and served with this deployment's base URL among its servers.
import { config } from '../../shared/config.js';
import { documentServers } from '../../shared/http/openapi-servers.js';
import { once } from '../../shared/once.js';
import document from '../openapi-document.json' with { type: 'json' };

/** The OpenAPI 3.1 document of this deployment. */
export const openApiDocument = /* @__PURE__ */ once(() => ({ ...document, servers: documentServers(config('publicBaseUrl')) }));
