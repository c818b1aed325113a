// GET /console/reports: the yearly requests report in the console, and its CSV, JSON and printable downloads.
import { consoleHandler } from '../../shared/http/console-handler.js';
import { consolePageResult, renderReportsPage } from '../../shared/pages/console-pages.js';
import { readRequestReport, reportReply } from '../../shared/reports/read-reports.js';
import { consoleController } from '../wiring/console.js';
import { aggregateReader } from '../wiring/reports.js';
import { consoleErrorPage } from './console-error-page.js';
import { ConsoleReportQuery } from './console.schema.js';

export const handler = consoleHandler({ query: ConsoleReportQuery, errorPage: consoleErrorPage }, async ({ query, session }) => {
  const now = new Date();
  const report = await readRequestReport(aggregateReader(), query.year ?? now.getUTCFullYear(), now);
  return query.format ? reportReply(report, query.format, consoleController) : consolePageResult(200, renderReportsPage(report, session, consoleController()));
});
