// The operator console's pages: server-rendered HTML in the house style of the subject pages, one
// stylesheet allowed by its hash, no script, forms that post back to this origin with the session's
// form token. Operators read English; people's data appears only masked.
import { createHash } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { AuditEvent } from '../audit/chain.js';
import { mayAct, maskOperator, type ConsoleSession } from '../console/session.js';
import type { QueueQuery, QueueRow } from '../console/queue.js';
import { CONSOLE_ACTIONS, type ActionRule, type ConsoleAction, type RequestDetail } from '../console/request-detail.js';
import { FINAL_STATUSES, OPEN_STATUSES } from '../domain/lifecycle.js';
import { JURISDICTIONS, REQUEST_TYPES, type RequestStatus } from '../domain/request-model.js';
import { medianText, reportSections } from '../reports/report-formats.js';
import type { RequestReport } from '../reports/request-report.js';
import type { HttpProblem } from '../http/problem.js';
import { DENIAL_CODES } from '../text/vocabulary.js';
import { html, SafeHtml, type HtmlValue } from '../text/html.js';
import { renderManualTasks, type TaskFormState } from './console-task-forms.js';
import { SUBJECT_PAGE_HEADERS, type PageController } from './layout.js';

/**
 * The console's only styles. Contrast on white: text #1f2933 14:1, muted #4b5563 7.5:1, links and
 * buttons #1d4ed8 6.7:1; the near badge #92400e on #fef3c7 6.4:1, the overdue badge #991b1b on
 * #fde8e8 7.1:1, the ok badge #166534 on #dcfce7 6.5:1.
 */
