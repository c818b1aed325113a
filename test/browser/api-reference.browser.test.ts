// GET /docs in a real browser, served by the local runtime: the reference renders every route from
// /openapi.json, asks nothing of any other origin, meets WCAG 2.2 AA, and its try-it client works.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { accessibilityViolations, launchBrowser, screenshot } from '../support/browser.js';

/** The page's globals, typed just enough for the one callback that runs inside Chromium. */
interface InPage {
  document: { addEventListener(type: 'securitypolicyviolation', listener: (event: { effectiveDirective: string }) => void): void };
  console: { error(...values: unknown[]): void };
}

describe('GET /docs in Chromium', () => {
  let runtime: LocalRuntime;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const elsewhere: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: 'api-reference-browser-key', scheduleEveryMs: 0 });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Works offline: anything the page asks of another origin is refused and remembered.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(runtime.apiUrl) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(() => {
      const { document, console } = globalThis as unknown as InPage;
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP blocked ${event.effectiveDirective}`));
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${runtime.apiUrl}/docs`);
    await page.getByRole('heading', { name: 'privacy-ops', level: 1 }).waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await runtime?.stop();
  });

  it('lists every route of the route table, by its summary', async () => {
    // Act: open every group of the sidebar
    const closed = page.getByRole('button', { name: /^Open Group/ });
    for (let opened = 0; opened < 50 && (await closed.count()) > 0; opened++) await closed.first().click();
    const shown = (await page.locator('body').textContent()) ?? '';
    await screenshot(page, 'api-reference', { fullPage: false });

    // Assess
    const missing = routes.filter((route) => !shown.includes(route.summary)).map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
    expect(await page.title()).toBe('privacy-ops API reference');
  });

  it('asks nothing of any other origin and breaks no rule of its content security policy', () => {
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('meets WCAG 2.2 AA (axe), on the overview and on an operation', async () => {
    const overview = await accessibilityViolations(page);
    await page
      .getByRole('link', { name: /File a rights request/ })
      .first()
      .click();
    // The operation shows the header it documents once it has rendered.
    await page.getByText('Idempotency-Key', { exact: true }).first().waitFor({ state: 'visible' });
    await screenshot(page, 'api-reference-operation', { fullPage: false });
    const operation = await accessibilityViolations(page);

    expect([...overview, ...operation]).toEqual([]);
  }, 240_000);

  it('serves the renderer from this API, with a policy that keeps scripts and calls on this origin', async () => {
    const script = await fetch(`${runtime.apiUrl}/docs/api-reference.js`);
    const reference = await fetch(`${runtime.apiUrl}/docs`);

    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await script.text()).length).toBeGreaterThan(1_000_000);
    expect(reference.headers.get('content-security-policy')).toMatch(/script-src 'self' 'unsafe-eval'; .*connect-src 'self'/);
  });
});
