import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as gpcSupport } from '../../functions/preferences/gpc-support.handler.js';
import { handler as queryConsents } from '../../functions/preferences/query-consents.handler.js';
import { handler as recordConsentHandler } from '../../functions/preferences/record-consent.handler.js';
import { currentConsents, stateAfter, type ConsentEvent, type ConsentState } from '../../shared/preferences/consent-state.js';
import { DynamoConsentStore } from '../../shared/preferences/consent-store.js';
import { readConsents, recordConsent, type ConsentDeps, type RequestFiler } from '../../shared/preferences/consents.js';
import { hasGpcSignal } from '../../shared/preferences/gpc.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { subjectHash } from '../../shared/subject.js';
import { apiEvent, captureOutput, lambdaContext } from '../support/lambda.js';

const HASH_KEY = Buffer.from('k'.repeat(43));
const EMAIL = 'lea.mueller@example.net';
const HASH = subjectHash(HASH_KEY, EMAIL);
const NOW = new Date('2026-11-25T10:00:00.000Z');
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);

beforeAll(() => {
  process.env.CONSENTS_TABLE = 'consents';
  process.env.SUPPRESSIONS_TABLE = 'suppressions';
  process.env.SYSTEMS_TABLE = 'systems';
  process.env.SUBJECT_HASH_KEY = HASH_KEY.toString();
});

afterEach(() => {
  documents.reset();
});

let ids = 0;
const event = (overrides: Partial<ConsentEvent>): ConsentEvent => ({
  eventId: `01JZ${String(++ids).padStart(22, '0')}`,
  purpose: 'marketing',
  action: 'grant',
  source: 'web-banner',
  at: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:00.000Z',
  gpc: false,
  ...overrides,
});

describe('stateAfter', () => {
  it.each([
    { purpose: 'marketing', action: 'grant', gpc: false, state: 'granted' },
    { purpose: 'marketing', action: 'grant', gpc: true, state: 'granted' },
    { purpose: 'analytics', action: 'withdraw', gpc: false, state: 'withdrawn' },
    { purpose: 'analytics', action: 'object', gpc: true, state: 'objected' },
    { purpose: 'sale', action: 'grant', gpc: false, state: 'granted' },
    { purpose: 'sale', action: 'grant', gpc: true, state: 'opted-out' },
    { purpose: 'sharing', action: 'grant', gpc: true, state: 'opted-out' },
    { purpose: 'targeted-advertising', action: 'grant', gpc: true, state: 'opted-out' },
    { purpose: 'sale', action: 'withdraw', gpc: true, state: 'withdrawn' },
  ] satisfies { purpose: string; action: ConsentEvent['action']; gpc: boolean; state: ConsentState }[])(
    'leaves $purpose in $state after $action with gpc $gpc',
    ({ purpose, action, gpc, state }) => {
      // Prepare: the event is the row

      // Act
      const after = stateAfter({ purpose, action, gpc });

      // Assess
      expect(after).toBe(state);
    },
  );
});

describe('currentConsents', () => {
  it('lets the latest event per purpose decide, whatever order the events come in', () => {
    // Prepare
    const grant = event({ purpose: 'marketing', action: 'grant', at: '2026-01-01T00:00:00.000Z' });
    const withdrawal = event({ purpose: 'marketing', action: 'withdraw', at: '2026-03-01T00:00:00.000Z' });
    const backdatedGrant = event({ purpose: 'marketing', action: 'grant', at: '2026-02-01T00:00:00.000Z', recordedAt: '2026-04-01T00:00:00.000Z' });
    const analytics = event({ purpose: 'analytics', action: 'grant', at: '2026-02-15T00:00:00.000Z' });

    // Act
    const purposes = currentConsents([withdrawal, analytics, backdatedGrant, grant]);

    // Assess
    expect(purposes).toStrictEqual({
      marketing: { state: 'withdrawn', since: '2026-03-01T00:00:00.000Z', gpc: false },
      analytics: { state: 'granted', since: '2026-02-15T00:00:00.000Z', gpc: false },
    });
  });

  it('breaks a tie at the same instant by recording order', () => {
    // Prepare
    const first = event({ purpose: 'sale', action: 'withdraw', eventId: '01JZ0000000000000000000001' });
    const second = event({ purpose: 'sale', action: 'grant', eventId: '01JZ0000000000000000000002' });

    // Act
    const purposes = currentConsents([second, first]);

    // Assess
    expect(purposes.sale?.state).toBe('granted');
  });

  it('knows no purpose for a subject without events', () => {
    // Prepare: no events

    // Act
    const purposes = currentConsents([]);

    // Assess
    expect(purposes).toStrictEqual({});
  });
});

