// Tasks that wait for a system's report: the workflow's task token, kept until the report arrives.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors.js';
import type { TaskAction } from './model.js';

export interface WaitingTask {
  taskId: string;
  requestId: string;
  systemId: string;
  action: TaskAction;
  /** The workflow's task token: what a report resumes. Never leaves the backend. */
  taskToken: string;
  state: 'waiting' | 'reported';
  createdAt: string;
  /** Epoch seconds when the record may go (well after the task's own timeout). */
  expiresAt: number;
}

export class TaskStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  /** Records a waiting task; the same task written again (a retried call) keeps the first token's record current. */
  async put(task: WaitingTask): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: task }));
  }

  async get(taskId: string): Promise<WaitingTask | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { taskId }, ConsistentRead: true }));
    return Item as WaitingTask | undefined;
  }

  /** Marks a task reported; a second report for it gets a ConflictError. */
  async markReported(taskId: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { taskId },
          UpdateExpression: 'SET #state = :reported',
          ConditionExpression: '#state = :waiting',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':reported': 'reported', ':waiting': 'waiting' },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError(`Task ${taskId} has already been reported.`, { cause: error });
      throw error;
    }
  }

  /** Puts a reported task back to waiting, when resuming the workflow with its report failed and the system should retry. */
  async markWaiting(taskId: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { taskId },
        UpdateExpression: 'SET #state = :waiting',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':waiting': 'waiting' },
      }),
    );
  }
}
