import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaSpec } from '../../shared/lambdas.js';
import type { RouteSpec } from '../../shared/http/route.js';
import { createGateway } from '../../local/gateway.js';
import { servesRoutesOutsideTheDocument } from '../support/contract-fetch.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';
import { PROJECT_ROOT } from '../support/stack.js';

// The gateway here serves test fixtures, not the API's routes: the OpenAPI document does not apply.
servesRoutesOutsideTheDocument();

const fixture = (entry: string): LambdaSpec => ({ entry, description: 'test fixture', tables: {}, buckets: {} });
const lambdas = { echo: fixture('test/fixtures/echo.handler.ts'), crash: fixture('test/fixtures/crash.handler.ts') };
const route = (method: RouteSpec['method'], path: string, auth: RouteSpec['auth'], lambda = 'echo'): RouteSpec => ({
  method,
  path,
  lambda,
  auth,
  summary: path,
  tags: [],
  responses: {},
});
const routes = [
  { ...route('GET', '/v1/things/{id}', 'system'), callers: ['filer', 'fulfilment'] as const },
  { ...route('PUT', '/v1/things/{id}', 'system'), callers: ['fulfilment'] as const },
  route('POST', '/v1/verify/{token}', 'subject'),
  route('GET', '/crash', 'public', 'crash'),
  { ...route('GET', '/limited/{token}', 'subject'), throttle: { rateLimit: 0.5, burstLimit: 2 } },
  { ...route('GET', '/v1/limited', 'system'), throttle: { rateLimit: 0.5, burstLimit: 1 } },
];

