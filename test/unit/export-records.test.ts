import { describe, expect, it } from 'vitest';
import { csvLines, csvRow, ExportPartError, flattenRecord, jsonLines } from '../../shared/fulfilment/export-records.js';

async function collect<T>(values: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of values) out.push(value);
  return out;
}

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  yield* parts;
}

describe('jsonLines', () => {
  it('yields one value per line, across chunk borders and split multi-byte characters', async () => {
    // Prepare
    const bytes = Buffer.from('{"name":"Jürgen"}\r\n\n{"n":2}\n[1,2]', 'utf8');
    const split = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ü"

    // Act
    const values = await collect(jsonLines(chunks(bytes.subarray(0, split), bytes.subarray(split)), 'part.jsonl'));

    // Assess
    expect(values).toEqual([
      { text: '{"name":"Jürgen"}', value: { name: 'Jürgen' } },
      { text: '{"n":2}', value: { n: 2 } },
      { text: '[1,2]', value: [1, 2] },
    ]);
  });

  it('names the line that is not JSON without quoting it', async () => {
    // Act
    const reading = collect(jsonLines(chunks('{"ok":1}\n\n{"email":"anna@example.com"\n'), 'exports/r/parts/crm.jsonl'));

    // Assess
    await expect(reading).rejects.toThrow(ExportPartError);
    await expect(reading).rejects.toThrow('Line 3 of exports/r/parts/crm.jsonl is not JSON');
    await expect(reading).rejects.not.toThrow(/anna/);
  });
});

describe('flattenRecord', () => {
  it.each([
    {
      note: 'flat fields as they are',
      record: { id: 1, ok: true, note: null },
      cells: [
        ['id', 1],
        ['ok', true],
        ['note', null],
      ],
    },
    {
      note: 'nested objects as dotted columns',
      record: { address: { city: 'Berlin', geo: { lat: 52.5 } } },
      cells: [
        ['address.city', 'Berlin'],
        ['address.geo.lat', 52.5],
      ],
    },
    {
      note: 'lists as one cell of JSON text',
      record: { tags: ['a', 'b'], items: [{ sku: 1 }] },
      cells: [
        ['tags', '["a","b"]'],
        ['items', '[{"sku":1}]'],
      ],
    },
    { note: 'an empty nested object as {}', record: { prefs: {} }, cells: [['prefs', '{}']] },
    { note: 'a record that is not an object as one value column', record: 'plain', cells: [['value', 'plain']] },
  ])('turns $note', ({ record, cells }) => {
    expect([...flattenRecord(record)]).toEqual(cells);
  });
});

describe('csvLines', () => {
  it('quotes as RFC 4180 asks, ends lines with CRLF and spells out booleans', () => {
    // Act
    const text = csvLines([
      ['id', 'note', 'active', 'missing'],
      ...[csvRow({ id: 7, note: 'says "hi", twice\nthen leaves', active: false }, ['id', 'note', 'active', 'missing'])],
    ]);

    // Assess
    expect(text).toBe('id,note,active,missing\r\n7,"says ""hi"", twice\nthen leaves",false,\r\n');
  });
});
