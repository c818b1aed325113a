// A company system's view: a client generated from GET /openapi.json (openapi-typescript types,
// openapi-fetch calls) files, reads, extends and lists requests on the local runtime, and every
// answer it gets is checked against the document.
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components, paths } from '../../client/privacy-ops.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { contractChecker, type ContractChecker, type OpenApiDocument } from '../support/openapi-contract.js';

const API_KEY = 'typed-client-integration-key';

type Problem = components['schemas']['Problem'];

describe('the generated TypeScript client against the local runtime', () => {
  let runtime: LocalRuntime;
  let contract: ContractChecker;
  let client: ReturnType<typeof createClient<paths>>;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, scheduleEveryMs: 0 });
    contract = contractChecker((await (await fetch(runtime.openApiUrl)).json()) as OpenApiDocument);
    client = createClient<paths>({ baseUrl: runtime.apiUrl, headers: { 'x-api-key': API_KEY } });
    client.use(contract.middleware);
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('files a request, reads it, extends it and finds it in the list', async () => {
    // Act
    const filed = await client.POST('/v1/requests', {
      params: { header: { 'Idempotency-Key': 'typed-client-1' } },
      body: { type: 'access', jurisdiction: 'ccpa', subject: { email: 'typed.client@example.com', locale: 'en' } },
    });
    const id = filed.data!.id;
    const read = await client.GET('/v1/requests/{id}', { params: { path: { id } } });
    const extended = await client.POST('/v1/requests/{id}/extend', {
      params: { path: { id } },
      body: { reason: 'Records are held in five systems, two of them archived.' },
    });
    const listed = await client.GET('/v1/requests', { params: { query: { type: 'access', limit: 50 } } });

    // Assess
    expect(filed.response.status).toBe(202);
    expect(filed.data).toMatchObject({ type: 'access', jurisdiction: 'ccpa', status: 'awaiting-verification' });
    expect(read.data?.id).toBe(id);
    expect(read.data?.dueAt).toBe(filed.data!.dueAt);
    expect(extended.response.status).toBe(200);
    expect(extended.data?.extended).toBe(true);
    expect(extended.data?.dueAt).not.toBe(filed.data!.dueAt);
    expect(listed.data?.items.map((item) => item.id)).toContain(id);
    expect(contract.breaches).toEqual([]);
  });

  it('answers the same filing again for the same Idempotency-Key', async () => {
    const body = { type: 'deletion', jurisdiction: 'gdpr', subject: { email: 'typed.again@example.com' } } as const;
    const first = await client.POST('/v1/requests', { params: { header: { 'Idempotency-Key': 'typed-client-2' } }, body });
    const again = await client.POST('/v1/requests', { params: { header: { 'Idempotency-Key': 'typed-client-2' } }, body });

    expect(again.data?.id).toBe(first.data?.id);
    expect(contract.breaches).toEqual([]);
  });

  it('gives typed problems: the field that is wrong, an unknown id, a missing key', async () => {
    // Act
    const invalid = await client.POST('/v1/requests', {
      // A caller's mistake the types would stop: sent anyway, as an untyped caller would.
      body: { type: 'erase', jurisdiction: 'gdpr', subject: { email: 'typed.invalid@example.com' } } as never,
    });
    const unknown = await client.GET('/v1/requests/{id}', { params: { path: { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } } });
    const anonymous = createClient<paths>({ baseUrl: runtime.apiUrl });
    anonymous.use(contract.middleware);
    const unauthorised = await anonymous.GET('/v1/systems');

    // Assess: error is the documented Problem, typed as such
    const problems: (Problem | undefined)[] = [invalid.error, unknown.error, unauthorised.error];
    expect(problems.map((problem) => problem?.status)).toEqual([400, 404, 401]);
    expect(invalid.error?.errors?.map((error) => error.path)).toEqual(['type']);
    expect(invalid.data).toBeUndefined();
    expect(contract.breaches).toEqual([]);
  });

  it('answers the other main routes as the document says: audit, deny, cancel, systems, consents with Sec-GPC, health, the document', async () => {
    // Prepare
    const denied = await client.POST('/v1/requests', { body: { type: 'access', jurisdiction: 'gdpr', subject: { email: 'typed.denied@example.com' } } });
    const cancelled = await client.POST('/v1/requests', {
      body: { type: 'third-party-disclosure', jurisdiction: 'gdpr', subject: { email: 'typed.cancel@example.com' } },
    });

    // Act
    const audit = await client.GET('/v1/requests/{id}/audit', { params: { path: { id: denied.data!.id } } });
    const deny = await client.POST('/v1/requests/{id}/deny', {
      params: { path: { id: denied.data!.id } },
      body: { code: 'excessive', reason: 'The same data was sent to you last week.' },
    });
    const cancel = await client.POST('/v1/requests/{id}/cancel', { params: { path: { id: cancelled.data!.id } } });
    const cancelAgain = await client.POST('/v1/requests/{id}/cancel', { params: { path: { id: cancelled.data!.id } } });
    const systems = await client.GET('/v1/systems');
    const consent = await client.POST('/v1/consents', {
      params: { header: { 'Sec-GPC': '1' } },
      body: { subject: { email: 'typed.consent@example.com' }, purpose: 'sale', action: 'grant', source: 'web-banner' },
    });
    const health = await client.GET('/health');
    const gpc = await client.GET('/.well-known/gpc.json');
    const document = await client.GET('/openapi.json');

    // Assess
    expect(audit.data?.verification.valid).toBe(true);
    expect(deny.data?.status).toBe('denied');
    expect(cancel.data?.status).toBe('cancelled');
    expect(cancelAgain.error?.status).toBe(409);
    expect(systems.data?.items.length).toBeGreaterThan(0);
    expect(consent.response.status).toBe(201);
    expect(health.data).toEqual({ status: 'ok' });
    expect(gpc.data?.gpc).toBe(true);
    expect(document.response.status).toBe(200);
    expect(contract.breaches).toEqual([]);
  });

  it('reports an answer that breaks the document', () => {
    const breaches = contract.check('GET', '/v1/requests/01ARZ3NDEKTSV4RRFFQ69G5FAV', 200, 'application/json', '{"id":1}');
    const undocumented = contract.check('GET', '/health', 418, 'application/json', '{}');

    expect(breaches).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/v1\/requests\/\{id\} 200: \/id must be string/)]));
    expect(undocumented).toEqual(['GET /health 418: status not documented']);
  });
});
