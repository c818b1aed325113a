import { describe, expect, it, vi } from 'vitest';
import { ConsoleTaskForm } from '../../functions/console/console.schema.js';
import { completeTask, taskReportOf, type CompleteTaskDeps } from '../../shared/console/complete-task.js';
import { actionRules, type RequestDetail } from '../../shared/console/request-detail.js';
import { queueRow } from '../../shared/console/queue.js';
import type { ConsoleSession } from '../../shared/console/session.js';
import { ConflictError } from '../../shared/errors.js';
import type { DataSystem } from '../../shared/fulfilment/model.js';
import type { TaskRecord } from '../../shared/fulfilment/task-store.js';
import { fieldErrors } from '../../shared/http/middlewares.js';
import { renderManualTasks } from '../../shared/pages/console-task-forms.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { requestRecord } from '../support/request-record.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');
const record = requestRecord('in-progress', { type: 'deletion' });
const ACTOR = { kind: 'operator' as const, id: 'console:0b6e8a6e-1d7f-4a51-9d0e-2f0c3b1c2d4e' };

const task = (extra: Partial<TaskRecord> = {}): TaskRecord => ({
  taskId: `${record.id}.1.partner-portal`,
  requestId: record.id,
  systemId: 'partner-portal',
  action: 'delete',
  connector: 'manual',
  state: 'open',
  taskToken: 'token-1',
  askedAt: '2026-03-09T09:00:00.000Z',
  createdAt: '2026-03-09T09:00:00.000Z',
  dueAt: '2026-03-23T09:00:00.000Z',
  expiresAt: 1_900_000_000,
  ...extra,
});

/** Completing tasks against a task store holding `stored`, a manual system, and a request store whose first `conflicts` writes meet another writer. */
function deps(stored: TaskRecord | undefined, options: { conflicts?: number; chainFails?: boolean } = {}) {
  let conflicts = options.conflicts ?? 0;
  const store = {
    get: vi.fn(async () => record as RequestRecord | undefined),
    record: vi.fn(async (request: RequestRecord) => {
      if (options.chainFails) throw new Error('DynamoDB is down');
      if (conflicts-- > 0) throw new ConflictError('changed by someone else');
      return request;
    }),
  };
  const report = {
    systems: {
      get: async () => ({ systemId: 'partner-portal', connector: { kind: 'manual', instructions: 'By hand.' } }) as DataSystem,
      signingSecret: async () => undefined,
    },
    tasks: { get: vi.fn(async () => stored), finish: vi.fn(async () => undefined), reopen: vi.fn(async () => undefined) },
    reporter: { succeed: vi.fn(async () => undefined), heartbeat: vi.fn(async () => undefined) },
    now: () => NOW,
  };
  return { report, store, actor: ACTOR } satisfies CompleteTaskDeps;
}

