// The consents table: one subject's consent events under their keyed hash, sorted by `<at>#<eventId>`.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsentEvent } from './consent-state.js';

export interface ConsentStore {
  /** Adds `event` to the subject's history; never replaces one: an event already there (same time and id) stays as it is. */
  append(subjectHash: string, event: ConsentEvent): Promise<void>;
  /** The subject's whole history, oldest first. */
  history(subjectHash: string): Promise<ConsentEvent[]>;
}

interface ConsentItem extends ConsentEvent {
  subjectHash: string;
  entry: string;
}

/** Forgets a subject's consent history: an erasure removes it with the rest of their data. */
export interface ConsentEraser {
  /** Deletes every entry of the subject; returns how many there were. */
  eraseSubject(subjectHash: string): Promise<number>;
}

export class DynamoConsentStore implements ConsentStore, ConsentEraser {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  async append(subjectHash: string, event: ConsentEvent): Promise<void> {
    const item: ConsentItem = { subjectHash, entry: `${event.at}#${event.eventId}`, ...event };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(entry)',
        }),
      );
    } catch (error) {
      // The same event written again (a retried step): the history already holds it.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async history(subjectHash: string): Promise<ConsentEvent[]> {
    const events: ConsentEvent[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'subjectHash = :subjectHash',
          ExpressionAttributeValues: { ':subjectHash': subjectHash },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []) as ConsentItem[]) {
        const { eventId, purpose, action, source, at, recordedAt, gpc, evidence } = item;
        events.push({ eventId, purpose, action, source, at, recordedAt, gpc, ...(evidence ? { evidence } : {}) });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }

  async eraseSubject(subjectHash: string): Promise<number> {
    let erased = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'subjectHash = :subjectHash',
          ExpressionAttributeValues: { ':subjectHash': subjectHash },
          ProjectionExpression: 'subjectHash, entry',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []) as Pick<ConsentItem, 'subjectHash' | 'entry'>[]) {
        await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { subjectHash: item.subjectHash, entry: item.entry } }));
        erased++;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return erased;
  }
}
