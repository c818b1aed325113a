// Per-recipient markers of a campaign: claimed with a conditional put before a notice goes, so a
// resumed or retried run never mails anyone twice. Keyed by the subject hash, so they name nobody;
// spread over 16 partition keys per campaign, so a fast campaign's claims do not queue on one.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/** Why a marker was claimed: to send a notice, or to record that the address is suppressed. */
export type MarkerPurpose = 'send' | 'suppressed';

export interface RecipientMarkers {
  /** Claims the marker of `subjectHash` in `version`'s campaign; false when it was claimed before. */
  claim(version: string, subjectHash: string, purpose: MarkerPurpose): Promise<boolean>;
  /** Gives claims back whose notice was not handed over, so a later run sends them. */
  release(version: string, subjectHashes: readonly string[]): Promise<void>;
}

/**
 * The partition key of a marker: the version and the first hex digit of the subject hash, so a
 * campaign's claims spread over 16 partition keys (16 × DynamoDB's 1,000 writes a second) instead
 * of queueing on one. `#` never occurs in a version (POLICY_VERSION). See docs/adr/0021.
 */
export const markerPartition = (version: string, subjectHash: string): string => `${version}#${subjectHash.slice(0, 1)}`;

/** Markers outlive any campaign run and any resume of it; then DynamoDB may remove them. */
const MARKER_DAYS = 400;
const DAY_SECONDS = 24 * 3600;
const BATCH_WRITE_LIMIT = 25;
const BATCH_WRITE_ATTEMPTS = 8;

export class DynamoRecipientMarkers implements RecipientMarkers {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
    client?: DynamoDBDocumentClient,
    /** How the backoff between attempts waits; a simulation on a virtual clock passes its own. */
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  async claim(version: string, subjectHash: string, purpose: MarkerPurpose): Promise<boolean> {
    const now = this.now();
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            version: markerPartition(version, subjectHash),
            subjectHash,
            purpose,
            claimedAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + MARKER_DAYS * DAY_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(subjectHash)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(version: string, subjectHashes: readonly string[]): Promise<void> {
    for (let i = 0; i < subjectHashes.length; i += BATCH_WRITE_LIMIT) {
      let pending: { DeleteRequest: { Key: Record<string, unknown> } }[] = subjectHashes
        .slice(i, i + BATCH_WRITE_LIMIT)
        .map((subjectHash) => ({ DeleteRequest: { Key: { version: markerPartition(version, subjectHash), subjectHash } } }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > BATCH_WRITE_ATTEMPTS) throw new Error('Releasing campaign markers kept leaving items unprocessed');
        if (attempt > 1) await this.sleep(25 * 2 ** attempt);
        const { UnprocessedItems } = await this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = (UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      }
    }
  }
}
