// The request store on DynamoDB: requests and their audit chains, written together in transactions.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { anchorDayOf } from '../audit/anchors.js';
import { extendChain, GENESIS_HASH, type AuditEvent, type ChainKey, type UnsealedEvent } from '../audit/chain.js';
import { assertTransition, isFinal } from '../domain/lifecycle.js';
import type { RequestStatus, RequestType } from '../domain/request-model.js';
import { ConflictError } from '../errors.js';
import { AUDIT_RETENTION_DAYS } from '../resources.js';
import { AGGREGATION_VERSION, aggregateDelta, aggregateUpdates } from '../reports/aggregates.js';
import { openGuardId, withQueueMark, type RequestRecord } from './record.js';

/** Fields a status change or a recorded event may update besides the status. */
export type RecordChanges = Partial<
  Pick<RequestRecord, 'verification' | 'deadlines' | 'dueAt' | 'subject' | 'denial' | 'fulfilment' | 'fulfilmentRun' | 'immediateStop'>
>;

/** A new audit event before the store numbers, links and seals it. */
export type NewAuditEvent = Omit<UnsealedEvent, 'requestId' | 'seq' | 'prevHash' | 'purgeAt'>;

export interface ListFilter {
  status?: RequestStatus;
  type?: RequestType;
  /**
   * Only open requests whose deadline in force, or whose acknowledgement deadline while no
   * acknowledgement went out, lies before this date.
   */
  dueBefore?: string;
  openStatuses?: readonly RequestStatus[];
}

/** What the console's queue filters and sorts a request by: the `byQueue` index's attributes. */
export type QueueEntry = Pick<RequestRecord, 'id' | 'status' | 'type' | 'jurisdiction' | 'receivedAt' | 'dueAt' | 'deadlines' | 'immediateStop' | 'purgeAt'>;

/** What the queue reads of each request: the `byQueue` index's keys and projection; a closed request also its purge time. */
const QUEUE_ATTRIBUTES = ['id', 'status', 'type', 'jurisdiction', 'receivedAt', 'dueAt', 'deadlines', 'immediateStop'] as const;

export interface ListPage {
  items: RequestRecord[];
  /** The key to continue after, or undefined on the last page. */
  lastKey?: Record<string, string>;
}

/** Thrown when a guard shows the subject already has an open request of this type. */
export class OpenRequestExistsError extends ConflictError {
  override name = 'OpenRequestExistsError';
  constructor(readonly openRequestId: string) {
    super(`An open request of this type exists: ${openRequestId}.`);
  }
}

/** Closed requests are purged this long after they close. */
export const RETENTION_AFTER_CLOSE_SECONDS = 2 * 365 * 24 * 3600;

/**
 * When a request's audit chain is purged: AUDIT_RETENTION_DAYS after the request was filed. Every
 * event carries it from its writing (sealed with it), since no one may update an event afterwards.
 */
export function auditPurgeAt(request: Pick<RequestRecord, 'createdAt'>): number {
  return Math.floor(Date.parse(request.createdAt) / 1000) + AUDIT_RETENTION_DAYS * 24 * 3600;
}

/** One successful write: the status before (undefined for a new request), the record after, and the events appended. */
export interface RequestWrite {
  before: RequestStatus | undefined;
  after: RequestRecord;
  events: readonly NewAuditEvent[];
}

export interface RequestStoreOptions {
  requestsTable: string;
  /** Needed by writes and audit reads; a function that only reads requests is not given it. */
  auditTable?: string;
  /** The audit key that seals appended events; needed by writes. */
  chainKey?: ChainKey;
  /** The wall clock that dates each event's writing (`anchorDay`), whatever time a caller says it acts at. */
  clock?: () => Date;
  client?: DynamoDBDocumentClient;
  /** Told of every successful write (metrics); must not throw. */
  onWritten?: (write: RequestWrite) => void;
}

