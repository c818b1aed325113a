// The printable requests report in a real browser: its tables and how each figure is counted, its
// style allowed by the CSP, on screen at 1280 and 768 px and printed, checked with axe against WCAG 2.2 AA.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPageResponse } from '../../shared/pages/report-page.js';
import { expectNoAxeViolations, launchBrowser, openPage, screenshot, serveProxyResults, type ProxyServer } from '../support/browser.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';
import { CCPA_FILED_2026_02_02, reportAfter } from '../support/report-fixtures.js';
import { requestRecord } from '../support/request-record.js';

/** The computed style of an element, read inside the page (this project's types know no DOM). */
type StyleReader = { getComputedStyle: (e: unknown) => { borderTopWidth: string; backgroundColor: string } };

/** A year with figures in every column: answers, partial answers, denials by two reasons, a withdrawal. */
function sampleReport() {
  const ccpa = CCPA_FILED_2026_02_02;
  const records = [
    requestRecord('completed', { ...ccpa, type: 'access', closedAt: '2026-02-12T20:00:00.000Z' }),
    requestRecord('partially-completed', { ...ccpa, type: 'access', closedAt: '2026-03-01T20:00:00.000Z' }),
    requestRecord('denied', { ...ccpa, type: 'deletion', closedAt: '2026-02-05T20:00:00.000Z', denial: { code: 'unverified', reason: 'x' } }),
    requestRecord('expired', { ...ccpa, type: 'deletion', closedAt: '2026-02-20T20:00:00.000Z' }),
    requestRecord('completed', { ...ccpa, type: 'sale-opt-out', closedAt: '2026-02-03T20:00:00.000Z' }),
    requestRecord('cancelled', { ...ccpa, type: 'third-party-disclosure', closedAt: '2026-02-03T20:00:00.000Z' }),
    requestRecord('completed', { type: 'access', closedAt: '2026-03-20T10:00:00.000Z' }),
    requestRecord('denied', { type: 'deletion', closedAt: '2026-03-09T10:00:00.000Z', denial: { code: 'excessive', reason: 'x' } }),
  ];
  return reportAfter(records, 2026, new Date('2026-12-03T12:00:00Z'));
}

describe('the requests report page in Chromium', () => {
  let browser: Browser;
  let server: ProxyServer;

  beforeAll(async () => {
    const report = sampleReport();
    server = await serveProxyResults(() => reportPageResponse(report, OTHER_CONTROLLER));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([
    [1280, 900],
    [768, 1024],
  ])('reads as tables with how each figure is counted, styled under its CSP, with no WCAG 2.2 AA violation at %i px', async (width, height) => {
    // Prepare
    const { context, page } = await openPage(browser, { width, height });
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });

    // Act
    const shown = await page.goto(`${server.origin}/stage/v1/reports/requests?year=2026&format=html`);
    await expectNoAxeViolations(page);
    await screenshot(page, `requests-report-${width}`);

    // Assess
    expect(shown?.status()).toBe(200);
    expect(refused).toStrictEqual([]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Data-subject requests in 2026');
    const know = page.getByRole('row', { name: /Requests to know/ });
    expect(await know.getByRole('cell').allTextContents()).toEqual(['2', '1', '1', '0', '–', '0', '18.5', '18.5']);
    const deletions = page.getByRole('row', { name: /Requests to delete/ });
    expect(await deletions.getByRole('cell').nth(4).textContent()).toBe(
      'identity could not be verified: 1; the confirmation link was never used (request expired): 1',
    );
    expect(await page.getByRole('table').count()).toBe(3);
    expect(await page.getByText('How each figure is counted', { exact: true }).isVisible()).toBe(true);
    // The style block ran: the card has its border, which only the hashed style gives it.
    expect(await page.locator('main').evaluate((main) => (globalThis as unknown as StyleReader).getComputedStyle(main).borderTopWidth)).toBe('6px');
    expect(await page.getByText(OTHER_CONTROLLER.name, { exact: false }).first().isVisible()).toBe(true);
    await context.close();
  });

  it('prints without its card and background', async () => {
    // Prepare
    const { context, page } = await openPage(browser, { width: 1280, height: 900 });
    await page.emulateMedia({ media: 'print' });

    // Act
    await page.goto(`${server.origin}/stage/v1/reports/requests?year=2026&format=html`);
    await screenshot(page, 'requests-report-print');

    // Assess
    expect(await page.locator('main').evaluate((main) => (globalThis as unknown as StyleReader).getComputedStyle(main).borderTopWidth)).toBe('0px');
    expect(await page.locator('body').evaluate((body) => (globalThis as unknown as StyleReader).getComputedStyle(body).backgroundColor)).toBe(
      'rgb(255, 255, 255)',
    );
    await context.close();
  });
});
