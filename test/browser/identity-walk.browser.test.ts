// Issue 18's "done when", walked as a person would in Chromium on the local runtime: the privacy
// center, the mailed link, the independent identity provider (the local OpenID Connect stand-in),
// the status page and the mails; each page checked by axe for WCAG 2.2 AA and photographed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, knowledgeAnswers } from '../../local/demo-data.js';
import { PROJECT_ROOT, startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { launchBrowser } from '../support/browser.js';

// A small proof of work keeps the walk quick; the widget solves it in the page as it would any.
process.env.PROOF_OF_WORK_DIFFICULTY = '5000';

const API_KEY = 'identity-walk-browser-key';
const SCREENSHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const anna = demoAccounts.find((a) => a.accountId === 'acc-1001')!;
/** A newsletter reader: no account, so no card on file; the provider is his only way. */
/** A demo customer with no card on file: the knowledge check cannot verify him. */
const felix = demoAccounts.find((a) => a.accountId === 'acc-1004')!;
/** The person the local provider cannot verify. */
const ERIKA = 'erika.fehler@example.net';

const TEXTS = {
  de: { deletion: 'Meine Daten löschen', access: 'Eine Kopie meiner Daten', email: 'Ihre E-Mail-Adresse', eu: 'In der EU oder im EWR', send: 'Anfrage senden' },
  en: { deletion: 'Delete my data', access: 'A copy of my data', email: 'Your email address', eu: 'In the EU or EEA', send: 'Send request' },
} as const;

interface MailboxEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

interface InPage {
  document: { querySelector(selector: string): { value?: string } | null };
}

async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

describe("issue 18's walk in a real browser", () => {
  let runtime: LocalRuntime;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** axe's findings per page photographed, by the screenshot's name: every list must be empty. */
  const findings: Record<string, string[]> = {};

  const phone = async (locale: 'de' | 'en') => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, extraHTTPHeaders: { 'accept-language': locale } });
    contexts.push(context);
    return context.newPage();
  };
  /** Clicks what submits a form or follows a link, and waits until the page it leads to has loaded. */
  const follow = async (page: Page, target: ReturnType<Page['locator']>) => {
    await Promise.all([page.waitForEvent('framenavigated'), target.click()]);
    await page.waitForLoadState();
  };
  /** Photographs the page as `walk-<name>.png` and keeps axe's findings on it. */
  const look = async (page: Page, name: string) => {
    await page.screenshot({ path: join(SCREENSHOTS, `walk-${name}.png`), fullPage: true });
    findings[name] = await accessibilityViolations(page);
  };
  const mailsTo = async (address: string) => {
    const store = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as { emails: MailboxEmail[] };
    return store.emails.filter((e) => e.destination.to.includes(address));
  };
  const linkFor = async (address: string) => {
    const text = (await mailsTo(address)).map((m) => m.body.text ?? '').findLast((t) => t.includes('/v1/verify/')) ?? '';
    return /(http:\/\/localhost:\d+\/v1\/verify\/[A-Za-z0-9_-]{43})/.exec(text)![1]!;
  };
  /** The request filed last (each walk files one, and the list is newest first): the API's view masks the address. */
  const latestRequest = async () => {
    const list = (await (await fetch(`${runtime.apiUrl}/v1/requests`, { headers: { 'x-api-key': API_KEY } })).json()) as { items: { id: string }[] };
    return (await (await fetch(`${runtime.apiUrl}/v1/requests/${list.items[0]!.id}`, { headers: { 'x-api-key': API_KEY } })).json()) as {
      status: string;
      denial?: { code: string };
      verification: { identity?: { outcome?: { result: string } } };
    };
  };
  /** The privacy center's form, as a person fills it in: the widget solves its proof, the person takes a few seconds. */
  const fileAtCenter = async (page: Page, locale: 'de' | 'en', email: string, right: 'deletion' | 'access') => {
    const t = TEXTS[locale];
    await page.goto(`${runtime.apiUrl}/privacy`);
    await look(page, `center-${locale}`);
    await page.waitForFunction(() => (globalThis as unknown as InPage).document.querySelector('input[name="altcha"]')?.value, null, { timeout: 30_000 });
    await page.getByLabel(t[right]).check();
    await page.getByLabel(t.email).fill(email);
    await page.getByLabel(t.eu).check();
    await page.waitForTimeout(3_200);
    await follow(page, page.getByRole('button', { name: t.send }));
  };
  /** The mailed link, opened from the local mailbox, and its confirm button. */
  const confirmMailedLink = async (page: Page, email: string, name: string) => {
    await page.goto(await linkFor(email));
    await look(page, `confirm-${name}`);
    await follow(page, page.getByRole('button'));
  };
  /** At the local provider's sign-in page: signs in as `person`. */
  const signInAtProvider = async (page: Page, person: string, name: string) => {
    const provider = new URL(runtime.identityProvider!.issuer).origin;
    await page.getByRole('button', { name: /identity service|Identitätsdienst/ }).click();
    await page.waitForURL((url) => url.origin === provider && url.pathname.startsWith('/interaction/'));
    await page.waitForLoadState();
    await look(page, `provider-sign-in-${name}`);
    await page.getByLabel(new RegExp(person)).check();
    await page.getByRole('button', { name: 'Verify me' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${runtime.apiUrl}/v1/identity/callback`));
    await page.waitForLoadState();
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

  it('deletes the data of a demo customer with no card on file: center, mail, provider, verified, status page to done, closing mail', async () => {
    // Prepare
    const page = await phone('en');

    // Act
    await fileAtCenter(page, 'en', felix.email, 'deletion');
    await look(page, 'filed-en');
    const filedHeading = await page.locator('h1').textContent();
    await confirmMailedLink(page, felix.email, 'en');
    await look(page, 'identity-provider-offered-en');
    const offered = await page.getByRole('button', { name: /identity service/ }).isVisible();
    await signInAtProvider(page, felix.name, 'en');
    await look(page, 'provider-verified-en');
    const verifiedHeading = await page.locator('h1').textContent();
    await runtime.workflows.idle();
    // Back from the provider the page knows no link; the mailed link, opened again, shows how the
    // request ended and leads on to its status page.
    await page.goto(await linkFor(felix.email));
    await look(page, 'mailed-link-closed-en');
    await page.getByRole('link', { name: /See what was done, step by step/ }).click();
    await page.waitForURL(/\/privacy\/requests\//);
    await look(page, 'status-done-en');
    const statusText = await page.locator('main').textContent();
    const mails = await mailsTo(felix.email);

    // Assess
    expect(filedHeading).toBe('Please check your email');
    expect(offered).toBe(true);
    expect(verifiedHeading).toMatch(/identity is confirmed/i);
    expect(page.url()).toMatch(/\/privacy\/requests\/[A-Za-z0-9_-]{43}$/);
    expect(statusText).toMatch(/Carried out|Partly carried out/);
    expect(statusText).toContain('We sent you our answer by email.');
    expect((await latestRequest())?.status).toMatch(/^(completed|partially-completed)$/);
    // The confirmation mail, then the answer that closes the request.
    expect(mails.length).toBeGreaterThanOrEqual(2);
    expect(mails.at(-1)!.subject).not.toMatch(/confirm/i);
    expect(mails.at(-1)!.body.text).toMatch(/deleted|erased|carried out/i);
  });

  it('offers the provider instead of refusing once the knowledge check locks after five wrong answers, and verifies', async () => {
    // Prepare
    const page = await phone('de');
    await fileAtCenter(page, 'de', anna.email, 'deletion');
    await look(page, 'filed-de');
    await confirmMailedLink(page, anna.email, 'de');
    await look(page, 'identity-questions-de');

    // Act: five wrong card digits
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.locator('input[name="email"]').fill(anna.email);
      await page.locator('textarea[name="street"]').fill(anna.billingAddress.street);
      await page.locator('input[name="postalCode"]').fill(anna.billingAddress.postalCode);
      await page.locator('input[name="city"]').fill(anna.billingAddress.city);
      await page.locator('input[name="cardLast4"]').fill('9999');
      await follow(page, page.getByRole('button', { name: 'Identität bestätigen' }));
    }
    await look(page, 'identity-locked-provider-offered-de');
    const lockedText = await page.locator('main').textContent();
    const questionsLeft = await page.locator('input[name="cardLast4"]').count();
    const beforeProvider = await latestRequest();
    await signInAtProvider(page, 'Anna Schmidt', 'de');
    await look(page, 'provider-verified-de');
    const verifiedHeading = await page.locator('h1').textContent();

    // Assess
    expect(lockedText).toContain('Die Fragen sind gesperrt');
    expect(questionsLeft).toBe(0);
    expect(beforeProvider?.status).toBe('awaiting-verification');
    expect(verifiedHeading).toMatch(/Identität ist bestätigt/);
    expect((await latestRequest())?.verification.identity?.outcome?.result).toBe('verified');
  });

  it('refuses as unverified a person who fails at the provider, with a mail saying why and what they can do', async () => {
    // Prepare
    const page = await phone('en');
    await fileAtCenter(page, 'en', ERIKA, 'access');
    await confirmMailedLink(page, ERIKA, 'erika-en');

    // Act
    await signInAtProvider(page, 'Erika Fehler', 'erika-en');
    await look(page, 'provider-refused-en');
    const refusedText = await page.locator('main').textContent();
    const request = await latestRequest();
    const mail = (await mailsTo(ERIKA)).find((m) => /identity not verified/i.test(m.subject));

    // Assess
    expect(refusedText).toContain('independent identity service could not confirm');
    expect(request?.status).toBe('denied');
    expect(request?.denial?.code).toBe('unverified');
    expect(mail?.body.text).toContain('independent identity service');
    // What they can do: ask again, and complain to the authority.
    expect(mail?.body.text).toMatch(/new request|again/i);
    expect(mail?.body.text).toMatch(/complain|supervisory authority/i);
  });

  it('downloads the copy of a finished access request from its status page', async () => {
    // Prepare: Jonas's access request, confirmed and verified through the mailed link, carried out.
    const jonas = demoAccounts.find((a) => a.accountId === 'acc-1002')!;
    await fetch(`${runtime.apiUrl}/v1/requests`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'access', jurisdiction: 'gdpr', subject: { email: jonas.email, locale: 'de' } }),
    });
    const link = await linkFor(jonas.email);
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    await fetch(link, form({ confirm: 'yes' }));
    await fetch(`${link}/identity`, form(knowledgeAnswers(jonas)));
    await runtime.workflows.idle();
    const page = await phone('de');

    // Act
    await page.goto(link.replace('/v1/verify/', '/privacy/requests/'));
    await look(page, 'status-copy-de');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Meine Kopie herunterladen' }).click()]);

    // Assess
    expect(download.suggestedFilename()).toBe('privacy-export.zip');
  });

  it('found no WCAG 2.2 AA violation on any page of the walk', () => {
    expect(Object.keys(findings).length).toBeGreaterThanOrEqual(15);
    expect(Object.fromEntries(Object.entries(findings).filter(([, found]) => found.length > 0))).toEqual({});
  });
});
