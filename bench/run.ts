// `npm run bench`: the cold-start table. Each Lambda is bundled as CDK bundles it and its module
// load timed against a floor bundle holding only the same SDK clients, the part no code change removes.
import { lambdas } from '../functions/lambdas.js';
import { type Bundle, bundleFloor, bundleLambda, kib, measureInterleaved, median } from './cold-start.js';
import { formatTable } from './table.js';
import { formatExportMemory, measureExportMemory } from './export-memory.js';
import { formatCampaign, measureCampaign } from './campaign.js';

/** Measured runs per bundle: odd, so the median is one real sample. */
const RUNS = 7;

/** The target later work is held to: a function's load costs at most this multiple of its floor. */
const GOAL_RATIO = 1.25;

interface Built {
  id: string;
  lambda: Bundle;
  floor: Bundle;
}

/** Builds every Lambda and its floor; reports each failure and returns undefined if any failed. */
async function buildAll(): Promise<Built[] | undefined> {
  const built: Built[] = [];
  let failed = false;
  for (const [id, spec] of Object.entries(lambdas)) {
    try {
      const lambda = await bundleLambda(id, spec.entry);
      const floor = await bundleFloor(id, lambda.sdkPackages);
      built.push({ id, lambda, floor });
    } catch (error) {
      failed = true;
      console.error(`bench: bundling ${id} (${spec.entry}) failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failed ? undefined : built;
}

const built = await buildAll();
if (built === undefined) process.exit(1);

const rows = built.map(({ id, lambda, floor }) => {
  console.error(`bench: measuring ${id} (${RUNS} runs each)`);
  const [lambdaMs = [], floorMs = []] = measureInterleaved([lambda.outfile, floor.outfile], { runs: RUNS });
  const loadMs = median(lambdaMs);
  const floorLoadMs = median(floorMs);
  return [
    id,
    kib(lambda.bytes).toFixed(1),
    kib(floor.bytes).toFixed(1),
    loadMs.toFixed(1),
    floorLoadMs.toFixed(1),
    `${(loadMs / floorLoadMs).toFixed(2)}×`,
  ];
});

console.log(`Cold start: module load in a fresh process, node ${process.version}, median of ${RUNS} runs per bundle`);
console.log(
  formatTable(
    [
      { header: 'function', align: 'left' },
      { header: 'bundle KiB', align: 'right' },
      { header: 'floor KiB', align: 'right' },
      { header: 'load ms (median)', align: 'right' },
      { header: 'floor ms', align: 'right' },
      { header: 'ratio (load/floor)', align: 'right' },
    ],
    rows,
  ),
);
console.log(`Goal (for later): cold start ≤ ${GOAL_RATIO}× floor for every function.`);

console.log('');
console.log(formatExportMemory(await measureExportMemory()));
console.log(formatCampaign(await measureCampaign()));
