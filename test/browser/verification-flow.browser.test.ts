// A subject's whole verification in Chromium: the mailed link, the button, the three questions.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { expectNoAxeViolations, launchBrowser, screenshot } from '../support/browser.js';

const API_KEY = 'browser-flow-key';
const anna = demoAccounts.find((a) => a.accountId === 'acc-1001')!;

describe('verification in a real browser', () => {
  let runtime: LocalRuntime;
  let browser: Browser;

  const fileRequest = async (body: Record<string, unknown>) => {
    const response = await fetch(`${runtime.apiUrl}/v1/requests`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as { id: string };
  };
  const linkFor = async (email: string) => {
    const store = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as {
      emails: { destination: { to: string[] }; body: { text?: string } }[];
    };
    const text = store.emails.filter((e) => e.destination.to.includes(email)).at(-1)?.body.text ?? '';
    return /(http:\/\/localhost:\d+\/v1\/verify\/[A-Za-z0-9_-]{43})/.exec(text)![1]!;
  };
  const status = async (id: string) =>
    ((await (await fetch(`${runtime.apiUrl}/v1/requests/${id}`, { headers: { 'x-api-key': API_KEY } })).json()) as { status: string }).status;

  beforeAll(async () => {
    // The knowledge check on its own: with the local identity provider a stranger would also be offered it (test/integration/identity-provider.test.ts).
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, identityProvider: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('takes a deletion from the mailbox link to verified: open, confirm, answer, done', async () => {
    // Prepare
    const { id } = await fileRequest({ type: 'deletion', jurisdiction: 'gdpr', subject: { email: anna.email } });
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(runtime.apiUrl) && !request.url().startsWith(runtime.mailboxUrl)) outside.push(request.url());
    });

    // Act: the mailbox as the subject sees it, then the link in the mail
    await page.goto(runtime.mailboxUrl);
    const store = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as {
      emails: { destination: { to: string[] }; body: { text?: string } }[];
    };
    const mail = store.emails.find((e) => e.destination.to.includes(anna.email))!;
    const link = /(http:\/\/localhost:\d+\/v1\/verify\/[A-Za-z0-9_-]{43})/.exec(mail.body.text ?? '')![1]!;
    await page.goto(link);
    await screenshot(page, 'flow-1-confirm');
    const afterOpening = await status(id);
    await page.getByRole('button').click();
    await page.waitForLoadState();
    await screenshot(page, 'flow-2-identity');
    await page.getByLabel(/E-Mail/i).fill(anna.email);
    await page.getByLabel(/Straße/i).fill('Hauptstr. 12');
    await page.getByLabel(/Postleitzahl/i).fill(anna.billingAddress.postalCode);
    await page.getByLabel(/Ort|Stadt/i).fill(anna.billingAddress.city);
    await page.getByLabel(/vier|Ziffern/i).fill(anna.cardLast4);
    await page.getByRole('button').click();
    await page.waitForLoadState();
    await screenshot(page, 'flow-3-verified');
    const heading = await page.getByRole('heading', { level: 1 }).textContent();

    // Assess
    expect(afterOpening).toBe('awaiting-verification');
    expect(['verified', 'in-progress', 'completed', 'partially-completed']).toContain(await status(id));
    expect(heading).toMatch(/bestätigt|verifiziert/i);
    expect(page.url()).toBe(`${link}/identity`);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('shows wrong answers the neutral message and the attempts left', async () => {
    // Prepare
    const email = 'browser.stranger@example.net';
    await fileRequest({ type: 'access', jurisdiction: 'ccpa', subject: { email } });
    const store = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as {
      emails: { destination: { to: string[] }; body: { text?: string } }[];
    };
    const text = store.emails.find((e) => e.destination.to.includes(email))!.body.text ?? '';
    const link = /(http:\/\/localhost:\d+\/v1\/verify\/[A-Za-z0-9_-]{43})/.exec(text)![1]!;
    const page = await browser.newPage();

    // Act
    await page.goto(link);
    await page.getByRole('button').click();
    await page.waitForLoadState();
    await page.getByLabel(/email/i).fill(email);
    await page.getByLabel(/street/i).fill('1 Nowhere Road');
    await page.getByLabel(/postal|zip/i).fill('00000');
    await page.getByLabel(/city/i).fill('Nowhere');
    await page.getByLabel(/four|digits/i).fill('0000');
    await page.getByRole('button').click();
    await page.waitForLoadState();
    await screenshot(page, 'flow-4-failed');
    const body = await page.locator('main').textContent();

    // Assess
    expect(body).toMatch(/did not match/i);
    expect(body).toMatch(/4/);
    await page.close();
  });

  it('sends a malformed identity form back with a message at each field, tied to it, and no accessibility violation', async () => {
    // Prepare
    const email = 'browser.malformed@example.net';
    await fileRequest({ type: 'deletion', jurisdiction: 'gdpr', subject: { email, locale: 'en' } });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await linkFor(email));
    await page.getByRole('button').click();
    await page.waitForLoadState();

    // Act
    await page.getByLabel(/email/i).fill(email);
    await page.getByLabel(/street/i).fill('1 Nowhere Road');
    await page.getByLabel(/four|digits/i).fill('12ab');
    await page.getByRole('button').click();
    await page.waitForLoadState();
    await screenshot(page, 'flow-5-malformed');
    const city = page.getByLabel('City', { exact: true });
    const card = page.getByLabel('Last four digits of your payment card');

    // Assess
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.getByRole('alert').textContent()).toMatch(/did not count as an attempt/);
    expect(await city.getAttribute('aria-invalid')).toBe('true');
    expect(await card.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Postal code', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel(/street/i).getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByLabel(/street/i).inputValue()).toBe('1 Nowhere Road');
    // The message is part of what a screen reader reads out with the field.
    expect(await card.getAttribute('aria-describedby')).toBe('identity-card-last4-hint identity-card-last4-error');
    expect(await page.locator('#identity-card-last4-error').textContent()).toBe('Enter exactly four digits, 0 to 9, such as 1234.');
    expect(await page.locator('#identity-city-error').textContent()).toBe('Enter the city.');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('shows the used link of a cancelled request as closed, with how it ended, and no accessibility violation', async () => {
    // Prepare
    const email = 'browser.cancelled@example.net';
    const { id } = await fileRequest({ type: 'access', jurisdiction: 'ccpa', subject: { email } });
    const link = await linkFor(email);
    const cancelled = await fetch(`${runtime.apiUrl}/v1/requests/${id}/cancel`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: '{}',
    });
    const context = await browser.newContext();
    const page = await context.newPage();

    // Act
    await page.goto(link);
    await screenshot(page, 'flow-6-closed');

    // Assess
    expect(cancelled.status).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This request is closed');
    expect(await page.locator('main').textContent()).toMatch(/Cancelled/);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
