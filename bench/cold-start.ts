// Cold-start measuring pieces: bundle a Lambda exactly as CDK does, build its SDK-only "floor",
// and time module load in fresh Node processes. Benchmarks compose these; bench/run.ts prints them.
import { spawnSync } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { buckets, tables } from '../shared/resources.js';
import { LAMBDA_NODE_OPTIONS, bundleSettings } from '../infra/bundling.js';

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
export async function floorSource(sdkPackages: readonly string[]): Promise<string> {
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
  return [
    '// Generated by bench/cold-start.ts: the SDK clients the Lambda bundles, and nothing else.',
    ...imports,
    ...(imports.length > 0 ? [''] : []),
    ...constructions,
    // Referencing the clients keeps them reachable whatever esbuild decides about side effects.
    `const clients = [${clients.join(', ')}];`,
    '',
    'export const handler = async () => ({ statusCode: 200, clients: clients.length });',
    '',
  ].join('\n');
}

/** `SESv2Client` → `sesv2Client`: a readable variable name for a client class. */
function variableFor(className: string): string {
  return `${className.replace(/Client$/, '').toLowerCase()}Client`;
}

/**
 * Writes the floor source for Lambda `id` to bench/.out/<id>.floor/floor.mjs and bundles it
 * beside it as index.mjs, with the same settings as the Lambda itself.
 */
export async function bundleFloor(id: string, sdkPackages: readonly string[]): Promise<Bundle> {
  const dir = join(outRoot, `${id}.floor`);
  const source = join(dir, 'floor.mjs');
  const code = await floorSource(sdkPackages);
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

/** The median: robust to the odd slow run a shared machine produces. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
