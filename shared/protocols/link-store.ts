// The records the open protocols keep beside core requests: which OpenDSR or DRP id names which
// request, where to send status callbacks and what was last reported; and the registered DRP agents.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors.js';

export type Protocol = 'opendsr' | 'drp';

/** The partition of the sparse `byAwaiting` index: links whose request's final status is not yet recorded. */
export const AWAITING_CALLBACK = 'callback';

export interface ProtocolLink {
  key: string;
  protocol: Protocol;
  /** The id the protocol's caller uses: OpenDSR's subject_request_id, DRP's request_id. */
  externalId: string;
  /** The core request it is. */
  requestId: string;
  /** OpenDSR: the controller that filed it. DRP: the agent that filed it. */
  ownerId: string;
  /** DRP: the agent's own id for the request. */
  agentRequestId?: string;
  /** SHA-256 of the body that created it: a retry must send the same one. */
  bodyHash: string;
  callbackUrls: string[];
  /** The protocol status the caller was last told (in the filing answer or a callback). */
  reported: string;
  awaiting?: typeof AWAITING_CALLBACK;
  /** Failed deliveries of the current status, and when to try again. */
  attempts?: number;
  nextAttemptAt?: string;
  createdAt: string;
  /** Epoch seconds after which the link may be purged, as its request's record is. */
  purgeAt?: number;
}

export interface RegisteredAgent {
  key: string;
  agentId: string;
  name: string;
  /** Hex Ed25519 verify key, as the operator enrolled it. */
  verifyKey: string;
  enrolledAt: string;
  /** SHA-256 of the bearer token issued at the agent's last pairwise key setup. */
  tokenHash?: string;
}

export const linkKey = (protocol: Protocol, externalId: string): string => `${protocol}#${externalId}`;

/** How a protocol caller is recorded as a request's filer (and as the actor of what it does): `drp:<agent-id>`, `opendsr:<controller-id>`. */
export const protocolFiler = (protocol: Protocol, ownerId: string): string => `${protocol}:${ownerId}`;

/** Whether the request behind a link was filed by the link's owner: the only caller that may read or withdraw it. */
export const filedByOwner = (link: Pick<ProtocolLink, 'protocol' | 'ownerId'>, request: { filer?: string }): boolean =>
  request.filer === protocolFiler(link.protocol, link.ownerId);
const agentKey = (agentId: string): string => `agent#${agentId}`;
const tokenKey = (tokenHash: string): string => `token#${tokenHash}`;

/** Hex SHA-256: how bodies and bearer tokens are remembered (never the token itself). */
export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export interface LinkStoreOptions {
  tableName: string;
  client?: DynamoDBDocumentClient;
}

export class ProtocolLinkStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: LinkStoreOptions) {
    this.documents = options.client ?? sharedDocumentClient();
    this.tableName = options.tableName;
  }

  /** Writes a new link; when one with the same key exists, returns that one instead (a retry or a race). */
  async createLink(link: ProtocolLink): Promise<{ link: ProtocolLink; created: boolean }> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: link,
          ConditionExpression: 'attribute_not_exists(#key)',
          ExpressionAttributeNames: { '#key': 'key' },
        }),
      );
      return { link, created: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.getLink(link.protocol, link.externalId);
      if (!existing) throw new ConflictError('The protocol record changed while it was written; retry.', { cause: error });
      return { link: existing, created: false };
    }
  }

  async getLink(protocol: Protocol, externalId: string, now = new Date()): Promise<ProtocolLink | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { key: linkKey(protocol, externalId) }, ConsistentRead: true }),
    );
    const link = Item as ProtocolLink | undefined;
    if (!link || (link.purgeAt !== undefined && link.purgeAt * 1000 <= now.getTime())) return undefined;
    return link;
  }

  /** Links whose request has not been seen closed yet (callbacks may be due), a page at a time. */
  async awaitingCallbacks(limit: number, startKey?: Record<string, unknown>): Promise<{ links: ProtocolLink[]; lastKey?: Record<string, unknown> }> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byAwaiting',
        KeyConditionExpression: 'awaiting = :awaiting',
        ExpressionAttributeValues: { ':awaiting': AWAITING_CALLBACK },
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return { links: (page.Items ?? []) as ProtocolLink[], ...(page.LastEvaluatedKey ? { lastKey: page.LastEvaluatedKey } : {}) };
  }

  /**
   * Records that `status` was reported (or given up on). A final status ends the link's wait, and
   * the link then expires with its request.
   */
  async markReported(link: ProtocolLink, status: string, final: boolean, purgeAt?: number): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { key: link.key },
        UpdateExpression: `SET reported = :status${purgeAt ? ', purgeAt = :purgeAt' : ''} REMOVE attempts, nextAttemptAt${final ? ', awaiting' : ''}`,
        ConditionExpression: 'attribute_exists(#key)',
        ExpressionAttributeNames: { '#key': 'key' },
        ExpressionAttributeValues: { ':status': status, ...(purgeAt ? { ':purgeAt': purgeAt } : {}) },
      }),
    );
  }

  /** Records a failed delivery and when to try again. */
  async markAttemptFailed(link: ProtocolLink, attempts: number, nextAttemptAt: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { key: link.key },
        UpdateExpression: 'SET attempts = :attempts, nextAttemptAt = :next',
        ConditionExpression: 'attribute_exists(#key)',
        ExpressionAttributeNames: { '#key': 'key' },
        ExpressionAttributeValues: { ':attempts': attempts, ':next': nextAttemptAt },
      }),
    );
  }

  /** Enrols (or re-enrols with a new key) a DRP agent; a new key voids the token issued under the old one. */
  async enrolAgent(agent: Omit<RegisteredAgent, 'key' | 'tokenHash'>): Promise<{ agent: RegisteredAgent; created: boolean }> {
    const existing = await this.getAgent(agent.agentId);
    const keyChanged = existing !== undefined && existing.verifyKey.toLowerCase() !== agent.verifyKey.toLowerCase();
    const item: RegisteredAgent = {
      key: agentKey(agent.agentId),
      ...agent,
      enrolledAt: existing && !keyChanged ? existing.enrolledAt : agent.enrolledAt,
      ...(existing?.tokenHash && !keyChanged ? { tokenHash: existing.tokenHash } : {}),
    };
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item }));
    if (keyChanged && existing?.tokenHash)
      await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { key: tokenKey(existing.tokenHash) } }));
    return { agent: item, created: existing === undefined };
  }

  async getAgent(agentId: string): Promise<RegisteredAgent | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { key: agentKey(agentId) }, ConsistentRead: true }));
    return Item as RegisteredAgent | undefined;
  }

  /** Issues the agent's bearer token: stores only its hash, and voids the one issued before. */
  async issueToken(agent: RegisteredAgent, tokenHash: string): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { key: tokenKey(tokenHash), agentId: agent.agentId } }));
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { key: agent.key },
        UpdateExpression: 'SET tokenHash = :hash',
        ExpressionAttributeValues: { ':hash': tokenHash },
      }),
    );
    if (agent.tokenHash && agent.tokenHash !== tokenHash) {
      await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { key: tokenKey(agent.tokenHash) } }));
    }
  }

  /** The agent a bearer token (by its hash) was issued to, if the token is still the agent's current one. */
  async agentByToken(tokenHash: string): Promise<RegisteredAgent | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { key: tokenKey(tokenHash) }, ConsistentRead: true }));
    if (typeof Item?.agentId !== 'string') return undefined;
    const agent = await this.getAgent(Item.agentId);
    return agent?.tokenHash === tokenHash ? agent : undefined;
  }
}
