import { LocalChainKey } from '../../shared/audit/chain-key.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunState } from '../../shared/fulfilment/step-functions.js';
import type { Locale } from '../../shared/domain/request-model.js';
import type { Notice } from '../../shared/notices/catalogue.js';
import { ConflictError } from '../../shared/errors.js';
import { cancelRequest, denyRequest, extendRequest, resumePlan, resumeRequest, type OperatorDeps } from '../../shared/requests/operator-actions.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { requestRecord as request } from '../support/request-record.js';
import type { TaskRecord } from '../../shared/fulfilment/task-store.js';
import { dataSystem } from '../support/data-system.js';

const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const NOW = new Date('2026-03-10T09:00:00.000Z');
const ID = request('failed').id;

/** A task of the request of run 1 in `systemId`, as the task store holds it. */
const storedTask = (systemId: string, extra: Partial<TaskRecord>): TaskRecord => ({
  taskId: `${ID}.1.${systemId}`,
  requestId: ID,
  systemId,
  action: 'export',
  connector: 'manual',
  state: 'open',
  createdAt: '2026-03-09T09:00:00.000Z',
  dueAt: '2026-03-23T09:00:00.000Z',
  expiresAt: 1_900_000_000,
  ...extra,
});

/** Operator wiring around a store that holds `stored`, whose current run stands at `run`, with `tasks` in the task store. */
function operator(stored: RequestRecord, run: RunState, tasks: TaskRecord[] = []) {
  documents.on(GetCommand).resolves({ Item: stored });
  documents.on(TransactWriteCommand).resolves({});
  const started: [string, number][] = [];
  const asked: number[] = [];
  const mailed: [string, Notice, Locale][] = [];
  /** The request each notice was mailed about: the pointer a reply to it is matched by. */
  const noticeFor: (string | undefined)[] = [];
  const stopped: [string, number][] = [];
  const cancelledTasks: string[] = [];
  const deps: OperatorDeps = {
    store: new RequestStore({ requestsTable: 'requests', auditTable: 'audit', client, chainKey: new LocalChainKey(Buffer.alloc(32, 1)) }),
    notify: async (to, notice, locale, _timeZone, mail) => {
      mailed.push([to, notice, locale]);
      noticeFor.push(mail?.requestId);
    },
    stopWorkflow: async (id, n) => {
      stopped.push([id, n]);
    },
    startWorkflow: async (id, n) => started.push([id, n]),
    workflowRun: async (_id, n) => {
      asked.push(n);
      return run;
    },
    fulfilmentTasks: () => ({
      tasks: {
        getMany: async (ids) => tasks.filter((t) => ids.includes(t.taskId)),
        cancel: async (taskId) => {
          // The request must be closed before its open tasks are: a cancelled task refuses reports.
          expect(documents.commandCalls(TransactWriteCommand).length).toBeGreaterThan(0);
          cancelledTasks.push(taskId);
        },
      },
      systems: { list: async () => ['billing', 'crm', 'partner-portal'].map((id) => dataSystem(id)) },
    }),
    now: () => NOW,
    actor: { kind: 'operator' },
  };
  return { deps, started, asked, mailed, noticeFor, stopped, cancelledTasks };
}

/** The request record and audit event types of the one transaction written. */
function written() {
  const [call] = documents.commandCalls(TransactWriteCommand);
  const items = call!.args[0].input.TransactItems!;
  return {
    record: items[0]!.Put!.Item as RequestRecord,
    // A closing write also releases the open-request guard: a Delete, not an event.
    events: items.slice(1).flatMap((item) => (item.Put ? [(item.Put.Item as { type: string; data: unknown }).type] : [])),
  };
}

afterEach(() => {
  documents.reset();
});

describe('resumePlan', () => {
  it.each([
    ['failed', undefined, undefined, { start: 'next-run' }],
    ['failed', undefined, 1_900_000_000, { refusal: 'it was closed when its fulfilment failed; file it again' }],
    ['verified', 'missing', undefined, { start: 'same-run' }],
    ['in-progress', 'missing', undefined, { start: 'same-run' }],
    ['verified', 'ended', undefined, { start: 'next-run' }],
    ['in-progress', 'ended', undefined, { start: 'next-run' }],
    ['verified', 'running', undefined, { refusal: 'its fulfilment is running' }],
    ['in-progress', 'running', undefined, { refusal: 'its fulfilment is running' }],
    ['received', undefined, undefined, { refusal: 'it is not verified yet: the subject confirms it through the emailed link' }],
    ['awaiting-verification', undefined, undefined, { refusal: 'it is not verified yet: the subject confirms it through the emailed link' }],
    ['completed', undefined, 1_900_000_000, { refusal: 'it is completed' }],
    ['cancelled', undefined, 1_900_000_000, { refusal: 'it is cancelled' }],
  ] as const)('plans %s with run %s (purgeAt %s) as %j', (status, run, purgeAt, plan) => {
    // Act
    const planned = resumePlan({ status, ...(purgeAt ? { purgeAt } : {}) }, run);

    // Assess
    expect(planned).toEqual(plan);
  });
});

