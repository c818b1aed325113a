// The pages behind an export link in a real browser: the download button's click-through, and every
// refusal page, each checked with axe against WCAG 2.2 AA.
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../shared/domain/request-model.js';
import { exportDownloadResponse, exportLinkResponse } from '../../shared/fulfilment/export-download.js';
import type { ExportLinkPageKind } from '../../shared/pages/export-pages.js';
import { expectNoAxeViolations, launchBrowser, screenshot, serveProxyResults, type ProxyServer } from '../support/browser.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';

const LINK = '/stage/v1/exports/q7W2mZ0x-Lr4_TfK9aYcB1nE3uHsVd6P';
const BUTTON = { de: 'ZIP-Datei herunterladen', en: 'Download the ZIP file' } as const;
const USED_UP = { de: 'Dieser Download-Link ist aufgebraucht', en: 'This download link has been used up' } as const;
const REFUSALS: readonly ExportLinkPageKind[] = ['invalid', 'expired', 'gone', 'used-up'];

describe('export link pages in Chromium', () => {
  let browser: Browser;
  let server: ProxyServer;
  /** The bucket's origin, apart from the API's as S3's is: the button's redirect leads there. */
  let bucket: ProxyServer;
  let downloadsLeft = 2;
  let linkLocale: Locale = 'de';

  /** A stand-in for the two routes: the link's page, and its button, which hands out a "download" until none is left. */
  function respond(method: string, path: string): APIGatewayProxyResult {
    const refusal = /^\/stage\/refusals\/([a-z-]+)\/(de|en)$/.exec(path);
    if (refusal) return exportLinkResponse({ outcome: refusal[1] as ExportLinkPageKind, locale: refusal[2] as 'de' | 'en' } as never, 'en', OTHER_CONTROLLER);
    if (method === 'GET' && path === LINK) {
      return exportLinkResponse(
        downloadsLeft > 0 ? { outcome: 'open', usesLeft: downloadsLeft, locale: linkLocale } : { outcome: 'used-up', locale: linkLocale },
        'en',
        OTHER_CONTROLLER,
        bucket.origin,
      );
    }
    if (method === 'POST' && path === LINK) {
      if (downloadsLeft === 0) return exportDownloadResponse({ outcome: 'used-up', locale: linkLocale }, 'en', OTHER_CONTROLLER);
      downloadsLeft--;
      return exportDownloadResponse({ outcome: 'ready', url: `${bucket.origin}/exports/download.zip` }, 'en', OTHER_CONTROLLER);
    }
    return exportLinkResponse({ outcome: 'invalid' }, 'en', OTHER_CONTROLLER);
  }

  beforeAll(async () => {
    server = await serveProxyResults(({ method, path }) => respond(method, path));
    bucket = await serveProxyResults(() => ({
      statusCode: 200,
      headers: { 'content-type': 'application/zip', 'content-disposition': 'attachment; filename="privacy-export.zip"' },
      body: 'PK',
    }));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await bucket?.close();
  });

  it.each(LOCALES)(
    'shows the download page (%s) with no WCAG 2.2 AA violation; the button downloads, and the link is used up after its downloads',
    async (locale) => {
      // Prepare
      downloadsLeft = 2;
      linkLocale = locale;
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      const url = `${server.origin}${LINK}`;

      // Act
      const shown = await page.goto(url);
      await expectNoAxeViolations(page);
      await screenshot(page, `export-download-${locale}`);
      const button = page.getByRole('button', { name: BUTTON[locale] });
      const [first] = await Promise.all([page.waitForEvent('download'), button.click()]);
      const [second] = await Promise.all([page.waitForEvent('download'), button.click()]);
      const third = await page.request.post(url, { form: { download: 'yes' }, maxRedirects: 0 });
      const after = await page.goto(url);

      // Assess
      expect(shown?.status()).toBe(200);
      expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang)).toBe(
        locale,
      );
      expect(first.suggestedFilename()).toBe('privacy-export.zip');
      expect(second.suggestedFilename()).toBe('privacy-export.zip');
      expect(third.status()).toBe(410);
      expect(after?.status()).toBe(410);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(USED_UP[locale]);
      expect(await page.locator('form').count()).toBe(0);
      await context.close();
    },
  );

  it.each(LOCALES.flatMap((locale) => REFUSALS.map((kind) => ({ kind, locale }))))(
    'shows the $kind page in $locale with no WCAG 2.2 AA violation',
    async ({ kind, locale }) => {
      // Prepare
      const context = await browser.newContext();
      const page = await context.newPage();

      // Act
      const shown = await page.goto(`${server.origin}/stage/refusals/${kind}/${locale}`);
      const axe = await expectNoAxeViolations(page);
      await screenshot(page, `export-${kind}-${locale}`);

      // Assess
      expect(shown?.status()).toBe(kind === 'invalid' ? 404 : 410);
      expect(axe.passes.length).toBeGreaterThan(0);
      expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      await context.close();
    },
  );
});