describe('hasGpcSignal', () => {
  it.each([
    { headers: { 'sec-gpc': '1' }, expected: true },
    { headers: { 'sec-gpc': ' 1 ' }, expected: true },
    { headers: { 'sec-gpc': '0' }, expected: false },
    { headers: { 'sec-gpc': 'true' }, expected: false },
    { headers: {}, expected: false },
    { headers: null, expected: false },
  ])('reads $headers as $expected', ({ headers, expected }) => {
    // Prepare: the headers are the row

    // Act
    const signal = hasGpcSignal(headers);

    // Assess
    expect(signal).toBe(expected);
  });
});

describe('recordConsent', () => {
  /** What the register asked the one filing path to file, in order. */
  let filed: Parameters<RequestFiler['file']>[0][] = [];
  const deps = (overrides: Partial<ConsentDeps> = {}): ConsentDeps => ({
    store: new DynamoConsentStore('consents', client),
    hashKey: async () => HASH_KEY,
    suppressions: new SuppressionList('suppressions', async () => HASH_KEY, client),
    systems: { list: async () => [{ purposes: ['marketing'] }, { purposes: ['analytics', 'support'] }] },
    requests: {
      file: async (request) => {
        filed.push(request);
        return { id: `01JZREQUEST${filed.length}`, type: request.type, status: 'awaiting-verification', joined: false };
      },
    },
    newId: () => '01JZNEWEVENT00000000000000',
    now: () => NOW,
    ...overrides,
  });
  afterEach(() => {
    filed = [];
  });
  const stored = (e: ConsentEvent) => ({ subjectHash: HASH, entry: `${e.at}#${e.eventId}`, ...e });

  it('appends the event under the subject hash, sorted by time, never replacing one', async () => {
    // Prepare
    const recorded = event({ eventId: '01JZNEWEVENT00000000000000', purpose: 'analytics', at: '2026-11-20T08:00:00.000Z', recordedAt: NOW.toISOString() });
    documents.on(PutCommand).resolves({});
    documents.on(QueryCommand).resolves({ Items: [stored(recorded)] });

    // Act
    const result = await recordConsent(
      { email: EMAIL, purpose: 'analytics', action: 'grant', source: 'web-banner', at: '2026-11-20T09:00:00+01:00', gpc: false },
      deps(),
    );

    // Assess
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'consents',
      Item: stored(recorded),
      ConditionExpression: 'attribute_not_exists(entry)',
    });
    expect(documents).toReceiveCommandWith(QueryCommand, { TableName: 'consents', ExpressionAttributeValues: { ':subjectHash': HASH }, ConsistentRead: true });
    expect(result).toStrictEqual({ event: recorded, current: { state: 'granted', since: '2026-11-20T08:00:00.000Z', gpc: false }, requests: [] });
    expect(filed).toStrictEqual([]);
    expect(JSON.stringify(documents.calls().map((c) => c.args[0].input))).not.toContain(EMAIL);
  });

  it('records a GPC grant for sale as an opt-out, records the signal as an opt-out of sale and sharing, and files a sale opt-out', async () => {
    // Prepare
    const recorded = event({ eventId: '01JZNEWEVENT00000000000000', purpose: 'sale', at: NOW.toISOString(), recordedAt: NOW.toISOString(), gpc: true });
    documents.on(PutCommand).resolves({});
    documents.on(QueryCommand).resolves({ Items: [stored(recorded)] });

    // Act
    const result = await recordConsent({ email: EMAIL, purpose: 'sale', action: 'grant', source: 'web-banner', gpc: true }, deps());

    // Assess
    expect(result.event.gpc).toBe(true);
    expect(result.current).toStrictEqual({ state: 'opted-out', since: NOW.toISOString(), gpc: true });
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'consents',
      Item: expect.objectContaining({ purpose: 'sale-and-sharing', action: 'opt-out', gpc: true, source: 'web-banner' }),
    });
    expect(filed).toStrictEqual([{ type: 'sale-opt-out', jurisdiction: 'ccpa', email: EMAIL, channel: 'consent-register' }]);
    expect(result.requests).toStrictEqual([{ id: '01JZREQUEST1', type: 'sale-opt-out', status: 'awaiting-verification', joined: false }]);
  });

  it('files a sale opt-out for a GPC signal that came with a grant of another purpose, and the grant stands', async () => {
    // Prepare
    const recorded = event({ eventId: '01JZNEWEVENT00000000000000', purpose: 'analytics', at: NOW.toISOString(), recordedAt: NOW.toISOString(), gpc: true });
    documents.on(PutCommand).resolves({});
    documents.on(QueryCommand).resolves({ Items: [stored(recorded)] });

    // Act
    const result = await recordConsent({ email: EMAIL, purpose: 'analytics', action: 'grant', source: 'web-banner', gpc: true, locale: 'en' }, deps());

    // Assess
    expect(result.current.state).toBe('granted');
    expect(filed).toStrictEqual([{ type: 'sale-opt-out', jurisdiction: 'ccpa', email: EMAIL, locale: 'en', channel: 'consent-register' }]);
  });

  it('files the withdrawal that carries out a withdrawn purpose systems serve, in the law the caller named, and says so', async () => {
    // Prepare
    const recorded = event({
      eventId: '01JZNEWEVENT00000000000000',
      purpose: 'analytics',
      action: 'withdraw',
      at: NOW.toISOString(),
      recordedAt: NOW.toISOString(),
    });
    documents.on(PutCommand).resolves({});
    documents.on(QueryCommand).resolves({ Items: [stored(recorded)] });
    const joining: RequestFiler = { file: async (request) => ({ id: '01JZOPEN', type: request.type, status: 'verified', joined: true }) };

    // Act
    const result = await recordConsent({ email: EMAIL, purpose: 'analytics', action: 'withdraw', source: 'api', gpc: false, jurisdiction: 'ccpa' }, deps());
    const joined = await recordConsent({ email: EMAIL, purpose: 'analytics', action: 'withdraw', source: 'api', gpc: false }, deps({ requests: joining }));

    // Assess
    expect(filed).toStrictEqual([{ type: 'consent-withdrawal', jurisdiction: 'ccpa', purposes: ['analytics'], email: EMAIL, channel: 'consent-register' }]);
    expect(result.requests).toStrictEqual([{ id: '01JZREQUEST1', type: 'consent-withdrawal', status: 'awaiting-verification', joined: false }]);
    expect(joined.requests).toStrictEqual([{ id: '01JZOPEN', type: 'consent-withdrawal', status: 'verified', joined: true }]);
  });

  it('files nothing for a withdrawn purpose no system serves', async () => {
    // Prepare
    const recorded = event({
      eventId: '01JZNEWEVENT00000000000000',
      purpose: 'surveys',
      action: 'withdraw',
      at: NOW.toISOString(),
      recordedAt: NOW.toISOString(),
    });
    documents.on(PutCommand).resolves({});
    documents.on(QueryCommand).resolves({ Items: [stored(recorded)] });

    // Act
    const result = await recordConsent({ email: EMAIL, purpose: 'surveys', action: 'withdraw', source: 'api', gpc: false }, deps());

    // Assess
    expect(result.current.state).toBe('withdrawn');
    expect(result.requests).toStrictEqual([]);
    expect(filed).toStrictEqual([]);
  });

  it.each([
    { action: 'withdraw', reason: 'consent-withdrawal' },
    { action: 'object', reason: 'objection' },
  ] as const)('puts the subject on the suppression list when marketing ends by $action', async ({ action, reason }) => {
    // Prepare
    const grant = event({ purpose: 'marketing', action: 'grant', at: '2026-01-01T00:00:00.000Z' });
    const recorded = event({ eventId: '01JZNEWEVENT00000000000000', purpose: 'marketing', action, at: NOW.toISOString(), recordedAt: NOW.toISOString() });
    documents.on(PutCommand).resolves({});
    documents.on(QueryCommand).resolves({ Items: [stored(grant), stored(recorded)] });

    // Act
    const result = await recordConsent({ email: EMAIL, purpose: 'marketing', action, source: 'api', gpc: false }, deps());

    // Assess
    expect(result.current.state).toBe(action === 'withdraw' ? 'withdrawn' : 'objected');
    expect(documents).toReceiveCommandWith(PutCommand, { TableName: 'suppressions', Item: { subjectHash: HASH, reason, at: NOW.toISOString() } });
  });

  it('suppresses nobody for a back-dated withdrawal that a later grant outweighs, or for other purposes', async () => {
    // Prepare
    const laterGrant = event({ purpose: 'marketing', action: 'grant', at: '2026-11-01T00:00:00.000Z' });
    const backdated = event({
      eventId: '01JZNEWEVENT00000000000000',
      purpose: 'marketing',
      action: 'withdraw',
      at: '2026-06-01T00:00:00.000Z',
      recordedAt: NOW.toISOString(),
    });
    const analytics = event({
      eventId: '01JZNEWEVENT00000000000000',
      purpose: 'analytics',
      action: 'withdraw',
      at: NOW.toISOString(),
      recordedAt: NOW.toISOString(),
    });
    documents.on(PutCommand).resolves({});
    documents
      .on(QueryCommand)
      .resolvesOnce({ Items: [stored(backdated), stored(laterGrant)] })
      .resolvesOnce({ Items: [stored(analytics)] });

    // Act
    const outweighed = await recordConsent(
      { email: EMAIL, purpose: 'marketing', action: 'withdraw', source: 'api', at: '2026-06-01T00:00:00Z', gpc: false },
      deps(),
    );
    await recordConsent({ email: EMAIL, purpose: 'analytics', action: 'withdraw', source: 'api', gpc: false }, deps());

    // Assess
    expect(outweighed.current).toStrictEqual({ state: 'granted', since: '2026-11-01T00:00:00.000Z', gpc: false });
    expect(outweighed.requests).toStrictEqual([]);
    expect(documents).not.toReceiveCommandWith(PutCommand, { TableName: 'suppressions' });
    // The analytics withdrawal files the request that stops analytics; the outweighed one files nothing.
    expect(filed.map((f) => f.type)).toStrictEqual(['consent-withdrawal']);
  });
});

