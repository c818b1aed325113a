// The route table: the CDK RestApi and the local server are both built from this list.
import type { RouteSpec } from '../shared/http/route.js';
import { problemResponses } from '../shared/http/openapi.js';
import type { LambdaId } from './lambdas.js';
import { HealthResponse } from './platform/health.schema.js';
import {
  AuditTrailResource,
  FileRequestBody,
  ListRequestsQuery,
  RequestIdParams,
  RequestList,
  RequestResource,
} from './requests/request.schema.js';

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
  {
    method: 'POST',
    path: '/v1/requests',
    lambda: 'createRequest',
    auth: 'system',
    summary: 'File a rights request (send Idempotency-Key to make retries safe)',
    tags: ['requests'],
    request: { body: FileRequestBody },
    responses: {
      202: { description: 'Filed: tracked with the deadlines the law sets', schema: RequestResource },
      200: { description: 'The subject already has an open request of this type: that one, with duplicateOf', schema: RequestResource },
      ...problemResponses(400, 401, 409, 413, 415, 422, 500),
    },
  },
  {
    method: 'GET',
    path: '/v1/requests',
    lambda: 'listRequests',
    auth: 'system',
    summary: 'List requests, newest first, or by deadline when filtered by status',
    tags: ['requests'],
    request: { query: ListRequestsQuery },
    responses: { 200: { description: 'One page', schema: RequestList }, ...problemResponses(400, 401, 500) },
  },
  {
    method: 'GET',
    path: '/v1/requests/{id}',
    lambda: 'getRequest',
    auth: 'system',
    summary: 'Read a request: status, deadlines, verification',
    tags: ['requests'],
    request: { params: RequestIdParams },
    responses: { 200: { description: 'The request', schema: RequestResource }, ...problemResponses(401, 404, 500) },
  },
  {
    method: 'GET',
    path: '/v1/requests/{id}/audit',
    lambda: 'getAudit',
    auth: 'system',
    summary: 'Read a request\'s audit chain and whether it verifies',
    tags: ['requests'],
    request: { params: RequestIdParams },
    responses: { 200: { description: 'The chain', schema: AuditTrailResource }, ...problemResponses(401, 404, 500) },
  },
];
