// A local stand-in for API Gateway (REST, v1 proxy events): routes from the route table, the
// same handler modules, and problem+json for what API Gateway itself would refuse.
import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Handler } from 'aws-lambda';
import type { LambdaSpec } from '../shared/lambdas.js';
import type { PageController } from '../shared/pages/layout.js';
import {
  ForbiddenProblem,
  HttpProblem,
  MethodNotAllowedProblem,
  NotFoundProblem,
  PayloadTooLargeProblem,
  TooManyRequestsProblem,
  UnauthorizedProblem,
  internalProblem,
  problemResult,
  toProblemDocument,
} from '../shared/http/problem.js';
import { allowedCallers, matchPath, type CallerRole, type RouteSpec } from '../shared/http/route.js';
import { asksForPage, refusalForm } from '../shared/http/refusal-form.js';
import { LOCALES } from '../shared/domain/request-model.js';
import { acceptedLocale } from '../shared/text/languages.js';
import { errorPage } from '../shared/verification/outcome-page.js';
import { authorizeConsole, sessionContext, type SessionVerifier } from '../shared/console/session.js';
import { sessionCookie } from '../shared/console/hosted-sign-in.js';
import { CONSOLE_SIGN_IN_AGAIN, consolePageResult, renderSignedOut } from '../shared/pages/console-pages.js';
import { lambdaContext, loadLambdaHandler } from './lambda-runner.js';
import { LOCAL_SIGN_IN_PATH } from './console-identity.js';

/** API Gateway refuses payloads above 10 MB before any function sees them. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface GatewayOptions {
  routes: readonly RouteSpec[];
  lambdas: Readonly<Record<string, LambdaSpec>>;
  projectRoot: string;
  /** The operator's key: every system route. */
  apiKey: string;
  /** Keys of the other caller roles, each limited to the routes its role may call. */
  roleKeys?: Partial<Record<CallerRole, string>>;
  /** One line per call: method, route template (never the concrete path: it may hold a token), status, ms. */
  accessLog?: (line: string) => void;
  /** The largest body it lets through: API Gateway's 10 MB by default (tests of the refusal use less). */
  maxBodyBytes?: number;
  /** Apply the routes' per-client throttles (default true; tests of other behaviour may turn it off). */
  throttling?: boolean;
  /** The controller the pages of the gateway's own refusals name, as the stack bakes it into API Gateway's. */
  controller: PageController;
  /**
   * The console's sessions: the verifier the AWS authorizer uses too, and the local one-time sign-ins
   * (redeemed at LOCAL_SIGN_IN_PATH, which the gateway answers itself). Without it console routes refuse every call.
   */
  console?: { verify: SessionVerifier; redeem(ticket: string): Promise<string | undefined> };
}

type ProxyHandler = Handler<APIGatewayProxyEvent, APIGatewayProxyResult>;

const TEXT_TYPES = /^(application\/([\w.+-]*json|x-www-form-urlencoded|xml)|text\/)/i;

function sameSecret(offered: string | undefined, expected: string): boolean {
  if (offered === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(offered), digest(expected));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        reject(new PayloadTooLargeProblem(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Groups name/value pairs as API Gateway's single- and multi-value maps. A Map first, then
 * Object.fromEntries: names such as `__proto__` or `valueOf` become plain own keys, as they arrive.
 */
function valueMaps(pairs: Iterable<readonly [string, string]>) {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const values = grouped.get(name);
    if (values) values.push(value);
    else grouped.set(name, [value]);
  }
  return {
    single: Object.fromEntries([...grouped].map(([name, values]) => [name, values.at(-1)!])) as Record<string, string>,
    multi: Object.fromEntries(grouped) as Record<string, string[]>,
  };
}

function headerMaps(req: IncomingMessage) {
  const pairs: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  const { multi } = valueMaps(pairs);
  // API Gateway joins repeated headers with commas in the single-value map.
  const headers = Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values.join(',')])) as Record<string, string>;
  return { headers, multiValueHeaders: multi };
}

function queryMaps(url: URL) {
  const { single, multi } = valueMaps(url.searchParams);
  const empty = Object.keys(single).length === 0;
  return { queryStringParameters: empty ? null : single, multiValueQueryStringParameters: empty ? null : multi };
}

