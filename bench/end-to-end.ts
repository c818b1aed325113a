// From filing to export link on the local runtime: an access request for a demo customer is filed by
// POST, confirmed and verified from the local mailbox at once (the subject's own time is zero), and
// timed until the mail with the download link lands in the mailbox. Every demo system with the
// customer's data takes part, through the same workflow definition and handlers as in AWS.
//
// Runs in a child process of its own (it starts a local runtime, whose clients are per process).
// Run alone with `npx tsx bench/end-to-end.ts`; BENCH_E2E_ROUNDS sets the rounds over the customers.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoAccounts, knowledgeAnswers, type DemoAccount } from '../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../local/runtime.js';
import { measureInChildProcess } from './child.js';
import { goalLine, type GoalResult, type SectionReport } from './goals.js';
import { median } from './stats.js';
import { formatTable } from './table.js';

/** The target: the export link is in the subject's mailbox this many seconds after filing. */
export const GOAL_SECONDS = 3;

const RESULT_MARKER = 'bench:end-to-end=';
const THIS_FILE = fileURLToPath(import.meta.url);

/** How often the mailbox is looked at: fine enough not to matter beside a goal in seconds. */
const POLL_MS = 5;
/** A run that takes longer than this has failed, not merely been slow. */
const RUN_TIMEOUT_MS = 60_000;

/** Milliseconds from the filing POST to each step of one run; `clicks` is the subject's own time. */
interface Run {
  round: number;
  /** The filing answered (202). */
  filed: number;
  /** The confirmation link was in the mailbox. */
  linkMailed: number;
  /** The confirm button's page answered. */
  confirmed: number;
  /** The knowledge check's page answered: verified, and the workflow started. */
  verified: number;
  /** The export link was in the mailbox. */
  exportMailed: number;
  /** Time the subject spent reading and clicking: none, the clicks follow the mails at once. */
  clicks: number;
  systems: number;
}

export interface EndToEndResult {
  runs: Run[];
  subjects: number;
  node: string;
}

interface MailboxEmail {
  destination: { to: string[] };
  body: { text?: string };
}

/** Waits for a mail to `address` with a link to `path`; returns the link. */
async function awaitLink(runtime: LocalRuntime, address: string, path: string, deadline: number): Promise<string> {
  const pattern = new RegExp(`(http://localhost:\\d+${path.replace(/\//g, '\\/')}[A-Za-z0-9_-]{43})`);
  for (;;) {
    const { emails } = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as { emails: MailboxEmail[] };
    for (const mail of emails) {
      const link = mail.destination.to.includes(address) ? pattern.exec(mail.body.text ?? '')?.[1] : undefined;
      if (link) return link;
    }
    if (performance.now() > deadline) throw new Error(`No ${path} link was mailed within ${RUN_TIMEOUT_MS / 1000} s`);
    await new Promise((wake) => setTimeout(wake, POLL_MS));
  }
}

function formPost(fields: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

/** One access request for `who`, filed, confirmed and verified as the subject would, until the export link arrives. */
async function runOnce(runtime: LocalRuntime, who: DemoAccount, round: number): Promise<Run> {
  // Only this run's mails are in the mailbox, so a link found is this run's.
  await fetch(new URL('/clear-store', runtime.mailboxUrl), { method: 'POST' });
  const start = performance.now();
  const deadline = start + RUN_TIMEOUT_MS;
  const at = () => performance.now() - start;
  const filing = await fetch(`${runtime.apiUrl}/v1/requests`, {
    method: 'POST',
    headers: { 'x-api-key': runtime.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'access', jurisdiction: who.jurisdiction, subject: { email: who.email } }),
  });
  if (filing.status !== 202) throw new Error(`Filing answered ${filing.status}`);
  const { id } = (await filing.json()) as { id: string };
  const filed = at();
  const link = await awaitLink(runtime, who.email, '/v1/verify/', deadline);
  const linkMailed = at();
  const confirm = await fetch(link, formPost({ confirm: 'yes' }));
  await confirm.arrayBuffer();
  if (confirm.status !== 200) throw new Error(`Confirming answered ${confirm.status}`);
  const confirmed = at();
  const identity = await fetch(`${link}/identity`, formPost(knowledgeAnswers(who)));
  await identity.arrayBuffer();
  if (identity.status !== 200) throw new Error(`The knowledge check answered ${identity.status}`);
  const verified = at();
  await awaitLink(runtime, who.email, '/v1/exports/', deadline);
  const exportMailed = at();
  await runtime.workflows.idle();
  const request = (await (await fetch(`${runtime.apiUrl}/v1/requests/${id}`, { headers: { 'x-api-key': runtime.apiKey } })).json()) as {
    status: string;
    fulfilment?: { outcomes: { outcome: string }[] };
  };
  if (request.status !== 'completed') throw new Error(`The request ended ${request.status}, not completed`);
  const systems = request.fulfilment?.outcomes.filter((o) => o.outcome === 'done').length ?? 0;
  return { round, filed, linkMailed, confirmed, verified, exportMailed, clicks: 0, systems };
}

