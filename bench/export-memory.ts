// Memory of bundling a large export: ~100 MB of JSON Lines parts in the local S3 emulator are
// bundled in a fresh child process whose RSS is sampled every 20 ms, so neither the emulator (which
// runs in this process) nor the data generation counts. Run alone with `npx tsx bench/export-memory.ts`;
// BENCH_CPU_PROF_DIR=<dir> also writes the child's CPU profile there.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Upload } from '@aws-sdk/lib-storage';
import { startLocalRuntime } from '../local/runtime.js';
import { measureInChildProcess } from './child.js';
import { prng } from './prng.js';
import { createS3Client } from '../shared/aws/s3.js';
import type { BundleExportInput } from '../shared/fulfilment/export-bundle.js';
import type { DataSystem, SystemOutcome } from '../shared/fulfilment/model.js';
import { DEMO_CONTROLLER } from '../local/demo-controller.js';
import { buckets } from '../shared/resources.js';
import { goalLine, type GoalResult, type SectionReport } from './goals.js';
import { formatTable } from './table.js';

/** The target: bundling may add at most this much to the process's resident memory. */
export const GOAL_MB = 150;

const MB = 1_000_000;
const SAMPLE_MS = 20;
const RESULT_MARKER = 'bench:export-memory=';
const THIS_FILE = fileURLToPath(import.meta.url);
const REQUEST_ID = '01JBENCHEXPORT000000000000';

export interface ExportMemoryOptions {
  /** JSON Lines to generate, in bytes, spread evenly over `systems`. */
  totalBytes?: number;
  systems?: number;
}

/** What the child measured while it bundled. */
interface ChildMeasurement {
  baselineRss: number;
  peakRss: number;
  /** The most the V8 heap and the Buffers outside it held at any sample. */
  peakHeapUsed: number;
  peakExternal: number;
  maxRss: number;
  samples: number;
  seconds: number;
  bundleBytes: number;
  files: number;
}

export interface ExportMemoryResult extends ChildMeasurement {
  inputBytes: number;
  records: number;
  systems: number;
}

const WORDS = [
  'login',
  'purchase',
  'invoice',
  'support',
  'newsletter',
  'app',
  'update',
  'address',
  'payment',
  'profile',
  'order',
  'return',
  'device',
  'session',
];

/** One plausible record: flat fields, a nested device and location, a list, some free text. */
function record(system: number, index: number, random: () => number): Record<string, unknown> {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const text = Array.from({ length: 12 + Math.floor(random() * 30) }, pick).join(' ');
  return {
    id: `${system}-${index.toString(36).padStart(8, '0')}`,
    accountId: 'acc-1001',
    type: pick(),
    at: new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 3e10)).toISOString(),
    device: {
      os: random() < 0.5 ? 'android' : 'ios',
      model: `model-${Math.floor(random() * 50)}`,
      app: { version: `4.${Math.floor(random() * 20)}.${Math.floor(random() * 9)}` },
    },
    location: { lat: Math.round((47 + random() * 8) * 1e5) / 1e5, lon: Math.round((6 + random() * 9) * 1e5) / 1e5 },
    tags: [pick(), pick()],
    amount: Math.round(random() * 100_000) / 100,
    note: text,
    ref: Math.floor(random() * 2 ** 48).toString(16),
  };
}

/** Writes one part of about `bytes` to S3 as it is generated; returns its record count. */
async function writePart(key: string, system: number, bytes: number): Promise<number> {
  const random = prng(system + 1);
  let records = 0;
  async function* lines(): AsyncGenerator<Buffer> {
    let written = 0;
    while (written < bytes) {
      let chunk = '';
      while (chunk.length < 256 * 1024 && written + chunk.length < bytes) chunk += `${JSON.stringify(record(system, records++, random))}\n`;
      written += Buffer.byteLength(chunk);
      yield Buffer.from(chunk);
    }
  }
  const s3 = createS3Client();
  try {
    await new Upload({ client: s3, params: { Bucket: buckets.data.localName, Key: key, Body: Readable.from(lines(), { objectMode: false }) } }).done();
  } finally {
    s3.destroy();
  }
  return records;
}

