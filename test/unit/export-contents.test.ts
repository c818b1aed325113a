import { describe, expect, it } from 'vitest';
import { planBundle, bundleKey, ExportBundleError } from '../../shared/fulfilment/export-bundle.js';
import { exportManifest, exportReadme, periodText, subjectRights, type ExportDescription } from '../../shared/fulfilment/export-manifest.js';
import { csvLines, csvRow, ExportPartError, flattenRecord, jsonLines } from '../../shared/fulfilment/export-records.js';
import type { DataSystem, SystemOutcome } from '../../shared/fulfilment/model.js';
import { DEMO_CONTROLLER } from '../../shared/notices/catalogue.js';

async function collect<T>(values: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of values) out.push(value);
  return out;
}

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  yield* parts;
}

const system = (systemId: string, extra: Partial<DataSystem> = {}): DataSystem => ({
  systemId,
  name: `System ${systemId}`,
  owner: 'Platform team',
  categories: ['contact data'],
  connector: { kind: 'dynamodb', table: 't', keyAttribute: 'pk', subjectKey: 'accountId' },
  actions: ['export'],
  purposes: ['service delivery'],
  retention: [],
  sellsOrShares: false,
  marketingRecipients: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...extra,
});

const outcome = (systemId: string, extra: Partial<SystemOutcome>): SystemOutcome => ({ systemId, action: 'export', outcome: 'done', records: 0, ...extra });

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
    { note: 'flat fields as they are', record: { id: 1, ok: true, note: null }, cells: [['id', 1], ['ok', true], ['note', null]] },
    {
      note: 'nested objects as dotted columns',
      record: { address: { city: 'Berlin', geo: { lat: 52.5 } } },
      cells: [['address.city', 'Berlin'], ['address.geo.lat', 52.5]],
    },
    { note: 'lists as one cell of JSON text', record: { tags: ['a', 'b'], items: [{ sku: 1 }] }, cells: [['tags', '["a","b"]'], ['items', '[{"sku":1}]']] },
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

describe('periodText', () => {
  it.each([
    { period: 'P10Y', locale: 'de', text: '10 Jahre' },
    { period: 'P10Y', locale: 'en', text: '10 years' },
    { period: 'P1Y6M', locale: 'en', text: '1 year and 6 months' },
    { period: 'P1M', locale: 'de', text: '1 Monat' },
    { period: 'P2W', locale: 'de', text: '2 Wochen' },
    { period: 'P35D', locale: 'en', text: '35 days' },
    { period: 'P', locale: 'en', text: 'P' },
    { period: 'PT12H', locale: 'en', text: 'PT12H' },
  ] as const)('reads $period as "$text" in $locale', ({ period, locale, text }) => {
    expect(periodText(period, locale)).toBe(text);
  });
});

describe('planBundle', () => {
  it('sorts export outcomes into exported, not found and failed, and skips other actions', () => {
    // Prepare
    const systems = ['crm', 'chat', 'billing', 'tracker', 'ads'].map((id) => system(id));
    const outcomes = [
      outcome('crm', { records: 2, partKey: 'exports/r/parts/crm.jsonl' }),
      outcome('chat', { outcome: 'not-found' }),
      outcome('billing', { outcome: 'failed', error: 'timeout' }),
      outcome('tracker', { records: 3 }),
      outcome('ads', { action: 'delete', records: 1 }),
    ];

    // Act
    const plan = planBundle(systems, outcomes);

    // Assess
    expect(plan.map((p) => [p.system.systemId, p.result, p.partKey])).toEqual([
      ['crm', 'exported', 'exports/r/parts/crm.jsonl'],
      ['chat', 'not-found', undefined],
      ['billing', 'failed', undefined],
      ['tracker', 'failed', undefined],
    ]);
  });

  it.each([
    { note: 'a system id that is a path', outcomes: [outcome('../etc', {})], message: 'cannot name a file' },
    { note: 'a system id that is a reserved name', outcomes: [outcome('manifest', {})], message: 'cannot name a file' },
    { note: 'two outcomes whose files would collide', outcomes: [outcome('crm', {}), outcome('CRM', {})], message: 'Two export outcomes' },
    { note: 'a system the inventory lacks', outcomes: [outcome('ghost', {})], message: 'not in the inventory' },
  ])('refuses $note', ({ outcomes, message }) => {
    expect(() => planBundle([system('crm'), system('CRM')], outcomes)).toThrow(message);
  });

  it('refuses a request id that would leave the exports prefix', () => {
    expect(() => bundleKey('../other')).toThrow(ExportBundleError);
    expect(bundleKey('01JEXPORT00000000000000000')).toBe('exports/01JEXPORT00000000000000000/bundle.zip');
  });
});

