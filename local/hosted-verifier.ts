// The local stand-in for a hosted identity-verification service: it creates sessions as the widely
// used APIs do, shows a hosted page where a demo person is verified, fails or cancels, posts the
// result to privacy-ops' webhook signed with HMAC-SHA256 over `timestamp.payload`, and sends the
// person back. `npm start -- --idv=hosted` wires the hosted adapter to it instead of OpenID Connect.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, signWebhook } from '../shared/verification/webhook-signature.js';
import { LOCAL_PEOPLE, type LocalPerson } from './identity-provider.js';

/** What the hosted page lets a person do: each becomes one signed event. */
export const HOSTED_OUTCOMES = {
  verify: 'verified',
  fail: 'requires_input',
  cancel: 'canceled',
} as const;

export type HostedOutcome = keyof typeof HOSTED_OUTCOMES;
export type HostedEventType = (typeof HOSTED_OUTCOMES)[HostedOutcome];

/** How the service answers session requests: as it should, with an error, or not at all (a timeout). */
export type HostedMode = 'ok' | 'error' | 'hang';

/** A webhook call the service made: the raw body and headers as sent, and privacy-ops' HTTP status. */
export interface SentEvent {
  body: string;
  headers: Record<string, string>;
  status: number;
}

export interface LocalHostedVerifier {
  /** `POST {apiBase}/verification_sessions` creates a session. */
  apiBase: string;
  people: readonly LocalPerson[];
  /** The sessions created, by id: the request each is for and where the person returns. */
  sessions: ReadonlyMap<string, { reference: string; returnUrl: string }>;
  /** Every webhook call made, oldest first. */
  sent: readonly SentEvent[];
  behave(mode: HostedMode): void;
  /** Posts a signed event to the webhook as the service does: `data` is the event's data, `at` its time. */
  send(type: HostedEventType, data: Record<string, unknown>, options?: { id?: string; at?: Date }): Promise<SentEvent>;
  stop(): Promise<void>;
}

