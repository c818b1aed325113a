// A policy-notice campaign at scale against the local emulators: a scratch account directory of
// BENCH_CAMPAIGN_RECIPIENTS accounts (default 100,000) is seeded into DynamoDB Local, and the
// campaign's pages run in a child process exactly as the workflow would run them (waiting what each
// page says) against aws-ses-v2-local's SendBulkEmail. The child samples its own RSS, so neither
// the emulators (in the parent, and DynamoDB Local's JVM) nor the seeding count. Pages stop after
// BENCH_CAMPAIGN_SECONDS (default 120); what did not fit is extrapolated from the sustained rate.
// Run alone with `npx tsx bench/campaign.ts`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { startLocalRuntime } from '../local/runtime.js';
import { mapConcurrent } from '../shared/concurrency.js';
import { createTables } from '../local/provision.js';
import { SesBulkMailer } from '../shared/mail/bulk-mailer.js';
import { DEMO_CONTROLLER } from '../local/demo-controller.js';
import { DynamoAudience } from '../shared/notifications/audience.js';
import { completeCampaign, sendCampaignPage, type Pace } from '../shared/notifications/campaign.js';
import { MAX_PAGE_SIZE } from '../shared/notifications/model.js';
import { publishPolicy } from '../shared/notifications/policies.js';
import { PolicyStore } from '../shared/notifications/policy-store.js';
import { DynamoRecipientMarkers } from '../shared/notifications/recipient-markers.js';
import { SuppressionList } from '../shared/preferences/suppression-list.js';
import { tables, type TableSpec } from '../shared/resources.js';
import { subjectHashKey } from '../shared/secrets.js';
import { subjectHash } from '../shared/subject.js';
import { measureInChildProcess } from './child.js';
import { prng } from './prng.js';
import { goalLine, mark, type GoalResult, type SectionReport } from './goals.js';
import { formatTable } from './table.js';

/** Goals: recipients per SES call, and the sustained rate as a share of the configured one. */
export const GOAL_RECIPIENTS_PER_CALL = 40;
export const GOAL_RATE_SHARE = 0.9;

const RESULT_MARKER = 'bench:campaign=';
const THIS_FILE = fileURLToPath(import.meta.url);
const SAMPLE_MS = 50;
const MB = 1_000_000;
const VERSION = 'bench-2026';
const SCRATCH_TABLE: TableSpec = {
  description: 'A scratch account directory for the campaign benchmark',
  envVar: 'BENCH_CAMPAIGN_ACCOUNTS',
  localName: 'bench-campaign-accounts',
  partitionKey: { name: 'accountId', type: 'S' },
};

export interface CampaignBenchOptions {
  /** Accounts in the scratch directory. */
  recipients?: number;
  /** The configured send rate, notices per second. */
  sendsPerSecond?: number;
  /** Stop sending pages after this long and extrapolate. */
  seconds?: number;
  /** Share of accounts that are deactivated, and of active ones whose address bounced. */
  deactivatedShare?: number;
  bouncedShare?: number;
}

/** What the child measured while it ran the pages. */
interface ChildMeasurement {
  pages: number;
  completed: boolean;
  /** Active accounts reached: sent + suppressed + failed + skipped. */
  reached: number;
  sent: number;
  suppressed: number;
  failed: number;
  calls: number;
  /** Messages the local mailbox received: should equal `sent`. */
  delivered: number;
  /** From the first page's start to the end of the last page's pacing slot. */
  seconds: number;
  /** Time spent inside the steps (not waiting). */
  busySeconds: number;
  waitedSeconds: number;
  baselineRss: number;
  peakRss: number;
  peakHeapUsed: number;
}

export interface CampaignBenchResult extends ChildMeasurement {
  accounts: number;
  activeAccounts: number;
  sendsPerSecond: number;
  seedSeconds: number;
  timeLimitSeconds: number;
}

async function writeAll(documents: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[], concurrency = 16): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await mapConcurrent(batches, concurrency, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const { UnprocessedItems } = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  });
}

function runChild(args: string[]): Promise<ChildMeasurement> {
  return measureInChildProcess<ChildMeasurement>(THIS_FILE, args, {
    marker: RESULT_MARKER,
    label: 'campaign',
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN' },
  });
}

/**
 * Seeds a fresh in-memory local runtime with a scratch directory, publishes a material version,
 * runs its campaign's pages in a child process and returns what it measured. Progress goes to stderr.
 */
