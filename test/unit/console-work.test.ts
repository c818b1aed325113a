import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultRegisterYear, registerOfYear } from '../../shared/console/disclosures.js';
import { campaignBar, policyVersions, type PolicyRow } from '../../shared/console/policies.js';
import { renderPoliciesPage } from '../../shared/pages/console-work-pages.js';
import { failureCode, systemsOverview } from '../../shared/console/systems.js';
import { triageMail, triageRow } from '../../shared/console/triage.js';
import { InvalidInputError } from '../../shared/errors.js';
import { SystemStore } from '../../shared/fulfilment/system-store.js';
import { TaskStore, type TaskRecord } from '../../shared/fulfilment/task-store.js';
import type { InboxMail } from '../../shared/intake/inbox-store.js';
import type { ReceiveMailDeps } from '../../shared/intake/receive-mail.js';
import type { CampaignStatus } from '../../shared/notifications/policies.js';
import { campaignKey, PolicyStore } from '../../shared/notifications/policy-store.js';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);
const NOW = new Date('2026-12-03T12:00:00.000Z');

afterEach(() => {
  documents.reset();
});

const mail = (overrides: Partial<InboxMail> = {}): InboxMail => ({
  id: '01JF0000000000000000000001',
  receivedAt: '2026-11-30T12:00:00.000Z',
  rawKey: 'inbound/x',
  bytes: 100,
  from: 'casey.doe@example.com',
  locale: 'en',
  verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' },
  outcome: 'triage',
  reason: 'no-right',
  why: [],
  rights: [],
  requestIds: [],
  state: 'open',
  excerpt: 'My data — I am worried, write to c•••@example.com',
  purgeAt: 0,
  ...overrides,
});

describe('triageRow', () => {
  it.each([
    ['received just now', '2026-12-03T11:59:00.000Z', 0, false],
    ['exactly the alarm days ago', '2026-11-30T12:00:00.000Z', 3, false],
    ['a second past the alarm days', '2026-11-30T11:59:59.000Z', 3, true],
    ['ten days ago', '2026-11-23T12:00:00.000Z', 10, true],
  ])('counts the wait and marks a mail %s as the sweep would', (_label, receivedAt, ageDays, overdue) => {
    // Act
    const row = triageRow(mail({ receivedAt }), NOW, 3);

    // Assess
    expect(row).toMatchObject({ ageDays, overdue });
  });

  it('shows the sender masked and the excerpt as the API does, never the address', () => {
    // Act
    const row = triageRow(mail(), NOW, 3);

    // Assess
    expect(row.mail.from).toBe('c•••@example.com');
    expect(JSON.stringify(row)).not.toContain('casey.doe@example.com');
  });
});

describe('triageMail', () => {
  const deps = () => {
    const inbox = { get: vi.fn(async () => mail()), close: vi.fn(async (_id: string, closed: InboxMail['closed']) => mail({ state: undefined, closed })) };
    const file = vi.fn(async () => ({ request: { id: '01JF00000000000000000000RQ' } }));
    return { inbox, file, deps: { inbox, file, afterFiled: vi.fn(async () => undefined), now: () => NOW } as unknown as ReceiveMailDeps };
  };

  it.each([
    ['classify', {}, 'type'],
    ['classify', { type: 'access' }, 'jurisdiction'],
    ['dismiss', {}, 'reason'],
  ] as const)('refuses to %s without the %j it needs, before touching the inbox', async (action, form, field) => {
    // Prepare
    const { inbox, deps: d } = deps();

    // Act
    const refused = triageMail(action, 'm', form, d, 'console:sub');

    // Assess
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ field });
    expect(inbox.get).not.toHaveBeenCalled();
  });

  it('files one request of the type and law, received when the mail was, and closes the mail as the operator', async () => {
    // Prepare
    const { inbox, file, deps: d } = deps();

    // Act
    const outcome = await triageMail('classify', '01JF0000000000000000000001', { type: 'deletion', jurisdiction: 'gdpr' }, d, 'console:sub-1');

    // Assess
    expect(outcome).toEqual({ action: 'classify', requestIds: ['01JF00000000000000000000RQ'] });
    expect(file).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'deletion', jurisdiction: 'gdpr', receivedAt: '2026-11-30T12:00:00.000Z', channel: 'email' }),
    );
    expect(inbox.close).toHaveBeenCalledWith('01JF0000000000000000000001', expect.objectContaining({ as: 'classified', by: 'console:sub-1' }), [
      '01JF00000000000000000000RQ',
    ]);
  });

  it('closes the mail with the reason and the operator, filing nothing', async () => {
    // Prepare
    const { inbox, file, deps: d } = deps();

    // Act
    const outcome = await triageMail('dismiss', '01JF0000000000000000000001', { reason: 'not-a-request' }, d, 'console:sub-1');

    // Assess
    expect(outcome).toEqual({ action: 'dismiss', reason: 'not-a-request' });
    expect(file).not.toHaveBeenCalled();
    expect(inbox.close).toHaveBeenCalledWith(
      '01JF0000000000000000000001',
      expect.objectContaining({ as: 'dismissed', reason: 'not-a-request', by: 'console:sub-1' }),
    );
  });
});

