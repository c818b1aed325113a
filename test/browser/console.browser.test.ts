// The operator console in Chromium on the local runtime: signing in with a one-time sign-in, the
// queue, a request's page and an extension whose mail reaches the person, a viewer who sees no
// action and whose forged post is refused, each page checked with axe against WCAG 2.2 AA at 1280
// and 768 px, and screenshots kept for a person to look at.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { expectNoAxeViolations, launchBrowser, openPage, screenshot } from '../support/browser.js';
import { mailsTo } from '../support/mailbox.js';

const API_KEY = 'browser-console-key';
const anna = demoAccounts.find((a) => a.accountId === 'acc-1001')!;
const WIDTHS = [1280, 768] as const;

describe('the operator console in a real browser', () => {
  let runtime: LocalRuntime;
  let browser: Browser;
  let requestId: string;

  /** A browser context signed in as the demo person of `group` through a fresh one-time sign-in. */
  async function signedIn(group: 'privacy-viewer' | 'privacy-operator', width: number): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await openPage(browser, { width, height: 900 });
    await page.goto(`${runtime.apiUrl}${runtime.console.identity.issueSignIn(group)}`);
    expect(new URL(page.url()).pathname).toBe('/console/requests');
    return { context, page };
  }

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    browser = await launchBrowser();
    const filed = await fetch(`${runtime.apiUrl}/v1/requests`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'access', jurisdiction: 'gdpr', subject: { email: anna.email } }),
    });
    requestId = ((await filed.json()) as { id: string }).id;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('sends a browser without a session to sign in, and spends a one-time sign-in once', async () => {
    // Prepare
    const page = await browser.newPage();
    const signIn = runtime.console.identity.issueSignIn('privacy-operator');

    // Act
    const queue = await page.goto(`${runtime.apiUrl}/console/requests`);
    const signInLink = await page.locator('a', { hasText: 'Sign in' }).getAttribute('href');
    const first = await page.goto(`${runtime.apiUrl}${signIn}`);
    const again = await (await browser.newPage()).goto(`${runtime.apiUrl}${signIn}`);

    // Assess
    expect(queue?.status()).toBe(401);
    expect(signInLink).toBe('/console/sign-in');
    expect(first?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/console/requests');
    expect(again?.status()).toBe(410);
    await page.close();
  });

  it.each(WIDTHS)('shows an operator the queue with its deadlines, the request, and extends it with a reason the person is mailed (%i px)', async (width) => {
    // Prepare
    const { context, page } = await signedIn('privacy-operator', width);

    // Act: the queue
    const row = page.locator('tr', { has: page.locator(`a[href="/console/requests/${requestId}"]`) });

    // Assess
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('td').nth(2).textContent()).toBe('GDPR');
    expect(await row.locator('.badge').first().textContent()).toMatch(/days left$/);
    expect(await page.content()).not.toContain(anna.email);
    await expectNoAxeViolations(page);
    await screenshot(page, `console-queue-${width}`);

    // Act: the request
    await row.locator('a').first().click();

    // Assess
    expect(await page.locator('h1').textContent()).toContain(requestId);
    expect(await page.locator('.ok, .broken').first().textContent()).toMatch(/^The audit chain verifies: \d+ events/);
    expect(await page.locator('.actions').textContent()).toContain('it is not verified yet');
    await expectNoAxeViolations(page);
    await screenshot(page, `console-request-${width}`);

    if (width === WIDTHS[0]) {
      // Act: extend with a reason
      await page.fill('#extend-reason', 'The archive holding older orders is read once a week.');
      await page.click('button:has-text("Extend the deadline")');

      // Assess
      expect(await page.locator('[role=status]').textContent()).toContain('Extended');
      expect(await page.locator('.timeline').last().textContent()).toMatch(/request\.extended · operator console:[0-9a-f-]{36}/);
      expect(await page.locator('.actions').textContent()).toContain('the request has been extended once already');
      await expect.poll(async () => (await mailsTo(runtime, anna.email)).some((mail) => /archive holding older orders/.test(mail.body.text ?? ''))).toBe(true);
      await expectNoAxeViolations(page);
      await screenshot(page, `console-request-extended-${width}`);
    }
    await context.close();
  });

  it('shows a viewer the same request with no action button, and refuses a forged action with 403 problem+json', async () => {
    // Prepare
    const { context, page } = await signedIn('privacy-viewer', 1280);
    await page.goto(`${runtime.apiUrl}/console/requests/${requestId}`);
    const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');

    // Act
    const forged = await page.request.post(`${runtime.apiUrl}/console/requests/${requestId}/cancel`, { form: { csrf: csrf ?? '' } });

    // Assess
    expect(await page.locator('.actions button').count()).toBe(0);
    expect(await page.locator('.actions').textContent()).toContain('a viewer reads only');
    expect(forged.status()).toBe(403);
    expect(forged.headers()['content-type']).toBe('application/problem+json');
    await expectNoAxeViolations(page);
    await screenshot(page, 'console-request-viewer-1280');
    await context.close();
  });

  it("finds the person's requests by email without putting the address in a URL, and shows it masked", async () => {
    // Prepare
    const { context, page } = await signedIn('privacy-viewer', 768);
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));

    // Act
    await page.fill('#find', anna.email);
    await page.click('button:has-text("Find")');

    // Assess
    expect(await page.locator('caption').textContent()).toMatch(/^Requests filed for that email: [1-9]/);
    expect(await page.locator('tbody').textContent()).toContain(`${anna.email[0]}•••@`);
    expect(await page.content()).not.toContain(anna.email);
    expect(urls.some((url) => url.includes(encodeURIComponent(anna.email)) || url.includes(anna.email))).toBe(false);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it.each(WIDTHS)("shows the year's requests report and downloads it as CSV (%i px)", async (width) => {
    // Prepare
    const { context, page } = await signedIn('privacy-viewer', width);

    // Act
    await page.click('nav >> text=Reports');
    const csvLink = await page.locator('a', { hasText: 'CSV' }).getAttribute('href');
    const csv = await page.request.get(new URL(csvLink!, runtime.apiUrl).toString());

    // Assess
    expect(await page.locator('h1').textContent()).toBe(`Requests report ${new Date().getUTCFullYear()}`);
    expect(await page.locator('caption').first().textContent()).toContain('CCPA § 7102');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers()['content-disposition']).toContain(`requests-report-${new Date().getUTCFullYear()}.csv`);
    expect((await csv.text()).split('\n')[0]).toMatch(/^year,section,law,category/);
    await expectNoAxeViolations(page);
    await screenshot(page, `console-reports-${width}`);
    await context.close();
  });
});
