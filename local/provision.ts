// Creates tables and buckets in the emulators from the same specs the CDK stack reads.
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type KeySchemaElement,
  type Projection,
} from '@aws-sdk/client-dynamodb';
import { BucketAlreadyExists, BucketAlreadyOwnedByYou, CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { IndexSpec, KeySpec, TableSpec } from '../shared/resources.js';

function keySchema(partitionKey: KeySpec, sortKey?: KeySpec): KeySchemaElement[] {
  return [{ AttributeName: partitionKey.name, KeyType: 'HASH' }, ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : [])];
}

function attributeDefinitions(spec: Pick<TableSpec, 'partitionKey' | 'sortKey' | 'indexes'>): AttributeDefinition[] {
  const keys = [spec.partitionKey, spec.sortKey, ...(spec.indexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey])];
  const byName = new Map<string, AttributeDefinition>();
  for (const key of keys) {
    if (key) byName.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  }
  return [...byName.values()];
}

/** An index's projection as the spec says: the attributes named (INCLUDE), or all. */
function projection(index: IndexSpec): Projection {
  return index.projection ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] } : { ProjectionType: 'ALL' };
}

/** Creates each table unless it exists (a persisted emulator keeps them), with its indexes and TTL. */
export async function createTables(client: DynamoDBClient, specs: readonly TableSpec[]): Promise<string[]> {
  const created: string[] = [];
  for (const spec of specs) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: spec.localName,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: keySchema(spec.partitionKey, spec.sortKey),
          AttributeDefinitions: attributeDefinitions(spec),
          ...(spec.indexes?.length
            ? {
                GlobalSecondaryIndexes: spec.indexes.map((index) => ({
                  IndexName: index.name,
                  KeySchema: keySchema(index.partitionKey, index.sortKey),
                  Projection: projection(index),
                })),
              }
            : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      await addMissingIndexes(client, spec);
      continue;
    }
    created.push(spec.localName);
    if (spec.ttlAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: spec.localName,
          TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
  return created;
}

/**
 * Adds the indexes a persisted table was created without (the spec gained one since), one at a
 * time, as DynamoDB allows, waiting until each is active.
 */
async function addMissingIndexes(client: DynamoDBClient, spec: TableSpec): Promise<void> {
  const indexState = async () =>
    new Map(
      ((await client.send(new DescribeTableCommand({ TableName: spec.localName }))).Table?.GlobalSecondaryIndexes ?? []).map((i) => [
        i.IndexName,
        i.IndexStatus,
      ]),
    );
  for (const index of spec.indexes ?? []) {
    if ((await indexState()).has(index.name)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: spec.localName,
        AttributeDefinitions: attributeDefinitions(spec),
        GlobalSecondaryIndexUpdates: [
          { Create: { IndexName: index.name, KeySchema: keySchema(index.partitionKey, index.sortKey), Projection: projection(index) } },
        ],
      }),
    );
    for (let attempt = 0; attempt < 100 && (await indexState()).get(index.name) !== 'ACTIVE'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Creates each bucket unless it exists (a persisted emulator keeps them). */
export async function createBuckets(client: S3Client, names: readonly string[]): Promise<void> {
  for (const name of names) {
    try {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    } catch (error) {
      if (error instanceof BucketAlreadyExists || error instanceof BucketAlreadyOwnedByYou) continue;
      throw error;
    }
  }
}
