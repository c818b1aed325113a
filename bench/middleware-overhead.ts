// What the shared middy chain (shared/http/handler.ts) costs per call: real handlers timed in-process
// against bare handlers that do the same work (same use case, same store calls) without the chain.
//
// The work is real routes against DynamoDB Local, so each call pays what a handler really pays:
// the SDK's serialisation and signing, an HTTP round trip and the emulator's answer (about as long
// as DynamoDB's own single-digit milliseconds). GET /v1/requests/{id} is the lightest route with a
// store call (one GetItem); POST /v1/consents takes a JSON body through the parser and the zod
// schema (one PutItem and one Query). The same routes are then timed with the document client
// mocked (aws-sdk-client-mock) to answer at once with what DynamoDB Local answered: no real handler
// is that fast, so that ratio is no goal figure, but its difference is the chain's own CPU time.
//
// Runs in a child process of its own (it starts a local runtime, whose clients are per process).
// Run alone with `npx tsx bench/middleware-overhead.ts`; BENCH_CPU_PROF_DIR=<dir> writes the child's CPU profile.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { lambdaContext } from '../local/lambda-runner.js';
import { startLocalRuntime } from '../local/runtime.js';
import { tables } from '../shared/resources.js';
import { measureInChildProcess } from './child.js';
import { formatRatio, goalLine, type GoalResult, type SectionReport } from './goals.js';
import { median, percentile } from './stats.js';
import { formatTable } from './table.js';

/** The target: a call through the chain takes at most this multiple of the bare call. */
export const GOAL_RATIO = 1.1;

const RESULT_MARKER = 'bench:middleware=';
const THIS_FILE = fileURLToPath(import.meta.url);

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Timings of one route, chain and bare, in milliseconds per call. */
interface RouteTiming {
  route: string;
  store: 'DynamoDB Local' | 'instant (mocked)';
  calls: number;
  chain: Percentiles;
  bare: Percentiles;
}

interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

export interface MiddlewareResult {
  timings: RouteTiming[];
  node: string;
}

export interface MiddlewareOptions {
  /** Measured calls per variant against DynamoDB Local (after a warm-up). */
  calls?: number;
  /** Measured calls per variant with the mocked store. */
  instantCalls?: number;
}

/**
 * An API Gateway REST proxy event as the gateway sends it from a browser-less caller behind
 * CloudFront: the header normaliser's work grows with the headers, so they are realistic.
 */
function gatewayEvent(input: { method: string; resource: string; path: string; pathParameters?: Record<string, string>; body?: string }): APIGatewayProxyEvent {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Encoding': 'gzip, deflate, br',
    'CloudFront-Forwarded-Proto': 'https',
    'CloudFront-Is-Desktop-Viewer': 'true',
    'CloudFront-Is-Mobile-Viewer': 'false',
    'CloudFront-Viewer-Country': 'DE',
    Host: 'abc123.execute-api.eu-central-1.amazonaws.com',
    'User-Agent': 'crm-sync/4.2 (+https://crm.example.com)',
    Via: '2.0 0f1e2d3c4b5a.cloudfront.net (CloudFront)',
    'X-Amz-Cf-Id': 'k2WnH1t0P1Xr4mJ0m6bq3wz0w5oV0fV4s1u5cQ==',
    'X-Amzn-Trace-Id': 'Root=1-67a1b2c3-0123456789abcdef01234567',
    'X-Forwarded-For': '203.0.113.7, 198.51.100.10',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    ...(input.body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(input.body)) } : {}),
  };
  return {
    resource: input.resource,
    path: input.path,
    httpMethod: input.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: input.pathParameters ?? null,
    stageVariables: null,
    body: input.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'abc123',
      httpMethod: input.method,
      path: `/prod${input.path}`,
      protocol: 'HTTP/1.1',
      requestId: crypto.randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'res123',
      resourcePath: input.resource,
      stage: 'prod',
      identity: { sourceIp: '203.0.113.7', userAgent: 'crm-sync/4.2' },
    } as APIGatewayProxyEvent['requestContext'],
  };
}

function percentiles(values: readonly number[]): Percentiles {
  return { p50: median(values), p90: percentile(values, 0.9), p99: percentile(values, 0.99) };
}

/** The event as the chain hands it to the use case: header names in lower case. */
function normalised(event: APIGatewayProxyEvent): APIGatewayProxyEvent {
  return { ...event, headers: Object.fromEntries(Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value])) };
}

/**
 * Times `calls` calls of each handler after `warmup` untimed ones, alternating which goes first so
 * drift in machine load falls on both alike. The chain gets the event as API Gateway sends it; the
 * bare handler gets it as the chain would pass it on, prepared outside the timing. Every answer must
 * have `status`: only the path that does the work is timed, never an error page.
 */
