// The port through which a verified request asks for fulfilment.
import { DynamoDBClient, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

export interface WorkflowStart {
  requestId: string;
  /** Identifies the run (a Step Functions execution name in AWS). */
  executionId: string;
}

export interface WorkflowStarter {
  /** Asks for the fulfilment of a verified request; asking twice for one request starts one run. */
  start(requestId: string): Promise<WorkflowStart>;
}

/**
 * Records each start as an item `start#<requestId>` beside the requests, written once: the record
 * a fulfilment executor picks up. A repeated start finds the record and starts nothing new.
 */
export class RecordingWorkflowStarter implements WorkflowStarter {
  private readonly documents: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, private readonly now: () => Date = () => new Date(), client?: DynamoDBDocumentClient) {
    this.documents = client ?? DynamoDBDocumentClient.from(new DynamoDBClient({}));
  }

  async start(requestId: string): Promise<WorkflowStart> {
    const executionId = `fulfil-${requestId}`;
    try {
      await this.documents.send(new PutCommand({
        TableName: this.tableName,
        Item: { id: `start#${requestId}`, kind: 'workflow-start', requestId, executionId, requestedAt: this.now().toISOString() },
        ConditionExpression: 'attribute_not_exists(id)',
      }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return { requestId, executionId };
  }
}
