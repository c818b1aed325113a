// OpenAPI 3.1 generated from the route table and its zod schemas: one source for both.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import type { RouteResponse, RouteSpec } from './route.js';

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
  404: 'No such resource',
  409: 'The resource is not in a state that allows this',
  413: 'The body is too large',
  415: 'The body is not JSON',
  422: 'The request cannot be carried out as asked (`errors` says why): an Idempotency-Key used with another body, an objection whose scope reaches no system',
  500: 'A failure on our side; quote the correlation id',
};

/** Problem+json responses for the given statuses, for a route's `responses`. */
export function problemResponses(...statuses: number[]): Record<number, RouteResponse> {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem', schema: ProblemSchema, contentType: PROBLEM_CONTENT_TYPE }]),
  );
}

/** Builds the OpenAPI 3.1 document for `routes`. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], info: { title: string; version: string; description: string }) {
  const registry = new OpenAPIRegistry();
  const apiKey = registry.registerComponent('securitySchemes', 'systemAuth', {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: 'Locally the key `npm start` prints; in AWS, sign requests with SigV4 (IAM) instead.',
  });
  for (const route of routes) {
    const responses = Object.fromEntries(
      Object.entries(route.responses).map(([status, response]) => [
        status,
        {
          description: response.description,
          ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } } : {}),
        },
      ]),
    );
    registry.registerPath({
      method: route.method.toLowerCase() as Lowercase<RouteSpec['method']>,
      path: route.path,
      summary: route.summary,
      tags: route.tags,
      security: route.auth === 'system' ? [{ [apiKey.name]: [] }] : [],
      request: {
        ...(route.request?.params ? { params: route.request.params } : {}),
        ...(route.request?.query ? { query: route.request.query } : {}),
        ...(route.request?.form ? { body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: route.request.form } } } } : {}),
        ...(route.request?.body ? { body: { required: true, content: { 'application/json': { schema: route.request.body } } } } : {}),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info });
}
