// OpenAPI 3.1 generated from the route table and its zod schemas: one source for both.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import type { OpenApiServer } from './openapi-servers.js';
import { refusalForm } from './refusal-form.js';
import type { RouteResponse, RouteSpec } from './route.js';

// Where the servers lived before they had their own module; the callers that build documents import them from here.
export { documentServers, type OpenApiServer } from './openapi-servers.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    correlationId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or a field is invalid; `errors` names each field',
  401: 'Missing or invalid credentials',
  403: 'The caller may not do this',
  404: 'No such resource',
  409: 'The resource is not in a state that allows this',
  410: 'The resource is gone: its time has passed',
  413: 'The body is too large',
  415: 'The body is not JSON',
  422: 'The request cannot be carried out as asked (`errors` says why): an Idempotency-Key used with another body, an objection whose scope reaches no system',
  429: 'Too many requests: retry after the Retry-After seconds, with backoff',
  500: 'A failure on our side; quote the correlation id',
};

/** Problem+json responses for the given statuses, for a route's `responses`. */
export function problemResponses(...statuses: number[]): Record<number, RouteResponse> {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem', schema: ProblemSchema, contentType: PROBLEM_CONTENT_TYPE }]),
  );
}

/**
 * The tags a route may carry, each with what it groups. A route with a tag not named here fails the
 * document's lint (operation-tag-defined), so a new group is described before it is used.
 */
export const API_TAGS: Record<string, string> = {
  platform: 'Health, this document and its reference page',
  requests: 'Rights requests: file, read, list, extend, deny, cancel, resume, audit',
  verification: 'How a data subject confirms a request: the emailed link and the knowledge check (pages people open)',
  inventory: 'The data inventory: the systems that hold personal data and how each is reached',
  fulfilment: "Carrying a request out: systems' task reports and the subject's export download",
  notices: 'Registers the law asks for, such as direct-marketing disclosures (Cal. Civ. Code 1798.83)',
  preferences: 'Consents, objections, Global Privacy Control and marketing mail with its unsubscribe link',
  policies: 'Privacy-policy versions and the notice campaigns of material changes',
  retention: 'Deletion when data is no longer needed, such as resolved support cases',
  'open protocols': 'OpenDSR v2 and the Data Rights Protocol v1.0, for outside controllers and authorized agents',
  'privacy center': "People's own page: the rights under each law, filing one with a proof of work, following a request and cancelling it",
  intake: 'Email to the privacy address: a mail handed in by an operator, and the triage inbox of mails a person must read',
  console: "The operator console: the privacy team's pages, signed in with the user pool (docs/console.md)",
  reports: 'Accountability: the yearly requests report (CCPA regulations § 7102, GDPR Art. 5(2)) and the summary behind the charts',
};

/** The security schemes, by name. */
export const SECURITY_SCHEMES = {
  sigv4: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      "In AWS, system routes take AWS Signature Version 4: sign each request for the service `execute-api` in the API's region with credentials of an IAM identity allowed `execute-api:Invoke` on the route (an `Authorization: AWS4-HMAC-SHA256 …` header with `X-Amz-Date`, and `X-Amz-Security-Token` for temporary credentials). Unsigned or wrongly signed calls get 403 from the gateway.",
    'x-amazon-apigateway-authtype': 'awsSigv4',
  },
  localApiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description:
      'In the local runtime (`npm start`), system routes take one of the API keys it prints, one per caller role, in `x-api-key`; a missing or unknown key gets 401, a key whose role may not call the route 403. The AWS deployment does not read this header.',
  },
  consoleSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'privacy_ops_console',
    description:
      "The operator console's session: the ID token the user pool issued at sign-in (GET /console/sign-in; locally, a one-time sign-in npm start prints), in an HttpOnly, SameSite=Strict cookie. A missing or expired session gets 401, a session without a console group 403; every form posts the session's form token (`csrf`), and an action from a viewer, or without the token, gets 403. A system key or SigV4 signature does not open these routes.",
  },
  drpBearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      "Data Rights Protocol agents: the token `POST /v1/agent/{agentId}` issued, checked by the function itself (the gateway lets these routes through). Messages in bodies are also signed with the agent's enrolled Ed25519 key.",
  },
} as const;

/** Who may call a route, as the document's `security` says it. */
function routeSecurity(route: RouteSpec): Record<string, string[]>[] {
  if (route.auth === 'system') return [{ sigv4: [] }, { localApiKey: [] }];
  if (route.auth === 'console') return [{ consoleSession: [] }];
  if (route.bearer) return [{ drpBearer: [] }];
  return [];
}

/**
 * Answers the gateway gives before a function runs, documented on every route they can reach: a
 * system route is refused without credentials (401 locally, 403 in AWS), and every route is throttled.
 */
