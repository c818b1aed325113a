// Property-based fuzzing of every route through the local runtime over HTTP: 10,000 generated
// requests in all (valid, near-valid and hostile bodies, headers, paths and methods). Whatever
// arrives: no answer of 500 or above, every refusal is problem+json (or the HTML page a person
// sees, where the route declares one), no refusal echoes what was sent, no prototype is polluted,
// and the store holds nothing half-written afterwards.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { demoSystems } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { mapConcurrent } from '../../shared/concurrency.js';
import { matchPath, type RouteSpec } from '../../shared/http/route.js';
import { refusalForm } from '../../shared/http/refusal-form.js';
import {
  CANARY,
  CSV_FORMULAS,
  PATH_CANARY,
  contentTypes,
  headerValue,
  hostileBody,
  hostileForm,
  hostileString,
  pathValue,
} from '../support/fuzz-arbitraries.js';
import { newestLink } from '../support/mailbox.js';
import { checkStoreIntegrity } from '../support/store-integrity.js';

const API_KEY = 'fuzz-integration-key';
/** Requests generated in all, shared out over the routes; a few hundred more go to paths and methods no route has. */
const TOTAL = 10_000;
const UNROUTED = 400;
/** Routes fuzzed at once (each one's requests go one after another, so fast-check can shrink a failure). */
const ROUTES_AT_ONCE = 6;
const SUBJECT = 'fuzz.subject@example.org';
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/** A valid body (or form) per route: the anchor that near-valid input is generated around. */
const SAMPLES: Record<string, unknown> = {
  'POST /v1/requests': { type: 'access', jurisdiction: 'gdpr', subject: { email: SUBJECT, locale: 'en', accountId: 'acc-9001' } },
  'PUT /v1/systems/{systemId}': {
    name: 'Fuzzed system',
    owner: 'Platform team',
    categories: ['contact'],
    connector: { kind: 'webhook', url: 'https://hooks.example.org/privacy' },
  },
  'POST /v1/tasks/{taskId}/result': {
    outcome: 'done',
    records: 2,
    data: [{ a: 1, note: CSV_FORMULAS[0], [CSV_FORMULAS[1]]: CSV_FORMULAS[2] }],
    retained: [{ category: 'invoices', keepFor: 'P10Y', legalBasis: 'HGB 257' }],
  },
  'PUT /v1/disclosures/{year}/{recipientId}': { name: 'Partner GmbH', address: 'Hauptstraße 1, Berlin', categories: ['contact'], marketing: 'Newsletters' },
  'POST /v1/requests/{id}/extend': { reason: 'The export spans ten systems and needs more time.' },
  'POST /v1/requests/{id}/deny': { code: 'manifestly-unfounded', reason: 'The same request was answered last week.' },
  'POST /v1/marketing-emails': { to: SUBJECT, locale: 'en', subject: 'News', text: 'Hello', campaign: 'winter-news' },
  'POST /v1/ses-events': {
    eventType: 'Bounce',
    bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'bounced@example.org' }], timestamp: at(0) },
  },
  'POST /v1/consents': { subject: { email: SUBJECT }, purpose: 'marketing', action: 'grant', source: 'web-banner', at: at(-1000) },
  'POST /v1/consents/query': { email: SUBJECT },
  'POST /v1/policies': {
    version: 'fuzz-1',
    url: 'https://example.org/privacy/fuzz-1',
    effectiveAt: at(60_000),
    material: false,
    summary: { de: 'Neu.', en: 'New.' },
  },
  'POST /v1/support-cases/{caseId}/resolved': { accountId: 'acc-1001' },
  'POST /opendsr/v2/requests': {
    subject_request_id: '9f0c5e4e-8c1d-4f7a-9b2e-0d5a7c3e1f20',
    subject_request_type: 'access',
    submitted_time: at(-3600_000),
    subject_identities: [{ identity_type: 'email', identity_value: SUBJECT, identity_format: 'raw' }],
    api_version: '2.0',
    regulation: 'gdpr',
  },
  'PUT /v1/drp-agents/{agentId}': { name: 'Fuzz agent', verifyKey: 'ab'.repeat(32) },
  'POST /v1/agent/{agentId}': { 'agent-id': 'fuzz-agent', 'business-id': 'local', 'issued-at': at(0), 'expires-at': at(600_000), 'drp.version': '1.0' },
  'POST /v1/data-rights-request': { 'agent-id': 'fuzz-agent', exercise: 'sale:opt-out', regime: 'ccpa', email: SUBJECT },
  'DELETE /v1/data-rights-request/{requestId}': { reason: 'Changed their mind' },
};
const FORMS: Record<string, Record<string, string>> = {
  'POST /v1/verify/{token}/identity': { email: SUBJECT, street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', cardLast4: '4242' },
  'POST /v1/unsubscribe/{token}': { 'List-Unsubscribe': 'One-Click' },
};
const QUERIES: Record<string, Record<string, string>> = {
  'GET /v1/requests': { status: 'received', type: 'access', overdue: 'false', limit: '10' },
  'GET /v1/policies/current': { at: at(0) },
  'GET /v1/deadlines': { type: 'access', jurisdiction: 'ccpa', receivedAt: at(0) },
};

interface FuzzCase {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const routeKey = (route: RouteSpec) => `${route.method} ${route.path}`;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

describe('fuzzing every route through the local runtime', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  /** Path values that reach real records: a filed request, its verification link, demo systems. */
  const known: Record<string, string[]> = {};
  const tally = new Map<number, number>();

  const send = async (c: FuzzCase) => {
    const response = await fetch(`${runtime.apiUrl}${c.path}${c.query}`, {
      method: c.method,
      headers: c.headers,
      ...(c.body !== undefined && c.method !== 'GET' ? { body: c.body } : {}),
      redirect: 'manual',
    });
    const text = await response.text();
    tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
    return { status: response.status, type: response.headers.get('content-type') ?? '', text };
  };

  /**
   * The route that serves a case as the URL arrives (`.` segments resolved): undefined for a path
   * no template takes, such as one with malformed percent-encoding, which the gateway refuses itself.
   */
  const routeServing = (c: FuzzCase) => {
    const { pathname } = new URL(c.path, runtime.apiUrl);
    return routes.find((route) => route.method === c.method && matchPath(route.path, pathname) !== undefined);
  };

  /** The properties every answer must have; `route` is undefined for paths and methods no route serves. */
  const assertAnswer = (route: RouteSpec | undefined, answer: { status: number; type: string; text: string }) => {
    const where = route ? routeKey(route) : 'unrouted';
    if (answer.status >= 500) throw new Error(`${where} answered ${answer.status}`);
    if (answer.status < 400) return;
    // A page never shows what was sent; a problem may name the id in its path, never what came in body, query or headers.
    const echoed = answer.text.includes(CANARY);
    const page = answer.type.startsWith('text/html');
    if (page && (echoed || answer.text.includes(PATH_CANARY))) throw new Error(`${where} showed input on its ${answer.status} page`);
    // A refusal the route declares with neither schema nor media type has no body (DRP §2.05.1's bare 403).
    const declared = route?.responses[answer.status];
    if (declared && !declared.schema && !declared.contentType) {
      if (answer.text !== '') throw new Error(`${where} answered its bodiless ${answer.status} with a body`);
      return;
    }
    if (route?.responses[answer.status]?.contentType === 'text/html') {
      if (!page) throw new Error(`${where} answered ${answer.status} as ${answer.type}, not its page`);
      return;
    }
    // A page route may answer a refusal it does not declare (a form that is no form: 415) with a page too,
    // and so may any route whose refusals refusalForm lets a browser read as a page (a console session's 401).
    const servesPages = route && Object.values(route.responses).some((r) => r.contentType === 'text/html' || r.alsoContentTypes?.includes('text/html'));
    if (page && route && (servesPages || refusalForm(route, answer.status) !== 'problem')) return;
    if (echoed) throw new Error(`${where} echoed input in its ${answer.status} answer`);
    if (answer.type !== 'application/problem+json') throw new Error(`${where} answered ${answer.status} as ${answer.type || 'nothing'}`);
    const problem = JSON.parse(answer.text) as { status?: number; title?: string; type?: string };
    if (problem.status !== answer.status || !problem.title || !problem.type)
      throw new Error(`${where}: a ${answer.status} problem without status, title or type`);
  };

  const caseFor = (route: RouteSpec): fc.Arbitrary<FuzzCase> => {
    const key = routeKey(route);
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const params = fc.tuple(...names.map((name) => pathValue(known[name] ?? ['x'])));
    const form = FORMS[key];
    const body: fc.Arbitrary<string | Uint8Array | undefined> = form
      ? hostileForm(form)
      : route.method === 'GET'
        ? fc.constant(undefined)
        : fc.option(hostileBody(SAMPLES[key] ?? {}), { nil: undefined, freq: 12 });
    const query = QUERIES[key]
      ? fc.option(
          fc.dictionary(
            fc.oneof(fc.constantFrom(...Object.keys(QUERIES[key]!)), fc.string({ maxLength: 8 })),
            fc.oneof(
              fc.constantFrom(...Object.values(QUERIES[key]!)),
              hostileString.filter((s) => s.length < 2_000),
            ),
            { maxKeys: 4 },
          ),
          { nil: undefined },
        )
      : fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 2 }), { nil: undefined, freq: 8 });
    const headers = fc.record(
      {
        'x-api-key': fc.oneof({ weight: 12, arbitrary: fc.constant(API_KEY) }, { weight: 1, arbitrary: headerValue }),
        'content-type': contentTypes(form ? 'application/x-www-form-urlencoded' : 'application/json'),
        'idempotency-key': headerValue,
        'accept-language': headerValue,
        'sec-gpc': headerValue,
        accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml'),
      },
      { requiredKeys: ['x-api-key'] },
    );
    // Header names that collide with Object.prototype's, where a gateway or middleware indexes a plain object.
    const oddHeaders = fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'valueOf', 'toString', 'hasOwnProperty', 'x-forwarded-for'), headerValue, {
      maxKeys: 2,
    });
    return fc.record({ params, body, query, headers, oddHeaders }).map(({ params: values, body: payload, query: q, headers: h, oddHeaders: odd }) => {
      let path = route.path;
      for (const [i, name] of names.entries()) path = path.replace(`{${name}}`, values[i]!);
      const cleaned = Object.fromEntries([...Object.entries(odd), ...Object.entries(h)].filter((entry): entry is [string, string] => entry[1] !== undefined));
      return { method: route.method, path, query: q ? `?${new URLSearchParams(q).toString()}` : '', headers: cleaned, body: payload };
    });
  };

  /** Paths no route has, and routed paths called with a method they do not take. */
  const unrouted: fc.Arbitrary<FuzzCase> = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...METHODS),
        fc.array(hostileString.filter((s) => s.length > 0 && s.length < 500).map(encodeURIComponent), { minLength: 1, maxLength: 5 }),
      )
      .map(([method, segments]) => ({ method, path: `/${segments.join('/')}`, query: '', headers: { 'x-api-key': API_KEY } })),
    fc
      .tuple(fc.constantFrom(...routes), fc.constantFrom(...METHODS))
      .filter(([route, method]) => !routes.some((r) => r.path === route.path && r.method === method))
      .map(([route, method]) => ({ method, path: route.path.replace(/\{\w+\}/g, 'x'), query: '', headers: { 'x-api-key': API_KEY }, body: '{}' })),
  );

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    // Real records for the generated paths to reach: a filed deletion (its link asks for identity) and a
    // request for the recipients list (opt-outs and withdrawals are carried out at once, with no link).
    const filed = await Promise.all(
      [
        { type: 'deletion', jurisdiction: 'ccpa' },
        { type: 'third-party-disclosure', jurisdiction: 'gdpr' },
      ].map(async ({ type, jurisdiction }, i) => {
        const response = await fetch(`${runtime.apiUrl}/v1/requests`, {
          method: 'POST',
          headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
          body: JSON.stringify({ type, jurisdiction, subject: { email: `fuzz.known${i}@example.org` } }),
        });
        expect(response.status).toBe(202);
        return ((await response.json()) as { id: string }).id;
      }),
    );
    const tokens = await Promise.all(filed.map((_, i) => newestLink(runtime, `fuzz.known${i}@example.org`, '/v1/verify/')));
    const linkTokens = tokens.map((link) => link.split('/').at(-1)!);
    Object.assign(known, {
      id: filed,
      token: linkTokens,
      systemId: demoSystems.slice(0, 3).map((s) => s.systemId),
      year: ['2026', '1999', '0'],
      recipientId: ['partner-gmbh'],
      taskId: ['01JTASK0000000000000000000'],
      caseId: ['sc-1001-1'],
      version: ['fuzz-1'],
      agentId: ['fuzz-agent'],
      requestId: filed,
    });
  }, 120_000);

  afterAll(async () => {
    await runtime?.workflows.idle();
    documents?.destroy();
    await runtime?.stop();
  });

  it(`answers ${TOTAL.toLocaleString('en')} generated requests without a 5xx, refuses with problem+json and leaves nothing half-written`, async () => {
    // Prepare: the requests are shared out over the routes; each route's run is one fast-check property
    const perRoute = Math.floor((TOTAL - UNROUTED) / routes.length);
    const runs = routes.map((route, i) => ({ route, numRuns: perRoute + (i < (TOTAL - UNROUTED) % routes.length ? 1 : 0) }));
    let sent = 0;

    // Act
    await mapConcurrent(runs, ROUTES_AT_ONCE, async ({ route, numRuns }) => {
      await fc.assert(
        fc.asyncProperty(caseFor(route), async (c) => {
          sent += 1;
          assertAnswer(routeServing(c), await send(c));
        }),
        { numRuns, endOnFailure: true },
      );
    });
    await fc.assert(
      fc.asyncProperty(unrouted, async (c) => {
        sent += 1;
        assertAnswer(routeServing(c), await send(c));
      }),
      { numRuns: UNROUTED, endOnFailure: true },
    );
    await runtime.workflows.idle();
    const integrity = await checkStoreIntegrity(documents);

    // Assess
    console.log(
      `fuzz: ${sent} requests; answers by status: ${[...tally]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
    expect(sent).toBe(TOTAL);
    expect([...tally.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(integrity.defects).toEqual([]);
    expect(integrity.requests.length).toBeGreaterThan(2);
  }, 480_000);
});
