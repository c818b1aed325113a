// Verification links at rest: the token's hash, the request it opens and until when.
import { putNew, sharedDocumentClient } from '../aws/dynamodb.js';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

export interface LinkRecord {
  tokenHash: string;
  purpose: 'verify';
  requestId: string;
  /** When the link stops working (ISO). */
  validUntil: string;
  /** Epoch seconds when DynamoDB may delete the record: well after validUntil, so an expired link still gets its page. */
  expiresAt: number;
}

/** Expired links are kept this long, so the subject sees "expired" rather than "unknown". */
const KEEP_AFTER_EXPIRY_SECONDS = 30 * 24 * 3600;

export interface LinkStore {
  put(link: Omit<LinkRecord, 'expiresAt'>): Promise<void>;
  get(tokenHash: string): Promise<LinkRecord | undefined>;
}

export class DynamoLinkStore implements LinkStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client?: DynamoDBDocumentClient) {
    this.documents = client ?? sharedDocumentClient();
  }

  async put(link: Omit<LinkRecord, 'expiresAt'>): Promise<void> {
    const expiresAt = Math.floor(Date.parse(link.validUntil) / 1000) + KEEP_AFTER_EXPIRY_SECONDS;
    await putNew(this.documents, this.tableName, 'tokenHash', { ...link, expiresAt });
  }

  async get(tokenHash: string): Promise<LinkRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { tokenHash }, ConsistentRead: true }));
    return Item?.purpose === 'verify' ? (Item as LinkRecord) : undefined;
  }
}
