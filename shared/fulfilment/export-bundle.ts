// Bundling an export: every system's JSON Lines part streamed into one zip in S3 (JSON, CSV,
// README.txt, manifest.json), one record at a time, so memory does not grow with the export.
import { PassThrough, Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import compressCommons from 'compress-commons';
import type { Jurisdiction, Locale } from '../domain/request-model.js';
import {
  exportManifest,
  exportReadme,
  MANIFEST_FILE,
  README_FILE,
  systemFiles,
  type BundleController,
  type ExportDescription,
  type SystemSummary,
} from './export-manifest.js';
import { csvLines, csvRow, flattenRecord, jsonLines, type Cell, type JsonLine } from './export-records.js';
import type { DataSystem, SystemOutcome } from './model.js';

export type { BundleController } from './export-manifest.js';

/** Thrown when a bundle cannot be built; the message names ids and keys, never data. */
export class ExportBundleError extends Error {
  override name = 'ExportBundleError';
}

export interface BundleExportInput {
  requestId: string;
  subjectLocale: Locale;
  jurisdiction: Jurisdiction;
  /** The inventory entries of the systems in `outcomes`. */
  systems: readonly DataSystem[];
  /** Every system's outcome; only `export` outcomes go into the bundle. */
  outcomes: readonly SystemOutcome[];
  controller: BundleController;
}

export interface BundleExportDeps {
  s3: S3Client;
  dataBucket: string;
  now: () => Date;
}

export interface ExportBundle {
  /** Key of the zip in the data bucket. */
  key: string;
  /** Size of the zip. */
  bytes: number;
  /** The archive's entries, in order. */
  files: string[];
}

/** zlib level: JSON and CSV shrink about as well at 5 as at 9, at a fraction of the CPU time. */
const COMPRESSION_LEVEL = 5;

/** Every file in the bundle reads as an ordinary file, rw-r--r--, when unpacked. */
const FILE_MODE = 0o644;

// The zip writer alone (archiver's own engine below its glob, tar and queue): entries come one at
// a time from streams, which is all a bundle needs, and the function loads far less (docs/reliability.md).
const { ZipArchiveEntry, ZipArchiveOutputStream } = compressCommons;

/** Records are handed to the archive in runs of about this many characters, not one write per record. */
const BATCH_CHARS = 64 * 1024;

/** Request ids become key segments and system ids file names: neither may carry a path or a dot-name. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const SAFE_SYSTEM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const RESERVED_NAMES = new Set(['readme', 'manifest']);

/** Where the bundle of `requestId` lives in the data bucket (under the expiring `exports/` prefix). */
export function bundleKey(requestId: string): string {
  if (!SAFE_REQUEST_ID.test(requestId)) throw new ExportBundleError('The request id cannot name an export bundle');
  return `exports/${requestId}/bundle.zip`;
}

interface PlannedSystem {
  system: DataSystem;
  result: SystemSummary['result'];
  partKey?: string;
}

/**
 * Which systems the bundle covers and how each ended: `exported` with a part to read, `not-found`,
 * or `failed` (also a `done` that reports records but left no part). Refuses ids that cannot be
 * file names and outcomes of systems the inventory does not know.
 */
export function planBundle(systems: readonly DataSystem[], outcomes: readonly SystemOutcome[]): PlannedSystem[] {
  const inventory = new Map(systems.map((system) => [system.systemId, system]));
  const seen = new Set<string>();
  return outcomes
    .filter((outcome) => outcome.action === 'export')
    .map((outcome) => {
      const { systemId } = outcome;
      if (!SAFE_SYSTEM_ID.test(systemId) || RESERVED_NAMES.has(systemId.toLowerCase())) {
        throw new ExportBundleError(`System id ${JSON.stringify(systemId)} cannot name a file in the bundle`);
      }
      // Names that differ only in case collide when the zip is unpacked on macOS or Windows.
      if (seen.has(systemId.toLowerCase())) throw new ExportBundleError(`Two export outcomes for system ${systemId}`);
      seen.add(systemId.toLowerCase());
      const system = inventory.get(systemId);
      if (!system) throw new ExportBundleError(`System ${systemId} is not in the inventory given to the bundle`);
      if (outcome.outcome === 'failed') return { system, result: 'failed' };
      if (outcome.outcome === 'not-found') return { system, result: 'not-found' };
      if (outcome.partKey) return { system, result: 'exported', partKey: outcome.partKey };
      return { system, result: outcome.records === 0 ? 'not-found' : 'failed' };
    });
}

/** What the JSON pass learns for the CSV pass and the manifest. */
interface PartScan {
  records: number;
  /** Insertion-ordered: columns appear in the order records first use them. */
  columns: Set<string>;
  complete: boolean;
}

/**
 * Streams the export of `input.requestId` into `exports/<requestId>/bundle.zip`: per exported
 * system `<systemId>.json` (an array) and `<systemId>.csv` (columns: every dotted path any record
 * uses), then README.txt and manifest.json in the subject's language. Each part is read twice
 * (JSON and column scan, then CSV), record by record; the zip goes to S3 as a multipart upload.
 */
export async function bundleExport(input: BundleExportInput, deps: BundleExportDeps): Promise<ExportBundle> {
  const key = bundleKey(input.requestId);
  const planned = planBundle(input.systems, input.outcomes);
  const createdAt = deps.now();

  const body = new PassThrough();
  const archive = new ZipArchiveOutputStream({ zlib: { level: COMPRESSION_LEVEL } });
  const upload = new Upload({
    client: deps.s3,
    params: { Bucket: deps.dataBucket, Key: key, Body: body, ContentType: 'application/zip' },
    // The archive yields a few MB/s; two 5 MB parts in flight keep up with it and bound the buffers.
    queueSize: 2,
  });
  archive.pipe(body);
  const uploaded = upload.done();
  // Whichever side fails first stops the other; the race below then rejects with that error.
  const failure = new Promise<never>((_, reject) => {
    archive.once('error', reject);
    uploaded.catch(reject);
  });
  failure.catch(() => undefined);

  const files: string[] = [];
  const active = new Set<Readable>();
  const add = async (name: string, chunks: () => AsyncIterable<string>): Promise<void> => {
    const source = Readable.from(chunks(), { objectMode: false });
    active.add(source);
    const entry = new ZipArchiveEntry(name);
    entry.setTime(createdAt);
    entry.setUnixMode(FILE_MODE);
    const added = new Promise<void>((resolve, reject) => {
      // The source's own error is the one to report: the writer only ends the entry on it.
      source.once('error', reject);
      // Called once the entry's data has been compressed into the zip, or with what stopped it.
      archive.entry(entry, source, (error) => (error ? reject(error) : resolve()));
    });
    try {
      await Promise.race([added, failure]);
    } finally {
      active.delete(source);
    }
    files.push(name);
  };

  try {
    const summaries: SystemSummary[] = [];
    for (const { system, result, partKey } of planned) {
      if (result !== 'exported' || partKey === undefined) {
        summaries.push({ system, result, records: 0 });
        continue;
      }
      const scan: PartScan = { records: 0, columns: new Set(), complete: false };
      const names = systemFiles(system.systemId);
      await add(names.json, () => jsonArray(readPart(deps, partKey), scan));
      await add(names.csv, () => csvTable(readPart(deps, partKey), scan));
      summaries.push({ system, result, records: scan.records, columns: [...scan.columns] });
    }
    const description: ExportDescription = {
      requestId: input.requestId,
      createdAt,
      locale: input.subjectLocale,
      jurisdiction: input.jurisdiction,
      controller: input.controller,
      systems: summaries,
    };
    await add(README_FILE, async function* () {
      yield exportReadme(description);
    });
    await add(MANIFEST_FILE, async function* () {
      yield `${JSON.stringify(exportManifest(description), null, 2)}\n`;
    });
    // The central directory, then the end of the zip, which ends the upload's body.
    archive.finish();
    await Promise.race([uploaded, failure]);
  } catch (error) {
    // The body fails first, so the upload aborts instead of completing with the archive's truncated end.
    archive.unpipe(body);
    body.destroy(error instanceof Error ? error : new ExportBundleError('Bundling stopped'));
    for (const source of active) source.destroy();
    archive.destroy();
    await uploaded.catch(() => undefined);
    if (error instanceof ExportBundleError) throw error;
    throw new ExportBundleError(`Bundling the export of request ${input.requestId} failed`, { cause: error });
  }
  return { key, bytes: archive.getBytesWritten(), files };
}

/** The records of one part, read from S3 as they are consumed. */
async function* readPart(deps: BundleExportDeps, partKey: string): AsyncGenerator<JsonLine> {
  const { Body } = await deps.s3.send(new GetObjectCommand({ Bucket: deps.dataBucket, Key: partKey }));
  if (!(Body instanceof Readable)) throw new ExportBundleError(`The part ${partKey} has no readable body`);
  try {
    yield* jsonLines(Body, partKey);
  } finally {
    Body.destroy();
  }
}

/** The JSON array text of `records`, noting their count and CSV columns in `scan` on the way. */
async function* jsonArray(records: AsyncIterable<JsonLine>, scan: PartScan): AsyncGenerator<string> {
  let batch = '[';
  for await (const { text, value } of records) {
    // One record per line, as the part has it: JSON.parse has vouched for the text, so it is not written anew.
    batch += `${scan.records === 0 ? '\n' : ',\n'}${text}`;
    scan.records++;
    for (const column of flattenRecord(value).keys()) scan.columns.add(column);
    if (batch.length >= BATCH_CHARS) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}\n]\n`;
  scan.complete = true;
}

/** The CSV text of `records`: a header of the columns the JSON pass found, then one row per record. */
async function* csvTable(records: AsyncIterable<JsonLine>, scan: PartScan): AsyncGenerator<string> {
  if (!scan.complete) throw new ExportBundleError('The CSV of a part was started before its JSON pass ended');
  const columns = [...scan.columns];
  if (columns.length === 0) return;
  let rows: Cell[][] = [columns];
  let chars = 0;
  let count = 0;
  for await (const { value } of records) {
    const row = csvRow(value, columns);
    count++;
    rows.push(row);
    for (const cell of row) chars += typeof cell === 'string' ? cell.length : 8;
    if (chars >= BATCH_CHARS) {
      yield csvLines(rows);
      rows = [];
      chars = 0;
    }
  }
  // A part that changed between the two reads would give the CSV other records than the JSON.
  if (count !== scan.records) throw new ExportBundleError(`A part held ${scan.records} records for the JSON and ${count} for the CSV`);
  if (rows.length > 0) yield csvLines(rows);
}
