import { DynamoDBClient, ResourceNotFoundException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { DeletionLedger, type ErasureMethod, type LedgerEntry } from '../../shared/fulfilment/deletion-ledger.js';
import type { Connector, DataSystem } from '../../shared/fulfilment/model.js';
import { replayDeletions } from '../../shared/fulfilment/replay-deletions.js';
import { subjectHash } from '../../shared/subject.js';

const KEY = Buffer.from('replay-test-key-of-thirty-two-bytes');
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const s3Client = new S3Client({ region: 'eu-central-1' });
const ledger = new DeletionLedger({ tableName: 'ledger', client: documentClient, hashKey: async () => KEY });

function system(systemId: string, connector: Connector, actions: DataSystem['actions'] = ['export', 'delete']): DataSystem {
  return {
    systemId,
    name: systemId,
    owner: 'Team',
    categories: [],
    connector,
    actions,
    purposes: [],
    retention: [],
    sellsOrShares: false,
    marketingRecipients: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const PROFILES = system('crm-profiles', { kind: 'dynamodb', table: 'profiles', keyAttribute: 'accountId', subjectKey: 'accountId' });
const TICKETS = system('support-tickets', {
  kind: 'dynamodb',
  table: 'tickets',
  keyAttribute: 'accountId',
  sortKeyAttribute: 'ticketId',
  subjectKey: 'accountId',
});
const CHATS = system('live-chat', { kind: 's3', bucket: 'company', prefix: 'chat-transcripts/{accountId}/', subjectKey: 'accountId' });
const BACKUPS = system('backups', { kind: 'manual', instructions: 'none' }, []);
const CRM_HOOK = system('crm-hook', { kind: 'webhook', url: 'https://crm.example.com/privacy' });

function entry(systemId: string, identifier: string, erasure: ErasureMethod = 'delete'): LedgerEntry {
  return {
    systemId,
    entry: `2026-02-01T09:00:00.000Z#req-${identifier}`,
    requestId: `req-${identifier}`,
    erasedAt: '2026-02-01T09:00:00.000Z',
    subjectKeyHash: subjectHash(KEY, identifier),
    keyKind: 'accountId',
    erasure,
  };
}

describe('replayDeletions', () => {
  const documents = mockClient(DynamoDBDocumentClient);
  const s3 = mockClient(S3Client);

  afterEach(() => {
    documents.reset();
    s3.reset();
  });

  const replay = (systems: DataSystem[]) => replayDeletions({ since: '2026-01-01', systems, ledger, documents: documentClient, s3: s3Client, hashKey: KEY });

  const ledgerHolds = (systemId: string, entries: LedgerEntry[]) =>
    documents
      .on(QueryCommand, { TableName: 'ledger', ExpressionAttributeValues: { ':systemId': systemId, ':from': '2026-01-01T00:00:00.000Z' } })
      .resolves({ Items: entries });

  it('deletes every restored record whose identifier the ledger holds, across all scan pages', async () => {
    // Prepare
    ledgerHolds('crm-profiles', [entry('crm-profiles', 'acc-1'), entry('crm-profiles', 'acc-3')]);
    documents
      .on(ScanCommand, { TableName: 'profiles' })
      .resolvesOnce({
        Items: [
          { accountId: 'acc-1', name: 'A' },
          { accountId: 'acc-2', name: 'B' },
        ],
        LastEvaluatedKey: { accountId: 'acc-2' },
      })
      .resolvesOnce({ Items: [{ accountId: 'acc-3', name: 'C' }] });
    documents.on(BatchWriteCommand).resolves({});

    // Act
    const counts = await replay([PROFILES]);

    // Assess
    expect(counts).toEqual([{ systemId: 'crm-profiles', entries: 2, checked: 3, erased: 2 }]);
    expect(documents).toReceiveCommandWith(ScanCommand, { TableName: 'profiles', ExclusiveStartKey: { accountId: 'acc-2' } });
    expect(documents).toReceiveCommandWith(BatchWriteCommand, { RequestItems: { profiles: [{ DeleteRequest: { Key: { accountId: 'acc-1' } } }] } });
    expect(documents).toReceiveCommandWith(BatchWriteCommand, { RequestItems: { profiles: [{ DeleteRequest: { Key: { accountId: 'acc-3' } } }] } });
    expect(documents).toReceiveCommandTimes(BatchWriteCommand, 2);
  });

  it('anonymises again what was anonymised, leaving records already anonymised alone', async () => {
    // Prepare
    ledgerHolds('support-tickets', [entry('support-tickets', 'acc-1', 'anonymise')]);
    documents.on(ScanCommand, { TableName: 'tickets' }).resolves({
      Items: [
        { accountId: 'acc-1', ticketId: 'tkt-acc-1-1', subject: 'Help', priority: 2 },
        { accountId: 'anon-1f0e', ticketId: 'tkt-anon-1f0e-1', priority: 2 },
      ],
    });
    documents.on(TransactWriteCommand).resolves({});

    // Act
    const counts = await replay([TICKETS]);

    // Assess
    expect(counts).toEqual([{ systemId: 'support-tickets', entries: 1, checked: 2, erased: 1 }]);
    const put = documents.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Put?.Item;
    expect(put).toEqual({ accountId: expect.stringMatching(/^anon-/), ticketId: expect.stringMatching(/^tkt-anon-.+-1$/), priority: 2 });
    expect(documents).toReceiveCommandTimes(TransactWriteCommand, 1);
    expect(documents).toReceiveCommandTimes(BatchWriteCommand, 0);
  });

  it('finds identifiers in object keys by the prefix template and deletes the matching objects', async () => {
    // Prepare
    ledgerHolds('live-chat', [entry('live-chat', 'acc-1')]);
    s3.on(ListObjectsV2Command).resolves({
      Contents: [
        { Key: 'chat-transcripts/acc-1/chat-1.json' },
        { Key: 'chat-transcripts/acc-1/chat-2.json' },
        { Key: 'chat-transcripts/acc-10/chat-1.json' },
        { Key: 'chat-transcripts/README' },
      ],
      IsTruncated: false,
    });
    s3.on(DeleteObjectsCommand).resolves({});

    // Act
    const counts = await replay([CHATS]);

    // Assess
    expect(counts).toEqual([{ systemId: 'live-chat', entries: 1, checked: 3, erased: 2 }]);
    expect(s3).toReceiveCommandWith(ListObjectsV2Command, { Bucket: 'company', Prefix: 'chat-transcripts/' });
    expect(s3).toReceiveCommandExactlyOnceWith(DeleteObjectsCommand, {
      Bucket: 'company',
      Delete: { Objects: [{ Key: 'chat-transcripts/acc-1/chat-1.json' }, { Key: 'chat-transcripts/acc-1/chat-2.json' }], Quiet: true },
    });
  });

  it('reads no records of a system without ledger entries, and skips webhook and manual systems', async () => {
    // Prepare
    ledgerHolds('crm-profiles', []);

    // Act
    const counts = await replay([PROFILES, BACKUPS, CRM_HOOK]);

    // Assess
    expect(counts).toEqual([{ systemId: 'crm-profiles', entries: 0, checked: 0, erased: 0 }]);
    expect(documents).toReceiveCommandTimes(ScanCommand, 0);
    expect(documents).toReceiveCommandTimes(QueryCommand, 1);
  });

  it('reports a missing table in its count and goes on with the other systems', async () => {
    // Prepare
    ledgerHolds('crm-profiles', [entry('crm-profiles', 'acc-1')]);
    ledgerHolds('live-chat', [entry('live-chat', 'acc-1')]);
    documents.on(ScanCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} }));
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'chat-transcripts/acc-1/chat-1.json' }], IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({});

    // Act
    const counts = await replay([PROFILES, CHATS]);

    // Assess
    expect(counts).toEqual([
      { systemId: 'crm-profiles', entries: 1, checked: 0, erased: 0, error: 'the DynamoDB table does not exist (ResourceNotFoundException)' },
      { systemId: 'live-chat', entries: 1, checked: 1, erased: 1 },
    ]);
  });

  it('throws on throttling, for the operator to run it again', async () => {
    // Prepare
    const throttled = new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
    ledgerHolds('crm-profiles', [entry('crm-profiles', 'acc-1')]);
    documents.on(ScanCommand).rejects(throttled);

    // Act
    const attempt = replay([PROFILES]);

    // Assess
    await expect(attempt).rejects.toBe(throttled);
  });
});
