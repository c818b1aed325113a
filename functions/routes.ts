// The route table: the CDK RestApi and the local server are both built from this list.
import type { RouteSpec } from '../shared/http/route.js';
import { problemResponses } from '../shared/http/openapi.js';
import type { LambdaId } from './lambdas.js';
import { HealthResponse } from './platform/health.schema.js';

export const routes: RouteSpec<LambdaId>[] = [
  {
    method: 'GET',
    path: '/health',
    lambda: 'health',
    auth: 'public',
    summary: 'Liveness check',
    tags: ['platform'],
    responses: { 200: { description: 'The API answers', schema: HealthResponse } },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    lambda: 'openapi',
    auth: 'public',
    summary: 'This OpenAPI 3.1 document',
    tags: ['platform'],
    responses: { 200: { description: 'The OpenAPI document' }, ...problemResponses(500) },
  },
];
