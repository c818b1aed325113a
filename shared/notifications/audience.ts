// Who a policy notice goes to: the active accounts of the company's account directory, a page at a time.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCALES, type Locale } from '../domain/request-model.js';

export interface Recipient {
  email: string;
  locale: Locale;
}

export interface AudiencePage {
  recipients: Recipient[];
  /** Where the next page starts; absent after the last page. */
  nextCursor?: string;
}

/** One of `of` disjoint parts of the directory that together hold every account once. */
export interface AudienceSegment {
  segment: number;
  of: number;
}

export interface Audience {
  /**
   * The active accounts among the next `limit` accounts after `cursor` (from the first when
   * absent), within `part` of the directory (the whole directory when absent).
   */
  page(cursor: string | undefined, limit: number, part?: AudienceSegment): Promise<AudiencePage>;
}

/** Thrown for a cursor this audience did not hand out: a definition fault, never retried into success. */
export class CursorError extends Error {
  override name = 'CursorError';
}

/** Notices go in English to an account whose language is not one notices are written in. */
const FALLBACK_LOCALE: Locale = 'en';

const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

/** A cursor is the scan's last key, opaque to callers: base64url of its JSON. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new CursorError('The campaign cursor is not one this directory handed out.', { cause: error });
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key) || !Object.values(key).every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new CursorError('The campaign cursor is not one this directory handed out.');
  }
  return key as Record<string, unknown>;
}

/**
 * The directory kept in a DynamoDB table with the attributes email, locale and status
 * (`active` | `deactivated`). A Scan page reads `limit` items and keeps the active ones, so a page
 * may hold fewer recipients than `limit`, or none while more pages follow.
 */
export class DynamoAudience implements Audience {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  /** A part is a segment of a parallel Scan: DynamoDB splits the table so that parts never overlap. */
  async page(cursor: string | undefined, limit: number, part?: AudienceSegment): Promise<AudiencePage> {
    const { Items, LastEvaluatedKey } = await this.documents.send(
      new ScanCommand({
        TableName: this.tableName,
        Limit: limit,
        ...(part && part.of > 1 ? { Segment: part.segment, TotalSegments: part.of } : {}),
        ProjectionExpression: 'email, #locale, #status',
        FilterExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status', '#locale': 'locale' },
        ExpressionAttributeValues: { ':active': 'active' },
        ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor) } : {}),
      }),
    );
    const recipients = (Items ?? [])
      .filter((item) => typeof item.email === 'string' && item.email !== '')
      .map((item) => ({ email: String(item.email), locale: isLocale(item.locale) ? item.locale : FALLBACK_LOCALE }));
    return { recipients, ...(LastEvaluatedKey ? { nextCursor: encodeCursor(LastEvaluatedKey) } : {}) };
  }
}
