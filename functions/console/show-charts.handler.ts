// GET /console/charts, /console/charts/summary and /console/charts/charts.js: the Charts page, the
// figures its charts are drawn from (the summary GET /v1/reports/summary gives a system), and the
// script that draws them. One function serves the three, as the charts are one thing.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { CHARTS_PATHS, chartsPageResult, chartsScriptResult, renderChartsPage } from '../../shared/pages/console-charts-page.js';
import { readRequestSummary } from '../../shared/reports/read-reports.js';
import { consoleController } from '../wiring/console.js';
import { chartsScript } from '../wiring/console-charts.js';
import { aggregateReader } from '../wiring/reports.js';
import { RequestSummaryQuery } from '../reports/report.schema.js';
import { consoleErrorPage } from './console-error-page.js';

const byRoute = {
  [CHARTS_PATHS.page]: consoleHandler({ query: RequestSummaryQuery, errorPage: consoleErrorPage }, async ({ query, session }) =>
    chartsPageResult(renderChartsPage(await readRequestSummary(aggregateReader(), new Date(), query), query, session, consoleController())),
  ),
  [CHARTS_PATHS.summary]: consoleHandler({ query: RequestSummaryQuery, errorPage: consoleErrorPage }, async ({ query }) =>
    jsonResult(200, await readRequestSummary(aggregateReader(), new Date(), query)),
  ),
  [CHARTS_PATHS.script]: consoleHandler({ errorPage: consoleErrorPage }, async () => chartsScriptResult(await chartsScript())),
};

export const handler = (event: APIGatewayProxyEvent, context: Context) =>
  (byRoute[event.resource as keyof typeof byRoute] ?? byRoute[CHARTS_PATHS.page])(event, context);
