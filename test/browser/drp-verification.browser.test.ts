// The DRP user_verification_url page in a real browser: the address form, the "check your email"
// page and its way back, and the pages that end the flow, each checked with axe against WCAG 2.2 AA.
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../shared/domain/request-model.js';
import { drpVerificationResponse } from '../../shared/pages/drp-verification-pages.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';
import type { DrpVerificationOutcome } from '../../shared/protocols/drp-verification.js';
import { expectNoAxeViolations, launchBrowser, screenshot, serveProxyResults, type ProxyServer } from '../support/browser.js';
import { requestRecord } from '../support/request-record.js';

const PAGE = '/stage/v1/data-rights-request/01JTEST00000000000000000AA/verification';
const ADDRESS = 'anna.schmidt@example.com';
const TEXT = {
  en: { field: 'Your email address', button: 'Email me a confirmation link', sent: 'Check your email', onward: 'I have confirmed the request: continue' },
  de: {
    field: 'Ihre E-Mail-Adresse',
    button: 'Bestätigungslink per E-Mail senden',
    sent: 'Bitte sehen Sie in Ihr Postfach',
    onward: 'Ich habe die Anfrage bestätigt: weiter',
  },
} as const;

const lang = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang);

describe('DRP verification page in Chromium', () => {
  let browser: Browser;
  let server: ProxyServer;
  let locale: Locale = 'en';
  /** Whether the person has confirmed through the mailed link (the stand-in's state of the request). */
  let confirmed = false;
  let posted: string[] = [];

  /** A stand-in for the two routes, shaped by the same renderer the handlers use. */
  function respond(method: string, path: string, body: string): APIGatewayProxyResult {
    const request = requestRecord(confirmed ? 'in-progress' : 'awaiting-verification', { subject: { email: ADDRESS, locale } });
    const ended = /^\/stage\/ended\/(de|en)$/.exec(path);
    if (ended) return drpVerificationResponse({ page: 'ended', request }, ended[1] as Locale, OTHER_CONTROLLER);
    if (path === '/stage/agent/return')
      return { statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>Agent</title><h1>Back at the agent</h1>' };
    if (!path.startsWith(PAGE)) return drpVerificationResponse({ page: 'invalid' }, locale, OTHER_CONTROLLER);
    const redirectTo = new URL(path, server.origin).searchParams.get('redirect_to') ?? undefined;
    if (confirmed)
      return drpVerificationResponse({ page: 'confirmed', request, agentName: 'Acme Agent', ...(redirectTo ? { redirectTo } : {}) }, locale, OTHER_CONTROLLER);
    if (method === 'POST') {
      const email = new URLSearchParams(body).get('email') ?? '';
      posted.push(email);
      const outcome: DrpVerificationOutcome = email.includes('@')
        ? { page: 'sent', request, agentName: 'Acme Agent' }
        : { page: 'ask', request, agentName: 'Acme Agent' };
      return drpVerificationResponse(outcome, locale, OTHER_CONTROLLER, !email.includes('@'));
    }
    return drpVerificationResponse({ page: 'ask', request, agentName: 'Acme Agent' }, locale, OTHER_CONTROLLER);
  }

  beforeAll(async () => {
    server = await serveProxyResults(({ method, path, body }) => respond(method, path, body));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(LOCALES)(
    'asks for the address (%s), keeps the query through the form, and once confirmed sends the person back to redirect_to, with no WCAG 2.2 AA violation',
    async (pageLocale) => {
      // Prepare
      locale = pageLocale;
      confirmed = false;
      posted = [];
      const context = await browser.newContext();
      const page = await context.newPage();
      const back = `${server.origin}/stage/agent/return`;
      const url = `${server.origin}${PAGE}?redirect_to=${encodeURIComponent(back)}&request_id=01JTEST00000000000000000AA`;

      // Act
      const shown = await page.goto(url);
      const shownLang = await lang(page);
      await expectNoAxeViolations(page);
      await screenshot(page, `drp-verification-ask-${pageLocale}`);
      await page.getByLabel(TEXT[pageLocale].field).fill(ADDRESS);
      await page.getByRole('button', { name: TEXT[pageLocale].button }).click();
      const sentHeading = await page.getByRole('heading', { level: 1 }).textContent();
      await expectNoAxeViolations(page);
      await screenshot(page, `drp-verification-sent-${pageLocale}`);
      const formUrl = server.requests.at(-1)!.path;
      confirmed = true;
      await page.getByRole('link', { name: TEXT[pageLocale].onward }).click();
      await page.waitForURL(back);

      // Assess
      expect(shown?.status()).toBe(200);
      expect(shownLang).toBe(pageLocale);
      expect(posted).toEqual([ADDRESS]);
      expect(formUrl).toBe(url.slice(server.origin.length));
      expect(sentHeading).toBe(TEXT[pageLocale].sent);
      expect(page.url()).toBe(back);
      await context.close();
    },
  );

  it.each(LOCALES)('marks a form sent without an address (%s) and says what to enter, with no WCAG 2.2 AA violation', async (pageLocale) => {
    // Prepare
    locale = pageLocale;
    confirmed = false;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}${PAGE}`);

    // Act
    const answer = await page.request.post(`${server.origin}${PAGE}`, { form: { email: 'no address' } });
    await page.setContent(await answer.text());
    await expectNoAxeViolations(page);
    await screenshot(page, `drp-verification-problem-${pageLocale}`);

    // Assess
    expect(answer.status()).toBe(400);
    expect(await page.getByLabel(TEXT[pageLocale].field).getAttribute('aria-invalid')).toBe('true');
    expect(await lang(page)).toBe(pageLocale);
    await context.close();
  });

  it.each(LOCALES)('shows the ended and invalid pages (%s) with no WCAG 2.2 AA violation', async (pageLocale) => {
    // Prepare
    locale = pageLocale;
    const context = await browser.newContext();
    const page = await context.newPage();

    // Act
    const ended = await page.goto(`${server.origin}/stage/ended/${pageLocale}`);
    await expectNoAxeViolations(page);
    await screenshot(page, `drp-verification-ended-${pageLocale}`);
    const invalid = await page.goto(`${server.origin}/stage/elsewhere`);
    await expectNoAxeViolations(page);

    // Assess
    expect(ended?.status()).toBe(200);
    expect(invalid?.status()).toBe(404);
    expect(await lang(page)).toBe(pageLocale);
    await context.close();
  });
});