function gatewayResponses(route: RouteSpec): Record<number, RouteResponse> {
  // Any call but a GET may carry a body, and one above the limit is refused; a route that reads a
  // body refuses one of another media type.
  const readsBody = Boolean(route.request?.body || route.request?.form || route.request?.text);
  const statuses = [
    ...(route.auth === 'system' || route.auth === 'console' ? [401, 403] : []),
    ...(route.method !== 'GET' ? [413] : []),
    ...(readsBody ? [415] : []),
    429,
  ];
  const responses = problemResponses(...statuses.filter((status) => !(status in route.responses)));
  if (responses[415] && !route.request?.body) {
    responses[415] = {
      ...responses[415],
      description: route.request?.form ? 'The body is not a form (application/x-www-form-urlencoded)' : 'The body is not text',
    };
  }
  // A page, problem+json or either by the caller's Accept: the rule the local gateway answers by.
  for (const [status, response] of Object.entries(responses)) {
    const form = refusalForm(route, Number(status));
    if (form === 'page') responses[Number(status)] = { description: response.description, contentType: 'text/html' };
    if (form === 'page-if-asked') responses[Number(status)] = { ...response, alsoContentTypes: ['text/html'] };
  }
  if (route.auth === 'console') {
    // A browser asking for a page gets the sign-in page, as API Gateway's UNAUTHORIZED response does.
    if (responses[401]) responses[401] = { ...responses[401], description: 'No session, or it has expired: sign in again at GET /console/sign-in' };
    if (responses[403])
      responses[403] = { ...responses[403], description: 'The session has no console group, or (an action) its role only reads or the form token is missing' };
    return responses;
  }
  if (responses[401]) responses[401] = { ...responses[401], description: 'Local runtime: no or a wrong x-api-key' };
  if (responses[403]) {
    responses[403] = { ...responses[403], description: "AWS: the request is not SigV4-signed; anywhere: the caller's role may not call this route" };
  }
  return responses;
}

/** One operation's `responses`, each status with its content type, schema and example. */
function documentedResponses(route: RouteSpec) {
  const all = { ...route.responses, ...gatewayResponses(route) };
  return Object.fromEntries(
    Object.entries(all).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.schema || response.example !== undefined
          ? {
              content: {
                [response.contentType ?? 'application/json']: {
                  schema: response.schema ?? z.string(),
                  ...(response.example !== undefined ? { example: response.example } : {}),
                },
                // The same answer in other forms (a report as CSV or a page beside its JSON), each a text body.
                ...Object.fromEntries((response.alsoContentTypes ?? []).map((type) => [type, { schema: z.string() }])),
              },
            }
          : response.contentType
            ? { content: Object.fromEntries([response.contentType, ...(response.alsoContentTypes ?? [])].map((type) => [type, { schema: z.string() }])) }
            : {}),
      },
    ]),
  );
}

/** The request body an operation reads: JSON, a form post or signed text, with its example. */
function documentedBody(route: RouteSpec) {
  const request = route.request;
  const example = request?.example !== undefined ? { example: request.example } : {};
  if (request?.body) return { body: { required: true, content: { 'application/json': { schema: request.body, ...example } } } };
  if (request?.form) return { body: { required: false, content: { 'application/x-www-form-urlencoded': { schema: request.form, ...example } } } };
  if (request?.text) return { body: { required: true, content: { 'text/plain': { schema: request.text, ...example } } } };
  if (request?.mail) return { body: { required: true, content: { 'message/rfc822': { schema: request.mail, ...example } } } };
  return {};
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

/**
 * Builds the OpenAPI 3.1 document for `routes`. Each operation's id is its route's `operationId`, else
 * its Lambda id; a generated client names its calls after it, so the builder refuses duplicates.
 */
export function buildOpenApiDocument(routes: readonly RouteSpec[], info: OpenApiInfo, servers: readonly OpenApiServer[]) {
  const registry = new OpenAPIRegistry();
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) registry.registerComponent('securitySchemes', name, scheme);
  const operationIds = new Set<string>();
  for (const route of routes) {
    const operationId = route.operationId ?? route.lambda;
    if (operationIds.has(operationId)) throw new Error(`Two routes are named ${operationId}: an operationId must be unique (give one its own operationId)`);
    operationIds.add(operationId);
    registry.registerPath({
      method: route.method.toLowerCase() as Lowercase<RouteSpec['method']>,
      path: route.path,
      operationId,
      summary: route.summary,
      tags: route.tags,
      security: routeSecurity(route),
      request: {
        ...(route.request?.params ? { params: route.request.params } : {}),
        ...(route.request?.query ? { query: route.request.query } : {}),
        ...(route.request?.headers ? { headers: route.request.headers } : {}),
        ...documentedBody(route),
      },
      responses: documentedResponses(route),
    });
  }
  const used = new Set(routes.flatMap((route) => route.tags));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      ...info,
      license: { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Proprietary' },
    },
    servers: servers.map(({ url, description }) => ({ url, description })),
    tags: Object.entries(API_TAGS)
      .filter(([name]) => used.has(name))
      .map(([name, description]) => ({ name, description })),
  });
}
