// The subject pages in a real browser, served with their real headers, under an API Gateway stage prefix.
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../shared/domain/request-model.js';
import { SUBJECT_PAGE_HEADERS, subjectPageResponse } from '../../shared/pages/layout.js';
import { renderRefusalPage, renderSubjectPage, SUBJECT_PAGE_KINDS, type SubjectPage } from '../../shared/pages/subject-pages.js';
import { expectNoAxeViolations, launchBrowser, screenshot, serveProxyResults, type ProxyServer } from '../support/browser.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';
import {
  SAMPLE_FAILED_IDENTITY,
  SAMPLE_INCOMPLETE_IDENTITY,
  SAMPLE_LOCKED_BY_PROVIDER,
  SAMPLE_PAGES,
  SAMPLE_PROVIDER_AFTER_LOCK,
  SAMPLE_PROVIDER_OFFERED,
  SAMPLE_PROVIDER_REQUIRED,
  SAMPLE_SALE_OPT_IN_CONFIRM,
  SAMPLE_TOKEN,
} from '../support/subject-pages.js';

const LINK = `/stage/v1/verify/${SAMPLE_TOKEN}`;

interface Shown {
  name: string;
  locale: Locale;
  render: () => string;
}

const shown = (name: string, locale: Locale, page: SubjectPage): Shown => ({
  name,
  locale,
  render: () => renderSubjectPage(page, locale, OTHER_CONTROLLER),
});

const shownPages: Shown[] = [
  ...SUBJECT_PAGE_KINDS.flatMap((kind) => LOCALES.map((locale) => shown(kind, locale, SAMPLE_PAGES[kind]))),
  ...LOCALES.map((locale) => shown('identity-failed', locale, SAMPLE_FAILED_IDENTITY)),
  // The second step of a two-step sale opt-in (11 CCR 7028(a)) says what confirming means.
  ...LOCALES.map((locale) => shown('confirm-sale-opt-in', locale, SAMPLE_SALE_OPT_IN_CONFIRM)),
  ...LOCALES.map((locale) => shown('identity-incomplete', locale, SAMPLE_INCOMPLETE_IDENTITY)),
  // The independent identity provider: offered beside the questions, after they locked, required, and the refusal it ends in.
  ...LOCALES.map((locale) => shown('identity-provider-offered', locale, SAMPLE_PROVIDER_OFFERED)),
  ...LOCALES.map((locale) => shown('identity-provider-after-lock', locale, SAMPLE_PROVIDER_AFTER_LOCK)),
  ...LOCALES.map((locale) => shown('identity-provider-required', locale, SAMPLE_PROVIDER_REQUIRED)),
  ...LOCALES.map((locale) => shown('locked-by-provider', locale, SAMPLE_LOCKED_BY_PROVIDER)),
  // API Gateway's own refusals, as the stack bakes them: every language of the deployment on one page, the first leading.
  ...LOCALES.map((locale) => ({
    name: 'gateway-rate-limited',
    locale,
    render: () => renderRefusalPage('rate-limited', [locale, ...LOCALES.filter((other) => other !== locale)], OTHER_CONTROLLER),
  })),
];

const IDENTITY_LABELS = {
  de: {
    email: 'E-Mail-Adresse Ihres Kontos',
    street: 'Straße und Hausnummer',
    postalCode: 'Postleitzahl',
    city: 'Ort',
    cardLast4: 'Letzte vier Ziffern Ihrer Zahlungskarte',
    submit: 'Identität bestätigen',
    confirm: 'Anfrage bestätigen',
  },
  en: {
    email: 'Email address of your account',
    street: 'Street and house number',
    postalCode: 'Postal code',
    city: 'City',
    cardLast4: 'Last four digits of your payment card',
    submit: 'Confirm identity',
    confirm: 'Confirm request',
  },
} as const;

