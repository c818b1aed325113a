// Every system's task of a request, from planning to its outcome: what the request view, the task
// list and the report endpoint read, and where a waiting task keeps the workflow's token.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors.js';
import type { ConnectorKind, SystemOutcome, TaskAction } from './model.js';
import type { TaskState } from './tasks.js';

/** The index that lists tasks by state, nearest due date first. */
export const TASKS_BY_STATE_INDEX = 'byState';
/** The index that lists one system's tasks by state. */
export const TASKS_BY_SYSTEM_STATE_INDEX = 'bySystemState';

/** Task records outlive the task's own timeout by this much, then DynamoDB may drop them. */
export const KEEP_AFTER_DUE_SECONDS = 7 * 24 * 3600;

export interface TaskRecord {
  taskId: string;
  requestId: string;
  systemId: string;
  action: TaskAction;
  connector: ConnectorKind;
  state: TaskState;
  createdAt: string;
  /** When the system must have answered (ISO instant): the workflow's timeout for the task. Sort key of `byState`. */
  dueAt: string;
  /** When the system was asked (webhook called, contact mailed); absent while the task waits its turn. */
  askedAt?: string;
  /** When the manual system's contact was mailed about the task. */
  contactNotifiedAt?: string;
  /** The workflow's task token while the task waits for a report. Never leaves the backend. */
  taskToken?: string;
  /** Set once the task finished. */
  outcome?: SystemOutcome['outcome'];
  records?: number;
  error?: string;
  finishedAt?: string;
  /** Epoch seconds when the record may go (well after the task was due). */
  expiresAt: number;
}

/** Records written before tasks had a life cycle: `waiting` is open, `reported` finished. */
function normalise(item: Record<string, unknown>): TaskRecord {
  const state = item.state === 'waiting' ? 'open' : item.state === 'reported' ? 'finished' : (item.state as TaskState);
  return { ...(item as unknown as TaskRecord), state };
}