async function compare(
  label: Pick<RouteTiming, 'route' | 'store'>,
  handlers: { chain: Handler; bare: Handler },
  event: (call: number) => APIGatewayProxyEvent,
  status: number,
  { calls, warmup }: { calls: number; warmup: number },
): Promise<RouteTiming> {
  const samples = { chain: [] as number[], bare: [] as number[] };
  const time = async (variant: 'chain' | 'bare', call: number) => {
    const input = variant === 'chain' ? event(call) : normalised(event(call));
    const context = lambdaContext('privacy-ops-bench', crypto.randomUUID(), 29);
    const started = performance.now();
    const response = await handlers[variant](input, context);
    const ms = performance.now() - started;
    if (response.statusCode !== status) throw new Error(`${label.route} (${variant}) answered ${response.statusCode}: ${response.body}`);
    if (call >= warmup) samples[variant].push(ms);
  };
  for (let call = 0; call < warmup + calls; call++) {
    const order = call % 2 === 0 ? (['chain', 'bare'] as const) : (['bare', 'chain'] as const);
    for (const variant of order) await time(variant, call);
  }
  return { ...label, calls, chain: percentiles(samples.chain), bare: percentiles(samples.bare) };
}

/** The child: starts a runtime, files one request, then times both routes both ways. */
async function child(calls: number, instantCalls: number): Promise<void> {
  const runtime = await startLocalRuntime({ port: 0, memory: true, throttling: false, scheduleEveryMs: 0 });
  try {
    // A real request to read back, filed as a company system would.
    const filed = await fetch(`${runtime.apiUrl}/v1/requests`, {
      method: 'POST',
      headers: { 'x-api-key': runtime.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'access', jurisdiction: 'gdpr', subject: { email: 'bench.reader@example.com' } }),
    });
    if (filed.status !== 202) throw new Error(`Filing the request to read answered ${filed.status}`);
    const { id } = (await filed.json()) as { id: string };

    // Loaded after the runtime has set the environment, as Lambda loads a handler after its configuration.
    const { handler: getRequestHandler } = await import('../functions/requests/get-request.handler.js');
    const { handler: recordConsentHandler } = await import('../functions/preferences/record-consent.handler.js');
    const { getRequest } = await import('../shared/requests/read-requests.js');
    const { requestView } = await import('../shared/requests/request-view.js');
    const { jsonResult } = await import('../shared/http/results.js');
    const { requestReader } = await import('../functions/wiring/requests.js');
    const { recordConsent } = await import('../shared/preferences/consents.js');
    const { hasGpcSignal } = await import('../shared/preferences/gpc.js');
    const { consentDeps } = await import('../functions/wiring/consents.js');
    const { sharedDocumentClient } = await import('../shared/aws/dynamodb.js');
    type ConsentBody = import('../functions/preferences/consent.schema.js').RecordConsentBody;

    // The bare handlers: each handler's use case exactly, minus the chain. Their inputs are what the
    // chain would hand over (lower-case header names; a body known to be valid), so the work is the same.
    const getRequestBare: Handler = async (event) => {
      const now = new Date();
      const record = await getRequest(requestReader(), event.pathParameters?.id ?? '', now);
      return jsonResult(200, requestView(record, now));
    };
    const recordConsentBare: Handler = async (event) => {
      const { subject, ...consent } = JSON.parse(event.body ?? '') as ConsentBody;
      const { event: recorded, current } = await recordConsent({ email: subject.email, ...consent, gpc: hasGpcSignal(event.headers) }, consentDeps());
      const { eventId: _eventId, ...view } = recorded;
      return jsonResult(201, { event: view, current });
    };

    const getEvent = () => gatewayEvent({ method: 'GET', resource: '/v1/requests/{id}', path: `/v1/requests/${id}`, pathParameters: { id } });
    // A new subject per call, so every history the use case reads back holds one event, as for most people.
    const consentEvent = (call: number) =>
      gatewayEvent({
        method: 'POST',
        resource: '/v1/consents',
        path: '/v1/consents',
        body: JSON.stringify({ subject: { email: `bench-${call}-${Date.now()}@example.com` }, purpose: 'analytics', action: 'grant', source: 'web-banner' }),
      });

    const getRoute = { chain: getRequestHandler as Handler, bare: getRequestBare };
    const consentRoute = { chain: recordConsentHandler as Handler, bare: recordConsentBare };
    const timings: RouteTiming[] = [];
    const warmup = Math.max(50, Math.round(calls / 10));
    console.error(`bench: middleware overhead, ${calls} calls per variant against DynamoDB Local`);
    timings.push(await compare({ route: 'GET /v1/requests/{id}', store: 'DynamoDB Local' }, getRoute, getEvent, 200, { calls, warmup }));
    timings.push(await compare({ route: 'POST /v1/consents', store: 'DynamoDB Local' }, consentRoute, consentEvent, 201, { calls, warmup }));

    // What DynamoDB Local answered, replayed at once: the chain's CPU time stands alone.
    const documents = sharedDocumentClient();
    const stored = await documents.send(new GetCommand({ TableName: tables.requests.localName, Key: { id }, ConsistentRead: true }));
    const recorded = JSON.parse((await recordConsentBare(consentEvent(-1), lambdaContext('privacy-ops-bench', 'capture', 29))).body) as { event: object };
    // Recording a consent reads the inventory (which systems act on the purpose): its one page, as stored.
    const inventory = await documents.send(new ScanCommand({ TableName: tables.systems.localName, ConsistentRead: true }));
    const mock = mockClient(documents);
    mock.on(ScanCommand).resolves({ Items: inventory.Items ?? [] });
    mock.on(GetCommand).resolves(stored);
    mock.on(PutCommand).resolves({});
    mock.on(QueryCommand).resolves({ Items: [{ ...recorded.event, eventId: '01JBENCHCONSENT00000000000' }] });
    console.error(`bench: middleware overhead, ${instantCalls} calls per variant with the store mocked`);
    const instantWarmup = Math.round(instantCalls / 10);
    timings.push(
      await compare({ route: 'GET /v1/requests/{id}', store: 'instant (mocked)' }, getRoute, getEvent, 200, { calls: instantCalls, warmup: instantWarmup }),
    );
    timings.push(
      await compare({ route: 'POST /v1/consents', store: 'instant (mocked)' }, consentRoute, consentEvent, 201, { calls: instantCalls, warmup: instantWarmup }),
    );
    mock.restore();

    const result: MiddlewareResult = { timings, node: process.version };
    process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
  } finally {
    await runtime.stop();
  }
}