export async function measureCampaign(options: CampaignBenchOptions = {}): Promise<CampaignBenchResult> {
  const accounts = options.recipients ?? Number(process.env.BENCH_CAMPAIGN_RECIPIENTS ?? 100_000);
  const sendsPerSecond = options.sendsPerSecond ?? Number(process.env.BENCH_CAMPAIGN_RATE ?? 300);
  const timeLimitSeconds = options.seconds ?? Number(process.env.BENCH_CAMPAIGN_SECONDS ?? 120);
  const deactivatedShare = options.deactivatedShare ?? 0.05;
  const bouncedShare = options.bouncedShare ?? 0.005;
  const runtime = await startLocalRuntime({ port: 0, memory: true });
  const dynamo = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamo);
  try {
    await createTables(dynamo, [SCRATCH_TABLE]);
    const random = prng(42);
    const key = await subjectHashKey();
    const directory: Record<string, unknown>[] = [];
    const bounced: Record<string, unknown>[] = [];
    for (let i = 0; i < accounts; i++) {
      const email = `customer${i}@example.com`;
      const active = random() >= deactivatedShare;
      directory.push({
        accountId: `acc-${i.toString(36).padStart(6, '0')}`,
        email,
        locale: random() < 0.55 ? 'de' : 'en',
        status: active ? 'active' : 'deactivated',
      });
      if (active && random() < bouncedShare) bounced.push({ subjectHash: subjectHash(key, email), reason: 'bounce', at: new Date().toISOString() });
    }
    const activeAccounts = directory.filter((a) => a.status === 'active').length;
    console.error(`bench: seeding ${accounts} accounts (${activeAccounts} active, ${bounced.length} bounced)`);
    const seedStart = performance.now();
    await writeAll(documents, SCRATCH_TABLE.localName, directory);
    await writeAll(documents, tables.suppressions.localName, bounced);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    await publishPolicy(
      {
        version: VERSION,
        url: 'https://example.com/privacy/bench-2026',
        effectiveAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        material: true,
        summary: {
          de: 'Wir nennen neue Empfänger Ihrer Daten und kürzere Speicherfristen.',
          en: 'We name new recipients of your data and shorter retention periods.',
        },
      },
      { store: new PolicyStore(tables.policies.localName, documents), campaigns: { start: async () => ({ executionId: 'bench' }) }, now: () => new Date() },
    );
    console.error(`bench: running the campaign at ${sendsPerSecond}/s for at most ${timeLimitSeconds} s`);
    const measured = await runChild([String(sendsPerSecond), String(timeLimitSeconds), runtime.mailboxUrl]);
    return { ...measured, accounts, activeAccounts, sendsPerSecond, seedSeconds, timeLimitSeconds };
  } finally {
    documents.destroy();
    dynamo.destroy();
    await runtime.stop();
  }
}

/** The child: runs pages as the workflow would, waiting what each says, until done or out of time. */
async function child(sendsPerSecond: number, timeLimitSeconds: number, mailboxUrl: string): Promise<void> {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const ses = new SESv2Client({});
  const store = new PolicyStore(tables.policies.localName, documents);
  const deps = {
    policies: store,
    audience: new DynamoAudience(SCRATCH_TABLE.localName, documents),
    suppressions: new SuppressionList(tables.suppressions.localName, subjectHashKey, documents),
    markers: new DynamoRecipientMarkers(tables.campaignRecipients.localName, () => new Date(), documents),
    mailer: new SesBulkMailer({ from: 'privacy@example.com', client: ses }),
    hashKey: subjectHashKey,
    controller: DEMO_CONTROLLER,
    settings: { sendsPerSecond, pageSize: MAX_PAGE_SIZE },
    now: () => new Date(),
  };
  /** Counts what the mailbox received since last asked, and empties it (it keeps every mail in memory). */
  const drainMailbox = async (): Promise<number> => {
    const { emails } = (await (await fetch(new URL('/store', mailboxUrl))).json()) as { emails: unknown[] };
    await fetch(new URL('/clear-store', mailboxUrl), { method: 'POST' });
    return emails.length;
  };

  let peakRss = 0;
  let peakHeapUsed = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
  };
  const baselineRss = process.memoryUsage().rss;
  const sampler = setInterval(sample, SAMPLE_MS);

  const totals = { pages: 0, reached: 0, sent: 0, suppressed: 0, failed: 0, calls: 0, delivered: 0 };
  let busyMs = 0;
  let waitedMs = 0;
  let cursor: string | undefined;
  let pace: Pace | undefined;
  const started = performance.now();
  const deadline = started + timeLimitSeconds * 1000;
  do {
    const stepStart = performance.now();
    const page = await sendCampaignPage({ version: VERSION, cursor: cursor ?? null, pace: pace ?? null }, deps);
    busyMs += performance.now() - stepStart;
    totals.pages++;
    totals.reached += page.sent + page.suppressed + page.failed + page.skipped;
    totals.sent += page.sent;
    totals.suppressed += page.suppressed;
    totals.failed += page.failed;
    totals.calls += page.calls;
    totals.delivered += await drainMailbox();
    ({ nextCursor: cursor, pace } = page);
    if (cursor && page.waitSeconds > 0) {
      // The workflow's Wait state.
      await new Promise((r) => setTimeout(r, page.waitSeconds * 1000));
      waitedMs += page.waitSeconds * 1000;
    }
    if (totals.pages % 20 === 0) console.error(`bench: ${totals.pages} pages, ${totals.sent} sent, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } while (cursor && performance.now() < deadline);
  const endedAt = performance.now();
  const completed = cursor === undefined;
  if (completed) await completeCampaign(VERSION, { policies: store, now: () => new Date() });
  clearInterval(sampler);
  sample();

  // The rate is judged over the slot the schedule gives the notices handed over, not just until the
  // last call returned: otherwise the last page, which needs no wait after it, would flatter it.
  const handedSeconds = pace ? (Date.parse(pace.since) + (pace.handed / sendsPerSecond) * 1000 - (Date.now() - (endedAt - started))) / 1000 : 0;
  const seconds = Math.max((endedAt - started) / 1000, handedSeconds);
  documents.destroy();
  ses.destroy();
  const measurement: ChildMeasurement = {
    ...totals,
    completed,
    seconds,
    busySeconds: busyMs / 1000,
    waitedSeconds: waitedMs / 1000,
    baselineRss,
    peakRss,
    peakHeapUsed,
  };
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(measurement)}\n`);
}

