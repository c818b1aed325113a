// `npm run bench -- campaign-scale`: the policy-notice campaign at 100,000, 1 million and 10 million
// accounts, simulated on a virtual clock against the real campaign code (bench/sim/), at several SES
// quotas, with the finish time against the floor the quota allows, the calls and transitions it
// makes, what it costs per recipient, and whether it mails everyone once through child kills and a
// 24-hour quota below the audience. Then the check that the simulation agrees with the measured
// emulator run (bench/RESULTS.md, section campaign). The model and its limits: docs/scale.md.
// Run alone with `npx tsx bench/campaign-scale.ts`.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_CONTROLLER } from '../local/demo-controller.js';
import { policyNoticeContent } from '../shared/notifications/campaign.js';
import { MAX_PAGE_SIZE, MAX_SEGMENTS } from '../shared/notifications/model.js';
import { type GoalResult, goalLine, mark, type SectionReport } from './goals.js';
import { AWS_PROFILE, EMULATOR_PROFILE, HISTORY_EVENT_LIMIT, type Scenario, type SimResult, simulateCampaign } from './sim/campaign-sim.js';
import { formatTable } from './table.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const RESULTS_FILE = join(dirname(THIS_FILE), 'RESULTS.md');

/** The goals of issue 21: within 5% of the floor; nobody twice, nobody missed; agreement within 10%. */
export const GOAL_FLOOR_SHARE = 1.05;
export const GOAL_AGREEMENT = 0.1;

/**
 * Public prices, us-east-1, as published on the AWS pricing pages (see docs/scale.md for the date
 * they were read): dollars per unit.
 */
export const PRICES = {
  sesPerEmail: 0.1 / 1000,
  sesPerGb: 0.12,
  stepFunctionsPerTransition: 0.025 / 1000,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaPerGbSecondArm: 0.0000133334,
  dynamoPerWriteUnit: 0.625 / 1_000_000,
  dynamoPerReadUnit: 0.125 / 1_000_000,
};

/**
 * How many parts a campaign of `accounts` at `rate` runs in (CAMPAIGN_SEGMENTS), as docs/scale.md
 * advises: enough that no child's history nears its limit, and that no part needs more than about
 * 200 notices a second (a page of 500 takes over a second of work).
 */
export function advisedSegments(accounts: number, rate: number): number {
  const bySize = accounts >= 5_000_000 ? MAX_SEGMENTS : accounts >= 500_000 ? 16 : 4;
  return Math.min(MAX_SEGMENTS, Math.max(bySize, Math.ceil(rate / 200)));
}

/** Pages a part may take: a child execution's history holds about 2,200 of them (docs/scale.md). */
export const PAGES_PER_PART = 2200;

/**
 * The page size (CAMPAIGN_PAGE_SIZE) docs/scale.md advises: about a minute of a part's share of the
 * rate, 50 to 500, but never so small that a part of `accounts` ÷ `segments` takes more than
 * PAGES_PER_PART pages.
 */
export function advisedPageSize(rate: number, segments: number, accounts = 0): number {
  const minute = Math.max(50, Math.min(MAX_PAGE_SIZE, Math.round((60 * rate) / segments)));
  return Math.min(MAX_PAGE_SIZE, Math.max(minute, Math.ceil(accounts / segments / PAGES_PER_PART)));
}

/** One row of the table: the audience, SES's rate and 24-hour quota, and whether children are killed. */
function scenario(accounts: number, rate: number, options: { quota?: number; kills?: boolean } = {}): Scenario {
  const segments = advisedSegments(accounts, rate);
  // Every recipient of a 100,000-account campaign goes through the real code; above, one part does
  // and the others are mirrored as load on the shared limits (docs/scale.md).
  const sampledParts = accounts <= 100_000 ? segments : 1;
  return {
    label: `${accounts}/${rate}${options.quota ? '/cap' : ''}`,
    accounts,
    sendsPerSecond: rate,
    dailyQuota: options.quota ?? Number.POSITIVE_INFINITY,
    segments,
    sampledParts,
    pageSize: advisedPageSize(rate, segments, accounts),
    killRate: options.kills ? 0.02 : 0,
    redriveSeconds: 300,
    profile: AWS_PROFILE,
    seed: 21,
    sesBurstSeconds: 10,
    splitAfterSeconds: 300,
  };
}

export const SIZES = [100_000, 1_000_000, 10_000_000];
export const RATES = [14, 100, 1000, 5000];

