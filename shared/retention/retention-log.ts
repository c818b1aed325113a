// The retention log on DynamoDB: what retention erased, per support case or deactivated account,
// as counts per system. It names a case id or a keyed hash of an account id, never a person.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/** What retention did in one system. `left-to-system`: the system has no built-in connector and erases on its own. */
export type RetentionOutcome = 'done' | 'retained' | 'not-found' | 'failed' | 'left-to-system';

export interface RetentionSystemOutcome {
  systemId: string;
  outcome: RetentionOutcome;
  /** Records erased (done), kept (retained), or 0. */
  records: number;
  /** For `failed`: what went wrong, without personal data. */
  error?: string;
}

export interface RetentionEntry {
  /** `case#<caseId>` or `account#<keyed hash of the account id>`. */
  entryId: string;
  kind: 'support-case' | 'account';
  /** The id the deletion ledger files this run's erasures under. */
  runId: string;
  erasedAt: string;
  /** Keyed hash of the account id the records were filed under. */
  accountHash: string;
  caseId?: string;
  systems: RetentionSystemOutcome[];
  /** Records erased in all. */
  erased: number;
}

export const caseEntryId = (caseId: string): string => `case#${caseId}`;
export const accountEntryId = (accountHash: string): string => `account#${accountHash}`;

export interface RetentionLogOptions {
  tableName: string;
  client?: DynamoDBDocumentClient;
}

export class RetentionLog {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: RetentionLogOptions) {
    this.tableName = options.tableName;
    this.documents = options.client ?? sharedDocumentClient();
  }

  /** The entry with `entryId`, or undefined. */
  async get(entryId: string): Promise<RetentionEntry | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { entryId }, ConsistentRead: true }));
    return Item as RetentionEntry | undefined;
  }

  /** Writes `entry` unless one with its id exists; returns the entry that is stored, which is the earlier one after a race. */
  async putOnce(entry: RetentionEntry): Promise<RetentionEntry> {
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: entry, ConditionExpression: 'attribute_not_exists(entryId)' }));
      return entry;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.get(entry.entryId);
      if (!stored) throw error;
      return stored;
    }
  }
}