export const CONSOLE_STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{color-scheme:light;-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#eef1f5;color:#1f2933;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;font-size:1rem;line-height:1.5}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.75rem 1.5rem;background:#fff;border-bottom:4px solid #1d4ed8}
.brand{margin:0;font-size:1.125rem;font-weight:700;color:#111827}
.top nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0;list-style:none}
.who{margin:0 0 0 auto;display:flex;align-items:center;gap:.75rem;font-size:.9375rem;color:#4b5563}
.who form{margin:0}
main{max-width:78rem;margin:1.5rem auto;padding:0 1.5rem}
h1{margin:0 0 1rem;font-size:1.5rem;line-height:1.25;color:#111827}
h2{margin:2rem 0 .75rem;font-size:1.1875rem;color:#111827}
a{color:#1d4ed8}
.panel{background:#fff;border:1px solid #d5dbe3;border-radius:10px;padding:1rem 1.25rem;margin:0 0 1rem}
.filters{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.75rem 1rem;margin:0}
.field{display:flex;flex-direction:column;gap:.25rem}
label{font-weight:600;font-size:.9375rem}
select,input,textarea{font:inherit;color:inherit;background:#fff;border:1px solid #6b7280;border-radius:6px;padding:.45rem .6rem;min-height:2.5rem}
textarea{width:100%;min-height:4.5rem}
.check{flex-direction:row;align-items:center;gap:.5rem;min-height:2.5rem}
.check input{min-height:auto;width:1.125rem;height:1.125rem}
button{min-height:2.5rem;padding:.45rem 1.1rem;font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:2px solid #1d4ed8;border-radius:8px;cursor:pointer}
button:hover{background:#1e40af;border-color:#1e40af}
button.quiet{color:#1d4ed8;background:#fff}
button.danger{background:#991b1b;border-color:#991b1b}
:focus-visible{outline:3px solid #1e3a8a;outline-offset:2px}
.table-wrap{overflow-x:auto;background:#fff;border:1px solid #d5dbe3;border-radius:10px}
table{width:100%;border-collapse:collapse;font-size:.9375rem}
caption{text-align:left;padding:.75rem 1rem;font-weight:600}
th,td{padding:.5rem .75rem;border-top:1px solid #e5e7eb;text-align:left;vertical-align:top}
th{background:#f4f6f9;font-weight:600;white-space:nowrap}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875rem}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-weight:600;font-size:.875rem;white-space:nowrap}
.badge-overdue{background:#fde8e8;color:#991b1b;border:1px solid #991b1b}
.badge-near{background:#fef3c7;color:#92400e;border:1px solid #92400e}
.badge-ok{background:#dcfce7;color:#166534}
.badge-closed{background:#f4f6f9;color:#4b5563}
tr.row-overdue td:first-child{box-shadow:inset 4px 0 0 #991b1b}
tr.row-near td:first-child{box-shadow:inset 4px 0 0 #92400e}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1.25rem;margin:0}
.facts dt{font-weight:600}
.facts dd{margin:0}
.ok{color:#166534;font-weight:600}
.broken{color:#991b1b;font-weight:600}
.muted{color:#4b5563}
.alert{padding:.75rem 1rem;border-left:4px solid #991b1b;border-radius:6px;background:#fdf2f2;margin:0 0 1rem}
.done{padding:.75rem 1rem;border-left:4px solid #166534;border-radius:6px;background:#f0fdf4;margin:0 0 1rem}
.actions{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
.actions .panel{margin:0}
.actions h3{margin:0 0 .5rem;font-size:1.0625rem}
.actions form .field{margin:0 0 .75rem}
.timeline{margin:0;padding:0 0 0 1.25rem}
.timeline li{margin:0 0 .375rem}
.pager{display:flex;gap:1rem;margin:1rem 0}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
@media (forced-colors:active){.badge{border:1px solid CanvasText}}
`;

export const CONSOLE_STYLE_HASH = `sha256-${createHash('sha256').update(CONSOLE_STYLE, 'utf8').digest('base64')}`;

/** No script, no other origin: the one style block by hash; forms post back here only; never framed. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  `style-src '${CONSOLE_STYLE_HASH}'`,
  "img-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The console's headers: the subject pages' lock-down, the console's own CSP, never cached. */
export function consoleHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { ...SUBJECT_PAGE_HEADERS, 'content-security-policy': CONSOLE_CSP, ...extra };
}

export function consolePageResult(statusCode: number, body: string, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: consoleHeaders(headers), body };
}

/** A 303 to `location` after an action, so a reload does not post it again. */
export function seeOther(location: string, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode: 303, headers: { ...consoleHeaders(headers), location }, body: '' };
}

/** The hidden field of the session's form token, in every posted form. */
export const token = (session: ConsoleSession) => html`<input type="hidden" name="csrf" value="${session.csrf}">`;

const NAV: readonly { href: string; label: string }[] = [
  { href: '/console/requests', label: 'Queue' },
  { href: '/console/reports', label: 'Reports' },
  { href: '/console/charts', label: 'Charts' },
  { href: '/console/inbox', label: 'Inbox' },
  { href: '/console/systems', label: 'Systems' },
  { href: '/console/policies', label: 'Policies' },
  { href: '/console/disclosures', label: 'Shine the Light' },
];

/** A console page around `content`: the header with the navigation and who is signed in; `head` adds to the document's head. */
export function shell(title: string, session: ConsoleSession | undefined, content: SafeHtml, controller: PageController, head: HtmlValue = ''): string {
  const style = new SafeHtml(`<style>${CONSOLE_STYLE}</style>`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title} · privacy-ops console</title>
${style}
${head}
</head>
<body>
<header class="top">
<p class="brand">privacy-ops console · ${controller.name}</p>
<nav aria-label="Console"><ul>${NAV.map((item) => html`<li><a href="${item.href}">${item.label}</a></li>`)}</ul></nav>
${
  session
    ? html`<div class="who"><span>Signed in as ${maskOperator(session)} (${session.role})</span><form method="post" action="/console/sign-out">${token(session)}<button class="quiet" type="submit">Sign out</button></form></div>`
    : ''
}
</header>
<main>
${content}
</main>
</body>
</html>
`.value;
}

export const LAW: Record<string, string> = { gdpr: 'GDPR', ccpa: 'CCPA' };

function options(values: readonly string[], selected: string | undefined, labels: Record<string, string> = {}): SafeHtml {
  return html`<option value=""${selected ? '' : new SafeHtml(' selected')}>Any</option>${values.map(
    (value) => html`<option value="${value}"${value === selected ? new SafeHtml(' selected') : ''}>${labels[value] ?? value}</option>`,
  )}`;
}

function countdown(row: QueueRow): SafeHtml {
  if (row.urgency === 'closed') return html`<span class="badge badge-closed">closed</span>`;
  if (row.urgency === 'overdue') {
    const late = row.daysLeft < 0 ? `${-row.daysLeft} days overdue` : 'acknowledgement overdue';
    return html`<span class="badge badge-overdue">${late}</span>`;
  }
  const left = row.daysLeft === 0 ? 'due today' : row.daysLeft === 1 ? '1 day left' : `${row.daysLeft} days left`;
  return html`<span class="badge ${row.urgency === 'near' ? 'badge-near' : 'badge-ok'}">${left}</span>`;
}

function queueTable(rows: readonly QueueRow[], caption: string): SafeHtml {
  if (rows.length === 0) return html`<div class="panel"><p>No requests match.</p></div>`;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}"><table>
<caption>${caption}</caption>
<thead><tr><th scope="col">Request</th><th scope="col">Type</th><th scope="col">Law</th><th scope="col">Status</th><th scope="col">Received</th><th scope="col">Acknowledge by</th><th scope="col">Due</th><th scope="col">Countdown</th><th scope="col">Person</th></tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr class="row-${row.urgency}">
<td><a class="mono" href="/console/requests/${row.id}">${row.id}</a></td><td>${row.type}</td><td>${LAW[row.law] ?? row.law}</td><td>${row.status}</td><td>${row.receivedAt.slice(0, 10)}</td><td>${row.acknowledgeBy ?? '—'}${row.acknowledgementOverdue ? html` <span class="badge badge-overdue">late</span>` : ''}</td><td>${row.dueAt}</td><td>${countdown(row)}</td><td>${row.subject}</td>
</tr>
`,
)}</tbody>
</table></div>`;
}

/** The query string of the queue's filters, for the paging links. */
function queueLink(query: QueueQuery, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...query, cursor })) if (value !== undefined && value !== false) params.set(name, String(value));
  return `/console/requests?${params.toString()}`;
}

const selected = (on: boolean) => (on ? new SafeHtml(' selected') : '');

/** The status filter: any open status (the queue), one open status, or one closed status (looking back). */
function statusOptions(status: RequestStatus | undefined): SafeHtml {
  const option = (value: RequestStatus) => html`<option value="${value}"${selected(value === status)}>${value}</option>`;
  return html`<option value=""${selected(!status)}>Any open</option><optgroup label="Open">${OPEN_STATUSES.map(option)}</optgroup><optgroup label="Closed">${FINAL_STATUSES.map(option)}</optgroup>`;
}

const SORTS: Record<QueueQuery['sort'], string> = { due: 'Due date', received: 'Received', acknowledge: 'Acknowledgement due' };

/** The queue: filters, a find form, the table of requests, and the next page. */
export function renderQueuePage(
  view: {
    rows: QueueRow[];
    total: number;
    nextCursor?: string;
    systems: readonly { systemId: string; name: string }[];
    query: QueueQuery;
    found?: { rows: QueueRow[] };
  },
  session: ConsoleSession,
  controller: PageController,
): string {
  const { query } = view;
  const shown = view.rows.length;
  const matched = view.total === 1 ? '1 request matches' : `${view.total} requests match`;
  const caption = query.cursor ? `${matched}; this page shows ${shown}` : `${matched}${view.total > shown ? `; the first ${shown} are shown` : ''}`;
  const content = html`<h1>Requests</h1>
<div class="panel">
<form class="filters" method="get" action="/console/requests">
<div class="field"><label for="f-status">Status</label><select id="f-status" name="status">${statusOptions(query.status)}</select></div>
<div class="field"><label for="f-type">Type</label><select id="f-type" name="type">${options(REQUEST_TYPES, query.type)}</select></div>
<div class="field"><label for="f-law">Law</label><select id="f-law" name="law">${options(JURISDICTIONS, query.law, LAW)}</select></div>
<div class="field"><label for="f-system">System with an open task</label><select id="f-system" name="system">${options(
    view.systems.map((s) => s.systemId),
    query.system,
    Object.fromEntries(view.systems.map((s) => [s.systemId, s.name])),
  )}</select></div>
<div class="field"><label for="f-sort">Sort by</label><select id="f-sort" name="sort">${(Object.keys(SORTS) as QueueQuery['sort'][]).map(
    (sort) => html`<option value="${sort}"${selected(query.sort === sort)}>${SORTS[sort]}</option>`,
  )}</select></div>
<div class="field"><label for="f-order">Order</label><select id="f-order" name="order"><option value="asc"${selected(query.order === 'asc')}>Earliest first</option><option value="desc"${selected(query.order === 'desc')}>Latest first</option></select></div>
<div class="field check"><input id="f-overdue" type="checkbox" name="overdue" value="true"${query.overdue ? new SafeHtml(' checked') : ''}><label for="f-overdue">Overdue only</label></div>
<button type="submit">Show</button>
</form>
<p class="muted">Every filter and the sort apply to all matching requests before paging. "System with an open task": requests waiting for that system now (a task not yet reported); requests it has finished are not counted. Sorting by acknowledgement due puts requests with none pending last.</p>
</div>
<div class="panel">
<form class="filters" method="post" action="/console/find">
${token(session)}
<div class="field"><label for="find">Find by request id or the person's email</label><input id="find" name="find" type="text" autocomplete="off" spellcheck="false" required maxlength="320" size="40"></div>
<button type="submit">Find</button>
</form>
<p class="muted">An email is looked up by its keyed hash, as the API files it; it is never shown, logged or put in an address.</p>
</div>
${view.found ? queueTable(view.found.rows, `Requests filed for that email: ${view.found.rows.length}`) : queueTable(view.rows, caption)}
${
  !view.found && (view.nextCursor || query.cursor)
    ? html`<nav class="pager" aria-label="Pages">${query.cursor ? html`<a href="${queueLink({ ...query, cursor: undefined })}">First page</a>` : ''}${view.nextCursor ? html`<a href="${queueLink(query, view.nextCursor)}">Next page</a>` : ''}</nav>`
    : ''
}`;
  return shell('Requests', session, content, controller);
}

function eventData(event: AuditEvent): string {
  const entries = Object.entries(event.data);
  return entries.length ? entries.map(([name, value]) => `${name}: ${String(value)}`).join(', ') : '';
}

function actorLabel(event: AuditEvent): string {
  return event.actor.id ? `${event.actor.kind} ${event.actor.id}` : event.actor.kind;
}

function eventList(events: readonly AuditEvent[], empty: string): SafeHtml {
  if (events.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ol class="timeline">${events.map(
    (event) =>
      html`<li><span class="mono">${event.at.replace('T', ' ').slice(0, 19)}</span> <strong>${event.type}</strong> · ${actorLabel(event)}${eventData(event) ? html` · <span class="muted">${eventData(event)}</span>` : ''}</li>`,
  )}</ol>`;
}

const ACTION_TITLES: Record<ConsoleAction, string> = {
  extend: 'Extend the deadline',
  deny: 'Refuse the request',
  cancel: 'Cancel the request',
  resume: 'Resume the fulfilment',
  'require-identity': 'Require identity verification',
};

function actionForm(action: ConsoleAction, rule: ActionRule, detail: RequestDetail, session: ConsoleSession): HtmlValue {
  const title = html`<h3>${ACTION_TITLES[action]}</h3>`;
  if (!rule.allowed) return html`<div class="panel">${title}<p><strong>Not allowed now:</strong> ${rule.because}.</p></div>`;
  const note = rule.note ? html`<p class="muted">${rule.note}</p>` : '';
  if (!mayAct(session.role)) return html`<div class="panel">${title}${note}<p class="muted">Allowed by the law now; a ${session.role} reads only.</p></div>`;
  const id = detail.record.id;
  const fields: Record<ConsoleAction, HtmlValue> = {
    extend: html`<div class="field"><label for="extend-reason">Reason (mailed to the person)</label><textarea id="extend-reason" name="reason" required maxlength="2000"></textarea></div>`,
    deny: html`<div class="field"><label for="deny-code">Ground</label><select id="deny-code" name="code" required>${DENIAL_CODES.map((code) => html`<option value="${code}">${code}</option>`)}</select></div>
<div class="field"><label for="deny-reason">Reason (mailed to the person with their right to complain)</label><textarea id="deny-reason" name="reason" required maxlength="2000"></textarea></div>`,
    cancel: '',
    resume: '',
    'require-identity': '',
  };
  return html`<div class="panel">${title}${note}<form method="post" action="/console/requests/${id}/${action}">${token(session)}${fields[action]}<button type="submit"${action === 'deny' || action === 'cancel' ? new SafeHtml(' class="danger"') : ''}>${ACTION_TITLES[action]}</button></form></div>`;
}

/**
 * One request: facts, deadlines, the actions the law allows now, tasks (a form for each open manual
 * one, `taskForm` when one was posted back with mistakes), notices, correspondence, and the timeline.
 */
export function renderRequestPage(detail: RequestDetail, session: ConsoleSession, controller: PageController, done?: string, taskForm?: TaskFormState): string {
  const { record, row, verification } = detail;
  const chain = verification.valid
    ? html`<p class="ok">The audit chain verifies: ${verification.length} events, each keyed hash and link holds.</p>`
    : html`<p class="broken">The audit chain does not verify${verification.brokenAt ? ` at event ${verification.brokenAt}` : ''}: ${verification.reason ?? 'unknown'}.</p>`;
  const content = html`<p><a href="/console/requests">← Back to the queue</a></p>
<h1>Request <span class="mono">${record.id}</span></h1>
${done ? html`<p class="done" role="status">${done}</p>` : ''}
<div class="panel"><dl class="facts">
<dt>Type</dt><dd>${record.type}</dd>
<dt>Law</dt><dd>${LAW[record.jurisdiction] ?? record.jurisdiction} · ${record.deadlines.basis}</dd>
<dt>Status</dt><dd>${record.status}</dd>
<dt>Person</dt><dd>${row.subject} · writes ${record.subject.locale}</dd>
<dt>Received</dt><dd>${record.receivedAt}</dd>
<dt>Acknowledge by</dt><dd>${record.deadlines.acknowledgeBy ?? 'no acknowledgement deadline'}${record.deadlines.acknowledgedAt ? ` (acknowledged ${record.deadlines.acknowledgedAt})` : ''}</dd>
<dt>Due</dt><dd>${record.dueAt} ${countdown(row)}${record.deadlines.extended ? ' (extended)' : ''}</dd>
</dl></div>
<h2>Actions</h2>
<div class="actions">${CONSOLE_ACTIONS.map((action) => actionForm(action, detail.actions[action], detail, session))}</div>
<h2>Systems</h2>
${
  detail.tasks.length === 0
    ? html`<p class="muted">No fulfilment tasks: the request has not reached its systems.</p>`
    : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Each system's task"><table><caption>Each system's task in the current run</caption>
<thead><tr><th scope="col">System</th><th scope="col">Action</th><th scope="col">Connector</th><th scope="col">State</th><th scope="col">Outcome</th><th scope="col">Records</th><th scope="col">Due</th></tr></thead>
<tbody>${detail.tasks.map(
        (task) =>
          html`<tr><td>${task.systemId}</td><td>${task.action}</td><td>${task.connector}</td><td>${task.state}</td><td>${task.outcome ?? '—'}${task.error ? html` <span class="muted">(${task.error})</span>` : ''}</td><td>${task.records ?? '—'}</td><td>${task.dueAt.slice(0, 10)}</td></tr>`,
      )}</tbody></table></div>`
}
${renderManualTasks(detail, session, taskForm)}
<div class="columns">
<section><h2>Notices sent</h2>${eventList(detail.notices, 'No notice recorded yet.')}</section>
<section><h2>Correspondence</h2>${eventList(detail.correspondence, 'No mail from the person recorded.')}</section>
</div>
<h2>Timeline</h2>
<div class="panel">${chain}${eventList(detail.events, 'No events.')}</div>`;
  return shell(`Request ${record.id}`, session, content, controller);
}

/** A domain refusal as a page: what was not done and why, with the way back. */
export function renderConsoleError(problem: HttpProblem, session: ConsoleSession | undefined, controller: PageController, back = '/console/requests'): string {
  const content = html`<h1>${problem.status === 404 ? 'Not found' : 'Not done'}</h1>
<p class="alert" role="alert">${problem.message}</p>
<p><a href="${back}">Back</a></p>`;
  return shell(problem.status === 404 ? 'Not found' : 'Not done', session, content, controller);
}

/** What a browser reads when its console session has ended or never began. */
export const CONSOLE_SIGN_IN_AGAIN = 'There is no console session in this browser, or it has expired.';

/** The page that sends a person to sign in: no session, signed out, or (locally) where the one-time sign-ins are. */
export function renderSignedOut(message: string, controller: PageController): string {
  return shell('Sign in', undefined, html`<h1>Console sign-in</h1><p>${message}</p><p><a href="/console/sign-in">Sign in</a></p>`, controller);
}

/**
 * The page the hosted sign-in returns to: the session cookie is set, and the browser moves on to the
 * queue by itself (a refresh, not a redirect: a SameSite=Strict cookie is not sent on a redirect
 * that began on the sign-in domain).
 */
export function renderSignedIn(controller: PageController): string {
  return shell(
    'Signed in',
    undefined,
    html`<h1>Signed in</h1><p><a href="/console/requests">Continue to the queue</a></p>`,
    controller,
    new SafeHtml('<meta http-equiv="refresh" content="0; url=/console/requests">'),
  );
}

/** The reports page: the year's figures as tables, and the report to download as CSV, JSON or a printable page. */
export function renderReportsPage(report: RequestReport, session: ConsoleSession, controller: PageController): string {
  const link = (format: string, label: string) => html`<a href="/console/reports?year=${String(report.year)}&amp;format=${format}">${label}</a>`;
  const content = html`<h1>Requests report ${String(report.year)}</h1>
<div class="panel">
<form class="filters" method="get" action="/console/reports">
<div class="field"><label for="r-year">Calendar year</label><input id="r-year" name="year" type="number" inputmode="numeric" min="2018" max="${String(new Date().getUTCFullYear())}" value="${String(report.year)}" required></div>
<button type="submit">Show</button>
</form>
<p>Download: ${link('csv', 'CSV')} · ${link('json', 'JSON')} · ${link('html', 'printable page')}</p>
${report.complete ? '' : html`<p class="muted">${String(report.year)} is not over: the figures are provisional.</p>`}
</div>
${reportSections(report).map(
  ({ section, rows }) => html`<h2>${section}</h2>
${
  rows.length === 0
    ? html`<p class="muted">Nothing to count.</p>`
    : html`<div class="table-wrap" tabindex="0" role="region" aria-label="${section}"><table><caption>${section}, ${String(report.year)}</caption>
<thead><tr><th scope="col">Category</th><th scope="col">Received</th><th scope="col">Complied in whole</th><th scope="col">In part</th><th scope="col">Denied</th><th scope="col">Withdrawn</th><th scope="col">On time</th><th scope="col">Median days</th></tr></thead>
<tbody>${rows.map(
        (row) =>
          html`<tr><th scope="row">${row.label}</th><td>${String(row.figures.received)}</td><td>${String(row.figures.compliedInWhole)}</td><td>${String(row.figures.compliedInPart)}</td><td>${String(row.figures.denied)}</td><td>${String(row.figures.withdrawn)}</td><td>${String(row.figures.answeredOnTime)}</td><td>${medianText(row.figures)}</td></tr>`,
      )}</tbody></table></div>`
}`,
)}
<h2>How each figure is counted</h2>
<div class="panel"><dl class="facts">${report.counting.map((c) => html`<dt>${c.figure}</dt><dd>${c.rule}</dd>`)}</dl></div>`;
  return shell(`Requests report ${report.year}`, session, content, controller);
}
