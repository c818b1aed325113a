import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { eventDigest, verifyChain, type AuditEvent } from '../../shared/audit/chain.js';
import { LocalChainKey } from '../../shared/audit/chain-key.js';
import { ConflictError } from '../../shared/errors.js';
import { auditPurgeAt, OpenRequestExistsError, RequestStore } from '../../shared/requests/request-store.js';
import { AUDIT_RETENTION_DAYS } from '../../shared/resources.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { requestRecord } from '../support/request-record.js';

const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const chainKey = new LocalChainKey(Buffer.alloc(32, 3));
const WRITTEN_AT = new Date('2026-03-02T23:59:30.000Z');
const store = () => new RequestStore({ requestsTable: 'requests', auditTable: 'audit', client, chainKey, clock: () => WRITTEN_AT });
const cancelled = (codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

const stored: RequestRecord = requestRecord('awaiting-verification', {
  id: '01JSTORE00000000000000000A',
  type: 'objection',
  version: 1,
  subject: { email: 'store.test@example.org', locale: 'de' },
  verification: { level: 'email', state: 'pending' },
  auditSeq: 1,
  updatedAt: '2026-03-01T08:00:00.000Z',
});
const event = { type: 'email-confirmed', at: '2026-03-02T08:00:00.000Z', actor: { kind: 'subject' as const }, data: {} };

describe("RequestStore when a write's answer is lost and the SDK sends it again", () => {
  afterEach(() => documents.reset());

  it("takes a transition whose first attempt landed as done, not as someone else's change", async () => {
    // Prepare: the retry's condition fails on the write's own result, which is what the store now holds
    let landed: RequestRecord | undefined;
    documents.on(TransactWriteCommand).callsFake((input: { TransactItems: { Put?: { Item: RequestRecord } }[] }) => {
      landed = input.TransactItems[0]!.Put!.Item;
      throw cancelled(['ConditionalCheckFailed', 'None']);
    });
    documents.on(GetCommand).callsFake(() => ({ Item: landed }));

    // Act
    const written = await store().transition(stored, 'verified', [event]);

    // Assess
    expect(written.version).toBe(2);
    expect(written.status).toBe('verified');
  });

  it('still refuses a write when someone else changed the request in between', async () => {
    // Prepare
    documents.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None']));
    documents.on(GetCommand).resolves({ Item: { ...stored, version: 2, auditSeq: 2, auditHead: 'b'.repeat(64) } });

    // Act
    const thrown = await store()
      .transition(stored, 'verified', [event])
      .catch((error: unknown) => error);

    // Assess
    expect(thrown).toBeInstanceOf(ConflictError);
  });

  it("takes a filing that finds its own guard as filed, and another request's guard as an open request", async () => {
    // Prepare
    const { auditSeq: _seq, auditHead: _head, ...fresh } = stored;
    let landed: RequestRecord | undefined;
    documents.on(TransactWriteCommand).callsFake((input: { TransactItems: { Put?: { Item: RequestRecord } }[] }) => {
      landed = input.TransactItems[0]!.Put!.Item;
      throw cancelled(['ConditionalCheckFailed', 'ConditionalCheckFailed']);
    });
    documents.on(GetCommand, { Key: { id: stored.id } }).callsFake(() => ({ Item: landed }));

    // Act
    const filed = await store().create(fresh, [event]);
    documents.on(GetCommand, { Key: { id: stored.id } }).resolves({});
    documents.on(GetCommand).resolves({ Item: { id: 'open#…', requestId: '01JOTHER0000000000000000000' } });
    const refused = await store()
      .create({ ...fresh }, [event])
      .catch((error: unknown) => error);

    // Assess
    expect(filed.id).toBe(stored.id);
    expect(filed.auditSeq).toBe(1);
    expect(refused).toBeInstanceOf(OpenRequestExistsError);
  });
});

describe("RequestStore's audit chain", () => {
  afterEach(() => documents.reset());

  type Put = { TableName: string; Item: Record<string, unknown>; ConditionExpression?: string };
  const auditPuts = () =>
    documents
      .commandCalls(TransactWriteCommand)
      .flatMap((call) => (call.args[0].input.TransactItems ?? []).map((item) => item.Put as Put | undefined))
      .filter((put): put is Put => put?.TableName === 'audit');

  it('appends each event as a new item only, sealed with the audit key, dated for the anchor and purged with its chain', async () => {
    // Prepare
    documents.on(TransactWriteCommand).resolves({});
    const { auditSeq: _seq, auditHead: _head, ...fresh } = stored;

    // Act
    const filed = await store().create(fresh, [event]);
    await store().transition(filed, 'cancelled', [{ ...event, type: 'request.cancelled' }]);

    // Assess
    const puts = auditPuts();
    expect(puts).toHaveLength(2);
    for (const put of puts) {
      expect(put.ConditionExpression).toBe('attribute_not_exists(seq)');
      expect(put.Item.anchorDay).toBe('2026-03-02');
      expect(put.Item.purgeAt).toBe(Math.floor(Date.parse(stored.createdAt) / 1000) + AUDIT_RETENTION_DAYS * 86_400);
      expect(await chainKey.verify(eventDigest(put.Item as unknown as AuditEvent), String(put.Item.hash))).toBe(true);
    }
    const chain = puts.map(({ Item: { anchorDay: _day, ...item } }) => item as unknown as AuditEvent);
    expect(await verifyChain(chainKey, chain)).toEqual({ valid: true, length: 2 });
  });

  it('never updates an event: closing a request leaves its earlier events as they were written', async () => {
    // Prepare: a request with a long chain behind it
    documents.on(TransactWriteCommand).resolves({});
    const open = { ...stored, auditSeq: 40, auditHead: 'c'.repeat(64) };

    // Act
    await store().transition(open, 'cancelled', [{ ...event, type: 'request.cancelled' }]);

    // Assess
    expect(documents).not.toHaveReceivedCommand(UpdateCommand);
    expect(documents).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(auditPuts().map((put) => put.Item.seq)).toEqual([41]);
  });

  it('purges a chain three years after its request was filed', () => {
    // Prepare
    const request = { createdAt: '2026-01-01T00:00:00.000Z' };

    // Act
    const purgeAt = auditPurgeAt(request);

    // Assess
    expect(new Date(purgeAt * 1000).toISOString()).toBe('2028-12-31T00:00:00.000Z');
  });

  it('refuses to append without the audit key', async () => {
    // Prepare
    const keyless = new RequestStore({ requestsTable: 'requests', auditTable: 'audit', client });

    // Act
    const thrown = await keyless.transition(stored, 'verified', [event]).catch((error: unknown) => error);

    // Assess
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toContain('without the audit key');
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});
