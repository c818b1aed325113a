// Cold start: bundle each Lambda exactly as CDK does, build its SDK-only "floor" (and the house
// floor: that plus the observability every function carries), and time module load in fresh Node
// processes. Run alone with `npx tsx bench/cold-start.ts [lambdaId ...]`.
import { spawnSync } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { buckets, tables } from '../shared/resources.js';
import { LAMBDA_NODE_OPTIONS, bundleSettings } from '../infra/bundling.js';
import { lambdas } from '../shared/lambdas.js';
import { formatRatio, goalLine, mark, type GoalResult, type SectionReport } from './goals.js';
import { median } from './stats.js';
import { formatTable } from './table.js';

/** Absolute project root: esbuild resolves entries and node_modules from here, as CDK does. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where bundles and generated sources go (git-ignored). */
export const outRoot = join(projectRoot, 'bench', '.out');

/** One built bundle and what the metafile says it contains. */
export interface Bundle {
  /** Absolute path of the .mjs (the source map sits beside it). */
  outfile: string;
  /** Size of the .mjs in bytes; the map is not read at load, so it is left out. */
  bytes: number;
  /** AWS SDK v3 client packages with code in the bundle, sorted. */
  sdkPackages: string[];
  metafile: Metafile;
}

/** The SDK packages a floor may import: service clients and the DynamoDB document client. */
const SDK_PACKAGE = /(?:^|\/)node_modules\/(@aws-sdk\/(?:client-[^/]+|lib-dynamodb))\//;

const LIB_DYNAMODB = '@aws-sdk/lib-dynamodb';
const CLIENT_DYNAMODB = '@aws-sdk/client-dynamodb';

/** Bytes → KiB, the unit the tables report. */
export function kib(bytes: number): number {
  return bytes / 1024;
}

/**
 * Bundles `entry` (relative to the project root, or absolute) to `outfile` with the shared CDK
 * settings, so the benchmark measures what Lambda would load. Throws esbuild's BuildFailure on errors.
 */
export async function bundleEntry(entry: string, outfile: string): Promise<Bundle> {
  const result = await build({
    ...bundleSettings,
    // The shared settings are readonly and give the banner as CDK's plain string; the JS API wants these shapes.
    mainFields: [...bundleSettings.mainFields],
    banner: { js: bundleSettings.banner },
    entryPoints: [entry],
    outfile,
    absWorkingDir: projectRoot,
    bundle: true,
    metafile: true,
    write: true,
    logLevel: 'warning',
  });
  const { size } = await stat(outfile);
  return { outfile, bytes: size, sdkPackages: sdkPackagesIn(result.metafile), metafile: result.metafile };
}

/** Bundles the Lambda `id` to bench/.out/<id>/index.mjs, clearing what an earlier run left there. */
export async function bundleLambda(id: string, entry: string): Promise<Bundle> {
  const dir = join(outRoot, id);
  await rm(dir, { recursive: true, force: true });
  return bundleEntry(entry, join(dir, 'index.mjs'));
}

/**
 * The SDK client packages that contribute code to a bundle. Only inputs with bytes in the output
 * count, so a package esbuild parsed but tree-shook away does not inflate the floor.
 */
export function sdkPackagesIn(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = SDK_PACKAGE.exec(input);
      if (match?.[1] !== undefined && bytesInOutput > 0) found.add(match[1]);
    }
  }
  return [...found].sort();
}

/**
 * The client class a service package exports (`DynamoDBClient`, `S3Client`, ...), found by asking
 * the package itself so new services need no lookup table: the one `*Client` export with `send`.
 */
export async function clientClassName(pkg: string): Promise<string> {
  const exports = (await import(pkg)) as Record<string, unknown>;
  const names = Object.entries(exports)
    .filter(([name, value]) => /^[A-Za-z]\w*Client$/.test(name) && hasSend(value))
    .map(([name]) => name);
  if (names.length !== 1) {
    throw new Error(`Expected one client class in ${pkg}, found: ${names.join(', ') || 'none'}`);
  }
  return names[0]!;
}

