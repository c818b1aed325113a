// The deletion ledger: which subject (a keyed hash, never the identifier) was erased from which
// system and when, so erasures can be re-applied after a backup restore.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../config.js';
import { subjectHashKey } from '../secrets.js';
import { subjectHash } from '../subject.js';
import type { SubjectKey } from './model.js';

/** How a system's records were erased; a replay erases restored copies the same way. */
export type ErasureMethod = 'delete' | 'anonymise';

/** One erasure as the ledger keeps it. */
export interface LedgerEntry {
  systemId: string;
  /** `<erasedAt>#<requestId>`: sorts by time, unique per request. */
  entry: string;
  requestId: string;
  erasedAt: string;
  /** HMAC-SHA256 (hex) of the identifier the system files the subject's records under. */
  subjectKeyHash: string;
  keyKind: SubjectKey;
  erasure: ErasureMethod;
}

/** What a connector reports to the ledger; the identifier is hashed before anything is stored. */
export interface Erasure {
  systemId: string;
  requestId: string;
  /** ISO 8601. */
  erasedAt: string;
  keyKind: SubjectKey;
  identifier: string;
  erasure: ErasureMethod;
}

export interface DeletionLedgerOptions {
  /** Defaults to the table named in LEDGER_TABLE. */
  tableName?: string;
  client?: DynamoDBDocumentClient;
  /** The HMAC key; defaults to the subject hash key, so ledger hashes match across runs. */
  hashKey?: () => Promise<Buffer>;
}

/** `2026-01-01` or any date `Date` parses, as the ISO form ledger entries start with. */
function isoInstant(date: string): string {
  const time = Date.parse(date);
  if (Number.isNaN(time)) throw new RangeError(`Not a date: ${JSON.stringify(date)}`);
  return new Date(time).toISOString();
}

export class DeletionLedger {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly hashKey: () => Promise<Buffer>;

  constructor(options: DeletionLedgerOptions = {}) {
    this.tableName = options.tableName ?? tableName('ledger');
    this.documents = options.client ?? sharedDocumentClient();
    this.hashKey = options.hashKey ?? subjectHashKey;
  }

  /** Appends one erasure. Returns the entry as stored. */
  async record(erasure: Erasure): Promise<LedgerEntry> {
    const erasedAt = isoInstant(erasure.erasedAt);
    const item: LedgerEntry = {
      systemId: erasure.systemId,
      entry: `${erasedAt}#${erasure.requestId}`,
      requestId: erasure.requestId,
      erasedAt,
      subjectKeyHash: subjectHash(await this.hashKey(), erasure.identifier),
      keyKind: erasure.keyKind,
      erasure: erasure.erasure,
    };
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item }));
    return item;
  }

  /** Every entry of `systemId` erased at or after `date`, oldest first. */
  async since(systemId: string, date: string): Promise<LedgerEntry[]> {
    const from = isoInstant(date);
    const entries: LedgerEntry[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'systemId = :systemId AND #entry >= :from',
          ExpressionAttributeNames: { '#entry': 'entry' },
          ExpressionAttributeValues: { ':systemId': systemId, ':from': from },
          ExclusiveStartKey,
        }),
      );
      entries.push(...((page.Items ?? []) as LedgerEntry[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return entries;
  }

  /** Whether `systemId` erased the subject of `subjectKeyHash` at or after `date`: a page of the person's that must then show nothing. */
  async erasedSince(systemId: string, subjectKeyHash: string, date: string): Promise<boolean> {
    const from = isoInstant(date);
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'systemId = :systemId AND #entry >= :from',
          FilterExpression: 'subjectKeyHash = :hash',
          ExpressionAttributeNames: { '#entry': 'entry' },
          ExpressionAttributeValues: { ':systemId': systemId, ':from': from, ':hash': subjectKeyHash },
          ProjectionExpression: 'systemId',
          ExclusiveStartKey,
        }),
      );
      if ((page.Items ?? []).length > 0) return true;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return false;
  }
}
