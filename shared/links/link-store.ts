// Emailed links at rest, one store for every purpose: the token's hash, what the link opens and
// until when, in the tokens table. The token itself is never stored.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Locale } from '../domain/request-model.js';
import { putNew, sharedDocumentClient } from '../aws/dynamodb.js';

/** What a link is for; a store answers only for its own purpose, so one kind of token never opens another. */
export type LinkPurpose = 'verify' | 'export' | 'unsubscribe' | 'preferences';

interface StoredLink<P extends LinkPurpose> {
  /** SHA-256 of the token in the URL: the key. */
  tokenHash: string;
  purpose: P;
  /** When the link stops working (ISO). */
  validUntil: string;
  /** Epoch seconds when DynamoDB may delete the record: validUntil plus the purpose's keep-after-expiry period. */
  expiresAt: number;
}

/** A verification link: opens the request it was sent for. */
export interface VerifyLinkRecord extends StoredLink<'verify'> {
  requestId: string;
}

/** An export download link: opens the bundle at `key`. */
export interface ExportLinkRecord extends StoredLink<'export'> {
  requestId: string;
  /** The bundle's key in the data bucket. */
  key: string;
  /** The subject's language, for the pages the link leads to. */
  locale?: Locale;
  /** Downloads taken through the link so far (none when absent). */
  uses?: number;
}

/** A marketing unsubscribe link: stands for a subject by a keyed hash, never by address. */
export interface UnsubscribeLinkRecord extends StoredLink<'unsubscribe'> {
  /** The keyed hash of the subject's email: enough to suppress, useless to anyone who reads the table. */
  subjectHash: string;
  /** The language of the pages behind the link. */
  locale: Locale;
  /** `a•••@example.com`, shown on the page so the person recognises the address. */
  maskedEmail: string;
  issuedAt: string;
}

/**
 * A marketing mail's "manage my email preferences" link: the subject by keyed hash (to read the
 * consent register) and their address sealed (to file the request a withdrawal needs), never in clear.
 */
export interface PreferencesLinkRecord extends StoredLink<'preferences'> {
  subjectHash: string;
  /** The address, AES-256-GCM under the preference link key with the token hash as associated data. */
  sealedEmail: string;
  /** The language of the pages behind the link. */
  locale: Locale;
  /** `a•••@example.com`, shown on the page so the person recognises the address. */
  maskedEmail: string;
  issuedAt: string;
}

interface LinksByPurpose {
  verify: VerifyLinkRecord;
  export: ExportLinkRecord;
  unsubscribe: UnsubscribeLinkRecord;
  preferences: PreferencesLinkRecord;
}

/** The record a link of purpose `P` keeps. */
export type LinkRecord<P extends LinkPurpose> = LinksByPurpose[P];

/**
 * What a caller hands over: the store adds the purpose and the expiry DynamoDB acts on. `keepUntil`
 * (ISO) keeps the record longer than its purpose's period after `validUntil` would, for a link that
 * opens something else after it stops working (a confirmation link opens its request's status page).
 */
export type NewLink<P extends LinkPurpose> = Omit<LinkRecord<P>, 'purpose' | 'expiresAt'> & { keepUntil?: string };

/** The purpose of a set of links, and how long an expired one is kept (so it can still be told apart from an unknown one). */
export interface LinkKind<P extends LinkPurpose> {
  purpose: P;
  keepAfterExpirySeconds: number;
}

export interface LinkStore<P extends LinkPurpose> {
  /** Stores a new link; a token hash already taken by another link fails. */
  put(link: NewLink<P>): Promise<void>;
  /** The link under `tokenHash` if it is one of this store's purpose, whether or not it has expired. */
  get(tokenHash: string): Promise<LinkRecord<P> | undefined>;
}

/** Links that may be used a bounded number of times. */
export interface CountedLinks {
  /** Counts one use of the link under `tokenHash` unless it was used `maxUses` times already; resolves with whether it counted. */
  claimUse(tokenHash: string, maxUses: number): Promise<boolean>;
}

export interface DynamoLinkStoreOptions<P extends LinkPurpose> extends LinkKind<P> {
  tableName: string;
  client?: DynamoDBDocumentClient;
}

/** Links of one purpose in the tokens table, beside (and never mistaken for) links of the others. */
export class DynamoLinkStore<P extends LinkPurpose> implements LinkStore<P>, CountedLinks {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly purpose: P;
  private readonly keepAfterExpirySeconds: number;

  constructor(options: DynamoLinkStoreOptions<P>) {
    this.documents = options.client ?? sharedDocumentClient();
    this.tableName = options.tableName;
    this.purpose = options.purpose;
    this.keepAfterExpirySeconds = options.keepAfterExpirySeconds;
  }

  async put(link: NewLink<P>): Promise<void> {
    const { keepUntil, ...record } = link;
    const kept = keepUntil ? Math.floor(Date.parse(keepUntil) / 1000) : 0;
    const expiresAt = Math.max(Math.floor(Date.parse(record.validUntil) / 1000) + this.keepAfterExpirySeconds, Number.isFinite(kept) ? kept : 0);
    await putNew(this.documents, this.tableName, 'tokenHash', { ...record, purpose: this.purpose, expiresAt });
  }

  async get(tokenHash: string): Promise<LinkRecord<P> | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { tokenHash }, ConsistentRead: true }));
    return Item?.purpose === this.purpose ? (Item as LinkRecord<P>) : undefined;
  }

  async claimUse(tokenHash: string, maxUses: number): Promise<boolean> {
    try {
      // One conditional update: two clicks at once can never both take the last use.
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { tokenHash },
          UpdateExpression: 'SET #uses = if_not_exists(#uses, :zero) + :one',
          ConditionExpression: '#purpose = :purpose AND (attribute_not_exists(#uses) OR #uses < :max)',
          ExpressionAttributeNames: { '#uses': 'uses', '#purpose': 'purpose' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': maxUses, ':purpose': this.purpose },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
