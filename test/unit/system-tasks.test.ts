import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UnauthorizedError } from '../../shared/errors.js';
import type { DataSystem } from '../../shared/fulfilment/model.js';
import { signBody } from '../../shared/fulfilment/signatures.js';
import { reportTaskResult, SignatureError, type ReportDeps } from '../../shared/fulfilment/system-tasks.js';
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