describe('resumePlan for a request closed by its fulfilment', () => {
  const finished = { outcomes: [], finishedAt: '2026-03-09T10:00:00.000Z' };

  it.each([
    ['completed', undefined, 'ended', { start: 'next-run' }],
    ['partially-completed', undefined, 'ended', { start: 'next-run' }],
    ['completed', undefined, 'running', { refusal: 'its fulfilment is running' }],
    ['completed', '2026-03-09T10:00:01.000Z', undefined, { refusal: 'it is completed' }],
    ['partially-completed', '2026-03-09T10:00:01.000Z', undefined, { refusal: 'it is partially-completed' }],
  ] as const)('plans %s with the notice sent at %s and run %s as %j', (status, noticeSentAt, run, plan) => {
    // Act
    const planned = resumePlan({ status, purgeAt: 1_900_000_000, fulfilment: { ...finished, ...(noticeSentAt ? { noticeSentAt } : {}) } }, run);

    // Assess
    expect(planned).toEqual(plan);
  });
});

describe('resumeRequest', () => {
  it('verifies a failed request again and starts its second run, with the resume in the audit chain', async () => {
    // Prepare
    const { deps, started, asked } = operator(request('failed'), 'ended');

    // Act
    const resumed = await resumeRequest(ID, deps);

    // Assess
    expect(resumed).toMatchObject({ status: 'verified', fulfilmentRun: 2, version: 5 });
    expect(written().record).toMatchObject({ status: 'verified', fulfilmentRun: 2 });
    expect(written().events).toEqual(['request.resumed', 'fulfilment.requested']);
    expect(started).toEqual([[ID, 2]]);
    expect(asked).toEqual([]);
  });

  it('gives a request whose run ended without closing it the next run, keeping its status', async () => {
    // Prepare
    const { deps, started, asked } = operator(request('in-progress', { fulfilmentRun: 2 }), 'ended');

    // Act
    const resumed = await resumeRequest(ID, deps);

    // Assess
    expect(resumed).toMatchObject({ status: 'in-progress', fulfilmentRun: 3 });
    expect(asked).toEqual([2]);
    expect(started).toEqual([[ID, 3]]);
  });

  it('starts the run a verified request is waiting for when its start never happened', async () => {
    // Prepare
    const { deps, started } = operator(request('verified'), 'missing');

    // Act
    const resumed = await resumeRequest(ID, deps);

    // Assess
    expect(resumed.fulfilmentRun).toBeUndefined();
    expect(written().events).toEqual(['request.resumed', 'fulfilment.requested']);
    expect(started).toEqual([[ID, 1]]);
  });

  it('gives a closed request whose subject was never told a new run, which sends the notice, and leaves it closed', async () => {
    // Prepare
    const closed = request('completed', { purgeAt: 1_900_000_000, fulfilment: { outcomes: [], finishedAt: '2026-03-09T10:00:00.000Z' } });
    const { deps, started, asked } = operator(closed, 'ended');

    // Act
    const resumed = await resumeRequest(ID, deps);

    // Assess
    expect(resumed).toMatchObject({ status: 'completed', fulfilmentRun: 2 });
    expect(written().events).toEqual(['request.resumed', 'fulfilment.requested']);
    expect(asked).toEqual([1]);
    expect(started).toEqual([[ID, 2]]);
  });

  it('refuses with a conflict, writing and starting nothing, while the run is going', async () => {
    // Prepare
    const { deps, started } = operator(request('in-progress'), 'running');

    // Act
    const resuming = resumeRequest(ID, deps);

    // Assess
    await expect(resuming).rejects.toThrow(ConflictError);
    await expect(resuming).rejects.toThrow('cannot be resumed: its fulfilment is running');
    expect(documents.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(started).toEqual([]);
  });
});

describe('cancelRequest', () => {
  it.each([
    ['a GDPR request in German', { jurisdiction: 'gdpr', subject: { email: 'record.test@example.org', locale: 'de' } }, 'gdpr', 'de'],
    ['a CCPA request in English', { jurisdiction: 'ccpa', subject: { email: 'record.test@example.org', locale: 'en' } }, 'ccpa', 'en'],
  ] as const)('cancels %s, stops its run and mails the subject the cancellation in their law and language', async (_label, extra, jurisdiction, locale) => {
    // Prepare
    const { deps, mailed, stopped } = operator(request('in-progress', extra), 'running');

    // Act
    const cancelled = await cancelRequest(ID, deps);

    // Assess
    expect(cancelled.status).toBe('cancelled');
    expect(written()).toEqual({ record: expect.objectContaining({ status: 'cancelled' }), events: ['request.cancelled'] });
    expect(stopped).toEqual([[ID, 1]]);
    expect(mailed).toEqual([
      ['record.test@example.org', { kind: 'cancelled', requestType: 'access', jurisdiction, receivedAt: '2026-03-01T08:00:00.000Z' }, locale],
    ]);
  });

  it('keeps the outcomes of the tasks that ran, in the request and its audit chain, and cancels the open ones', async () => {
    // Prepare
    const tasks = [
      storedTask('crm', { connector: 'dynamodb', state: 'finished', outcome: 'done', records: 3, finishedAt: '2026-03-09T09:01:00.000Z' }),
      storedTask('billing', { connector: 'webhook', state: 'finished', outcome: 'failed', records: 0, error: 'States.Timeout' }),
      storedTask('partner-portal', { taskToken: 'token' }),
    ];
    const { deps, cancelledTasks } = operator(request('in-progress'), 'running', tasks);

    // Act
    const cancelled = await cancelRequest(ID, deps);

    // Assess
    const { record, events } = written();
    expect(events).toEqual(['fulfilment.system-outcome', 'fulfilment.system-outcome', 'request.cancelled']);
    expect(record.fulfilment).toEqual({
      finishedAt: NOW.toISOString(),
      outcomes: [
        { systemId: 'billing', action: 'export', outcome: 'failed', records: 0, error: 'States.Timeout' },
        { systemId: 'crm', action: 'export', outcome: 'done', records: 3 },
      ],
    });
    expect(cancelled.fulfilment?.outcomes).toHaveLength(2);
    expect(cancelledTasks).toEqual([`${ID}.1.partner-portal`]);
  });

  it('records no fulfilment for a request whose tasks had not run', async () => {
    // Prepare
    const { deps, cancelledTasks } = operator(request('in-progress'), 'running', [storedTask('crm', { connector: 'dynamodb' })]);

    // Act
    await cancelRequest(ID, deps);

    // Assess
    expect(written().record.fulfilment).toBeUndefined();
    expect(written().events).toEqual(['request.cancelled']);
    expect(cancelledTasks).toEqual([`${ID}.1.crm`]);
  });

  it('names the authorized agent that withdrew the request in the notice', async () => {
    // Prepare
    const { deps, mailed } = operator(request('awaiting-verification', { jurisdiction: 'ccpa' }), 'missing');

    // Act
    await cancelRequest(ID, deps, { name: 'Rights Agency LLC' });

    // Assess
    expect(mailed.map(([, notice]) => notice)).toEqual([expect.objectContaining({ kind: 'cancelled', byAgent: { name: 'Rights Agency LLC' } })]);
  });

  it('keeps the cancellation when the notice cannot be sent', async () => {
    // Prepare
    const { deps } = operator(request('verified'), 'missing');
    deps.notify = async () => {
      throw new Error('SES is down');
    };

    // Act
    const cancelled = await cancelRequest(ID, deps);

    // Assess
    expect(cancelled.status).toBe('cancelled');
  });

  it('refuses a closed request with a conflict and mails nothing', async () => {
    // Prepare
    const { deps, mailed } = operator(request('completed', { purgeAt: 1_900_000_000 }), 'ended');

    // Act
    const cancelling = cancelRequest(ID, deps);

    // Assess
    await expect(cancelling).rejects.toThrow(ConflictError);
    expect(mailed).toEqual([]);
  });
});

describe('notices of operator actions', () => {
  it.each([
    ['an extension', (deps: OperatorDeps) => extendRequest(ID, 'Many systems hold data about the subject.', deps)],
    ['a refusal', (deps: OperatorDeps) => denyRequest(ID, 'manifestly-unfounded', 'The same request was answered last week.', deps)],
    ['a cancellation', (deps: OperatorDeps) => cancelRequest(ID, deps)],
  ] as const)('mails %s as a notice about its request, so a reply to it finds the request', async (_label, act) => {
    // Prepare
    const extendable = {
      timeZone: 'Europe/Berlin',
      receivedOn: '2026-03-01',
      dueAt: '2026-04-01',
      extendedDueAt: '2026-06-01',
      basis: 'GDPR Art. 12(3)',
      extended: false,
    };
    const { deps, mailed, noticeFor } = operator(request('verified', { jurisdiction: 'gdpr', deadlines: extendable }), 'missing');

    // Act
    await act(deps);

    // Assess
    expect(mailed).toHaveLength(1);
    expect(noticeFor).toEqual([ID]);
  });
});
