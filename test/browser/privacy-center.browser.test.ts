// The privacy center in Chromium: each page in both languages at 360 px, checked by axe for WCAG 2.2
// AA, the proof of work solved by the widget itself, and the way on to the status page and its cancel.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { accessibilityViolations, expectNoAxeViolations, launchBrowser, screenshot } from '../support/browser.js';

// A small proof of work keeps the suite quick; the widget solves it in the page as it would any.
process.env.PROOF_OF_WORK_DIFFICULTY = '5000';

const API_KEY = 'privacy-center-browser-key';
const anna = demoAccounts.find((a) => a.accountId === 'acc-1001')!;
const james = demoAccounts.find((a) => a.accountId === 'acc-2002')!;

const TEXTS = {
  de: {
    access: 'Eine Kopie meiner Daten',
    deletion: 'Meine Daten löschen',
    email: 'Ihre E-Mail-Adresse',
    eu: 'In der EU oder im EWR',
    send: 'Anfrage senden',
    filed: 'Bitte prüfen Sie Ihre E-Mails',
  },
  en: {
    access: 'A copy of my data',
    deletion: 'Delete my data',
    email: 'Your email address',
    eu: 'In the EU or EEA',
    send: 'Send request',
    filed: 'Please check your email',
  },
} as const;

/** What the functions run in the page use of it (the project compiles without the DOM's types). */
interface InPage {
  document: { querySelector(selector: string): { value?: string } | null; documentElement: { scrollWidth: number } };
  innerWidth: number;
}

