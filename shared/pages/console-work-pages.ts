// The console's pages for the rest of the operator's work: the triage inbox, the data systems, the
// policy versions with each campaign's bar, and the Shine the Light register. Server-rendered in the
// console's shell; one more style block by its hash; the policies page alone loads one script, from
// this origin, that moves a running campaign's bar (the page shows the figures without it).
import { createHash } from 'node:crypto';
import type { CampaignBar, PolicyRow } from '../console/policies.js';
import type { RegisterYear } from '../console/disclosures.js';
import { mayAct, type ConsoleSession } from '../console/session.js';
import type { SystemRow, SystemsOverview, TaskEnding } from '../console/systems.js';
import type { TriageInbox, TriageRow } from '../console/triage.js';
import { JURISDICTIONS, REQUEST_TYPES } from '../domain/request-model.js';
import { DISMISS_REASONS } from '../intake/inbox-store.js';
import type { TriageReason } from '../intake/understand-mail.js';
import { html, SafeHtml, type HtmlValue } from '../text/html.js';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { HttpProblem } from '../http/problem.js';
import { CONSOLE_STYLE_HASH, consolePageResult, LAW, renderConsoleError, shell, token } from './console-pages.js';
import type { PageController } from './layout.js';

/**
 * The styles these pages add to the console's. Contrast on white: the bar's fill #1d4ed8 6.7:1
 * against its #d5dbe3 track edge (3:1 needed for a graphic), text as the console's.
 */
export const WORK_STYLE = `
.mail{background:#fff;border:1px solid #d5dbe3;border-radius:10px;padding:1rem 1.25rem;margin:0 0 1rem}
.mail.late{border-left:6px solid #991b1b}
.mail h2{margin:0 0 .5rem;font-size:1.0625rem}
.mail details{margin:.75rem 0}
.mail summary{cursor:pointer;color:#1d4ed8;font-weight:600}
.mail blockquote{margin:.5rem 0 0;padding:.5rem .75rem;border-left:3px solid #6b7280;background:#f4f6f9;overflow-wrap:anywhere}
.triage{display:flex;flex-wrap:wrap;gap:1rem;margin:.75rem 0 0}
.triage form{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.5rem .75rem;padding:.75rem;border:1px solid #e5e7eb;border-radius:8px}
.campaign{background:#fff;border:1px solid #d5dbe3;border-radius:10px;padding:1rem 1.25rem;margin:0 0 1rem}
.campaign h3{margin:0 0 .5rem;font-size:1.0625rem}
.campaign label{display:block;margin:0 0 .25rem}
progress{display:block;width:100%;height:1.25rem;margin:.25rem 0 .5rem;accent-color:#1d4ed8}
.figures{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0 0 .5rem;padding:0;list-style:none}
.figures strong{font-variant-numeric:tabular-nums}
.visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.paused{padding:.5rem .75rem;border-left:4px solid #92400e;background:#fef3c7;color:#1f2933;margin:.5rem 0}
`;

export const WORK_STYLE_HASH = `sha256-${createHash('sha256').update(WORK_STYLE, 'utf8').digest('base64')}`;

/** Where the policies page's script is served: beside the page, from this origin. */
export const PROGRESS_SCRIPT_PATH = '/console/policies/progress.js';

