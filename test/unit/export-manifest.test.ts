import { describe, expect, it } from 'vitest';
import { authorityText } from '../../shared/text/authorities.js';
import { exportManifest, exportReadme, periodText, subjectRights, type ExportDescription } from '../../shared/fulfilment/export-manifest.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { demoCategoryNames, demoPurposeNames, demoSystems } from '../../local/demo-data.js';
import type { DataSystem } from '../../shared/fulfilment/model.js';
import { dataSystem as system } from '../support/data-system.js';

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

describe('subjectRights', () => {
  it.each(['de', 'en'] as const)("lists the seven GDPR rights in %s, the complaint naming the controller's authority", (locale) => {
    // Act
    const rights = subjectRights('gdpr', locale, DEMO_CONTROLLER);

    // Assess
    expect(rights.map((r) => r.right)).toEqual(['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'complaint']);
    expect(rights.map((r) => r.basis.replace(/ (DSGVO|GDPR)$/, ''))).toEqual(['Art. 15', 'Art. 16', 'Art. 17', 'Art. 18', 'Art. 20', 'Art. 21', 'Art. 77']);
    expect(rights.at(-1)?.text).toContain(authorityText(DEMO_CONTROLLER.authorities.gdpr, locale));
  });

  it('lists the CCPA rights with the Californian complaint route instead of the EU authority', () => {
    // Act
    const rights = subjectRights('ccpa', 'en', DEMO_CONTROLLER);

    // Assess
    expect(rights.map((r) => r.right)).toEqual([
      'access',
      'rectification',
      'erasure',
      'restriction',
      'portability',
      'objection',
      'non-discrimination',
      'complaint',
    ]);
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
    {
      locale: 'de',
      says: [
        'Kopie Ihrer personenbezogenen Daten',
        'Ihre Datensätze aus Billing als JSON (1 Datensatz)',
        'invoices: 10 Jahre; Rechtsgrundlage: § 147 AO, § 257 HGB',
        'Systeme ohne Daten über Sie',
        '- Live chat (chat)',
        'Systeme, aus denen wir nicht exportieren konnten',
        '- Tracker (tracker)',
        'Recht auf Einschränkung der Verarbeitung (Art. 18 DSGVO)',
        'Bayerisches Landesamt für Datenschutzaufsicht',
        '25. November 2026',
      ],
    },
    {
      locale: 'en',
      says: [
        'Copy of your personal data',
        'Your records from Billing as JSON (1 record)',
        'invoices: 10 years; legal basis: § 147 AO, § 257 HGB',
        'Systems that hold no data about you',
        '- Live chat (chat)',
        'Systems we could not export from',
        '- Tracker (tracker)',
        'Right to restriction of processing (Art. 18 GDPR)',
        'Bavarian Data Protection Authority',
        'November 25, 2026',
      ],
    },
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

  describe('with names and legal bases per language in the inventory', () => {
    const localized = (locale: 'de' | 'en'): ExportDescription => ({
      ...description(locale),
      systems: [
        {
          system: system('billing', {
            name: 'Billing',
            names: { de: 'Rechnungen', en: 'Billing and payments' },
            retention: [{ category: 'invoices', keepFor: 'P10Y', legalBasis: 'German tax law', legalBases: { de: '§ 147 AO, § 257 HGB' } }],
          }),
          result: 'exported',
          records: 1,
          columns: ['id'],
        },
        { system: system('chat', { name: 'Live chat', names: { en: 'Live chat' } }), result: 'not-found', records: 0 },
      ],
    });

    it.each([
      {
        locale: 'de',
        says: [
          'Rechnungen (billing)',
          'Ihre Datensätze aus Rechnungen als JSON',
          'invoices: 10 Jahre; Rechtsgrundlage: § 147 AO, § 257 HGB',
          '- Live chat (chat)',
        ],
        never: ['Billing', 'German tax law'],
      },
      {
        locale: 'en',
        says: ['Billing and payments (billing)', 'invoices: 10 years; legal basis: German tax law', '- Live chat (chat)'],
        never: ['Rechnungen', '§ 147 AO'],
      },
    ] as const)(
      'writes the README in $locale with the names and legal bases of $locale, and a system named in one language only as registered',
      ({ locale, says, never }) => {
        // Act
        const readme = exportReadme(localized(locale));
        const manifest = exportManifest(localized(locale));

        // Assess
        for (const text of says) expect(readme).toContain(text);
        for (const text of never) expect(readme).not.toContain(text);
        expect(manifest.systems[0]?.name).toBe(locale === 'de' ? 'Rechnungen' : 'Billing and payments');
        expect(manifest.systems[0]?.retention[0]?.legalBasis).toBe(locale === 'de' ? '§ 147 AO, § 257 HGB' : 'German tax law');
      },
    );
  });
});

describe('the German export README of the demo inventory', () => {
  /** Every demo system as registered, each exported with one record. */
  const demoExport = (locale: 'de' | 'en'): ExportDescription => ({
    requestId: '01JEXPORTDEMO0000000000000',
    createdAt: new Date('2026-11-25T10:00:00.000Z'),
    locale,
    jurisdiction: 'gdpr',
    controller: DEMO_CONTROLLER,
    systems: demoSystems.map((registration): ExportDescription['systems'][number] => ({
      system: { ...registration, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' } satisfies DataSystem,
      result: 'exported',
      records: 1,
      columns: ['id'],
    })),
  });
  /** The inventory's English words for categories, purposes, descriptions and kept categories, where German differs. */
  const english = [
    ...Object.values(demoCategoryNames)
      .filter((t) => t.de !== t.en)
      .map((t) => t.en),
    ...Object.values(demoPurposeNames)
      .filter((t) => t.de !== t.en)
      .map((t) => t.en),
    ...demoSystems.flatMap((s) => s.purposes),
    ...demoSystems.map((s) => s.description),
    ...demoSystems.flatMap((s) => s.retention.map((r) => r.category)),
  ];
  /** A whole word or phrase of the text, so "support" does not match inside "Kundensupport". */
  const containsPhrase = (text: string, phrase: string) =>
    new RegExp(`(^|[^\\p{L}-])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}-])`, 'u').test(text);

  it('names no category, purpose, description or kept category in English', () => {
    // Act
    const readme = exportReadme(demoExport('de'));
    const manifest = JSON.stringify(exportManifest(demoExport('de')).systems);

    // Assess
    expect(english.length).toBeGreaterThan(20);
    expect(english.filter((phrase) => containsPhrase(readme, phrase))).toEqual([]);
    expect(english.filter((phrase) => containsPhrase(manifest, phrase))).toEqual([]);
    expect(readme).toContain('Datenkategorien: Identitätsdaten, Kontaktdaten, Nutzungsdaten');
    expect(readme).toContain('Zwecke: Kundensupport');
    expect(readme).toContain('Beschreibung: Protokolle von Chats mit dem Support-Team.');
    expect(readme).toContain('Rechnungen: 10 Jahre');
  });

  it('names them in English in the English README, the texts the inventory registered', () => {
    // Act
    const readme = exportReadme(demoExport('en'));

    // Assess
    expect(readme).toContain('identity data, contact data, usage data');
    expect(readme).toContain('customer support');
    expect(readme).toContain('Transcripts of chats with the support team.');
    expect(readme).not.toContain('Kundensupport');
  });
});
