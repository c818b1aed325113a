import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type PutCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as campaignStatusHandler } from '../../functions/notifications/campaign-status.handler.js';
import { handler as currentPolicyHandler } from '../../functions/notifications/current-policy.handler.js';
import { handler as publishPolicyHandler } from '../../functions/notifications/publish-policy.handler.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { SfnCampaignStarter } from '../../shared/notifications/campaign-starter.js';
import { campaignStatus, policyInForce, publishPolicy, type PolicyPublication, type PublishDeps } from '../../shared/notifications/policies.js';
import { EFFECTIVE_INDEX, PolicyStore, PolicyVersionExistsError } from '../../shared/notifications/policy-store.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';

const TABLE = 'policies-under-test';
const MACHINE = 'arn:aws:states:eu-central-1:000000000000:stateMachine:privacy-ops-campaign';
const NOW = new Date('2026-05-01T09:00:00.000Z');

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

beforeAll(() => {
  process.env.POLICIES_TABLE = TABLE;
  process.env.CAMPAIGN_STATE_MACHINE_ARN = MACHINE;
});

afterEach(() => {
  documents.reset();
  sfn.reset();
});

const publication = (overrides: Partial<PolicyPublication> = {}): PolicyPublication => ({
  version: '2026-05',
  url: 'https://example.com/privacy/2026-05',
  effectiveAt: '2026-06-01T00:00:00Z',
  material: true,
  summary: { de: 'Wir nennen neue Empfänger.', en: 'We name new recipients.' },
  ...overrides,
});

type Item = Record<string, unknown> & { version: string };

/**
 * The policies table in memory: conditional puts and transactions, and the effective-from index
 * answered as DynamoDB would (descending, bounded, one item).
 */
function fakeTable(initial: Item[] = []) {
  const items = new Map(initial.map((item) => [item.version, structuredClone(item)]));
  documents.on(GetCommand).callsFake((input: { Key: { version: string } }) => {
    const item = items.get(input.Key.version);
    return item ? { Item: structuredClone(item) } : {};
  });
  documents.on(PutCommand).callsFake((input: PutCommandInput) => {
    const item = input.Item as Item;
    if (items.has(item.version)) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    items.set(item.version, structuredClone(item));
    return {};
  });
  documents.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
    const puts = input.TransactItems!.map((t) => t.Put!.Item as Item);
    if (puts.some((item) => items.has(item.version))) {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: puts.map((item) => ({ Code: items.has(item.version) ? 'ConditionalCheckFailed' : 'None' })),
      });
    }
    for (const item of puts) items.set(item.version, structuredClone(item));
    return {};
  });
  documents.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const bound = String(input.ExpressionAttributeValues![':after']);
    const candidates = [...items.values()]
      .filter((item) => item.kind === 'policy' && String(item.effectiveFrom) < bound)
      .sort((a, b) => (String(a.effectiveFrom) < String(b.effectiveFrom) ? 1 : -1));
    return { Items: candidates.slice(0, input.Limit ?? candidates.length) };
  });
  return items;
}

function deps(now = NOW): PublishDeps & { started: string[] } {
  const started: string[] = [];
  return {
    store: new PolicyStore(TABLE, client),
    campaigns: {
      start: async (version) => {
        started.push(version);
        return { executionId: `campaign-${version}` };
      },
    },
    now: () => now,
    started,
  };
}

