import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { DeletionLedger, type LedgerEntry } from '../../shared/fulfilment/deletion-ledger.js';
import { subjectHash } from '../../shared/subject.js';

const KEY = Buffer.from('ledger-test-key-of-thirty-two-bytes');
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));

function entry(n: number): LedgerEntry {
  return {
    systemId: 'crm-profiles',
    entry: `2026-02-0${n}T09:00:00.000Z#req-${n}`,
    requestId: `req-${n}`,
    erasedAt: `2026-02-0${n}T09:00:00.000Z`,
    subjectKeyHash: 'h'.repeat(64),
    keyKind: 'accountId',
    erasure: 'delete',
  };
}

describe('DeletionLedger', () => {
  const documents = mockClient(DynamoDBDocumentClient);
  const ledger = new DeletionLedger({ tableName: 'ledger', client, hashKey: async () => KEY });

  afterEach(() => {
    documents.reset();
  });

  it('records an erasure under a time-sorted key with the keyed hash of the identifier', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    const stored = await ledger.record({
      systemId: 'newsletter',
      requestId: '01JNQ8R2V4M7Y3W5X6Z8A9B0C1',
      erasedAt: '2026-03-02T10:00:00Z',
      keyKind: 'email',
      identifier: ' Anna.Schmidt@Example.com',
      erasure: 'delete',
    });

    // Assess
    const expected = {
      systemId: 'newsletter',
      entry: '2026-03-02T10:00:00.000Z#01JNQ8R2V4M7Y3W5X6Z8A9B0C1',
      requestId: '01JNQ8R2V4M7Y3W5X6Z8A9B0C1',
      erasedAt: '2026-03-02T10:00:00.000Z',
      subjectKeyHash: subjectHash(KEY, 'anna.schmidt@example.com'),
      keyKind: 'email',
      erasure: 'delete',
    };
    expect(stored).toEqual(expected);
    expect(stored.subjectKeyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(documents).toReceiveCommandExactlyOnceWith(PutCommand, { TableName: 'ledger', Item: expected });
    expect(JSON.stringify(documents.calls().map((call) => call.args[0].input)).toLowerCase()).not.toContain('anna');
  });

  it('hashes account ids with the same key, so a replay can match them', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    const stored = await ledger.record({
      systemId: 'crm-profiles',
      requestId: 'r',
      erasedAt: '2026-03-02T10:00:00.000Z',
      keyKind: 'accountId',
      identifier: 'acc-1001',
      erasure: 'anonymise',
    });

    // Assess
    expect(stored.subjectKeyHash).toBe(subjectHash(KEY, 'acc-1001'));
    expect(stored.subjectKeyHash).not.toBe(subjectHash(Buffer.from('another key of thirty-two bytes!!'), 'acc-1001'));
  });

  it("reads every page of a system's entries since a date", async () => {
    // Prepare
    documents
      .on(QueryCommand)
      .resolvesOnce({ Items: [entry(1)], LastEvaluatedKey: { systemId: 'crm-profiles', entry: entry(1).entry } })
      .resolvesOnce({ Items: [entry(2)] });

    // Act
    const entries = await ledger.since('crm-profiles', '2026-02-01');

    // Assess
    expect(entries).toEqual([entry(1), entry(2)]);
    expect(documents).toReceiveCommandTimes(QueryCommand, 2);
    expect(documents).toReceiveCommandWith(QueryCommand, {
      TableName: 'ledger',
      KeyConditionExpression: 'systemId = :systemId AND #entry >= :from',
      ExpressionAttributeNames: { '#entry': 'entry' },
      ExpressionAttributeValues: { ':systemId': 'crm-profiles', ':from': '2026-02-01T00:00:00.000Z' },
    });
    expect(documents).toReceiveCommandWith(QueryCommand, { ExclusiveStartKey: { systemId: 'crm-profiles', entry: entry(1).entry } });
  });

  it('refuses a date it cannot read rather than replay from the wrong point', async () => {
    // Act
    const attempt = ledger.since('crm-profiles', 'last tuesday');

    // Assess
    await expect(attempt).rejects.toThrow(RangeError);
    expect(documents).toReceiveCommandTimes(QueryCommand, 0);
  });

  it('takes its table from LEDGER_TABLE and fails loudly without it', () => {
    // Prepare
    const saved = process.env.LEDGER_TABLE;
    delete process.env.LEDGER_TABLE;

    // Act and Assess
    try {
      expect(() => new DeletionLedger({ client })).toThrow('Missing required setting LEDGER_TABLE');
    } finally {
      if (saved !== undefined) process.env.LEDGER_TABLE = saved;
    }
  });
});
