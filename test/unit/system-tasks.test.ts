import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UnauthorizedError } from '../../shared/errors.js';
import type { DataSystem } from '../../shared/fulfilment/model.js';
import { signBody } from '../../shared/fulfilment/signatures.js';
import { callSystem, reportTaskResult, SignatureError, type CallDeps, type ReportDeps } from '../../shared/fulfilment/system-tasks.js';
import { TaskStore, type TaskRecord } from '../../shared/fulfilment/task-store.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);

const NOW = new Date('2026-11-25T10:00:00.000Z');
const SECRET = 'partner-crm-secret';
const REPORT = JSON.stringify({ outcome: 'done', records: 0 });

const task: TaskRecord = {
  taskId: 't1',
  requestId: 'r1',
  systemId: 'partner-crm',
  action: 'delete',
  connector: 'webhook',
  taskToken: 'token-1',
  state: 'open',
  createdAt: '2026-11-25T09:00:00.000Z',
  dueAt: '2026-11-28T09:00:00.000Z',
  expiresAt: 0,
};

const deps = (secret: string | undefined): ReportDeps => ({
  systems: {
    get: async () => ({ systemId: 'partner-crm', connector: { kind: 'webhook', url: 'https://crm.example.com/privacy' } }) as DataSystem,
    signingSecret: async () => secret,
  },
  tasks: new TaskStore('tasks', client),
  reporter: { succeed: vi.fn(), heartbeat: vi.fn() },
  s3: new S3Client({ region: 'eu-central-1' }),
  dataBucket: 'data',
  now: () => NOW,
});

afterEach(() => {
  documents.reset();
});

describe('reportTaskResult', () => {
  it.each([
    { note: 'an unsigned report', signature: undefined, secret: SECRET, reason: 'missing' },
    { note: 'a report signed with another secret', signature: signBody('not-the-secret', REPORT, NOW), secret: SECRET, reason: 'not valid for this body' },
    { note: 'a report signed long ago', signature: signBody(SECRET, REPORT, new Date(NOW.getTime() - 3600_000)), secret: SECRET, reason: 'too old or too new' },
    { note: 'a report from a system with no secret', signature: signBody(SECRET, REPORT, NOW), secret: undefined, reason: 'not valid for this body' },
  ])('refuses $note from a webhook system as unauthorized, and settles nothing', async ({ signature, secret, reason }) => {
    // Prepare
    documents.on(GetCommand, { TableName: 'tasks' }).resolves({ Item: task });
    const reportDeps = deps(secret);

    // Act
    const reporting = reportTaskResult('t1', { outcome: 'done', records: 0 }, { rawBody: REPORT, signature }, reportDeps);

    // Assess
    await expect(reporting).rejects.toBeInstanceOf(SignatureError);
    await expect(reporting).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(reporting).rejects.toMatchObject({
      name: 'SignatureError',
      kind: 'unauthorized',
      code: 'bad-signature',
      message: expect.stringContaining(`header is ${reason}:`),
    });
    expect(documents).toReceiveCommandTimes(UpdateCommand, 0);
    expect(reportDeps.reporter.succeed).not.toHaveBeenCalled();
  });
});

describe('reportTaskResult for a manual system', () => {
  const manualDeps = (
    stored: TaskRecord,
  ): ReportDeps & { tasks: { get: ReturnType<typeof vi.fn>; finish: ReturnType<typeof vi.fn>; reopen: ReturnType<typeof vi.fn> } } => ({
    systems: {
      get: async () => ({ systemId: 'partner-portal', connector: { kind: 'manual', instructions: 'By hand.' } }) as DataSystem,
      signingSecret: async () => undefined,
    },
    tasks: { get: vi.fn(async () => stored), finish: vi.fn(async () => undefined), reopen: vi.fn(async () => undefined) },
    reporter: { succeed: vi.fn(), heartbeat: vi.fn() },
    s3: new S3Client({ region: 'eu-central-1' }),
    dataBucket: 'data',
    now: () => NOW,
  });
  const manual = (extra: Partial<TaskRecord>): TaskRecord => ({ ...task, systemId: 'partner-portal', connector: 'manual', ...extra });

  it('takes an unsigned report from an operator, settles the task and resumes the workflow', async () => {
    // Prepare
    const reportDeps = manualDeps(manual({}));

    // Act
    const accepted = await reportTaskResult('t1', { outcome: 'not-found' }, { rawBody: '{}', signature: undefined }, reportDeps);

    // Assess
    const outcome = { systemId: 'partner-portal', action: 'delete', outcome: 'not-found', records: 0 };
    expect(accepted).toEqual({ accepted: 'result' });
    expect(reportDeps.tasks.finish).toHaveBeenCalledWith('t1', outcome, NOW.toISOString(), { reported: true });
    expect(reportDeps.reporter.succeed).toHaveBeenCalledWith('token-1', outcome);
  });

  it.each([
    { note: 'a cancelled task as gone', stored: manual({ state: 'cancelled' }), kind: 'gone', message: 'is no longer wanted' },
    { note: 'a timed-out task as gone', stored: manual({ state: 'finished', outcome: 'failed', error: 'States.Timeout' }), kind: 'gone', message: 'timed out' },
    { note: 'a finished task as a conflict', stored: manual({ state: 'finished', outcome: 'done' }), kind: 'conflict', message: 'has already been reported' },
    { note: 'a task not asked yet as a conflict', stored: manual({ taskToken: undefined }), kind: 'conflict', message: 'has not started yet' },
  ])('refuses a report of $note, and resumes nothing', async ({ stored, kind, message }) => {
    // Prepare
    const reportDeps = manualDeps(stored);

    // Act
    const reporting = reportTaskResult('t1', { outcome: 'done' }, { rawBody: '{}', signature: undefined }, reportDeps);

    // Assess
    await expect(reporting).rejects.toMatchObject({ kind, message: expect.stringContaining(message) });
    expect(reportDeps.tasks.finish).not.toHaveBeenCalled();
    expect(reportDeps.reporter.succeed).not.toHaveBeenCalled();
  });
});

