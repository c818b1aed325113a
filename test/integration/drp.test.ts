// A Data Rights Protocol agent against the local runtime: enrolment, pairwise key setup, signed requests, status, revoke.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { formPost, mailsTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'drp-integration-key';
const BUSINESS_ID = 'privacy-ops';

interface Agent {
  id: string;
  privateKey: KeyObject;
  verifyKeyHex: string;
  token?: string;
}

/** An agent's key pair, its verify key hex-encoded as DRP drafts before 0.9.1 exchanged it (Base64 since). */
function newAgent(id: string): Agent {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { id, privateKey, verifyKeyHex: Buffer.from(x, 'base64url').toString('hex') };
}

/** The verify key as the DRP Service Directory publishes it (§3.05.1): Base64. */
const verifyKeyBase64 = (agent: Agent): string => Buffer.from(agent.verifyKeyHex, 'hex').toString('base64');

/** A libsodium signed message: the 64-byte signature, then the message, base64-encoded. */
function signed(agent: Pick<Agent, 'privateKey'>, message: unknown): string {
  const bytes = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([sign(null, bytes, agent.privateKey), bytes]).toString('base64');
}

const envelope = (agent: Agent, overrides: Record<string, unknown> = {}) => ({
  'agent-id': agent.id,
  'business-id': BUSINESS_ID,
  'issued-at': new Date().toISOString(),
  'expires-at': new Date(Date.now() + 10 * 60_000).toISOString(),
  'drp.version': '1.0',
  ...overrides,
});

