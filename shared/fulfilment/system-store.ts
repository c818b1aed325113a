// The data inventory on DynamoDB: one item per system, versioned, with its webhook secret sealed.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors.js';
import type { DataSystem } from './model.js';
import { SecretBox } from './secret-box.js';

/** A system as stored: the inventory entry, its write version, and a webhook's sealed signing secret. */
export interface StoredSystem extends DataSystem {
  /** Counts writes: a write names the version it read, so a stale writer fails instead of overwriting. */
  version: number;
  /** The webhook signing secret, sealed by SecretBox for this system id. Never leaves the API. */
  sealedSecret?: string;
  /** When the current signing secret was issued. */
  secretIssuedAt?: string;
}

/** What a write does with the signing secret: issue a new one, keep the stored one, or have none. */
export type SecretChange = { issue: string } | 'keep' | 'drop';

export interface SystemWrite {
  /** The record this write replaces, as read; absent when the system is new. */
  previous?: StoredSystem;
  secret: SecretChange;
}

export interface SystemStoreOptions {
  tableName: string;
  /** Key material for the SecretBox; read only when a secret is sealed or opened. */
  secretKey: () => Promise<Buffer>;
  client?: DynamoDBDocumentClient;
}

export class SystemStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly secretKey: () => Promise<Buffer>;
  private box: Promise<SecretBox> | undefined;

  constructor(options: SystemStoreOptions) {
    this.documents = options.client ?? sharedDocumentClient();
    this.tableName = options.tableName;
    this.secretKey = options.secretKey;
  }

  /**
   * Writes `system` in place of `previous` (or as new when there is none), keeping the first
   * createdAt. The write holds only if nobody wrote the system since `previous` was read; a stale
   * writer gets a ConflictError. The signing secret is sealed here and never stored in plaintext.
   */
  async put(system: DataSystem, { previous, secret }: SystemWrite): Promise<StoredSystem> {
    const record: StoredSystem = {
      ...system,
      createdAt: previous?.createdAt ?? system.createdAt,
      version: (previous?.version ?? 0) + 1,
      ...(await this.secretFields(system, previous, secret)),
    };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: record,
          ...(previous
            ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': previous.version } }
            : { ConditionExpression: 'attribute_not_exists(systemId)' }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`System ${system.systemId} was changed by someone else meanwhile; read it again and retry.`, { cause: error });
      }
      throw error;
    }
    return record;
  }

  /** The system with `systemId`, or undefined. */
  async get(systemId: string): Promise<StoredSystem | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { systemId }, ConsistentRead: true }));
    return Item as StoredSystem | undefined;
  }

  /** Every registered system, ordered by id. Inventories are small, so this reads all pages. */
  async list(): Promise<StoredSystem[]> {
    const systems: StoredSystem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
      systems.push(...((page.Items ?? []) as StoredSystem[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return systems.sort((a, b) => (a.systemId < b.systemId ? -1 : a.systemId > b.systemId ? 1 : 0));
  }

  /** The webhook signing secret of `systemId`, decrypted, or undefined when the system has none. */
  async signingSecret(systemId: string): Promise<string | undefined> {
    const system = await this.get(systemId);
    if (!system?.sealedSecret) return undefined;
    return (await this.secretBox()).open(system.sealedSecret, systemId);
  }

  private async secretFields(system: DataSystem, previous: StoredSystem | undefined, secret: SecretChange): Promise<Partial<StoredSystem>> {
    if (secret === 'drop') return {};
    if (secret === 'keep') {
      if (!previous?.sealedSecret) throw new Error(`System ${system.systemId} has no signing secret to keep`);
      return { sealedSecret: previous.sealedSecret, ...(previous.secretIssuedAt ? { secretIssuedAt: previous.secretIssuedAt } : {}) };
    }
    return { sealedSecret: (await this.secretBox()).seal(secret.issue, system.systemId), secretIssuedAt: system.updatedAt };
  }

  private secretBox(): Promise<SecretBox> {
    if (!this.box) {
      this.box = this.secretKey().then((key) => new SecretBox(key));
      // A failed key read is retried on the next call rather than remembered.
      this.box.catch(() => {
        this.box = undefined;
      });
    }
    return this.box;
  }
}
