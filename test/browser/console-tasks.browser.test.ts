// The console's queue filters and a manual system's task in Chromium on the local runtime: an
// operator filters the demo requests by system and law, reads one, extends it (the person is
// mailed), completes its manual task after a form sent back with mistakes, and the request closes
// with its closing mail; a viewer sees the same pages with no form, and a forged post gets 403.
// Each page is checked with axe against WCAG 2.2 AA at 1280 and 768 px, and screenshots are kept.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, knowledgeAnswers } from '../../local/demo-data.js';
import { PROJECT_ROOT, startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { launchBrowser } from '../support/browser.js';
import { formPost, mailsTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'browser-console-tasks-key';
const SCREENSHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const account = (id: string) => demoAccounts.find((a) => a.accountId === id)!;
const maria = account('acc-2001');
const PORTAL = 'partner-portal';

async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

describe("the console's queue filters and manual tasks in a real browser", () => {
  let runtime: LocalRuntime;
  let browser: Browser;
  let mariaRequest: string;
  const others: string[] = [];

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' } });

  async function signedIn(group: 'privacy-viewer' | 'privacy-operator', width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${runtime.apiUrl}${runtime.console.identity.issueSignIn(group)}`);
    expect(new URL(page.url()).pathname).toBe('/console/requests');
    return { context, page };
  }

  /** The queue filtered to CCPA requests with an open task in the partner portal. */
  async function filterByPortal(page: Page): Promise<void> {
    await page.selectOption('#f-system', PORTAL);
    await page.selectOption('#f-law', 'ccpa');
    await page.click('button:has-text("Show")');
    expect(new URL(page.url()).searchParams.get('system')).toBe(PORTAL);
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    browser = await launchBrowser();
    const registered = await api(`/v1/systems/${PORTAL}`, {
      method: 'PUT',
      body: JSON.stringify({
        name: 'Partner portal',
        owner: 'Partnerships',
        categories: ['contact data'],
        connector: { kind: 'manual', instructions: 'Look the account up in the portal admin and delete it.' },
        actions: ['export', 'delete'],
        purposes: ['partner-programme'],
        retention: [],
        contact: { email: 'portal-desk@example.com', locale: 'en' },
      }),
    });
    expect(registered.status).toBe(201);
    // Demo requests in the queue: two waiting for their people, and Maria's deletion, verified, which reaches the portal.
    for (const [accountId, type] of [
      ['acc-1001', 'access'],
      ['acc-2002', 'access'],
    ] as const) {
      const who = account(accountId);
      const filed = await api('/v1/requests', {
        method: 'POST',
        body: JSON.stringify({ type, jurisdiction: who.jurisdiction, subject: { email: who.email } }),
      });
      others.push(((await filed.json()) as { id: string }).id);
    }
    const filed = await api('/v1/requests', {
      method: 'POST',
      body: JSON.stringify({ type: 'deletion', jurisdiction: 'ccpa', subject: { email: maria.email } }),
    });
    mariaRequest = ((await filed.json()) as { id: string }).id;
    const link = await newestLink(runtime, maria.email, '/v1/verify/');
    await fetch(link, formPost({ confirm: 'yes' }));
    expect((await fetch(`${link}/identity`, formPost(knowledgeAnswers(maria)))).status).toBe(200);
    // The portal's task, once the workflow has asked the portal's contact.
    for (let attempt = 0; attempt < 120; attempt++) {
      const tasks = (await (await api(`/v1/tasks?state=open&systemId=${PORTAL}`)).json()) as { items: { requestId: string; askedAt?: string }[] };
      if (tasks.items.find((t) => t.requestId === mariaRequest)?.askedAt) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`The ${PORTAL} task of ${mariaRequest} was never asked.`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('shows an operator the demo requests, filters them by system and law, and offers the open manual task a form (768 px)', async () => {
    // Prepare
    const { context, page } = await signedIn('privacy-operator', 768);

    // Act: the queue, then filtered
    const all = await page.locator('tbody tr').allTextContents();
    await filterByPortal(page);
    const filtered = page.locator('tbody tr');

    // Assess
    for (const id of [mariaRequest, ...others]) expect(all.some((row) => row.includes(id))).toBe(true);
    expect(await page.locator('tbody .badge').first().textContent()).toMatch(/days left$|due today|overdue/);
    expect(await filtered.count()).toBe(1);
    expect(await filtered.first().textContent()).toContain(mariaRequest);
    expect(await page.locator('caption').textContent()).toBe('1 request matches');
    expect(await page.content()).not.toContain(maria.email);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-queue-filtered-768.png'), fullPage: true });

    // Act: the request
    await filtered.locator('a').first().click();

    // Assess
    expect(await page.locator('.timeline').last().textContent()).toContain('request.verified');
    expect(await page.locator(`form[action="/console/requests/${mariaRequest}/tasks/${mariaRequest}.1.${PORTAL}"]`).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-request-task-form-768.png'), fullPage: true });
    await context.close();
  });

  it('shows a viewer the same pages with no action button or task form, and refuses forged posts with 403 problem+json', async () => {
    // Prepare
    const { context, page } = await signedIn('privacy-viewer', 1280);
    await filterByPortal(page);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.goto(`${runtime.apiUrl}/console/requests/${mariaRequest}`);
    const csrf = (await page.locator('input[name=csrf]').first().getAttribute('value')) ?? '';

    // Act
    const forgedTask = await page.request.post(`${runtime.apiUrl}/console/requests/${mariaRequest}/tasks/${mariaRequest}.1.${PORTAL}`, {
      form: { csrf, outcome: 'done' },
    });
    const forgedExtend = await page.request.post(`${runtime.apiUrl}/console/requests/${mariaRequest}/extend`, {
      form: { csrf, reason: 'A viewer should not be able to do this.' },
    });

    // Assess
    expect(await page.locator('main button').count()).toBe(0);
    expect(await page.locator('main form').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain(`1 open: ${PORTAL}`);
    for (const forged of [forgedTask, forgedExtend]) {
      expect(forged.status()).toBe(403);
      expect(forged.headers()['content-type']).toBe('application/problem+json');
    }
    expect(
      ((await (await api(`/v1/tasks?state=open&systemId=${PORTAL}`)).json()) as { items: { requestId: string }[] }).items.some(
        (t) => t.requestId === mariaRequest,
      ),
    ).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-request-task-viewer-1280.png'), fullPage: true });
    await context.close();
  });

  it('extends the request with a reason, completes its manual task after a form sent back with mistakes, and the request closes with its mail (1280 px)', async () => {
    // Prepare
    const { context, page } = await signedIn('privacy-operator', 1280);
    await filterByPortal(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-queue-filtered-1280.png'), fullPage: true });
    await page.locator('tbody tr a').first().click();

    // Act: extend with a reason
    await page.fill('#extend-reason', 'The partner portal is checked by hand once a week.');
    await page.click('button:has-text("Extend the deadline")');

    // Assess
    expect(await page.locator('[role=status]').textContent()).toContain('Extended');
    await expect
      .poll(async () => (await mailsTo(runtime, maria.email)).some((mail) => /checked by hand once a week/.test(mail.body.text ?? '')), { timeout: 10_000 })
      .toBe(true);

    // Act: a kept-records outcome without its rule
    await page.check('#t0-outcome-retained');
    await page.fill('#t0-records', '2');
    await page.fill('#t0-category', 'partner invoices');
    const sentBack = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Record the outcome")')]);

    // Assess
    expect(sentBack[0]?.status()).toBe(400);
    expect(await page.locator('[role=alert]').textContent()).toContain('The outcome was not recorded');
    expect(await page.locator('#t0-keepFor-error').textContent()).toBe('say for how long, e.g. P10Y');
    expect(await page.locator('#t0-legalBasis-error').textContent()).toBe('name the law that keeps them');
    expect(await page.locator('#t0-category').inputValue()).toBe('partner invoices');
    expect(await page.locator('#t0-outcome-retained').isChecked()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-request-task-mistakes-1280.png'), fullPage: true });

    // Act: done
    await page.check('#t0-outcome-done');
    await page.fill('#t0-records', '1');
    await page.click('button:has-text("Record the outcome")');

    // Assess
    expect(await page.locator('[role=status]').textContent()).toContain('Task recorded');
    expect(await page.locator('.timeline').last().textContent()).toMatch(/fulfilment\.task-reported · operator console:[0-9a-f-]{36}/);
    await expect
      .poll(async () => ((await (await api(`/v1/requests/${mariaRequest}`)).json()) as { status: string }).status, { timeout: 30_000 })
      .toMatch(/^(completed|partially-completed)$/);
    await expect.poll(async () => (await mailsTo(runtime, maria.email)).some((mail) => /carried out/i.test(mail.subject)), { timeout: 10_000 }).toBe(true);
    await page.reload();
    expect(await page.locator('.facts').textContent()).toMatch(/Status(completed|partially-completed)/);
    expect(await page.locator('form[action*="/tasks/"]').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-request-task-done-1280.png'), fullPage: true });

    // Act: the same outcome again, from the page as it was
    const again = await page.request.post(`${runtime.apiUrl}/console/requests/${mariaRequest}/tasks/${mariaRequest}.1.${PORTAL}`, {
      form: { csrf: (await page.locator('input[name=csrf]').first().getAttribute('value')) ?? '', outcome: 'done' },
      headers: { accept: 'text/html' },
    });

    // Assess
    expect(again.status()).toBe(409);
    expect(await again.text()).toContain('has already been reported (done');
    await context.close();
  });
});
