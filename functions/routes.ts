// The route table: the CDK RestApi and the local server are both built from this list.
import type { RouteSpec } from '../shared/http/route.js';
import { problemResponses } from '../shared/http/openapi.js';
import type { LambdaId } from './lambdas.js';
import { IdentityForm, TokenParams } from './verification/verification.schema.js';
import { HealthResponse } from './platform/health.schema.js';
import {
  AuditTrailResource,
  FileRequestBody,
  ListRequestsQuery,
  RequestIdParams,
  RequestList,
  RequestResource,
} from './requests/request.schema.js';

/** Pages a person opens: HTML in their language, whatever the outcome. */
const SUBJECT_PAGE_RESPONSES = {
  200: { description: 'The page', contentType: 'text/html' },
  400: { description: 'The form was not filled in as asked: the form again', contentType: 'text/html' },
  403: { description: 'Locked after too many failed answers', contentType: 'text/html' },
  404: { description: 'The link is not valid', contentType: 'text/html' },
  410: { description: 'The link has expired', contentType: 'text/html' },
  422: { description: 'The answers did not match: the form again, with the attempts left', contentType: 'text/html' },
  429: { description: 'Too many attempts from this address', contentType: 'text/html' },
};

/** People click a link a few times, not hundreds: a low ceiling keeps guessing out. */
const SUBJECT_PAGE_THROTTLE = { rateLimit: 5, burstLimit: 20 };

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
  {
    method: 'POST',
    path: '/v1/requests/{id}/verification-link',
    lambda: 'resendVerification',
    auth: 'system',
    summary: 'Send a request awaiting verification a new confirmation link (the earlier one stops working)',
    tags: ['requests', 'verification'],
    request: { params: RequestIdParams },
    responses: { 202: { description: 'Sent (or recorded as failed to send)', schema: RequestResource }, ...problemResponses(401, 404, 409, 500) },
  },
  {
    method: 'GET',
    path: '/v1/verify/{token}',
    lambda: 'showVerification',
    auth: 'subject',
    summary: 'The page behind an emailed confirmation link: shows the request and a confirm button; changes nothing',
    tags: ['verification'],
    request: { params: TokenParams },
    responses: SUBJECT_PAGE_RESPONSES,
    throttle: SUBJECT_PAGE_THROTTLE,
  },
  {
    method: 'POST',
    path: '/v1/verify/{token}',
    lambda: 'confirmVerification',
    auth: 'subject',
    summary: 'The confirm button: confirms the request (again: shows the same page)',
    tags: ['verification'],
    request: { params: TokenParams },
    responses: SUBJECT_PAGE_RESPONSES,
    throttle: SUBJECT_PAGE_THROTTLE,
  },
  {
    method: 'POST',
    path: '/v1/verify/{token}/identity',
    lambda: 'checkIdentity',
    auth: 'subject',
    summary: 'The knowledge check: account email, billing address and the card\'s last four digits (a form post)',
    tags: ['verification'],
    request: { params: TokenParams, form: IdentityForm },
    responses: SUBJECT_PAGE_RESPONSES,
    throttle: { rateLimit: 1, burstLimit: 5 },
  },
];