/** The measurement as a table, with the goals and, when the run stopped early, an honest extrapolation. */
export function formatCampaign(result: CampaignBenchResult): SectionReport {
  const handed = result.sent + result.failed;
  const perCall = result.calls > 0 ? handed / result.calls : 0;
  const rate = result.seconds > 0 ? handed / result.seconds : 0;
  const share = rate / result.sendsPerSecond;
  const capacity = result.busySeconds > 0 ? handed / result.busySeconds : 0;
  const rows = [
    ['accounts in the directory (active)', `${result.accounts} (${result.activeAccounts})`],
    ['reached / sent / suppressed / failed', `${result.reached} / ${result.sent} / ${result.suppressed} / ${result.failed}`],
    ['mailbox received (should equal sent)', String(result.delivered)],
    ['pages / SES calls', `${result.pages} / ${result.calls}`],
    [`recipients per SES call (goal ≥ ${GOAL_RECIPIENTS_PER_CALL})`, `${perCall.toFixed(1)} ${mark(perCall >= GOAL_RECIPIENTS_PER_CALL)}`],
    ['configured rate', `${result.sendsPerSecond}/s`],
    [
      `sustained rate (goal ≥ ${GOAL_RATE_SHARE * 100}% of configured)`,
      `${rate.toFixed(1)}/s = ${(share * 100).toFixed(1)}% ${mark(share >= GOAL_RATE_SHARE)}`,
    ],
    ['time sending / waiting / total', `${result.busySeconds.toFixed(1)} s / ${result.waitedSeconds.toFixed(1)} s / ${result.seconds.toFixed(1)} s`],
    ['capacity while sending (no waits)', `${capacity.toFixed(0)}/s`],
    ['peak RSS of the campaign process (baseline)', `${(result.peakRss / MB).toFixed(0)} MB (${(result.baselineRss / MB).toFixed(0)} MB)`],
    ['peak V8 heap used', `${(result.peakHeapUsed / MB).toFixed(0)} MB`],
    ['seeding the directory (not counted)', `${result.seedSeconds.toFixed(1)} s`],
  ];
  const lines = [
    `Policy campaign: ${result.accounts} accounts, SendBulkEmail against aws-ses-v2-local, DynamoDB Local, node ${process.version}`,
    formatTable(
      [
        { header: 'measure', align: 'left' },
        { header: 'value', align: 'right' },
      ],
      rows,
    ),
  ];
  if (!result.completed) {
    const remaining = result.activeAccounts - result.reached;
    const effective = Math.min(rate, capacity);
    lines.push(
      `Stopped after ${result.timeLimitSeconds} s with ${remaining} active accounts left. Extrapolated (at the sustained ${rate.toFixed(0)}/s, ` +
        `and no faster than the ${capacity.toFixed(0)}/s measured while sending): all ${result.activeAccounts} in about ` +
        `${((result.activeAccounts * (1 - result.suppressed / Math.max(1, result.reached))) / Math.max(1, effective) / 60).toFixed(1)} min.`,
    );
  }
  const goals: GoalResult[] = [
    {
      name: 'campaign, recipients per SES call',
      goal: `≥ ${GOAL_RECIPIENTS_PER_CALL}`,
      measured: perCall.toFixed(1),
      met: perCall >= GOAL_RECIPIENTS_PER_CALL,
    },
    {
      name: `campaign, sustained share of the configured ${result.sendsPerSecond}/s`,
      goal: `≥ ${GOAL_RATE_SHARE * 100}%`,
      measured: `${(share * 100).toFixed(1)}%`,
      met: share >= GOAL_RATE_SHARE,
    },
  ];
  lines.push(...goals.map(goalLine));
  return { text: lines.join('\n'), goals };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE) {
  if (process.argv[2] === '--child') {
    await child(Number(process.argv[3]), Number(process.argv[4]), process.argv[5] ?? '');
  } else {
    console.log(formatCampaign(await measureCampaign()).text);
  }
}
