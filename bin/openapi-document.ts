// npm run openapi:document: writes functions/openapi-document.json, the OpenAPI document of the route
// table and its zod schemas, so the openapi function serves it without building it at each cold start;
// test/unit/openapi-document.test.ts fails when the file is stale.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { routes } from '../functions/routes.js';
import { API_INFO } from '../functions/wiring/openapi.js';
import { buildOpenApiDocument } from '../shared/http/openapi.js';

/** Where the generated document lives, beside the route table it comes from. */
export const OPENAPI_DOCUMENT_FILE = fileURLToPath(new URL('../functions/openapi-document.json', import.meta.url));

/**
 * The document of the current route table as the file holds it: without servers, which each
 * deployment adds from its own base URL when it serves the document (functions/wiring/openapi.ts).
 */
export function openApiDocumentText(): string {
  return `${JSON.stringify(buildOpenApiDocument(routes, API_INFO, []), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(OPENAPI_DOCUMENT_FILE, openApiDocumentText());
  console.log(`Wrote ${OPENAPI_DOCUMENT_FILE}`);
}
