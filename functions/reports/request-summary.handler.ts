// GET /v1/reports/summary: the console's charts' data, from the stored aggregates.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { readRequestSummary } from '../../shared/reports/read-reports.js';
import { aggregateReader } from '../wiring/reports.js';
import { RequestSummaryQuery } from './report.schema.js';

export const handler = httpHandler({ query: RequestSummaryQuery }, async ({ query }) => {
  return jsonResult(200, await readRequestSummary(aggregateReader(), new Date(), query));
});