/** Routes of the stand-in API: a gallery of every page, and the link flow at its real paths. */
function respond(method: string, path: string): APIGatewayProxyResult {
  const gallery = /^\/stage\/pages\/([a-z-]+)\/(de|en)$/.exec(path);
  if (method === 'GET' && gallery) {
    const page = shownPages.find((each) => each.name === gallery[1] && each.locale === gallery[2]);
    if (page) return subjectPageResponse(200, page.render());
  }
  if (method === 'GET' && path === '/stage/wrong-hash') {
    return {
      ...subjectPageResponse(200, renderSubjectPage(SAMPLE_PAGES.invalid, 'en', OTHER_CONTROLLER)),
      headers: { ...SUBJECT_PAGE_HEADERS, 'content-security-policy': "default-src 'none'; style-src 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='" },
    };
  }
  if (method === 'GET' && path === LINK) return subjectPageResponse(200, renderSubjectPage(SAMPLE_PAGES.confirm, 'en', OTHER_CONTROLLER));
  if (method === 'POST' && path === LINK) return subjectPageResponse(200, renderSubjectPage(SAMPLE_PAGES.identity, 'en', OTHER_CONTROLLER));
  if (method === 'POST' && path === `${LINK}/identity`) return subjectPageResponse(422, renderSubjectPage(SAMPLE_FAILED_IDENTITY, 'en', OTHER_CONTROLLER));
  return subjectPageResponse(404, renderSubjectPage(SAMPLE_PAGES.invalid, 'en', OTHER_CONTROLLER));
}

/**
 * The page's globals, typed just enough for the callbacks that run inside Chromium: the project
 * compiles without the DOM library, and a `/// <reference lib="dom" />` here would hand DOM types
 * to the Lambda code as well.
 */
interface InPage {
  document: {
    documentElement: { lang: string };
    body: object;
    activeElement: object | null;
    querySelector(selector: string): object | null;
    addEventListener(type: 'securitypolicyviolation', listener: (event: { effectiveDirective: string; blockedURI: string }) => void): void;
  };
  getComputedStyle(
    element: object,
  ): Record<'fontFamily' | 'color' | 'backgroundColor' | 'maxWidth' | 'borderTopLeftRadius' | 'outlineStyle' | 'outlineWidth', string>;
  __cspViolations: string[];
}

interface Observed {
  page: Page;
  context: BrowserContext;
  console: string[];
  requests: string[];
  violations(): Promise<string[]>;
}

