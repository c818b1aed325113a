// Every answer an integration test gets from the API is checked against the OpenAPI document: the
// status must be documented for its route, and a JSON body must match its schema. A breach fails
// the test that received it, naming the route, the status and what broke. Calls to the emulators and
// the mailbox match no route of the document and pass unchecked. Installed for every test file (see
// vitest.config.ts) and active in the integration suites, which are the ones that call the API.
import { afterEach, expect } from 'vitest';
import { routes } from '../../functions/routes.js';
import { API_INFO } from '../../functions/wiring/openapi.js';
import { buildOpenApiDocument, documentServers } from '../../shared/http/openapi.js';
import { contractChecker, type OpenApiDocument } from './openapi-contract.js';

const NO_OPERATION = 'no such operation in the document';

let checking = true;

/**
 * Turns the check off for the calling test file: for a suite that serves routes of its own (a
 * gateway over test fixtures) rather than the API the document describes.
 */
export function servesRoutesOutsideTheDocument(): void {
  checking = false;
}

const inIntegrationSuite = () => /[/\\]test[/\\]integration[/\\]/.test(expect.getState().testPath ?? '');

if (inIntegrationSuite()) {
  const document = buildOpenApiDocument(routes, API_INFO, documentServers('http://localhost:3000')) as unknown as OpenApiDocument;
  const checker = contractChecker(document);
  const breaches: string[] = [];
  const original = globalThis.fetch;

  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const request = input instanceof Request ? input : new Request(input, init);
    // A followed redirect answers for the last URL (a 303 after a POST is fetched with GET).
    const url = new URL(response.redirected ? response.url : request.url);
    const method = response.redirected ? 'GET' : request.method;
    if (checking && (url.hostname === 'localhost' || url.hostname === '127.0.0.1')) {
      const body = await response.clone().text();
      const found = checker.check(method, url.href, response.status, response.headers.get('content-type'), body);
      breaches.push(...found.filter((breach) => !breach.endsWith(NO_OPERATION)));
    }
    return response;
  };

  afterEach(() => {
    const found = breaches.splice(0);
    expect(found, 'answers that break the OpenAPI document').toEqual([]);
  });
}