/** What a finished task keeps of its outcome (the records themselves stay in the export part). */
function outcomeFields(outcome: SystemOutcome) {
  return {
    outcome: outcome.outcome,
    records: outcome.records,
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}

export interface TaskPage {
  items: TaskRecord[];
  lastKey?: Record<string, string>;
}

export class TaskStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  /** Records a planned task as open; a task already recorded (a retried plan) is left as it is. */
  async open(task: TaskRecord): Promise<void> {
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: task, ConditionExpression: 'attribute_not_exists(taskId)' }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }

  /**
   * Leaves the task waiting for its system's report with the workflow's token, due `dueAt`. A task
   * the plan did not record (planned before tasks were) is created here.
   */
  async markAsked(task: Omit<TaskRecord, 'state' | 'askedAt' | 'taskToken'>, taskToken: string, askedAt: string): Promise<void> {
    const fields = { ...task, taskToken, askedAt, state: 'open' as const };
    const names = Object.keys(fields).filter((key) => key !== 'taskId' && key !== 'createdAt');
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { taskId: task.taskId },
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}, #createdAt = if_not_exists(#createdAt, :createdAt) REMOVE #outcome, #records, #error, #finishedAt`,
        ExpressionAttributeNames: Object.fromEntries([...names, 'createdAt', 'outcome', 'records', 'error', 'finishedAt'].map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: Object.fromEntries([...names, 'createdAt'].map((n) => [`:${n}`, fields[n as keyof typeof fields]])),
      }),
    );
  }

  /** Notes when the manual system's contact was told. */
  async markContactNotified(taskId: string, at: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { taskId },
        UpdateExpression: 'SET #n = :at',
        ConditionExpression: 'attribute_exists(taskId)',
        ExpressionAttributeNames: { '#n': 'contactNotifiedAt' },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async get(taskId: string): Promise<TaskRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { taskId }, ConsistentRead: true }));
    return Item ? normalise(Item) : undefined;
  }

  /** The tasks among `taskIds` that are recorded, in no particular order. */
  async getMany(taskIds: readonly string[]): Promise<TaskRecord[]> {
    const found: TaskRecord[] = [];
    for (let i = 0; i < taskIds.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = taskIds.slice(i, i + 100).map((taskId) => ({ taskId }));
      while (keys?.length) {
        const answer: BatchGetCommandOutput = await this.documents.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        found.push(...(answer.Responses?.[this.tableName] ?? []).map(normalise));
        keys = answer.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  /**
   * Settles an open task with its outcome. With `reported`, only a task waiting with a token may be
   * settled (a system's report), and a second report gets a ConflictError; without, an open task is
   * settled and any other left as it is (the workflow recording what it learnt).
   */
  async finish(taskId: string, outcome: SystemOutcome, at: string, options: { reported?: boolean } = {}): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { taskId },
          UpdateExpression: `SET #state = :finished, #outcome = :outcome, #records = :records, #finishedAt = :at${outcome.error ? ', #error = :error' : ''}`,
          ConditionExpression: options.reported
            ? '#state IN (:open, :waiting) AND attribute_exists(taskToken)'
            : 'attribute_exists(taskId) AND #state IN (:open, :waiting)',
          ExpressionAttributeNames: {
            '#state': 'state',
            '#outcome': 'outcome',
            '#records': 'records',
            '#finishedAt': 'finishedAt',
            ...(outcome.error ? { '#error': 'error' } : {}),
          },
          ExpressionAttributeValues: {
            ':finished': 'finished',
            ':open': 'open',
            ':waiting': 'waiting',
            ':outcome': outcome.outcome,
            ':records': outcome.records,
            ':at': at,
            ...(outcome.error ? { ':error': outcomeFields(outcome).error } : {}),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (options.reported) throw new ConflictError(`Task ${taskId} has already been reported.`, { cause: error });
    }
  }

  /** Puts a finished task back to open, when resuming the workflow with its report failed and the system should retry. */
  async reopen(taskId: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { taskId },
        UpdateExpression: 'SET #state = :open REMOVE #outcome, #records, #error, #finishedAt',
        ExpressionAttributeNames: { '#state': 'state', '#outcome': 'outcome', '#records': 'records', '#error': 'error', '#finishedAt': 'finishedAt' },
        ExpressionAttributeValues: { ':open': 'open' },
      }),
    );
  }

  /** Closes an open task that will not be carried out any more (its request was cancelled, refused or failed); others stay as they are. */
  async cancel(taskId: string, at: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { taskId },
          UpdateExpression: 'SET #state = :cancelled, #finishedAt = :at REMOVE taskToken',
          ConditionExpression: 'attribute_exists(taskId) AND #state IN (:open, :waiting)',
          ExpressionAttributeNames: { '#state': 'state', '#finishedAt': 'finishedAt' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':open': 'open', ':waiting': 'waiting', ':at': at },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** The ids of the requests with an open task in system `systemId` (the `bySystemState` index, every page). */
  async requestsWithOpenTasks(systemId: string): Promise<Set<string>> {
    const requestIds = new Set<string>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const answer = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TASKS_BY_SYSTEM_STATE_INDEX,
          KeyConditionExpression: '#systemId = :systemId AND #state = :open',
          ExpressionAttributeNames: { '#systemId': 'systemId', '#state': 'state', '#requestId': 'requestId' },
          ExpressionAttributeValues: { ':systemId': systemId, ':open': 'open' },
          ProjectionExpression: '#requestId',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of answer.Items ?? []) requestIds.add(String(item.requestId));
      startKey = answer.LastEvaluatedKey;
    } while (startKey);
    return requestIds;
  }

  /**
   * One page of tasks in `state`, nearest due date first (latest first with `latestFirst`); with
   * `systemId`, only that system's (the page may then hold fewer).
   */
  async listByState(
    state: TaskState,
    options: { systemId?: string; limit: number; startKey?: Record<string, string>; latestFirst?: boolean },
  ): Promise<TaskPage> {
    const answer = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TASKS_BY_STATE_INDEX,
        KeyConditionExpression: '#state = :state',
        ...(options.systemId ? { FilterExpression: '#systemId = :systemId' } : {}),
        ExpressionAttributeNames: { '#state': 'state', ...(options.systemId ? { '#systemId': 'systemId' } : {}) },
        ExpressionAttributeValues: { ':state': state, ...(options.systemId ? { ':systemId': options.systemId } : {}) },
        Limit: options.limit,
        ...(options.latestFirst ? { ScanIndexForward: false } : {}),
        ...(options.startKey ? { ExclusiveStartKey: options.startKey } : {}),
      }),
    );
    return {
      items: (answer.Items ?? []).map(normalise),
      ...(answer.LastEvaluatedKey ? { lastKey: answer.LastEvaluatedKey as Record<string, string> } : {}),
    };
  }
}