function hasSend(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  const prototype: unknown = value.prototype;
  return typeof prototype === 'object' && prototype !== null && 'send' in prototype;
}

/**
 * Source of the floor module: imports only `sdkPackages`, constructs each client once (what any
 * handler using them pays at load) and exports a trivial handler. No packages → an empty handler.
 */
export async function floorSource(sdkPackages: readonly string[], options: { observability?: boolean } = {}): Promise<string> {
  const packages = new Set(sdkPackages);
  // The document client wraps a DynamoDB client, so it cannot be built without one.
  if (packages.has(LIB_DYNAMODB)) packages.add(CLIENT_DYNAMODB);
  const imports: string[] = [];
  const constructions: string[] = [];
  const clients: string[] = [];
  for (const pkg of [...packages].sort()) {
    if (pkg === LIB_DYNAMODB) continue; // built from the DynamoDB client below
    const name = await clientClassName(pkg);
    const client = variableFor(name);
    imports.push(`import { ${name} } from '${pkg}';`);
    constructions.push(`const ${client} = new ${name}({});`);
    clients.push(client);
    if (pkg === CLIENT_DYNAMODB && packages.has(LIB_DYNAMODB)) {
      imports.push(`import { DynamoDBDocumentClient } from '${LIB_DYNAMODB}';`);
      constructions.push(`const documentClient = DynamoDBDocumentClient.from(${client});`);
      clients.push('documentClient');
    }
  }
  const body = 'async () => ({ statusCode: 200, clients: clients.length })';
  if (options.observability) {
    // The project's own module, so the house floor follows whatever observability every function carries.
    imports.push(`import { observability } from ${JSON.stringify(join(projectRoot, 'shared', 'tracer.ts'))};`, "import middy from '@middy/core';");
  }
  return [
    options.observability
      ? '// Generated by bench/cold-start.ts: the SDK clients the Lambda bundles, middy and the Powertools Logger and Tracer.'
      : '// Generated by bench/cold-start.ts: the SDK clients the Lambda bundles, and nothing else.',
    ...imports,
    ...(imports.length > 0 ? [''] : []),
    ...constructions,
    // Referencing the clients keeps them reachable whatever esbuild decides about side effects.
    `const clients = [${clients.join(', ')}];`,
    '',
    options.observability ? `export const handler = middy().use(observability()).handler(${body});` : `export const handler = ${body};`,
    '',
  ].join('\n');
}

/** `SESv2Client` → `sesv2Client`: a readable variable name for a client class. */
function variableFor(className: string): string {
  return `${className.replace(/Client$/, '').toLowerCase()}Client`;
}

/**
 * Writes a floor's source to bench/.out/<name>/floor.mjs and bundles it beside it as index.mjs, with
 * the same settings as the Lambdas. Lambdas with the same SDK clients share a floor, so `name`
 * follows from the packages (and whether the observability stack is in).
 */
export async function bundleFloor(sdkPackages: readonly string[], options: { observability?: boolean } = {}): Promise<Bundle> {
  const clients = sdkPackages.map((pkg) => pkg.replace(/^@aws-sdk\/(client-)?/, '')).join('+') || 'none';
  const dir = join(outRoot, `${options.observability ? 'house-floor' : 'floor'}.${clients}`);
  const source = join(dir, 'floor.mjs');
  const code = await floorSource(sdkPackages, options);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(source, code);
  return bundleEntry(source, join(dir, 'index.mjs'));
}

/**
 * Environment for the measuring processes: built from scratch rather than inherited, so a parent's
 * NODE_OPTIONS (tsx's loader, a debugger) or AWS profile cannot skew or break the load. Every table
 * and bucket variable gets a dummy name because handler modules read them at load and fail without.
 */
export function benchEnv(): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: 'eu-central-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // As on Lambda: source maps are read at load, which is part of what a cold start costs.
    NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
  };
  for (const [id, spec] of Object.entries(tables)) env[spec.envVar] = `bench-${id}`;
  for (const [id, spec] of Object.entries(buckets)) env[spec.envVar] = `bench-${id}`;
  return env;
}

