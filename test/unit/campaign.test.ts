import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type BatchWriteCommandInput,
  type PutCommandInput,
  type ScanCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { SendBulkEmailCommand, SESv2Client, TooManyRequestsException, type SendBulkEmailCommandInput } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { SesBulkMailer } from '../../shared/mail/bulk-mailer.js';
import { MailError } from '../../shared/mail/mailer.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { decodeCursor, DynamoAudience, encodeCursor } from '../../shared/notifications/audience.js';
import {
  CampaignError,
  CampaignRetryableError,
  campaignStepOutput,
  MAX_LAG_SECONDS,
  nextPace,
  QUOTA_RETRY_SECONDS,
  quotaResumesAt,
  sendCampaignPage,
  THROTTLE_WAIT_SECONDS,
  type CampaignDeps,
  type CampaignPageInput,
} from '../../shared/notifications/campaign.js';
import type { PolicyVersion } from '../../shared/notifications/model.js';
import { PolicyStore } from '../../shared/notifications/policy-store.js';
import { DynamoRecipientMarkers } from '../../shared/notifications/recipient-markers.js';
import { SuppressionList, type SuppressionReason } from '../../shared/preferences/suppression-list.js';
import { subjectHash } from '../../shared/subject.js';

const POLICIES = 'policies';
const ACCOUNTS = 'accounts';
const SUPPRESSIONS = 'suppressions';
const MARKERS = 'campaign-recipients';
const KEY = Buffer.from('k'.repeat(43), 'utf8');
const NOW = new Date('2026-05-01T09:00:00.000Z');

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const material: PolicyVersion = {
  version: '2026-05',
  url: 'https://example.com/privacy/2026-05',
  effectiveAt: '2026-06-01T00:00:00.000Z',
  material: true,
  summary: { de: 'Wir nennen neue Empfänger Ihrer Daten.', en: 'We name new recipients of your data.' },
  publishedAt: '2026-05-01T08:00:00.000Z',
};

interface Account {
  accountId: string;
  email: string;
  locale: 'de' | 'en';
  status: 'active' | 'deactivated';
}

const account = (n: number, overrides: Partial<Account> = {}): Account => ({
  accountId: `acc-${String(n).padStart(5, '0')}`,
  email: `person${n}@example.com`,
  locale: 'en',
  status: 'active',
  ...overrides,
});

const hashOf = (email: string) => subjectHash(KEY, email);
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

interface World {
  accounts: Account[];
  suppressions?: Record<string, SuppressionReason>;
  /** Emails whose marker an earlier run claimed. */
  claimed?: string[];
  policy?: PolicyVersion;
}

/** The four tables in memory behind the mocked document client. */
function world({ accounts, suppressions = {}, claimed = [], policy = material }: World) {
  const markers = new Set(claimed.map(hashOf));
  const suppressedByHash = new Map(Object.entries(suppressions).map(([email, reason]) => [hashOf(email), reason]));
  documents
    .on(GetCommand)
    .callsFake((input: { TableName: string; Key: { version: string } }) =>
      input.TableName === POLICIES && input.Key.version === policy.version ? { Item: { ...policy, kind: 'policy' } } : {},
    );
  documents.on(ScanCommand).callsFake((input: ScanCommandInput) => {
    const start = input.ExclusiveStartKey ? accounts.findIndex((a) => a.accountId === input.ExclusiveStartKey!.accountId) + 1 : 0;
    const read = accounts.slice(start, start + (input.Limit ?? accounts.length));
    const last = read.at(-1);
    return {
      Items: read.filter((a) => a.status === 'active').map(({ email, locale, status }) => ({ email, locale, status })),
      ...(last && start + read.length < accounts.length ? { LastEvaluatedKey: { accountId: last.accountId } } : {}),
    };
  });
  documents.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const keys = (input.RequestItems![SUPPRESSIONS]!.Keys ?? []) as { subjectHash: string }[];
    const found = keys
      .filter((k) => suppressedByHash.has(k.subjectHash))
      .map((k) => ({ subjectHash: k.subjectHash, reason: suppressedByHash.get(k.subjectHash) }));
    return { Responses: { [SUPPRESSIONS]: found } };
  });
  documents.on(PutCommand).callsFake((input: PutCommandInput) => {
    const hash = String(input.Item!.subjectHash);
    if (markers.has(hash)) throw conditionFailed();
    markers.add(hash);
    return {};
  });
  documents.on(UpdateCommand).resolves({});
  documents.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => {
    for (const request of input.RequestItems![MARKERS] ?? []) markers.delete(String(request.DeleteRequest!.Key!.subjectHash));
    return {};
  });
  return { markers };
}

