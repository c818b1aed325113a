// The Lambda functions, declared once: their code, and exactly which tables and buckets each may touch.
import type { BucketId, TableId } from '../shared/resources.js';

export type Access = 'read' | 'readwrite';

export interface LambdaSpec {
  /** Handler module, relative to the project root; it exports `handler`. */
  entry: string;
  description: string;
  memorySize?: number;
  timeoutSeconds?: number;
  tables: Partial<Record<TableId, Access>>;
  buckets: Partial<Record<BucketId, Access>>;
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
} as const satisfies Record<string, LambdaSpec>;

export type LambdaId = keyof typeof lambdas;
