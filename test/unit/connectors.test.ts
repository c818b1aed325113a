import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import {
  AccessDenied,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type GetObjectCommandOutput,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runBuiltInConnector, type ConnectorContext, type ConnectorRun } from '../../shared/fulfilment/connectors/connector.js';
import { UnprocessedItemsError, UnsupportedConnectorError } from '../../shared/fulfilment/connectors/connector-errors.js';
import { anonymisedItem } from '../../shared/fulfilment/connectors/dynamodb-records.js';
import { expandPrefix, identifierInKey, prefixTemplate } from '../../shared/fulfilment/connectors/s3-records.js';
import { DeletionLedger } from '../../shared/fulfilment/deletion-ledger.js';
import type { Connector, DataSystem, SubjectIdentifiers, SystemOutcome, TaskAction } from '../../shared/fulfilment/model.js';
import { logger } from '../../shared/logger.js';
import { subjectHash } from '../../shared/subject.js';

const KEY = Buffer.from('k'.repeat(32));
const NOW = new Date('2026-03-02T10:00:00.000Z');
const SUBJECT: SubjectIdentifiers = { email: 'anna.schmidt@example.com', accountId: 'acc-1001' };
const RETENTION = [{ category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO' }];

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const s3Client = new S3Client({ region: 'eu-central-1' });
const documents = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

const ctx: ConnectorContext = {
  documents: documentClient,
  s3: s3Client,
  dataBucket: 'data-bucket',
  ledger: new DeletionLedger({ tableName: 'ledger', client: documentClient, hashKey: async () => KEY }),
  now: () => NOW,
};

afterEach(() => {
  documents.reset();
  s3.reset();
  vi.restoreAllMocks();
});

function system(connector: Connector, overrides: Partial<DataSystem> = {}): DataSystem {
  return {
    systemId: 'sys-1',
    name: 'A system',
    owner: 'Team',
    categories: ['contact data'],
    connector,
    actions: ['export', 'delete'],
    purposes: ['marketing'],
    retention: [],
    sellsOrShares: false,
    marketingRecipients: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const TICKETS: Connector = { kind: 'dynamodb', table: 'tickets', keyAttribute: 'accountId', sortKeyAttribute: 'ticketId', subjectKey: 'accountId' };
const NEWSLETTER: Connector = { kind: 'dynamodb', table: 'newsletter', keyAttribute: 'email', subjectKey: 'email' };
const CHATS: Connector = { kind: 's3', bucket: 'company', prefix: 'chat-transcripts/{accountId}/', subjectKey: 'accountId' };

const ticket = (n: number) => ({ accountId: 'acc-1001', ticketId: `tkt-acc-1001-${n}`, subject: 'Cannot export', priority: n, resolved: n % 2 === 0 });

function run(action: TaskAction, target: DataSystem, subject: SubjectIdentifiers = SUBJECT): Promise<SystemOutcome> {
  const request: ConnectorRun = { requestId: 'req-1', system: target, action, subject };
  return runBuiltInConnector(request, ctx);
}

/** The JSON Lines the connector uploaded to the data bucket, parsed. */
function uploadedLines(): unknown[] {
  const input = s3.commandCalls(PutObjectCommand)[0]?.args[0].input as PutObjectCommandInput | undefined;
  expect(input).toBeDefined();
  const text = Buffer.from(input!.Body as Uint8Array).toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

function objectBody(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

/** The names of the document client's commands in the order they were sent. */
const commandOrder = () => documents.calls().map((call) => (call.args[0] as object).constructor.name);

describe('runBuiltInConnector with a DynamoDB connector', () => {
  it("exports every page of the subject's records as JSON Lines to the request's part", async () => {
    // Prepare
    documents
      .on(QueryCommand)
      .resolvesOnce({ Items: [ticket(1), ticket(2)], LastEvaluatedKey: { accountId: 'acc-1001', ticketId: 'tkt-acc-1001-2' } })
      .resolvesOnce({ Items: [{ ...ticket(3), tags: new Set(['a', 'b']) }] });
    s3.on(PutObjectCommand).resolves({});

    // Act
    const outcome = await run('export', system(TICKETS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'export', outcome: 'done', records: 3, partKey: 'exports/req-1/parts/sys-1.jsonl' });
    expect(documents).toReceiveCommandTimes(QueryCommand, 2);
    expect(documents).toReceiveCommandWith(QueryCommand, {
      TableName: 'tickets',
      KeyConditionExpression: '#subject = :subject',
      ExpressionAttributeNames: { '#subject': 'accountId' },
      ExpressionAttributeValues: { ':subject': 'acc-1001' },
      ExclusiveStartKey: { accountId: 'acc-1001', ticketId: 'tkt-acc-1001-2' },
    });
    expect(s3).toReceiveCommandWith(PutObjectCommand, {
      Bucket: 'data-bucket',
      Key: 'exports/req-1/parts/sys-1.jsonl',
      ContentType: 'application/x-ndjson; charset=utf-8',
    });
    expect(uploadedLines()).toEqual([ticket(1), ticket(2), { ...ticket(3), tags: ['a', 'b'] }]);
  });

  it('throws a throttling met midway through an export, for the workflow to retry, writing no part', async () => {
    // Prepare
    const throttled = new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
    documents
      .on(QueryCommand)
      .resolvesOnce({ Items: [ticket(1)], LastEvaluatedKey: { accountId: 'acc-1001', ticketId: 'tkt-acc-1001-1' } })
      .rejectsOnce(throttled);
    s3.on(PutObjectCommand).resolves({});

    // Act
    const attempt = run('export', system(TICKETS));

    // Assess
    await expect(attempt).rejects.toBe(throttled);
    expect(s3).toReceiveCommandTimes(PutObjectCommand, 0);
  });

  it('answers not-found and writes no part when the subject has no records', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });

    // Act
    const outcome = await run('export', system(TICKETS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'export', outcome: 'not-found', records: 0 });
    expect(s3).toReceiveCommandTimes(PutObjectCommand, 0);
  });

  it.each<TaskAction>(['export', 'delete', 'anonymise', 'stop-processing', 'opt-out-of-sale'])(
    "answers %s with not-found, touching nothing, when the subject's account id is unknown",
    async (action) => {
      // Act
      const outcome = await run(action, system(TICKETS), { email: 'someone@example.com' });

      // Assess
      expect(outcome).toEqual({ systemId: 'sys-1', action, outcome: 'not-found', records: 0 });
      expect(documents.calls()).toHaveLength(0);
      expect(s3.calls()).toHaveLength(0);
    },
  );

  it("deletes by the table's key, writing the ledger entry first", async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [ticket(1), ticket(2)] });
    documents.on(PutCommand).resolves({});
    documents.on(BatchWriteCommand).resolves({});

    // Act
    const outcome = await run('delete', system(TICKETS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'done', records: 2 });
    expect(documents).toReceiveCommandExactlyOnceWith(BatchWriteCommand, {
      RequestItems: {
        tickets: [
          { DeleteRequest: { Key: { accountId: 'acc-1001', ticketId: 'tkt-acc-1001-1' } } },
          { DeleteRequest: { Key: { accountId: 'acc-1001', ticketId: 'tkt-acc-1001-2' } } },
        ],
      },
    });
    expect(commandOrder()).toEqual(['QueryCommand', 'PutCommand', 'BatchWriteCommand']);
  });

  it('writes a ledger entry with the keyed hash of the identifier and never the identifier', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [{ email: SUBJECT.email, topics: ['offers'] }] });
    documents.on(PutCommand).resolves({});
    documents.on(BatchWriteCommand).resolves({});

    // Act
    await run('delete', system(NEWSLETTER, { systemId: 'newsletter' }));

    // Assess
    expect(documents).toReceiveCommandExactlyOnceWith(PutCommand, {
      TableName: 'ledger',
      Item: {
        systemId: 'newsletter',
        entry: '2026-03-02T10:00:00.000Z#req-1',
        requestId: 'req-1',
        erasedAt: '2026-03-02T10:00:00.000Z',
        subjectKeyHash: subjectHash(KEY, SUBJECT.email),
        keyKind: 'email',
        erasure: 'delete',
      },
    });
    const stored = JSON.stringify(documents.commandCalls(PutCommand)[0]?.args[0].input);
    expect(stored).not.toContain(SUBJECT.email);
    expect(stored).not.toContain('anna');
  });

  it('deletes in batches of 25', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: Array.from({ length: 30 }, (_, n) => ticket(n)) });
    documents.on(PutCommand).resolves({});
    documents.on(BatchWriteCommand).resolves({});

    // Act
    const outcome = await run('delete', system(TICKETS));

    // Assess
    expect(outcome.records).toBe(30);
    const sizes = documents.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.tickets?.length);
    expect(sizes).toEqual([25, 5]);
  });

  it('retries the unprocessed rest of a batch', async () => {
    // Prepare
    const second = { DeleteRequest: { Key: { accountId: 'acc-1001', ticketId: 'tkt-acc-1001-2' } } };
    documents.on(QueryCommand).resolves({ Items: [ticket(1), ticket(2)] });
    documents.on(PutCommand).resolves({});
    documents
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { tickets: [second] } })
      .resolves({});

    // Act
    const outcome = await run('delete', system(TICKETS));

    // Assess
    expect(outcome.outcome).toBe('done');
    expect(documents).toReceiveCommandTimes(BatchWriteCommand, 2);
    expect(documents.commandCalls(BatchWriteCommand)[1]?.args[0].input).toEqual({ RequestItems: { tickets: [second] } });
  });

  it('throws for the workflow to retry when DynamoDB keeps leaving writes unprocessed', async () => {
    // Prepare
    const first = { DeleteRequest: { Key: { accountId: 'acc-1001', ticketId: 'tkt-acc-1001-1' } } };
    documents.on(QueryCommand).resolves({ Items: [ticket(1)] });
    documents.on(PutCommand).resolves({});
    documents.on(BatchWriteCommand).resolves({ UnprocessedItems: { tickets: [first] } });

    // Act
    const attempt = run('delete', system(TICKETS));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnprocessedItemsError);
    expect(documents).toReceiveCommandTimes(BatchWriteCommand, 6);
  });

  it('keeps the records of a system with retention rules and answers retained with the rules', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [ticket(1), ticket(2)] });

    // Act
    const outcome = await run('delete', system(TICKETS, { retention: RETENTION }));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'retained', records: 2, retained: RETENTION });
    expect(documents).toReceiveCommandTimes(BatchWriteCommand, 0);
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });

  it('answers not-found rather than retained when a system with retention rules holds nothing', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });

    // Act
    const outcome = await run('delete', system(TICKETS, { retention: RETENTION }));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'not-found', records: 0 });
  });

  it('answers not-found and writes no ledger entry when there is nothing to delete', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });

    // Act
    const outcome = await run('delete', system(TICKETS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'not-found', records: 0 });
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
    expect(documents).toReceiveCommandTimes(BatchWriteCommand, 0);
  });

  it('anonymises a deletion in a system that supports only anonymisation', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [ticket(1)] });
    documents.on(PutCommand).resolves({});
    documents.on(TransactWriteCommand).resolves({});

    // Act
    const outcome = await run('delete', system(TICKETS, { actions: ['export', 'anonymise'] }));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'done', records: 1 });
    expect(documents).toReceiveCommandTimes(TransactWriteCommand, 1);
    expect(documents).toReceiveCommandTimes(BatchWriteCommand, 0);
    expect(documents).toReceiveCommandWith(PutCommand, { TableName: 'ledger', Item: expect.objectContaining({ erasure: 'anonymise' }) });
  });

  it('fails a deletion in a system that supports neither delete nor anonymise, touching nothing', async () => {
    // Act
    const outcome = await run('delete', system(TICKETS, { actions: ['export'] }));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'failed', records: 0, error: 'system supports neither delete nor anonymise' });
    expect(documents.calls()).toHaveLength(0);
  });

  it('anonymises each record in one transaction: a random key, the sort key re-keyed, numbers and booleans only', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [ticket(2)] });
    documents.on(PutCommand).resolves({});
    documents.on(TransactWriteCommand).resolves({});

    // Act
    const outcome = await run('anonymise', system(TICKETS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'anonymise', outcome: 'done', records: 1 });
    const items = documents.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    const put = items?.[0]?.Put;
    const pseudonym = String(put?.Item?.accountId);
    expect(pseudonym).toMatch(/^anon-[0-9a-f-]{36}$/);
    expect(put).toEqual({
      TableName: 'tickets',
      Item: { accountId: pseudonym, ticketId: `tkt-${pseudonym}-2`, priority: 2, resolved: true },
      ConditionExpression: 'attribute_not_exists(#subject)',
      ExpressionAttributeNames: { '#subject': 'accountId' },
    });
    expect(items?.[1]).toEqual({ Delete: { TableName: 'tickets', Key: { accountId: 'acc-1001', ticketId: 'tkt-acc-1001-2' } } });
    expect(JSON.stringify(put)).not.toContain('acc-1001');
    expect(commandOrder()).toEqual(['QueryCommand', 'PutCommand', 'TransactWriteCommand']);
  });

  it('stops processing by deleting the subscription, with a ledger entry', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [{ email: SUBJECT.email, topics: ['offers'] }] });
    documents.on(PutCommand).resolves({});
    documents.on(BatchWriteCommand).resolves({});

    // Act
    const outcome = await run('stop-processing', system(NEWSLETTER));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'stop-processing', outcome: 'done', records: 1 });
    expect(documents).toReceiveCommandWith(BatchWriteCommand, { RequestItems: { newsletter: [{ DeleteRequest: { Key: { email: SUBJECT.email } } }] } });
    expect(documents).toReceiveCommandWith(PutCommand, { TableName: 'ledger', Item: expect.objectContaining({ keyKind: 'email', erasure: 'delete' }) });
  });

  it('keeps what the law keeps when processing stops', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [ticket(1)] });

    // Act
    const outcome = await run('stop-processing', system(TICKETS, { retention: RETENTION }));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'stop-processing', outcome: 'retained', records: 1, retained: RETENTION });
    expect(documents).toReceiveCommandTimes(BatchWriteCommand, 0);
  });

  it('records a sale opt-out on each record that still exists, without a ledger entry', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [ticket(1), ticket(2)] });
    documents
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const outcome = await run('opt-out-of-sale', system(TICKETS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'opt-out-of-sale', outcome: 'done', records: 1 });
    expect(documents).toReceiveCommandWith(UpdateCommand, {
      TableName: 'tickets',
      Key: { accountId: 'acc-1001', ticketId: 'tkt-acc-1001-1' },
      UpdateExpression: 'SET saleOptOut = :optedOut, shareWithPartners = :share',
      ConditionExpression: 'attribute_exists(#subject)',
      ExpressionAttributeValues: { ':optedOut': true, ':share': false },
    });
    expect(documents).toReceiveCommandTimes(UpdateCommand, 2);
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });

  it('lifts the sale opt-out from each record that carries one on an opt-in, leaving the others as they are', async () => {
    // Prepare: the second record carries no opt-out (or vanished), so its condition fails.
    documents.on(QueryCommand).resolves({ Items: [ticket(1), ticket(2)] });
    documents
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const outcome = await run('opt-in-to-sale', system(TICKETS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'opt-in-to-sale', outcome: 'done', records: 1 });
    expect(documents).toReceiveCommandWith(UpdateCommand, {
      TableName: 'tickets',
      Key: { accountId: 'acc-1001', ticketId: 'tkt-acc-1001-1' },
      UpdateExpression: 'SET shareWithPartners = :share REMOVE saleOptOut',
      ConditionExpression: 'attribute_exists(#subject) AND saleOptOut = :optedOut',
      ExpressionAttributeValues: { ':optedOut': true, ':share': true },
    });
    expect(documents).toReceiveCommandTimes(UpdateCommand, 2);
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });

  it('answers a sale opt-in with not-found when the subject has no records', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });

    // Act
    const outcome = await run('opt-in-to-sale', system(NEWSLETTER));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'opt-in-to-sale', outcome: 'not-found', records: 0 });
    expect(documents).toReceiveCommandTimes(UpdateCommand, 0);
  });

  it('answers a sale opt-out with not-found when the subject has no records', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });

    // Act
    const outcome = await run('opt-out-of-sale', system(NEWSLETTER));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'opt-out-of-sale', outcome: 'not-found', records: 0 });
  });

  it.each([
    {
      name: 'a missing table',
      error: new ResourceNotFoundException({ message: 'Requested resource not found: Table: tickets for acc-1001', $metadata: {} }),
      text: 'the DynamoDB table does not exist (ResourceNotFoundException)',
    },
    {
      name: 'denied access',
      error: Object.assign(new Error('User is not authorized to query acc-1001'), { name: 'AccessDeniedException' }),
      text: 'access was denied (AccessDeniedException)',
    },
  ])('reports $name as failed, in words and a log line free of the subject', async ({ error, text }) => {
    // Prepare
    documents.on(QueryCommand).rejects(error);
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);

    // Act
    const outcome = await run('delete', system(TICKETS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'failed', records: 0, error: text });
    expect(warn).toHaveBeenCalledWith('A built-in connector failed permanently', { systemId: 'sys-1', action: 'delete', failure: text });
    expect(JSON.stringify(warn.mock.calls)).not.toContain('acc-1001');
  });

  it.each([
    { name: 'throttling', error: new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }) },
    { name: 'exceeded throughput', error: new ProvisionedThroughputExceededException({ message: 'Throughput exceeded', $metadata: {} }) },
    { name: 'a server error', error: new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } }) },
  ])('throws $name for the workflow to retry', async ({ error }) => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [ticket(1)] });
    documents.on(PutCommand).resolves({});
    documents.on(BatchWriteCommand).rejects(error);

    // Act
    const attempt = run('delete', system(TICKETS));

    // Assess
    await expect(attempt).rejects.toBe(error);
  });
});

