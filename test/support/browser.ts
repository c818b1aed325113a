// Headless Chromium for browser tests, and a tiny HTTP server that serves Lambda proxy results to it.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { chromium, type Browser } from 'playwright-core';

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