/** Marks the child's timing line, so anything a module logs at load cannot be mistaken for it. */
const RESULT_MARKER = 'bench:load-ms=';

/**
 * Milliseconds a fresh Node process spends in `await import()` of `file`: module read, parse,
 * evaluation and top-level work, which is what a cold start adds on top of the runtime's own boot.
 */
export function measureLoad(file: string, env: Record<string, string> = benchEnv()): number {
  const url = pathToFileURL(file).href;
  const script = [
    'const start = performance.now();',
    `await import(${JSON.stringify(url)});`,
    'const ms = performance.now() - start;',
    // Exit explicitly: a module may leave handles open, and its teardown is not part of the load.
    `process.stdout.write('\\n${RESULT_MARKER}' + ms + '\\n', () => process.exit(0));`,
  ].join('\n');
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) {
    throw new Error(`Loading ${file} failed (${child.error?.message ?? `exit ${child.status ?? child.signal}`}):\n${child.stderr}`);
  }
  const line = child.stdout.split('\n').findLast((text) => text.startsWith(RESULT_MARKER));
  const ms = Number(line?.slice(RESULT_MARKER.length));
  if (line === undefined || !Number.isFinite(ms)) {
    throw new Error(`No timing from loading ${file}; stdout was:\n${child.stdout}`);
  }
  return ms;
}

export interface InterleaveOptions {
  /** Measured runs per file. */
  runs: number;
  /** Discarded runs per file first, so the file cache is warm for every measured run alike. */
  warmups?: number;
  env?: Record<string, string>;
}

/**
 * Load times (ms) per file, measured round-robin with the starting file rotating each round, so
 * drift in machine load spreads over all files instead of landing on whichever ran last.
 */
export function measureInterleaved(files: readonly string[], options: InterleaveOptions): number[][] {
  const { runs, warmups = 1, env = benchEnv() } = options;
  const samples = files.map((): number[] => []);
  for (let round = 0; round < warmups + runs; round++) {
    for (let step = 0; step < files.length; step++) {
      const index = (round + step) % files.length;
      const ms = measureLoad(files[index]!, env);
      if (round >= warmups) samples[index]!.push(ms);
    }
  }
  return samples;
}

/** The target: a function's load costs at most this multiple of its floor. */
export const GOAL_RATIO = 1.25;

/** Measured runs per bundle: odd, so the median is one real sample. */
export const DEFAULT_RUNS = 7;

/** What one function's cold start measured, beside its two floors. */
export interface ColdStartRow {
  id: string;
  bytes: number;
  loadMs: number;
  floorBytes: number;
  floorMs: number;
  houseFloorBytes: number;
  houseFloorMs: number;
  /**
   * Load ÷ floor, the median of each round's own ratio: the three loads of a round run back to back,
   * so a busy spell on the machine weighs on both sides of a ratio alike.
   */
  sdkRatio: number;
  houseRatio: number;
  /** What the bundle holds beyond its SDK floor, the most bytes first: a package, or `own code`. */
  additions: { name: string; bytes: number }[];
  /** Rounds behind the medians: the runs, or twice them for a function measured again. */
  rounds: number;
}

export interface ColdStartResult {
  rows: ColdStartRow[];
  runs: number;
  node: string;
}

/** A bundle input's package (`@scope/name` or `name`), or `own code` for the project's files. */
function origin(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
  return match?.[1] ?? 'own code';
}

