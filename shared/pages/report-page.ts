// The yearly requests report as a printable page: the house look of the subject pages, wide enough
// for its tables, with how each figure is counted beneath them. Operators read it; it is in English.
import { createHash } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { DENIAL_REASON_LABELS, DENIAL_REASONS, type ReportRow, type RequestReport } from '../reports/request-report.js';
import { medianText, reportSections } from '../reports/report-formats.js';
import { once } from '../once.js';
import { html, SafeHtml } from '../text/html.js';
import type { PageController } from './layout.js';

/**
 * The page's only styles, allowed by their hash. Colours are the subject pages': body text #1f2933
 * on white (14:1), secondary text #4b5563 (7.5:1), links #1d4ed8 (6.7:1), rules #d5dbe3. Printed,
 * the page drops its background and card, and tables do not break inside a row.
 */
export const REPORT_PAGE_STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{color-scheme:light;-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;padding:2rem 1rem;background:#eef1f5;color:#1f2933;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;font-size:1rem;line-height:1.5}
main{max-width:72rem;margin:0 auto;background:#fff;border:1px solid #d5dbe3;border-top:6px solid #1d4ed8;border-radius:12px;padding:2rem}
.eyebrow{margin:0 0 .5rem;font-size:.8125rem;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#4b5563}
h1{margin:0 0 1rem;font-size:1.5rem;line-height:1.25;color:#111827}
h2{margin:2rem 0 .5rem;font-size:1.25rem;line-height:1.3;color:#111827}
p{margin:0 0 1rem}
a{color:#1d4ed8}
.note{color:#4b5563}
.provisional{padding:.75rem 1rem;border-left:4px solid #b45309;border-radius:6px;background:#fdf6ec}
.table-wrap{overflow-x:auto;margin:0 0 1rem}
.table-wrap:focus-visible{outline:3px solid #1e3a8a;outline-offset:2px}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:0 0 .5rem;color:#111827}
th,td{padding:.4rem .6rem;border-bottom:1px solid #d5dbe3;text-align:right;vertical-align:top}
th[scope=row],th.text,td.text{text-align:left}
thead th{border-bottom:2px solid #6b7280;font-size:.875rem}
tbody th[scope=row] span{display:block;font-weight:400;font-size:.8125rem;color:#4b5563}
dl.rules dt{font-weight:600;margin-top:.75rem}
dl.rules dd{margin:0}
footer{max-width:72rem;margin:1rem auto 0;font-size:.875rem;color:#4b5563}
footer p{margin:0 0 .25rem}
:focus-visible{outline:3px solid #1e3a8a;outline-offset:3px}
th[scope=row]{min-width:10rem}
@media (max-width:60rem){body{padding:1rem .5rem}main{padding:1.25rem}th,td{padding:.35rem .4rem;font-size:.875rem}}
@media print{body{background:#fff;padding:0;font-size:10pt}main{border:0;border-radius:0;padding:0;max-width:none}.table-wrap{overflow:visible}tr{break-inside:avoid}h2{break-after:avoid}}
`;

export const REPORT_PAGE_STYLE_HASH = `sha256-${createHash('sha256').update(REPORT_PAGE_STYLE, 'utf8').digest('base64')}`;

/** No script, image, font, form or frame: only the style block by its hash. */
export const REPORT_PAGE_CSP = [
  "default-src 'none'",
  `style-src '${REPORT_PAGE_STYLE_HASH}'`,
  "img-src 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const REPORT_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': REPORT_PAGE_CSP,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
});

/**
 * Whole numbers with grouping. Made when the first page is rendered: an Intl formatter costs tens of
 * milliseconds to make, and most loads of this module (the JSON and CSV report, the console) render no page.
 */
const integerFormat = once(() => new Intl.NumberFormat('en-US'));
const integer = (value: number) => integerFormat().format(value);

function figureRow(row: ReportRow): SafeHtml {
  const f = row.figures;
  const denied = DENIAL_REASONS.filter((reason) => f.deniedByReason[reason] > 0).map(
    (reason) => `${DENIAL_REASON_LABELS[reason]}: ${f.deniedByReason[reason]}`,
  );
  return html`<tr>
<th scope="row">${row.label}<span>${row.basis}</span></th>
<td>${integer(f.received)}</td>
<td>${integer(f.compliedInWhole)}</td>
<td>${integer(f.compliedInPart)}</td>
<td>${integer(f.denied)}</td>
<td class="text">${denied.length ? denied.join('; ') : '–'}</td>
<td>${integer(f.withdrawn)}</td>
<td>${medianText(f) || '–'}</td>
<td>${f.meanDays === null ? '–' : f.meanDays.toFixed(1)}</td>
</tr>
`;
}

function figureTable(caption: string, rows: readonly ReportRow[]): SafeHtml {
  // A table wider than the screen scrolls in its own region, which a keyboard can reach.
  return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0">
<table>
<caption>${caption}</caption>
<thead><tr>
<th scope="col" class="text">Requests</th>
<th scope="col">Received</th>
<th scope="col">Complied with in whole</th>
<th scope="col">Complied with in part</th>
<th scope="col">Denied</th>
<th scope="col" class="text">Denied, by reason</th>
<th scope="col">Withdrawn</th>
<th scope="col">Median days to respond</th>
<th scope="col">Mean days to respond</th>
</tr></thead>
<tbody>
${rows.map(figureRow)}</tbody>
</table>
</div>
`;
}

/** The report as a complete HTML document, speaking as the deployment's controller. */
export function renderReportPage(report: RequestReport, controller: PageController): string {
  const style = new SafeHtml(`<style>${REPORT_PAGE_STYLE}</style>`);
  const [ccpa, notCounted, gdpr] = reportSections(report);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>Requests report ${report.year} – ${controller.name}</title>
${style}
</head>
<body>
<main>
<p class="eyebrow">${controller.name} · accountability report</p>
<h1>Data-subject requests in ${report.year}</h1>
${
  report.complete
    ? ''
    : html`<p class="provisional">${report.year} is not over: these figures are provisional and will change until the year ends.</p>
`
}<p class="note">Each figure is counted as set out under “How each figure is counted” below. Days are whole calendar days.</p>
<h2>${report.ccpa.title}</h2>
<p>The metrics a business must publish under the California Consumer Privacy Act regulations, § 7102, for the calendar year.</p>
${figureTable(`${ccpa!.section}: requests to know, to delete and to opt out in ${report.year}`, ccpa!.rows)}
${figureTable(`Other CCPA-jurisdiction requests in ${report.year}, not counted under § 7102`, notCounted!.rows)}
<h2>${report.gdpr.title}</h2>
<p>Kept apart from the CCPA figures: the controller’s record of how the rights of data subjects were handled.</p>
${figureTable(`GDPR requests in ${report.year}, by right`, gdpr!.rows)}
<h2>How each figure is counted</h2>
<dl class="rules">
${report.counting.map(
  (c) => html`<dt>${c.figure}</dt><dd>${c.rule}</dd>
`,
)}</dl>
</main>
<footer>
<p>Controller: ${controller.name}, ${controller.postalAddress}</p>
<p>Privacy contact: <a href="mailto:${controller.privacyContact}">${controller.privacyContact}</a></p>
<p><a href="${controller.privacyNoticeUrl}">Privacy notice</a></p>
</footer>
</body>
</html>
`.value;
}

/** The page as an API Gateway proxy result. */
export function reportPageResponse(report: RequestReport, controller: PageController): APIGatewayProxyResult {
  return { statusCode: 200, headers: { ...REPORT_PAGE_HEADERS }, body: renderReportPage(report, controller) };
}