describe('subjectRights', () => {
  it.each(['de', 'en'] as const)('lists the seven GDPR rights in %s, the complaint naming the controller\'s authority', (locale) => {
    // Act
    const rights = subjectRights('gdpr', locale, DEMO_CONTROLLER);

    // Assess
    expect(rights.map((r) => r.right)).toEqual(['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'complaint']);
    expect(rights.map((r) => r.basis.replace(/ (DSGVO|GDPR)$/, ''))).toEqual(['Art. 15', 'Art. 16', 'Art. 17', 'Art. 18', 'Art. 20', 'Art. 21', 'Art. 77']);
    expect(rights.at(-1)?.text).toContain(DEMO_CONTROLLER.supervisoryAuthority[locale]);
  });

  it('lists the CCPA rights with the Californian complaint route instead of the EU authority', () => {
    // Act
    const rights = subjectRights('ccpa', 'en', DEMO_CONTROLLER);

    // Assess
    expect(rights.map((r) => r.right)).toEqual(['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'non-discrimination', 'complaint']);
    expect(rights.at(-1)?.text).toContain('California Privacy Protection Agency');
    expect(JSON.stringify(rights)).not.toContain('BayLDA');
  });
});

describe('exportReadme and exportManifest', () => {
  const description = (locale: 'de' | 'en'): ExportDescription => ({
    requestId: '01JEXPORT00000000000000000',
    createdAt: new Date('2026-11-25T10:00:00.000Z'),
    locale,
    jurisdiction: 'gdpr',
    controller: DEMO_CONTROLLER,
    systems: [
      {
        system: system('billing', { name: 'Billing', retention: [{ category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO, § 257 HGB' }] }),
        result: 'exported',
        records: 1,
        columns: ['id'],
      },
      { system: system('chat', { name: 'Live chat' }), result: 'not-found', records: 0 },
      { system: system('tracker', { name: 'Tracker' }), result: 'failed', records: 0 },
    ],
  });

  it.each([
    { locale: 'de', says: ['Kopie Ihrer personenbezogenen Daten', 'Ihre Datensätze aus Billing als JSON (1 Datensatz)', 'invoices: 10 Jahre; Rechtsgrundlage: § 147 AO, § 257 HGB', 'Systeme ohne Daten über Sie', '- Live chat (chat)', 'Systeme, aus denen wir nicht exportieren konnten', '- Tracker (tracker)', 'Recht auf Einschränkung der Verarbeitung (Art. 18 DSGVO)', 'Bayerisches Landesamt für Datenschutzaufsicht', '25. November 2026'] },
    { locale: 'en', says: ['Copy of your personal data', 'Your records from Billing as JSON (1 record)', 'invoices: 10 years; legal basis: § 147 AO, § 257 HGB', 'Systems that hold no data about you', '- Live chat (chat)', 'Systems we could not export from', '- Tracker (tracker)', 'Right to restriction of processing (Art. 18 GDPR)', 'Bavarian Data Protection Authority', 'November 25, 2026'] },
  ] as const)('writes the README in $locale', ({ locale, says }) => {
    // Act
    const readme = exportReadme(description(locale));

    // Assess
    for (const text of says) expect(readme).toContain(text);
    expect(readme.split('\r\n').length).toBeGreaterThan(30);
    expect(readme.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('describes the same bundle for machines', () => {
    // Act
    const manifest = exportManifest(description('en'));

    // Assess
    expect(manifest.files.map((f) => f.name)).toEqual(['README.txt', 'manifest.json', 'billing.json', 'billing.csv']);
    expect(manifest.systems.map((s) => [s.systemId, s.result, s.records, s.files])).toEqual([
      ['billing', 'exported', 1, ['billing.json', 'billing.csv']],
      ['chat', 'not-found', 0, []],
      ['tracker', 'failed', 0, []],
    ]);
    expect(manifest.systems[0]?.retention).toEqual([{ category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO, § 257 HGB', period: '10 years' }]);
    expect(manifest.createdAt).toBe('2026-11-25T10:00:00.000Z');
  });
});