/** Every row: each size at each rate, then a 24-hour quota of 40% of the audience at 1,000/s with children killed at random. */
export function scenarios(sizes = SIZES, rates = RATES): Scenario[] {
  return sizes.flatMap((accounts) => [
    ...rates.map((rate) => scenario(accounts, rate)),
    scenario(accounts, 1000, { quota: Math.round(accounts * 0.4), kills: true }),
  ]);
}

/** Bytes of one notice as SES bills them: the rendered text and HTML of the longer language, plus headers. */
function noticeBytes(): number {
  const policy = {
    version: 'sim-2026',
    url: 'https://example.com/privacy/sim-2026',
    effectiveAt: '2026-06-01T00:00:00.000Z',
    material: true,
    summary: { de: 'Wir nennen neue Empfänger Ihrer Daten.', en: 'We name new recipients of your data.' },
    publishedAt: '2026-05-04T08:00:00.000Z',
  };
  const sizes = (['de', 'en'] as const).map((locale) => {
    const content = policyNoticeContent(policy, locale, DEMO_CONTROLLER);
    return Buffer.byteLength(content.subject + content.text + content.html, 'utf8') + 1500;
  });
  return Math.max(...sizes);
}

/** Dollars per recipient of the whole campaign. */
export function costPerRecipient(result: SimResult, bytes = noticeBytes()): { total: number; parts: Record<string, number> } {
  const parts = {
    ses: result.sent * PRICES.sesPerEmail + ((result.sent * bytes) / 1e9) * PRICES.sesPerGb,
    stepFunctions: result.stateTransitions * PRICES.stepFunctionsPerTransition,
    lambda: result.invocations * PRICES.lambdaPerRequest + result.lambdaGbSeconds * PRICES.lambdaPerGbSecondArm,
    dynamodb: result.writeUnits * PRICES.dynamoPerWriteUnit + result.readUnits * PRICES.dynamoPerReadUnit,
  };
  const recipients = Math.max(1, result.sent);
  const total = Object.values(parts).reduce((a, b) => a + b, 0) / recipients;
  return { total, parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v / recipients])) };
}

const duration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 120) return `${seconds.toFixed(0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(2)} d`;
};
const count = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : String(Math.round(n)));

/** Whether a row met each goal it is held to. */
export function rowGoals(result: SimResult): { floor: boolean; once: boolean; pause: boolean | undefined; limits: boolean } {
  const s = result.scenario;
  return {
    floor: result.completed && result.finishSeconds <= result.floorSeconds * GOAL_FLOOR_SHARE,
    once: result.completed && result.duplicates === 0 && result.missed === 0,
    pause: Number.isFinite(s.dailyQuota)
      ? result.completed && result.pauses > 0 && result.pausesReported === result.pauses && result.resumedByItself > 0
      : undefined,
    limits: result.maxHistoryEvents <= HISTORY_EVENT_LIMIT && result.maxPageSeconds <= result.timeoutSeconds,
  };
}

/** The measured emulator run, as bench/RESULTS.md holds it. */
export interface MeasuredRun {
  accounts: number;
  rate: number;
  reached: number;
  sent: number;
  suppressed: number;
  pages: number;
  calls: number;
  seconds: number;
  completed: boolean;
}

export function measuredRun(text = readFileSync(RESULTS_FILE, 'utf8')): MeasuredRun {
  const section = text.slice(text.indexOf('## campaign'));
  const cell = (label: string) => {
    const line = section.split('\n').find((l) => l.startsWith(label));
    if (!line) throw new Error(`bench/RESULTS.md has no campaign line "${label}"`);
    return line.slice(line.indexOf('|') + 1).trim();
  };
  const [accounts] = cell('accounts in the directory').split(' ');
  const [reached, sent, suppressed] = cell('reached / sent').split(' / ').map(Number);
  const [pages, calls] = cell('pages / SES calls').split(' / ').map(Number);
  const total = cell('time sending / waiting / total').split(' / ')[2]!;
  return {
    accounts: Number(accounts),
    rate: Number.parseFloat(cell('configured rate')),
    reached: reached!,
    sent: sent!,
    suppressed: suppressed!,
    pages: pages!,
    calls: calls!,
    seconds: Number.parseFloat(total),
    completed: !section.includes('Stopped after'),
  };
}

/** The emulator run again, simulated: one part, the same page size and rate, stopped when it stopped. */
export function emulatorScenario(accounts: number, rate: number, stopAfterSeconds?: number, profile = EMULATOR_PROFILE): Scenario {
  return {
    label: `emulator ${accounts}/${rate}`,
    accounts,
    sendsPerSecond: rate,
    dailyQuota: Number.POSITIVE_INFINITY,
    segments: 1,
    sampledParts: 1,
    pageSize: MAX_PAGE_SIZE,
    killRate: 0,
    redriveSeconds: 0,
    profile,
    seed: 42,
    sesBurstSeconds: Number.POSITIVE_INFINITY,
    splitAfterSeconds: Number.POSITIVE_INFINITY,
    ...(stopAfterSeconds !== undefined ? { stopAfterSeconds } : {}),
  };
}

