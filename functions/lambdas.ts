// The Lambda functions, declared once: their code, and exactly which tables and buckets each may touch.
import type { BucketId, SecretId, TableId } from '../shared/resources.js';

export type Access = 'read' | 'readwrite';
/** Buckets also know `write`: put and delete objects, read none. */
export type BucketAccess = Access | 'write';

export interface LambdaSpec {
  /** Handler module, relative to the project root; it exports `handler`. */
  entry: string;
  description: string;
  memorySize?: number;
  timeoutSeconds?: number;
  tables: Partial<Record<TableId, Access>>;
  buckets: Partial<Record<BucketId, BucketAccess>>;
  /** Secrets the function reads. */
  secrets?: readonly SecretId[];
  /** Sends email through SES as the configured sender. */
  sendsEmail?: boolean;
  /** Reads the company's account directory (for the knowledge check). */
  readsAccountDirectory?: boolean;
}

export const lambdas = {
  health: {
    entry: 'functions/platform/health.handler.ts',
    description: 'Answers GET /health',
    tables: {},
    buckets: {},
  },
  openapi: {
    entry: 'functions/platform/openapi.handler.ts',
    description: 'Serves the OpenAPI document generated from the zod schemas',
    tables: {},
    buckets: {},
  },
  createRequest: {
    entry: 'functions/requests/create-request.handler.ts',
    description: 'Files a rights request (POST /v1/requests)',
    tables: { requests: 'readwrite', audit: 'readwrite', idempotency: 'readwrite', tokens: 'readwrite' },
    buckets: { data: 'write' },
    secrets: ['subjectHashKey'],
    sendsEmail: true,
  },
  getRequest: {
    entry: 'functions/requests/get-request.handler.ts',
    description: 'Reads one request (GET /v1/requests/{id})',
    tables: { requests: 'read' },
    buckets: {},
  },
  listRequests: {
    entry: 'functions/requests/list-requests.handler.ts',
    description: 'Lists requests (GET /v1/requests)',
    tables: { requests: 'read' },
    buckets: {},
  },
  getAudit: {
    entry: 'functions/requests/get-audit.handler.ts',
    description: 'Reads a request\'s audit chain (GET /v1/requests/{id}/audit)',
    tables: { requests: 'read', audit: 'read' },
    buckets: {},
  },
  showVerification: {
    entry: 'functions/verification/show-link.handler.ts',
    description: 'Shows the page behind an emailed confirmation link (GET /v1/verify/{token})',
    tables: { requests: 'readwrite', audit: 'readwrite', tokens: 'read' },
    buckets: {},
    sendsEmail: true,
  },
  confirmVerification: {
    entry: 'functions/verification/confirm-link.handler.ts',
    description: 'Confirms a request from its emailed link (POST /v1/verify/{token})',
    tables: { requests: 'readwrite', audit: 'readwrite', tokens: 'read' },
    buckets: {},
    sendsEmail: true,
  },
  checkIdentity: {
    entry: 'functions/verification/check-identity.handler.ts',
    description: 'The knowledge check: account email, billing address, card last four (POST /v1/verify/{token}/identity)',
    tables: { requests: 'readwrite', audit: 'readwrite', tokens: 'read' },
    buckets: {},
    sendsEmail: true,
    readsAccountDirectory: true,
  },
  resendVerification: {
    entry: 'functions/requests/resend-link.handler.ts',
    description: 'Sends a request awaiting verification a new confirmation link (POST /v1/requests/{id}/verification-link)',
    tables: { requests: 'readwrite', audit: 'readwrite', tokens: 'readwrite' },
    buckets: {},
    sendsEmail: true,
  },
} as const satisfies Record<string, LambdaSpec>;

export type LambdaId = keyof typeof lambdas;
