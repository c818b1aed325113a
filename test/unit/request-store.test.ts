import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/errors.js';
import { OpenRequestExistsError, RequestStore } from '../../shared/requests/request-store.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { requestRecord } from '../support/request-record.js';

const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const store = () => new RequestStore({ requestsTable: 'requests', auditTable: 'audit', client });
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
    documents.on(UpdateCommand).resolves({});

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
