// The console's Charts page in Chromium on the local runtime, over two years of synthetic requests'
// aggregates: the four charts drawn by the page's one script (canvas painted in the series' colours),
// the tables holding the summary's figures, no CSP violation, axe (WCAG 2.2 AA) with no violations
// at 1280 and 768 px, and the tables alone, open, with JavaScript off (axe on them with the page's
// script kept away, since axe itself runs as JavaScript). Screenshots are kept for a
// person to look at (test-results/screenshots/console-charts-*.png).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregatesOf, syntheticRequests, writeAggregates } from '../../bench/report-summary.js';
import { PROJECT_ROOT, startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { CHART_KEYS, type ChartKey, chartDrawing, chartTable } from '../../shared/console/charts.js';
import type { RequestSummary } from '../../shared/reports/request-summary.js';
import { launchBrowser } from '../support/browser.js';

const SCREENSHOTS = join(PROJECT_ROOT, 'test-results', 'screenshots');
const WIDTHS = [1280, 768] as const;
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The page's globals, typed just enough for the callbacks that run inside Chromium (the project compiles without the DOM library). */
interface InPage {
  document: {
    querySelector(selector: string): { width: number; height: number; getContext(kind: '2d'): CanvasReader | null } | null;
    querySelectorAll(selector: string): { open: boolean }[];
    addEventListener(type: 'securitypolicyviolation', listener: (event: { effectiveDirective: string; blockedURI: string }) => void): void;
  };
  __cspViolations: string[];
}
interface CanvasReader {
  getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> };
}

/** WCAG 2.2 AA findings of axe on the page as it stands, as `rule: target` lines. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** The text of each row of the table under `key`, header cell first, as the page shows it. */
function tableRows(page: Page, key: ChartKey): Promise<string[][]> {
  return page
    .locator(`details[data-table="${key}"] tbody tr`)
    .evaluateAll((rows) =>
      rows.map((row) => Array.from((row as unknown as { children: ArrayLike<{ textContent: string | null }> }).children, (cell) => cell.textContent ?? '')),
    );
}

describe('the Charts page in a real browser', () => {
  let runtime: LocalRuntime;
  let browser: Browser;

  /** A context signed in as the demo viewer, CSP violations and script errors recorded. */
  async function signedIn(width: number, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // Instrumentation injected by the test driver; the page's CSP does not apply to it.
    await page.addInitScript(() => {
      const { document } = globalThis as unknown as InPage;
      const seen: string[] = [];
      Object.defineProperty(globalThis, '__cspViolations', { value: seen });
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
    });
    await page.goto(`${runtime.apiUrl}${runtime.console.identity.issueSignIn('privacy-viewer')}`);
    expect(new URL(page.url()).pathname).toBe('/console/requests');
    return { context, page, errors };
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    runtime = await startLocalRuntime({ port: 0, memory: true, throttling: false, scheduleEveryMs: 0 });
    await writeAggregates(aggregatesOf(syntheticRequests(3000, new Date().toISOString().slice(0, 10))));
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it.each(WIDTHS)('draws the four charts over tables that hold the same figures, with no CSP or WCAG 2.2 AA violation (%i px)', async (width) => {
    // Prepare
    const { context, page, errors } = await signedIn(width);

    // Act
    await page.click('nav >> text=Charts');
    await page.locator('[data-charts="drawn"]').waitFor({ timeout: 30_000 });
    const summary = (await (await page.request.get(`${runtime.apiUrl}/console/charts/summary`)).json()) as RequestSummary;

    // Assess: each chart drawn, in its series' colours
    expect(await page.locator('h1').textContent()).toBe('Charts');
    for (const key of CHART_KEYS) {
      const frame = page.locator(`[data-chart="${key}"]`);
      expect(await frame.isVisible(), key).toBe(true);
      expect(await frame.getAttribute('data-drawn'), key).toBe('true');
      const colours = chartDrawing(key, summary[key]).datasets.map((d) => d.look.colour);
      const painted = await page.evaluate(
        ({ key, colours }) => {
          const canvas = (globalThis as unknown as InPage).document.querySelector(`[data-chart="${key}"] canvas`);
          const pixels = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
          if (!canvas || !pixels) return { width: 0, height: 0, inColour: 0 };
          const wanted = colours.map((hex) => [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)));
          let inColour = 0;
          for (let i = 0; i < pixels.length; i += 4) {
            const [r, g, b, a] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!];
            if (a > 200 && wanted.some(([wr, wg, wb]) => Math.abs(r - wr!) + Math.abs(g - wg!) + Math.abs(b - wb!) < 30)) inColour += 1;
          }
          return { width: canvas.width, height: canvas.height, inColour };
        },
        { key, colours },
      );
      expect(painted.width, key).toBeGreaterThan(300);
      expect(painted.height, key).toBeGreaterThan(200);
      expect(painted.inColour, key).toBeGreaterThan(100);
      // The tables hold the figures the chart was drawn from.
      expect(await tableRows(page, key), key).toEqual(chartTable(summary[key]).rows.map((row) => [row.label, ...row.cells]));
    }
    expect(await page.locator('details.chart-data[open]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).__cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `console-charts-${width}.png`), fullPage: true });

    // Act: the tables opened under their charts
    for (const summaryLine of await page.locator('details.chart-data > summary').all()) await summaryLine.click();

    // Assess
    expect(await page.locator('details.chart-data[open]').count()).toBe(4);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('shows the four tables, open, and no empty chart frame with JavaScript off', async () => {
    // Prepare
    const { context, page } = await signedIn(1280, false);

    // Act
    const response = await page.goto(`${runtime.apiUrl}/console/charts?weeks=12&months=6`);

    // Assess
    expect(response?.status()).toBe(200);
    expect(await page.locator('details.chart-data[open] table').count()).toBe(4);
    for (const key of CHART_KEYS) {
      expect(await page.locator(`details[data-table="${key}"] table`).isVisible(), key).toBe(true);
      expect(await page.locator(`[data-chart="${key}"]`).isVisible(), key).toBe(false);
    }
    expect(await page.locator('details[data-table="receivedPerWeek"] tbody tr').count()).toBe(12);
    expect(await page.locator('details[data-table="answeredOnTimePerMonth"] tbody tr').count()).toBe(6);
    expect(await page.locator('details[data-table="receivedPerWeek"] tbody').textContent()).toMatch(/[1-9]/);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-charts-no-script-1280.png'), fullPage: true });
    await context.close();
  });

  it.each(WIDTHS)('passes axe with the tables alone, as a browser without the script shows them (%i px)', async (width) => {
    // Prepare: axe needs JavaScript in the page, so here only the page's own script is kept away.
    const { context, page } = await signedIn(width);
    await page.route('**/console/charts/charts.js', (route) => route.abort());

    // Act
    await page.goto(`${runtime.apiUrl}/console/charts`);

    // Assess
    expect(await page.locator('details.chart-data[open] table').count()).toBe(4);
    expect(await page.locator('.chart-frame:visible').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});
