import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoAccountDirectory } from '../../shared/verification/account-directory.js';
import { DynamoLinkStore } from '../../shared/verification/token-store.js';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SfnWorkflowStarter } from '../../shared/fulfilment/step-functions.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);

afterEach(() => {
  documents.reset();
});

describe('DynamoLinkStore', () => {
  it('writes a link once, keeping it 30 days past its expiry so an expired link still gets its page', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});
    const store = new DynamoLinkStore('tokens', client);

    // Act
    await store.put({ tokenHash: 'h'.repeat(64), purpose: 'verify', requestId: 'r1', validUntil: '2026-12-02T10:00:00.000Z' });

    // Assess
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'tokens',
      Item: {
        tokenHash: 'h'.repeat(64),
        purpose: 'verify',
        requestId: 'r1',
        validUntil: '2026-12-02T10:00:00.000Z',
        expiresAt: Date.parse('2027-01-01T10:00:00.000Z') / 1000,
      },
      ConditionExpression: 'attribute_not_exists(#key)',
      ExpressionAttributeNames: { '#key': 'tokenHash' },
    });
  });

  it('reads consistently and ignores records of another purpose', async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: { tokenHash: 'x', purpose: 'export', requestId: 'r1' } });
    const store = new DynamoLinkStore('tokens', client);

    // Act
    const link = await store.get('x');

    // Assess
    expect(link).toBeUndefined();
    expect(documents).toReceiveCommandWith(GetCommand, { TableName: 'tokens', Key: { tokenHash: 'x' }, ConsistentRead: true });
  });
});

describe('DynamoAccountDirectory', () => {
  it('finds an account by its normalised email through the byEmail index', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({
      Items: [{ accountId: 'acc-1', email: 'anna@example.com', billingAddress: { street: 'Hauptstraße 12', postalCode: '10115', city: 'Berlin' }, cardLast4: '4242', name: 'Anna' }],
    });
    const directory = new DynamoAccountDirectory('accounts', client);

    // Act
    const account = await directory.findByEmail('  Anna@Example.com ');

    // Assess
    expect(documents).toReceiveCommandWith(QueryCommand, { TableName: 'accounts', IndexName: 'byEmail', ExpressionAttributeValues: { ':email': 'anna@example.com' } });
    expect(account).toEqual({
      accountId: 'acc-1',
      email: 'anna@example.com',
      billingAddress: { street: 'Hauptstraße 12', postalCode: '10115', city: 'Berlin' },
      cardLast4: '4242',
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
    sfn.on(StartExecutionCommand).resolvesOnce({ executionArn: 'arn:exec', startDate: new Date() })
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
