// GET /v1/reports/requests?year=: the yearly accountability report as JSON, CSV or a printable page.
import { httpHandler } from '../../shared/http/handler.js';
import { readRequestReport, reportReply } from '../../shared/reports/read-reports.js';
import { reportFormat } from '../../shared/reports/report-formats.js';
import { controller } from '../wiring/mail.js';
import { aggregateReader } from '../wiring/reports.js';
import { RequestReportQuery } from './report.schema.js';

export const handler = httpHandler({ query: RequestReportQuery }, async ({ query, event }) => {
  const report = await readRequestReport(aggregateReader(), query.year, new Date());
  return reportReply(report, reportFormat(query.format, event.headers?.accept), controller);
});
