// The summary route with 100,000 requests behind it: two years of synthetic requests of every type
// and law (open, answered on time and late, denied, cancelled, expired) are counted with the same
// contribution the request store adds at each write, their aggregates written to DynamoDB Local,
// and GET /v1/reports/summary and GET /v1/reports/requests timed through the local runtime.
//
// Runs in a child process of its own (it starts a local runtime, whose clients are per process).
// Run alone with `npx tsx bench/report-summary.ts`; BENCH_REPORT_REQUESTS sets the number of requests.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalRuntime } from '../local/runtime.js';
import { addDays } from '../shared/domain/deadlines.js';
import { JURISDICTIONS, REQUEST_TYPES, type RequestStatus } from '../shared/domain/request-model.js';
import { type AggregateDelta, aggregateUpdates, type Countable, contribution } from '../shared/reports/aggregates.js';
import { tables } from '../shared/resources.js';
import { DENIAL_CODES } from '../shared/text/vocabulary.js';
import { measureInChildProcess } from './child.js';
import { goalLine, type GoalResult, type SectionReport } from './goals.js';
import { prng } from './prng.js';
import { median } from './stats.js';
import { formatTable } from './table.js';

/** The target: once its function is loaded, the summary answers within this many milliseconds every time, with 100,000 requests counted. */
export const GOAL_MS = 1000;
export const DEFAULT_REQUESTS = 100_000;
const CALLS = 20;

const RESULT_MARKER = 'bench:report-summary=';
const THIS_FILE = fileURLToPath(import.meta.url);

export interface ReportSummaryResult {
  requests: number;
  items: number;
  /** Milliseconds of each summary call, the first (cold) one first. */
  summaryMs: number[];
  /** Milliseconds of each yearly report call, the first one first. */
  reportMs: number[];
  /** Milliseconds of each GET /health: what any call through the local runtime costs on this machine. */
  healthMs: number[];
  node: string;
}

/** Two years of requests up to `today`, spread over types, laws and endings; deterministic. */
export function syntheticRequests(count: number, today: string): Countable[] {
  const random = prng(19);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const requests: Countable[] = [];
  for (let i = 0; i < count; i++) {
    const receivedOn = addDays(today, -Math.floor(random() * 730));
    const dueAt = addDays(receivedOn, 30 + Math.floor(random() * 16));
    const roll = random();
    const status: RequestStatus =
      roll < 0.55
        ? 'completed'
        : roll < 0.65
          ? 'partially-completed'
          : roll < 0.75
            ? 'denied'
            : roll < 0.8
              ? 'cancelled'
              : roll < 0.88
                ? 'expired'
                : 'in-progress';
    const closedOn = addDays(receivedOn, Math.floor(random() * 50));
    // A request that would close after today is still open.
    const open = status === 'in-progress' || closedOn > today;
    requests.push({
      jurisdiction: pick(JURISDICTIONS),
      type: pick(REQUEST_TYPES),
      status: open ? 'in-progress' : status,
      dueAt,
      updatedAt: `${open ? today : closedOn}T12:00:00.000Z`,
      ...(open ? {} : { closedAt: `${closedOn}T12:00:00.000Z` }),
      ...(status === 'denied' && !open ? { denial: { code: pick(DENIAL_CODES), reason: 'bench' } } : {}),
      deadlines: { receivedOn, timeZone: 'UTC' },
    });
  }
  return requests;
}

/** The aggregates of `requests`, summed as the store's writes would have left them. */
export function aggregatesOf(requests: readonly Countable[]): AggregateDelta {
  const total: AggregateDelta = new Map();
  for (const request of requests) {
    for (const [id, counters] of contribution(request)) {
      const into = total.get(id) ?? {};
      for (const [counter, amount] of Object.entries(counters)) into[counter] = (into[counter] ?? 0) + amount;
      total.set(id, into);
    }
  }
  return total;
}

