import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandInput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { subjectHash } from '../../shared/subject.js';

const TABLE = 'suppressions';
const KEY = Buffer.from('k'.repeat(43), 'utf8');
const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));

/** The list's table holding `reasons` by address; BatchGetItem answers the keys it holds. */
function holding(reasons: Record<string, string>): void {
  const byHash = new Map(Object.entries(reasons).map(([email, reason]) => [subjectHash(KEY, email), reason]));
  documents.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const keys = (input.RequestItems![TABLE]!.Keys ?? []) as { subjectHash: string }[];
    const found = keys.filter((k) => byHash.has(k.subjectHash)).map((k) => ({ subjectHash: k.subjectHash, reason: byHash.get(k.subjectHash) }));
    return { Responses: { [TABLE]: found } };
  });
}

describe('SuppressionList.reasonsFor', () => {
  afterEach(() => {
    documents.reset();
  });

  it('reads strongly consistent unless told otherwise, so a suppression just written is seen', async () => {
    // Prepare
    holding({ 'person1@example.com': 'bounce' });
    const list = new SuppressionList(TABLE, async () => KEY, client);

    // Act
    const reasons = await list.reasonsFor(['person1@example.com', 'person2@example.com']);

    // Assess
    expect([...reasons]).toEqual([['person1@example.com', 'bounce']]);
    expect(documents).toReceiveCommandWith(BatchGetCommand, { RequestItems: { [TABLE]: expect.objectContaining({ ConsistentRead: true }) } });
  });

  it('reads eventually consistent when asked, in batches of 100 keys', async () => {
    // Prepare
    holding({ 'person150@example.com': 'complaint' });
    const list = new SuppressionList(TABLE, async () => KEY, client);
    const emails = Array.from({ length: 150 }, (_, i) => `person${i + 1}@example.com`);

    // Act
    const reasons = await list.reasonsFor(emails, { consistentRead: false });

    // Assess
    expect([...reasons]).toEqual([['person150@example.com', 'complaint']]);
    expect(documents).toReceiveCommandTimes(BatchGetCommand, 2);
    for (const call of documents.commandCalls(BatchGetCommand)) expect(call.args[0].input.RequestItems![TABLE]!.ConsistentRead).toBe(false);
  });
});