describe('readConsents', () => {
  it('reads every page of the history and answers states and history, oldest first', async () => {
    // Prepare
    const grant = event({ purpose: 'marketing', action: 'grant', at: '2026-01-01T00:00:00.000Z' });
    const withdrawal = event({ purpose: 'marketing', action: 'withdraw', at: '2026-03-01T00:00:00.000Z' });
    documents
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ subjectHash: HASH, entry: 'e1', ...grant }], LastEvaluatedKey: { subjectHash: HASH, entry: 'e1' } })
      .resolvesOnce({ Items: [{ subjectHash: HASH, entry: 'e2', ...withdrawal }] });

    // Act
    const overview = await readConsents(EMAIL, { store: new DynamoConsentStore('consents', client), hashKey: async () => HASH_KEY });

    // Assess
    expect(documents).toReceiveCommandTimes(QueryCommand, 2);
    expect(documents).toReceiveCommandWith(QueryCommand, { ExclusiveStartKey: { subjectHash: HASH, entry: 'e1' } });
    const { eventId: _g, ...grantView } = grant;
    const { eventId: _w, ...withdrawalView } = withdrawal;
    expect(overview).toStrictEqual({
      purposes: { marketing: { state: 'withdrawn', since: '2026-03-01T00:00:00.000Z', gpc: false } },
      history: [grantView, withdrawalView],
    });
  });
});

