// The DynamoDB document client the functions share: one per cold start.
import { isDeepStrictEqual } from 'node:util';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { once } from '../once.js';
import { traced } from '../tracer.js';

/** A document client that leaves undefined attributes out of what it writes. */
export const sharedDocumentClient = /* @__PURE__ */ once(() =>
  DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } }),
);

/**
 * Puts `item` where no item with its `keyName` exists yet. A retry of this very put whose first
 * attempt landed, though its answer was lost, finds its own item there: that counts as done.
 * Anyone else's item fails with ConditionalCheckFailedException, as the condition says.
 */
export async function putNew(documents: DynamoDBDocumentClient, tableName: string, keyName: string, item: Record<string, unknown>): Promise<void> {
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': keyName },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    const held = error instanceof ConditionalCheckFailedException ? error.Item : undefined;
    if (held && isDeepStrictEqual(held, marshall(item, { removeUndefinedValues: true }))) return;
    throw error;
  }
}