/** SES accepts every destination unless `status` says otherwise for an address. */
function sesAccepts(status: (email: string) => string = () => 'SUCCESS') {
  ses.on(SendBulkEmailCommand).callsFake((input: SendBulkEmailCommandInput) => ({
    BulkEmailEntryResults: input.BulkEmailEntries!.map((entry, index) => {
      const result = status(entry.Destination!.ToAddresses![0]!);
      return result === 'SUCCESS' ? { Status: 'SUCCESS', MessageId: `msg-${index}` } : { Status: result, Error: 'refused' };
    }),
  }));
}

function deps(overrides: Partial<CampaignDeps> = {}): CampaignDeps {
  return {
    policies: new PolicyStore(POLICIES, client),
    audience: new DynamoAudience(ACCOUNTS, client),
    suppressions: new SuppressionList(SUPPRESSIONS, async () => KEY, client),
    markers: new DynamoRecipientMarkers(MARKERS, () => NOW, client),
    mailer: new SesBulkMailer({ from: 'privacy@example.com', client: new SESv2Client({ region: 'eu-central-1' }) }),
    hashKey: async () => KEY,
    controller: DEMO_CONTROLLER,
    settings: { sendsPerSecond: 100, pageSize: 500 },
    now: () => NOW,
    ...overrides,
  };
}

const page = (input: Partial<CampaignPageInput> = {}, overrides: Partial<CampaignDeps> = {}) =>
  sendCampaignPage({ version: material.version, ...input }, deps(overrides));

const bulkCalls = () => ses.commandCalls(SendBulkEmailCommand).map((call) => call.args[0].input as SendBulkEmailCommandInput);
const destinationsOf = (input: SendBulkEmailCommandInput) => input.BulkEmailEntries!.map((e) => e.Destination!.ToAddresses![0]!);
const updates = () => documents.commandCalls(UpdateCommand).map((call) => call.args[0].input as UpdateCommandInput);
const released = () =>
  documents
    .commandCalls(BatchWriteCommand)
    .flatMap((call) => (call.args[0].input as BatchWriteCommandInput).RequestItems![MARKERS]!.map((r) => String(r.DeleteRequest!.Key!.subjectHash)));

afterEach(() => {
  documents.reset();
  ses.reset();
});

