// The local gateway's own refusals on every route of the API, asked for by a browser and by a
// script, against what the OpenAPI document says each refusal comes as: a page, problem+json, or
// either by the caller's Accept header. Both follow refusalForm; this holds them together.
import { request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { API_INFO } from '../../functions/wiring/openapi.js';
import { createGateway } from '../../local/gateway.js';
import type { ConsoleSession } from '../../shared/console/session.js';
import { SESSION_COOKIE } from '../../shared/console/session.js';
import { buildOpenApiDocument } from '../../shared/http/openapi.js';
import { allowedCallers, CALLER_ROLES, matchPath, type CallerRole, type RouteSpec } from '../../shared/http/route.js';
import { lambdas } from '../../shared/lambdas.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';
import { PROJECT_ROOT } from '../support/stack.js';

const MAX_BODY = 64;
const OPERATOR_KEY = 'operator-key';
const ROLE_KEYS = Object.fromEntries(CALLER_ROLES.filter((role) => role !== 'operator').map((role) => [role, `${role}-key`])) as Partial<
  Record<CallerRole, string>
>;
const SESSION: ConsoleSession = { sub: 'op-1', role: 'admin', expiresAt: 4_102_444_800, csrf: 'csrf' };
const ACCEPTS = {
  browser: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  script: 'application/json',
} as const;

type Document = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
const document = buildOpenApiDocument(routes, API_INFO, []) as unknown as Document;

/** The media types the document gives a route's `status`. */
const documented = (route: RouteSpec, status: number) =>
  Object.keys(document.paths[route.path]?.[route.method.toLowerCase()]?.responses[String(status)]?.content ?? {}).sort();

/** The route's path with every parameter filled in. */
const concrete = (route: RouteSpec) => route.path.replace(/\{[^}]+\}/g, 'x1');

interface Call {
  headers?: Record<string, string>;
  /** Bytes of body to send: past the gateway's limit gives 413. */
  bodyBytes?: number;
}

describe("the local gateway's refusals and the OpenAPI document", () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createGateway({
      routes,
      lambdas,
      projectRoot: PROJECT_ROOT,
      apiKey: OPERATOR_KEY,
      roleKeys: ROLE_KEYS,
      controller: OTHER_CONTROLLER,
      maxBodyBytes: MAX_BODY,
      console: {
        verify: async (token) => (token === 'no-group' ? { refusal: 'no-console-group' } : token === 'valid' ? { session: SESSION } : { refusal: 'invalid' }),
        redeem: async () => undefined,
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** One call through node:http, which (unlike fetch) sends a body with a GET too. */
  const call = (route: RouteSpec, { headers = {}, bodyBytes = 0 }: Call): Promise<{ status: number; type: string }> =>
    new Promise((resolve, reject) => {
      const body = Buffer.alloc(bodyBytes, 'a');
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: route.method,
          path: concrete(route),
          headers: { ...headers, ...(bodyBytes ? { 'content-length': String(bodyBytes) } : {}) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: (res.headers['content-type'] ?? '').split(';')[0]!.trim() }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  /** A call the gateway refuses with `status` before the function runs, or undefined where it cannot on this route. */
  function refusalCall(route: RouteSpec, status: 401 | 403 | 413): Call | undefined {
    const cookie = (token: string) => ({ cookie: `${SESSION_COOKIE}=${token}` });
    const credentials: Record<string, string> = route.auth === 'system' ? { 'x-api-key': OPERATOR_KEY } : route.auth === 'console' ? cookie('valid') : {};
    if (status === 401) return route.auth === 'system' || route.auth === 'console' ? {} : undefined;
    if (status === 403) {
      if (route.auth === 'console') return { headers: cookie('no-group') };
      const barred = CALLER_ROLES.find((role) => role !== 'operator' && !allowedCallers(route).includes(role));
      return route.auth === 'system' && barred ? { headers: { 'x-api-key': ROLE_KEYS[barred]! } } : undefined;
    }
    return route.method === 'GET' ? undefined : { headers: credentials, bodyBytes: MAX_BODY + 1 };
  }

  /** Calls the gateway refuses without running the function until the route's throttle refuses one (429). */
  async function throttled(route: RouteSpec, accept: string): Promise<{ status: number; type: string }> {
    const spend: Call = route.auth === 'system' || route.auth === 'console' ? {} : { bodyBytes: MAX_BODY + 1 };
    for (let i = 0; i < route.throttle!.burstLimit + 100; i++) {
      const answer = await call(route, { ...spend, headers: { ...spend.headers, accept } });
      if (answer.status === 429) return answer;
    }
    throw new Error(`${route.method} ${route.path} was never throttled`);
  }

  it('reaches every route by its own path', () => {
    const shadowed = routes.filter((route) => routes.find((r) => r.method === route.method && matchPath(r.path, concrete(route))) !== route);
    expect(shadowed.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))('answers the refusals of %s as the document says', async (_, route) => {
    // Prepare
    const checked: { status: number; answered: string[]; documented: string[] }[] = [];

    // Act
    for (const status of [401, 403, 413] as const) {
      const refused = refusalCall(route, status);
      if (!refused) continue;
      const answers = await Promise.all(Object.values(ACCEPTS).map((accept) => call(route, { ...refused, headers: { ...refused.headers, accept } })));
      expect(answers.map((a) => a.status)).toEqual([status, status]);
      checked.push({ status, answered: [...new Set(answers.map((a) => a.type))].sort(), documented: documented(route, status) });
    }
    if (route.throttle) {
      const answers = [await throttled(route, ACCEPTS.browser), await throttled(route, ACCEPTS.script)];
      checked.push({ status: 429, answered: [...new Set(answers.map((a) => a.type))].sort(), documented: documented(route, 429) });
    }

    // Assess: the media types a browser and a script got are the ones the document names, no more, no fewer
    for (const { status, answered, documented } of checked) expect(answered, `${route.method} ${route.path} ${status}`).toEqual(documented);
  });
});
