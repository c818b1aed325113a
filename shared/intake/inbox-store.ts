// Email intake at rest: every mail received (the triage inbox among them), the guard that files a
// Message-ID once, the Message-IDs of our notices (how a reply finds its request), and the daily
// count of answers per sender. One table, keyed by `key`.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { sharedDocumentClient } from '../aws/dynamodb.js';
import type { Locale, RequestType } from '../domain/request-model.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { noticePointerKey } from './notice-pointers.js';
import type { IgnoreReason, TriageReason } from './understand-mail.js';

/** What SES (or, locally, mailauth) found about the mail's origin and content. */
export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'NOT_CHECKED';
export interface MailVerdicts {
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
  spam: Verdict;
  virus: Verdict;
}

/** A mail nobody checked the origin of: handed in by an operator. */
export const NOT_CHECKED: MailVerdicts = { spf: 'NOT_CHECKED', dkim: 'NOT_CHECKED', dmarc: 'NOT_CHECKED', spam: 'NOT_CHECKED', virus: 'NOT_CHECKED' };

export type MailOutcome = 'filed' | 'ignored' | 'correspondence' | 'triage';
export type DismissReason = 'spam' | 'not-a-request' | 'answered-by-hand';
export const DISMISS_REASONS = ['spam', 'not-a-request', 'answered-by-hand'] as const satisfies readonly DismissReason[];

/** One mail received at the privacy address. */
export interface InboxMail {
  id: string;
  receivedAt: string;
  /** The raw message in the data bucket. */
  rawKey: string;
  /** Size of the raw message. */
  bytes: number;
  /** The sender's address: a request filed from the mail is the sender's, unless an agent wrote. */
  from?: string;
  /** The `Message-ID` it carried, which our answer threads to. */
  messageId?: string;
  locale: Locale;
  verdicts: MailVerdicts;
  outcome: MailOutcome;
  /** Why it was ignored or sent to triage. */
  reason?: IgnoreReason | TriageReason;
  /** The phrase labels the decision rests on. */
  why: string[];
  /** Rights the mail seemed to ask, for a person to start from. */
  rights: RequestType[];
  /** The requests it filed, or the request it answers. */
  requestIds: string[];
  /** Set while the mail waits in the triage inbox; the `byState` index holds only these. */
  state?: 'open';
  /** How a triage item was closed. */
  closed?: { as: 'classified' | 'dismissed'; at: string; reason?: DismissReason; by?: string };
  /** The earliest deadline that may already run from receipt (YYYY-MM-DD), for triage. */
  dueAt?: string;
  /** The start of the sender's own words, with email addresses masked, for triage. */
  excerpt?: string;
  /** Whether an answer was mailed, and if not, why not. */
  answered?: boolean;
  notAnsweredBecause?: 'automatic' | 'daily-cap' | 'not-filed';
  purgeAt: number;
}

export interface InboxStoreOptions {
  tableName: string;
  client?: DynamoDBDocumentClient;
}

/** Two DynamoDB items per mail at most; the rest are small counters and pointers. */
export class InboxStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: InboxStoreOptions) {
    this.documents = options.client ?? sharedDocumentClient();
    this.tableName = options.tableName;
  }

  /**
   * Claims a message for intake by its Message-ID (or the hash of its bytes when it has none):
   * resolves with `mailId` when the claim is new, or with the mail that claimed it first and whether
   * that mail was finished (SES redelivers a message whose intake failed half-way).
   */
  async claim(identity: string, mailId: string, purgeAt: number): Promise<{ mailId: string; finished: boolean; first: boolean }> {
    const key = `message#${createHash('sha256').update(identity).digest('hex')}`;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { key, mailId, purgeAt },
          ConditionExpression: 'attribute_not_exists(#key)',
          ExpressionAttributeNames: { '#key': 'key' },
        }),
      );
      return { mailId, finished: false, first: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { key }, ConsistentRead: true }));
      const earlier = String(Item?.mailId ?? mailId);
      return { mailId: earlier, finished: (await this.get(earlier)) !== undefined, first: false };
    }
  }

  /** Writes (or overwrites) a mail's record. */
  async put(mail: InboxMail): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { key: mailKey(mail.id), kind: 'mail', ...mail } }));
  }

  async get(id: string): Promise<InboxMail | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { key: mailKey(id) }, ConsistentRead: true }));
    return Item ? toMail(Item) : undefined;
  }

  /** The mails awaiting a person, oldest first; `receivedBefore` narrows to those received before it. */
  async open(options: { limit?: number; receivedBefore?: string } = {}): Promise<InboxMail[]> {
    const items: InboxMail[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byState',
          KeyConditionExpression: options.receivedBefore ? '#state = :open AND receivedAt < :before' : '#state = :open',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':open': 'open', ...(options.receivedBefore ? { ':before': options.receivedBefore } : {}) },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []).map(toMail));
      start = page.LastEvaluatedKey;
    } while (start && items.length < (options.limit ?? 500));
    return items.slice(0, options.limit ?? 500);
  }

  /** Closes an open triage item; a second close (or a close of one not open) is a conflict. */
  async close(id: string, closed: NonNullable<InboxMail['closed']>, requestIds: readonly string[] = []): Promise<InboxMail> {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { key: mailKey(id) },
          UpdateExpression: 'REMOVE #state SET closed = :closed, requestIds = list_append(requestIds, :ids)',
          ConditionExpression: '#state = :open',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':closed': closed, ':ids': [...requestIds], ':open': 'open' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toMail(Attributes!);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (!(await this.get(id))) throw new NotFoundError(`No mail ${id} in the inbox.`);
      throw new ConflictError(`Mail ${id} is no longer open in the triage inbox.`);
    }
  }

  /** Remembers that the notice SES sent as `messageId` was about `requestId`, so a reply to it finds the request. */
  async rememberNotice(messageId: string, requestId: string, purgeAt: number): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { key: noticePointerKey(messageId), requestId, purgeAt } }));
  }

  /** The request whose notice went out under `messageId` (the part before `@` of the Message-ID header). */
  async noticeRequest(messageId: string): Promise<string | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { key: noticePointerKey(messageId) } }));
    return typeof Item?.requestId === 'string' ? Item.requestId : undefined;
  }

  /**
   * Counts one answer to `senderHash` on `day` (YYYY-MM-DD) unless `cap` answers went out that day
   * already; resolves with whether it counted.
   */
  async countAnswer(senderHash: string, day: string, cap: number, purgeAt: number): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { key: `answers#${senderHash}#${day}` },
          UpdateExpression: 'ADD answers :one SET purgeAt = :purgeAt',
          ConditionExpression: 'attribute_not_exists(answers) OR answers < :cap',
          ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':purgeAt': purgeAt },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

const mailKey = (id: string) => `mail#${id}`;

function toMail(item: Record<string, unknown>): InboxMail {
  const { key: _key, kind: _kind, ...mail } = item;
  return mail as unknown as InboxMail;
}