describe('sendCampaignPage', () => {
  it('sends the notice in bulk, one template per language, to everyone active', async () => {
    // Prepare
    const accounts = [account(1, { locale: 'de' }), account(2), account(3, { locale: 'de' }), account(4, { status: 'deactivated' }), account(5)];
    world({ accounts });
    sesAccepts();

    // Act
    const result = await page();

    // Assess
    expect(result).toMatchObject({ sent: 4, suppressed: 0, failed: 0, skipped: 0, calls: 2 });
    expect(result.nextCursor).toBeUndefined();
    const [de, en] = bulkCalls();
    expect(destinationsOf(de!)).toEqual(['person1@example.com', 'person3@example.com']);
    expect(destinationsOf(en!)).toEqual(['person2@example.com', 'person5@example.com']);
    expect(de!.DefaultContent!.Template!.TemplateContent!.Subject).toBe('Wir haben unsere Datenschutzerklärung geändert');
    expect(de!.DefaultContent!.Template!.TemplateContent!.Text).toContain('Wir nennen neue Empfänger Ihrer Daten.');
    expect(en!.DefaultContent!.Template!.TemplateContent!.Html).toContain('https://example.com/privacy/2026-05');
    expect(en!.DefaultEmailTags).toEqual([
      { Name: 'notice', Value: 'policy-changed' },
      { Name: 'campaign', Value: '2026-05' },
    ]);
    expect(documents).toReceiveCommandWith(ScanCommand, {
      TableName: ACCOUNTS,
      Limit: 500,
      FilterExpression: '#status = :active',
      ExpressionAttributeValues: { ':active': 'active' },
    });
  });

  it('skips a bounced or complaining address, but still mails one that only opted out of marketing', async () => {
    // Prepare
    const accounts = [account(1), account(2), account(3), account(4)];
    world({
      accounts,
      suppressions: { 'person1@example.com': 'bounce', 'person2@example.com': 'complaint', 'person3@example.com': 'marketing-opt-out' },
    });
    sesAccepts();

    // Act
    const result = await page();

    // Assess
    expect(result).toMatchObject({ sent: 2, suppressed: 2, failed: 0 });
    expect(bulkCalls().flatMap(destinationsOf)).toEqual(['person3@example.com', 'person4@example.com']);
    // Eventually consistent, half the read units a key (docs/scale.md says what that may miss).
    expect(documents).toReceiveCommandWith(BatchGetCommand, {
      RequestItems: { [SUPPRESSIONS]: expect.objectContaining({ ConsistentRead: false }) },
    });
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: MARKERS,
      Item: expect.objectContaining({ subjectHash: hashOf('person1@example.com'), purpose: 'suppressed' }),
    });
    expect(updates()[0]).toMatchObject({
      Key: { version: 'campaign#2026-05' },
      UpdateExpression: 'ADD #total :total, #suppressed :suppressed',
      ExpressionAttributeValues: { ':total': 2, ':suppressed': 2 },
    });
  });

  it('claims each marker before sending, and skips a recipient an earlier run claimed without sending or counting again', async () => {
    // Prepare
    world({ accounts: [account(1), account(2), account(3)], claimed: ['person2@example.com'] });
    sesAccepts();

    // Act
    const result = await page();

    // Assess
    expect(result).toMatchObject({ sent: 2, skipped: 1, suppressed: 0 });
    expect(bulkCalls().flatMap(destinationsOf)).toEqual(['person1@example.com', 'person3@example.com']);
    expect(documents).toReceiveCommandWith(PutCommand, { TableName: MARKERS, ConditionExpression: 'attribute_not_exists(subjectHash)' });
    // Spread over 16 partition keys by the hash's first digit.
    const hash = hashOf('person1@example.com');
    expect(documents).toReceiveCommandWith(PutCommand, { Item: expect.objectContaining({ version: `2026-05#${hash[0]}`, subjectHash: hash }) });
    expect(new Set(documents.commandCalls(PutCommand).map((c) => String(c.args[0].input.Item!.version)))).toEqual(
      new Set(['person1@example.com', 'person2@example.com', 'person3@example.com'].map((e) => `2026-05#${hashOf(e)[0]}`)),
    );
    expect(JSON.stringify(documents.commandCalls(PutCommand).map((c) => c.args[0].input))).not.toContain('@example.com');
    expect(updates().find((u) => u.UpdateExpression?.startsWith('ADD'))).toMatchObject({ ExpressionAttributeValues: { ':total': 2, ':sent': 2 } });
  });

  it('hands SES at most 50 destinations per call, each recipient exactly once', async () => {
    // Prepare
    const accounts = [...Array.from({ length: 120 }, (_, i) => account(i)), ...Array.from({ length: 30 }, (_, i) => account(200 + i, { locale: 'de' }))];
    world({ accounts });
    sesAccepts();

    // Act
    const result = await page();

    // Assess
    const sizes = bulkCalls().map((call) => call.BulkEmailEntries!.length);
    expect(sizes).toEqual([50, 50, 20, 30]);
    const everyone = bulkCalls().flatMap(destinationsOf);
    expect(new Set(everyone).size).toBe(150);
    expect(result).toMatchObject({ sent: 150, calls: 4 });
  });

  it('counts the destinations SES refuses for good as failed, and keeps their markers', async () => {
    // Prepare
    world({ accounts: [account(1), account(2), account(3)] });
    sesAccepts((email) => (email === 'person2@example.com' ? 'MESSAGE_REJECTED' : 'SUCCESS'));

    // Act
    const result = await page();

    // Assess
    expect(result).toMatchObject({ sent: 2, failed: 1 });
    expect(updates()[0]).toMatchObject({ ExpressionAttributeValues: { ':total': 3, ':sent': 2, ':failed': 1 } });
    expect(released()).toEqual([]);
  });

  it('gives back the markers of destinations refused for now and asks for the page again, without moving the cursor', async () => {
    // Prepare
    const { markers } = world({ accounts: [account(1), account(2), account(3)] });
    sesAccepts((email) => (email === 'person3@example.com' ? 'TRANSIENT_FAILURE' : 'SUCCESS'));

    // Act
    const outcome = page();

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(CampaignRetryableError);
    expect(released()).toEqual([hashOf('person3@example.com')]);
    expect(markers.has(hashOf('person1@example.com'))).toBe(true);
    expect(updates().some((u) => u.UpdateExpression?.includes('#cursor'))).toBe(false);
  });

  it.each([
    ['a destination status', 'status'],
    ['the whole call', 'call'],
  ])('ends a page SES throttled for its send rate (%s) early, gives back the rest, and runs the same page again after a wait', async (_, how) => {
    // Prepare: 120 accounts; the second call is throttled
    const accounts = Array.from({ length: 120 }, (_, i) => account(i));
    const { markers } = world({ accounts });
    let calls = 0;
    ses.on(SendBulkEmailCommand).callsFake((input: SendBulkEmailCommandInput) => {
      calls++;
      if (calls === 2 && how === 'call') throw new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} });
      return {
        BulkEmailEntryResults: input.BulkEmailEntries!.map((_, i) =>
          calls === 2 ? { Status: 'ACCOUNT_THROTTLED', Error: 'Maximum sending rate exceeded.' } : { Status: 'SUCCESS', MessageId: `m-${i}` },
        ),
      };
    });

    // Act
    const first = await page();
    const step = campaignStepOutput({ version: material.version, segment: 0, segments: 1, cursor: null }, first);

    // Assess
    expect(calls).toBe(2);
    expect(first).toMatchObject({ sent: 50, unfinished: true });
    expect(first.nextCursor).toBeUndefined();
    expect(first.waitSeconds).toBeGreaterThanOrEqual(THROTTLE_WAIT_SECONDS);
    expect(released()).toHaveLength(70);
    expect(markers.size).toBe(50);
    expect(updates().some((u) => u.UpdateExpression?.includes('#cursor'))).toBe(false);
    expect(step).toMatchObject({ cursor: null, more: true, pausedUntil: null });
  });

  it('gives back the claims it made when another claim of the page fails, so the retry mails those recipients, and rethrows', async () => {
    // Prepare: the marker table throttles the third claim after the SDK's own retries
    const accounts = Array.from({ length: 5 }, (_, i) => account(i));
    const { markers } = world({ accounts });
    const throttled = new ProvisionedThroughputExceededException({
      message: 'The level of configured provisioned throughput for the table was exceeded.',
      $metadata: {},
    });
    documents.on(PutCommand).callsFake((input: PutCommandInput) => {
      const hash = String(input.Item!.subjectHash);
      if (hash === hashOf('person2@example.com')) throw throttled;
      markers.add(hash);
      return {};
    });
    sesAccepts();

    // Act
    const outcome = page();

    // Assess
    await expect(outcome).rejects.toBe(throttled);
    expect(ses).not.toHaveReceivedCommand(SendBulkEmailCommand);
    expect(released().sort()).toEqual(['person0@example.com', 'person1@example.com', 'person3@example.com', 'person4@example.com'].map(hashOf).sort());
    expect(markers.size).toBe(0);
  });

  it('gives back every claim not yet handed over when a bulk call fails, and rethrows', async () => {
    // Prepare
    const accounts = Array.from({ length: 70 }, (_, i) => account(i));
    const { markers } = world({ accounts });
    ses
      .on(SendBulkEmailCommand)
      .resolvesOnce({ BulkEmailEntryResults: Array.from({ length: 50 }, (_, i) => ({ Status: 'SUCCESS', MessageId: `m-${i}` })) })
      .rejectsOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));

    // Act
    const outcome = page();

    // Assess
    const error = await outcome.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(MailError);
    expect((error as MailError).retryable).toBe(true);
    expect(released().sort()).toEqual(
      accounts
        .slice(50)
        .map((a) => hashOf(a.email))
        .sort(),
    );
    expect(markers.size).toBe(50);
    expect(updates()).toHaveLength(1);
    expect(updates()[0]).toMatchObject({ ExpressionAttributeValues: { ':total': 50, ':sent': 50 } });
  });

  it('pauses at the 24-hour quota: keeps what went, gives back the rest, sends no more, and runs the same page again the next day', async () => {
    // Prepare: 119 accounts after the cursor; SES takes the first 70, then the day's quota is used up
    const accounts = Array.from({ length: 120 }, (_, i) => account(i));
    const { markers } = world({ accounts });
    let handed = 0;
    sesAccepts(() => (++handed <= 70 ? 'SUCCESS' : 'ACCOUNT_DAILY_QUOTA_EXCEEDED'));
    const day = new Date(NOW.getTime() - 5 * 3600_000);
    const input = { cursor: encodeCursor({ accountId: 'acc-00000' }), pace: { since: day.toISOString(), handed: 30_000, day: day.toISOString() } };

    // Act
    const result = await page(input);
    const step = campaignStepOutput({ version: material.version, segment: 0, segments: 1, ...input }, result);

    // Assess: the next day starts once this day's notices left the window, a minute later
    const resume = new Date(day.getTime() + 24 * 3600_000 + 60_000).toISOString().replace('.000Z', 'Z');
    expect(bulkCalls()).toHaveLength(2);
    expect(result).toMatchObject({ sent: 70, failed: 0, calls: 2, pausedUntil: resume, nextCursor: input.cursor });
    expect(result.waitSeconds).toBe(19 * 3600 + 60);
    expect(result.pace).toEqual({ since: resume, handed: 0, day: resume });
    expect(released()).toHaveLength(49);
    expect(markers.size).toBe(70);
    expect(documents).toReceiveCommandWith(UpdateCommand, {
      UpdateExpression: 'SET pausedUntil = :until',
      ExpressionAttributeValues: { ':until': resume.replace('Z', '.000Z') },
    });
    expect(updates().some((u) => u.UpdateExpression?.includes('#cursor'))).toBe(false);
    expect(step).toMatchObject({ cursor: input.cursor, more: true, pausedUntil: resume });
  });

  it('pauses the first page too when SES refuses the whole call for the daily quota, and tries again in ten minutes when its day does not explain it', async () => {
    // Prepare: the part's day began 30 hours ago, so other mail must have used up the quota
    world({ accounts: [account(1), account(2)] });
    ses.on(SendBulkEmailCommand).rejects(new TooManyRequestsException({ message: 'Daily message quota exceeded.', $metadata: {} }));
    const day = new Date(NOW.getTime() - 30 * 3600_000).toISOString();

    // Act
    const first = await page({ pace: { since: day, handed: 0, day } });
    const step = campaignStepOutput({ version: material.version, segment: 2, segments: 4, cursor: null }, first);

    // Assess
    const retry = new Date(NOW.getTime() + QUOTA_RETRY_SECONDS * 1000).toISOString().replace('.000Z', 'Z');
    expect(first).toMatchObject({ sent: 0, calls: 0, pausedUntil: retry, waitSeconds: QUOTA_RETRY_SECONDS });
    expect(first.nextCursor).toBeUndefined();
    expect(released()).toHaveLength(2);
    expect(step).toMatchObject({ cursor: null, more: true, pausedUntil: retry, segment: 2 });
  });

  it('hands the workflow the next cursor and no pause after an ordinary page, and no more after the last', async () => {
    // Prepare
    world({ accounts: Array.from({ length: 7 }, (_, i) => account(i)) });
    sesAccepts();

    // Act
    const first = await page({}, { settings: { sendsPerSecond: 100, pageSize: 5 } });
    const last = await page({ cursor: first.nextCursor!, pace: first.pace }, { settings: { sendsPerSecond: 100, pageSize: 5 } });
    const base = { version: material.version, segment: 0, segments: 1 };

    // Assess
    expect(campaignStepOutput({ ...base, cursor: null }, first)).toMatchObject({ cursor: first.nextCursor, more: true, pausedUntil: null, sent: 5 });
    expect(campaignStepOutput({ ...base, cursor: first.nextCursor! }, last)).toMatchObject({ cursor: null, more: false, pausedUntil: null, sent: 2 });
  });

  it('reads one page, remembers where it ended, and says how long to wait for the send rate', async () => {
    // Prepare
    const accounts = Array.from({ length: 12 }, (_, i) => account(i));
    world({ accounts });
    sesAccepts();

    // Act
    const first = await page({}, { settings: { sendsPerSecond: 2, pageSize: 5 } });
    const second = await page({ cursor: first.nextCursor!, pace: first.pace }, { settings: { sendsPerSecond: 2, pageSize: 5 } });
    const last = await page({ cursor: second.nextCursor!, pace: second.pace }, { settings: { sendsPerSecond: 2, pageSize: 5 } });

    // Assess
    expect(decodeCursor(first.nextCursor!)).toEqual({ accountId: 'acc-00004' });
    expect(first).toMatchObject({ sent: 5, waitSeconds: 3, pace: { since: NOW.toISOString(), handed: 5 } });
    expect(second).toMatchObject({ sent: 5, waitSeconds: 5, pace: { handed: 10 } });
    expect(last).toMatchObject({ sent: 2, waitSeconds: 0 });
    expect(last.nextCursor).toBeUndefined();
    expect(documents).toReceiveCommandWith(ScanCommand, { ExclusiveStartKey: { accountId: 'acc-00004' } });
    expect(documents).toReceiveCommandWith(UpdateCommand, {
      UpdateExpression: 'SET #cursor = :cursor',
      ExpressionAttributeValues: { ':cursor': first.nextCursor },
    });
    expect(documents).toReceiveCommandWith(UpdateCommand, { UpdateExpression: 'REMOVE #cursor' });
  });

  it('reads only its part of the directory and paces it at its share of the rate', async () => {
    // Prepare
    world({ accounts: Array.from({ length: 12 }, (_, i) => account(i)) });
    sesAccepts();

    // Act
    const part = await page({ segment: 1, segments: 4 }, { settings: { sendsPerSecond: 8, pageSize: 5 } });

    // Assess: 5 handed over at 8 / 4 = 2 a second are due 2.5 s after the start
    expect(documents).toReceiveCommandWith(ScanCommand, { Segment: 1, TotalSegments: 4, Limit: 5 });
    expect(part).toMatchObject({ sent: 5, waitSeconds: 3 });
    expect(documents).toReceiveCommandWith(UpdateCommand, { ExpressionAttributeNames: { '#cursor': 'cursor1' } });
  });

  it.each([
    [4, 4],
    [-1, 2],
    [0, 0],
    [0, 65],
    [0.5, 2],
  ])('refuses part %d of %d, sending nothing', async (segment, segments) => {
    // Prepare
    world({ accounts: [account(1)] });
    sesAccepts();

    // Act
    const outcome = page({ segment, segments });

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(CampaignError);
    expect(documents).not.toHaveReceivedCommand(ScanCommand);
    expect(ses).not.toHaveReceivedCommand(SendBulkEmailCommand);
  });

  it('refuses a version that is not material, sending nothing', async () => {
    // Prepare
    world({ accounts: [account(1)], policy: { ...material, material: false } });
    sesAccepts();

    // Act
    const outcome = page();

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(CampaignError);
    expect(ses).not.toHaveReceivedCommand(SendBulkEmailCommand);
  });

  it('rejects a cursor it did not hand out', () => {
    expect(() => decodeCursor('not-json')).toThrow(/cursor/);
    expect(decodeCursor(encodeCursor({ accountId: 'acc-1' }))).toEqual({ accountId: 'acc-1' });
  });
});