describe('ConsoleTaskForm', () => {
  it.each([
    { note: 'no outcome', form: {}, errors: { outcome: 'choose what the system did' } },
    { note: 'an outcome the route does not take', form: { outcome: 'working' }, errors: { outcome: 'choose what the system did' } },
    { note: 'negative records', form: { outcome: 'done', records: '-1' }, errors: { records: 'cannot be negative' } },
    { note: 'records that are no number', form: { outcome: 'done', records: 'many' }, errors: { records: 'must be a whole number' } },
    { note: 'a failure without what went wrong', form: { outcome: 'failed', error: '  ' }, errors: { error: 'say what went wrong (no personal data)' } },
    {
      note: 'a failure naming a person by email',
      form: { outcome: 'failed', error: 'account of lea@example.net locked' },
      errors: { error: 'must not hold an email address: say what went wrong, not who' },
    },
    {
      note: 'kept records without their rule',
      form: { outcome: 'retained', category: 'invoices' },
      errors: { keepFor: 'say for how long, e.g. P10Y', legalBasis: 'name the law that keeps them' },
    },
    {
      note: 'kept records for no duration',
      form: { outcome: 'retained', category: 'invoices', keepFor: 'ten years', legalBasis: '§ 147 AO' },
      errors: { keepFor: 'must be an ISO 8601 duration such as P10Y' },
    },
    { note: 'a field the form has not', form: { outcome: 'done', taskToken: 'x' }, errors: { taskToken: 'is not a known field' } },
  ])('names each wrong field of $note', ({ form, errors }) => {
    // Act
    const parsed = ConsoleTaskForm.safeParse(form);

    // Assess
    expect(parsed.success).toBe(false);
    expect(Object.fromEntries(fieldErrors(parsed.error!).map((e) => [e.path, e.message]))).toEqual(errors);
  });

  it.each([
    { form: { outcome: 'done', records: '3', error: '', category: '', keepFor: '', legalBasis: '' }, report: { outcome: 'done', records: 3 } },
    { form: { outcome: 'not-found', records: '' }, report: { outcome: 'not-found' } },
    { form: { outcome: 'failed', error: ' The portal refused the login. ' }, report: { outcome: 'failed', error: 'The portal refused the login.' } },
    {
      form: { outcome: 'retained', records: '2', category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO' },
      report: { outcome: 'retained', records: 2, retained: [{ category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO' }] },
    },
  ])('turns a $form.outcome form into the report the task result route takes', ({ form, report }) => {
    // Act
    const parsed = ConsoleTaskForm.parse(form);

    // Assess
    expect(taskReportOf(parsed)).toEqual(report);
  });
});

describe('completeTask', () => {
  it("settles the task, records the operator in the request's chain, then resumes the workflow", async () => {
    // Prepare
    const completing = deps(task());

    // Act
    await completeTask(record.id, task().taskId, { outcome: 'done', records: 3 }, completing);

    // Assess
    const outcome = { systemId: 'partner-portal', action: 'delete', outcome: 'done', records: 3 };
    expect(completing.report.tasks.finish).toHaveBeenCalledWith(task().taskId, outcome, NOW.toISOString(), { reported: true });
    expect(completing.store.record).toHaveBeenCalledWith(
      record,
      [
        {
          type: 'fulfilment.task-reported',
          at: NOW.toISOString(),
          actor: ACTOR,
          data: { taskId: task().taskId, systemId: 'partner-portal', action: 'delete', outcome: 'done', records: 3 },
        },
      ],
      {},
      NOW,
    );
    expect(completing.report.reporter.succeed).toHaveBeenCalledWith('token-1', outcome);
    expect(completing.store.record.mock.invocationCallOrder[0]).toBeLessThan(completing.report.reporter.succeed.mock.invocationCallOrder[0]!);
  });

  it('reads the request again when another write lands first, and records the operator once', async () => {
    // Prepare
    const completing = deps(task(), { conflicts: 1 });

    // Act
    await completeTask(record.id, task().taskId, { outcome: 'not-found' }, completing);

    // Assess
    expect(completing.store.get).toHaveBeenCalledTimes(2);
    expect(completing.store.record).toHaveBeenCalledTimes(2);
    expect(completing.report.reporter.succeed).toHaveBeenCalledTimes(1);
  });

  it('puts the task back to open and resumes nothing when the chain cannot record who reported it', async () => {
    // Prepare
    const completing = deps(task(), { chainFails: true });

    // Act
    const completion = completeTask(record.id, task().taskId, { outcome: 'done' }, completing);

    // Assess
    await expect(completion).rejects.toThrow('DynamoDB is down');
    expect(completing.report.tasks.reopen).toHaveBeenCalledWith(task().taskId);
    expect(completing.report.reporter.succeed).not.toHaveBeenCalled();
  });

  it.each([
    { note: 'a task of another request', stored: task({ requestId: '01JOTHER0000000000000000AA' }), kind: 'not-found', message: 'has no task' },
    { note: 'no task at all', stored: undefined, kind: 'not-found', message: 'has no task' },
    { note: "a webhook system's task", stored: task({ connector: 'webhook' }), kind: 'conflict', message: 'only a manual system' },
    {
      note: 'a task completed already',
      stored: task({ state: 'finished', outcome: 'done', finishedAt: '2026-03-09T10:00:00.000Z' }),
      kind: 'conflict',
      message: 'already been reported (done, 2026-03-09T10:00:00.000Z)',
    },
    { note: 'a task not asked yet', stored: task({ taskToken: undefined }), kind: 'conflict', message: 'has not started yet' },
  ])('refuses $note and records nothing', async ({ stored, kind, message }) => {
    // Prepare
    const completing = deps(stored);

    // Act
    const completion = completeTask(record.id, task().taskId, { outcome: 'done' }, completing);

    // Assess
    await expect(completion).rejects.toMatchObject({ kind, message: expect.stringContaining(message) });
    expect(completing.report.tasks.finish).not.toHaveBeenCalled();
    expect(completing.store.record).not.toHaveBeenCalled();
    expect(completing.report.reporter.succeed).not.toHaveBeenCalled();
  });
});

describe('renderManualTasks', () => {
  const session = (role: ConsoleSession['role']): ConsoleSession => ({ sub: 'sub-1', role, expiresAt: 2_000_000_000, csrf: 'form-token' });
  const detail = (tasks: TaskRecord[]): RequestDetail => ({
    record,
    row: queueRow(record, NOW, 5),
    tasks,
    events: [],
    verification: { valid: true, length: 0 },
    notices: [],
    correspondence: [],
    actions: actionRules(record, NOW, { identityProvider: false }),
  });
  const text = (value: ReturnType<typeof renderManualTasks>) => value.value;

  it("gives an operator a form per open manual task that posts the session's form token to the task's route", () => {
    // Act
    const page = text(renderManualTasks(detail([task(), task({ taskId: 't-crm', systemId: 'crm', connector: 'dynamodb' })]), session('operator')));

    // Assess
    expect(page.match(/<form /g)).toHaveLength(1);
    expect(page).toContain(`action="/console/requests/${record.id}/tasks/${record.id}.1.partner-portal"`);
    expect(page).toContain('<input type="hidden" name="csrf" value="form-token">');
    expect(page).toContain('name="outcome" value="retained"');
  });

  it('shows a viewer the open manual tasks with no form', () => {
    // Act
    const page = text(renderManualTasks(detail([task()]), session('viewer')));

    // Assess
    expect(page).toContain('1 open: partner-portal');
    expect(page).not.toContain('<form');
  });

  it('offers no form for a task its system has not been asked about yet, and nothing when no manual task is open', () => {
    // Act
    const waiting = text(renderManualTasks(detail([task({ askedAt: undefined })]), session('admin')));
    const none = text(renderManualTasks(detail([task({ state: 'finished', outcome: 'done' })]), session('admin')));

    // Assess
    expect(waiting).toContain('Waits its turn');
    expect(waiting).not.toContain('<form');
    expect(none).toBe('');
  });

  it('shows a form posted back with mistakes with its values and a message at each wrong field', () => {
    // Act
    const page = text(
      renderManualTasks(detail([task()]), session('operator'), {
        taskId: task().taskId,
        errors: [{ path: 'keepFor', message: 'say for how long, e.g. P10Y' }],
        values: { outcome: 'retained', category: 'invoices <b>' },
      }),
    );

    // Assess
    expect(page).toContain('role="alert"');
    expect(page).toContain('<p class="broken" id="t0-keepFor-error">say for how long, e.g. P10Y</p>');
    expect(page).toContain('aria-invalid="true" aria-describedby="t0-keepFor-error"');
    expect(page).toContain('value="retained" checked');
    expect(page).toContain('value="invoices &lt;b&gt;"');
  });
});

describe('the console rule for requiring the identity provider', () => {
  const waiting = (verification: Partial<RequestRecord['verification']> = {}) =>
    requestRecord('awaiting-verification', { verification: { level: 'email+knowledge', state: 'email-confirmed', ...verification } });
  const rule = (request: RequestRecord, identityProvider = true) => actionRules(request, NOW, { identityProvider })['require-identity'];

  it.each([
    ['no provider is configured', waiting(), false, 'no identity-verification provider is configured'],
    ['the law allows no check (an opt-out in substance)', waiting({ level: 'none', state: 'not-required' }), true, 'the law allows no identity check for it'],
    ['verification is over', requestRecord('in-progress'), true, 'it is not waiting for verification (status in-progress)'],
    ['verification failed', waiting({ state: 'failed' }), true, 'it is not waiting for verification'],
    ['an operator required it already', waiting({ identity: { use: 'required', requiredBy: 'operator' } }), true, 'an operator has required it already'],
  ])('forbids it when %s, saying why', (_case, request, provider, because) => {
    const judged = rule(request, provider);
    expect(judged.allowed).toBe(false);
    expect(judged.allowed === false && judged.because).toContain(because);
  });

  it.each([
    ['waiting for the link', waiting({ state: 'pending' })],
    ['past the link, waiting for the knowledge check', waiting()],
    ['offered the provider already', waiting({ identity: { use: 'offered' } })],
    ['required by the configuration', waiting({ identity: { use: 'required', requiredBy: 'configuration' } })],
  ])('allows it for a request %s', (_case, request) => {
    expect(rule(request)).toEqual({ allowed: true, note: expect.stringContaining('independent provider') });
  });
});
