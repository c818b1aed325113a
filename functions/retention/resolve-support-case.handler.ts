// POST /v1/support-cases/{caseId}/resolved: deletes the case's records from every system holding support data.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { resolveSupportCase } from '../../shared/retention/support-cases.js';
import { resolveCaseDeps } from '../wiring/retention.js';
import { ResolveSupportCaseBody } from './support-case.schema.js';

export const handler = httpHandler({ body: ResolveSupportCaseBody }, async ({ body, event }) => {
  const { entry, complete } = await resolveSupportCase(event.pathParameters?.caseId ?? '', body.accountId, resolveCaseDeps());
  return jsonResult(200, {
    caseId: entry.caseId,
    resolvedAt: entry.erasedAt,
    complete,
    erased: entry.erased,
    systems: entry.systems.map(({ systemId, outcome, records, error }) => ({ systemId, outcome, records, ...(error ? { error } : {}) })),
  });
});
