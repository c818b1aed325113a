import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoAccountDirectory } from '../../shared/verification/account-directory.js';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SfnWorkflowStarter } from '../../shared/fulfilment/step-functions.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);

afterEach(() => {
  documents.reset();
});

describe('DynamoAccountDirectory', () => {
  it('finds an account by its normalised email through the byEmail index', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({
      Items: [
        {
          accountId: 'acc-1',
          email: 'anna@example.com',
          billingAddress: { street: 'Hauptstraße 12', postalCode: '10115', city: 'Berlin' },
          cardLast4: '4242',
          name: 'Anna',
        },
      ],
    });
    const directory = new DynamoAccountDirectory('accounts', client);

    // Act
    const account = await directory.findByEmail('  Anna@Example.com ');

    // Assess
    expect(documents).toReceiveCommandWith(QueryCommand, {
      TableName: 'accounts',
      IndexName: 'byEmail',
      ExpressionAttributeValues: { ':email': 'anna@example.com' },
    });
    expect(account).toEqual({
      accountId: 'acc-1',
      email: 'anna@example.com',
      billingAddress: { street: 'Hauptstraße 12', postalCode: '10115', city: 'Berlin' },
      cardLast4: '4242',
      name: 'Anna',
    });
  });

  it.each([
    { note: 'no account', items: [] },
    { note: 'two accounts under one email', items: [{ accountId: 'a' }, { accountId: 'b' }] },
  ])('answers $note as no match', async ({ items }) => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: items });
    const directory = new DynamoAccountDirectory('accounts', client);

    // Act
    const account = await directory.findByEmail('anna@example.com');

    // Assess
    expect(account).toBeUndefined();
  });
});

describe('SfnWorkflowStarter', () => {
  const sfn = mockClient(SFNClient);
  const sfnClient = new SFNClient({ region: 'eu-central-1' });

  afterEach(() => {
    sfn.reset();
  });

  it('starts one execution per request, named after it, and treats a second start as the same run', async () => {
    // Prepare
    sfn
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: 'arn:exec', startDate: new Date() })
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const starter = new SfnWorkflowStarter('arn:aws:states:eu-central-1:1:stateMachine:fulfil', sfnClient);

    // Act
    const first = await starter.start('r1');
    const second = await starter.start('r1');

    // Assess
    expect(first).toEqual({ requestId: 'r1', executionId: 'fulfil-r1' });
    expect(second).toEqual(first);
    expect(sfn).toReceiveCommandTimes(StartExecutionCommand, 2);
    expect(sfn).toReceiveCommandWith(StartExecutionCommand, {
      stateMachineArn: 'arn:aws:states:eu-central-1:1:stateMachine:fulfil',
      name: 'fulfil-r1',
      input: JSON.stringify({ requestId: 'r1' }),
    });
  });

  it('passes on any other failure', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new Error('throttled'));
    const starter = new SfnWorkflowStarter('arn:sm', sfnClient);

    // Act
    const start = starter.start('r1');

    // Assess
    await expect(start).rejects.toThrow('throttled');
  });
});