describe('failureCode', () => {
  it.each([
    ['the DynamoDB table does not exist (ResourceNotFoundException)', 'dynamodb', 'ResourceNotFoundException'],
    ['S3 did not delete every object: AccessDenied.', 's3', 'connector-error'],
    ['access was denied (AccessDenied).', 's3', 'AccessDenied'],
    ['States.Timeout', 'webhook', 'States.Timeout'],
    ['customer Jane Roe at 12 Elm St not found in ledger', 'webhook', 'reported-by-system'],
    ['Jane Roe asked us to keep it', 'manual', 'reported-by-system'],
    ['the system is no longer in the inventory', 'dynamodb', 'connector-error'],
    [undefined, 'manual', 'reported-by-system'],
  ] as const)('reads %j from a %s task as %s', (error, connector, code) => {
    expect(failureCode(error, connector)).toBe(code);
  });
});

describe('systemsOverview', () => {
  const task = (overrides: Partial<TaskRecord>): TaskRecord => ({
    taskId: 't',
    requestId: '01JF00000000000000000000R1',
    systemId: 'crm',
    action: 'delete',
    connector: 'dynamodb',
    state: 'finished',
    createdAt: '2026-12-01T00:00:00.000Z',
    dueAt: '2026-12-04T00:00:00.000Z',
    expiresAt: Math.floor(NOW.getTime() / 1000) + 86_400,
    ...overrides,
  });

  it("counts each system's open tasks and finds its last success and last failure, with the failure's code only, latest due first", async () => {
    // Prepare
    documents.on(ScanCommand).resolves({
      Items: [
        { systemId: 'crm', name: 'CRM', connector: { kind: 'dynamodb' }, actions: ['export', 'delete'], purposes: ['contract'] },
        {
          systemId: 'backups',
          name: 'Backups',
          connector: { kind: 'manual' },
          actions: [],
          purposes: ['security'],
          contact: { email: 'ops.lead@example.com' },
        },
      ],
    });
    documents.on(QueryCommand, { ExpressionAttributeValues: { ':state': 'open' } }).resolves({
      Items: [
        task({ state: 'open', systemId: 'backups', connector: 'manual' }),
        task({ state: 'open', systemId: 'backups', connector: 'manual' }),
        task({ state: 'open', expiresAt: 1 }),
      ],
    });
    documents.on(QueryCommand, { ExpressionAttributeValues: { ':state': 'finished' } }).resolves({
      Items: [
        task({ outcome: 'done', finishedAt: '2026-12-02T10:00:00.000Z', requestId: '01JF00000000000000000000R2' }),
        task({ outcome: 'failed', finishedAt: '2026-12-02T09:00:00.000Z', error: 'access was denied (AccessDenied)' }),
        task({ outcome: 'done', finishedAt: '2026-12-01T10:00:00.000Z' }),
        task({ systemId: 'backups', connector: 'manual', outcome: 'failed', finishedAt: '2026-12-02T08:00:00.000Z', error: 'Jane Roe is on holiday' }),
      ],
    });
    const deps = { systems: new SystemStore({ tableName: 'systems', client, secretKey: async () => Buffer.alloc(32) }), tasks: new TaskStore('tasks', client) };

    // Act
    const overview = await systemsOverview(deps, NOW);

    // Assess
    expect(overview.truncated).toBe(false);
    expect(overview.rows).toEqual([
      {
        systemId: 'backups',
        name: 'Backups',
        connector: 'manual',
        actions: [],
        purposes: ['security'],
        contact: 'o•••@example.com',
        lastFailure: { at: '2026-12-02T08:00:00.000Z', requestId: '01JF00000000000000000000R1', outcome: 'failed', code: 'reported-by-system' },
        openTasks: 2,
      },
      {
        systemId: 'crm',
        name: 'CRM',
        connector: 'dynamodb',
        actions: ['export', 'delete'],
        purposes: ['contract'],
        lastSuccess: { at: '2026-12-02T10:00:00.000Z', requestId: '01JF00000000000000000000R2', outcome: 'done' },
        lastFailure: { at: '2026-12-02T09:00:00.000Z', requestId: '01JF00000000000000000000R1', outcome: 'failed', code: 'AccessDenied' },
        openTasks: 0,
      },
    ]);
    expect(JSON.stringify(overview)).not.toMatch(/Jane|ops\.lead/);
    expect(documents).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'byState',
      ExpressionAttributeValues: { ':state': 'finished' },
      ScanIndexForward: false,
    });
  });
});