describe('subject pages in Chromium', () => {
  let browser: Browser;
  let server: ProxyServer;

  beforeAll(async () => {
    server = await serveProxyResults(({ method, path }) => respond(method, path));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh page that records console output, every request and every CSP violation. */
  async function observedPage(viewport = { width: 1024, height: 768 }): Promise<Observed> {
    const context = await browser.newContext({ viewport, javaScriptEnabled: true });
    const page = await context.newPage();
    const console: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
    context.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
    // Instrumentation injected by the test driver; CSP does not apply to it and the page has no script of its own.
    await page.addInitScript(() => {
      const { document } = globalThis as unknown as InPage;
      const seen: string[] = [];
      Object.defineProperty(globalThis, '__cspViolations', { value: seen });
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
    });
    return {
      page,
      context,
      console,
      requests,
      violations: () => page.evaluate(() => (globalThis as unknown as InPage).__cspViolations),
    };
  }

  it.each(shownPages)(
    'shows $name in $locale styled and naming the controller, with no CSP or WCAG 2.2 AA violation and no other request',
    async ({ name, locale }) => {
      // Prepare
      const observed = await observedPage();
      const url = `${server.origin}/stage/pages/${name}/${locale}`;

      // Act
      const response = await observed.page.goto(url);
      const looks = await observed.page.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as InPage;
        const body = getComputedStyle(document.body);
        const card = getComputedStyle(document.querySelector('main')!);
        return {
          lang: document.documentElement.lang,
          fontFamily: body.fontFamily,
          color: body.color,
          background: body.backgroundColor,
          cardBackground: card.backgroundColor,
          cardMaxWidth: card.maxWidth,
          cardRadius: card.borderTopLeftRadius,
        };
      });
      await screenshot(observed.page, `${name}-${locale}`);
      await expectNoAxeViolations(observed.page);
      const footer = observed.page.getByRole('contentinfo');

      // Assess
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toBe(SUBJECT_PAGE_HEADERS['content-security-policy']);
      expect(await observed.violations()).toStrictEqual([]);
      expect(observed.console).toStrictEqual([]);
      expect(observed.requests).toStrictEqual([`GET ${url}`]);
      expect(looks).toStrictEqual({
        lang: locale,
        fontFamily: expect.stringMatching(/^system-ui,/),
        color: 'rgb(31, 41, 51)',
        background: 'rgb(238, 241, 245)',
        cardBackground: 'rgb(255, 255, 255)',
        cardMaxWidth: '544px',
        cardRadius: '12px',
      });
      expect(await observed.page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      expect(await footer.isVisible()).toBe(true);
      expect(await footer.textContent()).toContain(OTHER_CONTROLLER.name);
      expect(await footer.getByRole('link', { name: locale === 'de' ? 'Datenschutzhinweise' : 'Privacy notice' }).getAttribute('href')).toBe(
        OTHER_CONTROLLER.privacyNoticeUrl,
      );
      await observed.context.close();
    },
  );

  it('takes a narrow screenshot of the identity form, which stacks postal code and city', async () => {
    // Prepare
    const observed = await observedPage({ width: 390, height: 844 });

    // Act
    await observed.page.goto(`${server.origin}/stage/pages/identity-failed/de`);
    const postal = await observed.page.getByLabel(IDENTITY_LABELS.de.postalCode, { exact: true }).boundingBox();
    const city = await observed.page.getByLabel(IDENTITY_LABELS.de.city, { exact: true }).boundingBox();
    await screenshot(observed.page, 'identity-failed-de-narrow');

    // Assess
    expect(city!.y).toBeGreaterThan(postal!.y + postal!.height);
    expect(await observed.violations()).toStrictEqual([]);
    await observed.context.close();
  });

  it('notices when the CSP does not allow the style (the checks above can fail)', async () => {
    // Prepare
    const observed = await observedPage();

    // Act
    await observed.page.goto(`${server.origin}/stage/wrong-hash`);
    const fontFamily = await observed.page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as InPage;
      return getComputedStyle(document.body).fontFamily;
    });

    // Assess
    expect(await observed.violations()).toStrictEqual(['style-src-elem inline']);
    expect(observed.console).toStrictEqual([expect.stringMatching(/^error: .*Content Security Policy/)]);
    expect(fontFamily).not.toMatch(/system-ui/);
    await observed.context.close();
  });

  it.each(LOCALES)('reaches the confirm button first by keyboard and shows the focus (%s)', async (locale) => {
    // Prepare
    const observed = await observedPage();
    await observed.page.goto(`${server.origin}/stage/pages/confirm/${locale}`);
    const button = observed.page.getByRole('button', { name: IDENTITY_LABELS[locale].confirm });

    // Act
    await observed.page.keyboard.press('Tab');
    const focus = await button.evaluate((element) => {
      const { document, getComputedStyle } = globalThis as unknown as InPage;
      const style = getComputedStyle(element);
      return { focused: element === document.activeElement, outline: `${style.outlineStyle} ${style.outlineWidth}` };
    });

    // Assess
    expect(await button.isVisible()).toBe(true);
    expect(focus).toStrictEqual({ focused: true, outline: 'solid 3px' });
    await observed.context.close();
  });

  it.each(LOCALES)('names every identity field for assistive technology (%s)', async (locale) => {
    // Prepare
    const observed = await observedPage();
    const labels = IDENTITY_LABELS[locale];
    await observed.page.goto(`${server.origin}/stage/pages/identity/${locale}`);

    // Act
    const fields = await Promise.all(
      (['email', 'street', 'postalCode', 'city', 'cardLast4'] as const).map(async (field) => {
        const control = observed.page.getByLabel(labels[field], { exact: true });
        return {
          field,
          count: await control.count(),
          name: await control.getAttribute('name'),
          autocomplete: await control.getAttribute('autocomplete'),
          isTextbox: (await observed.page.getByRole('textbox', { name: labels[field], exact: true }).count()) === 1,
        };
      }),
    );
    const snapshot = await observed.page.locator('form').ariaSnapshot();

    // Assess
    expect(fields).toStrictEqual([
      { field: 'email', count: 1, name: 'email', autocomplete: 'email', isTextbox: true },
      { field: 'street', count: 1, name: 'street', autocomplete: 'street-address', isTextbox: true },
      { field: 'postalCode', count: 1, name: 'postalCode', autocomplete: 'postal-code', isTextbox: true },
      { field: 'city', count: 1, name: 'city', autocomplete: 'address-level2', isTextbox: true },
      { field: 'cardLast4', count: 1, name: 'cardLast4', autocomplete: 'off', isTextbox: true },
    ]);
    expect(snapshot).toContain(`- group "${locale === 'de' ? 'Rechnungsadresse' : 'Billing address'}"`);
    expect(snapshot).toContain(`- button "${labels.submit}"`);
    await observed.context.close();
  });

  it("sends an incomplete identity form to the server, whose messages speak the page's language, not the browser's", async () => {
    // Prepare
    const observed = await observedPage();
    const labels = IDENTITY_LABELS.en;
    await observed.page.goto(`${server.origin}${LINK}`);
    await observed.page.getByRole('button', { name: labels.confirm }).click();
    await observed.page.waitForLoadState();
    const postsBefore = server.requests.filter((request) => request.method === 'POST').length;
    await observed.page.getByLabel(labels.email, { exact: true }).fill('someone@example.org');
    await observed.page.getByLabel(labels.cardLast4, { exact: true }).fill('12a4');

    // Act
    await Promise.all([
      observed.page.waitForResponse((response) => response.request().method() === 'POST'),
      observed.page.getByRole('button', { name: labels.submit }).click(),
    ]);

    // Assess
    const posts = server.requests.filter((request) => request.method === 'POST').slice(postsBefore);
    expect(posts.map((request) => request.path)).toEqual([`${LINK}/identity`]);
    expect(new URLSearchParams(posts[0]!.body).get('cardLast4')).toBe('12a4');
    await observed.context.close();
  });

  it('confirms by keyboard and posts both forms to the right URLs under the stage prefix', async () => {
    // Prepare
    const observed = await observedPage();
    const labels = IDENTITY_LABELS.en;
    await observed.page.goto(`${server.origin}${LINK}`);
    const seenBefore = server.requests.length;

    async function answerIdentity(): Promise<void> {
      await observed.page.getByLabel(labels.email, { exact: true }).fill('someone@example.org');
      await observed.page.getByLabel(labels.street, { exact: true }).fill('Hauptstraße 1');
      await observed.page.getByLabel(labels.postalCode, { exact: true }).fill('10115');
      await observed.page.getByLabel(labels.city, { exact: true }).fill('Berlin');
      await observed.page.getByLabel(labels.cardLast4, { exact: true }).fill('4242');
      // The second answer posts to the URL already shown, so wait for the navigation itself, not a URL change.
      await Promise.all([
        observed.page.waitForEvent('framenavigated'),
        observed.page.waitForResponse((response) => response.request().method() === 'POST'),
        observed.page.keyboard.press('Enter'),
      ]);
      await observed.page.waitForLoadState('load');
    }

    // Act
    await observed.page.keyboard.press('Tab');
    await Promise.all([observed.page.waitForEvent('framenavigated'), observed.page.keyboard.press('Enter')]);
    await observed.page.getByRole('heading', { name: 'Please confirm your identity' }).waitFor();
    await answerIdentity();
    await observed.page.getByRole('alert').waitFor();
    await answerIdentity();

    // Assess
    const identityBody = 'email=someone%40example.org&street=Hauptstra%C3%9Fe+1&postalCode=10115&city=Berlin&cardLast4=4242';
    expect(server.requests.slice(seenBefore).map(({ method, path, contentType, body }) => ({ method, path, contentType, body }))).toStrictEqual([
      { method: 'POST', path: LINK, contentType: 'application/x-www-form-urlencoded', body: 'confirm=yes' },
      { method: 'POST', path: `${LINK}/identity`, contentType: 'application/x-www-form-urlencoded', body: identityBody },
      { method: 'POST', path: `${LINK}/identity`, contentType: 'application/x-www-form-urlencoded', body: identityBody },
    ]);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText() is the text as rendered, which is what is asserted
    expect(await observed.page.getByRole('alert').innerText()).toContain('The details did not match our records.');
    expect(await observed.violations()).toStrictEqual([]);
    // Chromium logs every 4xx document; the wrong answers are meant to be 422s, and nothing else may be logged.
    expect(observed.console).toStrictEqual(Array(2).fill('error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)'));
    await observed.context.close();
  });
});
