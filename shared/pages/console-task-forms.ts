// The request page's manual tasks: for an operator, a form per open manual task that posts the
// outcome a system would report; for a viewer, the tasks without a form. Posted back with errors, the
// form shows the values given and a message at each field that is wrong.
import { mayAct, type ConsoleSession } from '../console/session.js';
import type { RequestDetail } from '../console/request-detail.js';
import type { TaskRecord } from '../fulfilment/task-store.js';
import type { FieldError } from '../http/problem.js';
import { html, SafeHtml, type HtmlValue } from '../text/html.js';

/** A task form posted back with mistakes: which task, what was wrong where, and what was given. */
export interface TaskFormState {
  taskId: string;
  errors: readonly FieldError[];
  values: Readonly<Record<string, string>>;
}

const OUTCOMES: readonly { value: string; label: string }[] = [
  { value: 'done', label: 'Done: carried out in the system' },
  { value: 'retained', label: 'Done, but records are kept by law (say which below)' },
  { value: 'not-found', label: 'Nothing to do: the system holds no data about the person' },
  { value: 'failed', label: 'Could not be done (say what went wrong below)' },
];

const RECORDS_LABEL: Record<string, string> = {
  export: 'Records exported',
  delete: 'Records deleted',
};

/** Where the console posts a task's outcome. */
export const taskFormAction = (requestId: string, taskId: string): string => `/console/requests/${requestId}/tasks/${encodeURIComponent(taskId)}`;

/** Open manual tasks, the ones a person completes. */
export function manualOpenTasks(tasks: readonly TaskRecord[]): TaskRecord[] {
  return tasks.filter((task) => task.state === 'open' && task.connector === 'manual');
}

function taskForm(requestId: string, task: TaskRecord, n: number, session: ConsoleSession, state: TaskFormState | undefined): SafeHtml {
  const mine = state?.taskId === task.taskId ? state : undefined;
  const id = (field: string) => `t${n}-${field}`;
  const value = (field: string) => mine?.values[field] ?? '';
  const errorOf = (field: string) => mine?.errors.find((e) => e.path === field)?.message;
  const message = (field: string): HtmlValue => {
    const error = errorOf(field);
    return error ? html`<p class="broken" id="${id(field)}-error">${error}</p>` : '';
  };
  /** aria attributes of a field with a message: invalid, and described by the message. */
  const invalid = (field: string): HtmlValue => (errorOf(field) ? new SafeHtml(` aria-invalid="true" aria-describedby="${id(field)}-error"`) : '');
  const title = html`<h3>${task.systemId}: ${task.action}</h3>`;
  const due = html`<p class="muted">Task <span class="mono">${task.taskId}</span>, due ${task.dueAt.slice(0, 10)}${task.contactNotifiedAt ? ', the contact was mailed' : ''}.</p>`;
  if (!task.askedAt) return html`<div class="panel">${title}${due}<p>Waits its turn: the system has not been asked yet.</p></div>`;
  const chosen = value('outcome');
  return html`<div class="panel">${title}${due}
${mine ? html`<p class="alert" role="alert">The outcome was not recorded: correct the fields marked below.</p>` : ''}
<form method="post" action="${taskFormAction(requestId, task.taskId)}">
<input type="hidden" name="csrf" value="${session.csrf}">
<fieldset class="field"${invalid('outcome')}><legend>What the system did</legend>
${message('outcome')}
${OUTCOMES.map(
  (outcome) =>
    html`<div class="field check"><input type="radio" id="${id(`outcome-${outcome.value}`)}" name="outcome" value="${outcome.value}"${chosen === outcome.value ? new SafeHtml(' checked') : ''} required><label for="${id(`outcome-${outcome.value}`)}">${outcome.label}</label></div>`,
)}
</fieldset>
<div class="field"><label for="${id('records')}">${RECORDS_LABEL[task.action] ?? 'Records affected'} (optional)</label>${message('records')}<input id="${id('records')}" name="records" type="number" inputmode="numeric" min="0" step="1" value="${value('records')}"${invalid('records')}></div>
<div class="field"><label for="${id('error')}">What went wrong, if it could not be done (no personal data)</label>${message('error')}<textarea id="${id('error')}" name="error" maxlength="300"${invalid('error')}>${value('error')}</textarea></div>
<fieldset class="field"><legend>Records kept by law, if any</legend>
<div class="field"><label for="${id('category')}">Which records</label>${message('category')}<input id="${id('category')}" name="category" type="text" maxlength="200" value="${value('category')}"${invalid('category')}></div>
<div class="field"><label for="${id('keepFor')}">Kept for (ISO 8601, e.g. P10Y)</label>${message('keepFor')}<input id="${id('keepFor')}" name="keepFor" type="text" maxlength="40" value="${value('keepFor')}"${invalid('keepFor')}></div>
<div class="field"><label for="${id('legalBasis')}">The law that keeps them (told to the person)</label>${message('legalBasis')}<input id="${id('legalBasis')}" name="legalBasis" type="text" maxlength="500" value="${value('legalBasis')}"${invalid('legalBasis')}></div>
</fieldset>
<button type="submit">Record the outcome</button>
</form></div>`;
}

/**
 * The manual tasks section: a form for each open manual task (an operator or admin), or the tasks
 * listed with no form (a viewer). Nothing when no manual task is open.
 */
export function renderManualTasks(detail: RequestDetail, session: ConsoleSession, state?: TaskFormState): SafeHtml {
  const open = manualOpenTasks(detail.tasks);
  if (open.length === 0) return html``;
  const intro = html`<p class="muted">A manual system's task is done by a person; its outcome recorded here is taken as the system's report (POST /v1/tasks/{taskId}/result), recorded in the audit chain as yours, and the request moves on. An export's records themselves are reported through the API.</p>`;
  if (!mayAct(session.role)) {
    return html`<h2>Manual tasks</h2><div class="panel"><p>${String(open.length)} open: ${open.map((t) => t.systemId).join(', ')}. An operator records their outcome here; a ${session.role} reads only.</p></div>`;
  }
  return html`<h2>Manual tasks</h2>${intro}<div class="columns">${open.map((task, n) => taskForm(detail.record.id, task, n, session, state))}</div>`;
}
