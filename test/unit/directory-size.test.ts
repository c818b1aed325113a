import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { directorySize } from '../../shared/notifications/directory-size.js';

const dynamo = mockClient(DynamoDBClient);

describe('directorySize', () => {
  beforeEach(() => dynamo.reset());

  it("reads the directory's item count from its description, naming the table", async () => {
    // Prepare
    dynamo.on(DescribeTableCommand, { TableName: 'accounts' }).resolves({ Table: { ItemCount: 10_000_000 } });

    // Act
    const size = await directorySize(new DynamoDBClient({}), 'accounts');

    // Assess
    expect(size).toBe(10_000_000);
  });

  it.each([
    ['no count yet', {}],
    ['an empty table', { ItemCount: 0 }],
  ])('gives no size for %s', async (_case, table) => {
    // Prepare
    dynamo.on(DescribeTableCommand).resolves({ Table: table });

    // Act, Assess
    expect(await directorySize(new DynamoDBClient({}), 'accounts')).toBeUndefined();
  });
});
