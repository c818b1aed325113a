// The hosted-session identity provider as a person meets it on the local runtime
// (`npm start -- --idv=hosted`): the local hosted service creates the session, shows its page,
// posts its signed event to the webhook and sends the person back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import type { LocalHostedVerifier } from '../../local/hosted-verifier.js';
import { SIGNATURE_HEADER, signWebhook } from '../../shared/verification/webhook-signature.js';
import { mailsTo as mailboxTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'hosted-identity-integration-key';

interface RequestView {
  id: string;
  status: string;
  verification: {
    state: string;
    identity?: { use: string; outcome?: { result: string; provider: string; assurance?: string; matched: string[] } };
  };
  denial?: { code: string };
}

const TOM = 'tom.becker@example.net';
const ERIKA = 'erika.fehler@example.net';

describe('the hosted identity provider through the local runtime', () => {
  let runtime: LocalRuntime;
  let hosted: LocalHostedVerifier;
  const output: string[] = [];
  const restores: (() => void)[] = [];

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, ...init.headers } });
  const file = async (email: string, type = 'deletion', jurisdiction = 'gdpr') => {
    const response = await api('/v1/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type, jurisdiction, subject: { email, locale: 'en' } }),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as RequestView;
  };
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  const events = async (id: string) =>
    ((await (await api(`/v1/requests/${id}/audit`)).json()) as { events: { type: string; data: Record<string, unknown> }[] }).events;
  const mailsTo = (address: string) => mailboxTo(runtime, address);
  const linkFor = (address: string) => newestLink(runtime, address, '/v1/verify/');
  const post = (url: string, fields: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      body: new URLSearchParams(fields).toString(),
    });
  const heading = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];
  const fileAndConfirm = async (email: string, type = 'deletion', jurisdiction = 'gdpr') => {
    const filed = await file(email, type, jurisdiction);
    const link = await linkFor(email);
    await post(link, { confirm: 'yes' });
    return { filed, link };
  };
  /** Presses the provider's button: the hosted session page privacy-ops sends the person to. */
  const startSession = async (link: string) => {
    const started = await post(`${link}/provider`, { provider: 'start' });
    expect(started.status).toBe(303);
    return started.headers.get('location')!;
  };
  /** The person at the hosted page: chooses who they are and an outcome; answers the redirect back. */
  const finishAt = async (sessionUrl: string, outcome: 'verify' | 'fail' | 'cancel', person = 'reader-tom') => {
    const pageHtml = await (await fetch(sessionUrl)).text();
    expect(pageHtml).toContain(`value="${outcome}"`);
    const done = await post(sessionUrl, { person, outcome });
    expect(done.status).toBe(303);
    return fetch(done.headers.get('location')!, { headers: { 'accept-language': 'en' } });
  };
  const webhook = (body: string, headers: Record<string, string>) => fetch(`${runtime.apiUrl}/v1/identity/webhook`, { method: 'POST', headers, body });

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return original(chunk as never, ...(rest as []));
      }) as typeof stream.write;
      restores.push(() => {
        stream.write = original;
      });
    }
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, identityProvider: 'hosted' });
    hosted = runtime.identityProvider!.hosted!;
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
    for (const restore of restores) restore();
  });

  it('verifies a person the hosted service verified: signed event, back to the page that waits for it', async () => {
    // Prepare
    const { filed, link } = await fileAndConfirm(TOM);
    // Act
    const sessionUrl = await startSession(link);
    const back = await finishAt(sessionUrl, 'verify');
    const backHtml = await back.text();
    const after = await read(filed.id);
    // Assess
    expect(new URL(sessionUrl).origin).toBe(new URL(runtime.identityProvider!.issuer).origin);
    expect(back.status).toBe(200);
    expect(heading(backHtml)).toMatch(/identity service/i);
    expect(hosted.sent.at(-1)?.status).toBe(200);
    expect(after.status).not.toBe('awaiting-verification');
    expect(after.verification.identity?.outcome).toMatchObject({ result: 'verified', provider: 'hosted', assurance: 'high', matched: ['email'] });
    expect((await events(filed.id)).map((e) => e.type)).toEqual(
      expect.arrayContaining(['verification.provider-started', 'verification.identity-confirmed', 'fulfilment.requested']),
    );
    expect(JSON.stringify(after)).not.toContain('Tom Becker');
  });

  it('refuses as unverified, with a mail saying why, when the service answers requires_input', async () => {
    // Prepare
    const { filed, link } = await fileAndConfirm(ERIKA, 'access');
    // Act
    const back = await finishAt(await startSession(link), 'fail', 'unverifiable-erika');
    const after = await read(filed.id);
    const mail = (await mailsTo(ERIKA)).find((m) => /identity not verified|Identität nicht bestätigt/.test(m.subject));
    // Assess
    expect(back.status).toBe(200);
    expect(after).toMatchObject({ status: 'denied', denial: { code: 'unverified' } });
    expect(after.verification.identity?.outcome).toMatchObject({ result: 'failed', provider: 'hosted' });
    expect(mail?.body.text).toMatch(/independent identity service/);
  });

  it('refuses a person verified only at a level below the accepted one', async () => {
    // Prepare
    const { filed, link } = await fileAndConfirm(ERIKA, 'portability');
    // Act
    await finishAt(await startSession(link), 'verify', 'unverifiable-erika');
    const after = await read(filed.id);
    // Assess
    expect(after).toMatchObject({ status: 'denied', denial: { code: 'unverified' } });
    expect(after.verification.identity?.outcome).toMatchObject({ result: 'failed', assurance: 'low' });
  });

  it('leaves the request open when the person cancels at the service, and lets them start again', async () => {
    // Prepare
    const { filed, link } = await fileAndConfirm(TOM, 'access');
    // Act
    await finishAt(await startSession(link), 'cancel');
    const after = await read(filed.id);
    const again = await post(`${link}/provider`, { provider: 'start' });
    // Assess
    expect(after.status).toBe('awaiting-verification');
    expect(after.verification.identity?.outcome?.result).toBe('cancelled');
    expect(again.status).toBe(303);
  });

  it('acts on a replayed event once, and refuses one replayed past the window as 401 problem+json', async () => {
    // Prepare: an event the service sent, which verified Tom's request.
    const { filed, link } = await fileAndConfirm(TOM, 'access', 'ccpa');
    await finishAt(await startSession(link), 'verify');
    const original = hosted.sent.at(-1)!;
    const before = await read(filed.id);
    const { id, data } = JSON.parse(original.body) as { id: string; data: Record<string, unknown> };
    // Act
    const again = await webhook(original.body, original.headers);
    const late = await hosted.send('verified', data, { id, at: new Date(Date.now() - 10 * 60 * 1000) });
    const after = await read(filed.id);
    // Assess
    expect(original.status).toBe(200);
    expect(before.verification.identity?.outcome).toMatchObject({ result: 'verified', provider: 'hosted' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(late.status).toBe(401);
    expect(after.verification.identity?.outcome).toEqual(before.verification.identity?.outcome);
  });

  it('refuses a forged signature as 401 problem+json and changes nothing', async () => {
    // Prepare
    const { filed, link } = await fileAndConfirm(TOM, 'portability');
    const sessionUrl = await startSession(link);
    const session = sessionUrl.split('/').at(-1)!;
    const body = JSON.stringify({
      id: 'evt_forged',
      type: 'verification_session.verified',
      data: { session, reference: filed.id, assurance: 'high', verified_outputs: { email: TOM } },
    });
    const forged = signWebhook('not-the-webhook-secret-but-long-enough-to-pass', body, Math.floor(Date.now() / 1000));
    // Act
    const response = await webhook(body, { 'content-type': 'application/json', [SIGNATURE_HEADER]: forged });
    const unsigned = await webhook(body, { 'content-type': 'application/json' });
    const after = await read(filed.id);
    // Assess
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(unsigned.status).toBe(401);
    expect(after.status).toBe('awaiting-verification');
    expect(after.verification.identity?.outcome).toBeUndefined();
  });

  it('ignores an event for another request: neither request changes, the one named records the rejection', async () => {
    // Prepare: two requests, each with a session in force.
    const first = await fileAndConfirm(TOM, 'deletion', 'ccpa');
    const second = await fileAndConfirm(ERIKA, 'deletion', 'ccpa');
    const firstSession = (await startSession(first.link)).split('/').at(-1)!;
    await startSession(second.link);
    // Act: the first session's verification, said to be for the second request.
    const crossed = await hosted.send('verified', {
      session: firstSession,
      reference: second.filed.id,
      assurance: 'high',
      verified_outputs: { name: 'Tom Becker', email: TOM },
    });
    const unknown = await hosted.send('verified', { session: firstSession, reference: '01ARZ3NDEKTSV4RRFFQ69G5FAV', assurance: 'high' });
    // Assess
    expect(crossed.status).toBe(200);
    expect(JSON.parse(await (await webhook(crossed.body, crossed.headers)).text())).toMatchObject({ outcome: 'ignored' });
    expect(unknown.status).toBe(200);
    expect((await read(first.filed.id)).status).toBe('awaiting-verification');
    expect((await read(second.filed.id)).status).toBe('awaiting-verification');
    expect((await events(second.filed.id)).find((e) => e.type === 'verification.provider-rejected')?.data).toMatchObject({ reason: 'other-session' });
  });

  it('says the service is unavailable, and changes nothing, when it errors or does not answer at session creation', async () => {
    // Prepare
    const { filed, link } = await fileAndConfirm(ERIKA, 'deletion');
    try {
      // Act
      hosted.behave('error');
      const erroring = await post(`${link}/provider`, { provider: 'start' });
      const erroringHtml = await erroring.text();
      hosted.behave('hang');
      const hanging = await post(`${link}/provider`, { provider: 'start' });
      hosted.behave('ok');
      const recovered = await post(`${link}/provider`, { provider: 'start' });
      const after = await read(filed.id);
      // Assess
      expect(erroring.status).toBe(200);
      expect(heading(erroringHtml)).toMatch(/not available|cannot be reached|unavailable/i);
      expect(hanging.status).toBe(200);
      expect(recovered.status).toBe(303);
      expect(after.status).toBe('awaiting-verification');
      expect((await events(filed.id)).filter((e) => e.type === 'verification.provider-unavailable')).toHaveLength(2);
    } finally {
      hosted.behave('ok');
    }
  });

  it('writes no claim, signature or address to the logs', () => {
    const logs = output.join('');
    for (const secret of ['Tom Becker', 'Gartenweg', 'Erika Fehler', 'Bahnhofstraße', TOM, ERIKA, 'v1=']) expect(logs).not.toContain(secret);
  });
});