describe('campaignBar', () => {
  const status = (overrides: Partial<CampaignStatus>): CampaignStatus => ({
    version: 'v2',
    state: 'running',
    total: 12,
    sent: 10,
    suppressed: 1,
    failed: 1,
    startedAt: '2026-12-03T10:00:00.000Z',
    finishedAt: null,
    pausedUntil: null,
    ...overrides,
  });

  it.each([
    ['running', {}, { reached: 12, finished: false, live: true, summary: '10 sent, 1 suppressed, 1 failed of 12 reached so far; running.' }],
    [
      'completed',
      { state: 'completed' },
      { reached: 12, finished: true, live: false, summary: '10 sent, 1 suppressed, 1 failed of 12, everyone it had to reach; completed.' },
    ],
    [
      'failed',
      { state: 'failed' },
      { reached: 12, finished: false, live: false, summary: '10 sent, 1 suppressed, 1 failed of 12 reached; failed: an operator must look at its workflow.' },
    ],
    [
      'not needed',
      { state: 'not-needed', total: 0, sent: 0, suppressed: 0, failed: 0 },
      { reached: 0, finished: false, live: false, summary: '0 sent, 0 suppressed, 0 failed of 0 reached; no campaign: the change is not material.' },
    ],
  ] as const)('reads a %s campaign as a bar', (_label, overrides, expected) => {
    // Act
    const bar = campaignBar(status(overrides as Partial<CampaignStatus>));

    // Assess
    expect(bar).toMatchObject(expected);
    expect(bar.paused).toBeUndefined();
  });

  it("measures a running campaign against the directory's counted size, said to be an estimate, never below those reached", () => {
    // Act
    const bar = campaignBar(status({}), 200);
    const outgrown = campaignBar(status({}), 5);
    const unknown = campaignBar(status({}), undefined);
    const done = campaignBar(status({ state: 'completed' }), 200);

    // Assess
    expect(bar).toMatchObject({
      estimate: 200,
      summary:
        "10 sent, 1 suppressed, 1 failed of 12 reached so far, of about 200 accounts in the directory (DynamoDB's count, refreshed about every six hours); running.",
    });
    expect(outgrown.estimate).toBe(12);
    expect(unknown.estimate).toBeUndefined();
    expect(done.estimate).toBeUndefined();
  });

  it('says a campaign paused at the 24-hour quota is paused, and when it resumes', () => {
    // Act
    const bar = campaignBar(status({ state: 'paused', pausedUntil: '2026-12-04T10:00:00.000Z' }));

    // Assess
    expect(bar).toMatchObject({
      live: true,
      finished: false,
      paused: 'Paused at the SES 24-hour sending quota: it resumes by itself at 2026-12-04 10:00 UTC.',
    });
  });
});

describe('policyVersions', () => {
  it('lists every version latest taking effect first, marks the one in force, and gives a material one its campaign', async () => {
    // Prepare
    const v1 = {
      version: 'v1',
      url: 'https://e.example/1',
      effectiveAt: '2026-01-01T00:00:00.000Z',
      material: false,
      summary: { de: 'a', en: 'a' },
      publishedAt: '2025-12-01T00:00:00.000Z',
    };
    const v2 = {
      ...v1,
      version: 'v2',
      url: 'https://e.example/2',
      effectiveAt: '2027-01-01T00:00:00.000Z',
      material: true,
      publishedAt: '2026-12-01T00:00:00.000Z',
    };
    documents.on(QueryCommand, { KeyConditionExpression: '#kind = :policy' }).resolves({
      Items: [
        { ...v2, kind: 'policy' },
        { ...v1, kind: 'policy' },
      ],
    });
    documents.on(QueryCommand, { Limit: 1 }).resolves({ Items: [{ ...v1, kind: 'policy' }] });
    documents.on(GetCommand, { Key: { version: 'v2' } }).resolves({ Item: { ...v2, kind: 'policy' } });
    documents.on(GetCommand, { Key: { version: campaignKey('v2') } }).resolves({
      Item: {
        version: campaignKey('v2'),
        policyVersion: 'v2',
        kind: 'campaign',
        state: 'running',
        total: 3,
        sent: 3,
        suppressed: 0,
        failed: 0,
        startedAt: v2.publishedAt,
      },
    });

    // Act
    const rows = await policyVersions(new PolicyStore('policies', client), NOW);

    // Assess
    expect(rows.map((row) => [row.version, row.inForce, row.material, row.languages, row.campaign?.summary])).toEqual([
      ['v2', false, true, ['de', 'en'], '3 sent, 0 suppressed, 0 failed of 3 reached so far; running.'],
      ['v1', true, false, ['de', 'en'], undefined],
    ]);
    expect(documents).toHaveReceivedCommandWith(QueryCommand, { IndexName: 'byEffectiveFrom', ScanIndexForward: false });
  });
});

