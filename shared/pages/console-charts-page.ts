// The console's Charts page: four charts of the summary, each with a title, a sentence that sums it
// up and its figures as a table. The tables are the page; the script from this origin draws the
// charts over them from the console's summary route, and without it the tables alone remain.
import { createHash } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { CHART_KEYS, type ChartKey, chartSummary, chartTable, NO_VALUE } from '../console/charts.js';
import type { ConsoleSession } from '../console/session.js';
import type { RequestSummary, SummaryWindow } from '../reports/request-summary.js';
import { html, SafeHtml } from '../text/html.js';
import { CONSOLE_STYLE_HASH, consoleHeaders, shell } from './console-pages.js';
import type { PageController } from './layout.js';

/** Where the page, its figures and its script are served (the route table has the same three). */
export const CHARTS_PATHS = { page: '/console/charts', summary: '/console/charts/summary', script: '/console/charts/charts.js' } as const;

/**
 * The charts' own styles, beside the console's. A chart's frame stays `hidden` until the script has
 * drawn into it, so a page without JavaScript shows no empty boxes; the weekly bars are taller, as
 * their legend of every request type takes three lines on a narrow screen.
 */
export const CHARTS_STYLE = `
.chart-card{background:#fff;border:1px solid #d5dbe3;border-radius:10px;padding:1rem 1.25rem;margin:0 0 1.5rem}
.chart-card h2{margin:0 0 .5rem}
.chart-card>p{margin:0 0 .75rem;max-width:60rem}
.chart-frame{position:relative;height:24rem;margin:0 0 1rem}
.chart-frame[data-chart=receivedPerWeek]{height:28rem}
.chart-data summary{cursor:pointer;font-weight:600;color:#1d4ed8;min-height:1.5rem}
.chart-data .table-wrap{margin:.5rem 0 0;max-height:28rem;overflow-y:auto}
.chart-data td,.chart-data thead th+th{text-align:right;font-variant-numeric:tabular-nums}
.chart-data th[scope=row]{white-space:nowrap}
`;

export const CHARTS_STYLE_HASH = `sha256-${createHash('sha256').update(CHARTS_STYLE, 'utf8').digest('base64')}`;

/**
 * The console's lock-down with one script: from this origin (no inline script, no eval), which may
 * fetch from this origin only. Chart.js sizes its canvas through the CSSOM, which style-src does not govern.
 */
export const CHARTS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  `style-src '${CONSOLE_STYLE_HASH}' '${CHARTS_STYLE_HASH}'`,
  "img-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const CANVAS_LABELS: Readonly<Record<ChartKey, string>> = {
  receivedPerWeek: 'Stacked bar chart',
  answeredOnTimePerMonth: 'Line chart',
  medianDaysToClose: 'Bar chart',
  openAndOverdue: 'Line chart',
};

/** The summary's description for a reader: its JSON `null` is the table's dash. */
const describe = (description: string) => description.replace(/\bnull\b/g, NO_VALUE);

function chartSection(key: ChartKey, summary: RequestSummary): SafeHtml {
  const chart = summary[key];
  const table = chartTable(chart);
  const titleId = `chart-${key}`;
  return html`<section class="chart-card" aria-labelledby="${titleId}">
<h2 id="${titleId}">${chart.title}</h2>
<p>${chartSummary(key, chart)}</p>
<p class="muted">${describe(chart.description)}</p>
<div class="chart-frame" data-chart="${key}" hidden><canvas role="img" aria-label="${CANVAS_LABELS[key]}: ${chart.title}. The figures are in the table below."></canvas></div>
<details class="chart-data" data-table="${key}" open>
<summary>${chart.title}: the figures</summary>
<div class="table-wrap" tabindex="0" role="region" aria-label="${table.caption}"><table>
<caption>${table.caption}${table.note ? html`<br><span class="muted">${table.note}</span>` : ''}</caption>
<thead><tr>${table.columns.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
<tbody>${table.rows.map((row) => html`<tr><th scope="row">${row.label}</th>${row.cells.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody>
</table></div>
</details>
</section>`;
}

/** The Charts page for `window`: the window's form, what is open now, and the four charts with their tables. */
export function renderChartsPage(summary: RequestSummary, window: SummaryWindow, session: ConsoleSession, controller: PageController): string {
  const query = `weeks=${window.weeks}&months=${window.months}`;
  const content = html`<h1>Charts</h1>
<div class="panel">
<form class="filters" method="get" action="${CHARTS_PATHS.page}">
<div class="field"><label for="c-weeks">Weeks shown (4 to 104)</label><input id="c-weeks" name="weeks" type="number" inputmode="numeric" min="4" max="104" value="${String(window.weeks)}" required></div>
<div class="field"><label for="c-months">Months shown (1 to 24)</label><input id="c-months" name="months" type="number" inputmode="numeric" min="1" max="24" value="${String(window.months)}" required></div>
<button type="submit">Show</button>
</form>
<p>Open now: <strong>${String(summary.openNow)}</strong> · figures as of ${summary.generatedAt.replace('T', ' ').slice(0, 16)} UTC, from the stored aggregates · <a href="${CHARTS_PATHS.summary}?${query}">the figures as JSON</a></p>
</div>
<div class="charts" data-summary="${CHARTS_PATHS.summary}?${query}">
${CHART_KEYS.map((key) => chartSection(key, summary))}
</div>`;
  const head = html`${new SafeHtml(`<style>${CHARTS_STYLE}</style>`)}
<script src="${CHARTS_PATHS.script}" defer></script>`;
  return shell('Charts', session, content, controller, head);
}

/** The page as the function answers it: the console's headers with the charts' CSP. */
export function chartsPageResult(body: string): APIGatewayProxyResult {
  return { statusCode: 200, headers: consoleHeaders({ 'content-security-policy': CHARTS_CSP }), body };
}

/** The charts' script (Chart.js and the drawing code, one bundle): private to the session, kept an hour. */
export function chartsScriptResult(script: string): APIGatewayProxyResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    },
    body: script,
  };
}
