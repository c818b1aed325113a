import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { DeletionLedger } from '../../shared/fulfilment/deletion-ledger.js';
import { eraseOwnCopies, OWN_COPIES_SYSTEM_ID, ownCopyPrefixes, S3OwnFiles } from '../../shared/fulfilment/own-copies.js';
import { DynamoConsentStore } from '../../shared/preferences/consent-store.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { subjectHash } from '../../shared/subject.js';
import { requestRecord } from '../support/request-record.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');
const KEY = Buffer.from('own-copies-test-key-of-32-bytes!');
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const s3Client = new S3Client({ region: 'eu-central-1' });

describe('eraseOwnCopies', () => {
  const documents = mockClient(DynamoDBDocumentClient);
  const s3 = mockClient(S3Client);

  afterEach(() => {
    documents.reset();
    s3.reset();
  });

  /** The erasure and two earlier requests of the same subject: one closed, one still open. */
  function prepare() {
    const erasure = requestRecord('in-progress', { id: '01JERASURE0000000000000000', type: 'deletion' });
    documents.on(QueryCommand, { TableName: 'requests', IndexName: 'bySubject' }).resolves({
      Items: [
        { id: '01JACCESS00000000000000000', status: 'completed' },
        { id: '01JOPEN0000000000000000000', status: 'awaiting-verification' },
        { id: erasure.id, status: 'in-progress' },
      ],
    });
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    s3.on(ListObjectsV2Command, { Prefix: 'exports/01JACCESS00000000000000000/' })
      .resolvesOnce({
        Contents: [{ Key: 'exports/01JACCESS00000000000000000/bundle.zip' }],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .resolvesOnce({ Contents: [{ Key: 'exports/01JACCESS00000000000000000/parts/crm.jsonl' }], IsTruncated: false });
    s3.on(ListObjectsV2Command, { Prefix: 'agent-permissions/01JERASURE0000000000000000/' }).resolves({
      Contents: [{ Key: 'agent-permissions/01JERASURE0000000000000000/permission.pdf' }],
    });
    s3.on(DeleteObjectCommand).resolves({});
    documents.on(QueryCommand, { TableName: 'consents' }).resolves({
      Items: [
        { subjectHash: erasure.subjectHash, entry: '2026-01-01T00:00:00.000Z#e1' },
        { subjectHash: erasure.subjectHash, entry: '2026-02-01T00:00:00.000Z#e2' },
      ],
    });
    documents.on(DeleteCommand).resolves({});
    documents.on(PutCommand).resolves({});
    const deps = {
      requests: new RequestStore({ requestsTable: 'requests', client: documentClient }),
      files: new S3OwnFiles('data-bucket', s3Client),
      consents: new DynamoConsentStore('consents', documentClient),
      ledger: new DeletionLedger({ tableName: 'ledger', client: documentClient, hashKey: async () => KEY }),
      now: () => NOW,
    };
    return { erasure, deps };
  }

  it("deletes the exports and permission documents of the erasure and of the subject's closed requests", async () => {
    // Prepare
    const { erasure, deps } = prepare();

    // Act
    const erased = await eraseOwnCopies(erasure, deps);

    // Assess
    const deleted = s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input.Key);
    expect(deleted).toStrictEqual([
      'agent-permissions/01JERASURE0000000000000000/permission.pdf',
      'exports/01JACCESS00000000000000000/bundle.zip',
      'exports/01JACCESS00000000000000000/parts/crm.jsonl',
    ]);
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, { Prefix: 'exports/01JACCESS00000000000000000/', ContinuationToken: 'page-2' });
    expect(erased).toStrictEqual({ requests: 2, objects: 3, consentEntries: 2 });
  });

  it('leaves the objects of a request still open, which it needs to be answered', async () => {
    // Prepare
    const { erasure, deps } = prepare();

    // Act
    await eraseOwnCopies(erasure, deps);

    // Assess
    const listed = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input.Prefix);
    expect(listed.some((prefix) => prefix?.includes('01JOPEN'))).toBe(false);
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: 'data-bucket' });
  });

  it("deletes the subject's consent-register entries by their keys", async () => {
    // Prepare
    const { erasure, deps } = prepare();

    // Act
    await eraseOwnCopies(erasure, deps);

    // Assess
    expect(documents).toHaveReceivedCommandWith(QueryCommand, { TableName: 'consents', ExpressionAttributeValues: { ':subjectHash': erasure.subjectHash } });
    expect(documents).toHaveReceivedCommandTimes(DeleteCommand, 2);
    expect(documents).toHaveReceivedCommandWith(DeleteCommand, {
      TableName: 'consents',
      Key: { subjectHash: erasure.subjectHash, entry: '2026-02-01T00:00:00.000Z#e2' },
    });
  });

  it('writes the erasure of its own copies to the deletion ledger under a keyed hash, never the address', async () => {
    // Prepare
    const { erasure, deps } = prepare();

    // Act
    await eraseOwnCopies(erasure, deps);

    // Assess
    expect(documents).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'ledger',
      Item: {
        systemId: OWN_COPIES_SYSTEM_ID,
        entry: `${NOW.toISOString()}#${erasure.id}`,
        requestId: erasure.id,
        erasedAt: NOW.toISOString(),
        subjectKeyHash: subjectHash(KEY, erasure.subject.email),
        keyKind: 'email',
        erasure: 'delete',
      },
    });
    expect(JSON.stringify(documents.commandCalls(PutCommand).map((call) => call.args[0].input))).not.toContain(erasure.subject.email);
  });

  it('finds nothing more to delete when run again', async () => {
    // Prepare
    const { erasure, deps } = prepare();
    s3.on(ListObjectsV2Command).resolves({});
    documents.on(QueryCommand, { TableName: 'consents' }).resolves({ Items: [] });

    // Act
    const erased = await eraseOwnCopies(erasure, deps);

    // Assess
    expect(erased).toStrictEqual({ requests: 2, objects: 0, consentEntries: 0 });
    expect(s3).not.toHaveReceivedCommand(DeleteObjectCommand);
  });
});

describe('ownCopyPrefixes', () => {
  it("names a request's export folder and its permission-document folder, each ending in a slash", () => {
    expect(ownCopyPrefixes('01JX')).toStrictEqual(['exports/01JX/', 'agent-permissions/01JX/']);
  });
});
