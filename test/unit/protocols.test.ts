import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { KmsProcessorSigner } from '../../shared/protocols/kms-signer.js';
import {
  DrpExerciseRequest,
  DrpPairwiseSetup,
  coreExercise,
  coreJurisdiction,
  drpProblemMembers,
  exerciseRefusal,
  drpReportKey,
  drpState,
  drpStateAndReason,
  envelopeRefusal,
  isFinalDrpState,
  openAgentMessage,
  readDrpRequest,
} from '../../shared/protocols/drp.js';
import {
  coreRequestType,
  isFinalOpenDsrStatus,
  openDsrProblemMembers,
  openDsrStatus,
  openDsrStatusBody,
  readOpenDsrRequest,
} from '../../shared/protocols/opendsr.js';
import { selfSignedCertificate } from '../../shared/protocols/certificate.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { endOfLocalDay } from '../../shared/protocols/protocol-time.js';
import { openSignedMessage, processorKey, signMessage, signProcessorBody, verifyKeyHex, verifyProcessorBody } from '../../shared/protocols/signing.js';
import { backoffMs } from '../../shared/protocols/callbacks.js';
import type { Protocol, ProtocolLink, ProtocolLinkStore, RegisteredAgent } from '../../shared/protocols/link-store.js';
import type { ProtocolReadDeps } from '../../shared/protocols/protocol-deps.js';
import type { RequestStore } from '../../shared/requests/request-store.js';
import { openGuardId } from '../../shared/requests/record.js';
import { NotFoundError } from '../../shared/errors.js';
import { requestRecord } from '../support/request-record.js';
import { REQUEST_STATUSES } from '../../shared/domain/request-model.js';
import { FINAL_STATUSES } from '../../shared/domain/lifecycle.js';
import { DENIAL_CODES } from '../../shared/text/vocabulary.js';
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { signedMessage } from '../../functions/protocols/drp-auth.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';

function agentKeys(agentId = 'agent-1') {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const verifyKey = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
  const agent: RegisteredAgent = { key: `agent#${agentId}`, agentId, name: 'Agent', verifyKey, enrolledAt: '2026-01-01T00:00:00Z' };
  return { privateKey, agent };
}

const NOW = new Date('2026-06-01T12:00:00Z');
const envelope = (overrides: Record<string, unknown> = {}) => ({
  'agent-id': 'agent-1',
  'business-id': 'privacy-ops',
  'issued-at': '2026-06-01T11:59:00Z',
  'expires-at': '2026-06-01T12:09:00Z',
  'drp.version': '1.0',
  ...overrides,
});

describe('OpenDSR mapping', () => {
  it.each([
    ['received', 'pending'],
    ['awaiting-verification', 'pending'],
    ['verified', 'pending'],
    ['in-progress', 'in_progress'],
    ['failed', 'in_progress'],
    ['completed', 'completed'],
    ['partially-completed', 'completed'],
    ['cancelled', 'cancelled'],
    ['denied', 'cancelled'],
    ['expired', 'cancelled'],
  ] as const)('reads core status %s as %s', (core, expected) => {
    // Act
    const status = openDsrStatus(core);

    // Assess
    expect(status).toBe(expected);
  });

  it('maps every core status, and a final protocol status only from a final core status', () => {
    // Act
    const mapped = REQUEST_STATUSES.map((status) => [status, openDsrStatus(status)] as const);

    // Assess
    for (const [core, status] of mapped) {
      if (isFinalOpenDsrStatus(status)) expect(FINAL_STATUSES).toContain(core);
    }
    expect(mapped).toHaveLength(REQUEST_STATUSES.length);
  });

  it('files erasure as deletion, access and portability as themselves', () => {
    // Act
    const types = (['erasure', 'access', 'portability'] as const).map(coreRequestType);

    // Assess
    expect(types).toEqual(['deletion', 'access', 'portability']);
  });
});