describe('runBuiltInConnector with an S3 connector', () => {
  beforeEach(() => {
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });

  function listing(...keys: string[]) {
    return { Contents: keys.map((Key) => ({ Key })), IsTruncated: false };
  }

  it("exports each object under the subject's prefix, JSON parsed and other text kept as text", async () => {
    // Prepare
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: 'chat-transcripts/acc-1001/chat-1.json' }], IsTruncated: true, NextContinuationToken: 'page-2' })
      .resolvesOnce(listing('chat-transcripts/acc-1001/notes.txt'));
    s3.on(GetObjectCommand, { Key: 'chat-transcripts/acc-1001/chat-1.json' }).resolves({ Body: objectBody('{"messages":[{"from":"customer"}]}') });
    s3.on(GetObjectCommand, { Key: 'chat-transcripts/acc-1001/notes.txt' }).resolves({ Body: objectBody('called back on Monday') });
    s3.on(PutObjectCommand).resolves({});

    // Act
    const outcome = await run('export', system(CHATS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'export', outcome: 'done', records: 2, partKey: 'exports/req-1/parts/sys-1.jsonl' });
    expect(s3).toReceiveCommandWith(ListObjectsV2Command, { Bucket: 'company', Prefix: 'chat-transcripts/acc-1001/' });
    expect(s3).toReceiveCommandWith(ListObjectsV2Command, { Bucket: 'company', Prefix: 'chat-transcripts/acc-1001/', ContinuationToken: 'page-2' });
    expect(uploadedLines()).toEqual([
      { key: 'chat-transcripts/acc-1001/chat-1.json', content: { messages: [{ from: 'customer' }] } },
      { key: 'chat-transcripts/acc-1001/notes.txt', content: 'called back on Monday' },
    ]);
  });

  it('skips an object deleted between listing and reading', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves(listing('chat-transcripts/acc-1001/a.json', 'chat-transcripts/acc-1001/b.json'));
    s3.on(GetObjectCommand, { Key: 'chat-transcripts/acc-1001/a.json' }).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }),
    );
    s3.on(GetObjectCommand, { Key: 'chat-transcripts/acc-1001/b.json' }).resolves({ Body: objectBody('{"b":1}') });
    s3.on(PutObjectCommand).resolves({});

    // Act
    const outcome = await run('export', system(CHATS));

    // Assess
    expect(outcome.records).toBe(1);
    expect(uploadedLines()).toEqual([{ key: 'chat-transcripts/acc-1001/b.json', content: { b: 1 } }]);
  });

  it('answers not-found and writes no part when no object is filed under the subject', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false });

    // Act
    const outcome = await run('export', system(CHATS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'export', outcome: 'not-found', records: 0 });
    expect(s3).toReceiveCommandTimes(PutObjectCommand, 0);
  });

  it("deletes the subject's objects, and only theirs where another identifier shares the prefix", async () => {
    // Prepare
    const tracker = system({ kind: 's3', bucket: 'company', prefix: 'tracker/{accountId}', subjectKey: 'accountId' });
    s3.on(ListObjectsV2Command).resolves(listing('tracker/acc-1001/locations.json', 'tracker/acc-10010/locations.json'));
    s3.on(DeleteObjectsCommand).resolves({});
    documents.on(PutCommand).resolves({});

    // Act
    const outcome = await run('delete', tracker);

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'done', records: 1 });
    expect(s3).toReceiveCommandWith(ListObjectsV2Command, { Prefix: 'tracker/acc-1001' });
    expect(s3).toReceiveCommandExactlyOnceWith(DeleteObjectsCommand, {
      Bucket: 'company',
      Delete: { Objects: [{ Key: 'tracker/acc-1001/locations.json' }], Quiet: true },
    });
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'ledger',
      Item: expect.objectContaining({ keyKind: 'accountId', subjectKeyHash: subjectHash(KEY, 'acc-1001') }),
    });
  });

  it('puts an email into the prefix URL-encoded', async () => {
    // Prepare
    const uploads = system({ kind: 's3', bucket: 'company', prefix: 'uploads/{email}/', subjectKey: 'email' });
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false });

    // Act
    await run('delete', uploads, { email: 'a+b@example.com' });

    // Assess
    expect(s3).toReceiveCommandWith(ListObjectsV2Command, { Prefix: 'uploads/a%2Bb%40example.com/' });
  });

  it.each<TaskAction>(['anonymise', 'stop-processing'])('deletes the objects for %s, since an object has no safe anonymised form', async (action) => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves(listing('chat-transcripts/acc-1001/chat-1.json'));
    s3.on(DeleteObjectsCommand).resolves({});
    documents.on(PutCommand).resolves({});

    // Act
    const outcome = await run(action, system(CHATS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action, outcome: 'done', records: 1 });
    expect(s3).toReceiveCommandTimes(DeleteObjectsCommand, 1);
    expect(documents).toReceiveCommandWith(PutCommand, { Item: expect.objectContaining({ erasure: action === 'anonymise' ? 'anonymise' : 'delete' }) });
  });

  it('keeps the objects of a system with retention rules', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves(listing('chat-transcripts/acc-1001/chat-1.json'));

    // Act
    const outcome = await run('delete', system(CHATS, { retention: RETENTION }));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'retained', records: 1, retained: RETENTION });
    expect(s3).toReceiveCommandTimes(DeleteObjectsCommand, 0);
  });

  it('fails a sale opt-out, since objects cannot carry one', async () => {
    // Act
    const outcome = await run('opt-out-of-sale', system(CHATS));

    // Assess
    expect(outcome).toEqual({
      systemId: 'sys-1',
      action: 'opt-out-of-sale',
      outcome: 'failed',
      records: 0,
      error: 'the s3 connector cannot record an opt-out',
    });
    expect(s3.calls()).toHaveLength(0);
  });

  it("fails, touching nothing, when the prefix lacks the subject's placeholder", async () => {
    // Act
    const outcome = await run('delete', system({ ...CHATS, prefix: 'chat-transcripts/{email}/' }));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'failed', records: 0, error: 'the S3 prefix must hold {accountId} exactly once' });
    expect(s3.calls()).toHaveLength(0);
  });

  it.each([
    {
      name: 'a missing bucket',
      error: new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: {} }),
      text: 'the S3 bucket does not exist (NoSuchBucket)',
    },
    {
      name: 'denied access',
      error: new AccessDenied({ message: 'Access Denied', $metadata: { httpStatusCode: 403 } }),
      text: 'access was denied (AccessDenied)',
    },
  ])('reports $name as failed', async ({ error, text }) => {
    // Prepare
    s3.on(ListObjectsV2Command).rejects(error);

    // Act
    const outcome = await run('export', system(CHATS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'export', outcome: 'failed', records: 0, error: text });
  });

  it('reports a missing data bucket as failed when the part cannot be written', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves(listing('chat-transcripts/acc-1001/chat-1.json'));
    s3.on(GetObjectCommand).resolves({ Body: objectBody('{}') });
    s3.on(PutObjectCommand).rejects(new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: {} }));

    // Act
    const outcome = await run('export', system(CHATS));

    // Assess
    expect(outcome).toMatchObject({ outcome: 'failed', error: 'the S3 bucket does not exist (NoSuchBucket)' });
  });

  it('reports objects S3 refused to delete for lack of access as failed', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves(listing('chat-transcripts/acc-1001/chat-1.json'));
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'chat-transcripts/acc-1001/chat-1.json', Code: 'AccessDenied', Message: 'Access Denied' }] });
    documents.on(PutCommand).resolves({});

    // Act
    const outcome = await run('delete', system(CHATS));

    // Assess
    expect(outcome).toEqual({ systemId: 'sys-1', action: 'delete', outcome: 'failed', records: 0, error: 'access was denied (AccessDenied)' });
  });

  it('throws when S3 could not delete some objects for a passing reason', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves(listing('chat-transcripts/acc-1001/chat-1.json'));
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'chat-transcripts/acc-1001/chat-1.json', Code: 'InternalError' }] });
    documents.on(PutCommand).resolves({});

    // Act
    const attempt = run('delete', system(CHATS));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'ObjectDeletionError', code: 'InternalError' });
  });

  it.each(['SlowDown', 'InternalError'])('throws %s for the workflow to retry', async (code) => {
    // Prepare
    const error = new S3ServiceException({ name: code, $fault: 'server', message: 'Please retry', $metadata: { httpStatusCode: 503 } });
    s3.on(ListObjectsV2Command).rejects(error);

    // Act
    const attempt = run('export', system(CHATS));

    // Assess
    await expect(attempt).rejects.toBe(error);
  });
});

