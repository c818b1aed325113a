// The suppression list: who gets no marketing mail. Keyed by the subject hash, so it names nobody.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { subjectHash } from '../subject.js';

/** `erased`: the subject's data was erased (a completed deletion); the keyed hash alone remains, so marketing never finds them again. */
export const SUPPRESSION_REASONS = ['objection', 'consent-withdrawal', 'marketing-opt-out', 'unsubscribe', 'bounce', 'complaint', 'erased'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/**
 * Reasons that stop transactional mail too: the address bounced or its owner complained. Every
 * other reason concerns marketing only, and a transactional notice (a policy change) still goes.
 */
const UNDELIVERABLE: ReadonlySet<SuppressionReason> = new Set(['bounce', 'complaint']);

/** Whether a subject suppressed for `reason` must not get transactional mail either. */
export function blocksTransactionalMail(reason: SuppressionReason): boolean {
  return UNDELIVERABLE.has(reason);
}

/** DynamoDB takes at most 100 keys per BatchGetItem. */
const BATCH_GET_LIMIT = 100;
/** Attempts for keys DynamoDB leaves unprocessed (throttling) before giving up. */
const BATCH_GET_ATTEMPTS = 8;

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
    /** How the backoff between attempts waits; a simulation on a virtual clock passes its own. */
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  /** Puts `email` on the list; a later reason replaces an earlier one, the subject stays suppressed. */
  async suppress(email: string, reason: SuppressionReason, at: Date, requestId?: string): Promise<void> {
    const item: Suppression = { subjectHash: subjectHash(await this.hashKey(), email), reason, at: at.toISOString(), ...(requestId ? { requestId } : {}) };
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  /**
   * Puts the subject with `subjectHash` on the list, for callers that hold the hash but not the
   * email (an unsubscribe link). Repeating the same reason keeps the first entry and its time;
   * resolves with whether this call wrote the entry.
   */
  async suppressSubject(subjectHash: string, reason: SuppressionReason, at: Date): Promise<boolean> {
    const item: Suppression = { subjectHash, reason, at: at.toISOString() };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(subjectHash) OR #reason <> :reason',
          ExpressionAttributeNames: { '#reason': 'reason' },
          ExpressionAttributeValues: { ':reason': reason },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Whether marketing mail to `email` must not go out. */
  async isSuppressed(email: string): Promise<boolean> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { subjectHash: subjectHash(await this.hashKey(), email) },
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }

  /** Why `email` is on the list, or undefined when it is not. */
  async reasonFor(email: string): Promise<SuppressionReason | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { subjectHash: subjectHash(await this.hashKey(), email) },
        ConsistentRead: true,
      }),
    );
    return (Item as Suppression | undefined)?.reason;
  }

  /**
   * The reasons of those of `emails` that are on the list, keyed by the address as given; an
   * address not on the list has no entry. Reads in batches of 100 keys, strongly consistent unless
   * `consistentRead` is false: an eventually consistent read takes half the read units and may miss
   * an entry written within about the last second (the campaign accepts that: docs/scale.md).
   */
  async reasonsFor(emails: readonly string[], { consistentRead = true }: { consistentRead?: boolean } = {}): Promise<Map<string, SuppressionReason>> {
    const key = await this.hashKey();
    const byHash = new Map<string, string[]>();
    for (const email of emails) {
      const hash = subjectHash(key, email);
      const same = byHash.get(hash);
      if (same) same.push(email);
      else byHash.set(hash, [email]);
    }
    const reasons = new Map<string, SuppressionReason>();
    const hashes = [...byHash.keys()];
    for (let i = 0; i < hashes.length; i += BATCH_GET_LIMIT) {
      let keys: Record<string, unknown>[] = hashes.slice(i, i + BATCH_GET_LIMIT).map((hash) => ({ subjectHash: hash }));
      for (let attempt = 1; keys.length > 0; attempt++) {
        if (attempt > BATCH_GET_ATTEMPTS) throw new Error('The suppression list kept leaving keys unprocessed');
        if (attempt > 1) await this.sleep(25 * 2 ** attempt);
        const { Responses, UnprocessedKeys } = await this.documents.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ConsistentRead: consistentRead,
                ProjectionExpression: 'subjectHash, #reason',
                ExpressionAttributeNames: { '#reason': 'reason' },
              },
            },
          }),
        );
        for (const item of (Responses?.[this.tableName] ?? []) as Pick<Suppression, 'subjectHash' | 'reason'>[]) {
          for (const email of byHash.get(item.subjectHash) ?? []) reasons.set(email, item.reason);
        }
        keys = (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return reasons;
  }
}