describe('DRP mapping', () => {
  it.each([
    ['received', undefined, 'open', undefined],
    ['awaiting-verification', undefined, 'in_progress', 'need_user_verification'],
    ['verified', undefined, 'in_progress', undefined],
    ['in-progress', undefined, 'in_progress', undefined],
    ['failed', undefined, 'in_progress', undefined],
    ['completed', undefined, 'fulfilled', undefined],
    ['partially-completed', undefined, 'fulfilled', undefined],
    ['cancelled', undefined, 'revoked', undefined],
    ['expired', undefined, 'expired', undefined],
    ['denied', 'unverified', 'denied', 'insuf_verification'],
    ['denied', 'manifestly-unfounded', 'denied', 'claim_not_covered'],
    ['denied', 'excessive', 'denied', 'too_many_requests'],
    ['denied', 'exemption', 'denied', 'claim_not_covered'],
    ['denied', 'no-data', 'denied', 'no_match'],
  ] as const)('reads core status %s (denial %s) as %s with reason %s', (status, code, expected, reason) => {
    // Act
    const read = drpStateAndReason({ status, ...(code ? { denial: { code, reason: 'Why.' } } : {}) });

    // Assess
    expect(read).toEqual({ status: expected, ...(reason ? { reason } : {}) });
  });

  it('covers every denial code and marks final exactly the states of final core statuses', () => {
    // Act
    const reasons = DENIAL_CODES.map((code) => drpStateAndReason({ status: 'denied', denial: { code, reason: 'Why.' } }).reason);
    const finals = REQUEST_STATUSES.filter((status) => status !== 'failed' && isFinalDrpState(drpReportKey({ status })));

    // Assess
    expect(reasons.every((reason) => reason && reason !== 'other')).toBe(true);
    expect([...finals].sort()).toEqual(FINAL_STATUSES.filter((s) => s !== 'failed').sort());
    expect(drpState('failed')).toBe('in_progress');
  });

  it('files exercises as core types, with categories-only access where asked', () => {
    // Act
    const mapped = (['sale:opt-out', 'sale:opt-in', 'deletion', 'access', 'access:specific', 'access:categories'] as const).map(coreExercise);

    // Assess
    expect(mapped).toEqual([
      { type: 'sale-opt-out' },
      { type: 'sale-opt-in' },
      { type: 'deletion' },
      { type: 'access', access: 'copy' },
      { type: 'access', access: 'copy' },
      { type: 'access', access: 'categories' },
    ]);
  });
});

describe('processor signatures (OpenDSR)', () => {
  it('derives one P-256 key per seed, whose signatures verify over the exact body only', () => {
    // Prepare
    const seed = Buffer.from('a'.repeat(64));
    const key = processorKey(seed);
    const body = '{"request_status":"pending"}';

    // Act
    const signature = signProcessorBody(key, body);

    // Assess
    expect(processorKey(seed).publicKeyPem).toBe(key.publicKeyPem);
    expect(processorKey(Buffer.from('b'.repeat(64))).publicKeyPem).not.toBe(key.publicKeyPem);
    expect(verify('sha256', Buffer.from(body), key.publicKeyPem, Buffer.from(signature, 'base64'))).toBe(true);
    expect(verifyProcessorBody(key.publicKeyPem, body.replace('pending', 'completed'), signature)).toBe(false);
    expect(verifyProcessorBody(key.publicKeyPem, body, 'not base64 at all')).toBe(false);
  });

  describe('in KMS', () => {
    const kms = mockClient(KMSClient);
    // Stands in for the KMS key. Node cannot sign a bare digest, so the fake KMS is told which body
    // a digest belongs to and answers with that body's DER ECDSA-SHA256 signature, as KMS would.
    const held = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = held.publicKey.export({ type: 'spki', format: 'der' });
    const signsFor = (body: Buffer) => (input: { Message: Uint8Array }) => {
      if (!createHash('sha256').update(body).digest().equals(Buffer.from(input.Message))) throw new Error('KMS was sent another digest');
      return { Signature: sign('sha256', body, held.privateKey) };
    };
    afterEach(() => kms.reset());

    it('signs the SHA-256 digest through KMS Sign, and the signature verifies over the exact body with the public key', async () => {
      // Prepare
      const body = `{"request_status":"completed","padding":"${'x'.repeat(5000)}"}`;
      kms.on(SignCommand).callsFake(signsFor(Buffer.from(body)));

      // Act
      const signature = await new KmsProcessorSigner('arn:aws:kms:eu-central-1:111122223333:key/abc', new KMSClient({})).sign(body);

      // Assess
      expect(kms).toHaveReceivedCommandWith(SignCommand, {
        KeyId: 'arn:aws:kms:eu-central-1:111122223333:key/abc',
        Message: createHash('sha256').update(body).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      });
      const publicKeyPem = held.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(verifyProcessorBody(publicKeyPem, body, signature)).toBe(true);
      expect(verifyProcessorBody(publicKeyPem, body.replace('completed', 'cancelled'), signature)).toBe(false);
    });

    it('makes a certification request for the KMS key that openssl verifies, naming the processor domain', async () => {
      // Prepare
      kms.on(GetPublicKeyCommand).resolves({ PublicKey: spki, KeySpec: 'ECC_NIST_P256' });
      const signer = new KmsProcessorSigner('key-1', new KMSClient({}));
      // The request's bytes are known only inside: each one KMS is asked to sign is answered for.
      const signDer = signer.signDer.bind(signer);
      signer.signDer = (message) => {
        kms.on(SignCommand).callsFake(signsFor(message));
        return signDer(message);
      };
      const dir = mkdtempSync(join(tmpdir(), 'csr-'));

      // Act
      const pem = await signer.certificationRequest({ domain: 'privacy.shop.de', organization: 'Shop GmbH' });
      writeFileSync(join(dir, 'request.pem'), pem);
      const checked = execFileSync('openssl', ['req', '-in', join(dir, 'request.pem'), '-noout', '-verify', '-subject', '-pubkey', '-text'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });

      // Assess
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
      expect(checked).toContain('subject=O = Shop GmbH, CN = privacy.shop.de');
      expect(checked).toContain('DNS:privacy.shop.de');
      expect(checked).toContain(held.publicKey.export({ type: 'spki', format: 'pem' }).toString().trim());
      expect(kms).toHaveReceivedCommandTimes(SignCommand, 1);
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses to make a request for a key that is not ECC_NIST_P256', async () => {
      // Prepare
      kms.on(GetPublicKeyCommand).resolves({ PublicKey: spki, KeySpec: 'RSA_2048' });

      // Act
      const made = new KmsProcessorSigner('key-1', new KMSClient({})).certificationRequest({ domain: 'privacy.shop.de', organization: 'Shop GmbH' });

      // Assess
      await expect(made).rejects.toThrow('is not an ECC_NIST_P256 signing key');
      expect(kms).not.toHaveReceivedCommand(SignCommand);
    });
  });
});

