// An OpenDSR controller against the local runtime: discovery, filing, status, cancellation and signed callbacks.
import { X509Certificate, randomUUID, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { handler as cancelHandler } from '../../functions/protocols/opendsr-cancel.handler.js';
import { handler as createHandler } from '../../functions/protocols/opendsr-create.handler.js';
import { handler as resultsHandler } from '../../functions/protocols/opendsr-results.handler.js';
import { handler as statusHandler } from '../../functions/protocols/opendsr-status.handler.js';
import { demoAccounts } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';
import { formPost, mailsTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'opendsr-integration-key';

interface Callback {
  headers: IncomingHttpHeaders;
  text: string;
}

describe('OpenDSR through the local runtime', () => {
  let runtime: LocalRuntime;
  let receiver: Server;
  let callbackUrl: string;
  const callbacks: Callback[] = [];
  let failNextCallbacks = 0;
  let certificate: string;
  let filed = 0;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, {
      ...init,
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', accept: 'application/json', ...init.headers },
    });
  /** True when the X-OpenDSR-Signature over `text` verifies with the key of the published certificate. */
  const signedByProcessor = (text: string, signature: string | null | undefined) =>
    Boolean(signature) && verify('sha256', Buffer.from(text), new X509Certificate(certificate).publicKey, Buffer.from(signature!, 'base64'));
  /** The processor domain: the host name of the public base URL, without its port. */
  const processorDomain = () => new URL(runtime.apiUrl).hostname;
  /** The spec's example request (§7.2), with a fresh id, a recent submitted_time and a subject of its own. */
  const exampleRequest = (overrides: Record<string, unknown> = {}) => {
    filed += 1;
    return {
      subject_request_id: randomUUID(),
      subject_request_type: 'erasure',
      submitted_time: new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      subject_identities: [{ identity_type: 'email', identity_value: `opendsr.case${filed}@example.com`, identity_format: 'raw' }],
      api_version: '2.0',
      regulation: 'gdpr',
      status_callback_urls: [callbackUrl],
      extensions: { 'example-processor.com': { 'foo-processor-custom-id': 123456, property_id: '123456' } },
      ...overrides,
    };
  };
  const coreIdOf = async (email: string) => {
    // The subject's confirmation mail names nothing; the newest filed request through OpenDSR is this one.
    expect((await mailsTo(runtime, email)).length).toBeGreaterThanOrEqual(1);
    const list = (await (await api('/v1/requests?limit=5')).json()) as { items: { id: string; channel: string }[] };
    return list.items.find((item) => item.channel === 'opendsr')!.id;
  };

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, scheduleEveryMs: 0 });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req
        .on('data', (chunk: Buffer) => chunks.push(chunk))
        .on('end', () => {
          if (failNextCallbacks > 0) {
            failNextCallbacks -= 1;
            res.writeHead(503).end();
            return;
          }
          callbacks.push({ headers: req.headers, text: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(200).end();
        });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/opendsr_callbacks`;
    certificate = await (await fetch(`${runtime.apiUrl}/opendsr/v2/certificate.pem`)).text();
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await new Promise((resolve) => receiver?.close(resolve));
    await runtime?.stop();
  });

  it('§6: publishes a discovery document naming the certificate URL on its own domain, without authentication and without a signing key', async () => {
    // Act
    const response = await fetch(`${runtime.apiUrl}/opendsr/v2/discovery`);
    const text = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      api_version: '2.0',
      supported_identities: [
        { identity_type: 'email', identity_format: 'raw' },
        { identity_type: 'controller_customer_id', identity_format: 'raw' },
      ],
      supported_subject_request_types: ['erasure', 'access', 'portability'],
      processor_certificate: `${runtime.apiUrl}/opendsr/v2/certificate.pem`,
    });
    // §3.1 signs answers to requests; discovery only points at the certificate, and its function holds no key.
    expect(response.headers.get('x-opendsr-signature')).toBeNull();
    expect(response.headers.get('x-opendsr-processor-domain')).toBe(processorDomain());
    expect(response.headers.get('x-opengdpr-processor-domain')).toBe(processorDomain());
    expect(new URL(JSON.parse(text).processor_certificate).hostname).toBe(processorDomain());
  });

  it("files the spec's example request, answers a retry with the same filing, reads its status and cancels it", async () => {
    // Prepare
    const body = exampleRequest();
    const email = body.subject_identities[0]!.identity_value;
    const sent = JSON.stringify(body);

    // Act
    const filedResponse = await api('/opendsr/v2/requests', { method: 'POST', body: sent });
    const filedText = await filedResponse.text();
    const retry = await api('/opendsr/v2/requests', { method: 'POST', body: sent });
    const reused = await api('/opendsr/v2/requests', { method: 'POST', body: JSON.stringify({ ...body, subject_request_type: 'access' }) });
    const status = await api(`/opendsr/v2/requests/${body.subject_request_id}`);
    const statusText = await status.text();
    const cancelled = await api(`/opendsr/v2/requests/${body.subject_request_id}`, { method: 'DELETE' });
    const cancelledText = await cancelled.text();
    const after = await api(`/opendsr/v2/requests/${body.subject_request_id}`);
    const again = await api(`/opendsr/v2/requests/${body.subject_request_id}`, { method: 'DELETE' });

    // Assess
    expect(filedResponse.status).toBe(201);
    const filed = JSON.parse(filedText) as Record<string, string>;
    expect(filed).toMatchObject({ subject_request_id: body.subject_request_id, controller_id: 'local' });
    expect(Buffer.from(filed.encoded_request!, 'base64').toString('utf8')).toBe(sent);
    expect(filed.expected_completion_time).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59[+-]\d{2}:\d{2}$/);
    expect(Date.parse(filed.received_time!)).toBeGreaterThan(Date.now() - 60_000);
    expect(signedByProcessor(filedText, filedResponse.headers.get('x-opendsr-signature'))).toBe(true);
    expect(retry.status).toBe(201);
    expect(((await retry.json()) as Record<string, string>).received_time).toBe(filed.received_time);
    expect(reused.status).toBe(409);
    expect(reused.headers.get('content-type')).toBe('application/problem+json');
    expect(status.status).toBe(200);
    expect(JSON.parse(statusText)).toMatchObject({ subject_request_id: body.subject_request_id, request_status: 'pending', api_version: '2.0' });
    expect(signedByProcessor(statusText, status.headers.get('x-opendsr-signature'))).toBe(true);
    expect(cancelled.status).toBe(202);
    expect(JSON.parse(cancelledText)).toMatchObject({ subject_request_id: body.subject_request_id, controller_id: 'local', api_version: '2.0' });
    expect(signedByProcessor(cancelledText, cancelled.headers.get('x-opendsr-signature'))).toBe(true);
    expect(((await after.json()) as Record<string, string>).request_status).toBe('cancelled');
    expect(again.status).toBe(409);
    // One filing in the core, whose subject got one confirmation mail and, on the cancellation, one notice of it.
    const coreId = await coreIdOf(email);
    expect(((await (await api(`/v1/requests/${coreId}`)).json()) as { status: string }).status).toBe('cancelled');
    expect((await mailsTo(runtime, email)).map((mail) => mail.subject)).toEqual([expect.any(String), 'Anfrage storniert: Löschung Ihrer Daten']);
  });

  it('retries a callback that failed only once its backoff has passed', async () => {
    // Prepare
    const body = exampleRequest({ subject_request_type: 'access' });
    expect((await api('/opendsr/v2/requests', { method: 'POST', body: JSON.stringify(body) })).status).toBe(201);
    const coreId = await coreIdOf(body.subject_identities[0]!.identity_value);
    const quiet = await runtime.schedules.run('dispatchProtocolCallbacks');
    const denied = await api(`/v1/requests/${coreId}/deny`, {
      method: 'POST',
      body: JSON.stringify({ code: 'excessive', reason: 'Filed twenty times this week.' }),
    });
    expect(denied.status).toBe(200);
    failNextCallbacks = 1;

    // Act
    const failedRun = await runtime.schedules.run('dispatchProtocolCallbacks');
    const tooSoon = await runtime.schedules.run('dispatchProtocolCallbacks');

    // Assess
    expect(quiet).toEqual({ delivered: 0, failed: 0, abandoned: 0 });
    expect(failedRun).toEqual({ delivered: 0, failed: 1, abandoned: 0 });
    // The retry waits for its backoff; the core request is long since denied either way.
    expect(tooSoon).toEqual({ delivered: 0, failed: 0, abandoned: 0 });
    expect(callbacks.filter((c) => c.text.includes(body.subject_request_id))).toHaveLength(0);
  });

  it("delivers a signed callback with the spec's fields to every status_callback_url", async () => {
    // Prepare
    const body = exampleRequest({ subject_request_type: 'portability', regulation: 'ccpa' });
    expect((await api('/opendsr/v2/requests', { method: 'POST', body: JSON.stringify(body) })).status).toBe(201);
    const coreId = await coreIdOf(body.subject_identities[0]!.identity_value);
    expect((await api(`/v1/requests/${coreId}/cancel`, { method: 'POST', body: '{}' })).status).toBe(200);

    // Act
    const first = await runtime.schedules.run('dispatchProtocolCallbacks');
    const second = await runtime.schedules.run('dispatchProtocolCallbacks');

    // Assess
    const mine = callbacks.filter((c) => c.text.includes(body.subject_request_id));
    expect(first).toMatchObject({ delivered: 1 });
    expect(second).toEqual({ delivered: 0, failed: 0, abandoned: 0 });
    expect(mine).toHaveLength(1);
    const callback = mine[0]!;
    expect(JSON.parse(callback.text)).toEqual({
      controller_id: 'local',
      expected_completion_time: expect.stringMatching(/T23:59:59[+-]\d{2}:\d{2}$/),
      subject_request_id: body.subject_request_id,
      request_status: 'cancelled',
      api_version: '2.0',
      status_callback_url: callbackUrl,
      extensions: { [processorDomain()]: { outcome: 'cancelled' } },
    });
    expect(signedByProcessor(callback.text, callback.headers['x-opendsr-signature'] as string)).toBe(true);
    expect(callback.headers['x-opendsr-processor-domain']).toBe(processorDomain());
  });

  describe("another filer's request", () => {
    /** A call from another controller: an AWS account other than the local one, as IAM names it to the function. */
    const asController = (accountId: string, httpMethod: string, id?: string, body?: unknown) =>
      (
        (httpMethod === 'POST' ? createHandler : httpMethod === 'DELETE' ? cancelHandler : statusHandler) as unknown as (
          event: APIGatewayProxyEvent,
          context: ReturnType<typeof lambdaContext>,
        ) => Promise<APIGatewayProxyResult>
      )(
        apiEvent({
          httpMethod,
          path: id ? `/opendsr/v2/requests/${id}` : '/opendsr/v2/requests',
          headers: { 'content-type': 'application/json' },
          pathParameters: id ? { id } : null,
          body: body === undefined ? null : JSON.stringify(body),
          requestContext: { requestId: 'other-controller-call', identity: { accountId } } as APIGatewayProxyEvent['requestContext'],
        }),
        lambdaContext(),
      );
    const opendsrIds = async () =>
      ((await (await api('/v1/requests?limit=20')).json()) as { items: { id: string; channel: string }[] }).items
        .filter((item) => item.channel === 'opendsr')
        .map((item) => item.id);
    const coreStatus = async (id: string) => ((await (await api(`/v1/requests/${id}`)).json()) as { status: string }).status;

    it("never links a controller to the company's or another controller's request, nor lets it read or cancel one", async () => {
      // Prepare: the company files a deletion for the subject, who confirms it through the mailed link.
      const email = 'opendsr.shared.subject@example.com';
      const filing = await api('/v1/requests', { method: 'POST', body: JSON.stringify({ type: 'deletion', jurisdiction: 'gdpr', subject: { email } }) });
      const company = (await filing.json()) as { id: string };
      expect((await fetch(await newestLink(runtime, email, '/v1/verify/'), formPost({ confirm: 'yes' }))).status).toBe(200);
      const identities = [{ identity_type: 'email', identity_value: email, identity_format: 'raw' }];
      const ours = exampleRequest({ subject_identities: identities });
      const theirs = exampleRequest({ subject_identities: identities });

      // Act: this controller files the same person and right; another controller reads, cancels and files too.
      const filed = await api('/opendsr/v2/requests', { method: 'POST', body: JSON.stringify(ours) });
      const [ourCore] = await opendsrIds();
      const readByOther = await asController('210987654321', 'GET', ours.subject_request_id);
      const cancelByOther = await asController('210987654321', 'DELETE', ours.subject_request_id);
      const filedByOther = await asController('210987654321', 'POST', undefined, theirs);
      const [theirCore] = await opendsrIds();
      const cancelOurs = await api(`/opendsr/v2/requests/${ours.subject_request_id}`, { method: 'DELETE' });

      // Assess
      expect(filing.status).toBe(202);
      expect(filed.status).toBe(201);
      expect(ourCore).not.toBe(company.id);
      for (const refused of [readByOther, cancelByOther]) {
        expect(refused.statusCode).toBe(404);
        expect(refused.headers?.['content-type']).toBe('application/problem+json');
      }
      expect(filedByOther.statusCode).toBe(201);
      expect(JSON.parse(filedByOther.body)).toMatchObject({ controller_id: '210987654321', subject_request_id: theirs.subject_request_id });
      expect(theirCore).not.toBe(ourCore);
      expect(theirCore).not.toBe(company.id);
      expect(cancelOurs.status).toBe(202);
      expect(await coreStatus(ourCore!)).toBe('cancelled');
      expect(await coreStatus(theirCore!)).toBe('awaiting-verification');
      expect(await coreStatus(company.id)).toBe('awaiting-verification');
      expect((await mailsTo(runtime, email)).filter((mail) => /storniert/.test(mail.subject))).toHaveLength(1);
    });
  });

  describe('refusals', () => {
    it.each([
      ['a missing subject_request_id', { subject_request_id: undefined }, 'subject_request_id'],
      ['an upper-case or non-v4 subject_request_id', { subject_request_id: 'A7551968-D5D6-44B2-9831-815AC9017798' }, 'subject_request_id'],
      ['an unknown subject_request_type', { subject_request_type: 'rectification' }, 'subject_request_type'],
      ['no raw email identity', { subject_identities: [{ identity_type: 'email', identity_value: 'ab12', identity_format: 'sha256' }] }, 'subject_identities'],
      [
        'an email identity that is not an address',
        { subject_identities: [{ identity_type: 'email', identity_value: 'not-an-address', identity_format: 'raw' }] },
        'subject_identities[0].identity_value',
      ],
      ['a callback URL that is not https', { status_callback_urls: ['http://example.com/callback'] }, 'status_callback_urls[0]'],
      ['a submitted_time in the future', { submitted_time: new Date(Date.now() + 86_400_000).toISOString() }, 'submitted_time'],
      ['an OpenDSR 2.0 request without a regulation', { regulation: undefined }, 'regulation'],
      ['an unknown regulation', { regulation: 'lgpd' }, 'regulation'],
      ['an api_version that is no OpenDSR version', { api_version: 'latest' }, 'api_version'],
    ])('refuses %s with a 400 naming the field', async (_label, overrides, path) => {
      // Act
      const response = await api('/opendsr/v2/requests', { method: 'POST', body: JSON.stringify(exampleRequest(overrides)) });

      // Assess
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as { errors: { path: string }[]; detail: string; error: { code: number; errors: { reason: string }[] } };
      expect(problem.errors.map((e) => e.path)).toContain(path);
      expect(problem.error.code).toBe(400);
      expect(problem.error.errors.map((e) => e.reason)).toContain(path);
      expect(JSON.stringify(problem)).not.toContain('@example.com');
    });

    it('refuses unauthenticated calls, unknown ids and malformed ids', async () => {
      // Act
      const anonymous = await fetch(`${runtime.apiUrl}/opendsr/v2/requests`, { method: 'POST', body: JSON.stringify(exampleRequest()) });
      const unknown = await api(`/opendsr/v2/requests/${randomUUID()}`);
      const malformed = await api('/opendsr/v2/requests/not-a-uuid');
      const broken = await api('/opendsr/v2/requests', { method: 'POST', body: '{"subject_request_id":' });

      // Assess
      expect([anonymous.status, unknown.status, malformed.status, broken.status]).toEqual([401, 404, 400, 400]);
      for (const response of [anonymous, unknown, malformed, broken]) expect(response.headers.get('content-type')).toBe('application/problem+json');
    });
  });
  describe('OpenDSR 2.0 conformance', () => {
    const resultsAs = (accountId: string, id: string) =>
      (resultsHandler as unknown as (event: APIGatewayProxyEvent, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyResult>)(
        apiEvent({
          httpMethod: 'GET',
          path: `/opendsr/v2/requests/${id}/results`,
          pathParameters: { id },
          requestContext: { requestId: 'results-call', identity: { accountId } } as APIGatewayProxyEvent['requestContext'],
        }),
        lambdaContext(),
      );

    it('§3.4 and §10.1: the versioned paths and the OpenGDPR names reach the same request, signed under both header names; unversioned paths are gone', async () => {
      // Prepare
      const body = exampleRequest();

      // Act: filed under the OpenGDPR name, read under the 2.0 path and the OpenGDPR one.
      const filed = await api('/opendsr/v1/opengdpr_requests', { method: 'POST', body: JSON.stringify(body) });
      const v2 = await api(`/opendsr/v2/requests/${body.subject_request_id}`);
      const v2Text = await v2.text();
      const v1 = await api(`/opendsr/v1/opengdpr_requests/${body.subject_request_id}`);
      const discovery = await fetch(`${runtime.apiUrl}/opendsr/v1/discovery`);
      const unversioned = await api(`/opendsr/requests/${body.subject_request_id}`);
      const cancelled = await api(`/opendsr/v1/opengdpr_requests/${body.subject_request_id}`, { method: 'DELETE' });

      // Assess
      expect(filed.status).toBe(201);
      expect(v2.status).toBe(200);
      expect(JSON.parse(v2Text)).toMatchObject({ subject_request_id: body.subject_request_id, request_status: 'pending' });
      expect(await v1.json()).toEqual(JSON.parse(v2Text));
      expect(v2.headers.get('x-opengdpr-processor-domain')).toBe(processorDomain());
      expect(signedByProcessor(v2Text, v2.headers.get('x-opengdpr-signature'))).toBe(true);
      expect(discovery.status).toBe(200);
      expect(unversioned.status).toBe(404);
      expect(cancelled.status).toBe(202);
    });

    it('§6.3 and §4.2: processor_certificate is an X.509 certificate issued to the processor domain, whose key verifies every signature', async () => {
      // Act
      const response = await fetch(`${runtime.apiUrl}/opendsr/v2/certificate.pem`);
      const pem = await response.text();
      const x509 = new X509Certificate(pem);

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-pem-file');
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      expect(x509.subject).toContain(`CN=${processorDomain()}`);
      const domain = processorDomain();
      expect(/^[\d.]+$/.test(domain) ? x509.checkIP(domain) : x509.checkHost(domain)).toBe(domain);
      expect(x509.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
      expect(Date.parse(x509.validFrom)).toBeLessThan(Date.now());
      expect(Date.parse(x509.validTo)).toBeGreaterThan(Date.now() + 300 * 24 * 3600_000);
      // Self-signed here: its own key verifies it (OpenDSR §4.1 asks for an authority's certificate in production).
      expect(x509.verify(x509.publicKey)).toBe(true);
    });

    it('§7.5 to §7.7: an invalid request answers 400 with the error object (code, message, a detail per field) and names no identity', async () => {
      // Act
      const response = await api('/opendsr/v2/requests', {
        method: 'POST',
        body: JSON.stringify(exampleRequest({ subject_request_id: undefined, subject_request_type: 'rectification' })),
      });
      const text = await response.text();

      // Assess
      expect(response.status).toBe(400);
      const { error } = JSON.parse(text) as { error: { code: number; message: string; errors: { domain: string; reason: string; message: string }[] } };
      expect(error.code).toBe(400);
      expect(error.message).toEqual(expect.any(String));
      expect(error.errors).toEqual(
        expect.arrayContaining([
          { domain: 'Validation', reason: 'subject_request_id', message: expect.stringContaining('subject_request_id') },
          { domain: 'Validation', reason: 'subject_request_type', message: expect.stringContaining('subject_request_type') },
        ]),
      );
      expect(text).not.toContain('@example.com');
    });

    it('§8.3: an unknown subject_request_id is a 404 whose error object says so', async () => {
      // Act
      const response = await api(`/opendsr/v2/requests/${randomUUID()}`);

      // Assess
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 404, message: 'No OpenDSR request with this subject_request_id.' } });
    });

    it('§8 and §8.6: a refused request reads cancelled with the refusal in the processor extension, in the status and in the callback, unlike a cancelled one', async () => {
      // Prepare
      const body = exampleRequest({ subject_request_type: 'erasure' });
      expect((await api('/opendsr/v2/requests', { method: 'POST', body: JSON.stringify(body) })).status).toBe(201);
      const coreId = await coreIdOf(body.subject_identities[0]!.identity_value);
      const denied = await api(`/v1/requests/${coreId}/deny`, { method: 'POST', body: JSON.stringify({ code: 'exemption', reason: 'Kept by law.' }) });
      expect(denied.status).toBe(200);

      // Act
      const status = (await (await api(`/opendsr/v2/requests/${body.subject_request_id}`)).json()) as Record<string, unknown>;
      await runtime.schedules.run('dispatchProtocolCallbacks');
      const callback = callbacks.find((c) => c.text.includes(body.subject_request_id));

      // Assess
      expect(status).toMatchObject({ request_status: 'cancelled', extensions: { [processorDomain()]: { outcome: 'refused', reason: 'exemption' } } });
      expect(JSON.parse(callback!.text)).toMatchObject({
        request_status: 'cancelled',
        extensions: { [processorDomain()]: { outcome: 'refused', reason: 'exemption' } },
      });
      expect(callback!.text).not.toContain('Kept by law');
    });

    it('§8.3: a completed access request reports results_url and results_count, and results_url downloads the export for the controller that filed it only', async () => {
      // Prepare: a demo customer's access request, confirmed by mail and by the knowledge check.
      const person = demoAccounts.find((account) => account.accountId === 'acc-2001')!;
      const body = exampleRequest({
        subject_request_type: 'access',
        subject_identities: [{ identity_type: 'email', identity_value: person.email, identity_format: 'raw' }],
      });
      expect((await api('/opendsr/v2/requests', { method: 'POST', body: JSON.stringify(body) })).status).toBe(201);
      const link = await newestLink(runtime, person.email, '/v1/verify/');
      expect((await fetch(link, formPost({ confirm: 'yes' }))).status).toBe(200);
      const answered = await fetch(
        `${link}/identity`,
        formPost({
          email: person.email,
          street: person.billingAddress.street,
          postalCode: person.billingAddress.postalCode,
          city: person.billingAddress.city,
          cardLast4: person.cardLast4,
        }),
      );
      expect(answered.status).toBe(200);
      await runtime.workflows.idle();

      // Act
      const statusResponse = await api(`/opendsr/v2/requests/${body.subject_request_id}`);
      const statusText = await statusResponse.text();
      const status = JSON.parse(statusText) as { request_status: string; results_url: string; results_count: number };
      const download = await api(new URL(status.results_url).pathname, { redirect: 'manual' });
      const bundle = await fetch(download.headers.get('location')!);
      const byOther = await resultsAs('999999999999', body.subject_request_id);

      // Assess
      expect(status.request_status).toBe('completed');
      expect(status.results_url).toBe(`${runtime.apiUrl}/opendsr/v2/requests/${body.subject_request_id}/results`);
      expect(status.results_count).toBeGreaterThan(0);
      expect(signedByProcessor(statusText, statusResponse.headers.get('x-opendsr-signature'))).toBe(true);
      expect(download.status).toBe(302);
      expect(download.headers.get('cache-control')).toBe('no-store');
      expect(bundle.status).toBe(200);
      expect(
        Buffer.from(await bundle.arrayBuffer())
          .subarray(0, 2)
          .toString('latin1'),
      ).toBe('PK');
      expect(byOther.statusCode).toBe(404);
      expect(JSON.parse(byOther.body)).toMatchObject({ error: { code: 404 } });
    });
  });
});