/** Adds `aggregates` to the local runtime's requests table (DynamoDB Local), as the store's writes would have. */
export async function writeAggregates(aggregates: AggregateDelta): Promise<void> {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  // Live writes add a few counters an item at a time; here an item's thousand counters go in slices an update expression holds.
  const slices: AggregateDelta = new Map();
  for (const [id, counters] of aggregates) {
    const entries = Object.entries(counters);
    for (let i = 0; i < entries.length; i += 50) slices.set(`${id}\u0000${i}`, Object.fromEntries(entries.slice(i, i + 50)));
  }
  const updates = aggregateUpdates(tables.requests.localName, slices).map(({ Update }) => ({
    Update: { ...Update, Key: { id: String(Update.Key.id).split('\u0000')[0] } },
  }));
  for (let i = 0; i < updates.length; i += 25) {
    await Promise.all(updates.slice(i, i + 25).map(({ Update }) => documents.send(new UpdateCommand(Update))));
  }
}

async function timed(url: string, apiKey: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { 'x-api-key': apiKey } });
  await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

async function child(count: number): Promise<void> {
  const runtime = await startLocalRuntime({ port: 0, memory: true, throttling: false, scheduleEveryMs: 0 });
  try {
    const now = new Date();
    const aggregates = aggregatesOf(syntheticRequests(count, now.toISOString().slice(0, 10)));
    await writeAggregates(aggregates);
    const healthMs: number[] = [];
    for (let i = 0; i < CALLS; i++) healthMs.push(await timed(`${runtime.apiUrl}/health`, runtime.apiKey));
    const summaryMs: number[] = [];
    const reportMs: number[] = [];
    for (let i = 0; i < CALLS; i++) summaryMs.push(await timed(`${runtime.apiUrl}/v1/reports/summary`, runtime.apiKey));
    for (let i = 0; i < CALLS; i++) reportMs.push(await timed(`${runtime.apiUrl}/v1/reports/requests?year=${now.getUTCFullYear()}`, runtime.apiKey));
    const result: ReportSummaryResult = { requests: count, items: aggregates.size, summaryMs, reportMs, healthMs, node: process.version };
    process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
  } finally {
    await runtime.stop();
  }
}

export function measureReportSummary(options: { requests?: number } = {}): Promise<ReportSummaryResult> {
  const requests = options.requests ?? Number(process.env.BENCH_REPORT_REQUESTS ?? DEFAULT_REQUESTS);
  return measureInChildProcess<ReportSummaryResult>(THIS_FILE, [String(requests)], { marker: RESULT_MARKER, label: 'report summary' });
}

export function formatReportSummary(result: ReportSummaryResult): SectionReport {
  const warm = (ms: number[]) => ms.slice(1);
  const row = (name: string, ms: number[]) => [name, ms[0]!.toFixed(0), median(warm(ms)).toFixed(1), Math.max(...warm(ms)).toFixed(1)];
  // The first call loads the handler's module (a cold start, which the cold-start section measures); the goal is the route's own time.
  const slowest = Math.max(...warm(result.summaryMs));
  const goals: GoalResult[] = [
    {
      name: `summary route, ${result.requests.toLocaleString('en-US')} requests in the aggregates (slowest of ${result.summaryMs.length - 1} calls after the first)`,
      goal: `< ${GOAL_MS} ms`,
      measured: `${slowest.toFixed(0)} ms`,
      met: slowest < GOAL_MS,
    },
  ];
  const text = [
    `Report aggregates of ${result.requests.toLocaleString('en-US')} synthetic requests over two years: ${result.items} items in the requests table (Node ${result.node}).`,
    '',
    formatTable(
      [
        { header: 'route', align: 'left' },
        { header: 'first call ms', align: 'right' },
        { header: 'median ms', align: 'right' },
        { header: 'slowest ms', align: 'right' },
      ],
      [
        row('GET /v1/reports/summary', result.summaryMs),
        row('GET /v1/reports/requests?year=', result.reportMs),
        row('GET /health (the floor of any call)', result.healthMs),
      ],
    ),
    '',
    ...goals.map(goalLine),
  ].join('\n');
  return { text, goals };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE) {
  if (process.argv[2] === '--child') {
    await child(Number(process.argv[3]));
  } else {
    console.log(formatReportSummary(await measureReportSummary()).text);
  }
}