describe('consent handlers', () => {
  const post = (handler: typeof recordConsentHandler, body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    handler(apiEvent({ headers, body: typeof body === 'string' ? body : JSON.stringify(body) }), lambdaContext());
  const valid = () => ({ subject: { email: EMAIL }, purpose: 'sale', action: 'grant', source: 'web-banner' });

  // A GPC signal files a request through the whole filing path: test/integration/preferences.test.ts takes it through the local runtime.
  it("records a withdrawal no system acts on and answers 201 with the purpose's state and no request", async () => {
    // Prepare
    documents.on(PutCommand).resolves({});
    documents.on(QueryCommand).callsFake(() => ({ Items: documents.commandCalls(PutCommand).map((c) => c.args[0].input.Item) }));
    documents.on(ScanCommand).resolves({ Items: [] });

    // Act
    const { result: response, output } = await captureOutput(() =>
      post(recordConsentHandler, { ...valid(), purpose: 'surveys', action: 'withdraw', subject: { email: EMAIL, locale: 'de' }, jurisdiction: 'gdpr' }),
    );

    // Assess
    expect(response.statusCode).toBe(201);
    const body = JSON.parse(response.body) as { event: Record<string, unknown>; current: Record<string, unknown>; requests: unknown[] };
    expect(body.event).toMatchObject({ purpose: 'surveys', action: 'withdraw', source: 'web-banner', gpc: false });
    expect(body.event).not.toHaveProperty('eventId');
    expect(body.current).toMatchObject({ state: 'withdrawn', gpc: false });
    expect(body.requests).toStrictEqual([]);
    expect(documents).toReceiveCommandWith(PutCommand, { TableName: 'consents', Item: expect.objectContaining({ subjectHash: HASH, gpc: false }) });
    expect(output).not.toContain(EMAIL);
  });

  it('records gpc: false without the header', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});
    documents.on(QueryCommand).callsFake(() => ({ Items: documents.commandCalls(PutCommand).map((c) => c.args[0].input.Item) }));
    documents.on(ScanCommand).resolves({ Items: [] });

    // Act
    const response = await post(recordConsentHandler, valid());

    // Assess
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ current: { state: 'granted', gpc: false }, requests: [] });
  });

  it.each([
    { note: 'no subject', body: { ...valid(), subject: undefined }, path: 'subject' },
    { note: 'a bad email', body: { ...valid(), subject: { email: 'lea at example' } }, path: 'subject.email' },
    { note: 'an unknown subject field', body: { ...valid(), subject: { email: EMAIL, name: 'Lea' } }, path: 'subject.name' },
    { note: 'a purpose with capitals', body: { ...valid(), purpose: 'Marketing' }, path: 'purpose' },
    { note: 'an unknown action', body: { ...valid(), action: 'revoke' }, path: 'action' },
    { note: 'no source', body: { ...valid(), source: undefined }, path: 'source' },
    { note: 'a time without zone', body: { ...valid(), at: '2026-03-01T09:30:00' }, path: 'at' },
    { note: 'a time in the future', body: { ...valid(), at: new Date(Date.now() + 3600_000).toISOString() }, path: 'at' },
    { note: 'an unknown field', body: { ...valid(), gpc: true }, path: 'gpc' },
    { note: 'an unknown law', body: { ...valid(), jurisdiction: 'lgpd' }, path: 'jurisdiction' },
    { note: 'an unknown language', body: { ...valid(), subject: { email: EMAIL, locale: 'fr' } }, path: 'subject.locale' },
  ])('refuses $note with a 400 naming $path', async ({ body, path }) => {
    // Prepare: the body is the row

    // Act
    const response = await post(recordConsentHandler, body);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect((JSON.parse(response.body) as { errors: { path: string }[] }).errors.map((e) => e.path)).toStrictEqual([path]);
    expect(response.body).not.toContain('lea at example');
    expect(documents.calls()).toHaveLength(0);
  });

  it.each([
    { name: 'record', handler: recordConsentHandler },
    { name: 'query', handler: queryConsents },
  ])('refuses a form post to $name with 415', async ({ handler }) => {
    // Prepare
    const form = new URLSearchParams({ email: EMAIL }).toString();

    // Act
    const response = await post(handler, form, { 'Content-Type': 'application/x-www-form-urlencoded' });

    // Assess
    expect(response.statusCode).toBe(415);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(documents.calls()).toHaveLength(0);
  });

  it('answers a query with states and history', async () => {
    // Prepare
    const grant = event({ purpose: 'analytics', action: 'grant' });
    documents.on(QueryCommand).resolves({ Items: [{ subjectHash: HASH, entry: 'e', ...grant }] });

    // Act
    const response = await post(queryConsents, { email: ` ${EMAIL.toUpperCase()} ` });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toStrictEqual({
      purposes: { analytics: { state: 'granted', since: grant.at, gpc: false } },
      history: [{ purpose: 'analytics', action: 'grant', source: 'web-banner', at: grant.at, recordedAt: grant.recordedAt, gpc: false }],
    });
    expect(documents).toReceiveCommandWith(QueryCommand, { ExpressionAttributeValues: { ':subjectHash': HASH } });
  });

  it.each([
    { note: 'a bad email', body: { email: 'nope' }, path: 'email' },
    { note: 'no email', body: {}, path: 'email' },
    { note: 'an unknown field', body: { email: EMAIL, purpose: 'sale' }, path: 'purpose' },
  ])('refuses a query with $note with a 400 naming $path', async ({ body, path }) => {
    // Prepare: the body is the row

    // Act
    const response = await post(queryConsents, body);

    // Assess
    expect(response.statusCode).toBe(400);
    expect((JSON.parse(response.body) as { errors: { path: string }[] }).errors.map((e) => e.path)).toStrictEqual([path]);
  });
});

describe('gpc-support handler', () => {
  it('answers the GPC support resource as application/json', async () => {
    // Prepare
    const request = apiEvent({ httpMethod: 'GET', path: '/.well-known/gpc.json', resource: '/.well-known/gpc.json' });

    // Act
    const response = await gpcSupport(request, lambdaContext());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json');
    const body = JSON.parse(response.body) as { gpc: unknown; lastUpdate: string };
    expect(Object.keys(body)).toStrictEqual(['gpc', 'lastUpdate']);
    expect(body.gpc).toBe(true);
    expect(body.lastUpdate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Date.parse(`${body.lastUpdate}T00:00:00Z`)).toBeLessThanOrEqual(Date.now());
  });
});