/** The console's CSP with this file's style, and on the policies page its one script and the calls it makes here. */
export function workPageCsp(withScript = false): string {
  return [
    "default-src 'none'",
    `style-src '${CONSOLE_STYLE_HASH}' '${WORK_STYLE_HASH}'`,
    ...(withScript ? ["script-src 'self'", "connect-src 'self'"] : []),
    "img-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const workStyle = () => new SafeHtml(`<style>${WORK_STYLE}</style>`);
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const list = (values: readonly string[]) => (values.length ? values.join(', ') : '—');
const selected = (yes: boolean) => (yes ? new SafeHtml(' selected') : '');

/** Why intake left a mail to a person, in words. */
const REASON_TEXT: Record<TriageReason, string> = {
  malformed: 'the mail could not be read',
  'too-large': 'the mail is too large to read automatically',
  'no-sender': 'it names no sender to answer',
  'no-right': 'it names no right',
  unclear: 'the right it asks for is unclear',
  question: 'it asks a question',
  complaint: 'it is a complaint',
  'jurisdiction-unclear': 'the law is unclear',
  'jurisdiction-conflict': 'the law it names and the account disagree',
  'agent-incomplete': 'an agent writes without a complete authorization',
  'forwarded-for-another': 'it was forwarded for someone else',
  'reply-asks': 'a reply to one of our notices that asks for something',
};

function triageForms(row: TriageRow, session: ConsoleSession): HtmlValue {
  if (!mayAct(session.role)) return html`<p class="muted">A ${session.role} reads only: an operator files or closes the mail.</p>`;
  const id = row.mail.id;
  const suggested = row.mail.rights[0];
  return html`<div class="triage">
<form method="post" action="/console/inbox/${id}/classify">${token(session)}
<div class="field"><label for="type-${id}">Request type</label><select id="type-${id}" name="type" required>${REQUEST_TYPES.map(
    (type) => html`<option value="${type}"${selected(type === suggested)}>${type}</option>`,
  )}</select></div>
<div class="field"><label for="law-${id}">Law</label><select id="law-${id}" name="jurisdiction" required>${JURISDICTIONS.map(
    (law) => html`<option value="${law}">${LAW[law] ?? law}</option>`,
  )}</select></div>
<button type="submit">File as a request</button>
</form>
<form method="post" action="/console/inbox/${id}/dismiss">${token(session)}
<div class="field"><label for="reason-${id}">Why it is not one</label><select id="reason-${id}" name="reason" required>${DISMISS_REASONS.map(
    (reason) => html`<option value="${reason}"${selected(reason === 'not-a-request')}>${reason}</option>`,
  )}</select></div>
<button class="quiet" type="submit">Close: not a request</button>
</form>
</div>`;
}

function mailPanel(row: TriageRow, alarmDays: number, session: ConsoleSession): SafeHtml {
  const { mail } = row;
  const waited = row.ageDays === 0 ? 'less than a day' : row.ageDays === 1 ? '1 day' : `${row.ageDays} days`;
  return html`<section class="mail${row.overdue ? ' late' : ''}" aria-labelledby="mail-${mail.id}">
<h2 id="mail-${mail.id}">Mail received ${minute(mail.receivedAt)}</h2>
<dl class="facts">
<dt>Waiting</dt><dd>${waited}${row.overdue ? html` <span class="badge badge-overdue">overdue: over ${String(alarmDays)} days in triage</span>` : ''}</dd>
<dt>From</dt><dd>${mail.from ?? 'no sender address'}</dd>
<dt>Written in</dt><dd>${mail.locale}</dd>
<dt>Why it is here</dt><dd>${mail.reason ? (REASON_TEXT[mail.reason as TriageReason] ?? mail.reason) : '—'}${mail.why.length ? html` <span class="muted">(${mail.why.join(', ')})</span>` : ''}</dd>
<dt>Seems to ask</dt><dd>${list(mail.rights)}</dd>
<dt>Earliest deadline</dt><dd>${mail.dueAt ?? '—'} <span class="muted">(it may already run from receipt)</span></dd>
<dt>Origin checks</dt><dd>SPF ${mail.authentication.spf}, DKIM ${mail.authentication.dkim}, DMARC ${mail.authentication.dmarc}</dd>
</dl>
${mail.excerpt ? html`<details><summary>The start of the mail</summary><blockquote>${mail.excerpt}</blockquote></details>` : ''}
${triageForms(row, session)}
</section>`;
}

/** What the inbox page says after an action went through. */
export type TriageDone = { filed: string } | { dismissed: true };

/** The triage inbox: each open mail with how long it has waited, and for an operator the two ways out. */
export function renderInboxPage(inbox: TriageInbox, session: ConsoleSession, controller: PageController, done?: TriageDone): string {
  const doneLine = done
    ? 'filed' in done
      ? html`<p class="done" role="status">Filed as request <a class="mono" href="/console/requests/${done.filed}">${done.filed}</a>, received when the mail was; the sender is answered.</p>`
      : html`<p class="done" role="status">Closed: the mail is not a request and has left the inbox.</p>`
    : '';
  const content = html`<h1>Triage inbox</h1>
${doneLine}
<p class="muted">Mails to the privacy address that intake could not decide. Senders are masked; the start of each mail (addresses and long numbers masked) is folded away until opened. A mail waiting more than ${String(inbox.alarmDays)} days is overdue.</p>
${
  inbox.rows.length === 0
    ? html`<div class="panel"><p>The inbox is empty: no mail waits for a person.</p></div>`
    : html`<p>${String(inbox.rows.length)} ${inbox.rows.length === 1 ? 'mail waits' : 'mails wait'}, oldest first.</p>${inbox.rows.map((row) => mailPanel(row, inbox.alarmDays, session))}`
}`;
  return shell('Triage inbox', session, content, controller, workStyle());
}

function endingText(end: TaskEnding | undefined): HtmlValue {
  if (!end) return html`<span class="muted">none recorded</span>`;
  return html`${minute(end.at)}${end.code ? html` <span class="mono">${end.code}</span>` : html` <span class="muted">(${end.outcome})</span>`}<br><a class="mono" href="/console/requests/${end.requestId}">${end.requestId}</a>`;
}

function systemRow(row: SystemRow): SafeHtml {
  return html`<tr>
<th scope="row">${row.name}<br><span class="mono muted">${row.systemId}</span></th><td>${row.connector}</td><td>${list(row.actions)}</td><td>${list(row.purposes)}</td><td>${row.contact ?? '—'}</td><td>${endingText(row.lastSuccess)}</td><td>${endingText(row.lastFailure)}</td><td>${String(row.openTasks)}<br><a href="/console/requests?system=${encodeURIComponent(row.systemId)}">in the queue<span class="visually-hidden"> for ${row.name}</span></a></td>
</tr>`;
}

/** The data systems: what each declares, its contact masked, and how its tasks have gone. */
export function renderSystemsPage(overview: SystemsOverview, session: ConsoleSession, controller: PageController): string {
  const content = html`<h1>Data systems</h1>
<p class="muted">Every registered system. Contacts are masked like every address in the console (GET /v1/systems/{systemId} gives them in full). The last success and failure come from the task records, kept until a week after each task was due; a failure shows its error code, never a system's own words.</p>
${overview.truncated ? html`<p class="alert">More task records than one page reads: the counts and the last endings are of the latest read.</p>` : ''}
${
  overview.rows.length === 0
    ? html`<div class="panel"><p>No system is registered: PUT /v1/systems/{systemId} registers one.</p></div>`
    : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Data systems"><table>
<caption>Registered systems: ${String(overview.rows.length)}</caption>
<thead><tr><th scope="col">System</th><th scope="col">Connector</th><th scope="col">Actions</th><th scope="col">Purposes</th><th scope="col">Contact</th><th scope="col">Last success</th><th scope="col">Last failure</th><th scope="col">Open tasks</th></tr></thead>
<tbody>${overview.rows.map(systemRow)}</tbody>
</table></div>`
}`;
  return shell('Data systems', session, content, controller, workStyle());
}

function campaignPanel(version: string, bar: CampaignBar): SafeHtml {
  const id = `campaign-${version.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const { status } = bar;
  // Full when done; while it runs, filled to its share of the directory's counted size, or without a
  // value (indeterminate) when that count is not known.
  const progress = bar.finished
    ? html`<progress id="${id}-bar" max="${String(Math.max(bar.reached, 1))}" value="${String(Math.max(bar.reached, 1))}" aria-describedby="${id}-summary">complete</progress>`
    : bar.live && bar.estimate !== undefined
      ? html`<progress id="${id}-bar" max="${String(bar.estimate)}" value="${String(bar.reached)}" aria-describedby="${id}-summary">${String(bar.reached)} of about ${String(bar.estimate)}</progress>`
      : bar.live
        ? html`<progress id="${id}-bar" aria-describedby="${id}-summary">running</progress>`
        : '';
  return html`<section class="campaign" aria-labelledby="${id}-title" data-campaign="${version}" data-live="${bar.live ? 'true' : 'false'}">
<h3 id="${id}-title">Notice campaign of version ${version}</h3>
${progress ? html`<label for="${id}-bar">Progress of the campaign of version ${version}</label>${progress}` : ''}
<ul class="figures">
<li>Sent <strong data-figure="sent">${String(status.sent)}</strong></li>
<li>Suppressed <strong data-figure="suppressed">${String(status.suppressed)}</strong></li>
<li>Failed <strong data-figure="failed">${String(status.failed)}</strong></li>
<li>Reached <strong data-figure="reached">${String(bar.reached)}</strong></li>
</ul>
<p id="${id}-summary" data-figure="summary" aria-live="polite">${bar.summary}</p>
<p class="paused" data-figure="paused"${bar.paused ? '' : new SafeHtml(' hidden')}>${bar.paused ?? ''}</p>
${bar.live ? html`<p data-figure="refresh"><a href="/console/policies">Refresh</a> <span class="muted">(with JavaScript the bar moves by itself)</span></p>` : ''}
</section>`;
}

/** The policy versions, and each material version's campaign as a bar that its script moves while it runs. */
export function renderPoliciesPage(rows: readonly PolicyRow[], session: ConsoleSession, controller: PageController): string {
  const campaigns = rows.filter((row) => row.campaign);
  const content = html`<h1>Policy versions</h1>
${
  rows.length === 0
    ? html`<div class="panel"><p>No policy version is published: POST /v1/policies publishes one.</p></div>`
    : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Policy versions"><table>
<caption>Published versions, latest taking effect first</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Takes effect</th><th scope="col">Published</th><th scope="col">Material</th><th scope="col">Languages</th><th scope="col">Campaign</th></tr></thead>
<tbody>${rows.map(
        (row) =>
          html`<tr><th scope="row"><a href="${row.url}">${row.version}</a>${row.inForce ? html` <span class="badge badge-ok">in force</span>` : ''}</th><td>${minute(row.effectiveAt)}</td><td>${minute(row.publishedAt)}</td><td>${row.material ? 'yes: everyone is told' : 'no'}</td><td>${row.languages.join(', ')}</td><td data-state-of="${row.version}">${row.campaign ? row.campaign.status.state : 'none'}</td></tr>`,
      )}</tbody>
</table></div>`
}
<h2>Notice campaigns</h2>
<p class="muted">A campaign counts those it has reached: sent, suppressed (bounced or complained before) and failed. How many it will reach is known exactly once it has gone through the whole directory; until then the bar measures against the directory's size as DynamoDB last counted it (refreshed about every six hours), or shows it running when that count is not known.</p>
${campaigns.length === 0 ? html`<p>No material version, so no campaign.</p>` : campaigns.map((row) => campaignPanel(row.version, row.campaign!))}`;
  return shell('Policy versions', session, content, controller, html`${workStyle()}<script src="${PROGRESS_SCRIPT_PATH}" defer></script>`);
}

/** The Shine the Light register of a year, each recipient as the answer states it. */
export function renderDisclosuresPage(register: RegisterYear, session: ConsoleSession, controller: PageController): string {
  const content = html`<h1>Shine the Light register ${String(register.year)}</h1>
<div class="panel">
<form class="filters" method="get" action="/console/disclosures">
<div class="field"><label for="d-year">Calendar year</label><select id="d-year" name="year">${register.years.map(
    (year) => html`<option value="${String(year)}"${selected(year === register.year)}>${String(year)}</option>`,
  )}</select></div>
<button type="submit">Show</button>
</form>
<p>The third parties that received personal information for their own direct marketing in ${String(register.year)} (Cal. Civ. Code § 1798.83): what a request received in ${String(register.answersRequestsOf)} is answered with. A request received now is answered from ${String(register.currentAnswerYear)}.</p>
</div>
${
  register.rows.length === 0
    ? html`<div class="panel"><p>No third party is recorded for ${String(register.year)}: a request is answered that none received personal information for direct marketing.</p></div>`
    : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Recipients in ${String(register.year)}"><table>
<caption>Recipients in ${String(register.year)}: ${String(register.rows.length)}</caption>
<thead><tr><th scope="col">Recipient</th><th scope="col">Address</th><th scope="col">Categories</th><th scope="col">Products marketed</th><th scope="col">As the answer states it</th></tr></thead>
<tbody>${register.rows.map(
        (row) =>
          html`<tr><th scope="row">${row.name}</th><td>${row.address}</td><td>${row.categories.join(', ')}</td><td>${row.marketing ?? '—'}</td><td>${row.statement}</td></tr>`,
      )}</tbody>
</table></div>`
}`;
  return shell(`Shine the Light register ${register.year}`, session, content, controller, workStyle());
}

/** A refusal of one of these pages' routes as a page whose "Back" leads to `back`. */
export function consoleRefusalPage(problem: HttpProblem, session: ConsoleSession | undefined, controller: PageController, back: string): APIGatewayProxyResult {
  return consolePageResult(problem.status, renderConsoleError(problem, session, controller, back));
}