describe('agent signatures (DRP)', () => {
  it("opens a message signed with the agent's key and refuses another key, a tampered message and garbage", () => {
    // Prepare
    const { privateKey, agent } = agentKeys();
    const { privateKey: otherKey } = agentKeys();
    const message = JSON.stringify(envelope());
    const genuine = signMessage(message, privateKey);
    const bytes = Buffer.from(genuine, 'base64');
    const tampered = Buffer.concat([bytes.subarray(0, 64), Buffer.from(message.replace('agent-1', 'agent-2'))]).toString('base64');

    // Act
    const results = [genuine, signMessage(message, otherKey), tampered, 'bm90IHNpZ25lZA==', '%%%'].map((body) => openSignedMessage(body, agent.verifyKey));

    // Assess
    expect(results[0]).toEqual({ valid: true, message });
    expect(results.slice(1)).toEqual([
      { valid: false, reason: 'mismatch' },
      { valid: false, reason: 'mismatch' },
      { valid: false, reason: 'malformed' },
      { valid: false, reason: 'malformed' },
    ]);
  });

  it('refuses a well-signed message that is not JSON or not the schema as invalid, naming the fields', () => {
    // Prepare
    const { privateKey, agent } = agentKeys();

    // Act
    const notJson = openAgentMessage(signMessage('hello', privateKey), agent, DrpPairwiseSetup);
    const noEmail = openAgentMessage(signMessage(JSON.stringify({ ...envelope(), exercise: 'deletion' }), privateKey), agent, DrpExerciseRequest);
    const missing = openAgentMessage(null, agent, DrpPairwiseSetup);

    // Assess
    expect(notJson).toEqual({ ok: false, refusal: { kind: 'invalid', detail: 'The signed message is not JSON.' } });
    expect(noEmail.ok).toBe(false);
    expect(!noEmail.ok && noEmail.refusal.kind === 'invalid' && noEmail.refusal.errors?.map((e) => e.path)).toEqual(['email']);
    expect(missing).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } });
  });

  it.each([
    ['another agent', { 'agent-id': 'agent-2' }, 'forbidden'],
    ['another business', { 'business-id': 'acme' }, 'forbidden'],
    ['an expired message', { 'issued-at': '2026-06-01T10:00:00Z', 'expires-at': '2026-06-01T10:10:00Z' }, 'invalid'],
    ['a message from the future', { 'issued-at': '2026-06-01T13:00:00Z', 'expires-at': '2026-06-01T13:10:00Z' }, 'invalid'],
    ['a message that expires before it was issued', { 'expires-at': '2026-06-01T11:58:00Z', 'issued-at': '2026-06-01T12:00:00Z' }, 'invalid'],
  ])('refuses the envelope of %s as %s', (_label, overrides, kind) => {
    // Act
    const refusal = envelopeRefusal(DrpPairwiseSetup.parse(envelope(overrides)), 'agent-1', 'privacy-ops', NOW);

    // Assess
    expect(refusal?.kind).toBe(kind);
  });

  it('accepts an envelope for this agent and business within its validity', () => {
    // Act
    const refusal = envelopeRefusal(DrpPairwiseSetup.parse(envelope()), 'agent-1', 'privacy-ops', NOW);

    // Assess
    expect(refusal).toBeUndefined();
  });

  describe('through the handler chain', () => {
    const { privateKey, agent } = agentKeys();
    const handler = httpHandler({}, async ({ rawBody }) => jsonResult(200, signedMessage(rawBody, agent, DrpPairwiseSetup)));
    const call = (body: string | null) => handler(apiEvent({ body, headers: { 'content-type': 'text/plain' } }), lambdaContext());

    it.each([
      ['a missing signature (plain JSON)', JSON.stringify(envelope()), 403, 'forbidden'],
      ['no body at all', null, 403, 'forbidden'],
      ['a forged signature', signMessage(JSON.stringify(envelope()), agentKeys().privateKey), 403, 'forbidden'],
      ['a well-signed malformed body', signMessage(JSON.stringify({ 'agent-id': 'agent-1' }), privateKey), 400, 'validation-failed'],
    ])('answers %s with %i problem+json of type %s', async (_label, body, status, type) => {
      // Act
      const response = await call(body);

      // Assess
      expect(response.statusCode).toBe(status);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(JSON.parse(response.body)).toMatchObject({ status, type: `urn:privacy-ops:problem:${type}` });
    });

    it('passes a genuine message through', async () => {
      // Act
      const response = await call(signMessage(JSON.stringify(envelope()), privateKey));

      // Assess
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ 'agent-id': 'agent-1' });
    });
  });
});

