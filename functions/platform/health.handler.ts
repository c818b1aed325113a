// GET /health: the API answers, with no dependency touched.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import type { HealthResponse } from './health.schema.js';

export const handler = httpHandler({}, async () => jsonResult(200, { status: 'ok' } satisfies HealthResponse));