describe('runBuiltInConnector with other connectors', () => {
  it.each<Connector>([
    { kind: 'webhook', url: 'https://crm.example.com/privacy' },
    { kind: 'manual', instructions: 'Delete by hand' },
  ])('refuses a $kind system, which reports its own result', async (connector) => {
    // Act
    const attempt = run('delete', system(connector));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedConnectorError);
    await expect(attempt).rejects.toThrow(`System sys-1 has a ${connector.kind} connector`);
  });
});

describe('S3 prefix templates', () => {
  it.each([
    { prefix: 'chat-transcripts/{accountId}/', key: 'chat-transcripts/acc-1/chat-1.json', identifier: 'acc-1' },
    { prefix: 'analytics/{accountId}.json', key: 'analytics/acc-1.json', identifier: 'acc-1' },
    { prefix: 'tracker/{accountId}', key: 'tracker/acc-1/points.json', identifier: 'acc-1' },
    { prefix: 'tracker/{accountId}', key: 'tracker/acc-1', identifier: 'acc-1' },
    { prefix: 'chat-transcripts/{accountId}/', key: 'chat-transcripts/acc-1', identifier: undefined },
    { prefix: 'chat-transcripts/{accountId}/', key: 'other/acc-1/chat.json', identifier: undefined },
    { prefix: 'analytics/{accountId}.json', key: 'analytics/.json', identifier: undefined },
    { prefix: 'analytics/{accountId}.json', key: 'analytics/x/acc-1.json', identifier: undefined },
  ])('finds $identifier in $key under $prefix', ({ prefix, key, identifier }) => {
    // Act
    const found = identifierInKey(prefixTemplate(prefix, 'accountId'), key);

    // Assess
    expect(found).toBe(identifier);
  });

  it('reads back an email it put into a key', () => {
    // Prepare
    const template = prefixTemplate('uploads/{email}/', 'email');

    // Act
    const key = `${expandPrefix(template, "o'brien+news/x@example.com")}file.txt`;

    // Assess
    expect(key).toBe("uploads/o'brien%2Bnews%2Fx%40example.com/file.txt");
    expect(identifierInKey(template, key)).toBe("o'brien+news/x@example.com");
  });

  it.each(['tracker/', 'tracker/{accountId}/{accountId}'])('refuses the prefix %s', (prefix) => {
    expect(() => prefixTemplate(prefix, 'accountId')).toThrow('the S3 prefix must hold {accountId} exactly once');
  });
});

describe('anonymisedItem', () => {
  it('keeps a table without sort key to the pseudonym and the numbers and booleans', () => {
    // Act
    const item = anonymisedItem(
      { email: 'a@example.com', subscribedAt: '2025-01-03', opens: 12, shareWithPartners: true, topics: ['offers'], address: { city: 'Berlin' } },
      { kind: 'dynamodb', table: 'newsletter', keyAttribute: 'email', subjectKey: 'email' },
      'a@example.com',
      'anon-1',
    );

    // Assess
    expect(item).toEqual({ email: 'anon-1', opens: 12, shareWithPartners: true });
  });
});