describe('local gateway', () => {
  let server: Server;
  let base: string;
  const log: string[] = [];

  beforeAll(async () => {
    server = createGateway({
      routes,
      lambdas,
      projectRoot: PROJECT_ROOT,
      apiKey: 'test-key',
      roleKeys: { filer: 'filer-key', fulfilment: 'fulfilment-key' },
      accessLog: (line) => log.push(line),
      controller: OTHER_CONTROLLER,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('builds a REST proxy event with path and query parameters for the matching route', async () => {
    const response = await fetch(`${base}/v1/things/abc%20d?tag=a&tag=b`, { headers: { 'x-api-key': 'test-key' } });
    expect(response.status).toBe(200);
    expect(response.headers.has('x-dropped')).toBe(false);
    expect(await response.json()).toEqual({
      resource: '/v1/things/{id}',
      path: '/v1/things/abc%20d',
      httpMethod: 'GET',
      pathParameters: { id: 'abc d' },
      queryStringParameters: { tag: 'b' },
      multiValueQueryStringParameters: { tag: ['a', 'b'] },
      body: null,
      isBase64Encoded: false,
      resourcePath: '/v1/things/{id}',
    });
  });

  it("keeps query and header names that are Object.prototype's own (valueOf, __proto__) as plain keys", async () => {
    // Act
    const response = await fetch(`${base}/v1/things/x?valueOf=1&__proto__=2&constructor=3&constructor=4`, {
      headers: { 'x-api-key': 'test-key', constructor: 'c', __proto__: 'p' } as unknown as Record<string, string>,
    });

    // Assess
    expect(response.status).toBe(200);
    const echoed = (await response.json()) as { queryStringParameters: Record<string, string>; multiValueQueryStringParameters: Record<string, string[]> };
    expect(echoed.queryStringParameters).toEqual({ valueOf: '1', ['__proto__']: '2', constructor: '4' });
    expect(echoed.multiValueQueryStringParameters.constructor).toEqual(['3', '4']);
    expect(({} as Record<string, unknown>).valueOf).toBe(Object.prototype.valueOf);
  });

  it('passes a JSON body as text and a binary body as base64', async () => {
    const json = await fetch(`${base}/v1/things/1`, {
      method: 'PUT',
      headers: { 'x-api-key': 'test-key', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(await json.json()).toMatchObject({ body: '{"a":1}', isBase64Encoded: false, contentType: 'application/json' });
    const binary = await fetch(`${base}/v1/things/1`, {
      method: 'PUT',
      headers: { 'x-api-key': 'test-key', 'content-type': 'application/pdf' },
      body: Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff]),
    });
    expect(await binary.json()).toMatchObject({ body: Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff]).toString('base64'), isBase64Encoded: true });
  });

  it('refuses a system route without the right API key with 401 problem+json', async () => {
    const attempts: Record<string, string>[] = [{}, { 'x-api-key': 'wrong' }];
    for (const headers of attempts) {
      const response = await fetch(`${base}/v1/things/1`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it("lets each role's key call its routes only, with 403 problem+json naming the roles a route is for", async () => {
    // Act
    const asFiler = await fetch(`${base}/v1/things/a`, { headers: { 'x-api-key': 'filer-key' } });
    const filerPuts = await fetch(`${base}/v1/things/a`, { method: 'PUT', headers: { 'x-api-key': 'filer-key' } });
    const systemPuts = await fetch(`${base}/v1/things/a`, { method: 'PUT', headers: { 'x-api-key': 'fulfilment-key' } });
    const operatorPuts = await fetch(`${base}/v1/things/a`, { method: 'PUT', headers: { 'x-api-key': 'test-key' } });

    // Assess
    expect([asFiler.status, filerPuts.status, systemPuts.status, operatorPuts.status]).toEqual([200, 403, 200, 200]);
    expect(filerPuts.headers.get('content-type')).toBe('application/problem+json');
    expect(await filerPuts.json()).toMatchObject({ status: 403, detail: 'The filer role may not call PUT /v1/things/{id}; it is for: operator, fulfilment.' });
  });

  it('lets a subject route through without a key', async () => {
    const response = await fetch(`${base}/v1/verify/tok`, { method: 'POST' });
    expect(response.status).toBe(200);
  });

  it('answers an unknown path with 404 and a known path with another method with 405 and Allow', async () => {
    const missing = await fetch(`${base}/v1/nothing/anna.schmidt@example.com`);
    expect(missing.status).toBe(404);
    const problem = (await missing.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 404, title: 'Not Found' });
    expect(JSON.stringify(problem)).not.toContain('anna.schmidt');
    const wrongMethod = await fetch(`${base}/v1/things/1`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, PUT');
    expect(wrongMethod.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers a handler that throws with a generic 500 problem', async () => {
    const response = await fetch(`${base}/crash`);
    expect(response.status).toBe(500);
    const problem = (await response.json()) as Record<string, string>;
    expect(problem.detail).not.toContain('boom');
    expect(problem.correlationId).toEqual(expect.any(String));
  });

  it('logs the route template, never the concrete path', async () => {
    await fetch(`${base}/v1/verify/secret-token-value`, { method: 'POST' });
    expect(log.some((line) => line.startsWith('POST /v1/verify/{token} 200'))).toBe(true);
    expect(log.join('\n')).not.toContain('secret-token-value');
  });

  it('limits a throttled page per client with a 429 page in the browser language and Retry-After, and other routes not at all', async () => {
    // Prepare
    const call = () => fetch(`${base}/limited/abc`, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });

    // Act
    const statuses = [(await call()).status, (await call()).status];
    const refused = await call();
    const otherRoute = await fetch(`${base}/v1/things/1`, { headers: { 'x-api-key': 'test-key' } });

    // Assess
    expect(statuses).toEqual([200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const page = await refused.text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('<h1>Zu viele Versuche</h1>');
    expect(page).toContain(`Verantwortlich für Ihre Daten: ${OTHER_CONTROLLER.name}`);
    expect(otherRoute.status).toBe(200);
  });

  it('limits a throttled system route with 429 problem+json', async () => {
    // Prepare
    const call = () => fetch(`${base}/v1/limited`, { headers: { 'x-api-key': 'test-key' } });

    // Act
    const first = await call();
    const refused = await call();

    // Assess
    expect(first.status).toBe(200);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