describe('protocol times and retries', () => {
  it.each([
    ['2026-01-15', 'Europe/Berlin', '2026-01-15T23:59:59+01:00'],
    ['2026-07-15', 'Europe/Berlin', '2026-07-15T23:59:59+02:00'],
    ['2026-01-15', 'America/Los_Angeles', '2026-01-15T23:59:59-08:00'],
    ['2026-01-15', 'UTC', '2026-01-15T23:59:59Z'],
  ])('ends %s in %s at %s', (date, zone, expected) => {
    // Act
    const end = endOfLocalDay(date, zone);

    // Assess
    expect(end).toBe(expected);
  });

  it('backs off from one minute, doubling, to at most six hours', () => {
    // Act
    const waits = [1, 2, 3, 9, 10, 20].map(backoffMs);

    // Assess
    expect(waits).toEqual([60_000, 120_000, 240_000, 256 * 60_000, 6 * 3600_000, 6 * 3600_000]);
  });
});

// Keeps the test's own signing honest: Node's Ed25519 signature is the libsodium detached signature.
describe('signed message layout', () => {
  it('is the 64-byte signature followed by the message', () => {
    // Prepare
    const { privateKey } = agentKeys();

    // Act
    const bytes = Buffer.from(signMessage('{}', privateKey), 'base64');

    // Assess
    expect(bytes.byteLength).toBe(66);
    expect(bytes.subarray(0, 64)).toEqual(sign(null, Buffer.from('{}'), privateKey));
  });
});