function benchSystem(index: number): DataSystem {
  return {
    systemId: `system-${index + 1}`,
    name: `Benchmark system ${index + 1}`,
    owner: 'Benchmark',
    categories: ['usage data', 'location data'],
    connector: { kind: 'dynamodb', table: `bench-${index + 1}`, keyAttribute: 'accountId', subjectKey: 'accountId' },
    actions: ['export'],
    purposes: ['analytics'],
    retention: [],
    sellsOrShares: false,
    marketingRecipients: [],
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

/** Runs the child that bundles `input` and reads its measurement line. */
function measureInChild(inputFile: string): Promise<ChildMeasurement> {
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  return measureInChildProcess<ChildMeasurement>(THIS_FILE, [inputFile], {
    marker: RESULT_MARKER,
    label: 'bundling',
    nodeArgs: [...profile, '--expose-gc'],
  });
}

/**
 * Generates the parts in a fresh in-memory local runtime, bundles them in a child process and
 * returns what it measured. Progress goes to stderr.
 */
export async function measureExportMemory(options: ExportMemoryOptions = {}): Promise<ExportMemoryResult> {
  const totalBytes = options.totalBytes ?? 100 * MB;
  const systemCount = options.systems ?? 5;
  const runtime = await startLocalRuntime({ port: 0, memory: true });
  const dir = mkdtempSync(join(tmpdir(), 'privacy-ops-bench-'));
  try {
    const systems = Array.from({ length: systemCount }, (_, i) => benchSystem(i));
    const outcomes: SystemOutcome[] = [];
    let records = 0;
    for (const [index, system] of systems.entries()) {
      console.error(`bench: writing ${(totalBytes / systemCount / MB).toFixed(0)} MB of JSON Lines for ${system.systemId}`);
      const partKey = `exports/${REQUEST_ID}/parts/${system.systemId}.jsonl`;
      const count = await writePart(partKey, index, Math.ceil(totalBytes / systemCount));
      records += count;
      outcomes.push({ systemId: system.systemId, action: 'export', outcome: 'done', records: count, partKey });
    }
    const input: BundleExportInput = {
      requestId: REQUEST_ID,
      subjectLocale: 'en',
      jurisdiction: 'gdpr',
      systems,
      outcomes,
      controller: DEMO_CONTROLLER,
    };
    const inputFile = join(dir, 'input.json');
    writeFileSync(inputFile, JSON.stringify(input));
    console.error('bench: bundling in a child process');
    const measured = await measureInChild(inputFile);
    return { ...measured, inputBytes: totalBytes, records, systems: systemCount };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await runtime.stop();
  }
}

const mb = (bytes: number) => (bytes / MB).toFixed(1);

/** The result as the bench prints it: a table and the goal line. */
export function formatExportMemory(result: ExportMemoryResult): SectionReport {
  const growth = result.peakRss - result.baselineRss;
  const rows = [
    ['JSON Lines in (MB)', mb(result.inputBytes)],
    ['records', String(result.records)],
    ['bundle out (MB)', mb(result.bundleBytes)],
    ['baseline RSS (MB)', mb(result.baselineRss)],
    [`peak RSS, sampled every ${SAMPLE_MS} ms (MB)`, mb(result.peakRss)],
    ['peak RSS, OS high-water mark (MB)', mb(result.maxRss)],
    ['peak RSS − baseline (MB)', mb(growth)],
    ['peak V8 heap used (MB)', mb(result.peakHeapUsed)],
    ['peak Buffers outside the heap (MB)', mb(result.peakExternal)],
    ['time (s)', result.seconds.toFixed(1)],
    ['throughput (MB of JSON Lines / s)', (result.inputBytes / MB / result.seconds).toFixed(1)],
  ];
  const goal: GoalResult = {
    name: `export bundle memory, ${mb(result.inputBytes)} MB of records (peak RSS − baseline)`,
    goal: `≤ ${GOAL_MB} MB`,
    measured: `${mb(growth)} MB`,
    met: growth <= GOAL_MB * MB,
  };
  const text = [
    `Export bundle memory: ${result.systems} systems, ${result.files} files, bundled in a fresh process, node ${process.version}`,
    formatTable(
      [
        { header: 'metric', align: 'left' },
        { header: 'value', align: 'right' },
      ],
      rows,
    ),
    goalLine(goal),
  ].join('\n');
  return { text, goals: [goal] };
}

/** The child: loads everything, settles, then bundles while sampling its own RSS. */
async function child(inputFile: string): Promise<void> {
  const { bundleExport } = await import('../shared/fulfilment/export-bundle.js');
  const input = JSON.parse(readFileSync(inputFile, 'utf8')) as BundleExportInput;
  const s3 = createS3Client();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((settle) => setTimeout(settle, 200));
  gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  let peakHeapUsed = 0;
  let peakExternal = 0;
  let samples = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    samples++;
    peakRss = Math.max(peakRss, usage.rss);
    peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
    peakExternal = Math.max(peakExternal, usage.external);
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  const started = performance.now();
  const bundle = await bundleExport(input, { s3, dataBucket: buckets.data.localName, now: () => new Date() });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sample();
  s3.destroy();
  const measurement: ChildMeasurement = {
    baselineRss,
    peakRss,
    peakHeapUsed,
    peakExternal,
    maxRss: process.resourceUsage().maxRSS * 1024,
    samples,
    seconds,
    bundleBytes: bundle.bytes,
    files: bundle.files.length,
  };
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(measurement)}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE) {
  if (process.argv[2] === '--child') {
    await child(process.argv[3] ?? '');
  } else {
    console.log(formatExportMemory(await measureExportMemory()).text);
  }
}
