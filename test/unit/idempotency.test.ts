import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { RetryLaterError } from '../../shared/errors.js';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { IN_FLIGHT_RETRY_SECONDS, idempotentByKey } from '../../shared/idempotency.js';
import { lambdaContext } from '../support/lambda.js';

describe('idempotentByKey', () => {
  const dynamo = mockClient(DynamoDBClient);
  afterEach(() => dynamo.reset());

  it('marks a call in progress only until its function would time out, so a call that died frees its key', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    const once = idempotentByKey('twice', async (n: number) => n * 2, { tableName: 'idempotency' });
    const before = Date.now();

    // Act
    const result = await once('key-1', 21, lambdaContext());

    // Assess: the in-progress record expires with the context's remaining time (29 s), not with the key's TTL
    expect(result).toBe(42);
    const put = dynamo.commandCalls(PutItemCommand)[0]!.args[0].input;
    const expiry = Number(put.Item?.in_progress_expiration?.N);
    expect(put.Item?.status?.S).toBe('INPROGRESS');
    expect(expiry).toBeGreaterThanOrEqual(before + 29_000);
    expect(expiry).toBeLessThanOrEqual(Date.now() + 29_000);
  });

  it('tells a call whose twin is still running to retry shortly (409 with Retry-After)', async () => {
    // Prepare: the twin's record (as a first call wrote it), in progress for 12 more seconds
    dynamo.on(PutItemCommand).resolves({});
    const once = idempotentByKey('twice', async (n: number) => n * 2, { tableName: 'idempotency' });
    await once('key-2', 1, lambdaContext());
    const twin = dynamo.commandCalls(PutItemCommand)[0]!.args[0].input.Item!;
    dynamo.reset();
    dynamo.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: { ...twin, in_progress_expiration: { N: String(Date.now() + 12_000) } },
      }),
    );

    // Act
    const thrown = await once('key-2', 1, lambdaContext()).catch((error: unknown) => error);

    // Assess
    expect(thrown).toBeInstanceOf(RetryLaterError);
    expect((thrown as RetryLaterError).retryAfterSeconds).toBe(IN_FLIGHT_RETRY_SECONDS);
  });

  it('runs the operation without touching the table when no key is sent', async () => {
    // Prepare
    const once = idempotentByKey('twice', async (n: number) => n * 2, { tableName: 'idempotency' });

    // Act
    const result = await once(undefined, 4, lambdaContext());

    // Assess
    expect(result).toBe(8);
    expect(dynamo).not.toHaveReceivedAnyCommand();
  });
});