describe('nextPace', () => {
  const t0 = new Date('2026-05-01T10:00:00.000Z');
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

  it.each([
    // previous, handed now, page started, now, rate → wait, handed
    { case: 'first page, sent faster than the rate', previous: null, handed: 500, started: 0, now: 2, rate: 14, wait: 34, total: 500 },
    { case: 'first page, exactly on time', previous: null, handed: 100, started: 0, now: 10, rate: 10, wait: 0, total: 100 },
    { case: 'rounding up to whole seconds', previous: null, handed: 50, started: 0, now: 0.2, rate: 100, wait: 1, total: 50 },
    {
      case: 'a later page, against the schedule since the start',
      previous: { since: t0.toISOString(), handed: 500 },
      handed: 500,
      started: 40,
      now: 41,
      rate: 10,
      wait: 59,
      total: 1000,
    },
    {
      case: 'a page that waited too long before is not held back',
      previous: { since: t0.toISOString(), handed: 500 },
      handed: 500,
      started: 90,
      now: 100,
      rate: 10,
      wait: 0,
      total: 1000,
    },
    { case: 'nothing handed over: no wait', previous: null, handed: 0, started: 0, now: 1, rate: 10, wait: 0, total: 0 },
  ])('waits $wait s: $case', ({ previous, handed, started, now, rate, wait, total }) => {
    // Act
    const result = nextPace(previous, handed, at(started), at(now), rate);

    // Assess
    expect(result.waitSeconds).toBe(wait);
    expect(result.pace.handed).toBe(total);
  });

  it('starts the schedule over when it fell more than the allowed lag behind, instead of bursting', () => {
    // Prepare
    const previous = { since: t0.toISOString(), handed: 100 };

    // Act
    const result = nextPace(previous, 100, at(600), at(600 + MAX_LAG_SECONDS + 581), 1);

    // Assess
    expect(result).toEqual({ pace: { since: at(600 + MAX_LAG_SECONDS + 581).toISOString(), handed: 0, day: t0.toISOString() }, waitSeconds: 0 });
  });

  it('keeps the day the part began sending within the 24-hour quota from page to page', () => {
    // Act
    const first = nextPace(null, 500, t0, at(1), 100);
    const later = nextPace({ ...first.pace, since: at(3600).toISOString() }, 500, at(3600), at(3601), 100);

    // Assess
    expect(first.pace.day).toBe(t0.toISOString());
    expect(later.pace.day).toBe(t0.toISOString());
  });
});

