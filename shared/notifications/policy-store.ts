// Policy versions and their campaigns on DynamoDB: one table, a policy item per version and a
// campaign item under `campaign#<version>` whose counters grow with ADD.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors.js';
import { CAMPAIGN_TRANSITIONS, type Campaign, type CampaignCounts, type PolicyVersion, type RecordedCampaignState } from './model.js';

/** The index that orders policy versions by when they take effect. */
export const EFFECTIVE_INDEX = 'byEffectiveFrom';
const POLICY_KIND = 'policy';

/** The key of a version's campaign item; `#` never occurs in a version. */
export const campaignKey = (version: string): string => `campaign#${version}`;

/**
 * The index's sort key: the instant it takes effect, then when it was published, so two versions
 * taking effect at the same instant are told apart by which came later.
 */
export const effectiveFrom = (policy: Pick<PolicyVersion, 'effectiveAt' | 'publishedAt'>): string => `${policy.effectiveAt}#${policy.publishedAt}`;

interface PolicyItem extends PolicyVersion {
  kind: typeof POLICY_KIND;
  effectiveFrom: string;
}

interface CampaignItem extends Omit<Campaign, 'version'> {
  /** `campaign#<version>`. */
  version: string;
  policyVersion: string;
  kind: 'campaign';
}

/** A version is published once; publishing it again with other content is refused. */
export class PolicyVersionExistsError extends ConflictError {
  override name = 'PolicyVersionExistsError';
  constructor(
    readonly version: string,
    options?: ErrorOptions,
  ) {
    super(`Policy version ${version} is already published.`, options);
  }
}

function toPolicy(item: Record<string, unknown>): PolicyVersion {
  const { kind: _kind, effectiveFrom: _from, ...policy } = item as unknown as PolicyItem;
  return policy;
}

function toCampaign(item: Record<string, unknown>): Campaign {
  const { kind: _kind, policyVersion, version: _key, ...campaign } = item as unknown as CampaignItem;
  return { version: policyVersion, ...campaign };
}

export class PolicyStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  /**
   * Stores a new version, and with it its campaign record when it has one, both or neither. Throws
   * PolicyVersionExistsError when the version is already stored.
   */
  async create(policy: PolicyVersion, campaign?: Campaign): Promise<void> {
    const item: PolicyItem = { ...policy, kind: POLICY_KIND, effectiveFrom: effectiveFrom(policy) };
    const putPolicy = { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(version)' };
    try {
      if (!campaign) {
        await this.documents.send(new PutCommand(putPolicy));
        return;
      }
      const { version, ...rest } = campaign;
      const campaignItem: CampaignItem = { ...rest, version: campaignKey(version), policyVersion: version, kind: 'campaign' };
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: putPolicy }, { Put: { TableName: this.tableName, Item: campaignItem, ConditionExpression: 'attribute_not_exists(version)' } }],
        }),
      );
    } catch (error) {
      const conditionFailed =
        error instanceof ConditionalCheckFailedException ||
        (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed'));
      if (conditionFailed) throw new PolicyVersionExistsError(policy.version, { cause: error });
      throw error;
    }
  }

  /** The version `version`, or undefined. */
  async get(version: string): Promise<PolicyVersion | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { version }, ConsistentRead: true }));
    return Item && Item.kind === POLICY_KIND ? toPolicy(Item) : undefined;
  }

  /** The version in force at `at`: the one that took effect last at or before it; undefined when none had. */
  async inForceAt(at: Date): Promise<PolicyVersion | undefined> {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: EFFECTIVE_INDEX,
        KeyConditionExpression: '#kind = :policy AND effectiveFrom < :after',
        ExpressionAttributeNames: { '#kind': 'kind' },
        // Every key of a version in force at `at` sorts below this: `#` and digits sort below `~`.
        ExpressionAttributeValues: { ':policy': POLICY_KIND, ':after': `${at.toISOString()}#~` },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = Items?.[0];
    return item ? toPolicy(item) : undefined;
  }

  /** Every version, latest taking effect first (the versions are few: one item each). */
  async list(): Promise<PolicyVersion[]> {
    const found: PolicyVersion[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: EFFECTIVE_INDEX,
          KeyConditionExpression: '#kind = :policy',
          ExpressionAttributeNames: { '#kind': 'kind' },
          ExpressionAttributeValues: { ':policy': POLICY_KIND },
          ScanIndexForward: false,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...(page.Items ?? []).map(toPolicy));
      start = page.LastEvaluatedKey;
    } while (start);
    return found;
  }

  /** The campaign of `version`, or undefined when it has none. */
  async campaign(version: string): Promise<Campaign | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { version: campaignKey(version) }, ConsistentRead: true }));
    return Item ? toCampaign(Item) : undefined;
  }

  /**
   * Adds `counts` to the campaign's counters (atomically, with ADD) and, when given, remembers
   * where a segment's last page ended (`null`: it was the segment's last page), for an operator.
   */
  async recordProgress(version: string, counts: Partial<CampaignCounts>, progress?: { segment: number; cursor: string | null }): Promise<void> {
    const adds = Object.entries(counts).filter(([, n]) => n !== undefined && n !== 0) as [keyof CampaignCounts, number][];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const clauses: string[] = [];
    if (adds.length > 0) {
      for (const [field, n] of adds) {
        names[`#${field}`] = field;
        values[`:${field}`] = n;
      }
      clauses.push(`ADD ${adds.map(([field]) => `#${field} :${field}`).join(', ')}`);
    }
    if (progress) {
      names['#cursor'] = `cursor${progress.segment}`;
      if (progress.cursor === null) {
        clauses.push('REMOVE #cursor');
      } else {
        values[':cursor'] = progress.cursor;
        clauses.push('SET #cursor = :cursor');
      }
    }
    if (clauses.length === 0) return;
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { version: campaignKey(version) },
        UpdateExpression: clauses.join(' '),
        ConditionExpression: 'attribute_exists(version)',
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
      }),
    );
  }

  /** Remembers that the campaign paused at the 24-hour sending quota and resumes at `until`. */
  async recordPause(version: string, until: Date): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { version: campaignKey(version) },
        UpdateExpression: 'SET pausedUntil = :until',
        ConditionExpression: 'attribute_exists(version)',
        ExpressionAttributeValues: { ':until': until.toISOString() },
      }),
    );
  }

  /**
   * Moves a running campaign to `to` at `at`. Finishing it again the same way changes nothing; a
   * campaign that finished the other way keeps its state (final states never go back).
   */
  async finish(version: string, to: Exclude<RecordedCampaignState, 'running'>, at: Date, failure?: string): Promise<Campaign> {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { version: campaignKey(version) },
          UpdateExpression: `SET #state = :to, finishedAt = :at${failure ? ', failure = :failure' : ''}`,
          ConditionExpression: '#state = :running',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':to': to, ':at': at.toISOString(), ':running': 'running', ...(failure ? { ':failure': failure } : {}) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toCampaign(Attributes ?? {});
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.campaign(version);
      if (!current) throw new ConflictError(`Policy version ${version} has no campaign.`, { cause: error });
      if (current.state === to) return current;
      if (!CAMPAIGN_TRANSITIONS[current.state].includes(to)) {
        throw new ConflictError(`The campaign of policy version ${version} is ${current.state} and cannot become ${to}.`, { cause: error });
      }
      throw error;
    }
  }
}