/** How far apart two figures are, as a share of the measured one. */
export const gap = (simulated: number, measured: number): number => Math.abs(simulated - measured) / Math.max(1, Math.abs(measured));

export async function measureCampaignScale(list = scenarios()): Promise<{ results: SimResult[]; agreement: { measured: MeasuredRun; simulated: SimResult } }> {
  const results: SimResult[] = [];
  for (const s of list) {
    console.error(`bench: campaign-scale ${s.label} (${s.segments} parts, ${s.sampledParts} in full, pages of ${s.pageSize})`);
    const result = await simulateCampaign(s);
    results.push(result);
    const g = rowGoals(result);
    console.error(
      `bench:   finish ${duration(result.finishSeconds)} against a floor of ${duration(result.floorSeconds)} (${mark(g.floor)}), ` +
        `${result.duplicates} twice, ${result.missed} missed, ${result.pauses} pauses, ${result.wallSeconds.toFixed(0)} s`,
    );
  }
  const measured = measuredRun();
  console.error(`bench: campaign-scale, the emulator run of ${measured.accounts} accounts at ${measured.rate}/s again`);
  const simulated = await simulateCampaign(emulatorScenario(measured.accounts, measured.rate, measured.completed ? undefined : measured.seconds));
  return { results, agreement: { measured, simulated } };
}

