// The identity provider's adapters: the webhook signature, the hosted session against a small local
// service that signs its events the same way, and the OIDC adapter against a provider that is down or slow.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBJECT_PAGE_CSP, withFormTargets } from '../../shared/pages/layout.js';
import { HostedIdentityProvider } from '../../shared/verification/hosted-identity-provider.js';
import { assuranceAccepted, matchClaims } from '../../shared/verification/identity-match.js';
import { CallbackRejectedError, ProviderUnavailableError } from '../../shared/verification/identity-provider.js';
import { OidcIdentityProvider, requestIdOfState, stateDigest } from '../../shared/verification/oidc-identity-provider.js';
import { checkWebhookSignature, REPLAY_WINDOW_SECONDS, signWebhook } from '../../shared/verification/webhook-signature.js';
import { startHostedVerifier, type HostedVerifier } from '../support/hosted-verifier.js';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const NOW = new Date('2026-12-03T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const BODY = '{"id":"evt_1"}';

describe('checkWebhookSignature', () => {
  it.each([
    ['a signature made now', signWebhook(SECRET, BODY, T), 'valid'],
    ['one at the edge of the window', signWebhook(SECRET, BODY, T - REPLAY_WINDOW_SECONDS), 'valid'],
    ['one just past the window (a replay)', signWebhook(SECRET, BODY, T - REPLAY_WINDOW_SECONDS - 1), 'outside-window'],
    ['one from the future past the window', signWebhook(SECRET, BODY, T + REPLAY_WINDOW_SECONDS + 1), 'outside-window'],
    ['one with another secret', signWebhook('another-secret-another-secret-xx', BODY, T), 'mismatch'],
    ['one over another body', signWebhook(SECRET, '{"id":"evt_2"}', T), 'mismatch'],
    ['one whose time was changed', signWebhook(SECRET, BODY, T).replace(`t=${T}`, `t=${T + 1}`), 'mismatch'],
    ['two values during a secret roll, the second right', `t=${T},v1=${'0'.repeat(64)},v1=${signWebhook(SECRET, BODY, T).split('v1=')[1]}`, 'valid'],
    ['a value that is not hex', `t=${T},v1=${'z'.repeat(64)}`, 'mismatch'],
    ['a short value', `t=${T},v1=abcd`, 'mismatch'],
    ['no time', `v1=${'0'.repeat(64)}`, 'malformed'],
    ['two times', `t=${T},t=${T},v1=${'0'.repeat(64)}`, 'malformed'],
    ['no header', undefined, 'malformed'],
  ] as const)('finds %s %s', (_name, header, expected) => {
    expect(checkWebhookSignature(header, BODY, SECRET, NOW)).toBe(expected);
  });
});

describe('matchClaims', () => {
  const account = { email: 'anna.schmidt@example.com', name: 'Anna Schmidt', billingAddress: { street: 'Hauptstraße 12', postalCode: '10115' } };
  it.each([
    ['name and address', { name: 'ANNA SCHMIDT', address: { street: 'Hauptstr. 12', postalCode: '10115' } }, true, ['name', 'address']],
    ['name and email', { name: 'Anna Schmidt', email: 'Anna.Schmidt@example.com' }, true, ['email', 'name']],
    ['the name alone', { name: 'Anna Schmidt' }, false, ['name']],
    [
      'email and address without the name',
      { email: 'anna.schmidt@example.com', address: { street: 'Hauptstraße 12', postalCode: '10115' } },
      false,
      ['email', 'address'],
    ],
    ['an unverified email', { name: 'Anna Schmidt', email: 'anna.schmidt@example.com', emailVerified: false }, false, ['name']],
    ['another person', { name: 'Jonas Weber', email: 'jonas.weber@example.org' }, false, []],
  ] as const)('for a person in the directory, takes %s as verified: %s', (_name, claims, verified, matched) => {
    expect(matchClaims(claims, { requestEmail: account.email, account })).toEqual({ verified, matched });
  });

  it('verifies a person not in the directory by the email the request was filed for, and nothing else', () => {
    expect(matchClaims({ email: 'tom@example.net', name: 'Tom' }, { requestEmail: 'tom@example.net' })).toEqual({ verified: true, matched: ['email'] });
    expect(matchClaims({ email: 'other@example.net', name: 'Tom' }, { requestEmail: 'tom@example.net' })).toEqual({ verified: false, matched: [] });
  });

  it('accepts any assurance when none is configured, else only the configured ones', () => {
    expect(assuranceAccepted(undefined, [])).toBe(true);
    expect(assuranceAccepted('low', ['substantial', 'high'])).toBe(false);
    expect(assuranceAccepted(undefined, ['substantial'])).toBe(false);
    expect(assuranceAccepted('high', ['substantial', 'high'])).toBe(true);
  });
});

describe('HostedIdentityProvider', () => {
  let verifier: HostedVerifier;
  let now = new Date();
  const adapter = () =>
    new HostedIdentityProvider(
      { apiBase: verifier.apiBase, returnUrl: 'https://privacy.example.com/v1/identity/callback', timeoutSeconds: 1 },
      { apiKey: async () => verifier.apiKey, webhookSecret: async () => verifier.webhookSecret },
      () => now,
    );

  beforeAll(async () => {
    verifier = await startHostedVerifier();
  });
  afterAll(async () => {
    await verifier.stop();
  });
  beforeEach(() => {
    verifier.behave('ok');
    now = new Date();
  });

  it('creates a session for the request and sends the person to its URL', async () => {
    const started = await adapter().startSession('01REQUEST0000000000000001');
    expect(started.redirectUrl).toMatch(/^https:\/\/verify\.example\/session\/vs_/);
    expect(verifier.sessions.get(started.session.ref)).toEqual({
      reference: '01REQUEST0000000000000001',
      returnUrl: 'https://privacy.example.com/v1/identity/callback',
    });
  });

  it('reads a signed verified event into claims for the match', async () => {
    const { session } = await adapter().startSession('01REQUEST0000000000000002');
    const { body, headers } = verifier.event('verified', session.ref, {
      id: 'evt_verified',
      assurance: 'high',
      outputs: { name: 'Anna Schmidt', email: 'anna@example.com', address: { line1: 'Hauptstraße 12', postal_code: '10115', city: 'Berlin' } },
    });
    await expect(adapter().eventFromWebhook(body, headers)).resolves.toEqual({
      eventId: 'evt_verified',
      sessionRef: session.ref,
      requestId: '01REQUEST0000000000000002',
      answer: {
        status: 'verified',
        claims: {
          name: 'Anna Schmidt',
          email: 'anna@example.com',
          emailVerified: true,
          address: { street: 'Hauptstraße 12', postalCode: '10115', city: 'Berlin' },
          assurance: 'high',
        },
      },
    });
  });

  it.each([
    ['requires_input', 'failed'],
    ['canceled', 'cancelled'],
  ] as const)('reads %s as %s', async (type, status) => {
    const { session } = await adapter().startSession('01REQUEST0000000000000003');
    const { body, headers } = verifier.event(type, session.ref);
    expect((await adapter().eventFromWebhook(body, headers)).answer).toEqual({ status });
  });

  it('refuses a forged event, a replayed one and one changed on the way', async () => {
    const { session } = await adapter().startSession('01REQUEST0000000000000004');
    const forged = verifier.event('verified', session.ref, { secret: 'not-the-providers-secret-at-all!!' });
    const replayed = verifier.event('verified', session.ref, { at: new Date(now.getTime() - (REPLAY_WINDOW_SECONDS + 60) * 1000) });
    const genuine = verifier.event('requires_input', session.ref);
    const changed = genuine.body.replace('requires_input', 'verified');
    await expect(adapter().eventFromWebhook(forged.body, forged.headers)).rejects.toMatchObject({ name: 'CallbackRejectedError', code: 'bad-signature' });
    await expect(adapter().eventFromWebhook(replayed.body, replayed.headers)).rejects.toMatchObject({ name: 'CallbackRejectedError', code: 'replayed' });
    await expect(adapter().eventFromWebhook(changed, genuine.headers)).rejects.toBeInstanceOf(CallbackRejectedError);
    await expect(adapter().eventFromWebhook(genuine.body, {})).rejects.toMatchObject({ code: 'bad-signature' });
  });

  it('says the provider is unavailable when it answers with an error, hangs past the timeout, or is down', async () => {
    verifier.behave('error');
    await expect(adapter().startSession('01REQUEST0000000000000005')).rejects.toBeInstanceOf(ProviderUnavailableError);
    verifier.behave('hang');
    const started = Date.now();
    await expect(adapter().startSession('01REQUEST0000000000000005')).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(Date.now() - started).toBeLessThan(5000);
    const down = new HostedIdentityProvider(
      { apiBase: 'http://127.0.0.1:9/v1', returnUrl: 'https://privacy.example.com/v1/identity/callback', timeoutSeconds: 1 },
      { apiKey: async () => 'key', webhookSecret: async () => 'secret' },
    );
    await expect(down.startSession('01REQUEST0000000000000005')).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});

describe('OidcIdentityProvider', () => {
  let hanging: Server;
  let hangingUrl: string;
  beforeAll(async () => {
    hanging = createServer(() => undefined);
    await new Promise<void>((listening) => hanging.listen(0, '127.0.0.1', listening));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    hanging.closeAllConnections();
    await new Promise<void>((done) => hanging.close(() => done()));
  });
  const provider = (issuer: string) =>
    new OidcIdentityProvider(
      { issuer, clientId: 'privacy-ops', redirectUri: 'https://privacy.example.com/v1/identity/callback', scopes: ['profile'], timeoutSeconds: 1 },
      async () => 'client-secret',
    );

  it('says the provider is unavailable when it is down', async () => {
    await expect(provider('http://127.0.0.1:9').startSession('01REQUEST0000000000000006')).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('says the provider is unavailable when it does not answer in time', async () => {
    const started = Date.now();
    await expect(provider(hangingUrl).startSession('01REQUEST0000000000000007')).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reads the request from a state value and keeps only its digest', () => {
    expect(requestIdOfState('01M8YVS01YFSNVMYHK0PC7XGDZ.abcdefghijklmnopqrstuvwxyz012345')).toBe('01M8YVS01YFSNVMYHK0PC7XGDZ');
    expect(requestIdOfState('nothing')).toBeUndefined();
    expect(requestIdOfState(undefined)).toBeUndefined();
    expect(stateDigest('a')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('takes an access_denied answer as a cancel and another error as a failure, without calling the provider', async () => {
    const session = { provider: 'oidc' as const, ref: 'x', startedAt: '', validUntil: '', codeVerifier: 'v', nonce: 'n' };
    const at = (query: string) => new URL(`https://privacy.example.com/v1/identity/callback?${query}`);
    await expect(provider('http://127.0.0.1:9').answerFromRedirect(at('error=access_denied&state=s'), session)).resolves.toEqual({ status: 'cancelled' });
    await expect(provider('http://127.0.0.1:9').answerFromRedirect(at('error=login_required&state=s'), session)).resolves.toEqual({ status: 'failed' });
    await expect(provider('http://127.0.0.1:9').answerFromRedirect(at('error=temporarily_unavailable&state=s'), session)).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    await expect(provider('http://127.0.0.1:9').answerFromRedirect(at('code=c&state=s'), session)).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});

describe('where the identity page may send the browser', () => {
  const settings = { returnUrl: 'https://privacy.example.com/v1/identity/callback', timeoutSeconds: 1 };
  const secrets = { apiKey: async () => 'k', webhookSecret: async () => 's' };

  it.each([
    {
      name: 'an OIDC issuer',
      provider: new OidcIdentityProvider(
        { ...settings, issuer: 'https://id.verifier.example/realms/eu', clientId: 'c', redirectUri: settings.returnUrl, scopes: [] },
        async () => 's',
      ),
      origins: ['https://id.verifier.example'],
    },
    {
      name: 'a hosted API',
      provider: new HostedIdentityProvider({ ...settings, apiBase: 'https://api.verifier.example/v1' }, secrets),
      origins: ['https://api.verifier.example'],
    },
    {
      name: 'a hosted service whose session pages live elsewhere',
      provider: new HostedIdentityProvider(
        { ...settings, apiBase: 'https://api.verifier.example/v1', sessionOrigin: 'https://verify.verifier.example/start' },
        secrets,
      ),
      origins: ['https://verify.verifier.example'],
    },
  ])('names the origin of $name', ({ provider, origins }) => {
    expect(provider.pageOrigins).toEqual(origins);
  });

  it("widens only the identity page's form-action, and only to the provider's origin", () => {
    // Act
    const widened = withFormTargets(SUBJECT_PAGE_CSP, ['https://id.verifier.example/realms/eu', 'https://id.verifier.example']);
    const untouched = withFormTargets(SUBJECT_PAGE_CSP, []);
    // Assess
    expect(widened).toContain("form-action 'self' https://id.verifier.example;");
    expect(widened.replace(' https://id.verifier.example', '')).toBe(SUBJECT_PAGE_CSP);
    expect(untouched).toBe(SUBJECT_PAGE_CSP);
  });
});
