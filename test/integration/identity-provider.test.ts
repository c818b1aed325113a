// The independent identity provider as a person meets it on the local runtime: the local OpenID
// Connect provider (oidc-provider) signs them in, privacy-ops matches what it verified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { csrfToken, SESSION_COOKIE } from '../../shared/console/session.js';
import { mailsTo as mailboxTo, newestLink } from '../support/mailbox.js';
import { signInAtProvider } from '../support/oidc-sign-in.js';

const API_KEY = 'identity-provider-integration-key';

interface RequestView {
  id: string;
  status: string;
  verification: {
    state: string;
    failedAttempts?: number;
    identity?: { use: string; requiredBy?: string; outcome?: { result: string; provider: string; assurance?: string; matched: string[] } };
  };
  denial?: { code: string };
}

const anna = demoAccounts.find((a) => a.accountId === 'acc-1001')!;
const james = demoAccounts.find((a) => a.accountId === 'acc-2002')!;
const TOM = 'tom.becker@example.net';
const ERIKA = 'erika.fehler@example.net';

describe('the independent identity provider through the local runtime', () => {
  let runtime: LocalRuntime;
  const output: string[] = [];
  const restores: (() => void)[] = [];

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, ...init.headers } });
  const file = async (email: string, type = 'deletion', jurisdiction = 'gdpr') => {
    const response = await api('/v1/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type, jurisdiction, subject: { email } }),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as RequestView;
  };
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  const events = async (id: string) =>
    (
      (await (await api(`/v1/requests/${id}/audit`)).json()) as {
        events: { type: string; data: Record<string, unknown>; actor?: { kind: string; id?: string } }[];
      }
    ).events;
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
  /** Files, confirms the emailed link and returns it with the identity page's HTML. */
  const fileAndConfirm = async (email: string, type = 'deletion') => {
    const filed = await file(email, type);
    const link = await linkFor(email);
    const page = await (await post(link, { confirm: 'yes' })).text();
    return { filed, link, page };
  };
  /** Presses the provider's button; returns the provider's authorization URL. */
  const startProvider = async (link: string) => {
    const started = await post(`${link}/provider`, { provider: 'start' });
    expect(started.status).toBe(303);
    return started.headers.get('location')!;
  };

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
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
    for (const restore of restores) restore();
  });

  it('offers the provider to a person not in the account directory (no card on file) and verifies them', async () => {
    // Prepare
    const { filed, link, page } = await fileAndConfirm(TOM);
    // Act
    const authorization = await startProvider(link);
    const back = await fetch(await signInAtProvider(authorization, { person: 'reader-tom' }), { headers: { 'accept-language': 'en' } });
    const backHtml = await back.text();
    const after = await read(filed.id);
    const chain = await events(filed.id);
    // Assess
    expect(page).toContain('Continue to the identity service');
    expect(page).toContain('name="cardLast4"');
    expect(new URL(authorization).searchParams.get('code_challenge_method')).toBe('S256');
    // A fresh nonce of 32 random bytes, base64url (openid-client's randomNonce).
    expect(new URL(authorization).searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(back.status).toBe(200);
    expect(heading(backHtml)).toMatch(/identity is confirmed/i);
    expect(after.status).not.toBe('awaiting-verification');
    expect(after.verification.identity).toMatchObject({
      use: 'offered',
      outcome: { result: 'verified', provider: 'oidc', assurance: 'substantial', matched: ['email'] },
    });
    expect(chain.map((e) => e.type)).toEqual(
      expect.arrayContaining(['verification.provider-offered', 'verification.provider-started', 'verification.identity-confirmed', 'fulfilment.requested']),
    );
    expect(JSON.stringify(after)).not.toContain('Tom Becker');
    expect(JSON.stringify(chain)).not.toContain('Gartenweg');
  });

  it('offers the provider instead of refusing once the knowledge check locks, and verifies by name and address', async () => {
    // Prepare
    const { filed, link } = await fileAndConfirm(anna.email);
    const wrong = {
      email: anna.email,
      street: anna.billingAddress.street,
      postalCode: anna.billingAddress.postalCode,
      city: anna.billingAddress.city,
      cardLast4: '9999',
    };
    let last = '';
    for (let attempt = 0; attempt < 5; attempt++) last = await (await post(`${link}/identity`, wrong)).text();
    const locked = await read(filed.id);
    // Act
    const authorization = await startProvider(link);
    const back = await fetch(await signInAtProvider(authorization, { person: anna.accountId }));
    const after = await read(filed.id);
    // Assess
    expect(locked.status).toBe('awaiting-verification');
    expect(locked.verification).toMatchObject({ failedAttempts: 5, identity: { use: 'offered' } });
    expect(last).toMatch(/Die Fragen sind gesperrt|The questions are locked/);
    expect(last).not.toContain('name="cardLast4"');
    expect(back.status).toBe(200);
    expect(after.verification.identity?.outcome).toMatchObject({ result: 'verified', matched: expect.arrayContaining(['name', 'address', 'email']) });
  });

  it('refuses as unverified, with a mail saying why, a person the provider cannot verify', async () => {
    // Prepare
    const { filed, link } = await fileAndConfirm(ERIKA);
    // Act
    const back = await fetch(await signInAtProvider(await startProvider(link), { person: 'unverifiable-erika' }), { headers: { 'accept-language': 'en' } });
    const backHtml = await back.text();
    const after = await read(filed.id);
    const mail = (await mailsTo(ERIKA)).find((m) => /identity not verified|Identität nicht bestätigt/.test(m.subject));
    // Assess
    expect(back.status).toBe(403);
    expect(backHtml).toContain('independent identity service could not confirm');
    expect(after.status).toBe('denied');
    expect(after.denial?.code).toBe('unverified');
    expect(after.verification.identity?.outcome).toMatchObject({ result: 'failed', assurance: 'low' });
    expect(mail?.body.text).toMatch(/unabhängige Identitätsdienst|independent identity service/);
    expect(mail?.body.text).not.toMatch(/five times|fünfmal/);
  });

  it('refuses a person whose verified identity is someone else’s', async () => {
    // Prepare
    const { filed, link } = await fileAndConfirm(TOM, 'portability');
    // Act: James signs in for Tom's request.
    const back = await fetch(await signInAtProvider(await startProvider(link), { person: james.accountId }));
    const after = await read(filed.id);
    // Assess
    expect(back.status).toBe(403);
    expect(after).toMatchObject({ status: 'denied', denial: { code: 'unverified' } });
    expect(after.verification.identity?.outcome).toMatchObject({ result: 'failed', matched: [] });
  });

  it('leaves the request open when the person cancels at the provider, and lets them start again', async () => {
    // Prepare
    const { filed, link } = await fileAndConfirm(ERIKA, 'access');
    // Act
    const back = await fetch(await signInAtProvider(await startProvider(link), 'cancel'), { headers: { 'accept-language': 'en' } });
    const backHtml = await back.text();
    const after = await read(filed.id);
    const again = await post(`${link}/provider`, { provider: 'start' });
    // Assess
    expect(back.status).toBe(200);
    expect(heading(backHtml)).toBe('You stopped at the identity service');
    expect(after.status).toBe('awaiting-verification');
    expect(after.verification.identity?.outcome?.result).toBe('cancelled');
    expect(again.status).toBe(303);
  });

  it('answers forged, replayed and misdirected callbacks with a page, never a 5xx, and changes nothing', async () => {
    // Prepare: two requests with sessions in force.
    const first = await fileAndConfirm(TOM, 'access');
    const second = await fileAndConfirm(ERIKA, 'portability');
    const firstBack = await signInAtProvider(await startProvider(first.link), { person: 'reader-tom' });
    const secondAuthorization = await startProvider(second.link);
    const secondState = new URL(secondAuthorization).searchParams.get('state')!;
    const callback = new URL(firstBack);
    // Act
    const forged = await fetch(`${runtime.apiUrl}/v1/identity/callback?code=forged&state=${encodeURIComponent(`${second.filed.id}.${'x'.repeat(43)}`)}`);
    const unknown = await fetch(`${runtime.apiUrl}/v1/identity/callback?code=forged&state=nothing`);
    const misdirected = new URL(callback);
    misdirected.searchParams.set('state', secondState);
    const crossed = await fetch(misdirected);
    const used = await fetch(callback);
    const replayed = await fetch(callback);
    const secondAfter = await read(second.filed.id);
    // Assess
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('does not belong to a request waiting for it');
    expect(unknown.status).toBe(400);
    // The first request's code under the second's state: the code is not the second session's.
    expect(crossed.status).toBe(400);
    expect(used.status).toBe(200);
    expect(replayed.status).toBeLessThan(500);
    expect((await read(first.filed.id)).verification.identity?.outcome?.result).toBe('verified');
    expect(secondAfter.status).toBe('awaiting-verification');
    expect((await events(second.filed.id)).map((e) => e.type)).toContain('verification.provider-rejected');
  });

  it('lets an operator require the provider (audit-recorded), and refuses it where the state forbids', async () => {
    // Prepare
    const filed = await file(TOM, 'third-party-disclosure', 'ccpa');
    const optOut = await file(TOM, 'sale-opt-out', 'ccpa');
    // Act
    const required = await api(`/v1/requests/${filed.id}/require-identity`, { method: 'POST' });
    const page = await (await post(await linkFor(TOM), { confirm: 'yes' })).text();
    const refusedOptOut = await api(`/v1/requests/${optOut.id}/require-identity`, { method: 'POST' });
    const unknown = await api('/v1/requests/01ARZ3NDEKTSV4RRFFQ69G5FAV/require-identity', { method: 'POST' });
    const unauthenticated = await fetch(`${runtime.apiUrl}/v1/requests/${filed.id}/require-identity`, { method: 'POST' });
    // Assess
    expect(required.status).toBe(200);
    expect(((await required.json()) as RequestView).verification.identity).toEqual({ use: 'required', requiredBy: 'operator' });
    expect(page).toContain('For this request we need to confirm who you are');
    expect(page).not.toContain('name="cardLast4"');
    expect((await events(filed.id)).find((e) => e.type === 'verification.provider-required')).toBeDefined();
    expect(refusedOptOut.status).toBe(409);
    expect(refusedOptOut.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.status).toBe(404);
    expect(unauthenticated.status).toBe(401);
  });

  it('lets an operator require the provider from the console, shows why where the law forbids it, and refuses a viewer', async () => {
    // Prepare
    const operator = await runtime.console.identity.idToken('privacy-operator');
    const viewer = await runtime.console.identity.idToken('privacy-viewer');
    const filed = await file(ERIKA, 'third-party-disclosure', 'ccpa');
    const optOut = await file(ERIKA, 'sale-opt-out', 'ccpa');
    const asPerson = (token: string, path: string, fields?: Record<string, string>) =>
      fetch(`${runtime.apiUrl}${path}`, {
        redirect: 'manual',
        ...(fields ? { method: 'POST', body: new URLSearchParams({ ...fields, csrf: csrfToken(token) }).toString() } : {}),
        headers: { accept: 'text/html', cookie: `${SESSION_COOKIE}=${token}`, ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      });
    // Act
    const before = await (await asPerson(operator, `/console/requests/${filed.id}`)).text();
    const byViewer = await asPerson(viewer, `/console/requests/${filed.id}/require-identity`, {});
    const done = await asPerson(operator, `/console/requests/${filed.id}/require-identity`, {});
    const after = await (await asPerson(operator, `/console/requests/${filed.id}?done=require-identity`)).text();
    const optOutPage = await (await asPerson(operator, `/console/requests/${optOut.id}`)).text();
    const refused = await asPerson(operator, `/console/requests/${optOut.id}/require-identity`, {});
    // Assess
    expect(before).toContain(`action="/console/requests/${filed.id}/require-identity"`);
    expect(byViewer.status).toBe(403);
    expect(done.status).toBe(303);
    expect((await read(filed.id)).verification.identity).toEqual({ use: 'required', requiredBy: 'operator' });
    const required = (await events(filed.id)).find((e) => e.type === 'verification.provider-required');
    expect(required?.actor).toMatchObject({ kind: 'operator', id: expect.stringMatching(/^console:/) });
    expect(after).toContain('Identity required');
    expect(after).toContain('an operator has required it already');
    expect(optOutPage).toContain('the law allows no identity check for it');
    expect(optOutPage).not.toContain(`action="/console/requests/${optOut.id}/require-identity"`);
    expect(refused.status).toBe(409);
  });

  it('writes no claim, token or address to the logs', () => {
    const logs = output.join('');
    for (const secret of ['Tom Becker', 'Gartenweg', 'Erika Fehler', anna.billingAddress.street, TOM, ERIKA]) expect(logs).not.toContain(secret);
  });
});