describe('registerOfYear', () => {
  const register = (items: object[]) => ({ list: vi.fn(async () => items as never) });

  it('states each recipient as the answer does, ordered by recipient, and names the requests it answers', async () => {
    // Prepare
    const list = register([
      { year: '2025', recipientId: 'zeta', name: 'Zeta Ads', address: '2 B St', categories: ['email'], updatedAt: '2026-01-01T00:00:00.000Z' },
      { year: '2025', recipientId: 'adco', name: 'AdCo', address: '1 A St', categories: ['contact data', 'purchases'], updatedAt: '2026-01-01T00:00:00.000Z' },
    ]);

    // Act
    const year = await registerOfYear(list, 2025, NOW, 'America/Los_Angeles');

    // Assess
    expect(list.list).toHaveBeenCalledWith('2025');
    expect(year.rows.map((row) => row.statement)).toEqual(['AdCo, 1 A St (contact data, purchases)', 'Zeta Ads, 2 B St (email)']);
    expect(year).toMatchObject({ year: 2025, answersRequestsOf: 2026, currentAnswerYear: 2025 });
    expect(year.years.slice(0, 3)).toEqual([2026, 2025, 2024]);
  });

  it.each([2004, 2027, 2025.5])('refuses the year %s, asking the register nothing', async (asked) => {
    // Prepare
    const list = register([]);

    // Act
    const refused = registerOfYear(list, asked, NOW, 'America/Los_Angeles');

    // Assess
    await expect(refused).rejects.toMatchObject({ name: 'InvalidInputError', field: 'year' });
    expect(list.list).not.toHaveBeenCalled();
  });

  it("opens on the year a request received now is answered from, in California's calendar", () => {
    expect(defaultRegisterYear(new Date('2027-01-01T05:00:00.000Z'), 'America/Los_Angeles')).toBe(2025);
    expect(defaultRegisterYear(new Date('2027-01-01T09:00:00.000Z'), 'America/Los_Angeles')).toBe(2026);
  });
});

describe('renderPoliciesPage', () => {
  const session = { sub: 's', role: 'viewer' as const, expiresAt: 0, csrf: 'c' };
  const controller = {
    name: 'Controller',
    postalAddress: 'Street 1',
    privacyContact: 'privacy@controller.example',
    privacyNoticeUrl: 'https://controller.example/privacy',
  };
  const row = (state: CampaignStatus['state'], pausedUntil: string | null): PolicyRow => ({
    version: 'v2',
    url: 'https://controller.example/privacy/v2',
    effectiveAt: '2027-01-01T00:00:00.000Z',
    publishedAt: '2026-12-01T00:00:00.000Z',
    material: true,
    languages: ['de', 'en'],
    inForce: false,
    campaign: campaignBar({
      version: 'v2',
      state,
      total: 4,
      sent: 4,
      suppressed: 0,
      failed: 0,
      startedAt: '2026-12-01T00:00:00.000Z',
      finishedAt: null,
      pausedUntil,
    }),
  });

  it('shows a campaign paused at the quota with when it resumes, an indeterminate bar, the refresh link and the script from this origin', () => {
    // Act
    const page = renderPoliciesPage([row('paused', '2026-12-04T10:00:00.000Z')], session, controller);

    // Assess
    expect(page).toContain('<p class="paused" data-figure="paused">Paused at the SES 24-hour sending quota: it resumes by itself at 2026-12-04 10:00 UTC.</p>');
    expect(page).toMatch(/<progress id="campaign-v2-bar" aria-describedby="campaign-v2-summary">running<\/progress>/);
    expect(page).toContain('<a href="/console/policies">Refresh</a>');
    expect(page).toContain('<script src="/console/policies/progress.js" defer></script>');
    expect(page).not.toMatch(/<script>/);
  });

  it("fills a running campaign's bar to its share of the directory's counted size", () => {
    // Prepare
    const running = row('running', null);
    running.campaign = campaignBar(running.campaign!.status, 10);

    // Act
    const page = renderPoliciesPage([running], session, controller);

    // Assess
    expect(page).toContain('<progress id="campaign-v2-bar" max="10" value="4" aria-describedby="campaign-v2-summary">4 of about 10</progress>');
    expect(page).toContain('of about 10 accounts in the directory');
  });

  it('fills the bar of a completed campaign and hides the pause note', () => {
    // Act
    const page = renderPoliciesPage([row('completed', null)], session, controller);

    // Assess
    expect(page).toContain('<progress id="campaign-v2-bar" max="4" value="4"');
    expect(page).toContain('<p class="paused" data-figure="paused" hidden></p>');
    expect(page).not.toContain('Refresh');
  });
});
