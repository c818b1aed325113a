import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../shared/aws/s3.js';
import { buckets, tables } from '../../shared/resources.js';
import { demoAccounts, demoTables } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';

describe('local runtime (npm start)', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: 'integration-key' });
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  it('serves GET /health over HTTP through the real handler', async () => {
    const response = await fetch(`${runtime.apiUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-correlation-id')).toEqual(expect.any(String));
  });

  it('serves the OpenAPI document', async () => {
    const response = await fetch(runtime.openApiUrl);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/openapi.json']));
  });

  it('answers a bad route with problem+json 404 and a bad method with 405', async () => {
    const missing = await fetch(`${runtime.apiUrl}/no/such/route`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const wrong = await fetch(`${runtime.apiUrl}/health`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
  });

  it('creates every table the stack declares, and the demo systems', async () => {
    const client = new DynamoDBClient({});
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames).toEqual(
      expect.arrayContaining([...Object.values(tables).map((t) => t.localName), ...Object.values(demoTables).map((t) => t.localName)]),
    );
    client.destroy();
  });

  it('seeds the demo accounts, findable by email', async () => {
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const [first] = demoAccounts;
    const byId = await documents.send(new GetCommand({ TableName: demoTables.accounts.localName, Key: { accountId: first!.accountId } }));
    expect(byId.Item).toMatchObject({ email: first!.email, cardLast4: first!.cardLast4 });
    const byEmail = await documents.send(
      new QueryCommand({
        TableName: demoTables.accounts.localName,
        IndexName: 'byEmail',
        KeyConditionExpression: 'email = :e',
        ExpressionAttributeValues: { ':e': first!.email },
      }),
    );
    expect(byEmail.Items?.map((i) => i.accountId)).toEqual([first!.accountId]);
    expect(runtime.seeded.accounts).toBe(demoAccounts.length);
    documents.destroy();
  });

  it('stores and reads objects in the data bucket through the S3 client the adapters use', async () => {
    const s3 = createS3Client();
    await s3.send(new PutObjectCommand({ Bucket: buckets.data.localName, Key: 'exports/probe.json', Body: '{"ok":true}' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: buckets.data.localName, Key: 'exports/probe.json' }));
    expect(await object.Body?.transformToString()).toBe('{"ok":true}');
    s3.destroy();
  });

  it('delivers SES v2 mail to the local mailbox, whose page answers', async () => {
    const ses = new SESv2Client({});
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'privacy@example.com',
        Destination: { ToAddresses: ['mailbox-probe@example.com'] },
        Content: { Simple: { Subject: { Data: 'Probe' }, Body: { Text: { Data: 'Hello from the test' } } } },
      }),
    );
    ses.destroy();
    const page = await fetch(runtime.mailboxUrl);
    expect(page.status).toBe(200);
    const store = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as { emails: unknown[] };
    expect(JSON.stringify(store.emails)).toContain('mailbox-probe@example.com');
  });
});

describe('local runtime with persisted data', () => {
  it('starts again on the data it kept, without re-creating what exists', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'privacy-ops-data-'));
    try {
      const first = await startLocalRuntime({ port: 0, memory: false, dataDir });
      const s3 = createS3Client();
      await s3.send(new PutObjectCommand({ Bucket: buckets.data.localName, Key: 'exports/kept.json', Body: 'kept' }));
      s3.destroy();
      await first.stop();

      const second = await startLocalRuntime({ port: 0, memory: false, dataDir });
      try {
        expect((await fetch(`${second.apiUrl}/health`)).status).toBe(200);
        // Seeded once: what was erased in the demo systems stays erased after a restart.
        expect(first.seeded.accounts).toBe(demoAccounts.length);
        expect(second.seeded.accounts).toBe(0);
        const again = createS3Client();
        const object = await again.send(new GetObjectCommand({ Bucket: buckets.data.localName, Key: 'exports/kept.json' }));
        expect(await object.Body?.transformToString()).toBe('kept');
        again.destroy();
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
