// Unsubscribe links at rest: the token's hash, the subject it stands for (a keyed hash) and until when.
import { putNew, sharedDocumentClient } from '../aws/dynamodb.js';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Locale } from '../domain/request-model.js';

export interface UnsubscribeLinkRecord {
  tokenHash: string;
  purpose: 'unsubscribe';
  /** The keyed hash of the subject's email: enough to suppress, useless to anyone who reads the table. */
  subjectHash: string;
  /** The language of the pages behind the link. */
  locale: Locale;
  /** `a•••@example.com`, shown on the page so the person recognises the address. */
  maskedEmail: string;
  issuedAt: string;
  /** When the link stops working (ISO). */
  validUntil: string;
  /** Epoch seconds when DynamoDB may delete the record. */
  expiresAt: number;
}

export interface UnsubscribeLinkStore {
  put(link: Omit<UnsubscribeLinkRecord, 'expiresAt' | 'purpose'>): Promise<void>;
  /** The link, unless it is unknown, of another purpose, or past `validUntil` at `now`. */
  get(tokenHash: string, now: Date): Promise<UnsubscribeLinkRecord | undefined>;
}

export class DynamoUnsubscribeLinkStore implements UnsubscribeLinkStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client?: DynamoDBDocumentClient) {
    this.documents = client ?? sharedDocumentClient();
  }

  async put(link: Omit<UnsubscribeLinkRecord, 'expiresAt' | 'purpose'>): Promise<void> {
    const item: UnsubscribeLinkRecord = { ...link, purpose: 'unsubscribe', expiresAt: Math.floor(Date.parse(link.validUntil) / 1000) };
    await putNew(this.documents, this.tableName, 'tokenHash', { ...item });
  }

  async get(tokenHash: string, now: Date): Promise<UnsubscribeLinkRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { tokenHash } }));
    if (Item?.purpose !== 'unsubscribe') return undefined;
    const link = Item as UnsubscribeLinkRecord;
    // DynamoDB deletes expired items up to days late; the link ends on time all the same.
    return Date.parse(link.validUntil) > now.getTime() ? link : undefined;
  }
}
