// How many accounts the company's account directory holds, as DynamoDB counts them: the number a
// running notice campaign is on its way to. DynamoDB refreshes a table's ItemCount about every six
// hours, so it is an estimate; the campaign's own figures stay the truth.
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The directory's item count as DynamoDB last counted it; undefined when the table gives none. */
export async function directorySize(client: Pick<DynamoDBClient, 'send'>, tableName: string): Promise<number | undefined> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const count = Table?.ItemCount;
  return typeof count === 'number' && Number.isSafeInteger(count) && count > 0 ? count : undefined;
}
