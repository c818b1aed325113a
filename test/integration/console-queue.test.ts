// The console's queue over thousands of requests in DynamoDB Local: every filter and sort applied to
// the whole set, pages walked to the end by their cursors, compared with the same query answered by
// hand from the records as written; paging that stays stable while requests are filed meanwhile.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDb, type Emulator } from '../../local/emulators.js';
import { createTables } from '../../local/provision.js';
import { mapConcurrent } from '../../shared/concurrency.js';
import { consoleQueue, type QueueDeps, type QueueQuery } from '../../shared/console/queue.js';
import { FINAL_STATUSES, OPEN_STATUSES } from '../../shared/domain/lifecycle.js';
import type { RequestStatus, RequestType } from '../../shared/domain/request-model.js';
import { TaskStore, type TaskRecord } from '../../shared/fulfilment/task-store.js';
import { withQueueMark, type RequestRecord } from '../../shared/requests/record.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { tables } from '../../shared/resources.js';
import { requestRecord } from '../support/request-record.js';

const NOW = new Date('2026-06-15T10:00:00.000Z');
const COUNT = 3_000;
const SYSTEMS = ['crm-profiles', 'partner-portal', 'billing'] as const;
const TYPES: RequestType[] = ['access', 'deletion', 'objection', 'marketing-opt-out'];

/** A small deterministic generator (mulberry32), so a failure can be run again as it was. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const day = (offset: number) => new Date(NOW.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/** `COUNT` requests spread over laws, types, statuses and dates (many sharing a due date), and their tasks. */
function generate(): { requests: RequestRecord[]; tasks: TaskRecord[] } {
  const next = random(19);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  const requests: RequestRecord[] = [];
  const tasks: TaskRecord[] = [];
  for (let n = 0; n < COUNT; n++) {
    const id = `01K${String(n).padStart(6, '0')}${'0'.repeat(17)}`;
    const law = next() < 0.5 ? 'gdpr' : 'ccpa';
    const status: RequestStatus = next() < 0.8 ? pick(OPEN_STATUSES) : pick(FINAL_STATUSES);
    const dueAt = day(Math.floor(next() * 60) - 20);
    const acknowledgeBy = law === 'ccpa' ? day(Math.floor(next() * 20) - 10) : undefined;
    const acknowledged = acknowledgeBy !== undefined && next() < 0.5;
    const received = new Date(NOW.getTime() - Math.floor(next() * 60 * 86_400_000)).toISOString();
    requests.push(
      requestRecord(status, {
        id,
        type: pick(TYPES),
        jurisdiction: law,
        receivedAt: received,
        dueAt,
        deadlines: {
          timeZone: law === 'ccpa' ? 'America/Los_Angeles' : 'Europe/Berlin',
          receivedOn: received.slice(0, 10),
          dueAt,
          basis: 'test',
          extended: false,
          ...(acknowledgeBy ? { acknowledgeBy } : {}),
          ...(acknowledged ? { acknowledgedAt: acknowledgeBy } : {}),
        },
        subject: { email: `person${n}@example.org`, locale: 'en' },
        ...(FINAL_STATUSES.includes(status) ? { closedAt: NOW.toISOString() } : {}),
      }),
    );
    for (const systemId of SYSTEMS) {
      if (next() < 0.4) continue;
      tasks.push({
        taskId: `${id}.1.${systemId}`,
        requestId: id,
        systemId,
        action: 'delete',
        connector: 'manual',
        state: OPEN_STATUSES.includes(status) && next() < 0.5 ? 'open' : 'finished',
        createdAt: received,
        dueAt: `${dueAt}T00:00:00.000Z`,
        expiresAt: 2_000_000_000,
      });
    }
  }
  return { requests, tasks };
}

/** The query answered by hand from the records as written: every filter, then the order, no index. */
function expected(data: { requests: RequestRecord[]; tasks: TaskRecord[] }, query: QueueQuery): string[] {
  const overdue = (r: RequestRecord) => {
    // 10:00 UTC is 15 June both in Berlin and in Los Angeles.
    const today = '2026-06-15';
    const ack = r.deadlines.acknowledgeBy !== undefined && r.deadlines.acknowledgedAt === undefined && today > r.deadlines.acknowledgeBy;
    return OPEN_STATUSES.includes(r.status) && (today > r.dueAt || ack);
  };
  const withTask = new Set(data.tasks.filter((t) => t.state === 'open' && t.systemId === query.system).map((t) => t.requestId));
  const key = (r: RequestRecord) =>
    query.sort === 'due' ? r.dueAt : query.sort === 'received' ? r.receivedAt : r.deadlines.acknowledgedAt ? undefined : r.deadlines.acknowledgeBy;
  const chosen = data.requests.filter(
    (r) =>
      (query.status ? r.status === query.status : OPEN_STATUSES.includes(r.status)) &&
      (!query.type || r.type === query.type) &&
      (!query.law || r.jurisdiction === query.law) &&
      (!query.system || withTask.has(r.id)) &&
      (!query.overdue || overdue(r)),
  );
  const withKey = chosen.filter((r) => key(r) !== undefined);
  const without = chosen.filter((r) => key(r) === undefined);
  const sign = query.order === 'asc' ? 1 : -1;
  const byKey = (a: RequestRecord, b: RequestRecord) => sign * (`${key(a)}|${a.id}` < `${key(b)}|${b.id}` ? -1 : 1);
  const byId = (a: RequestRecord, b: RequestRecord) => sign * (a.id < b.id ? -1 : 1);
  return [...withKey.sort(byKey), ...without.sort(byId)].map((r) => r.id);
}

