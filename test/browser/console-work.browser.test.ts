// The console's triage inbox, data systems, policy versions and Shine the Light register in Chromium on
// the local runtime: an operator files a waiting mail as a request, a viewer reads the same pages
// without forms, a material policy version's campaign bar fills while the page is open (and without
// JavaScript the page shows the figures and a refresh link), each page checked with axe against
// WCAG 2.2 AA at 1280 and 768 px, with screenshots kept for a person to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { demoAccounts } from '../../local/demo-data.js';
import { launchBrowser } from '../support/browser.js';
import { sendSmtp } from '../support/smtp-client.js';

const API_KEY = 'browser-console-work-key';
const SCREENSHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const WIDTHS = [1280, 768] as const;
const SENDER = 'robin.triage@example.com';

/** WCAG 2.2 AA findings of axe on the page as it stands, as `rule: target` lines. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

describe('the console pages of the operator work in a real browser', () => {
  let runtime: LocalRuntime;
  let browser: Browser;
  const saved: Record<string, string | undefined> = {};

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, ...init.headers } });

  /** A browser context signed in as the demo person of `group` through a fresh one-time sign-in. */
  async function signedIn(
    group: 'privacy-viewer' | 'privacy-operator',
    width: number,
    options: { javaScriptEnabled?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page; refused: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, ...options });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(`${runtime.apiUrl}${runtime.console.identity.issueSignIn(group)}`);
    expect(new URL(page.url()).pathname).toBe('/console/requests');
    return { context, page, refused };
  }

  async function publish(version: string): Promise<void> {
    const published = await api('/v1/policies', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version,
        url: `https://example.com/privacy/${version}`,
        effectiveAt: new Date(Date.now() + 86_400_000).toISOString(),
        material: true,
        summary: { de: 'Neue Empfänger unserer Daten.', en: 'New recipients of our data.' },
      }),
    });
    expect(published.status).toBe(201);
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // One account a page, one mail every two seconds: the demo's campaign takes long enough to watch.
    for (const [name, value] of [
      ['CAMPAIGN_PAGE_SIZE', '1'],
      ['CAMPAIGN_SENDS_PER_SECOND', '0.5'],
    ] as const) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    browser = await launchBrowser();
    await api('/v1/disclosures/2025/adco', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'AdCo Marketing LLC', address: '1 Market St, San Francisco, CA 94105', categories: ['contact data', 'purchase history'] }),
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.workflows.idle();
    await runtime?.stop();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('says the inbox is empty, then lets an operator file a waiting mail as a request received when the mail was', async () => {
    // Prepare
    const { context, page } = await signedIn('privacy-operator', 1280);
    await page.click('nav >> text=Inbox');
    const empty = await page.locator('main').textContent();
    await sendSmtp(
      runtime.inboundMail.port,
      SENDER,
      'privacy@example.com',
      [
        'From: Robin <robin.triage@example.com>',
        'To: privacy@example.com',
        'Subject: My data',
        'Message-ID: <robin-1@x>',
        '',
        'I am worried about what you do with my information.',
      ].join('\r\n'),
    );
    await page.reload();
    const panel = page.locator('section.mail').first();

    // Assess: the waiting mail
    expect(empty).toContain('The inbox is empty: no mail waits for a person.');
    expect(await panel.locator('dl').textContent()).toContain('r•••@example.com');
    expect(await page.content()).not.toContain(SENDER);
    expect(await panel.locator('details').getAttribute('open')).toBeNull();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-inbox-1280.png'), fullPage: true });
    await panel.locator('summary').click();
    expect(await panel.locator('blockquote').textContent()).toContain('worried');

    // Act
    await panel.locator('select[name=type]').selectOption('access');
    await panel.locator('select[name=jurisdiction]').selectOption('ccpa');
    await panel.locator('button', { hasText: 'File as a request' }).click();

    // Assess: filed
    const status = page.locator('[role=status]');
    expect(await status.textContent()).toMatch(/^Filed as request [0-9A-Z]{26}, received when the mail was/);
    expect(await page.locator('section.mail').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-inbox-filed-1280.png'), fullPage: true });
    await status.locator('a').click();
    expect(await page.locator('.timeline').last().textContent()).toMatch(/request\.received · operator console:[0-9a-f-]{36}/);
    await context.close();
  }, 60_000);

  it.each(WIDTHS)(
    'shows a viewer the inbox without forms, the data systems and the Shine the Light register (%i px)',
    async (width) => {
      // Prepare
      await sendSmtp(
        runtime.inboundMail.port,
        `sam.${width}@example.com`,
        'privacy@example.com',
        [
          `From: sam.${width}@example.com`,
          'To: privacy@example.com',
          'Subject: Question',
          `Message-ID: <sam-${width}@x>`,
          '',
          'What do you know about me, and who else does?',
        ].join('\r\n'),
      );
      const { context, page } = await signedIn('privacy-viewer', width);

      // Act: the inbox
      await page.click('nav >> text=Inbox');

      // Assess
      expect(await page.locator('section.mail').count()).toBeGreaterThan(0);
      expect(await page.locator('section.mail form').count()).toBe(0);
      expect(await page.locator('main').textContent()).toContain('A viewer reads only');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `console-inbox-viewer-${width}.png`), fullPage: true });

      // Act: the systems
      await page.click('nav >> text=Systems');
      const crm = page.locator('tr', { has: page.locator('text=crm-profiles') });

      // Assess
      expect(await crm.locator('td').first().textContent()).toBe('dynamodb');
      expect(await crm.locator('a[href="/console/requests?system=crm-profiles"]').count()).toBe(1);
      expect(await page.locator('tbody').textContent()).toMatch(/[a-z]•••@example\.com/);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `console-systems-${width}.png`), fullPage: true });

      // Act: the register of 2025, chosen from the year selector
      await page.click('nav >> text=Shine the Light');
      await page.selectOption('#d-year', '2025');
      await page.click('button:has-text("Show")');

      // Assess
      expect(await page.locator('h1').textContent()).toBe('Shine the Light register 2025');
      expect(await page.locator('tbody').textContent()).toContain('AdCo Marketing LLC, 1 Market St, San Francisco, CA 94105 (contact data, purchase history)');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `console-disclosures-${width}.png`), fullPage: true });
      await context.close();
    },
    60_000,
  );

  it.each(WIDTHS)(
    "watches a material policy version's campaign bar fill while the page is open (%i px)",
    async (width) => {
      // Prepare
      const version = `bar-${width}`;
      const { context, page, refused } = await signedIn('privacy-operator', width);
      await publish(version);

      // Act
      await page.click('nav >> text=Policies');
      const panel = page.locator(`section[data-campaign="${version}"]`);
      const bar = panel.locator('progress');
      const sentAtLoad = Number(await panel.locator('[data-figure=sent]').textContent());
      const runningAtLoad = { value: await bar.getAttribute('value'), max: await bar.getAttribute('max') };
      const seen = new Set<number>([sentAtLoad]);
      await expect
        .poll(
          async () => {
            seen.add(Number(await panel.locator('[data-figure=sent]').textContent()));
            return panel.getAttribute('data-live');
          },
          { timeout: 60_000, interval: 500 },
        )
        .toBe('false');

      // Assess
      // Running at load, the bar stood at those reached of the directory's size as DynamoDB Local counts it.
      expect(runningAtLoad).toEqual({ value: String(sentAtLoad), max: String(demoAccounts.length) });
      expect(
        await bar.evaluate((element) => {
          const progress = element as unknown as { value: number; max: number };
          return progress.value === progress.max && progress.max > 0;
        }),
      ).toBe(true);
      expect(await panel.locator('[data-figure=summary]').textContent()).toMatch(
        /^\d+ sent, 0 suppressed, 0 failed of \d+, everyone it had to reach; completed\.$/,
      );
      expect(seen.size).toBeGreaterThan(2);
      expect(await page.locator(`td[data-state-of="${version}"]`).textContent()).toBe('completed');
      expect(await panel.locator('a', { hasText: 'Refresh' }).isVisible()).toBe(false);
      expect(refused).toEqual([]);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `console-policies-${width}.png`), fullPage: true });
      await context.close();
    },
    90_000,
  );

  it('shows the figures at load and a refresh link without JavaScript', async () => {
    // Prepare
    const version = 'no-script';
    const { context, page } = await signedIn('privacy-viewer', 1280, { javaScriptEnabled: false });
    await publish(version);

    // Act
    await page.goto(`${runtime.apiUrl}/console/policies`);
    const panel = page.locator(`section[data-campaign="${version}"]`);

    // Assess
    expect(await panel.locator('[data-figure=summary]').textContent()).toMatch(
      new RegExp(
        `^\\d+ sent, 0 suppressed, 0 failed of \\d+ reached so far, of about ${demoAccounts.length} accounts in the directory \\(DynamoDB's count, refreshed about every six hours\\); running\\.$`,
      ),
    );
    expect(await panel.locator('progress').getAttribute('max')).toBe(String(demoAccounts.length));
    expect(await panel.locator('a', { hasText: 'Refresh' }).getAttribute('href')).toBe('/console/policies');
    // axe runs as a script, which this context refuses; the same page is checked with it above.
    await page.screenshot({ path: join(SCREENSHOTS, 'console-policies-no-script-1280.png'), fullPage: true });
    await context.close();
  }, 60_000);
});
