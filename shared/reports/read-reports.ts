// The reports' use cases: read the aggregates they need by key, compute, and shape the reply.
import type { APIGatewayProxyResult } from 'aws-lambda';
import { jsonResult } from '../http/results.js';
import type { PageController } from '../pages/layout.js';
import { reportPageResponse } from '../pages/report-page.js';
import type { AggregateReader } from './aggregate-store.js';
import { type ReportFormat, reportCsv } from './report-formats.js';
import { type RequestReport, requestReport } from './request-report.js';
import { type RequestSummary, requestSummary, type SummaryWindow } from './request-summary.js';

/** The accountability report for calendar `year`. */
export async function readRequestReport(reader: AggregateReader, year: number, now: Date): Promise<RequestReport> {
  return requestReport(await reader.year(year), year, now);
}

/** The summary behind the console's charts at `now`. */
export async function readRequestSummary(reader: AggregateReader, now: Date, window?: SummaryWindow): Promise<RequestSummary> {
  return requestSummary(await reader.summary(now, window), now, window);
}

/** The report as JSON, as a CSV download, or as the printable page (the only form that names the controller, read only then). */
export function reportReply(report: RequestReport, format: ReportFormat, controller: () => PageController): APIGatewayProxyResult {
  if (format === 'html') return reportPageResponse(report, controller());
  if (format === 'csv') {
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="requests-report-${report.year}.csv"`,
        'cache-control': 'no-store',
      },
      body: reportCsv(report),
    };
  }
  return jsonResult(200, report);
}