describe('who may read or withdraw a protocol request', () => {
  /** Read deps over one link, owned by `owner`, to one request filed by `filer` (undefined: the company). */
  function deps(protocol: Protocol, owner: string, filer: string | undefined): ProtocolReadDeps {
    const request = requestRecord('awaiting-verification', filer ? { filer } : {});
    const link: ProtocolLink = {
      key: `${protocol}#ext-1`,
      protocol,
      externalId: 'ext-1',
      requestId: request.id,
      ownerId: owner,
      bodyHash: 'b'.repeat(64),
      callbackUrls: [],
      reported: 'pending',
      createdAt: '2026-03-01T08:00:00.000Z',
    };
    return {
      links: { getLink: async (p: Protocol, id: string) => (p === protocol && id === 'ext-1' ? link : undefined) } as unknown as ProtocolLinkStore,
      store: { get: async (id: string) => (id === request.id ? request : undefined) } as unknown as RequestStore,
      now: () => NOW,
    };
  }

  it.each([
    ['the agent that filed it', 'agent-1', 'drp:agent-1', true],
    ["another agent's link", 'agent-2', 'drp:agent-2', false],
    ["a link to the company's request (as one made before filers were recorded)", 'agent-1', undefined, false],
    ["a link to another agent's request", 'agent-1', 'drp:agent-2', false],
    ['a link to an OpenDSR request of the same name', 'agent-1', 'opendsr:agent-1', false],
  ] as const)('lets a DRP agent read %s only when it filed the request', async (_label, owner, filer, allowed) => {
    // Prepare
    const { agent } = agentKeys('agent-1');

    // Act
    const reading = readDrpRequest('ext-1', agent, deps('drp', owner, filer));

    // Assess
    if (allowed) await expect(reading).resolves.toMatchObject({ request: { filer } });
    else await expect(reading).rejects.toThrow(NotFoundError);
  });

  it.each([
    ['the controller that filed it', 'local', 'opendsr:local', true],
    ["another controller's link", '210987654321', 'opendsr:210987654321', false],
    ["a link to the company's request (as one made before filers were recorded)", 'local', undefined, false],
    ["a link to another controller's request", 'local', 'opendsr:210987654321', false],
  ] as const)('lets an OpenDSR controller read %s only when it filed the request', async (_label, owner, filer, allowed) => {
    // Act
    const reading = readOpenDsrRequest('ext-1', 'local', deps('opendsr', owner, filer));

    // Assess
    if (allowed) await expect(reading).resolves.toMatchObject({ request: { filer } });
    else await expect(reading).rejects.toThrow(NotFoundError);
  });
});

describe('openGuardId', () => {
  it('keeps one open request per subject, law and type for the company, and one more per outside filer', () => {
    // Act
    const ids = [undefined, 'drp:agent-1', 'drp:agent-2', 'opendsr:local'].map((filer) => openGuardId('h'.repeat(64), 'ccpa', 'deletion', filer));

    // Assess
    expect(ids[0]).toBe(`open#${'h'.repeat(64)}#ccpa#deletion`);
    expect(new Set(ids).size).toBe(4);
  });
});

describe('OpenDSR 2.0 answers', () => {
  const processor = { domain: 'privacy.example.com', publicBaseUrl: 'https://privacy.example.com' };
  const link = { ownerId: 'local', externalId: 'a7551968-d5d6-44b2-9831-815ac9017798' } as ProtocolLink;
  const exported = (records: number[]) => ({
    outcomes: records.map((count, index) => ({ systemId: `system-${index}`, action: 'export' as const, outcome: 'done' as const, records: count })),
    finishedAt: '2026-03-10T08:00:00.000Z',
    exportKey: 'exports/01JTEST00000000000000000AA/bundle.zip',
  });

  it.each([
    ['cancelled', {}, { outcome: 'cancelled' }],
    ['denied', { denial: { code: 'no-data' as const, reason: 'Nothing held.' } }, { outcome: 'refused', reason: 'no-data' }],
    ['expired', {}, { outcome: 'unconfirmed' }],
  ] as const)('§8: tells a %s request apart in the processor extension, while request_status stays cancelled', (status, extra, outcome) => {
    // Act
    const body = openDsrStatusBody(link, requestRecord(status, extra), processor);

    // Assess
    expect(body.request_status).toBe('cancelled');
    expect(body.extensions).toEqual({ 'privacy.example.com': outcome });
  });

  it('§8.3: reports results_url and results_count for a completed access or portability request only', () => {
    // Act
    const access = openDsrStatusBody(link, requestRecord('completed', { fulfilment: exported([3, 4]) }), processor);
    const portability = openDsrStatusBody(link, requestRecord('partially-completed', { type: 'portability', fulfilment: exported([2]) }), processor);
    const deletion = openDsrStatusBody(link, requestRecord('completed', { type: 'deletion', fulfilment: exported([5]) }), processor);
    const running = openDsrStatusBody(link, requestRecord('in-progress'), processor);

    // Assess
    expect(access).toMatchObject({ results_url: `https://privacy.example.com/opendsr/v2/requests/${link.externalId}/results`, results_count: 7 });
    expect(portability).toMatchObject({ results_count: 2 });
    for (const body of [deletion, running]) {
      expect(body).not.toHaveProperty('results_url');
      expect(body).not.toHaveProperty('results_count');
      expect(body).not.toHaveProperty('extensions');
    }
  });

  it('§7.6: the error object has the status as a number, the detail, and one Validation detail per field', () => {
    // Act
    const members = openDsrProblemMembers(
      { type: 'urn:x', title: 'Bad Request', status: 400, detail: 'The request body is not valid.', errors: [{ path: 'regulation', message: 'is required' }] },
      undefined,
    );

    // Assess
    expect(members).toEqual({
      error: {
        code: 400,
        message: 'The request body is not valid.',
        errors: [{ domain: 'Validation', reason: 'regulation', message: 'regulation is required' }],
      },
    });
  });

  it('§6.3: the self-signed certificate names the domain and carries the processor key, which verifies its signatures', () => {
    // Prepare
    const key = processorKey(Buffer.alloc(32, 7));

    // Act
    const certificate = new X509Certificate(selfSignedCertificate(key, { domain: processor.domain, organization: 'Example GmbH', now: NOW }));

    // Assess
    expect(certificate.subject.split('\n')).toEqual(['O=Example GmbH', 'CN=privacy.example.com']);
    expect(certificate.subjectAltName).toBe('DNS:privacy.example.com');
    expect(certificate.checkHost('privacy.example.com')).toBe('privacy.example.com');
    expect(certificate.validFrom).toBe('May 31 12:00:00 2026 GMT');
    expect(certificate.validTo).toBe('Jun  1 12:00:00 2027 GMT');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(verify('sha256', Buffer.from('{"a":1}'), certificate.publicKey, Buffer.from(signProcessorBody(key, '{"a":1}'), 'base64'))).toBe(true);
    expect(certificate.publicKey.export({ type: 'spki', format: 'pem' })).toBe(key.publicKeyPem);
  });
});