describe('the privacy center in a real browser', () => {
  let runtime: LocalRuntime;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A phone-sized page that records every request leaving our origins and every CSP or script error. */
  const phone = async (options: { locale: 'de' | 'en'; gpc?: boolean; javaScript?: boolean }) => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 },
      javaScriptEnabled: options.javaScript ?? true,
      extraHTTPHeaders: { 'accept-language': options.locale, ...(options.gpc ? { 'sec-gpc': '1' } : {}) },
    });
    contexts.push(context);
    const page = await context.newPage();
    const outside: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(runtime.apiUrl) && !url.startsWith(runtime.mailboxUrl) && !url.startsWith('data:')) outside.push(url);
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('404')) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, outside, errors };
  };
  const solved = (page: Page) =>
    page.waitForFunction(() => (globalThis as unknown as InPage).document.querySelector('input[name="altcha"]')?.value, null, { timeout: 30_000 });
  const shot = (page: Page, name: string) => screenshot(page, `privacy-center-${name}`);
  const fitsWidth = (page: Page) =>
    page.evaluate(() => {
      const { document, innerWidth } = globalThis as unknown as InPage;
      return document.documentElement.scrollWidth <= innerWidth;
    });
  const linkFor = async (email: string) => {
    const store = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as {
      emails: { destination: { to: string[] }; body: { text?: string } }[];
    };
    const text = store.emails.filter((e) => e.destination.to.includes(email)).at(-1)?.body.text ?? '';
    return /(http:\/\/localhost:\d+\/v1\/verify\/[A-Za-z0-9_-]{43})/.exec(text)![1]!;
  };
  const fileRight = async (page: Page, locale: 'de' | 'en', email: string, right: 'access' | 'deletion') => {
    const t = TEXTS[locale];
    await page.goto(`${runtime.apiUrl}/privacy`);
    await solved(page);
    await page.getByLabel(t[right]).check();
    await page.getByLabel(t.email).fill(email);
    await page.getByLabel(t.eu).check();
    // A person takes a few seconds; the server refuses a filing sooner.
    await page.waitForTimeout(3_200);
    await page.getByRole('button', { name: t.send }).click();
    await page.waitForLoadState();
  };

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it.each(['de', 'en'] as const)('shows the center in %s at 360 px, solves the proof of work itself, and has no WCAG 2.2 AA violation', async (locale) => {
    // Prepare
    const { page, outside, errors } = await phone({ locale });

    // Act
    await page.goto(`${runtime.apiUrl}/privacy`);
    await solved(page);
    await shot(page, `center-${locale}`);

    // Assess
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    await expectNoAxeViolations(page);
    expect(await fitsWidth(page)).toBe(true);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('offers the opt-out of sale and sharing first to a browser sending Global Privacy Control', async () => {
    // Prepare
    const { page } = await phone({ locale: 'en', gpc: true });

    // Act
    await page.goto(`${runtime.apiUrl}/privacy`);
    await solved(page);
    await shot(page, 'center-gpc-en');

    // Assess
    await expect(page.getByRole('heading', { name: 'Your browser asks us not to sell or share your data' }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Do not sell or share my data').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('In California').isChecked()).resolves.toBe(true);
    await expectNoAxeViolations(page);
  });

  it.each(['de', 'en'] as const)('sends the form back in %s with a message at each field left out, still accessible', async (locale) => {
    // Prepare
    const { page } = await phone({ locale });
    await page.goto(`${runtime.apiUrl}/privacy`);
    await solved(page);

    // Act
    await page.getByRole('button', { name: TEXTS[locale].send }).click();
    await page.waitForLoadState();
    await solved(page);
    await shot(page, `form-errors-${locale}`);

    // Assess
    expect(await page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    expect(await page.getByRole('alert').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    expect(await fitsWidth(page)).toBe(true);
  });

  it('works without JavaScript up to the proof of work: the page says where to write instead, and a filing is sent back, not lost', async () => {
    // Prepare
    const { page } = await phone({ locale: 'en', javaScript: false });

    // Act
    await page.goto(`${runtime.apiUrl}/privacy`);
    await shot(page, 'center-no-javascript-en');
    await page.getByLabel('Delete my data').check();
    await page.getByLabel('Your email address').fill('someone@example.net');
    await page.getByLabel('Somewhere else').check();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForLoadState();

    // Assess
    expect(await page.locator('main').textContent()).toContain('The check against automated requests was not done.');
    expect(await page.getByLabel('Your email address').inputValue()).toBe('someone@example.net');
    expect(await page.locator('body').textContent()).toContain('This check needs JavaScript. Without it, write to privacy@example.com');
  });

  it.each([
    { locale: 'de', account: anna },
    { locale: 'en', account: james },
  ] as const)(
    'files a deletion in $locale, confirms the mailed link and the knowledge check, and follows the status page, each page accessible',
    async ({ locale, account }) => {
      // Prepare
      const { page, outside } = await phone({ locale });

      // Act: the center, then the mail's link, its button and the three questions
      await fileRight(page, locale, account.email, 'deletion');
      await shot(page, `filed-${locale}`);
      const filedViolations = await accessibilityViolations(page);
      const filedHeading = await page.locator('h1').textContent();
      await page.goto(await linkFor(account.email));
      await page.getByRole('button').click();
      await page.waitForLoadState();
      await page.locator('input[name="email"]').fill(account.email);
      await page.locator('textarea[name="street"]').fill(account.billingAddress.street);
      await page.locator('input[name="postalCode"]').fill(account.billingAddress.postalCode);
      await page.locator('input[name="city"]').fill(account.billingAddress.city);
      await page.locator('input[name="cardLast4"]').fill(account.cardLast4);
      await page.getByRole('button').click();
      await page.waitForLoadState();
      await shot(page, `verified-with-status-link-${locale}`);
      await runtime.workflows.idle();
      await page.getByRole('link', { name: locale === 'de' ? /Ihre Anfrage verfolgen/ : /Follow your request/ }).click();
      await page.waitForLoadState();
      await shot(page, `status-done-${locale}`);

      // Assess
      expect(filedHeading).toBe(TEXTS[locale].filed);
      expect(filedViolations).toEqual([]);
      expect(page.url()).toMatch(/\/privacy\/requests\/[A-Za-z0-9_-]{43}$/);
      await expectNoAxeViolations(page);
      expect(await fitsWidth(page)).toBe(true);
      expect(outside).toEqual([]);
    },
  );

  it.each(['de', 'en'] as const)('cancels from the status page in %s and shows the closed request, accessible', async (locale) => {
    // Prepare: a request waiting for its confirmation, followed from the mailed link
    const email = locale === 'de' ? anna.email : james.email;
    const { page } = await phone({ locale });
    await fileRight(page, locale, email, 'access');
    await page.goto((await linkFor(email)).replace('/v1/verify/', '/privacy/requests/'));
    await shot(page, `status-open-${locale}`);
    const openViolations = await accessibilityViolations(page);

    // Act
    await page.getByRole('button', { name: locale === 'de' ? 'Diese Anfrage stornieren' : 'Cancel this request' }).click();
    await page.waitForLoadState();
    await shot(page, `status-cancelled-${locale}`);

    // Assess
    expect(await page.locator('main').textContent()).toContain(locale === 'de' ? 'Storniert' : 'Cancelled');
    expect(await page.locator('form').count()).toBe(0);
    expect(openViolations).toEqual([]);
    await expectNoAxeViolations(page);
    expect(await fitsWidth(page)).toBe(true);
  });
});
