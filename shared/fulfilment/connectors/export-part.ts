// Streams one system's exported records to S3 as JSON Lines: one part of the export bundle.
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** Lines are handed to the upload in chunks of about this size, not one by one and not all at once. */
const CHUNK_BYTES = 64 * 1024;

/** Where the export part of one system for one request lives in the data bucket. */
export function exportPartKey(requestId: string, systemId: string): string {
  return `exports/${requestId}/parts/${systemId}.jsonl`;
}

/** JSON has no sets or bytes: sets become arrays, binary values base64. */
function jsonValue(_key: string, value: unknown): unknown {
  if (value instanceof Set) return [...(value as Set<unknown>)];
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** One record as one line of JSON Lines. */
export function jsonLine(record: unknown): string {
  return `${JSON.stringify(record, jsonValue)}\n`;
}

export interface JsonLinesPart {
  s3: S3Client;
  bucket: string;
  key: string;
  records: AsyncIterable<unknown>;
}

/**
 * Uploads `records` as JSON Lines while they are still being read, so memory holds a few chunks
 * rather than the whole export. Writes nothing and returns 0 when there are no records.
 */
export async function writeJsonLinesPart({ s3, bucket, key, records }: JsonLinesPart): Promise<number> {
  const iterator = records[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return 0;

  let count = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    let lines: string[] = [];
    let size = 0;
    for (let next = first; !next.done; next = await iterator.next()) {
      const line = jsonLine(next.value);
      count += 1;
      lines.push(line);
      size += line.length;
      if (size >= CHUNK_BYTES) {
        yield Buffer.from(lines.join(''), 'utf8');
        lines = [];
        size = 0;
      }
    }
    if (lines.length > 0) yield Buffer.from(lines.join(''), 'utf8');
  }

  const body = Readable.from(chunks(), { objectMode: false });
  try {
    await new Upload({
      client: s3,
      params: { Bucket: bucket, Key: key, Body: body, ContentType: 'application/x-ndjson; charset=utf-8' },
    }).done();
  } finally {
    body.destroy();
    await iterator.return?.();
  }
  return count;
}
