// The suppression list: who gets no marketing mail. Keyed by the subject hash, so it names nobody.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { subjectHash } from '../subject.js';

export const SUPPRESSION_REASONS = ['objection', 'consent-withdrawal', 'marketing-opt-out', 'unsubscribe', 'bounce', 'complaint'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export interface Suppression {
  subjectHash: string;
  reason: SuppressionReason;
  at: string;
  /** The request that caused it, if one did. */
  requestId?: string;
}

export class SuppressionList {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    private readonly hashKey: () => Promise<Buffer>,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  }

  /** Puts `email` on the list; a later reason replaces an earlier one, the subject stays suppressed. */
  async suppress(email: string, reason: SuppressionReason, at: Date, requestId?: string): Promise<void> {
    const item: Suppression = { subjectHash: subjectHash(await this.hashKey(), email), reason, at: at.toISOString(), ...(requestId ? { requestId } : {}) };
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  /** Whether marketing mail to `email` must not go out. */
  async isSuppressed(email: string): Promise<boolean> {
    const { Item } = await this.documents.send(new GetCommand({
      TableName: this.tableName,
      Key: { subjectHash: subjectHash(await this.hashKey(), email) },
      ConsistentRead: true,
    }));
    return Item !== undefined;
  }
}