export class RequestStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly requestsTable: string;
  private readonly auditTableName: string | undefined;
  private readonly chainKey: ChainKey | undefined;
  private readonly clock: () => Date;
  private readonly onWritten: ((write: RequestWrite) => void) | undefined;

  constructor(options: RequestStoreOptions) {
    this.documents = options.client ?? sharedDocumentClient();
    this.requestsTable = options.requestsTable;
    this.auditTableName = options.auditTable;
    this.chainKey = options.chainKey;
    this.clock = options.clock ?? (() => new Date());
    this.onWritten = options.onWritten;
  }

  /** The audit table; a store built without it (read-only functions) cannot write or read the chain. */
  private get auditTable(): string {
    if (this.auditTableName === undefined) throw new Error('This request store was built without the audit table: it can only read requests.');
    return this.auditTableName;
  }

  /** Seals `events` after the chain head `head` with the audit key; a store built without the key cannot write. */
  private async seal(request: Pick<RequestRecord, 'id' | 'createdAt'>, head: { seq: number; hash: string }, events: readonly NewAuditEvent[]) {
    if (this.chainKey === undefined) throw new Error('This request store was built without the audit key: it cannot append to a chain.');
    const purgeAt = auditPurgeAt(request);
    return extendChain(
      this.chainKey,
      head,
      events.map((e) => ({ ...e, requestId: request.id, purgeAt })),
    );
  }

  /**
   * Writes a new request, its open-request guard and its first audit events in one transaction.
   * Throws OpenRequestExistsError when the subject already has an open request of the same type.
   */
  async create(request: Omit<RequestRecord, 'auditSeq' | 'auditHead'>, events: readonly NewAuditEvent[]): Promise<RequestRecord> {
    const sealed = await this.seal(request, { seq: 0, hash: GENESIS_HASH }, events);
    const head = sealed.at(-1)!;
    const record: RequestRecord = withQueueMark({ ...request, auditSeq: head.seq, auditHead: head.hash, aggregated: AGGREGATION_VERSION });
    const guardId = openGuardId(request.subjectHash, request.jurisdiction, request.type, request.filer);
    try {
      await this.transact(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.requestsTable, Item: record, ConditionExpression: 'attribute_not_exists(id)' } },
            {
              Put: {
                TableName: this.requestsTable,
                Item: { id: guardId, requestId: request.id },
                ConditionExpression: 'attribute_not_exists(id)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            ...sealed.map((event) => this.putEvent(event)),
            // In the same transaction as the request: a retry that finds the request written adds nothing.
            ...aggregateUpdates(this.requestsTable, aggregateDelta(undefined, record)),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed') {
        // A retry of this very write, whose first attempt landed though its answer was lost, finds its own guard.
        if (await this.landed(record)) return this.written(undefined, record, events);
        const openId = (await this.openRequestId(guardId)) ?? 'unknown';
        throw new OpenRequestExistsError(openId);
      }
      throw error;
    }
    return this.written(undefined, record, events);
  }

  private written(before: RequestStatus | undefined, after: RequestRecord, events: readonly NewAuditEvent[]): RequestRecord {
    this.onWritten?.({ before, after, events });
    return after;
  }

  /**
   * Whether `record` is stored exactly: same version and audit head (a hash over the whole chain).
   * When a write's answer is lost, the SDK sends it again and the condition fails on the write's own
   * result; this tells that apart from a write by someone else.
   */
  private async landed(record: RequestRecord): Promise<boolean> {
    const stored = await this.get(record.id);
    return stored?.version === record.version && stored?.auditHead === record.auditHead;
  }

  /** The id of the open request a guard points at, if any. */
  async openRequestId(guardId: string): Promise<string | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.requestsTable, Key: { id: guardId }, ConsistentRead: true }));
    return typeof Item?.requestId === 'string' ? Item.requestId : undefined;
  }

  /** The request with `id`, or undefined; a record past its purge time counts as gone (TTL deletion lags). */
  async get(id: string, now = new Date()): Promise<RequestRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.requestsTable, Key: { id }, ConsistentRead: true }));
    if (Item?.kind !== 'request') return undefined;
    const record = Item as RequestRecord;
    if (record.purgeAt !== undefined && record.purgeAt * 1000 <= now.getTime()) return undefined;
    return record;
  }

  /**
   * Moves `request` to `to` and appends `events` to its chain, in one transaction, provided nobody
   * wrote it since it was read. A stale writer gets a ConflictError; the lifecycle is enforced first.
   */
  async transition(
    request: RequestRecord,
    to: RequestStatus,
    events: readonly NewAuditEvent[],
    changes: RecordChanges = {},
    now = new Date(),
  ): Promise<RequestRecord> {
    assertTransition(request.status, to);
    const closing = isFinal(to);
    const next: RequestRecord = {
      ...request,
      ...changes,
      status: to,
      updatedAt: now.toISOString(),
      ...(closing ? { purgeAt: Math.floor(now.getTime() / 1000) + RETENTION_AFTER_CLOSE_SECONDS, closedAt: now.toISOString() } : {}),
    };
    return this.write(request, next, events, closing);
  }

  /**
   * Appends `events` to a request's chain, with `changes` but no status change (a duplicate filing,
   * a confirmed email), under the same version check as a transition.
   */
  async record(request: RequestRecord, events: readonly NewAuditEvent[], changes: RecordChanges = {}, now = new Date()): Promise<RequestRecord> {
    return this.write(request, { ...request, ...changes, updatedAt: now.toISOString() }, events, false);
  }

  private async write(before: RequestRecord, after: RequestRecord, events: readonly NewAuditEvent[], releaseGuard: boolean) {
    const sealed = await this.seal(before, { seq: before.auditSeq, hash: before.auditHead }, events);
    const head = sealed.at(-1);
    const next: RequestRecord = withQueueMark({
      ...after,
      // A request closed before closing was dated keeps the day it was last written as its close.
      ...(isFinal(before.status) && before.closedAt === undefined ? { closedAt: before.updatedAt } : {}),
      version: before.version + 1,
      auditSeq: head?.seq ?? before.auditSeq,
      auditHead: head?.hash ?? before.auditHead,
      aggregated: AGGREGATION_VERSION,
    });
    try {
      await this.transact(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.requestsTable,
                Item: next,
                ConditionExpression: 'version = :version AND #status = :status',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':version': before.version, ':status': before.status },
              },
            },
            ...sealed.map((event) => this.putEvent(event)),
            ...(releaseGuard
              ? [
                  {
                    Delete: {
                      TableName: this.requestsTable,
                      Key: { id: openGuardId(before.subjectHash, before.jurisdiction, before.type, before.filer) },
                      ConditionExpression: 'requestId = :id',
                      ExpressionAttributeValues: { ':id': before.id },
                    },
                  },
                ]
              : []),
            // What the write changes in the report aggregates, landing with the record or not at all:
            // a retried close whose first attempt landed fails the version check and adds nothing twice.
            ...aggregateUpdates(this.requestsTable, aggregateDelta(before, next)),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        if (await this.landed(next)) return this.written(before.status, next, events);
        throw new ConflictError(`Request ${before.id} was changed by someone else; read it again and retry.`, { cause: error });
      }
      throw error;
    }
    return this.written(before.status, next, events);
  }

  /**
   * Sends a transaction, again (up to four more times, with a short random pause) while it is cancelled
   * only because another transaction held one of its items at the same moment: the report aggregates
   * are items many requests add to, so two filings at once may meet there. Any other cancellation is
   * the caller's to read.
   */
  private async transact(command: TransactWriteCommand): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.documents.send(command);
        return;
      } catch (error) {
        const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
        const conflictOnly =
          reasons.some((r) => r.Code === 'TransactionConflict') && reasons.every((r) => r.Code === 'TransactionConflict' || r.Code === 'None' || !r.Code);
        if (!conflictOnly || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.floor(Math.random() * 30)));
      }
    }
  }

  /**
   * Counts a request that was never counted (filed before the aggregates were kept) in the report
   * aggregates, marking it counted in the same transaction. `counted` when this call counted it,
   * `already` when it was counted, `changed` when it was written meanwhile (read it again).
   */
  async countInAggregates(request: RequestRecord): Promise<'counted' | 'already' | 'changed'> {
    if (request.aggregated === AGGREGATION_VERSION) return 'already';
    const closedAt = isFinal(request.status) ? (request.closedAt ?? request.updatedAt) : undefined;
    const counted: RequestRecord = { ...request, ...(closedAt ? { closedAt } : {}), version: request.version + 1, aggregated: AGGREGATION_VERSION };
    try {
      await this.transact(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.requestsTable,
                Key: { id: request.id },
                // The version moves too, so a writer that read the request before cannot count it again.
                UpdateExpression: `SET #version = :next, #aggregated = :aggregated${closedAt ? ', #closedAt = :closedAt' : ''}`,
                ConditionExpression: '#version = :version AND attribute_not_exists(#aggregated)',
                ExpressionAttributeNames: { '#version': 'version', '#aggregated': 'aggregated', ...(closedAt ? { '#closedAt': 'closedAt' } : {}) },
                ExpressionAttributeValues: {
                  ':version': request.version,
                  ':next': request.version + 1,
                  ':aggregated': AGGREGATION_VERSION,
                  ...(closedAt ? { ':closedAt': closedAt } : {}),
                },
              },
            },
            ...aggregateUpdates(this.requestsTable, aggregateDelta(undefined, counted)),
          ],
        }),
      );
      return 'counted';
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const stored = await this.get(request.id);
        return stored?.aggregated === AGGREGATION_VERSION && stored.version === counted.version ? 'counted' : 'changed';
      }
      throw error;
    }
  }

  /**
   * An audit event's put: only ever a new item (the functions that append may put, never update or
   * delete), dated with the day it was written for the daily anchor.
   */
  private putEvent(event: AuditEvent) {
    return {
      Put: {
        TableName: this.auditTable,
        Item: { ...event, anchorDay: anchorDayOf(this.clock()) },
        ConditionExpression: 'attribute_not_exists(seq)',
      },
    };
  }

  /** The request's audit events in order. */
  async auditTrail(requestId: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.auditTable,
          KeyConditionExpression: 'requestId = :id',
          ExpressionAttributeValues: { ':id': requestId },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      // The day an event was written is the anchor's index, not part of the event.
      events.push(...((page.Items ?? []) as (AuditEvent & { anchorDay?: string })[]).map(({ anchorDay: _day, ...event }) => event));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }

  /** Every request filed for the subject with this keyed hash (the `bySubject` index): ids and statuses only. */
  async ofSubject(subjectHash: string): Promise<{ id: string; status: RequestStatus }[]> {
    const found: { id: string; status: RequestStatus }[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.requestsTable,
          IndexName: 'bySubject',
          KeyConditionExpression: 'subjectHash = :subjectHash',
          ExpressionAttributeValues: { ':subjectHash': subjectHash },
          ProjectionExpression: 'id, #status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...((page.Items ?? []) as { id: string; status: RequestStatus }[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  /**
   * The queue's view of every open request (the sparse `byQueue` index, its few attributes only), or
   * with `status`, of every request in that status (the `byStatusDue` index: a closed status's
   * requests, kept 24 months, are read whole there, which the console does only when asked).
   */
  async queueEntries(status?: RequestStatus): Promise<QueueEntry[]> {
    const entries: QueueEntry[] = [];
    // Open requests are never purged; only a closed one read from byStatusDue (every attribute) has a purge time.
    const attributes = status ? [...QUEUE_ATTRIBUTES, 'purgeAt'] : QUEUE_ATTRIBUTES;
    const names = Object.fromEntries(attributes.map((name) => [`#${name}`, name]));
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.requestsTable,
          ...(status
            ? { IndexName: 'byStatusDue', KeyConditionExpression: '#status = :partition', ExpressionAttributeValues: { ':partition': status } }
            : {
                IndexName: 'byQueue',
                KeyConditionExpression: '#queue = :partition',
                ExpressionAttributeValues: { ':partition': 'open' },
              }),
          ExpressionAttributeNames: { ...names, ...(status ? {} : { '#queue': 'queue' }) },
          ProjectionExpression: attributes.map((name) => `#${name}`).join(', '),
          ExclusiveStartKey: startKey,
        }),
      );
      entries.push(...((page.Items ?? []) as QueueEntry[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return entries;
  }

  /**
   * Marks an open request written before the `byQueue` index existed, so the console's queue lists it;
   * `false` when it was written meanwhile (a write marks it itself) or is marked or closed already.
   */
  async markQueued(request: RequestRecord): Promise<boolean> {
    if (isFinal(request.status) || request.queue !== undefined) return false;
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.requestsTable,
          Key: { id: request.id },
          UpdateExpression: 'SET #queue = :open',
          ConditionExpression: '#version = :version AND attribute_not_exists(#queue)',
          ExpressionAttributeNames: { '#queue': 'queue', '#version': 'version' },
          ExpressionAttributeValues: { ':open': 'open', ':version': request.version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The requests with these ids that are stored, in no particular order (BatchGet, 100 at a time). */
  async getMany(ids: readonly string[]): Promise<RequestRecord[]> {
    const found: RequestRecord[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => ({ id }));
      while (keys?.length) {
        const answer: BatchGetCommandOutput = await this.documents.send(
          new BatchGetCommand({ RequestItems: { [this.requestsTable]: { Keys: keys, ConsistentRead: true } } }),
        );
        found.push(...((answer.Responses?.[this.requestsTable] ?? []) as RequestRecord[]).filter((item) => item.kind === 'request'));
        keys = answer.UnprocessedKeys?.[this.requestsTable]?.Keys;
      }
    }
    return found;
  }

  /**
   * One page of requests: by status (ordered by deadline) when a status is given, else newest
   * first. Other filters narrow the page, so a page may hold fewer than `limit` items and still
   * have a next one.
   */
  async list(filter: ListFilter, limit: number, startKey?: Record<string, string>): Promise<ListPage> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const conditions: string[] = [];
    let query: QueryCommandInput;
    if (filter.status) {
      names['#status'] = 'status';
      values[':status'] = filter.status;
      query = { TableName: this.requestsTable, IndexName: 'byStatusDue', KeyConditionExpression: '#status = :status' };
    } else {
      names['#kind'] = 'kind';
      values[':kind'] = 'request';
      query = { TableName: this.requestsTable, IndexName: 'byKind', KeyConditionExpression: '#kind = :kind', ScanIndexForward: false };
    }
    if (filter.type) {
      names['#type'] = 'type';
      values[':type'] = filter.type;
      conditions.push('#type = :type');
    }
    if (filter.dueBefore) {
      names['#dueAt'] = 'dueAt';
      names['#deadlines'] = 'deadlines';
      names['#acknowledgeBy'] = 'acknowledgeBy';
      names['#acknowledgedAt'] = 'acknowledgedAt';
      names['#stopBy'] = 'stopBy';
      names['#immediateStop'] = 'immediateStop';
      names['#stopState'] = 'state';
      values[':dueBefore'] = filter.dueBefore;
      values[':stopPending'] = 'pending';
      conditions.push(
        '(#dueAt < :dueBefore OR (#deadlines.#acknowledgeBy < :dueBefore AND attribute_not_exists(#deadlines.#acknowledgedAt)) OR (#deadlines.#stopBy < :dueBefore AND #immediateStop.#stopState = :stopPending))',
      );
      if (!filter.status && filter.openStatuses) {
        names['#status'] = 'status';
        const placeholders = filter.openStatuses.map((status, i) => {
          values[`:open${i}`] = status;
          return `:open${i}`;
        });
        conditions.push(`#status IN (${placeholders.join(', ')})`);
      }
    }
    const page = await this.documents.send(
      new QueryCommand({
        ...query,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return {
      items: (page.Items ?? []) as RequestRecord[],
      ...(page.LastEvaluatedKey ? { lastKey: page.LastEvaluatedKey as Record<string, string> } : {}),
    };
  }
}