describe('publishPolicy', () => {
  it('stores a material version with its campaign in one transaction, then starts the campaign', async () => {
    // Prepare
    const items = fakeTable();
    const d = deps();

    // Act
    const { policy, created } = await publishPolicy(publication(), d);

    // Assess
    expect(created).toBe(true);
    expect(policy).toEqual({ ...publication(), effectiveAt: '2026-06-01T00:00:00.000Z', publishedAt: NOW.toISOString() });
    expect(documents).toReceiveCommandWith(TransactWriteCommand, {
      TransactItems: [
        { Put: expect.objectContaining({ TableName: TABLE, ConditionExpression: 'attribute_not_exists(version)' }) },
        { Put: expect.objectContaining({ TableName: TABLE, ConditionExpression: 'attribute_not_exists(version)' }) },
      ],
    });
    expect(items.get('campaign#2026-05')).toMatchObject({ state: 'running', total: 0, sent: 0, suppressed: 0, failed: 0, startedAt: NOW.toISOString() });
    expect(items.get('2026-05')).toMatchObject({ kind: 'policy', effectiveFrom: `2026-06-01T00:00:00.000Z#${NOW.toISOString()}` });
    expect(d.started).toEqual(['2026-05']);
  });

  it('refuses a second version that is not material with other content, through the conditional put', async () => {
    // Prepare
    fakeTable();
    await publishPolicy(publication({ material: false }), deps());
    const d = deps();
    d.store.get = async () => undefined;

    // Act
    const outcome = publishPolicy(publication({ material: false, url: 'https://example.com/other' }), d);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(PolicyVersionExistsError);
  });

  it('stores a version that is not material alone and starts nothing', async () => {
    // Prepare
    const items = fakeTable();
    const d = deps();

    // Act
    await publishPolicy(publication({ material: false }), d);

    // Assess
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(documents).toReceiveCommandWith(PutCommand, { ConditionExpression: 'attribute_not_exists(version)' });
    expect(items.has('campaign#2026-05')).toBe(false);
    expect(d.started).toEqual([]);
    await expect(campaignStatus(d.store, '2026-05', new Date())).resolves.toMatchObject({ state: 'not-needed', total: 0, startedAt: null });
  });

  it('answers the same version with the same content with the stored one, even once its start has passed', async () => {
    // Prepare
    fakeTable();
    await publishPolicy(publication({ effectiveAt: NOW.toISOString() }), deps());
    const later = deps(new Date(NOW.getTime() + 3_600_000));

    // Act
    const again = await publishPolicy(publication({ effectiveAt: '2026-05-01T11:00:00+02:00', url: 'https://EXAMPLE.com/privacy/2026-05' }), later);

    // Assess
    expect(again.created).toBe(false);
    expect(again.policy.publishedAt).toBe(NOW.toISOString());
    // A start that failed the first time is made up for; the execution name keeps it to one run.
    expect(later.started).toEqual(['2026-05']);
  });

  it.each([
    ['url', { url: 'https://example.com/privacy/other' }],
    ['effectiveAt', { effectiveAt: '2026-06-02T00:00:00Z' }],
    ['material', { material: false }],
    ['summary', { summary: { de: 'Wir nennen neue Empfänger.', en: 'Something else.' } }],
  ])('refuses the same version with another %s as a conflict', async (_field, change) => {
    // Prepare
    fakeTable();
    await publishPolicy(publication(), deps());

    // Act
    const outcome = publishPolicy(publication(change), deps());

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(PolicyVersionExistsError);
    await expect(outcome).rejects.toBeInstanceOf(ConflictError);
  });

  it('settles a race for one version by comparing with what won', async () => {
    // Prepare: the version appears between the read and the write
    const items = fakeTable();
    const d = deps();
    const store = d.store as PolicyStore;
    const original = store.get.bind(store);
    let reads = 0;
    store.get = async (version) => {
      reads++;
      if (reads === 1) {
        items.set('2026-05', { ...publication(), effectiveAt: '2026-06-01T00:00:00.000Z', publishedAt: NOW.toISOString(), version: '2026-05', kind: 'policy' });
        return undefined;
      }
      return original(version);
    };

    // Act
    const result = await publishPolicy(publication(), d);

    // Assess
    expect(result.created).toBe(false);
    expect(reads).toBe(2);
  });

  it('refuses a new version that would take effect in the past, naming effectiveAt', async () => {
    // Prepare
    fakeTable();

    // Act
    const outcome = publishPolicy(publication({ effectiveAt: '2026-05-01T08:58:00Z' }), deps());

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(InvalidInputError);
    await expect(outcome).rejects.toMatchObject({ field: 'effectiveAt' });
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});

describe('policyInForce', () => {
  const stored = (version: string, effectiveAt: string, publishedAt = '2026-01-01T00:00:00.000Z'): Item => ({
    version,
    kind: 'policy',
    url: `https://example.com/privacy/${version}`,
    effectiveAt,
    material: false,
    summary: { de: 'x', en: 'x' },
    publishedAt,
    effectiveFrom: `${effectiveAt}#${publishedAt}`,
  });

  it.each([
    ['before any version took effect', '2025-12-31T23:59:59.999Z', undefined],
    ['the instant the first takes effect', '2026-01-01T00:00:00.000Z', 'v1'],
    ['between two versions', '2026-03-15T12:00:00.000Z', 'v1'],
    ['the instant the second takes effect', '2026-04-01T00:00:00.000Z', 'v2'],
    ['long after', '2030-01-01T00:00:00.000Z', 'v3'],
  ])('answers %s', async (_case, at, expected) => {
    // Prepare: v3 and v3-draft take effect together; v3 was published later, so it wins
    fakeTable([
      stored('v1', '2026-01-01T00:00:00.000Z'),
      stored('v2', '2026-04-01T00:00:00.000Z'),
      stored('v3-draft', '2026-09-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'),
      stored('v3', '2026-09-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'),
      { version: 'campaign#v2', kind: 'campaign' },
    ]);
    const store = new PolicyStore(TABLE, client);

    // Act
    const outcome = policyInForce(store, new Date(at));

    // Assess
    if (expected) await expect(outcome).resolves.toMatchObject({ version: expected });
    else await expect(outcome).rejects.toBeInstanceOf(NotFoundError);
  });

  it('asks the index for the newest version at or before the instant, one item only', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });

    // Act
    await new PolicyStore(TABLE, client).inForceAt(new Date('2026-03-01T00:00:00Z'));

    // Assess
    expect(documents).toReceiveCommandWith(QueryCommand, {
      IndexName: EFFECTIVE_INDEX,
      KeyConditionExpression: '#kind = :policy AND effectiveFrom < :after',
      ExpressionAttributeValues: { ':policy': 'policy', ':after': '2026-03-01T00:00:00.000Z#~' },
      ScanIndexForward: false,
      Limit: 1,
    });
  });
});