describe('callSystem for a manual system', () => {
  const planned = {
    taskId: 'r1.1.partner-portal',
    requestId: 'r1',
    systemId: 'partner-portal',
    action: 'delete' as const,
    connector: 'manual' as const,
    timeoutSeconds: 14 * 24 * 3600,
    heartbeatSeconds: 14 * 24 * 3600,
  };
  const callDeps = (contact: DataSystem['contact'], mail: CallDeps['mailContact']) => {
    const tasks = { markAsked: vi.fn(async () => undefined), markContactNotified: vi.fn(async () => undefined) };
    const deps: CallDeps = {
      store: { get: async () => ({ id: 'r1', subject: { email: 'record.test@example.org' } }) } as unknown as CallDeps['store'],
      systems: {
        get: async () =>
          ({
            systemId: 'partner-portal',
            name: 'Partner portal',
            connector: { kind: 'manual', instructions: 'By hand.' },
            categories: ['contact data', 'order history'],
            categoryNames: { 'contact data': { de: 'Kontaktdaten', en: 'contact data' } },
            purposes: ['support'],
            purposeNames: { support: { de: 'Kundensupport' } },
            ...(contact ? { contact } : {}),
          }) as unknown as DataSystem,
        signingSecret: async () => undefined,
      },
      tasks,
      mailContact: mail,
      publicBaseUrl: 'https://privacy.example.com/',
      fetch: vi.fn(),
      now: () => NOW,
    };
    return { deps, tasks };
  };

  it("leaves the task waiting with the workflow's token, and mails the contact what to do by when and where to report", async () => {
    // Prepare
    const mailed: unknown[] = [];
    const { deps, tasks } = callDeps({ email: 'portal-desk@example.com', locale: 'de' }, async (contact, notice) => {
      mailed.push([contact, notice]);
    });

    // Act
    await callSystem(planned, 'token-9', deps);

    // Assess
    const dueAt = '2026-12-09T10:00:00.000Z';
    expect(tasks.markAsked).toHaveBeenCalledWith(expect.objectContaining({ taskId: planned.taskId, dueAt, connector: 'manual' }), 'token-9', NOW.toISOString());
    expect(mailed).toEqual([
      [
        { email: 'portal-desk@example.com', locale: 'de' },
        {
          kind: 'task-opened',
          taskId: planned.taskId,
          requestId: 'r1',
          system: 'Partner portal',
          action: 'delete',
          dueAt,
          reportTo: `https://privacy.example.com/v1/tasks/${planned.taskId}/result`,
          instructions: 'By hand.',
          // In the contact's language where the inventory has the text, else as registered.
          categories: ['Kontaktdaten', 'order history'],
          purposes: ['Kundensupport'],
        },
      ],
    ]);
    expect(tasks.markContactNotified).toHaveBeenCalledWith(planned.taskId, NOW.toISOString());
    expect(deps.fetch).not.toHaveBeenCalled();
  });

  it('keeps the task open when the mail fails, and does not say the contact was told', async () => {
    // Prepare
    const { deps, tasks } = callDeps({ email: 'portal-desk@example.com' }, async () => {
      throw new Error('SES is down');
    });

    // Act
    await callSystem(planned, 'token-9', deps);

    // Assess
    expect(tasks.markAsked).toHaveBeenCalledTimes(1);
    expect(tasks.markContactNotified).not.toHaveBeenCalled();
  });

  it('mails nobody for a system registered before contacts were asked for', async () => {
    // Prepare
    const mail = vi.fn(async () => undefined);
    const { deps, tasks } = callDeps(undefined, mail);

    // Act
    await callSystem(planned, 'token-9', deps);

    // Assess
    expect(mail).not.toHaveBeenCalled();
    expect(tasks.markAsked).toHaveBeenCalledTimes(1);
    expect(tasks.markContactNotified).not.toHaveBeenCalled();
  });
});