export interface HostedVerifierOptions {
  /** The bearer key session requests must carry (privacy-ops' identity provider secret). */
  apiKey: string;
  /** The secret events are signed with (privacy-ops' identity webhook secret). */
  webhookSecret: string;
  /** privacy-ops' webhook: `{publicBaseUrl}/v1/identity/webhook`. */
  webhookUrl: string;
  port?: number;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const PAGE_STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
.person{margin:.5rem 0}span{color:#444}button{font-size:1rem;padding:.5rem 1rem;margin:1rem .5rem 0 0}
.stand-in{background:#fff4ce;padding:.5rem 1rem;border-left:4px solid #8a6d00}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Local hosted identity verifier</title><style>${PAGE_STYLE}</style></head>
<body><main>
<p class="stand-in">Local stand-in for a hosted identity-verification service: nothing here is checked.</p>
${body}
</main></body></html>`;
}

function sessionPage(id: string): string {
  const options = LOCAL_PEOPLE.map(
    (
      person,
      index,
    ) => `<div class="person"><input type="radio" name="person" id="p-${escapeHtml(person.id)}" value="${escapeHtml(person.id)}"${index === 0 ? ' required' : ''}>
<label for="p-${escapeHtml(person.id)}">${escapeHtml(person.name)} <span>(${escapeHtml(person.email)}; ${escapeHtml(person.note)})</span></label></div>`,
  ).join('\n');
  return page(
    'Verify your identity',
    `<h1>Verify your identity</h1>
<form method="post" action="/session/${escapeHtml(id)}">
<fieldset><legend>Whose document is this?</legend>
${options}
</fieldset>
<button type="submit" name="outcome" value="verify">Verify</button>
<button type="submit" name="outcome" value="fail" formnovalidate>The document cannot be read</button>
<button type="submit" name="outcome" value="cancel" formnovalidate>Cancel and go back</button>
</form>`,
  );
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** What a verified session reports of `person`: the outputs a hosted service reads from a document, and its level. */
function verifiedData(person: LocalPerson): Record<string, unknown> {
  return {
    assurance: person.acr === 'substantial' ? 'high' : 'low',
    verified_outputs: {
      name: person.name,
      email: person.email,
      address: { line1: person.address.street, postal_code: person.address.postalCode, city: person.address.city },
    },
  };
}

/** The assurance levels the local configuration accepts from the hosted stand-in. */
export const LOCAL_HOSTED_ACCEPTED_ASSURANCE = ['high'];

/** Starts the service on a free port of 127.0.0.1. */
export async function startLocalHostedVerifier(options: HostedVerifierOptions): Promise<LocalHostedVerifier> {
  const sessions = new Map<string, { reference: string; returnUrl: string }>();
  const sent: SentEvent[] = [];
  const people = new Map(LOCAL_PEOPLE.map((person) => [person.id, person]));
  let mode: HostedMode = 'ok';

  const send: LocalHostedVerifier['send'] = async (type, data, eventOptions = {}) => {
    const body = JSON.stringify({ id: eventOptions.id ?? `evt_${randomBytes(12).toString('hex')}`, type: `verification_session.${type}`, data });
    const headers = {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signWebhook(options.webhookSecret, body, Math.floor((eventOptions.at ?? new Date()).getTime() / 1000)),
    };
    let status = 0;
    try {
      status = (await fetch(options.webhookUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) })).status;
    } catch {
      // privacy-ops did not answer: a real service retries later; the stand-in records the miss.
    }
    const event = { body, headers, status };
    sent.push(event);
    return event;
  };

  const createSession = async (req: IncomingMessage, res: ServerResponse, base: string) => {
    const raw = await bodyOf(req);
    if (mode === 'hang') return;
    if (mode === 'error') return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
    if (req.headers.authorization !== `Bearer ${options.apiKey}`)
      return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
    let reference: unknown;
    let returnUrl: unknown;
    try {
      ({ reference, return_url: returnUrl } = JSON.parse(raw) as { reference?: unknown; return_url?: unknown });
    } catch {
      // Answered below as a bad request.
    }
    if (typeof reference !== 'string' || typeof returnUrl !== 'string') {
      return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"reference and return_url are required"}');
    }
    const id = `vs_${randomBytes(12).toString('hex')}`;
    sessions.set(id, { reference, returnUrl });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, url: `${base}/session/${id}` }));
  };

  const finishSession = async (id: string, req: IncomingMessage, res: ServerResponse) => {
    const session = sessions.get(id)!;
    const form = new URLSearchParams(await bodyOf(req));
    const outcome = form.get('outcome') as HostedOutcome | null;
    const person = people.get(form.get('person') ?? '');
    if (!outcome || !(outcome in HOSTED_OUTCOMES) || (outcome === 'verify' && !person)) {
      return void res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Choose a person', '<h1>Choose a person to verify</h1>'));
    }
    const data = { session: id, reference: session.reference, ...(outcome === 'verify' && person ? verifiedData(person) : {}) };
    await send(HOSTED_OUTCOMES[outcome], data);
    sessions.delete(id);
    res.writeHead(303, { location: session.returnUrl, 'cache-control': 'no-store' }).end();
  };

  const server = createServer((req, res) => {
    const base = `http://localhost:${(server.address() as AddressInfo).port}`;
    const path = new URL(req.url ?? '/', base).pathname;
    const sessionMatch = /^\/session\/(vs_[0-9a-f]+)$/.exec(path);
    void (async () => {
      if (req.method === 'POST' && path === '/v1/verification_sessions') return createSession(req, res, base);
      if (sessionMatch && sessions.has(sessionMatch[1]!)) {
        if (req.method === 'GET') {
          return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(sessionPage(sessionMatch[1]!));
        }
        if (req.method === 'POST') return finishSession(sessionMatch[1]!, req, res);
      }
      if (sessionMatch) {
        return void res
          .writeHead(404, { 'content-type': 'text/html; charset=utf-8' })
          .end(page('Session ended', '<h1>This verification session has ended</h1><p>Start again from the link privacy-ops mailed you.</p>'));
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((listening) => server.listen(options.port ?? 0, '127.0.0.1', listening));
  const apiBase = `http://localhost:${(server.address() as AddressInfo).port}/v1`;
  return {
    apiBase,
    people: LOCAL_PEOPLE,
    sessions,
    sent,
    behave: (next) => {
      mode = next;
    },
    send,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
