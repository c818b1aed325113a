// `npm run bench`: every benchmark, each figure beside its goal with a PASS or MISS mark, and a summary
// of all goals at the end. `npm run bench -- middleware end-to-end` (or BENCH_SECTIONS=middleware,end-to-end)
// runs only the sections named; the campaign alone takes over five minutes.
import { formatCampaign, measureCampaign } from './campaign.js';
import { DEFAULT_RUNS, formatColdStart, measureColdStart } from './cold-start.js';
import { formatEndToEnd, measureEndToEnd } from './end-to-end.js';
import { formatExportMemory, measureExportMemory } from './export-memory.js';
import { goalLine, type SectionReport } from './goals.js';
import { formatMiddlewareOverhead, measureMiddlewareOverhead } from './middleware-overhead.js';

/** Each section in the order it runs, with what it costs in time on an idle two-core machine. */
const SECTIONS: Record<string, { about: string; run: () => Promise<SectionReport> }> = {
  'cold-start': {
    about: 'module load of every Lambda against its floors (about 5 min; BENCH_COLD_START_FUNCTIONS=id,id and BENCH_COLD_START_RUNS narrow it)',
    run: async () => {
      const ids = process.env.BENCH_COLD_START_FUNCTIONS?.split(',').filter(Boolean);
      const runs = Number(process.env.BENCH_COLD_START_RUNS ?? DEFAULT_RUNS);
      return formatColdStart(await measureColdStart({ ...(ids ? { ids } : {}), runs }));
    },
  },
  middleware: {
    about: 'the middy chain against bare handlers, in-process (about 1.5 min)',
    run: async () => formatMiddlewareOverhead(await measureMiddlewareOverhead()),
  },
  'end-to-end': {
    about: 'filing to export link on the local runtime (about 40 s)',
    run: async () => formatEndToEnd(await measureEndToEnd()),
  },
  'export-memory': {
    about: 'memory of bundling a 100 MB export (about 1 min)',
    run: async () => formatExportMemory(await measureExportMemory()),
  },
  campaign: {
    about: 'a 100,000-account policy campaign (over 5 min)',
    run: async () => formatCampaign(await measureCampaign()),
  },
};

function chosenSections(): string[] {
  const named = [...process.argv.slice(2), ...(process.env.BENCH_SECTIONS?.split(',') ?? [])].map((name) => name.trim()).filter(Boolean);
  const unknown = named.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    console.error(`bench: no section ${unknown.join(', ')}. Sections:`);
    for (const [name, { about }] of Object.entries(SECTIONS)) console.error(`  ${name.padEnd(14)} ${about}`);
    process.exit(2);
  }
  // In the table's order whatever the order asked in.
  return Object.keys(SECTIONS).filter((name) => named.length === 0 || named.includes(name));
}

const reports: SectionReport[] = [];
for (const name of chosenSections()) {
  console.error(`bench: section ${name}: ${SECTIONS[name]!.about}`);
  const report = await SECTIONS[name]!.run();
  reports.push(report);
  console.log(report.text);
  console.log('');
}

const goals = reports.flatMap((report) => report.goals);
const missed = goals.filter((goal) => !goal.met).length;
console.log(`Goals: ${goals.length - missed} of ${goals.length} met`);
for (const goal of goals) console.log(goalLine(goal));