describe('Data Rights Protocol through the local runtime', () => {
  let runtime: LocalRuntime;
  const agent = newAgent('consumer-reports-test');
  const stranger = newAgent('unenrolled-agent');
  let other: Agent;
  let filed = 0;

  const post = (path: string, body: string, headers: Record<string, string> = {}, method = 'POST') =>
    fetch(`${runtime.apiUrl}${path}`, { method, body, headers: { 'content-type': 'text/plain', ...headers } });
  const bearer = (a: Agent) => ({ authorization: `Bearer ${a.token}` });
  const enrol = (a: Agent, verifyKey = a.verifyKeyHex) =>
    fetch(`${runtime.apiUrl}/v1/drp-agents/${a.id}`, {
      method: 'PUT',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Agent ${a.id}`, verifyKey }),
    });
  const register = async (a: Agent) => {
    const response = await post(`/v1/agent/${a.id}`, signed(a, envelope(a)));
    expect(response.status).toBe(200);
    a.token = ((await response.json()) as { token: string }).token;
  };
  const exercise = (a: Agent, overrides: Record<string, unknown> = {}) => {
    filed += 1;
    return {
      ...envelope(a),
      'agent-request-id': `agent-req-${filed}`,
      exercise: 'deletion',
      regime: 'ccpa',
      relationships: ['customer'],
      name: 'Test Person',
      email: `drp.case${filed}@example.com`,
      email_verified: true,
      ...overrides,
    };
  };

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, scheduleEveryMs: 0 });
    other = newAgent('another-agent');
    expect((await enrol(agent)).status).toBe(201);
    expect((await enrol(other)).status).toBe(201);
    await register(agent);
    await register(other);
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('publishes the discovery document at /.well-known/data-rights.json saying it is the DRP 0.8 document (0.9 removed it), with the current spelling of the rights', async () => {
    // Act
    const response = await fetch(`${runtime.apiUrl}/.well-known/data-rights.json`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      version: '0.8',
      api_base: runtime.apiUrl,
      actions: ['sale:opt-out', 'sale:opt-in', 'deletion', 'access', 'access:categories', 'access:specific'],
      user_relationships: [],
    });
  });

  it('files a signed request, reads its status back and revokes it', async () => {
    // Prepare
    const message = exercise(agent);

    // Act
    const created = await post('/v1/data-rights-request', signed(agent, message), bearer(agent));
    const status = (await created.json()) as Record<string, string>;
    const read = await fetch(`${runtime.apiUrl}/v1/data-rights-request/${status.request_id}`, { headers: bearer(agent) });
    const readByOther = await fetch(`${runtime.apiUrl}/v1/data-rights-request/${status.request_id}`, { headers: bearer(other) });
    const revoked = await post(
      `/v1/data-rights-request/${status.request_id}`,
      signed(agent, { reason: 'The user changed their mind' }),
      bearer(agent),
      'DELETE',
    );
    const revokedAgain = await post(`/v1/data-rights-request/${status.request_id}`, signed(agent, {}), bearer(agent), 'DELETE');
    const after = (await (await fetch(`${runtime.apiUrl}/v1/data-rights-request/${status.request_id}`, { headers: bearer(agent) })).json()) as Record<
      string,
      string
    >;
    const core = (await (await fetch(`${runtime.apiUrl}/v1/requests/${status.request_id}`, { headers: { 'x-api-key': API_KEY } })).json()) as Record<
      string,
      string
    >;

    // Assess
    expect(created.status).toBe(200);
    expect(status).toMatchObject({ status: 'in_progress', reason: 'need_user_verification', agent_request_id: message['agent-request-id'] });
    expect(status.request_id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Date.parse(status.received_at!)).toBeGreaterThan(Date.now() - 60_000);
    expect(status.expected_by).toMatch(/T23:59:59[+-]\d{2}:\d{2}$/);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(status);
    expect(readByOther.status).toBe(404);
    expect(readByOther.headers.get('content-type')).toBe('application/problem+json');
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ request_id: status.request_id, status: 'revoked' });
    expect(revokedAgain.status).toBe(409);
    expect(after.status).toBe('revoked');
    expect(after.expires_at).toBeDefined();
    expect(core).toMatchObject({ status: 'cancelled', type: 'deletion', jurisdiction: 'ccpa', channel: 'drp' });
    const mails = await mailsTo(runtime, message.email);
    expect(mails.map((mail) => mail.subject)).toEqual([expect.stringMatching(/confirm/i), 'Request cancelled: deletion of your data']);
    expect(mails[1]!.body.text).toContain(`Agent ${agent.id}, your authorized agent, has withdrawn the request it filed for you.`);
  });

  describe("another filer's request", () => {
    const maria = demoAccounts.find((account) => account.accountId === 'acc-2001')!;
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' } });
    const coreStatus = async (id: string) => ((await (await api(`/v1/requests/${id}`)).json()) as { status: string }).status;
    const coreFiler = async (id: string) => ((await (await api(`/v1/requests/${id}`)).json()) as { filer?: string }).filer;

    it("is never handed to an agent that files the same person and right: the agent gets its own request, and its revoke leaves the company's alone", async () => {
      // Prepare: a company system files a CCPA deletion for Maria, and she confirms it through the mailed link.
      const filing = await api('/v1/requests', {
        method: 'POST',
        body: JSON.stringify({ type: 'deletion', jurisdiction: 'ccpa', subject: { email: maria.email, locale: 'en' } }),
      });
      const company = (await filing.json()) as { id: string };
      const link = await newestLink(runtime, maria.email, '/v1/verify/');
      expect((await fetch(link, formPost({ confirm: 'yes' }))).status).toBe(200);
      const message = exercise(agent, { email: maria.email });

      // Act: an enrolled agent files the same person and right, reads and revokes what it got, and tries the company's id.
      const created = await post('/v1/data-rights-request', signed(agent, message), bearer(agent));
      const createdText = await created.text();
      const own = JSON.parse(createdText) as Record<string, string>;
      const readCompany = await fetch(`${runtime.apiUrl}/v1/data-rights-request/${company.id}`, { headers: bearer(agent) });
      const revokeCompany = await post(`/v1/data-rights-request/${company.id}`, signed(agent, { reason: 'takeover' }), bearer(agent), 'DELETE');
      const companyAfterRevoke = await coreStatus(company.id);
      const byOther = await post('/v1/data-rights-request', signed(other, exercise(other, { email: maria.email })), bearer(other));
      const byOtherText = await byOther.text();
      const revokeOwn = await post(`/v1/data-rights-request/${own.request_id}`, signed(agent, { reason: 'withdrawn' }), bearer(agent), 'DELETE');
      // Maria answers the identity questions of the company's request, which goes on to be carried out.
      const answered = await fetch(
        `${link}/identity`,
        formPost({
          email: maria.email,
          street: maria.billingAddress.street,
          postalCode: maria.billingAddress.postalCode,
          city: maria.billingAddress.city,
          cardLast4: maria.cardLast4,
        }),
      );
      await runtime.workflows.idle();
      const companyAtEnd = await coreStatus(company.id);
      const mails = await mailsTo(runtime, maria.email);

      // Assess
      expect(filing.status).toBe(202);
      expect(created.status).toBe(200);
      expect(own.request_id).not.toBe(company.id);
      expect(createdText).not.toContain(company.id);
      expect(own).toMatchObject({ status: 'in_progress', reason: 'need_user_verification' });
      expect(await coreStatus(own.request_id!)).toBe('cancelled');
      expect(await coreFiler(own.request_id!)).toBe(`drp:${agent.id}`);
      expect(await coreFiler(company.id)).toBeUndefined();
      for (const refused of [readCompany, revokeCompany]) {
        expect(refused.status).toBe(404);
        expect(refused.headers.get('content-type')).toBe('application/problem+json');
      }
      expect(companyAfterRevoke).toBe('awaiting-verification');
      expect(byOther.status).toBe(200);
      expect(byOtherText).not.toContain(company.id);
      expect(byOtherText).not.toContain(own.request_id);
      expect(byOtherText).not.toMatch(/another agent|already/i);
      expect(revokeOwn.status).toBe(200);
      expect(answered.status).toBe(200);
      expect(['completed', 'partially-completed']).toContain(companyAtEnd);
      expect(mails.filter((mail) => mail.subject === 'Request cancelled: deletion of your data')).toHaveLength(1);
    });
  });

  it('carries out a sale opt-out at once and reports it fulfilled, with a callback to the agent', async () => {
    // Prepare
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req
        .on('data', (c: Buffer) => chunks.push(c))
        .on('end', () => {
          received.push(Buffer.concat(chunks).toString('utf8'));
          res.writeHead(200).end();
        });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const callback = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/update_status`;
    const message = exercise(agent, { exercise: 'sale:opt-out', status_callback: callback });

    // Act
    const created = await post('/v1/data-rights-request', signed(agent, message), bearer(agent));
    const { request_id: id } = (await created.json()) as { request_id: string };
    await runtime.workflows.idle();
    const status = (await (await fetch(`${runtime.apiUrl}/v1/data-rights-request/${id}`, { headers: bearer(agent) })).json()) as Record<string, string>;
    await runtime.schedules.run('dispatchProtocolCallbacks');
    await new Promise((resolve) => receiver.close(resolve));

    // Assess
    expect(created.status).toBe(200);
    expect(status.status).toBe('fulfilled');
    expect(received.map((text) => JSON.parse(text) as Record<string, string>)).toEqual([
      expect.objectContaining({ request_id: id, status: 'fulfilled', agent_request_id: message['agent-request-id'] }),
    ]);
  });

  it.each([
    {
      ending: 'carried out (a sale opt-out, at once)',
      exercise: 'sale:opt-out',
      end: async () => undefined,
      subjects: ['Request completed: opt-out of the sale or sharing of your data'],
    },
    {
      ending: 'refused by the privacy team',
      exercise: 'deletion',
      end: async (id: string) => {
        const response = await fetch(`${runtime.apiUrl}/v1/requests/${id}/deny`, {
          method: 'POST',
          headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
          body: JSON.stringify({ code: 'excessive', reason: 'The same request came every day.' }),
        });
        expect(response.status).toBe(200);
      },
      subjects: ['Please confirm your request: deletion of your data', 'We cannot carry out your request: deletion of your data'],
    },
    {
      ending: 'cancelled by the privacy team',
      exercise: 'access',
      end: async (id: string) => {
        const response = await fetch(`${runtime.apiUrl}/v1/requests/${id}/cancel`, { method: 'POST', headers: { 'x-api-key': API_KEY } });
        expect(response.status).toBe(200);
      },
      subjects: ['Please confirm your request: access to your data', 'Request cancelled: access to your data'],
    },
  ])("names the agent in every mail about an agent's request $ending", async ({ exercise: right, end, subjects }) => {
    // Prepare
    const message = exercise(agent, { exercise: right });
    const created = await post('/v1/data-rights-request', signed(agent, message), bearer(agent));
    const { request_id: id } = (await created.json()) as { request_id: string };
    await runtime.workflows.idle();

    // Act
    await end(id);
    await runtime.workflows.idle();
    const mails = await mailsTo(runtime, message.email);

    // Assess
    expect(mails.map((mail) => mail.subject)).toEqual(subjects);
    for (const mail of mails) expect(mail.body.text).toContain(`Agent ${agent.id}`);
  });

  describe('refusals', () => {
    it('§2.05.1: refuses a pairwise key setup that fails validation (not enrolled, another key, another business, expired, issued in the future, another agent-id, malformed) with 403 and no body', async () => {
      // Act
      const hourAgo = new Date(Date.now() - 3600_000).toISOString();
      const inAnHour = new Date(Date.now() + 3600_000).toISOString();
      const refused = [
        await post(`/v1/agent/${stranger.id}`, signed(stranger, envelope(stranger))),
        await post(`/v1/agent/${agent.id}`, signed(stranger, envelope(agent))),
        await post(`/v1/agent/${agent.id}`, signed(agent, envelope(agent, { 'business-id': 'someone-else' }))),
        await post(
          `/v1/agent/${agent.id}`,
          signed(agent, envelope(agent, { 'issued-at': hourAgo, 'expires-at': new Date(Date.now() - 1800_000).toISOString() })),
        ),
        await post(
          `/v1/agent/${agent.id}`,
          signed(agent, envelope(agent, { 'issued-at': inAnHour, 'expires-at': new Date(Date.now() + 7200_000).toISOString() })),
        ),
        await post(`/v1/agent/${agent.id}`, signed(agent, envelope(agent, { 'agent-id': other.id }))),
        await post(`/v1/agent/${agent.id}`, signed(agent, { 'agent-id': agent.id })),
        await post(`/v1/agent/${agent.id}`, 'not a signed message'),
      ];

      // Assess
      for (const response of refused) {
        expect(response.status).toBe(403);
        expect(await response.text()).toBe('');
      }
    });

    it('refuses a request without a bearer token with 401, and a forged, tampered or unsigned one with 403', async () => {
      // Prepare
      const message = exercise(agent);
      const genuine = Buffer.from(signed(agent, message), 'base64');
      const tampered = Buffer.concat([genuine.subarray(0, 64), Buffer.from(JSON.stringify({ ...message, exercise: 'access' }))]).toString('base64');

      // Act
      const noToken = await post('/v1/data-rights-request', signed(agent, message));
      const badToken = await post('/v1/data-rights-request', signed(agent, message), { authorization: 'Bearer not-a-token' });
      const forged = await post('/v1/data-rights-request', signed(stranger, message), bearer(agent));
      const tamperedResponse = await post('/v1/data-rights-request', tampered, bearer(agent));
      const unsigned = await post('/v1/data-rights-request', JSON.stringify(message), bearer(agent));
      const asOther = await post('/v1/data-rights-request', signed(other, message), bearer(other));

      // Assess
      expect([noToken.status, badToken.status]).toEqual([401, 401]);
      expect([forged.status, tamperedResponse.status, unsigned.status, asOther.status]).toEqual([403, 403, 403, 403]);
      for (const response of [noToken, badToken, forged, tamperedResponse, unsigned, asOther]) {
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
      expect(await mailsTo(runtime, message.email)).toHaveLength(0);
    });

    it.each([
      ['an unknown exercise', { exercise: 'sale:opt_maybe' }, 'exercise'],
      ['no email claim', { email: undefined }, 'email'],
      [
        'an expired message',
        { 'expires-at': new Date(Date.now() - 3600_000).toISOString(), 'issued-at': new Date(Date.now() - 7200_000).toISOString() },
        'expires-at',
      ],
      ['an unknown protocol version', { 'drp.version': '0.5' }, 'drp.version'],
    ])('refuses a well-signed request with %s with 400 naming the field', async (_label, overrides, path) => {
      // Act
      const response = await post('/v1/data-rights-request', signed(agent, exercise(agent, overrides)), bearer(agent));

      // Assess
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as { errors: { path: string }[] };
      expect(problem.errors.map((e) => e.path)).toContain(path);
      expect(JSON.stringify(problem)).not.toContain('@example.com');
    });

    it('§3.06: every error body carries code (the status as a string) and message; an expired message is fatal, a malformed one is not', async () => {
      // Prepare
      const expired = exercise(agent, {
        'issued-at': new Date(Date.now() - 7200_000).toISOString(),
        'expires-at': new Date(Date.now() - 3600_000).toISOString(),
      });

      // Act
      const noToken = await post('/v1/data-rights-request', signed(agent, exercise(agent)));
      const forged = await post('/v1/data-rights-request', signed(stranger, exercise(agent)), bearer(agent));
      const expiredResponse = await post('/v1/data-rights-request', signed(agent, expired), bearer(agent));
      const malformed = await post('/v1/data-rights-request', signed(agent, exercise(agent, { email: 'not-an-address' })), bearer(agent));
      const unknownId = await fetch(`${runtime.apiUrl}/v1/data-rights-request/01J0000000000000000000000Z`, { headers: bearer(agent) });

      // Assess
      const bodies = await Promise.all([noToken, forged, expiredResponse, malformed, unknownId].map((r) => r.json() as Promise<Record<string, unknown>>));
      expect(bodies.map((body) => body.code)).toEqual(['401', '403', '400', '400', '404']);
      for (const body of bodies) expect(body.message).toEqual(expect.any(String));
      expect(bodies[2]).toMatchObject({ fatal: true, message: 'The message has expired.' });
      expect(bodies[3]!.fatal).toBeUndefined();
    });

    it('voids the bearer token when the operator enrols a new key for the agent', async () => {
      // Prepare
      const rotated = newAgent(other.id);
      const oldToken = other.token;

      // Act
      const reenrolled = await enrol(rotated);
      const withOldToken = await fetch(`${runtime.apiUrl}/v1/data-rights-request/01J0000000000000000000000Z`, {
        headers: { authorization: `Bearer ${oldToken}` },
      });
      const oldKeySetup = await post(`/v1/agent/${other.id}`, signed(other, envelope(other)));

      // Assess
      expect(reenrolled.status).toBe(200);
      expect(withOldToken.status).toBe(401);
      expect(oldKeySetup.status).toBe(403);
    });
  });
  describe('DRP 1.0 conformance', () => {
    const core = async (id: string) =>
      (await (await fetch(`${runtime.apiUrl}/v1/requests/${id}`, { headers: { 'x-api-key': API_KEY } })).json()) as Record<string, string>;
    const consentOf = async (email: string) =>
      (
        (await (
          await fetch(`${runtime.apiUrl}/v1/consents/query`, {
            method: 'POST',
            headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
            body: JSON.stringify({ email }),
          })
        ).json()) as { purposes: Record<string, { state: string }> }
      ).purposes;

    it('§2.06: the Agent Information endpoint answers {} to the token of the agent it names, 403 for another agent-id, 401 without a token', async () => {
      // Prepare: a second agent with a token of its own (the rotation test above voided `other`'s).
      const second = newAgent('info-agent');
      await enrol(second);
      await register(second);

      // Act
      const own = await fetch(`${runtime.apiUrl}/v1/agent/${agent.id}`, { headers: bearer(agent) });
      const mismatched = await fetch(`${runtime.apiUrl}/v1/agent/${agent.id}`, { headers: bearer(second) });
      const anonymous = await fetch(`${runtime.apiUrl}/v1/agent/${agent.id}`);

      // Assess
      expect(own.status).toBe(200);
      expect(own.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await own.json()).toEqual({});
      expect(mismatched.status).toBe(403);
      expect(await mismatched.json()).toMatchObject({ code: '403', message: 'The bearer token belongs to another agent.' });
      expect(anonymous.status).toBe(401);
    });

    it('§3.01: takes sale:opt-out and still takes the former spelling sale:opt_out', async () => {
      // Act
      const current = await post('/v1/data-rights-request', signed(agent, exercise(agent, { exercise: 'sale:opt-out' })), bearer(agent));
      const former = await post('/v1/data-rights-request', signed(agent, exercise(agent, { exercise: 'sale:opt_out' })), bearer(agent));
      await runtime.workflows.idle();

      // Assess
      expect([current.status, former.status]).toEqual([200, 200]);
      for (const response of [current, former]) {
        const { request_id: id } = (await response.json()) as { request_id: string };
        expect(await core(id)).toMatchObject({ type: 'sale-opt-out', channel: 'drp' });
      }
    });

    it('§3.01, §3.02: takes sale:opt-in as the two-step opt-in: in_progress/need_user_verification until the person confirms by mail, then fulfilled, with consent granted and the opt-out lifted', async () => {
      // Prepare: a CCPA customer who opted out of sale through the agent first.
      const james = demoAccounts.find((a) => a.accountId === 'acc-2002')!;
      const optOut = await post('/v1/data-rights-request', signed(agent, exercise(agent, { exercise: 'sale:opt-out', email: james.email })), bearer(agent));
      expect(optOut.status).toBe(200);
      await runtime.workflows.idle();
      const message = exercise(agent, { exercise: 'sale:opt-in', email: james.email });

      // Act
      const filedOptIn = await post('/v1/data-rights-request', signed(agent, message), bearer(agent));
      const answer = (await filedOptIn.json()) as Record<string, string>;
      await runtime.workflows.idle();
      const waiting = (await core(answer.request_id!)) as unknown as { type: string; status: string; verification: { level: string } };
      const registerWhileWaiting = await consentOf(james.email);
      const mails = await mailsTo(runtime, james.email);
      const confirmation = mails.at(-1)!;
      await fetch(await newestLink(runtime, james.email, '/v1/verify/'), formPost({ confirm: 'yes' }));
      await runtime.workflows.idle();
      const status = (await (await fetch(`${runtime.apiUrl}/v1/data-rights-request/${answer.request_id}`, { headers: bearer(agent) })).json()) as Record<
        string,
        string
      >;
      const done = (await core(answer.request_id!)) as unknown as { status: string; fulfilment: { outcomes: { systemId: string; action: string }[] } };
      const register = await consentOf(james.email);
      const closing = (await mailsTo(runtime, james.email)).at(-1)!;

      // Assess
      expect(filedOptIn.status).toBe(200);
      expect(answer).toMatchObject({ status: 'in_progress', reason: 'need_user_verification', agent_request_id: message['agent-request-id'] });
      expect(answer.user_verification_url).toMatch(/^http/);
      expect(waiting).toMatchObject({ type: 'sale-opt-in', status: 'awaiting-verification', verification: { level: 'email' } });
      expect(registerWhileWaiting['sale-and-sharing']?.state).toBe('opted-out');
      expect(confirmation.subject).toBe('Please confirm your request: opt-in to the sale or sharing of your data');
      expect(confirmation.body.text).toContain('an opt-in takes two steps');
      expect(confirmation.body.text).toContain(`Agent ${agent.id}`);
      expect(status).toMatchObject({ request_id: answer.request_id, status: 'fulfilled' });
      expect(done.status).toBe('completed');
      expect(done.fulfilment.outcomes.map((o) => [o.systemId, o.action])).toEqual([['newsletter', 'opt-in-to-sale']]);
      expect(register['sale-and-sharing']?.state).toBe('granted');
      expect(closing.subject).toBe('Request completed: opt-in to the sale or sharing of your data');
      expect(closing.body.text).toContain('Newsletter and marketing: recorded your opt-in');
      expect(closing.body.text).not.toMatch(/GDPR|DSGVO|Art\. \d/);
    });

    it('§3.01, §3.06: refuses sale:opt-in under the gdpr regime with a fatal 400 naming the regime, and mails nobody', async () => {
      // Prepare
      const optIn = exercise(agent, { exercise: 'sale:opt-in', regime: 'gdpr' });

      // Act
      const response = await post('/v1/data-rights-request', signed(agent, optIn), bearer(agent));

      // Assess
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: '400',
        fatal: true,
        message: expect.stringContaining('sale:opt-in'),
        errors: [{ path: 'regime', message: 'does not give sale:opt-in' }],
      });
      expect(await mailsTo(runtime, optIn.email)).toHaveLength(0);
    });

    it("§3.03: a repeated exercise of an open request answers 200 with the same request_id and this message's own agent_request_id", async () => {
      // Prepare
      const first = exercise(agent);
      const again = exercise(agent, { email: first.email });

      // Act
      const created = (await (await post('/v1/data-rights-request', signed(agent, first), bearer(agent))).json()) as Record<string, string>;
      const repeated = await post('/v1/data-rights-request', signed(agent, again), bearer(agent));
      const repeatedBody = (await repeated.json()) as Record<string, string>;

      // Assess
      expect(repeated.status).toBe(200);
      expect(repeatedBody.request_id).toBe(created.request_id);
      expect(created.agent_request_id).toBe(first['agent-request-id']);
      expect(repeatedBody.agent_request_id).toBe(again['agent-request-id']);
      expect(repeatedBody.agent_request_id).not.toBe(first['agent-request-id']);
    });

    it.each([
      ['gdpr', 'gdpr', 'gdpr'],
      ['ccpa', 'ccpa', 'ccpa'],
      ['voluntary', 'voluntary', 'ccpa'],
      ['none', undefined, 'ccpa'],
    ])('§3.01: a regime of %s is filed under the rules of the law it names (%s → %s)', async (_label, regime, jurisdiction) => {
      // Act
      const response = await post('/v1/data-rights-request', signed(agent, exercise(agent, { regime })), bearer(agent));
      const body = (await response.json()) as { request_id: string };

      // Assess
      expect(response.status).toBe(200);
      expect(await core(body.request_id)).toMatchObject({ jurisdiction, channel: 'drp' });
    });

    it('§3.05.1: enrols a verify key in Base64, as the Service Directory publishes it, and the agent sets up and files with it; a key in neither encoding is a 400', async () => {
      // Prepare
      const directoryAgent = newAgent('directory-agent');

      // Act
      const enrolled = await enrol(directoryAgent, verifyKeyBase64(directoryAgent));
      const enrolledBody = (await enrolled.json()) as { verifyKey: string };
      await register(directoryAgent);
      const filed = await post('/v1/data-rights-request', signed(directoryAgent, exercise(directoryAgent)), bearer(directoryAgent));
      const garbled = await enrol(newAgent('garbled-agent'), 'not-a-key');

      // Assess
      expect(enrolled.status).toBe(201);
      expect(enrolledBody.verifyKey).toBe(directoryAgent.verifyKeyHex);
      expect(filed.status).toBe(200);
      expect(garbled.status).toBe(400);
    });
  });

  describe('§3.02.1: user_verification_url', () => {
    const page = (requestId: string, query = '', init: RequestInit = {}) =>
      fetch(`${runtime.apiUrl}/v1/data-rights-request/${requestId}/verification${query}`, { redirect: 'manual', ...init });
    const file = async (overrides: Record<string, unknown> = {}) => {
      const message = exercise(agent, { exercise: 'access:categories', ...overrides });
      const response = await post('/v1/data-rights-request', signed(agent, message), bearer(agent));
      return { message, status: (await response.json()) as Record<string, string> };
    };

    it('§3.02.1: a need_user_verification status carries user_verification_url, unique to the request, in the answer, the status and the callback alike', async () => {
      // Act
      const { status } = await file();
      const read = (await (await fetch(`${runtime.apiUrl}/v1/data-rights-request/${status.request_id}`, { headers: bearer(agent) })).json()) as Record<
        string,
        string
      >;

      // Assess
      expect(status).toMatchObject({
        reason: 'need_user_verification',
        user_verification_url: `${runtime.apiUrl}/v1/data-rights-request/${status.request_id}/verification`,
      });
      expect(read.user_verification_url).toBe(status.user_verification_url);
    });

    it('§3.02.1: the page asks for the address and mails a new link only to the one on file, reads the same for any other address, and refuses another request_id', async () => {
      // Prepare
      const { message, status } = await file({ regime: 'gdpr' });
      const query = `?redirect_to=${encodeURIComponent('https://agent.example.org/done')}&request_id=${status.request_id}`;
      const firstLink = await newestLink(runtime, message.email, '/v1/verify/');

      // Act
      const asked = await page(status.request_id!, query, { headers: { 'accept-language': 'de' } });
      const askedByCcpa = await page((await file()).status.request_id!, '', { headers: { 'accept-language': 'en' } });
      const askedHtml = await asked.text();
      const wrongRequest = await page(status.request_id!, `?request_id=${'0'.repeat(26)}`);
      const byAgent = await page(status.request_id!, query, formPost({ email: 'agent-inbox@agent.example.org' }));
      const byAgentHtml = await byAgent.text();
      const mailsAfterAgent = await mailsTo(runtime, 'agent-inbox@agent.example.org');
      const byPerson = await page(status.request_id!, query, formPost({ email: ` ${message.email.toUpperCase()} ` }));
      const byPersonHtml = await byPerson.text();
      const noAddress = await page(status.request_id!, query, formPost({ email: 'not an address' }));
      const mails = await mailsTo(runtime, message.email);
      const newLink = await newestLink(runtime, message.email, '/v1/verify/');
      const oldLinkPage = await fetch(firstLink);

      // Assess
      expect(asked.status).toBe(200);
      // The request's language: German for this GDPR request, English for a CCPA one.
      expect(askedHtml).toContain('<html lang="de">');
      expect(askedHtml).toContain('Bestätigen Sie Ihre Anfrage');
      expect(await askedByCcpa.text()).toContain('<html lang="en">');
      expect(askedHtml).toContain(`Agent ${agent.id}`);
      expect(askedHtml).toContain('type="email"');
      expect(askedHtml).not.toContain(message.email);
      expect(wrongRequest.status).toBe(404);
      expect(byAgent.status).toBe(200);
      expect(byPerson.status).toBe(200);
      expect(byAgentHtml).toBe(byPersonHtml);
      expect(mailsAfterAgent).toEqual([]);
      expect(mails).toHaveLength(2);
      expect(mails.every((mail) => mail.destination.to.join() === message.email)).toBe(true);
      expect(newLink).not.toBe(firstLink);
      expect(oldLinkPage.status).toBe(404);
      expect(noAddress.status).toBe(400);
      expect(await noAddress.text()).toContain('aria-invalid="true"');
    });

    it('§3.02.1: once the person confirms through the mailed link, the page sends them to redirect_to, never to a script URL', async () => {
      // Prepare
      const { message, status } = await file();
      const back = 'https://agent.example.org/drp/return?case=7';
      await page(status.request_id!, '', formPost({ email: message.email }));
      const link = await newestLink(runtime, message.email, '/v1/verify/');

      // Act
      const before = await page(status.request_id!, `?redirect_to=${encodeURIComponent(back)}&request_id=${status.request_id}`);
      const confirmed = await fetch(link, formPost({ confirm: 'yes' }));
      const after = await page(status.request_id!, `?redirect_to=${encodeURIComponent(back)}&request_id=${status.request_id}`);
      const scripted = await page(status.request_id!, `?redirect_to=${encodeURIComponent('javascript:alert(1)')}`);
      const agentStatus = (await (await fetch(`${runtime.apiUrl}/v1/data-rights-request/${status.request_id}`, { headers: bearer(agent) })).json()) as Record<
        string,
        string
      >;

      // Assess
      expect(before.status).toBe(200);
      expect(confirmed.status).toBe(200);
      expect(after.status).toBe(303);
      expect(after.headers.get('location')).toBe(back);
      expect(scripted.status).toBe(200);
      expect(await scripted.text()).toContain('Your request is confirmed');
      expect(agentStatus.reason).toBeUndefined();
      expect(agentStatus.user_verification_url).toBeUndefined();
    });

    it('answers 404 for a request no agent filed, and 400 for a malformed id', async () => {
      // Act
      const unknown = await page('01JZZZZZZZZZZZZZZZZZZZZZZZ');
      const malformed = await page('not-a-request');

      // Assess
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toContain('This link is not valid');
      expect(malformed.status).toBe(400);
    });
  });
});