/** Bytes per origin that `bundle` holds and `floor` does not. */
function additionsOver(bundle: Bundle, floor: Bundle): ColdStartRow['additions'] {
  const inFloor = new Set(Object.values(floor.metafile.outputs).flatMap((output) => Object.keys(output.inputs)));
  const bytes = new Map<string, number>();
  for (const output of Object.values(bundle.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (inFloor.has(input) || bytesInOutput === 0) continue;
      bytes.set(origin(input), (bytes.get(origin(input)) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes].map(([name, size]) => ({ name, bytes: size })).sort((a, b) => b.bytes - a.bytes);
}

/**
 * Bundles the Lambdas `ids` (default: all) and their floors, then times each Lambda's load
 * interleaved with its two floors. Throws, naming each, if any bundle fails. Progress goes to stderr.
 */
export async function measureColdStart(options: { ids?: readonly string[]; runs?: number } = {}): Promise<ColdStartResult> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const specs = Object.entries(lambdas).filter(([id]) => !options.ids?.length || options.ids.includes(id));
  const unknown = options.ids?.filter((id) => !(id in lambdas)) ?? [];
  if (unknown.length > 0) throw new Error(`No such Lambda: ${unknown.join(', ')}`);
  const floors = new Map<string, Promise<Bundle>>();
  const floorFor = (sdkPackages: readonly string[], observability: boolean) => {
    const key = `${observability}:${sdkPackages.join(',')}`;
    let floor = floors.get(key);
    if (!floor) {
      floor = bundleFloor(sdkPackages, { observability });
      floors.set(key, floor);
    }
    return floor;
  };
  const built: { id: string; lambda: Bundle; floor: Bundle; houseFloor: Bundle }[] = [];
  const failures: string[] = [];
  for (const [id, spec] of specs) {
    try {
      const lambda = await bundleLambda(id, spec.entry);
      built.push({ id, lambda, floor: await floorFor(lambda.sdkPackages, false), houseFloor: await floorFor(lambda.sdkPackages, true) });
    } catch (error) {
      failures.push(`${id} (${spec.entry}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`Bundling failed:\n${failures.join('\n')}`);
  type Built = (typeof built)[number];
  /** One pass: `runs` interleaved rounds of the function and its two floors, load times per file. */
  const pass = ({ id, lambda, floor, houseFloor }: Built, again = false): number[][] => {
    console.error(`bench: cold start of ${id} (${runs} runs each of it and its two floors${again ? ', again: over the goal' : ''})`);
    return measureInterleaved([lambda.outfile, floor.outfile, houseFloor.outfile], { runs });
  };
  const rowOf = ({ id, lambda, floor, houseFloor }: Built, [lambdaMs = [], floorMs = [], houseFloorMs = []]: number[][]): ColdStartRow => ({
    id,
    bytes: lambda.bytes,
    loadMs: median(lambdaMs),
    floorBytes: floor.bytes,
    floorMs: median(floorMs),
    houseFloorBytes: houseFloor.bytes,
    houseFloorMs: median(houseFloorMs),
    sdkRatio: median(lambdaMs.map((ms, round) => ms / floorMs[round]!)),
    houseRatio: median(lambdaMs.map((ms, round) => ms / houseFloorMs[round]!)),
    additions: additionsOver(lambda, floor),
    rounds: lambdaMs.length,
  });
  // One pass over every function, then a second for each over the goal: on a shared 2-core machine a
  // burst of other work can land on one function's rounds, and a miss should hold over twice the rounds.
  // The second pass adds its rounds to the first: the medians are over both, never the better pass alone.
  const rows = built.map((bundles) => {
    const first = pass(bundles);
    const row = rowOf(bundles, first);
    if (row.houseRatio <= GOAL_RATIO) return row;
    const second = pass(bundles, true);
    return rowOf(
      bundles,
      first.map((times, index) => [...times, ...second[index]!]),
    );
  });
  return { rows, runs, node: process.version };
}

const ratio = (value: number) => formatRatio(value, GOAL_RATIO);

/** The ratios of `rows` as `a–b×, median c×`. */
function spread(ratios: readonly number[]): string {
  return `${ratio(Math.min(...ratios))}–${ratio(Math.max(...ratios))}, median ${ratio(median(ratios))}`;
}

/**
 * The table, what the two floors are, and the goal: within 1.25× of the house floor, since X-Ray,
 * the Logger and middy are on every function by decision (docs/adr/0018). What they cost stays in
 * the table (the SDK floor beside the house floor, and their difference per function).
 */
export function formatColdStart(result: ColdStartResult): SectionReport {
  const { rows } = result;
  const sdkRatios = rows.map((row) => row.sdkRatio);
  const houseRatios = rows.map((row) => row.houseRatio);
  const table = formatTable(
    [
      { header: 'function', align: 'left' },
      { header: 'KiB', align: 'right' },
      { header: 'load ms', align: 'right' },
      { header: 'SDK floor ms', align: 'right' },
      { header: '÷ SDK floor', align: 'right' },
      { header: 'house floor ms', align: 'right' },
      { header: 'house rules ms', align: 'right' },
      { header: '÷ house floor', align: 'right' },
      { header: 'goal', align: 'left' },
      { header: 'biggest additions to the SDK floor (KiB)', align: 'left' },
    ],
    rows.map((row, index) => [
      row.rounds > result.runs ? `${row.id} *` : row.id,
      kib(row.bytes).toFixed(0),
      row.loadMs.toFixed(1),
      row.floorMs.toFixed(1),
      formatRatio(sdkRatios[index]!),
      row.houseFloorMs.toFixed(1),
      (row.houseFloorMs - row.floorMs).toFixed(1),
      ratio(houseRatios[index]!),
      mark(houseRatios[index]! <= GOAL_RATIO),
      row.additions
        .slice(0, 4)
        .map((a) => `${a.name} ${kib(a.bytes).toFixed(0)}`)
        .join(', '),
    ]),
  );
  const sdkMet = sdkRatios.filter((r) => r <= GOAL_RATIO).length;
  const houseMet = houseRatios.filter((r) => r <= GOAL_RATIO).length;
  const stackMs = median(rows.map((row) => row.houseFloorMs - row.floorMs));
  const empty = rows.filter((row) => row.floorBytes < 1024);
  const goals: GoalResult[] = [
    {
      name: 'cold start against the house floor',
      goal: `≤ ${GOAL_RATIO}× for every function`,
      measured: `${houseMet} of ${rows.length} functions (${spread(houseRatios)})`,
      met: houseMet === rows.length,
    },
  ];
  const text = [
    `Cold start: module load in a fresh process (with --enable-source-maps, as in Lambda), node ${result.node}, median of ${result.runs} runs per bundle,`,
    'each function interleaved with its two floors; a ratio is the median of the ratios within each round',
    table,
    ...(rows.some((row) => row.rounds > result.runs)
      ? [`*: over the goal after ${result.runs} rounds, so measured again; its figures are the medians of all ${2 * result.runs} rounds.`]
      : []),
    'SDK floor: a bundle of only the AWS SDK clients the function bundles, each constructed once.',
    'House floor: the SDK floor plus middy and the Powertools Logger and Tracer exactly as every function sets them up (shared/tracer.ts);',
    'the goal is judged against it, since every function carries them by decision (docs/adr/0018-x-ray-on-every-function.md).',
    `House rules ms: house floor − SDK floor, what the Tracer (the X-Ray SDK with semver and cls-hooked), the Logger and middy cost at load:`,
    `${stackMs.toFixed(1)} ms, median over the functions.`,
    `Against the SDK floor alone ${sdkMet} of ${rows.length} functions are within ${GOAL_RATIO}× (${spread(sdkRatios)}).`,
    ...(empty.length > 0
      ? [
          `${empty.map((row) => row.id).join(' and ')} ${empty.length === 1 ? 'uses no SDK client: its' : 'use no SDK client: their'} SDK floor is an ` +
            `empty module, whose load is Node's own fixed cost (${median(empty.map((row) => row.floorMs)).toFixed(1)} ms), so any code at all is a multiple of it.`,
        ]
      : []),
    ...goals.map(goalLine),
  ].join('\n');
  return { text, goals };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ids = process.argv.slice(2);
  const runs = Number(process.env.BENCH_COLD_START_RUNS ?? DEFAULT_RUNS);
  console.log(formatColdStart(await measureColdStart({ ids, runs })).text);
}