export function formatCampaignScale({ results, agreement }: Awaited<ReturnType<typeof measureCampaignScale>>): SectionReport {
  const bytes = noticeBytes();
  const rows = results.map((r) => {
    const s = r.scenario;
    const g = rowGoals(r);
    const cost = costPerRecipient(r, bytes);
    return [
      count(s.accounts),
      `${s.sendsPerSecond}/s`,
      Number.isFinite(s.dailyQuota) ? count(s.dailyQuota) : '—',
      `${s.segments} (${s.sampledParts})`,
      String(s.pageSize),
      duration(r.finishSeconds),
      duration(r.floorSeconds),
      `${((r.finishSeconds / r.floorSeconds - 1) * 100).toFixed(1)}% ${mark(g.floor)}`,
      count(r.pages),
      count(r.sesCalls),
      count(r.stateTransitions),
      `${count(r.invocations)} (${count(r.coldStarts)})`,
      `${count(r.readUnits)} / ${count(r.writeUnits)}`,
      `${Math.round(r.maxHistoryEvents)} ${mark(r.maxHistoryEvents <= HISTORY_EVENT_LIMIT)}`,
      `${count(r.kills)}`,
      `${r.duplicates} / ${Number.isNaN(r.missed) ? '?' : r.missed} ${mark(g.once)}`,
      g.pause === undefined ? '—' : `${r.pauses} (${r.pausesReported} said, ${r.resumedByItself} resumed) ${mark(g.pause)}`,
      `$${cost.total.toFixed(6)}`,
    ];
  });
  const table = formatTable(
    [
      { header: 'accounts', align: 'right' },
      { header: 'SES rate', align: 'right' },
      { header: '24-h quota', align: 'right' },
      { header: 'parts (run)', align: 'right' },
      { header: 'page', align: 'right' },
      { header: 'finish', align: 'right' },
      { header: 'floor', align: 'right' },
      { header: 'over floor (≤ 5%)', align: 'right' },
      { header: 'pages', align: 'right' },
      { header: 'SES calls', align: 'right' },
      { header: 'transitions', align: 'right' },
      { header: 'invocations (cold)', align: 'right' },
      { header: 'DDB RRU / WRU', align: 'right' },
      { header: 'history events', align: 'right' },
      { header: 'kills', align: 'right' },
      { header: 'twice / missed', align: 'right' },
      { header: 'pauses', align: 'right' },
      { header: '$/recipient', align: 'right' },
    ],
    rows,
  );
  const hot = results.flatMap((r) => r.hotPartitions.map((p) => `${r.scenario.label}: ${p.id} ${p.throttles} throttles, ${p.splits} splits`));
  const failures = results.flatMap((r) => r.failures.slice(0, 3).map((f) => `${r.scenario.label}: ${f}`));

  const { measured, simulated } = agreement;
  const compare = [
    ['recipients reached', measured.reached, simulated.reached],
    ['pages', measured.pages, simulated.pages],
    ['SES calls', measured.calls, simulated.sesCalls],
    ['seconds, to the end of the last slot the pace gave', measured.seconds, simulated.slotSeconds],
  ] as const;
  const agreementRows = compare.map(([what, m, s]) => [
    what,
    String(m),
    s.toFixed(what.startsWith('seconds') ? 1 : 0),
    `${(gap(s, m) * 100).toFixed(1)}% ${mark(gap(s, m) <= GOAL_AGREEMENT)}`,
  ]);
  const agrees = compare.every(([, m, s]) => gap(s, m) <= GOAL_AGREEMENT);

  const goals: GoalResult[] = [];
  const by = (pick: (r: SimResult) => boolean | undefined) => results.filter((r) => pick(r) !== undefined);
  const floorRows = by((r) => rowGoals(r).floor);
  goals.push({
    name: 'campaign-scale, finish within the floor + 5% (every row)',
    goal: `≤ ${GOAL_FLOOR_SHARE}× floor`,
    measured: `${floorRows.filter((r) => rowGoals(r).floor).length} of ${floorRows.length} rows`,
    met: floorRows.every((r) => rowGoals(r).floor),
  });
  goals.push({
    name: 'campaign-scale, nobody mailed twice, nobody missed (children killed at random in the quota rows)',
    goal: '0 / 0 in every row',
    measured: `${results.filter((r) => rowGoals(r).once).length} of ${results.length} rows`,
    met: results.every((r) => rowGoals(r).once),
  });
  const pauseRows = results.filter((r) => rowGoals(r).pause !== undefined);
  goals.push({
    name: 'campaign-scale, a 24-hour quota below the audience pauses, says so and resumes by itself',
    goal: 'every quota row',
    measured: `${pauseRows.filter((r) => rowGoals(r).pause).length} of ${pauseRows.length} rows`,
    met: pauseRows.every((r) => rowGoals(r).pause),
  });
  goals.push({
    name: `campaign-scale, within Step Functions' ${HISTORY_EVENT_LIMIT} history events a child and Lambda's timeout a page`,
    goal: 'every row',
    measured: `${results.filter((r) => rowGoals(r).limits).length} of ${results.length} rows`,
    met: results.every((r) => rowGoals(r).limits),
  });
  goals.push({
    name: `campaign-scale, the simulation against the measured emulator run (${measured.accounts} accounts, ${measured.rate}/s)`,
    goal: `within ${GOAL_AGREEMENT * 100}% on every figure`,
    measured: compare.map(([what, m, s]) => `${what} ${(gap(s, m) * 100).toFixed(1)}%`).join(', '),
    met: agrees,
  });

  const wall = results.reduce((n, r) => n + r.wallSeconds, 0) + simulated.wallSeconds;
  const lines = [
    `Policy campaign at scale: the real campaign code on a virtual clock against simulated SES, DynamoDB, Lambda and Step Functions (${AWS_PROFILE.name}), node ${process.version}`,
    table,
    'parts (run): CAMPAIGN_SEGMENTS, and how many ran every recipient through the real code (the others mirrored as load on the shared limits).',
    'floor: the recipients to mail ÷ the rate, plus a day for every further 24-hour quota. Kills: child executions stopped at random (2% of page steps) and redriven 300 s later, in the quota rows.',
    `Cost per recipient: SES, Step Functions Standard, Lambda (arm64, ${results[0] ? 'the function' : ''}'s memory) and DynamoDB on-demand at the prices in docs/scale.md; a notice of ${(bytes / 1024).toFixed(1)} KiB.`,
    ...(hot.length > 0 ? [`Throttled DynamoDB partitions: ${hot.join('; ')}`] : []),
    ...(failures.length > 0 ? [`Failures: ${failures.join('; ')}`] : []),
    '',
    `Agreement with the measured emulator run (bench/RESULTS.md, campaign: ${measured.accounts} accounts, ${measured.rate}/s, ${measured.completed ? 'to the end' : `stopped after ${measured.seconds} s`}), simulated with the emulators' latencies:`,
    formatTable(
      [
        { header: 'figure', align: 'left' },
        { header: 'measured', align: 'right' },
        { header: 'simulated', align: 'right' },
        { header: 'gap (≤ 10%)', align: 'right' },
      ],
      agreementRows,
    ),
    `Simulated ${results.length + 1} campaigns in ${wall.toFixed(0)} s.`,
    ...goals.map(goalLine),
  ];
  return { text: lines.join('\n'), goals };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE) {
  console.log(formatCampaignScale(await measureCampaignScale()).text);
}
