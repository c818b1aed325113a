// The records of one system's export part, one at a time: JSON Lines in, JSON array and CSV rows out.
import { StringDecoder } from 'node:string_decoder';
import { stringify } from 'csv-stringify/sync';

/** A single record larger than this is refused rather than held in memory. */
export const MAX_RECORD_CHARS = 32 * 1024 * 1024;

/** Thrown when a part cannot be read as JSON Lines; the message names the line, never its content. */
export class ExportPartError extends Error {
  override name = 'ExportPartError';
}

/** One line of a JSON Lines part: its text, known to be one JSON value, and that value. */
export interface JsonLine {
  text: string;
  value: unknown;
}

/**
 * The lines of a JSON Lines stream, in order, each parsed. Blank lines are skipped; the stream is
 * read as it is consumed, so at most one record (and one chunk) is held at a time.
 */
export async function* jsonLines(chunks: AsyncIterable<Uint8Array | string>, partName: string): AsyncGenerator<JsonLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNumber = 0;
  const parse = (line: string): JsonLine => {
    lineNumber++;
    const text = line.trim();
    try {
      return { text, value: JSON.parse(text) };
    } catch (error) {
      throw new ExportPartError(`Line ${lineNumber} of ${partName} is not JSON`, { cause: error });
    }
  };
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      const line = pending.slice(start, end);
      start = end + 1;
      if (line.trim() === '') lineNumber++;
      else yield parse(line);
    }
    pending = pending.slice(start);
    if (pending.length > MAX_RECORD_CHARS) {
      throw new ExportPartError(`Line ${lineNumber + 1} of ${partName} is longer than ${MAX_RECORD_CHARS} characters`);
    }
  }
  pending += decoder.end();
  if (pending.trim() !== '') yield parse(pending);
}

/** What one CSV cell holds before quoting. */
export type Cell = string | number | boolean | null;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // Lists become one cell of JSON text: columns then follow the records' shape, not their length.
  return JSON.stringify(value);
}

function flattenInto(value: Record<string, unknown>, prefix: string, cells: Map<string, Cell>): void {
  const keys = Object.keys(value);
  if (keys.length === 0 && prefix !== '') {
    cells.set(prefix, '{}');
    return;
  }
  for (const key of keys) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const child = value[key];
    if (isPlainObject(child)) flattenInto(child, path, cells);
    else cells.set(path, cellOf(child));
  }
}

/**
 * A record as CSV cells: nested objects become dotted column names (`address.city`), lists one
 * cell of JSON text. A record that is not an object is one column, `value`.
 */
export function flattenRecord(record: unknown): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  if (isPlainObject(record)) flattenInto(record, '', cells);
  else cells.set('value', cellOf(record));
  return cells;
}

/** What a spreadsheet reads as the start of a formula (OWASP, CSV injection): `=`, `+`, `-`, `@`, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain signed decimal number: a spreadsheet reads it as that number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A text cell as a spreadsheet may safely open it. The values come from the company's systems and,
 * through them, from anyone who typed into a form: a cell that would start a formula
 * (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`, `+1+2`, `@SUM(…)`) gets a leading apostrophe, which
 * spreadsheets take as "this is text" and do not show. Text that is only a signed number (`-12.5`,
 * `+4930123456`) stays as it is, so that numbers stay readable as numbers; JSON numbers are never text cells.
 * The JSON file beside the CSV keeps every value unchanged.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

const CSV_OPTIONS = {
  // RFC 4180 lines; booleans spelled out (csv-stringify writes true as "1" and false as "" by default).
  record_delimiter: 'windows',
  cast: { boolean: (value: boolean) => String(value), string: neutraliseFormula },
} as const;

/** CSV text (RFC 4180, CRLF) of `rows`, each already in column order; header and value cells alike are neutralised. */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  return stringify(rows as Cell[][], CSV_OPTIONS);
}

/** The cells of `record` in the order of `columns`; columns it lacks are empty. */
export function csvRow(record: unknown, columns: readonly string[]): Cell[] {
  const cells = flattenRecord(record);
  return columns.map((column) => cells.get(column) ?? null);
}
