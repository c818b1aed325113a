// GET /v1/audit/verification: one request's audit chain, or every chain since a day, against the daily anchors.
import { verifyAudit } from '../../shared/audit/verify-audit.js';
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { verifyAuditDeps } from '../wiring/audit.js';
import { AuditVerificationQuery } from './audit.schema.js';

export const handler = httpHandler({ query: AuditVerificationQuery }, async ({ query }) =>
  jsonResult(200, await verifyAudit(verifyAuditDeps(new Date()), query.requestId ? { requestId: query.requestId } : { since: query.since! })),
);
