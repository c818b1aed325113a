// Records in a DynamoDB table whose partition key is the subject's identifier.
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ErasureMethod } from '../deletion-ledger.js';
import type { Connector } from '../model.js';
import { UnprocessedItemsError } from './connector-errors.js';
import type { FiledRecord, RecordStore } from './record-store.js';

export type DynamoConnector = Extract<Connector, { kind: 'dynamodb' }>;
export type Item = Record<string, unknown>;

/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;
/** Attempts at one batch before its unprocessed rest is left to the workflow's Retry. */
const BATCH_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The record as it may stay once anonymised: a fresh random partition key, the sort key (with the
 * subject's identifier in it replaced by that key), and only the number and boolean attributes.
 * Strings, lists and maps go: any of them may name the person.
 */
export function anonymisedItem(item: Item, connector: DynamoConnector, identifier: string, pseudonym: string): Item {
  const kept: Item = { [connector.keyAttribute]: pseudonym };
  for (const [name, value] of Object.entries(item)) {
    if (name === connector.keyAttribute || name === connector.sortKeyAttribute) continue;
    if (typeof value === 'number' || typeof value === 'boolean') kept[name] = value;
  }
  if (connector.sortKeyAttribute !== undefined) {
    const sortKey = item[connector.sortKeyAttribute];
    kept[connector.sortKeyAttribute] = typeof sortKey === 'string' && identifier !== '' ? sortKey.split(identifier).join(pseudonym) : sortKey;
  }
  return kept;
}

export class DynamoRecords implements RecordStore<Item> {
  constructor(
    private readonly connector: DynamoConnector,
    private readonly documents: DynamoDBDocumentClient,
  ) {}

  async *pagesFor(identifier: string): AsyncGenerator<Item[]> {
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.connector.table,
          KeyConditionExpression: '#subject = :subject',
          ExpressionAttributeNames: { '#subject': this.connector.keyAttribute },
          ExpressionAttributeValues: { ':subject': identifier },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      yield page.Items ?? [];
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  async *allPages(): AsyncGenerator<FiledRecord<Item>[]> {
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.documents.send(new ScanCommand({ TableName: this.connector.table, ExclusiveStartKey }));
      yield (page.Items ?? []).flatMap((record) => {
        const identifier = record[this.connector.keyAttribute];
        return typeof identifier === 'string' || typeof identifier === 'number' ? [{ identifier: String(identifier), record }] : [];
      });
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  async exportForm(record: Item): Promise<unknown> {
    return record;
  }

  async erase(records: readonly FiledRecord<Item>[], method: ErasureMethod): Promise<number> {
    if (method === 'delete') return this.deleteAll(records.map(({ record }) => this.keyOf(record)));
    for (const { identifier, record } of records) await this.anonymise(record, identifier);
    return records.length;
  }

  async optOut(records: Item[]): Promise<number> {
    // An opt-out must not bring back a record deleted since it was read.
    return this.updateEach(records, {
      UpdateExpression: 'SET saleOptOut = :optedOut, shareWithPartners = :share',
      ConditionExpression: 'attribute_exists(#subject)',
      ExpressionAttributeValues: { ':optedOut': true, ':share': false },
    });
  }

  async optIn(records: Item[]): Promise<number> {
    // Only a record that carries the opt-out changes: one never opted out keeps the choice it holds, and a deleted one stays deleted.
    return this.updateEach(records, {
      UpdateExpression: 'SET shareWithPartners = :share REMOVE saleOptOut',
      ConditionExpression: 'attribute_exists(#subject) AND saleOptOut = :optedOut',
      ExpressionAttributeValues: { ':optedOut': true, ':share': true },
    });
  }

  /** Applies one conditional update to each record; the number it changed (a record failing the condition is left as it is). */
  private async updateEach(
    records: Item[],
    update: { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<number> {
    let changed = 0;
    for (const record of records) {
      try {
        await this.documents.send(
          new UpdateCommand({
            TableName: this.connector.table,
            Key: this.keyOf(record),
            ExpressionAttributeNames: { '#subject': this.connector.keyAttribute },
            ...update,
          }),
        );
        changed += 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return changed;
  }

  private keyOf(record: Item): Item {
    const { keyAttribute, sortKeyAttribute } = this.connector;
    return sortKeyAttribute === undefined
      ? { [keyAttribute]: record[keyAttribute] }
      : { [keyAttribute]: record[keyAttribute], [sortKeyAttribute]: record[sortKeyAttribute] };
  }

  /** One transaction per record, so a crash never leaves both the original and its anonymised copy. */
  private async anonymise(record: Item, identifier: string): Promise<void> {
    const pseudonym = `anon-${randomUUID()}`;
    await this.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.connector.table,
              Item: anonymisedItem(record, this.connector, identifier, pseudonym),
              ConditionExpression: 'attribute_not_exists(#subject)',
              ExpressionAttributeNames: { '#subject': this.connector.keyAttribute },
            },
          },
          { Delete: { TableName: this.connector.table, Key: this.keyOf(record) } },
        ],
      }),
    );
  }

  private async deleteAll(keys: Item[]): Promise<number> {
    const table = this.connector.table;
    for (let start = 0; start < keys.length; start += BATCH_SIZE) {
      let pending = keys.slice(start, start + BATCH_SIZE).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt === BATCH_ATTEMPTS) {
          throw new UnprocessedItemsError(`DynamoDB left ${pending.length} deletions unprocessed after ${BATCH_ATTEMPTS} attempts.`);
        }
        if (attempt > 0) await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
        const result = await this.documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
    return keys.length;
  }
}
