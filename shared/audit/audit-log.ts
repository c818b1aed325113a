// The audit table read as a log: a chain by request, and the chains written to on one day.
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sharedDocumentClient } from '../aws/dynamodb.js';
import type { ChainHead } from './anchors.js';
import type { AuditEvent } from './chain.js';

export interface AuditLog {
  /** A request's events in order, as stored. */
  chain(requestId: string): Promise<AuditEvent[]>;
  /** Every event written on `day` (UTC), as the chain head it made: request id, seq, keyed hash, purge time. */
  writtenOn(day: string): Promise<ChainHead[]>;
}

/** The audit table on DynamoDB, read only. */
export class DynamoAuditLog implements AuditLog {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly table: string,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  async chain(requestId: string): Promise<AuditEvent[]> {
    const items = await this.queryAll({
      TableName: this.table,
      KeyConditionExpression: 'requestId = :id',
      ExpressionAttributeValues: { ':id': requestId },
      ConsistentRead: true,
    });
    return items.map(({ anchorDay: _day, ...event }) => event as unknown as AuditEvent);
  }

  async writtenOn(day: string): Promise<ChainHead[]> {
    const items = await this.queryAll({
      TableName: this.table,
      IndexName: 'byAnchorDay',
      KeyConditionExpression: 'anchorDay = :day',
      ExpressionAttributeValues: { ':day': day },
      ProjectionExpression: 'requestId, seq, #hash, purgeAt',
      ExpressionAttributeNames: { '#hash': 'hash' },
    });
    return items.map(({ requestId, seq, hash, purgeAt }) => ({
      requestId: String(requestId),
      seq: Number(seq),
      hash: String(hash),
      ...(typeof purgeAt === 'number' ? { purgeAt } : {}),
    }));
  }

  private async queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
