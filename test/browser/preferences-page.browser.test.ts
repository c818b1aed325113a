// The "manage my email preferences" page in Chromium on the local runtime: opened from a marketing
// mail's link at 360 px in both languages, a withdrawal saved through the form (no script), the confirmation,
// the form sent back with a problem, and the page of a link that does not open; axe (WCAG 2.2 AA) on each.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/demo-data.js';
import { PROJECT_ROOT, startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { launchBrowser } from '../support/browser.js';

const API_KEY = 'preferences-page-browser-key';
const SCREENSHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const anna = demoAccounts.find((a) => a.accountId === 'acc-1001')!;
const maria = demoAccounts.find((a) => a.accountId === 'acc-2001')!;

const TEXTS = {
  de: {
    heading: 'Ihre E-Mail-Einstellungen und Einwilligungen',
    marketing: 'Direktwerbung',
    no: 'Nein, ich willige nicht ein',
    yes: 'Ja, ich willige ein',
    save: 'Meine Auswahl speichern',
    saved: 'Ihre Auswahl ist gespeichert',
    other: 'English',
    invalid: 'Dieser Link öffnet Ihre E-Mail-Einstellungen nicht',
  },
  en: {
    heading: 'Your email preferences and consents',
    marketing: 'direct marketing',
    no: 'No, I do not agree',
    yes: 'Yes, I agree',
    save: 'Save my choices',
    saved: 'Your choices are saved',
    other: 'Deutsch',
    invalid: 'This link does not open your email preferences',
  },
} as const;

/** What the functions run in the page use of it (the project compiles without the DOM's types). */
interface InPage {
  document: { documentElement: { scrollWidth: number } };
  innerWidth: number;
}

/**
 * WCAG 2.2 AA findings of axe on the page as it stands, as `rule: target` lines. axe runs on the
 * page's document copied into a context of its own at the same size: run on the page as the local
 * runtime served it, axe's evaluation did not settle here (its promise was collected), while the
 * same document in its own context is checked in seconds.
 */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const context = await page.context().browser()!.newContext({ viewport: page.viewportSize()! });
  try {
    const copy = await context.newPage();
    await copy.setContent(await page.content());
    const { violations } = await new AxeBuilder({ page: copy }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
  } finally {
    await context.close();
  }
}

describe('the preferences page in a real browser', () => {
  let runtime: LocalRuntime;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const api = (path: string, body: unknown) =>
    fetch(`${runtime.apiUrl}${path}`, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  /** A phone-sized page that records console errors (a CSP violation among them); axe needs the browser's JavaScript, the page itself has none. */
  const phone = async (locale: 'de' | 'en') => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 },
      javaScriptEnabled: false,
      extraHTTPHeaders: { 'accept-language': locale },
    });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('404')) errors.push(message.text());
    });
    return { page, errors };
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `preferences-${name}.png`), fullPage: true });
  const fitsWidth = (page: Page) =>
    page.evaluate(() => {
      const { document, innerWidth } = globalThis as unknown as InPage;
      return document.documentElement.scrollWidth <= innerWidth;
    });
  /** Grants marketing for `email` and sends them a marketing mail in `locale`; its preferences link from the mailbox. */
  const preferencesLink = async (email: string, locale: 'de' | 'en') => {
    expect((await api('/v1/consents', { subject: { email }, purpose: 'marketing', action: 'grant', source: 'newsletter-signup' })).status).toBe(201);
    expect((await api('/v1/marketing-emails', { to: email, locale, subject: 'News', text: 'Our news.' })).status).toBe(202);
    const store = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as {
      emails: { destination: { to: string[] }; body: { text?: string } }[];
    };
    const text = store.emails.filter((e) => e.destination.to.includes(email)).at(-1)?.body.text ?? '';
    return /(http:\/\/localhost:\d+\/v1\/preferences\/[A-Za-z0-9_-]{43})/.exec(text)![1]!;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it.each([
    { locale: 'de', person: anna },
    { locale: 'en', person: maria },
  ] as const)(
    'shows the consents in $locale at 360 px, saves a withdrawal through the plain form, and confirms it',
    { timeout: 240_000 },
    async ({ locale, person }) => {
      // Prepare
      const t = TEXTS[locale];
      const link = await preferencesLink(person.email, locale);
      const { page, errors } = await phone(locale);

      // Act
      await page.goto(link);
      const shown = {
        heading: await page.getByRole('heading', { level: 1 }).textContent(),
        lang: await page.getAttribute('html', 'lang'),
        scripts: await page.locator('script').count(),
        granted: await page.getByRole('group', { name: t.marketing }).getByLabel(t.yes).isChecked(),
        fits: await fitsWidth(page),
        violations: await accessibilityViolations(page),
      };
      await shot(page, `page-${locale}`);
      await page.getByRole('group', { name: t.marketing }).getByLabel(t.no).check();
      await page.getByRole('button', { name: t.save }).click();
      await page.waitForLoadState();
      const saved = {
        heading: await page.getByRole('heading', { level: 1 }).textContent(),
        fits: await fitsWidth(page),
        violations: await accessibilityViolations(page),
      };
      await shot(page, `saved-${locale}`);

      // Assess
      expect(shown).toStrictEqual({ heading: t.heading, lang: locale, scripts: 0, granted: true, fits: true, violations: [] });
      expect(saved).toStrictEqual({ heading: t.saved, fits: true, violations: [] });
      expect(errors).toStrictEqual([]);
    },
  );

  it('switches language, sends the form back with what was wrong, and shows a link that does not open, each without a violation', {
    timeout: 240_000,
  }, async () => {
    // Prepare
    const link = await preferencesLink('switching-reader@example.net', 'de');
    const { page } = await phone('de');

    // Act
    await page.goto(link);
    await page.getByRole('link', { name: TEXTS.de.other }).click();
    await page.waitForLoadState();
    const english = { heading: await page.getByRole('heading', { level: 1 }).textContent(), violations: await accessibilityViolations(page) };
    await shot(page, 'switched-en');
    // A form from elsewhere: posted to the link without the page's form token; the answer shown as the browser would.
    const { page: fresh } = await phone('de');
    const response = await fresh.request.post(link, { form: { 'consent.analytics': 'yes' } });
    await fresh.setContent(await response.text());
    const problem = { violations: await accessibilityViolations(fresh) };
    await shot(fresh, 'refused-de');
    const invalid = await phone('en');
    const dead = await invalid.page.goto(`${runtime.apiUrl}/v1/preferences/${'A'.repeat(43)}`);
    const deadPage = {
      status: dead?.status(),
      heading: await invalid.page.getByRole('heading', { level: 1 }).textContent(),
      violations: await accessibilityViolations(invalid.page),
    };
    await shot(invalid.page, 'invalid-en');

    // Assess
    expect(english).toStrictEqual({ heading: TEXTS.en.heading, violations: [] });
    expect(response.status()).toBe(403);
    expect(problem).toStrictEqual({ violations: [] });
    expect(deadPage).toStrictEqual({ status: 404, heading: TEXTS.en.invalid, violations: [] });
  });
});