/** The child: one runtime, then every active demo customer in turn, `rounds` times. */
async function child(rounds: number): Promise<void> {
  const runtime = await startLocalRuntime({ port: 0, memory: true, throttling: false, scheduleEveryMs: 0 });
  try {
    // The knowledge check verifies them: active, with a card on file.
    const subjects = demoAccounts.filter((account) => account.status === 'active' && account.cardLast4 !== '');
    const runs: Run[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const who of subjects) {
        runs.push(await runOnce(runtime, who, round));
        console.error(`bench: end to end, run ${runs.length} of ${rounds * subjects.length}: ${(runs.at(-1)!.exportMailed / 1000).toFixed(2)} s`);
      }
    }
    const result: EndToEndResult = { runs, subjects: subjects.length, node: process.version };
    process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
  } finally {
    await runtime.stop();
  }
}

/** Runs the measuring child and reads its result line. Progress goes to stderr. */
export function measureEndToEnd(options: { rounds?: number } = {}): Promise<EndToEndResult> {
  const rounds = options.rounds ?? Number(process.env.BENCH_E2E_ROUNDS ?? 3);
  return measureInChildProcess<EndToEndResult>(THIS_FILE, [String(rounds)], {
    marker: RESULT_MARKER,
    label: 'end-to-end',
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
}

const s = (ms: number) => (ms / 1000).toFixed(2);

/** Median and max of each step, where the time goes, and the goal on the whole. */
export function formatEndToEnd(result: EndToEndResult): SectionReport {
  const { runs } = result;
  const step = (name: string, of: (run: Run) => number) => {
    const values = runs.map(of);
    return [name, s(median(values)), s(Math.max(...values))];
  };
  const rows = [
    step('filing POST answered (intake, confirmation mail sent)', (r) => r.filed),
    step('  confirmation link in the mailbox', (r) => r.linkMailed - r.filed),
    step('  subject reads and clicks (none: at once)', (r) => r.clicks),
    step('  confirm page answered', (r) => r.confirmed - r.linkMailed),
    step('  knowledge check answered (verified, workflow started)', (r) => r.verified - r.confirmed),
    step('  workflow: plan, every system, bundle, answer mailed', (r) => r.exportMailed - r.verified),
    step('filing to export link in the mailbox', (r) => r.exportMailed),
  ];
  const total = runs.map((r) => r.exportMailed);
  const first = runs[0]!;
  const later = runs.slice(1).map((r) => r.exportMailed);
  const goals: GoalResult[] = [
    {
      name: 'filing to export link, local runtime, median of all runs',
      goal: `≤ ${GOAL_SECONDS} s`,
      measured: `${s(median(total))} s`,
      met: median(total) <= GOAL_SECONDS * 1000,
    },
    {
      name: 'filing to export link, local runtime, slowest run',
      goal: `≤ ${GOAL_SECONDS} s`,
      measured: `${s(Math.max(...total))} s`,
      met: Math.max(...total) <= GOAL_SECONDS * 1000,
    },
  ];
  const text = [
    `End to end on the local runtime: access requests for ${result.subjects} demo customers, ${runs.length} runs, ` +
      `${Math.min(...runs.map((r) => r.systems))}–${Math.max(...runs.map((r) => r.systems))} systems with the customer's data each, node ${result.node}`,
    formatTable(
      [
        { header: 'step (seconds from the filing POST)', align: 'left' },
        { header: 'median s', align: 'right' },
        { header: 'max s', align: 'right' },
      ],
      rows,
    ),
    "The subject's part is zero: each click follows its mail at once, so all the time measured is the system's (the",
    "mailbox is polled every 5 ms). Step medians need not add up to the total's. The first run also loads and compiles",
    `every handler in the runtime's process (a cold start of each): ${s(first.exportMailed)} s; the runs after it: ` +
      (later.length > 0 ? `median ${s(median(later))} s, max ${s(Math.max(...later))} s.` : 'none.'),
    ...goals.map(goalLine),
  ].join('\n');
  return { text, goals };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE) {
  if (process.argv[2] === '--child') {
    await child(Number(process.argv[3]));
  } else {
    console.log(formatEndToEnd(await measureEndToEnd()).text);
  }
}