describe('SfnCampaignStarter', () => {
  it('starts one execution per version, and treats an existing one as started', async () => {
    // Prepare
    sfn
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: 'arn:1', startDate: new Date() })
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const starter = new SfnCampaignStarter(MACHINE, 3, new SFNClient({ region: 'eu-central-1' }));

    // Act
    const first = await starter.start('2026-05');
    const second = await starter.start('2026-05');

    // Assess
    expect(first).toEqual({ executionId: 'campaign-2026-05' });
    expect(second).toEqual(first);
    expect(sfn).toReceiveCommandWith(StartExecutionCommand, {
      stateMachineArn: MACHINE,
      name: 'campaign-2026-05',
      input: JSON.stringify({ version: '2026-05', segments: [0, 1, 2], segmentCount: 3 }),
    });
  });
});

interface Problem {
  status: number;
  type: string;
  errors?: { path: string; message: string }[];
}

const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  publishPolicyHandler(
    apiEvent({ httpMethod: 'POST', path: '/v1/policies', resource: '/v1/policies', headers, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    lambdaContext(),
  );

const current = (query: Record<string, string> | null) =>
  currentPolicyHandler(apiEvent({ httpMethod: 'GET', path: '/v1/policies/current', queryStringParameters: query }), lambdaContext());

const status = (version: string) =>
  campaignStatusHandler(apiEvent({ httpMethod: 'GET', path: `/v1/policies/${version}/campaign`, pathParameters: { version } }), lambdaContext());

/** A body that takes effect tomorrow, whatever day the test runs. */
const validBody = () => ({ ...publication(), effectiveAt: new Date(Date.now() + 86_400_000).toISOString() });

describe('POST /v1/policies', () => {
  it('publishes a material version with 201 and starts its campaign; the same again is 200', async () => {
    // Prepare
    fakeTable();
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:1', startDate: new Date() });
    const body = validBody();

    // Act
    const first = await post(body);
    const second = await post(body);

    // Assess
    expect(first.statusCode).toBe(201);
    expect(JSON.parse(first.body)).toMatchObject({ version: '2026-05', material: true, links: { campaign: '/v1/policies/2026-05/campaign' } });
    expect(second.statusCode).toBe(200);
    expect(JSON.parse(second.body)).toEqual(JSON.parse(first.body));
    expect(sfn).toReceiveCommandWith(StartExecutionCommand, { stateMachineArn: MACHINE, name: 'campaign-2026-05' });
  });

  it('answers another body for a published version with 409 problem+json', async () => {
    // Prepare
    fakeTable();
    sfn.on(StartExecutionCommand).resolves({});
    await post(validBody());

    // Act
    const result = await post({ ...validBody(), url: 'https://example.com/privacy/changed' });

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.headers).toMatchObject({ 'content-type': 'application/problem+json' });
  });

  it.each([
    ['version', { version: 'has spaces' }],
    ['version', { version: 'campaign#1' }],
    ['url', { url: 'http://example.com/privacy' }],
    ['url', { url: 'https://user:pw@example.com/privacy' }],
    ['url', { url: 'not a url' }],
    ['effectiveAt', { effectiveAt: '2026-06-01' }],
    ['effectiveAt', { effectiveAt: '2026-06-01T00:00:00' }],
    ['material', { material: 'yes' }],
    ['summary.de', { summary: { de: '', en: 'x' } }],
    ['summary.en', { summary: { de: 'x', en: 'Hello {{name}}' } }],
    ['summary.en', { summary: { de: 'x' } }],
    ['summary.fr', { summary: { de: 'x', en: 'x', fr: 'x' } }],
    ['extra', { extra: true }],
  ])('refuses a bad %s with 400 problem+json naming it', async (path, change) => {
    // Prepare
    fakeTable();

    // Act
    const result = await post({ ...validBody(), ...change });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    const problem = JSON.parse(result.body) as Problem;
    expect(problem.errors?.map((e) => e.path)).toContain(path);
    expect(documents).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it.each(['version', 'url', 'effectiveAt', 'material', 'summary'])('refuses a body without %s, naming it', async (field) => {
    // Prepare
    const body: Record<string, unknown> = validBody();
    delete body[field];

    // Act
    const result = await post(body);

    // Assess
    expect(result.statusCode).toBe(400);
    expect((JSON.parse(result.body) as Problem).errors?.map((e) => e.path)).toEqual([field]);
  });

  it('refuses an effectiveAt in the past with 400 naming it', async () => {
    // Prepare
    fakeTable();

    // Act
    const result = await post({ ...validBody(), effectiveAt: '2020-01-01T00:00:00Z' });

    // Assess
    expect(result.statusCode).toBe(400);
    expect((JSON.parse(result.body) as Problem).errors).toEqual([{ path: 'effectiveAt', message: expect.stringContaining('past') }]);
  });

  it('refuses broken JSON with 400 and a body that is not JSON with 415', async () => {
    // Act
    const broken = await post('{"version":');
    const text = await post('version=1', { 'content-type': 'text/plain' });

    // Assess
    expect(broken.statusCode).toBe(400);
    expect(text.statusCode).toBe(415);
  });
});

describe('GET /v1/policies/current', () => {
  it('answers the version in force at the instant asked, or now', async () => {
    // Prepare
    fakeTable([
      {
        version: 'v1',
        kind: 'policy',
        url: 'https://example.com/p/v1',
        effectiveAt: '2026-01-01T00:00:00.000Z',
        material: false,
        summary: { de: 'x', en: 'x' },
        publishedAt: '2025-12-01T00:00:00.000Z',
        effectiveFrom: '2026-01-01T00:00:00.000Z#2025-12-01T00:00:00.000Z',
      },
    ]);

    // Act
    const atTime = await current({ at: '2026-02-01T00:00:00+01:00' });
    const now = await current(null);
    const before = await current({ at: '2025-06-01T00:00:00Z' });

    // Assess
    expect(atTime.statusCode).toBe(200);
    expect(JSON.parse(atTime.body)).toMatchObject({ version: 'v1', effectiveAt: '2026-01-01T00:00:00.000Z' });
    expect(now.statusCode).toBe(200);
    expect(before.statusCode).toBe(404);
    expect(before.headers).toMatchObject({ 'content-type': 'application/problem+json' });
  });

  it.each([
    ['at', { at: 'yesterday' }],
    ['at', { at: '2026-02-01' }],
    ['when', { when: '2026-02-01T00:00:00Z' }],
  ])('refuses a bad %s with 400 naming it', async (path, query) => {
    // Act
    const result = await current(query);

    // Assess
    expect(result.statusCode).toBe(400);
    expect((JSON.parse(result.body) as Problem).errors?.map((e) => e.path)).toEqual([path]);
  });
});

describe('GET /v1/policies/{version}/campaign', () => {
  it('answers the counters of a running campaign', async () => {
    // Prepare
    fakeTable([
      {
        version: '2026-05',
        kind: 'policy',
        url: 'https://example.com/p',
        effectiveAt: '2026-06-01T00:00:00.000Z',
        material: true,
        summary: { de: 'x', en: 'x' },
        publishedAt: NOW.toISOString(),
      },
      {
        version: 'campaign#2026-05',
        policyVersion: '2026-05',
        kind: 'campaign',
        state: 'running',
        total: 7,
        sent: 5,
        suppressed: 1,
        failed: 1,
        startedAt: NOW.toISOString(),
        cursor: 'abc',
      },
    ]);

    // Act
    const result = await status('2026-05');

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      version: '2026-05',
      state: 'running',
      total: 7,
      sent: 5,
      suppressed: 1,
      failed: 1,
      startedAt: NOW.toISOString(),
      finishedAt: null,
      pausedUntil: null,
    });
  });

  it('says a running campaign is paused at the 24-hour quota, and until when; once that instant is past it reads running again', async () => {
    // Prepare
    const policy = {
      version: '2026-05',
      kind: 'policy',
      url: 'https://example.com/p',
      effectiveAt: '2026-06-01T00:00:00.000Z',
      material: true,
      summary: { de: 'x', en: 'x' },
      publishedAt: NOW.toISOString(),
    };
    const campaign = {
      version: 'campaign#2026-05',
      policyVersion: '2026-05',
      kind: 'campaign',
      state: 'running',
      total: 50_000,
      sent: 50_000,
      suppressed: 0,
      failed: 0,
    };
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

    // Act
    fakeTable([policy, { ...campaign, startedAt: NOW.toISOString(), pausedUntil: tomorrow }]);
    const paused = JSON.parse((await status('2026-05')).body);
    documents.reset();
    fakeTable([policy, { ...campaign, startedAt: NOW.toISOString(), pausedUntil: yesterday }]);
    const resumed = JSON.parse((await status('2026-05')).body);
    documents.reset();
    fakeTable([policy, { ...campaign, state: 'completed', startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), pausedUntil: tomorrow }]);
    const completed = JSON.parse((await status('2026-05')).body);

    // Assess
    expect(paused).toMatchObject({ state: 'paused', pausedUntil: tomorrow, sent: 50_000 });
    expect(resumed).toMatchObject({ state: 'running', pausedUntil: null });
    expect(completed).toMatchObject({ state: 'completed', pausedUntil: null });
  });

  it('answers 404 for a version never published, without asking the table about an impossible label', async () => {
    // Prepare
    fakeTable();

    // Act
    const unknown = await status('2099-01');
    const impossible = await status('campaign#2026-05');

    // Assess
    expect(unknown.statusCode).toBe(404);
    expect(impossible.statusCode).toBe(404);
    expect(documents.commandCalls(GetCommand)).toHaveLength(1);
  });
});
