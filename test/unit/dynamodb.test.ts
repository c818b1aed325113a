import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { putNew } from '../../shared/aws/dynamodb.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);
const ITEM = { tokenHash: 'h'.repeat(64), purpose: 'verify', requestId: 'r1', expiresAt: 1_800_000_000 };

const heldBy = (item: Record<string, unknown>) =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: marshall(item) });

afterEach(() => {
  documents.reset();
});

describe('putNew', () => {
  it('puts the item only where its key is free, asking for what holds the key should it be taken', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    await putNew(client, 'tokens', 'tokenHash', ITEM);

    // Assess
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'tokens',
      Item: ITEM,
      ConditionExpression: 'attribute_not_exists(#key)',
      ExpressionAttributeNames: { '#key': 'tokenHash' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('counts a retried put as done when the item holding the key is its own, written by a first attempt whose answer was lost', async () => {
    // Prepare
    documents.on(PutCommand).rejects(heldBy(ITEM));

    // Act
    const put = putNew(client, 'tokens', 'tokenHash', ITEM);

    // Assess
    await expect(put).resolves.toBeUndefined();
  });

  it('fails when someone else holds the key', async () => {
    // Prepare
    documents.on(PutCommand).rejects(heldBy({ ...ITEM, requestId: 'r2' }));

    // Act
    const put = putNew(client, 'tokens', 'tokenHash', ITEM);

    // Assess
    await expect(put).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('fails when the service does not say what holds the key', async () => {
    // Prepare
    documents.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const put = putNew(client, 'tokens', 'tokenHash', ITEM);

    // Assess
    await expect(put).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });
});
