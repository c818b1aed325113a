// Concurrency at the scale a busy company system and a mail scanner produce: many retries of one
// filing, pairs of confirmations racing, through the local runtime over HTTP.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { mapConcurrent } from '../../shared/concurrency.js';
import { tables } from '../../shared/resources.js';
import { formPost, newestLink } from '../support/mailbox.js';

const API_KEY = 'concurrency-integration-key';

describe('concurrency through the local runtime', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${runtime.apiUrl}/v1/requests`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const storedFor = async (email: string) => {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: tables.requests.localName,
          FilterExpression: '#kind = :kind AND #subject.#email = :email',
          ExpressionAttributeNames: { '#kind': 'kind', '#subject': 'subject', '#email': 'email' },
          ExpressionAttributeValues: { ':kind': 'request', ':email': email },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    documents?.destroy();
    await runtime?.stop();
  });

  it('turns 1,000 concurrent retries of one Idempotency-Key into exactly one request', async () => {
    // Prepare
    const email = 'thousand.retries@example.com';
    const body = { type: 'access', jurisdiction: 'gdpr', subject: { email } };
    const key = 'idem-1000-concurrent';

    // Act
    const responses = await Promise.all(Array.from({ length: 1000 }, () => post(body, { 'idempotency-key': key })));
    const answers = await Promise.all(
      responses.map(async (r) => ({
        status: r.status,
        type: r.headers.get('content-type'),
        retryAfter: r.headers.get('retry-after'),
        body: (await r.json()) as { id?: string },
      })),
    );
    const retry = await post(body, { 'idempotency-key': key });
    const stored = await storedFor(email);

    // Assess: the first is filed, the rest replay it or are told it is still in flight
    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].every((s) => s === 202 || s === 409)).toBe(true);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.type).toBe('application/problem+json');
      expect(refused.retryAfter).toBe('2');
    }
    const ids = new Set(answers.filter((a) => a.status === 202).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(stored).toHaveLength(1);
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as { id: string }).id).toBe([...ids][0]);
  });

  it('starts exactly one workflow for each of 100 requests confirmed twice at once', async () => {
    // Prepare: 100 requests for the recipients list (confirmed email is all they need), each link from the mailbox
    const emails = Array.from({ length: 100 }, (_, i) => `pair.${i}@example.com`);
    const filed = await mapConcurrent(emails, 20, async (email) => {
      const response = await post({ type: 'third-party-disclosure', jurisdiction: 'gdpr', subject: { email } });
      expect(response.status).toBe(202);
      return ((await response.json()) as { id: string }).id;
    });
    const links = await mapConcurrent(emails, 20, (email) => newestLink(runtime, email, '/v1/verify/'));

    // Act: both confirmations of each pair at once, 20 pairs at a time
    const pairs = await mapConcurrent(links, 20, (link) => Promise.all([fetch(link, formPost({ confirm: 'yes' })), fetch(link, formPost({ confirm: 'yes' }))]));
    await runtime.workflows.idle();

    // Assess
    for (const pair of pairs) {
      expect(pair.map((r) => r.status).every((s) => s < 500)).toBe(true);
      expect(pair.some((r) => r.status === 200)).toBe(true);
    }
    const executions = runtime.workflows.executions();
    for (const id of filed)
      expect(
        executions.filter((e) => e.name.includes(id)),
        id,
      ).toHaveLength(1);
  });
});
