// Policy versions and their notice campaigns against the local emulators: DynamoDB Local, and
// aws-ses-v2-local answering SES v2 SendBulkEmail into its mailbox.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, TooManyRequestsException, type SendBulkEmailCommandInput } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoTables } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { SesBulkMailer } from '../../shared/mail/bulk-mailer.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { DynamoAudience } from '../../shared/notifications/audience.js';
import { completeCampaign, sendCampaignPage, type CampaignDeps, type CampaignPageResult, type Pace } from '../../shared/notifications/campaign.js';
import { campaignStatus, policyInForce, publishPolicy, type PolicyPublication } from '../../shared/notifications/policies.js';
import { PolicyStore } from '../../shared/notifications/policy-store.js';
import { DynamoRecipientMarkers } from '../../shared/notifications/recipient-markers.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { tables } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

const SUBJECTS = { de: 'Wir haben unsere Datenschutzerklärung geändert', en: 'We have updated our privacy policy' };

describe('policy notice campaigns on the local emulators', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  let ses: SESv2Client;
  let store: PolicyStore;
  let suppressions: SuppressionList;
  const started: string[] = [];

  const publication = (version: string, material: boolean): PolicyPublication => ({
    version,
    url: `https://example.com/privacy/${version}`,
    effectiveAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    material,
    summary: { de: `Fassung ${version}: neue Empfänger.`, en: `Version ${version}: new recipients.` },
  });

  const campaignDeps = (): CampaignDeps => ({
    policies: store,
    audience: new DynamoAudience(demoTables.accounts.localName, documents),
    suppressions,
    markers: new DynamoRecipientMarkers(tables.campaignRecipients.localName, () => new Date(), documents),
    mailer: new SesBulkMailer({ from: 'privacy@example.com', client: ses }),
    hashKey: subjectHashKey,
    controller: DEMO_CONTROLLER,
    // Small pages, so the demo directory takes several; a fast rate, so nothing waits.
    settings: { sendsPerSecond: 1000, pageSize: 2 },
    now: () => new Date(),
  });

  /** Runs the pages as the workflow would, from the first account to the last, then completes. */
  async function runCampaign(version: string): Promise<CampaignPageResult[]> {
    const pages: CampaignPageResult[] = [];
    let cursor: string | undefined;
    let pace: Pace | undefined;
    do {
      const result = await sendCampaignPage({ version, cursor: cursor ?? null, pace: pace ?? null }, campaignDeps());
      pages.push(result);
      ({ nextCursor: cursor, pace } = result);
    } while (cursor);
    await completeCampaign(version, { policies: store, now: () => new Date() });
    return pages;
  }

  async function noticesOf(version: string): Promise<StoredMail[]> {
    const mailbox = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as { emails: StoredMail[] };
    return mailbox.emails.filter((mail) => (mail.body.text ?? '').includes(`https://example.com/privacy/${version}`));
  }

  const publishDeps = () => ({
    store,
    campaigns: {
      start: async (version: string) => {
        started.push(version);
        return { executionId: `campaign-${version}` };
      },
    },
    now: () => new Date(),
  });

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
    ses = new SESv2Client({});
    store = new PolicyStore(tables.policies.localName, documents);
    suppressions = new SuppressionList(tables.suppressions.localName, subjectHashKey, documents);
  });

  afterAll(async () => {
    documents?.destroy();
    ses?.destroy();
    await runtime?.stop();
  });

  it('mails every active demo account once, in its language, and a resumed run mails nobody again', async () => {
    // Prepare: one subject opted out of marketing, which does not stop a transactional notice
    const active = demoAccounts.filter((a) => a.status === 'active');
    await suppressions.suppress(active[0]!.email, 'marketing-opt-out', new Date());
    const { created } = await publishPolicy(publication('2026-07', true), publishDeps());

    // Act
    const pages = await runCampaign('2026-07');
    const resumed = await runCampaign('2026-07').catch((error: unknown) => error);

    // Assess
    expect(created).toBe(true);
    expect(started).toContain('2026-07');
    expect(pages.length).toBeGreaterThan(1);
    const notices = await noticesOf('2026-07');
    expect(notices).toHaveLength(active.length);
    for (const account of active) {
      const mine = notices.filter((mail) => mail.destination.to.includes(account.email));
      expect(mine, account.accountId).toHaveLength(1);
      expect(mine[0]!.subject).toBe(SUBJECTS[account.locale]);
      expect(mine[0]!.body.text).toContain(account.locale === 'de' ? 'Fassung 2026-07: neue Empfänger.' : 'Version 2026-07: new recipients.');
    }
    const deactivated = demoAccounts.find((a) => a.status === 'deactivated')!;
    expect(notices.some((mail) => mail.destination.to.includes(deactivated.email))).toBe(false);
    // Completing twice is harmless; the second run skipped everyone.
    expect(resumed).toBeInstanceOf(Array);
    expect((resumed as CampaignPageResult[]).reduce((n, p) => n + p.skipped, 0)).toBe(active.length);
    expect((resumed as CampaignPageResult[]).reduce((n, p) => n + p.sent, 0)).toBe(0);
    expect(await noticesOf('2026-07')).toHaveLength(active.length);
    await expect(campaignStatus(store, '2026-07', new Date())).resolves.toMatchObject({
      state: 'completed',
      total: active.length,
      sent: active.length,
      suppressed: 0,
      failed: 0,
      finishedAt: expect.any(String),
    });
  });

  it('mails nobody twice when a run is killed after its first page and the campaign starts over', async () => {
    // Prepare: a run that sends one page and then dies
    const active = demoAccounts.filter((a) => a.status === 'active');
    await publishPolicy(publication('2026-10', true), publishDeps());
    const first = await sendCampaignPage({ version: '2026-10', cursor: null, pace: null }, campaignDeps());
    const afterKill = await noticesOf('2026-10');

    // Act
    const rerun = await runCampaign('2026-10');

    // Assess
    expect(first.nextCursor).toBeDefined();
    expect(afterKill.length).toBeGreaterThan(0);
    expect(afterKill.length).toBeLessThan(active.length);
    expect(rerun.reduce((n, p) => n + p.skipped, 0)).toBe(afterKill.length);
    const notices = await noticesOf('2026-10');
    expect(notices).toHaveLength(active.length);
    for (const account of active)
      expect(
        notices.filter((m) => m.destination.to.includes(account.email)),
        account.accountId,
      ).toHaveLength(1);
  });

  it('runs a campaign end to end from POST /v1/policies through the workflow, and reports it', async () => {
    // Prepare
    const active = demoAccounts.filter((a) => a.status === 'active');
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': runtime.apiKey, 'content-type': 'application/json' } });
    const material = { ...publication('2026-11-http', true), summary: { de: 'Fassung per HTTP.', en: 'Version over HTTP.' } };
    const minor = publication('2026-11-minor', false);

    // Act
    const published = await api('/v1/policies', { method: 'POST', body: JSON.stringify(material) });
    const minorPublished = await api('/v1/policies', { method: 'POST', body: JSON.stringify(minor) });
    const changed = await api('/v1/policies', { method: 'POST', body: JSON.stringify({ ...material, summary: { de: 'Anders.', en: 'Other.' } }) });
    await runtime.workflows.idle();
    const campaign = await api('/v1/policies/2026-11-http/campaign');
    const minorCampaign = await api('/v1/policies/2026-11-minor/campaign');
    const unknown = await api('/v1/policies/no-such-version/campaign');

    // Assess
    expect(published.status).toBe(201);
    expect(minorPublished.status).toBe(201);
    expect(changed.status).toBe(409);
    expect(changed.headers.get('content-type')).toBe('application/problem+json');
    const notices = await noticesOf('2026-11-http');
    expect(notices).toHaveLength(active.length);
    for (const account of active) {
      const mine = notices.filter((mail) => mail.destination.to.includes(account.email));
      expect(mine, account.accountId).toHaveLength(1);
      expect(mine[0]!.subject).toBe(SUBJECTS[account.locale]);
      expect(mine[0]!.body.text).toContain(account.locale === 'de' ? 'Fassung per HTTP.' : 'Version over HTTP.');
    }
    expect(await noticesOf('2026-11-minor')).toHaveLength(0);
    expect(await campaign.json()).toMatchObject({ state: 'completed', total: active.length, sent: active.length, failed: 0 });
    expect(await minorCampaign.json()).toMatchObject({ state: 'not-needed', total: 0 });
    expect(unknown.status).toBe(404);
  });

  it('skips a bounced address and counts it as suppressed', async () => {
    // Prepare
    const active = demoAccounts.filter((a) => a.status === 'active');
    const bounced = active[1]!;
    await suppressions.suppress(bounced.email, 'bounce', new Date());
    await publishPolicy(publication('2026-08', true), publishDeps());

    // Act
    await runCampaign('2026-08');

    // Assess
    const notices = await noticesOf('2026-08');
    expect(notices).toHaveLength(active.length - 1);
    expect(notices.some((mail) => mail.destination.to.includes(bounced.email))).toBe(false);
    await expect(campaignStatus(store, '2026-08', new Date())).resolves.toMatchObject({
      state: 'completed',
      total: active.length,
      sent: active.length - 1,
      suppressed: 1,
    });
  });

  it('pauses at the SES 24-hour quota, says so on the progress route, and resumes by itself the next day, mailing everyone once', async () => {
    // Prepare: SES takes 3 notices a day (refusing the call that would pass that as SES does), the campaign's clock starts now
    const active = demoAccounts.filter((a) => a.status === 'active');
    const quota = { max: 3, used: 0 };
    const capped = new SESv2Client({});
    capped.middlewareStack.add(
      (next) => async (args) => {
        const entries = (args.input as SendBulkEmailCommandInput).BulkEmailEntries?.length ?? 0;
        if (quota.used + entries > quota.max) throw new TooManyRequestsException({ message: 'Daily message quota exceeded.', $metadata: {} });
        quota.used += entries;
        return next(args);
      },
      { step: 'initialize', name: 'dailyQuota' },
    );
    let clock = new Date();
    const deps = { ...campaignDeps(), mailer: new SesBulkMailer({ from: 'privacy@example.com', client: capped }), now: () => clock };
    await publishPolicy(publication('2026-12-capped', true), publishDeps());
    const progress = async () =>
      (await fetch(`${runtime.apiUrl}/v1/policies/2026-12-capped/campaign`, { headers: { 'x-api-key': runtime.apiKey } })).json() as Promise<
        Record<string, unknown>
      >;

    // Act: the pages as the workflow runs them, each wait passing on the campaign's clock
    const seen: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    let pace: Pace | null = null;
    for (let step = 0; step < 20; step++) {
      const page = await sendCampaignPage({ version: '2026-12-capped', cursor, pace }, deps);
      cursor = page.pausedUntil ? cursor : (page.nextCursor ?? null);
      pace = page.pace;
      if (page.pausedUntil) {
        seen.push(await progress());
        // The next day: the notices of the first one have left SES's window.
        clock = new Date(page.pausedUntil);
        quota.used = 0;
      } else if (!page.nextCursor) break;
      else clock = new Date(clock.getTime() + page.waitSeconds * 1000);
    }
    await completeCampaign('2026-12-capped', { policies: store, now: () => clock });

    // Assess
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen[0]).toMatchObject({ state: 'paused', sent: 3, pausedUntil: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/) });
    expect(Date.parse(String(seen[0]!.pausedUntil)) - Date.now()).toBeGreaterThan(23 * 3600_000);
    // An address an earlier test of this file made bounce is skipped, as it should be.
    const reasons = await suppressions.reasonsFor(active.map((a) => a.email));
    const reachable = active.filter((a) => !['bounce', 'complaint'].includes(reasons.get(a.email) ?? ''));
    const notices = await noticesOf('2026-12-capped');
    expect(notices).toHaveLength(reachable.length);
    for (const account of reachable)
      expect(
        notices.filter((m) => m.destination.to.includes(account.email)),
        account.accountId,
      ).toHaveLength(1);
    expect(await progress()).toMatchObject({ state: 'completed', sent: reachable.length, total: active.length, pausedUntil: null });
    capped.destroy();
  });

  it('publishes a version that is not material without a campaign, and finds the version in force', async () => {
    // Prepare
    const minor = publication('2026-09', false);

    // Act
    const { created } = await publishPolicy(minor, publishDeps());
    const again = await publishPolicy(minor, publishDeps());
    const inForceThen = await policyInForce(store, new Date(Date.parse(minor.effectiveAt) + 1000));

    // Assess
    expect(created).toBe(true);
    expect(again.created).toBe(false);
    expect(started).not.toContain('2026-09');
    await expect(campaignStatus(store, '2026-09', new Date())).resolves.toMatchObject({ state: 'not-needed', total: 0 });
    // 2026-09 was published last among the versions taking effect then.
    expect(inForceThen.version).toBe('2026-09');
    await expect(policyInForce(store, new Date())).rejects.toThrow(/No policy version is in force/);
  });
});
