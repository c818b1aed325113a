// The part of compress-commons that bundling an export uses: its zip writer, a Transform that takes
// one entry at a time and calls back when the entry's data has been written (see export-bundle.ts).
declare module 'compress-commons' {
  import type { Readable, Transform, TransformOptions } from 'node:stream';

  export class ZipArchiveEntry {
    constructor(name: string);
    getName(): string;
    setTime(time: Date, forceLocalTime?: boolean): void;
    setUnixMode(mode: number): void;
  }

  export interface ZipArchiveOutputStreamOptions extends TransformOptions {
    zlib?: { level?: number };
    forceZip64?: boolean;
    forceLocalTime?: boolean;
  }

  export class ZipArchiveOutputStream extends Transform {
    constructor(options?: ZipArchiveOutputStreamOptions);
    /** Writes `entry` with `source` as its data; `callback` runs once the data is written, or with the error that stopped it. */
    entry(
      entry: ZipArchiveEntry,
      source: Readable | Buffer | string | null,
      callback: (error: Error | null | undefined, entry?: ZipArchiveEntry) => void,
    ): this | undefined;
    /** Writes the central directory and ends the stream, once the entry being written has ended. */
    finish(): void;
    /** Bytes of the zip written so far. */
    getBytesWritten(): number;
  }

  const compressCommons: { ZipArchiveEntry: typeof ZipArchiveEntry; ZipArchiveOutputStream: typeof ZipArchiveOutputStream };
  export default compressCommons;
}