describe('DRP 1.0 rules', () => {
  it.each([
    ['§3.05.1 Base64', Buffer.from('ab'.repeat(32), 'hex').toString('base64'), 'ab'.repeat(32)],
    ['hex', 'AB'.repeat(32), 'ab'.repeat(32)],
  ])('takes a verify key in %s and keeps it as hex', (_label, key, hex) => {
    expect(verifyKeyHex(key)).toBe(hex);
  });

  it.each(['', 'ab'.repeat(31), 'A'.repeat(44), 'not a key at all'])('refuses %j as a verify key', (key) => {
    expect(verifyKeyHex(key)).toBeUndefined();
  });

  it('§3.06: error members carry the status as a string, the detail, and fatal only when the error says so', () => {
    // Prepare
    const problem = { type: 'urn:x', title: 'Bad Request', status: 400, detail: 'The message has expired.' };

    // Act
    const fatal = drpProblemMembers(problem, new HttpProblem(400, 'The message has expired.', { fatal: true }));
    const retryable = drpProblemMembers(problem, new HttpProblem(400, 'The message has expired.'));

    // Assess
    expect(fatal).toEqual({ code: '400', message: 'The message has expired.', fatal: true });
    expect(retryable).toEqual({ code: '400', message: 'The message has expired.' });
  });

  it.each([
    ['gdpr', 'gdpr'],
    ['ccpa', 'ccpa'],
    ['voluntary', 'ccpa'],
    [undefined, 'ccpa'],
  ] as const)('§3.01: regime %s is carried out under %s', (regime, jurisdiction) => {
    expect(coreJurisdiction(regime)).toBe(jurisdiction);
  });

  it('§3.01: takes every right the spec names under ccpa, voluntary or no regime, and refuses sale:opt-in under gdpr as fatal', () => {
    for (const exercise of ['sale:opt-out', 'sale:opt-in', 'deletion', 'access', 'access:categories', 'access:specific'] as const) {
      for (const regime of ['ccpa', 'voluntary', undefined] as const) expect(exerciseRefusal({ exercise, regime })).toBeUndefined();
    }
    expect(exerciseRefusal({ exercise: 'sale:opt-in', regime: 'gdpr' })).toMatchObject({ kind: 'invalid', fatal: true, errors: [{ path: 'regime' }] });
    expect(exerciseRefusal({ exercise: 'sale:opt-out', regime: 'gdpr' })).toBeUndefined();
    expect(exerciseRefusal({ exercise: 'sale:opt-maybe' as never })).toMatchObject({ kind: 'invalid', fatal: true, errors: [{ path: 'exercise' }] });
  });
});
