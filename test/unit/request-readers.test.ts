// The functions that only read requests are granted the requests table alone (see lambdas.ts);
// they must work with nothing else configured, as they do in AWS.
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lambdas } from '../../shared/lambdas.js';
import { tables } from '../../shared/resources.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';

const documents = mockClient(DynamoDBDocumentClient);

beforeAll(() => {
  process.env[tables.requests.envVar] = 'requests-under-test';
  process.env[tables.systems.envVar] = 'systems-under-test';
  process.env[tables.tasks.envVar] = 'tasks-under-test';
  delete process.env[tables.audit.envVar];
});

afterEach(() => {
  documents.reset();
});

describe('the request readers', () => {
  it('are granted the requests table, and reading one request the systems and tasks it shows, read-only', () => {
    // Assess
    expect(lambdas.getRequest.tables).toEqual({ requests: 'read', systems: 'read', tasks: 'read' });
    expect(lambdas.listRequests.tables).toEqual({ requests: 'read' });
  });

  it('read one request without the audit table configured', async () => {
    // Prepare
    documents.on(GetCommand).resolves({});
    const { handler } = await import('../../functions/requests/get-request.handler.js');

    // Act
    const response = await handler(
      apiEvent({
        httpMethod: 'GET',
        resource: '/v1/requests/{id}',
        path: '/v1/requests/01J0000000000000000000000Z',
        pathParameters: { id: '01J0000000000000000000000Z' },
      }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(404);
    expect(documents).toHaveReceivedCommandWith(GetCommand, { TableName: 'requests-under-test' });
  });

  it('list requests without the audit table configured', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });
    const { handler } = await import('../../functions/requests/list-requests.handler.js');

    // Act
    const response = await handler(
      apiEvent({ httpMethod: 'GET', resource: '/v1/requests', path: '/v1/requests', queryStringParameters: { status: 'verified' } }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ items: [] });
  });
});
