// Headless Chromium for browser tests (launch, a page at a viewport, axe's WCAG 2.2 AA check, a
// screenshot for a person to look at), and a tiny HTTP server that serves Lambda proxy results to it.
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Flags that keep Chromium quiet: no sandbox (containers), no GPU, and no traffic of its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** The system Chromium (never a downloaded one); `CHROMIUM_PATH` overrides where it lives. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Launches headless Chromium from `chromiumPath()`. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });
}

/** The axe tags of WCAG 2.2 level AA: A and AA of 2.0, 2.1 and 2.2. */
export const WCAG_22_AA: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Where screenshots are kept for a person to look at: test-results/screenshots/. */
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** The viewport a page opens at unless a test says otherwise. */
export const DEFAULT_VIEWPORT = { width: 1280, height: 900 } as const;

/** A new browser context at `viewport` (with any further `options`) and a page in it; close the context when done. */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = DEFAULT_VIEWPORT,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...options, viewport });
  return { context, page: await context.newPage() };
}

/** WCAG 2.2 AA findings of axe on the page as it stands, one `rule: target` line per element. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags([...WCAG_22_AA]).analyze();
  return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/**
 * Runs axe (WCAG 2.2 AA) on the page as it stands and fails the test with every finding, one
 * `rule: target` line per element; answers axe's results (its passes, for a test that counts them).
 */
export async function expectNoAxeViolations(page: Page): Promise<Awaited<ReturnType<AxeBuilder['analyze']>>> {
  const results = await new AxeBuilder({ page }).withTags([...WCAG_22_AA]).analyze();
  const found = results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
  expect(found, "axe's WCAG 2.2 AA findings").toStrictEqual([]);
  return results;
}

/**
 * Saves a screenshot of the whole page (`fullPage: false`: the viewport only) as
 * test-results/screenshots/<name>.png, for a person to look at; answers its path.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}

/** One request as the server received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

/** Answers a request with a proxy result, as a Lambda behind API Gateway would. */
export type ProxyResponder = (request: ReceivedRequest) => APIGatewayProxyResult;

export interface ProxyServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request received so far, in order. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Serves `respond`'s proxy results on a free local port. */
export async function serveProxyResults(respond: ProxyResponder): Promise<ProxyServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    void readBody(incoming).then((body) => {
      const received: ReceivedRequest = {
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        contentType: incoming.headers['content-type'],
        body,
      };
      requests.push(received);
      const result = respond(received);
      for (const [name, value] of Object.entries(result.headers ?? {})) outgoing.setHeader(name, String(value));
      outgoing.statusCode = result.statusCode;
      outgoing.end(result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