/** Runs the measuring child and reads its result line. Progress goes to stderr. */
export function measureMiddlewareOverhead(options: MiddlewareOptions = {}): Promise<MiddlewareResult> {
  const calls = options.calls ?? Number(process.env.BENCH_MIDDLEWARE_CALLS ?? 1500);
  const instantCalls = options.instantCalls ?? Number(process.env.BENCH_MIDDLEWARE_INSTANT_CALLS ?? 20_000);
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  return measureInChildProcess<MiddlewareResult>(THIS_FILE, [String(calls), String(instantCalls)], {
    marker: RESULT_MARKER,
    label: 'middleware overhead',
    nodeArgs: profile,
    // As in Lambda: INFO, so the chain's log calls run their level checks but the happy path prints nothing.
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'INFO', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
}

const ms = (value: number) => value.toFixed(3);
const us = (value: number) => `${Math.round(value * 1000)} µs`;

/** The timings as a table, the goal per real route, and the chain's own CPU time per call. */
export function formatMiddlewareOverhead(result: MiddlewareResult): SectionReport {
  const rows = result.timings.map((t) => [
    t.route,
    t.store,
    String(t.calls),
    `${ms(t.bare.p50)} / ${ms(t.bare.p90)} / ${ms(t.bare.p99)}`,
    `${ms(t.chain.p50)} / ${ms(t.chain.p90)} / ${ms(t.chain.p99)}`,
    us(t.chain.p50 - t.bare.p50),
    formatRatio(t.chain.p50 / t.bare.p50, t.store === 'DynamoDB Local' ? GOAL_RATIO : undefined),
  ]);
  const goals: GoalResult[] = result.timings
    .filter((t) => t.store === 'DynamoDB Local')
    .map((t) => {
      const ratio = t.chain.p50 / t.bare.p50;
      return {
        name: `middleware overhead, ${t.route} against DynamoDB Local (median, chain / bare)`,
        goal: `≤ ${GOAL_RATIO.toFixed(2)}×`,
        measured: formatRatio(ratio, GOAL_RATIO),
        met: ratio <= GOAL_RATIO,
      };
    });
  const text = [
    `Middleware overhead: the shared middy chain vs a bare handler doing the same work, in-process, node ${result.node}`,
    formatTable(
      [
        { header: 'route', align: 'left' },
        { header: 'store', align: 'left' },
        { header: 'calls each', align: 'right' },
        { header: 'bare ms p50 / p90 / p99', align: 'right' },
        { header: 'chain ms p50 / p90 / p99', align: 'right' },
        { header: 'chain adds (p50)', align: 'right' },
        { header: 'ratio (p50)', align: 'right' },
      ],
      rows,
    ),
    'The chain: header normaliser, Powertools Logger context, Tracer (off outside Lambda, as here), correlation id, security',
    'headers, body limit, JSON parser and zod validation (POST), problem+json errors. The DynamoDB Local rows are the goal',
    'figures: real routes, real SDK calls. The mocked rows answer every store call at once, which no real handler does;',
    'their "chain adds" column is the chain\'s own CPU time per call.',
    ...goals.map(goalLine),
  ].join('\n');
  return { text, goals };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE) {
  if (process.argv[2] === '--child') {
    await child(Number(process.argv[3]), Number(process.argv[4]));
  } else {
    console.log(formatMiddlewareOverhead(await measureMiddlewareOverhead()).text);
  }
}
