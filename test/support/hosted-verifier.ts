// A small hosted identity-verification service for tests: it creates sessions as the widely used
// APIs do and signs its events the way the hosted adapter checks them (HMAC-SHA256 over `t.body`).
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, signWebhook } from '../../shared/verification/webhook-signature.js';

export interface HostedVerifier {
  apiBase: string;
  apiKey: string;
  webhookSecret: string;
  /** How the service answers session requests from now on. */
  behave(mode: 'ok' | 'error' | 'hang'): void;
  /** The sessions created, by id, with the request each was made for. */
  sessions: Map<string, { reference: string; returnUrl: string }>;
  /** An event about `session` as the service posts it: the raw body and its headers, signed at `at`. */
  event(
    type: 'verified' | 'requires_input' | 'canceled',
    session: string,
    options?: { at?: Date; id?: string; outputs?: Record<string, unknown>; assurance?: string; secret?: string },
  ): { body: string; headers: Record<string, string> };
  stop(): Promise<void>;
}

export async function startHostedVerifier(): Promise<HostedVerifier> {
  const apiKey = randomBytes(24).toString('base64url');
  const webhookSecret = randomBytes(32).toString('base64url');
  const sessions = new Map<string, { reference: string; returnUrl: string }>();
  let mode: 'ok' | 'error' | 'hang' = 'ok';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (mode === 'hang') return;
      if (mode === 'error') return void res.writeHead(503).end();
      if (req.method !== 'POST' || req.url !== '/v1/verification_sessions') return void res.writeHead(404).end();
      if (req.headers.authorization !== `Bearer ${apiKey}`) return void res.writeHead(401).end();
      const { reference, return_url: returnUrl } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { reference: string; return_url: string };
      const id = `vs_${randomBytes(8).toString('hex')}`;
      sessions.set(id, { reference, returnUrl });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, url: `https://verify.example/session/${id}` }));
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    apiBase,
    apiKey,
    webhookSecret,
    sessions,
    behave: (next) => {
      mode = next;
    },
    event: (type, session, options = {}) => {
      const body = JSON.stringify({
        id: options.id ?? `evt_${randomBytes(8).toString('hex')}`,
        type: `verification_session.${type}`,
        data: {
          session,
          reference: sessions.get(session)?.reference ?? 'unknown',
          ...(options.assurance ? { assurance: options.assurance } : {}),
          ...(options.outputs ? { verified_outputs: options.outputs } : {}),
        },
      });
      const at = Math.floor((options.at ?? new Date()).getTime() / 1000);
      return { body, headers: { [SIGNATURE_HEADER]: signWebhook(options.secret ?? webhookSecret, body, at), 'content-type': 'application/json' } };
    },
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