/** Writes a proxy result as API Gateway would: headers without a value are dropped, not sent. */
function send(res: ServerResponse, result: APIGatewayProxyResult) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '', 'utf8');
  res.writeHead(result.statusCode, { ...headers, 'content-length': String(body.byteLength) });
  res.end(body);
}

/**
 * The page for what the gateway refused on a route that answers it as a page: the console's sign-in
 * page for a missing or expired session (as API Gateway's UNAUTHORIZED response), else the refusal
 * page of its status in the person's language, with the problem's headers (Retry-After).
 */
function refusalPage(route: RouteSpec, problem: HttpProblem, acceptLanguage: string | undefined, controller: PageController): APIGatewayProxyResult {
  if (route.auth === 'console' && problem instanceof UnauthorizedProblem) return consolePageResult(401, renderSignedOut(CONSOLE_SIGN_IN_AGAIN, controller));
  const page = errorPage(problem.status, acceptedLocale(acceptLanguage, LOCALES) ?? 'en', controller);
  return { ...page, headers: { ...page.headers, ...problem.extra.headers } };
}

/** Creates the HTTP server; it is not listening yet. */
export function createGateway(options: GatewayOptions): Server {
  const keys: Partial<Record<CallerRole, string>> = { ...options.roleKeys, operator: options.apiKey };
  const handlers = new Map<string, Promise<ProxyHandler>>();
  const loadHandler = (lambdaId: string): Promise<ProxyHandler> => {
    let loaded = handlers.get(lambdaId);
    if (!loaded) {
      const spec = options.lambdas[lambdaId];
      if (!spec) throw new Error(`Route names unknown lambda ${lambdaId}`);
      loaded = loadLambdaHandler(options.projectRoot, spec.entry) as Promise<ProxyHandler>;
      handlers.set(lambdaId, loaded);
    }
    return loaded;
  };

  // Token buckets per client address and route: the local stand-in for API Gateway's route throttling.
  const buckets = new Map<string, { tokens: number; at: number }>();
  const throttle = (route: RouteSpec, client: string) => {
    const { rateLimit, burstLimit } = route.throttle!;
    const key = `${client} ${route.method} ${route.path}`;
    const now = performance.now();
    const bucket = buckets.get(key) ?? { tokens: burstLimit, at: now };
    bucket.tokens = Math.min(burstLimit, bucket.tokens + ((now - bucket.at) / 1000) * rateLimit);
    bucket.at = now;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) throw new TooManyRequestsProblem(Math.ceil((1 - bucket.tokens) / rateLimit));
    bucket.tokens -= 1;
  };

  /** A one-time sign-in printed by npm start: the session cookie, then on to the queue. */
  async function localSignIn(url: URL): Promise<APIGatewayProxyResult> {
    const idToken = await options.console?.redeem(url.searchParams.get('ticket') ?? '');
    if (!idToken) {
      return consolePageResult(
        410,
        renderSignedOut('This sign-in link has been used or was never issued: restart npm start for new ones.', options.controller),
      );
    }
    // Plain http on localhost: the one place the cookie goes without Secure.
    return {
      statusCode: 303,
      headers: { location: '/console/requests', 'cache-control': 'no-store', 'set-cookie': sessionCookie(idToken, 3600, false) },
      body: '',
    };
  }

  /** What the console authorizer does in AWS: the session from the cookie, or 401 (none, expired, forged) / 403 (no console group). */
  async function consoleAuthorizer(req: IncomingMessage): Promise<Record<string, string>> {
    const judged = options.console ? await authorizeConsole(req.headers.cookie, options.console.verify) : ({ refusal: 'missing' } as const);
    if ('refusal' in judged) {
      if (judged.refusal === 'no-console-group') throw new ForbiddenProblem('The session belongs to no console group.');
      throw new UnauthorizedProblem(
        judged.refusal === 'expired'
          ? 'The console session has expired: sign in again at /console/sign-in.'
          : 'This route needs a console session: sign in at /console/sign-in.',
      );
    }
    // API Gateway hands a Lambda authorizer's context to the function with every value as a string.
    return { principalId: judged.session.sub, ...Object.fromEntries(Object.entries(sessionContext(judged.session)).map(([k, v]) => [k, String(v)])) };
  }

  async function respond(req: IncomingMessage, requestId: string): Promise<{ result: APIGatewayProxyResult; route?: RouteSpec }> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === LOCAL_SIGN_IN_PATH && method === 'GET') return { result: await localSignIn(url) };
    const matches = options.routes
      .map((route) => ({ route, params: matchPath(route.path, url.pathname) }))
      .filter((m): m is { route: RouteSpec; params: Record<string, string> } => m.params !== undefined);
    if (matches.length === 0) throw new NotFoundProblem('No route matches this path; GET /openapi.json lists the routes.');
    const match = matches.find((m) => m.route.method === method);
    if (!match) {
      throw new MethodNotAllowedProblem(method, matches[0]!.route.path, [...new Set(matches.map((m) => m.route.method))]);
    }
    const { route, params } = match;
    const { headers, multiValueHeaders } = headerMaps(req);
    let raw: Buffer;
    let authorizer: Record<string, string> | null = null;
    try {
      if (route.throttle && options.throttling !== false) throttle(route, req.socket.remoteAddress ?? 'unknown');
      if (route.auth === 'system') {
        const offered = req.headers['x-api-key'] as string | undefined;
        const role = (Object.entries(keys) as [CallerRole, string][]).find(([, key]) => sameSecret(offered, key))?.[0];
        if (!role) throw new UnauthorizedProblem();
        if (!allowedCallers(route).includes(role)) {
          throw new ForbiddenProblem(`The ${role} role may not call ${route.method} ${route.path}; it is for: ${allowedCallers(route).join(', ')}.`);
        }
      }
      if (route.auth === 'console') authorizer = await consoleAuthorizer(req);
      raw = await readBody(req, options.maxBodyBytes ?? GATEWAY_MAX_BODY_BYTES);
    } catch (error) {
      // A page or problem+json, by the rule the OpenAPI document states too (refusalForm).
      if (error instanceof HttpProblem) {
        const form = refusalForm(route, error.status);
        if (form === 'page' || (form === 'page-if-asked' && asksForPage(req.headers.accept))) {
          return { result: refusalPage(route, error, req.headers['accept-language'], options.controller), route };
        }
      }
      throw error;
    }
    const isText = TEXT_TYPES.test(req.headers['content-type'] ?? 'application/json');
    const hasBody = raw.byteLength > 0;
    const event: APIGatewayProxyEvent = {
      resource: route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders,
      ...queryMaps(url),
      pathParameters: Object.keys(params).length ? params : null,
      stageVariables: null,
      body: hasBody ? raw.toString(isText ? 'utf8' : 'base64') : null,
      isBase64Encoded: hasBody && !isText,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer,
        protocol: `HTTP/${req.httpVersion}`,
        httpMethod: method,
        identity: {
          accessKey: null,
          accountId: null,
          apiKey: null,
          apiKeyId: null,
          caller: null,
          clientCert: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          user: null,
          userAgent: headers['user-agent'] ?? headers['User-Agent'] ?? null,
          userArn: null,
        },
        path: `/local${url.pathname}`,
        stage: 'local',
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: route.path,
        resourcePath: route.path,
      },
    };
    const spec = options.lambdas[route.lambda]!;
    const handler = await loadHandler(route.lambda);
    const context = lambdaContext(`privacy-ops-${route.lambda}`, randomUUID(), spec.timeoutSeconds ?? 29);
    const result = await handler(event, context, () => undefined);
    if (!result) throw new Error(`Handler of ${route.lambda} returned nothing`);
    return { result, route };
  }

  return createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    respond(req, requestId)
      .catch((error: unknown) => {
        if (error instanceof HttpProblem) {
          return { result: problemResult(toProblemDocument(error, requestId), error.extra.headers), route: undefined };
        }
        // A handler must never throw past its middleware; if one does, the caller still gets a problem.
        options.accessLog?.(`handler crashed: ${(error as Error)?.name ?? 'Error'}`);
        return { result: problemResult(internalProblem(requestId)), route: undefined };
      })
      .then(({ result, route }) => {
        send(res, result);
        const ms = (performance.now() - started).toFixed(1);
        options.accessLog?.(`${req.method} ${route?.path ?? '(no route)'} ${result.statusCode} ${ms}ms`);
      })
      .catch((error: unknown) => {
        options.accessLog?.(`reply failed: ${(error as Error)?.name ?? 'Error'}`);
        if (!res.headersSent) send(res, problemResult(internalProblem(requestId)));
        else res.destroy();
      });
  });
}
