import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoBucket, demoRecordsFor, demoSystems, demoTables, type DemoAccount } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { createS3Client } from '../../shared/aws/s3.js';
import { hasBuiltInConnector, runBuiltInConnector, type ConnectorContext } from '../../shared/fulfilment/connectors/connector.js';
import { DeletionLedger } from '../../shared/fulfilment/deletion-ledger.js';
import type { DataSystem, SubjectIdentifiers, SystemOutcome, TaskAction } from '../../shared/fulfilment/model.js';
import { replayDeletions } from '../../shared/fulfilment/replay-deletions.js';
import { buckets, tables } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { subjectHash } from '../../shared/subject.js';

const systems: DataSystem[] = demoSystems.map((system) => ({ ...system, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }));
const builtIn = systems.filter(hasBuiltInConnector);
const systemById = (systemId: string): DataSystem => systems.find((system) => system.systemId === systemId)!;

/** Demo accounts by their place in the seed (even places subscribe to the newsletter). */
const [anna, jonas, lea, , james, olivia] = demoAccounts as [DemoAccount, DemoAccount, DemoAccount, DemoAccount, DemoAccount, DemoAccount];
const subjectOf = (account: DemoAccount): SubjectIdentifiers => ({ email: account.email, accountId: account.accountId });
const recordsOf = (account: DemoAccount) => demoRecordsFor(account, demoAccounts.indexOf(account));

let runtime: LocalRuntime;
let dynamo: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let s3: S3Client;
let ctx: ConnectorContext;
const startedAt = new Date().toISOString();

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, memory: true });
  dynamo = new DynamoDBClient({});
  documents = DynamoDBDocumentClient.from(dynamo);
  s3 = createS3Client();
  ctx = {
    documents,
    s3,
    dataBucket: buckets.data.localName,
    ledger: new DeletionLedger({ tableName: tables.ledger.localName, client: documents }),
    now: () => new Date(),
  };
});

afterAll(async () => {
  documents?.destroy();
  s3?.destroy();
  await runtime?.stop();
});

async function run(requestId: string, systemId: string, action: TaskAction, account: DemoAccount): Promise<SystemOutcome> {
  return runBuiltInConnector({ requestId, system: systemById(systemId), action, subject: subjectOf(account) }, ctx);
}

async function readPart(key: string): Promise<unknown[]> {
  const object = await s3.send(new GetObjectCommand({ Bucket: buckets.data.localName, Key: key }));
  const text = (await object.Body?.transformToString()) ?? '';
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

async function itemsUnder(table: string, keyAttribute: string, identifier: string) {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': keyAttribute },
      ExpressionAttributeValues: { ':v': identifier },
    }),
  );
  return Items ?? [];
}

async function objectsUnder(prefix: string): Promise<string[]> {
  const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket: demoBucket, Prefix: prefix }));
  return (Contents ?? []).map((object) => object.Key!);
}

/** What each system holds for an account, as counts. */
async function holdings(account: DemoAccount) {
  return {
    'crm-profiles': (await itemsUnder(demoTables.profiles.localName, 'accountId', account.accountId)).length,
    billing: (await itemsUnder(demoTables.invoices.localName, 'accountId', account.accountId)).length,
    'support-tickets': (await itemsUnder(demoTables.tickets.localName, 'accountId', account.accountId)).length,
    newsletter: (await itemsUnder(demoTables.newsletter.localName, 'email', account.email)).length,
    'live-chat': (await objectsUnder(`chat-transcripts/${account.accountId}/`)).length,
    'web-analytics': (await objectsUnder(`analytics/${account.accountId}.json`)).length,
    'location-tracker': (await objectsUnder(`tracker/${account.accountId}/`)).length,
  };
}