describe('the console queue over thousands of requests in DynamoDB Local', () => {
  let dynamo: Emulator;
  let documents: DynamoDBDocumentClient;
  let deps: QueueDeps;
  const data = generate();

  /** Every page of `query` by its cursors: the ids in order, and each page's size. */
  async function walk(query: Omit<QueueQuery, 'cursor'>): Promise<{ ids: string[]; sizes: number[]; totals: number[] }> {
    const ids: string[] = [];
    const sizes: number[] = [];
    const totals: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await consoleQueue(deps, { ...query, ...(cursor ? { cursor } : {}) }, NOW);
      ids.push(...page.rows.map((row) => row.id));
      sizes.push(page.rows.length);
      totals.push(page.total);
      cursor = page.nextCursor;
    } while (cursor && sizes.length < 200);
    return { ids, sizes, totals };
  }

  beforeAll(async () => {
    dynamo = await startDynamoDb();
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    documents = DynamoDBDocumentClient.from(client);
    await createTables(client, [tables.requests, tables.tasks]);
    const items = [
      ...data.requests.map((r) => ({ table: tables.requests.localName, item: withQueueMark(r) })),
      ...data.tasks.map((t) => ({ table: tables.tasks.localName, item: t })),
    ];
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    await mapConcurrent(batches, 8, async (batch) => {
      const byTable: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = {};
      for (const { table, item } of batch) byTable[table] = [...(byTable[table] ?? []), { PutRequest: { Item: item as unknown as Record<string, unknown> } }];
      let pending: typeof byTable | undefined = byTable;
      while (pending && Object.keys(pending).length) {
        const answer = await documents.send(new BatchWriteCommand({ RequestItems: pending }));
        pending = answer.UnprocessedItems as typeof byTable | undefined;
      }
    });
    const store = new RequestStore({ requestsTable: tables.requests.localName, client: documents });
    const tasks = new TaskStore(tables.tasks.localName, documents);
    deps = {
      store,
      tasks,
      systems: async () => SYSTEMS.map((systemId) => ({ systemId, name: systemId })),
      nearDeadlineDays: 5,
    };
  }, 240_000);

  afterAll(async () => {
    documents?.destroy();
    await dynamo?.stop();
  });

  it.each<{ note: string; query: Omit<QueueQuery, 'cursor'> }>([
    { note: 'every open request by due date', query: { sort: 'due', order: 'asc', limit: 100 } },
    { note: 'CCPA by received, newest first', query: { law: 'ccpa', sort: 'received', order: 'desc', limit: 50 } },
    { note: 'GDPR with an open task in the partner portal', query: { law: 'gdpr', system: 'partner-portal', sort: 'due', order: 'desc', limit: 25 } },
    { note: 'overdue deletions by acknowledgement due', query: { type: 'deletion', overdue: true, sort: 'acknowledge', order: 'asc', limit: 20 } },
    { note: 'one open status by acknowledgement due, latest first', query: { status: OPEN_STATUSES[0], sort: 'acknowledge', order: 'desc', limit: 30 } },
    { note: 'a closed status by received', query: { status: 'completed', sort: 'received', order: 'asc', limit: 40 } },
    {
      note: 'overdue CCPA requests with an open CRM task',
      query: { law: 'ccpa', system: 'crm-profiles', overdue: true, sort: 'due', order: 'asc', limit: 10 },
    },
  ])(
    'pages $note across the whole set, in order, each request once',
    async ({ query }) => {
      // Prepare
      const want = expected(data, query);

      // Act
      const { ids, sizes, totals } = await walk(query);

      // Assess
      expect(want.length).toBeGreaterThan(query.limit);
      expect(ids).toEqual(want);
      expect(new Set(ids).size).toBe(ids.length);
      expect(sizes.slice(0, -1).every((size) => size === query.limit)).toBe(true);
      expect(new Set(totals)).toEqual(new Set([want.length]));
    },
    120_000,
  );

  it('neither repeats nor skips a request when another is filed before the place a page ended', async () => {
    // Prepare
    const query: QueueQuery = { law: 'gdpr', sort: 'due', order: 'asc', limit: 50 };
    const first = await consoleQueue(deps, query, NOW);
    const filed = requestRecord('in-progress', {
      id: `01KZZZZZZ${'0'.repeat(17)}`,
      jurisdiction: 'gdpr',
      dueAt: day(-30),
      subject: { email: 'late@example.org', locale: 'en' },
    });

    // Act
    await documents.send(new PutCommand({ TableName: tables.requests.localName, Item: withQueueMark(filed) }));
    const rest = await walk({ ...query, cursor: first.nextCursor } as QueueQuery);
    await documents.send(new DeleteCommand({ TableName: tables.requests.localName, Key: { id: filed.id } }));

    // Assess
    const want = expected(data, query);
    expect([...first.rows.map((row) => row.id), ...rest.ids]).toEqual(want);
  }, 120_000);

  it('starts again from the first page when the filters change under a cursor', async () => {
    // Prepare
    const first = await consoleQueue(deps, { law: 'gdpr', sort: 'due', order: 'asc', limit: 20 }, NOW);

    // Act
    const changed = await consoleQueue(deps, { law: 'ccpa', sort: 'due', order: 'asc', limit: 20, cursor: first.nextCursor! }, NOW);

    // Assess
    expect(changed.rows.map((row) => row.id)).toEqual(expected(data, { law: 'ccpa', sort: 'due', order: 'asc', limit: 20 }).slice(0, 20));
  }, 60_000);

  it('refuses a cursor it did not give as a mistake in the cursor', async () => {
    // Act
    const paging = consoleQueue(deps, { sort: 'due', order: 'asc', limit: 20, cursor: 'bm90LWEtY3Vyc29y' }, NOW);

    // Assess
    await expect(paging).rejects.toMatchObject({ kind: 'invalid', field: 'cursor' });
  });
});