describe('DynamoRecipientMarkers.release', () => {
  it('retries unprocessed deletes with a growing backoff through the clock it was given, and gives up after eight attempts', async () => {
    // Prepare
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const hashes = ['h1', 'h2'];
    const unprocessed = { UnprocessedItems: { [MARKERS]: [{ DeleteRequest: { Key: { version: 'v', subjectHash: 'h2' } } }] } };
    documents.on(BatchWriteCommand).resolvesOnce(unprocessed).resolvesOnce(unprocessed).resolves({});
    const markers = new DynamoRecipientMarkers(MARKERS, () => NOW, client, sleep);

    // Act
    await markers.release('v', hashes);
    documents.reset();
    documents.on(BatchWriteCommand).resolves(unprocessed);
    const stuck = markers.release('v', ['h2']);

    // Assess
    await expect(stuck).rejects.toThrow(/unprocessed/);
    expect(documents).toReceiveCommandWith(BatchWriteCommand, {
      RequestItems: { [MARKERS]: [{ DeleteRequest: { Key: { version: 'v#h', subjectHash: 'h2' } } }] },
    });
    expect(waits.slice(0, 2)).toEqual([100, 200]);
    expect(waits).toHaveLength(2 + 7);
  });
});

describe('quotaResumesAt', () => {
  const day = new Date('2026-05-01T10:00:00.000Z');
  const later = (seconds: number) => new Date(day.getTime() + seconds * 1000);

  it.each([
    { case: 'a day that began 5 h ago, fast pages: 24 h after it began, plus a minute', now: 5 * 3600, page: 5, resume: 86_400 + 60 },
    { case: 'slow pages: plus the time one page takes', now: 5 * 3600, page: 135.7, resume: 86_400 + 136 },
    { case: 'a day that is over: ten minutes from now', now: 25 * 3600, page: 5, resume: 25 * 3600 + QUOTA_RETRY_SECONDS },
    { case: 'a day that ends within ten minutes: ten minutes from now', now: 86_400 - 100, page: 5, resume: 86_400 - 100 + QUOTA_RETRY_SECONDS },
    { case: 'whole seconds', now: 0.4, page: 5, resume: 86_400 + 60 },
  ])('$case', ({ now, page: pageSeconds, resume }) => {
    expect(quotaResumesAt(day, later(now), pageSeconds)).toEqual(later(resume));
  });
});

describe('nextPace, edge', () => {
  it('refuses a rate of NaN', () => {
    expect(() => nextPace(null, 1, new Date(0), new Date(0), Number.NaN)).toThrow(RangeError);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => nextPace(null, 1, new Date(0), new Date(0), 0)).toThrow(RangeError);
  });
});