/** Puts an account's demo records back, as a restore from last night's backup would. */
async function restoreFromBackup(account: DemoAccount, only?: readonly string[]) {
  const records = recordsOf(account);
  const wanted = (systemId: string) => !only || only.includes(systemId);
  const puts: [string, Record<string, unknown>][] = [
    ...(wanted('crm-profiles') ? [[demoTables.profiles.localName, records.profile] as [string, Record<string, unknown>]] : []),
    ...(wanted('support-tickets') ? records.tickets.map((item) => [demoTables.tickets.localName, item] as [string, Record<string, unknown>]) : []),
    ...(wanted('newsletter') ? records.newsletter.map((item) => [demoTables.newsletter.localName, item] as [string, Record<string, unknown>]) : []),
  ];
  for (const [TableName, Item] of puts) await documents.send(new PutCommand({ TableName, Item }));
  if (!wanted('objects')) return;
  for (const [Key, body] of Object.entries(records.objects)) {
    await s3.send(new PutObjectCommand({ Bucket: demoBucket, Key, Body: JSON.stringify(body) }));
  }
}

describe('built-in connectors against the local emulators', () => {
  it('exports every record of an account as JSON Lines parts, one per system', async () => {
    // Act
    const outcomes = await Promise.all(builtIn.map((system) => run('req-export-1', system.systemId, 'export', anna)));

    // Assess
    expect(outcomes.map(({ systemId, outcome, records }) => ({ systemId, outcome, records }))).toEqual([
      { systemId: 'crm-profiles', outcome: 'done', records: 1 },
      { systemId: 'billing', outcome: 'done', records: 2 },
      { systemId: 'support-tickets', outcome: 'done', records: 1 },
      { systemId: 'live-chat', outcome: 'done', records: 1 },
      { systemId: 'newsletter', outcome: 'done', records: 1 },
      { systemId: 'web-analytics', outcome: 'done', records: 1 },
      { systemId: 'location-tracker', outcome: 'done', records: 1 },
    ]);
    for (const outcome of outcomes) expect(outcome.partKey).toBe(`exports/req-export-1/parts/${outcome.systemId}.jsonl`);
    const records = recordsOf(anna);
    expect(await readPart('exports/req-export-1/parts/billing.jsonl')).toEqual(expect.arrayContaining(records.invoices));
    expect(await readPart('exports/req-export-1/parts/crm-profiles.jsonl')).toEqual([records.profile]);
    expect(await readPart('exports/req-export-1/parts/newsletter.jsonl')).toEqual(records.newsletter);
    expect(await readPart('exports/req-export-1/parts/live-chat.jsonl')).toEqual([
      { key: `chat-transcripts/${anna.accountId}/chat-1.json`, content: records.objects[`chat-transcripts/${anna.accountId}/chat-1.json`] },
    ]);
  });

  it('answers not-found and writes no part where a system holds nothing for the account', async () => {
    // Act
    const outcome = await run('req-export-2', 'newsletter', 'export', jonas);

    // Assess
    expect(outcome).toEqual({ systemId: 'newsletter', action: 'export', outcome: 'not-found', records: 0 });
    await expect(s3.send(new HeadObjectCommand({ Bucket: buckets.data.localName, Key: 'exports/req-export-2/parts/newsletter.jsonl' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
  });

  it('records a sale opt-out on newsletter records, and reports that an S3 system cannot', async () => {
    // Act
    const newsletter = await run('req-optout-1', 'newsletter', 'opt-out-of-sale', james);
    const chat = await run('req-optout-1', 'live-chat', 'opt-out-of-sale', james);

    // Assess
    expect(newsletter).toEqual({ systemId: 'newsletter', action: 'opt-out-of-sale', outcome: 'done', records: 1 });
    const { Item } = await documents.send(new GetCommand({ TableName: demoTables.newsletter.localName, Key: { email: james.email } }));
    expect(Item).toMatchObject({ email: james.email, saleOptOut: true, shareWithPartners: false, topics: ['product-news', 'offers'] });
    expect(chat).toEqual({
      systemId: 'live-chat',
      action: 'opt-out-of-sale',
      outcome: 'failed',
      records: 0,
      error: 'the s3 connector cannot record an opt-out',
    });
  });

  it('deletes an account everywhere except the invoices the law keeps, and says which rules keep them', async () => {
    // Act
    const outcomes = await Promise.all(builtIn.map((system) => run('req-delete-1', system.systemId, 'delete', anna)));

    // Assess
    const byId = Object.fromEntries(outcomes.map((outcome) => [outcome.systemId, outcome]));
    expect(byId.billing).toEqual({ systemId: 'billing', action: 'delete', outcome: 'retained', records: 2, retained: systemById('billing').retention });
    for (const systemId of ['crm-profiles', 'support-tickets', 'live-chat', 'newsletter', 'web-analytics', 'location-tracker']) {
      expect(byId[systemId]).toEqual({ systemId, action: 'delete', outcome: 'done', records: 1 });
    }
    expect(await holdings(anna)).toEqual({
      'crm-profiles': 0,
      billing: 2,
      'support-tickets': 0,
      newsletter: 0,
      'live-chat': 0,
      'web-analytics': 0,
      'location-tracker': 0,
    });
    expect((await holdings(olivia))['crm-profiles']).toBe(1);
  });

  it('writes a ledger entry per erased system, holding a keyed hash and never the identifier', async () => {
    // Prepare
    const key = await subjectHashKey();

    // Act
    const profiles = await ctx.ledger.since('crm-profiles', startedAt);
    const newsletter = await ctx.ledger.since('newsletter', startedAt);
    const billing = await ctx.ledger.since('billing', startedAt);
    const { Items } = await documents.send(new ScanCommand({ TableName: tables.ledger.localName }));

    // Assess
    expect(profiles).toEqual([
      expect.objectContaining({
        systemId: 'crm-profiles',
        requestId: 'req-delete-1',
        keyKind: 'accountId',
        erasure: 'delete',
        subjectKeyHash: subjectHash(key, anna.accountId),
      }),
    ]);
    expect(newsletter).toEqual([expect.objectContaining({ keyKind: 'email', subjectKeyHash: subjectHash(key, anna.email) })]);
    expect(billing).toEqual([]);
    expect(Items).toHaveLength(6);
    const stored = JSON.stringify(Items);
    for (const account of demoAccounts) {
      expect(stored).not.toContain(account.accountId);
      expect(stored).not.toContain(account.email);
    }
  });

  it('anonymises support tickets: the number and boolean facts stay, the person goes', async () => {
    // Act
    const outcome = await run('req-anon-1', 'support-tickets', 'anonymise', jonas);

    // Assess
    expect(outcome).toEqual({ systemId: 'support-tickets', action: 'anonymise', outcome: 'done', records: 1 });
    expect(await itemsUnder(demoTables.tickets.localName, 'accountId', jonas.accountId)).toEqual([]);
    const { Items } = await documents.send(new ScanCommand({ TableName: demoTables.tickets.localName }));
    const anonymised = (Items ?? []).filter((item) => String(item.accountId).startsWith('anon-'));
    expect(anonymised).toHaveLength(1);
    expect(anonymised[0]).toEqual({ accountId: expect.stringMatching(/^anon-/), ticketId: `tkt-${anonymised[0]!.accountId}-1` });
    expect(await ctx.ledger.since('support-tickets', startedAt)).toContainEqual(expect.objectContaining({ requestId: 'req-anon-1', erasure: 'anonymise' }));
  });

  it('stops processing by deleting the newsletter subscription', async () => {
    // Act
    const outcome = await run('req-objection-1', 'newsletter', 'stop-processing', lea);

    // Assess
    expect(outcome).toEqual({ systemId: 'newsletter', action: 'stop-processing', outcome: 'done', records: 1 });
    expect(await itemsUnder(demoTables.newsletter.localName, 'email', lea.email)).toEqual([]);
    expect(await ctx.ledger.since('newsletter', startedAt)).toHaveLength(2);
  });

  it('erases restored records again from the ledger after a backup restore, and touches nobody else', async () => {
    // Prepare
    await restoreFromBackup(anna);
    await restoreFromBackup(jonas, ['support-tickets']);
    await restoreFromBackup(lea, ['newsletter']);
    expect((await holdings(anna))['crm-profiles']).toBe(1);

    // Act
    const counts = await replayDeletions({ since: startedAt, systems, ledger: ctx.ledger, documents, s3, hashKey: await subjectHashKey() });

    // Assess
    expect(counts).toEqual([
      { systemId: 'crm-profiles', entries: 1, checked: 7, erased: 1 },
      { systemId: 'billing', entries: 0, checked: 0, erased: 0 },
      { systemId: 'support-tickets', entries: 2, checked: 8, erased: 2 },
      { systemId: 'live-chat', entries: 1, checked: 7, erased: 1 },
      { systemId: 'newsletter', entries: 2, checked: 4, erased: 2 },
      { systemId: 'web-analytics', entries: 1, checked: 7, erased: 1 },
      { systemId: 'location-tracker', entries: 1, checked: 7, erased: 1 },
    ]);
    expect(await holdings(anna)).toEqual({
      'crm-profiles': 0,
      billing: 2,
      'support-tickets': 0,
      newsletter: 0,
      'live-chat': 0,
      'web-analytics': 0,
      'location-tracker': 0,
    });
    expect(await itemsUnder(demoTables.tickets.localName, 'accountId', jonas.accountId)).toEqual([]);
    expect(await itemsUnder(demoTables.newsletter.localName, 'email', lea.email)).toEqual([]);
    const { Items } = await documents.send(new ScanCommand({ TableName: demoTables.tickets.localName }));
    expect((Items ?? []).filter((item) => String(item.accountId).startsWith('anon-'))).toHaveLength(2);
    expect(await holdings(olivia)).toEqual({
      'crm-profiles': 1,
      billing: 2,
      'support-tickets': 1,
      newsletter: 0,
      'live-chat': 1,
      'web-analytics': 1,
      'location-tracker': 1,
    });
  });
});

describe('a large export', () => {
  const table = 'bulk-export-records';
  const owner = 'acc-bulk';
  const RECORDS = 5000;
  const system: DataSystem = {
    ...systemById('support-tickets'),
    systemId: 'bulk-system',
    connector: { kind: 'dynamodb', table, keyAttribute: 'ownerId', sortKeyAttribute: 'seq', subjectKey: 'accountId' },
  };

  beforeAll(async () => {
    await dynamo.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'ownerId', KeyType: 'HASH' },
          { AttributeName: 'seq', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'ownerId', AttributeType: 'S' },
          { AttributeName: 'seq', AttributeType: 'N' },
        ],
      }),
    );
    // About 1.2 kB a record: 6 MB in all, so the query pages and the upload goes in parts.
    const note = 'x'.repeat(1200);
    for (let start = 0; start < RECORDS; start += 25) {
      let pending: Record<string, unknown>[] = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { ownerId: owner, seq: start + i, note } } }));
      while (pending.length > 0) {
        const result = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (result.UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
      }
    }
  });

  it('streams 5,000 records into one part, every record once and in order', async () => {
    // Act
    const outcome = await runBuiltInConnector(
      { requestId: 'req-bulk-1', system, action: 'export', subject: { email: 'bulk@example.com', accountId: owner } },
      ctx,
    );

    // Assess
    expect(outcome).toEqual({
      systemId: 'bulk-system',
      action: 'export',
      outcome: 'done',
      records: RECORDS,
      partKey: 'exports/req-bulk-1/parts/bulk-system.jsonl',
    });
    const head = await s3.send(new HeadObjectCommand({ Bucket: buckets.data.localName, Key: outcome.partKey }));
    expect(head.ContentLength).toBeGreaterThan(5 * 1024 * 1024);
    const lines = (await readPart(outcome.partKey!)) as { ownerId: string; seq: number; note: string }[];
    expect(lines).toHaveLength(RECORDS);
    expect(lines.map((line) => line.seq)).toEqual(Array.from({ length: RECORDS }, (_, i) => i));
    expect(lines.every((line) => line.ownerId === owner && line.note.length === 1200)).toBe(true);
  });
});
