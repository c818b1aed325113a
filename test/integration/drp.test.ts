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

/** An agent's key pair, its verify key hex-encoded as DRP agents exchange it. */
function newAgent(id: string): Agent {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { id, privateKey, verifyKeyHex: Buffer.from(x, 'base64url').toString('hex') };
}

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
  const enrol = (a: Agent) =>
    fetch(`${runtime.apiUrl}/v1/drp-agents/${a.id}`, {
      method: 'PUT',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Agent ${a.id}`, verifyKey: a.verifyKeyHex }),
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

  it('publishes the discovery document at /.well-known/data-rights.json', async () => {
    // Act
    const response = await fetch(`${runtime.apiUrl}/.well-known/data-rights.json`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      version: '1.0',
      api_base: runtime.apiUrl,
      actions: ['sale:opt_out', 'deletion', 'access', 'access:categories', 'access:specific'],
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
    expect(created.status).toBe(201);
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
      expect(created.status).toBe(201);
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
      expect(byOther.status).toBe(201);
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
    const message = exercise(agent, { exercise: 'sale:opt_out', status_callback: callback });

    // Act
    const created = await post('/v1/data-rights-request', signed(agent, message), bearer(agent));
    const { request_id: id } = (await created.json()) as { request_id: string };
    await runtime.workflows.idle();
    const status = (await (await fetch(`${runtime.apiUrl}/v1/data-rights-request/${id}`, { headers: bearer(agent) })).json()) as Record<string, string>;
    await runtime.schedules.run('dispatchProtocolCallbacks');
    await new Promise((resolve) => receiver.close(resolve));

    // Assess
    expect(created.status).toBe(201);
    expect(status.status).toBe('fulfilled');
    expect(received.map((text) => JSON.parse(text) as Record<string, string>)).toEqual([
      expect.objectContaining({ request_id: id, status: 'fulfilled', agent_request_id: message['agent-request-id'] }),
    ]);
  });

  describe('refusals', () => {
    it('refuses a pairwise key setup from an agent that is not enrolled, or signed with another key, with 403', async () => {
      // Act
      const unknown = await post(`/v1/agent/${stranger.id}`, signed(stranger, envelope(stranger)));
      const forged = await post(`/v1/agent/${agent.id}`, signed(stranger, envelope(agent)));
      const otherBusiness = await post(`/v1/agent/${agent.id}`, signed(agent, envelope(agent, { 'business-id': 'someone-else' })));

      // Assess
      for (const response of [unknown, forged, otherBusiness]) {
        expect(response.status).toBe(403);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
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
      ['an unknown exercise', { exercise: 'sale:opt_in' }, 'exercise'],
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
});
