// The DynamoDB document client the functions share: one per cold start.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { once } from '../once.js';
import { traced } from '../tracer.js';

/** A document client that leaves undefined attributes out of what it writes. */
export const sharedDocumentClient = once(() =>
  DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } }));
