// `npm run bench`: every benchmark, each figure beside its goal with a PASS or MISS mark, and a summary
// of all goals at the end. `npm run bench -- middleware end-to-end` (or BENCH_SECTIONS=middleware,end-to-end)
// runs only the sections named; the campaign alone takes over five minutes. `--write` regenerates
// bench/RESULTS.md from a full run; `--write=<file>` writes any run's figures to that file instead.
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCampaign, measureCampaign } from './campaign.js';
import { formatCampaignScale, measureCampaignScale } from './campaign-scale.js';
import { DEFAULT_RUNS, formatColdStart, measureColdStart } from './cold-start.js';
import { formatEndToEnd, measureEndToEnd } from './end-to-end.js';
import { formatExportMemory, measureExportMemory } from './export-memory.js';
import { goalLine, type SectionReport } from './goals.js';
import { formatMailIntake, measureMailIntake } from './mail-intake.js';
import { formatMiddlewareOverhead, measureMiddlewareOverhead } from './middleware-overhead.js';
import { formatReportSummary, measureReportSummary } from './report-summary.js';
import { type MeasuredSection, resultsMarkdown } from './results.js';

/** The committed results file, which only a full run may replace. */
const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');

/** Each section in the order it runs: what it measures, and what it costs in time on an idle two-core machine. */
const SECTIONS: Record<string, { about: string; time: string; run: () => Promise<SectionReport> }> = {
  'cold-start': {
    about: 'module load of every Lambda against its floors',
    time: 'about 5 min; BENCH_COLD_START_FUNCTIONS=id,id and BENCH_COLD_START_RUNS narrow it',
    run: async () => {
      const ids = process.env.BENCH_COLD_START_FUNCTIONS?.split(',').filter(Boolean);
      const runs = Number(process.env.BENCH_COLD_START_RUNS ?? DEFAULT_RUNS);
      return formatColdStart(await measureColdStart({ ...(ids ? { ids } : {}), runs }));
    },
  },
  middleware: {
    about: 'the middy chain against bare handlers, in-process',
    time: 'about 1.5 min',
    run: async () => formatMiddlewareOverhead(await measureMiddlewareOverhead()),
  },
  'end-to-end': {
    about: 'filing to export link on the local runtime',
    time: 'about 40 s',
    run: async () => formatEndToEnd(await measureEndToEnd()),
  },
  'export-memory': {
    about: 'memory of bundling a 100 MB export',
    time: 'about 1 min',
    run: async () => formatExportMemory(await measureExportMemory()),
  },
  mail: {
    about: 'email intake: the labelled corpus (filed correctly, to triage, filed wrongly) and a 25 MB mail taken in',
    time: 'about 30 s',
    run: async () => formatMailIntake(await measureMailIntake()),
  },
  'report-summary': {
    about: 'the summary and yearly report routes over the aggregates of 100,000 requests',
    time: 'about 30 s',
    run: async () => formatReportSummary(await measureReportSummary()),
  },
  campaign: {
    about: 'a 100,000-account policy campaign',
    time: 'over 5 min',
    run: async () => formatCampaign(await measureCampaign()),
  },
  'campaign-scale': {
    about: 'policy campaigns of 100,000 to 10 million accounts, simulated against the real campaign code',
    time: 'about 2 min',
    run: async () => formatCampaignScale(await measureCampaignScale()),
  },
};

const USAGE = 'Usage: npm run bench -- [<section> ...] [--write | --write=<file>]';

/** The command line: section names, and where to write the results, if anywhere. */
function commandLine(): { named: string[]; write?: string } {
  const named: string[] = [];
  let write: string | undefined;
  for (const arg of process.argv.slice(2)) {
    if (arg === '--write') write = RESULTS_FILE;
    else if (arg.startsWith('--write=') && arg.length > '--write='.length) write = arg.slice('--write='.length);
    else if (arg.startsWith('-')) {
      console.error(`bench: unknown option ${arg}\n${USAGE}`);
      process.exit(2);
    } else named.push(arg);
  }
  named.push(...(process.env.BENCH_SECTIONS?.split(',') ?? []));
  return { named: named.map((name) => name.trim()).filter(Boolean), ...(write ? { write } : {}) };
}

function chosenSections(named: readonly string[]): string[] {
  const unknown = named.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    console.error(`bench: no section ${unknown.join(', ')}. Sections:`);
    for (const [name, { about, time }] of Object.entries(SECTIONS)) console.error(`  ${name.padEnd(14)} ${about} (${time})`);
    process.exit(2);
  }
  // In the table's order whatever the order asked in.
  return Object.keys(SECTIONS).filter((name) => named.length === 0 || named.includes(name));
}

const { named, write } = commandLine();
const chosen = chosenSections(named);
const notRun = Object.keys(SECTIONS).filter((name) => !chosen.includes(name));
// Refused before anything runs: the committed file holds every section's figures, never a part of them.
if (write !== undefined && resolve(write) === RESULTS_FILE && notRun.length > 0) {
  console.error(`bench: --write regenerates bench/RESULTS.md from a full run; to write the figures of ${chosen.join(', ')} alone, name a file: --write=<file>`);
  process.exit(2);
}

const startedAt = new Date();
const measured: MeasuredSection[] = [];
for (const name of chosen) {
  const { about, time, run } = SECTIONS[name]!;
  console.error(`bench: section ${name}: ${about} (${time})`);
  const report = await run();
  measured.push({ name, about, report });
  console.log(report.text);
  console.log('');
}

const goals = measured.flatMap(({ report }) => report.goals);
const missed = goals.filter((goal) => !goal.met).length;
console.log(`Goals: ${goals.length - missed} of ${goals.length} met`);
for (const goal of goals) console.log(goalLine(goal));

if (write) {
  const run = {
    startedAt,
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    memoryGiB: totalmem() / 2 ** 30,
    platform: `${process.platform} ${process.arch}`,
    settings: Object.fromEntries(
      Object.entries(process.env)
        .filter((entry): entry is [string, string] => entry[0].startsWith('BENCH_') && entry[1] !== undefined)
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
  writeFileSync(write, resultsMarkdown(run, measured, notRun));
  const shown = relative(process.cwd(), resolve(write));
  console.error(`bench: figures written to ${shown.startsWith('..') ? resolve(write) : shown}`);
}
