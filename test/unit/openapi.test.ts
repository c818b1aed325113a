import { beforeAll, describe, expect, it, vi } from 'vitest';
import { routes } from '../../functions/routes.js';
import { buildOpenApiDocument, documentServers } from '../../shared/http/openapi.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';

type Operation = {
  operationId: string;
  summary: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
};

describe('GET /openapi.json', () => {
  let document: {
    openapi: string;
    info: { license: { name: string; identifier: string } };
    servers: { url: string }[];
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, { required?: string[] }>; securitySchemes: Record<string, { type: string; name?: string; scheme?: string }> };
  };
  const operation = (method: string, path: string) => document.paths[path]![method]!;

  beforeAll(async () => {
    vi.stubEnv('PUBLIC_BASE_URL', 'https://privacy.shop.test');
    const { handler } = await import('../../functions/platform/openapi.handler.js');
    const result = await handler(apiEvent({ httpMethod: 'GET', path: '/openapi.json' }), lambdaContext());
    expect(result.statusCode).toBe(200);
    document = JSON.parse(result.body);
    vi.unstubAllEnvs();
  });

  it('documents every route in the route table as OpenAPI 3.1, named by its function', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const route of routes) {
      const documented = operation(route.method.toLowerCase(), route.path);
      expect(documented.operationId).toBe(route.operationId ?? route.lambda);
      expect(documented.summary).toBe(route.summary);
      expect(documented.tags).toEqual(route.tags);
    }
    expect(document.components.schemas.Problem!.required).toEqual(['type', 'title', 'status', 'detail']);
  });

  it('lists the configured public base URL, then the local runtime', () => {
    expect(document.servers.map((server) => server.url)).toEqual(['https://privacy.shop.test', 'http://localhost:3000']);
    expect(documentServers('http://localhost:3000/').map((server) => server.url)).toEqual(['http://localhost:3000']);
  });

  it('says per route how a caller proves itself: SigV4 or the local key on system routes, the session cookie on console routes, a bearer token for DRP agents, nothing elsewhere', () => {
    expect(document.components.securitySchemes.sigv4).toMatchObject({ type: 'apiKey', name: 'Authorization', 'x-amazon-apigateway-authtype': 'awsSigv4' });
    expect(document.components.securitySchemes.localApiKey).toMatchObject({ type: 'apiKey', name: 'x-api-key' });
    expect(document.components.securitySchemes.drpBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const route of routes) {
      const { security, responses } = operation(route.method.toLowerCase(), route.path);
      if (route.auth === 'system') {
        expect(security, route.path).toEqual([{ sigv4: [] }, { localApiKey: [] }]);
        expect(Object.keys(responses), route.path).toEqual(expect.arrayContaining(['401', '403']));
      } else if (route.auth === 'console') {
        expect(security, route.path).toEqual([{ consoleSession: [] }]);
        // A browser asking for a page gets the sign-in page, as API Gateway's UNAUTHORIZED response does.
        expect(Object.keys(responses['401']?.content ?? {}), route.path).toEqual(['application/problem+json', 'text/html']);
        expect(Object.keys(responses['403']?.content ?? {}), route.path).toEqual(['application/problem+json']);
      } else {
        expect(security, route.path).toEqual(route.bearer ? [{ drpBearer: [] }] : []);
      }
      expect(Object.keys(responses), route.path).toContain('429');
    }
    expect(operation('get', '/v1/data-rights-request/{requestId}').security).toEqual([{ drpBearer: [] }]);
    expect(operation('get', '/health').security).toEqual([]);
    expect(document.components.securitySchemes.consoleSession).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'privacy_ops_console' });
    expect(operation('get', '/console/sign-in').security).toEqual([]);
  });

  it('documents the headers and bodies handlers read: Idempotency-Key, Sec-GPC, form posts and signed DRP text', () => {
    expect(operation('post', '/v1/requests').parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(operation('post', '/v1/consents').parameters).toContainEqual(expect.objectContaining({ name: 'Sec-GPC', in: 'header' }));
    expect(Object.keys(operation('post', '/v1/verify/{token}').requestBody!.content)).toEqual(['application/x-www-form-urlencoded']);
    expect(Object.keys(operation('post', '/v1/unsubscribe/{token}').requestBody!.content)).toEqual(['application/x-www-form-urlencoded']);
    for (const [method, path] of [
      ['post', '/v1/agent/{agentId}'],
      ['post', '/v1/data-rights-request'],
      ['delete', '/v1/data-rights-request/{requestId}'],
    ] as const) {
      expect(Object.keys(operation(method, path).requestBody!.content), path).toEqual(['text/plain']);
    }
    expect(operation('post', '/v1/requests').requestBody!.content['application/json']!.example).toEqual({
      type: 'deletion',
      jurisdiction: 'gdpr',
      subject: { email: 'anna.schmidt@example.com' },
    });
  });

  it('answers every problem status with the Problem schema', () => {
    for (const route of routes) {
      for (const [status, response] of Object.entries(operation(route.method.toLowerCase(), route.path).responses)) {
        const problem = response.content?.['application/problem+json'];
        if (problem) expect(problem.schema.$ref, `${route.path} ${status}`).toBe('#/components/schemas/Problem');
        // A refusal the route table declares without a body (DRP 1.0 §2.05.1's bare 403) has none.
        const declared = route.responses[Number(status)];
        const bodiless = declared !== undefined && !declared.schema && !declared.contentType;
        if (Number(status) >= 400 && !bodiless && !response.content?.['text/html']) expect(problem, `${route.path} ${status}`).toBeDefined();
      }
    }
  });

  it('documents the refusals the gateway answers before a handler runs: 413 for any body too large, 415 for a body of another type', () => {
    for (const route of routes) {
      const responses = operation(route.method.toLowerCase(), route.path).responses;
      const readsBody = Boolean(route.request?.body || route.request?.form || route.request?.text || route.request?.mail);
      // A subject's page route answers a page; another route that serves a page (the privacy center's form) either.
      const page =
        route.auth === 'subject'
          ? ['text/html']
          : route.responses[200]?.contentType === 'text/html'
            ? ['application/problem+json', 'text/html']
            : ['application/problem+json'];
      if (route.method === 'GET') expect(responses['413'], `${route.path}`).toBeUndefined();
      else expect(Object.keys(responses['413']?.content ?? {}), `${route.method} ${route.path} 413`).toEqual(page);
      if (readsBody) expect(Object.keys(responses['415']?.content ?? {}), `${route.method} ${route.path} 415`).toEqual(page);
      else expect(responses['415'], `${route.method} ${route.path}`).toBeUndefined();
    }
  });

  it('refuses two operations of one name: a function serving a second route gives it its own operationId', () => {
    const twice = [routes[0]!, { ...routes[1]!, lambda: routes[0]!.lambda }];
    expect(() => buildOpenApiDocument(twice, { title: 't', version: '1', description: 'd' }, [])).toThrow(/operationId must be unique/);
  });
});
