// The export bundle against the local S3 emulator: parts in, one zip out, read back as the subject would.
import { execFileSync } from 'node:child_process';
import { authorityText } from '../../shared/text/authorities.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { createS3Client } from '../../shared/aws/s3.js';
import { bundleExport, ExportBundleError, type BundleExportInput } from '../../shared/fulfilment/export-bundle.js';
import { EXPORT_LINKS, issueExportLink } from '../../shared/fulfilment/export-links.js';
import { DynamoLinkStore } from '../../shared/links/link-store.js';
import type { Manifest } from '../../shared/fulfilment/export-manifest.js';
import type { DataSystem, SystemOutcome } from '../../shared/fulfilment/model.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { buckets, tables } from '../../shared/resources.js';
import { parseCsv } from '../support/csv.js';
import { dataSystem } from '../support/data-system.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';
import { readZip, type ZipEntry } from '../support/zip.js';

const BUCKET = buckets.data.localName;
const NOW = new Date('2026-11-25T10:00:00.000Z');

const crmRecords = [
  {
    customerId: 'acc-1001',
    name: 'Anna Schmidt',
    address: { street: 'Hauptstraße 12', city: 'Berlin', geo: { lat: 52.52, lon: 13.4 } },
    tags: ['newsletter', 'beta'],
    marketing: false,
  },
  { customerId: 'acc-1001', name: 'Anna Schmidt', address: { city: 'München' }, notes: 'Moved in "2025", see ticket, thanks\nsecond line', marketing: true },
];
const supportRecords = [
  { ticket: 'T-1', subject: 'Login fails', openedAt: '2026-01-02T09:00:00Z' },
  { ticket: 'T-2', subject: 'Invoice question', openedAt: '2026-02-03T09:00:00Z', resolvedAt: '2026-02-04T10:00:00Z', agent: null },
  { ticket: 'T-3', subject: 'Ünïcödé ✓', openedAt: '2026-03-04T09:00:00Z' },
];
const billingRecords = [{ invoice: 'INV-2026-0001', amount: 49.9, currency: 'EUR', paid: true }];

/** A demo-table system that can export and delete; `extra` sets what the test is about. */
const system = (systemId: string, extra: Partial<DataSystem>): DataSystem =>
  dataSystem(systemId, {
    name: systemId,
    connector: { kind: 'dynamodb', table: `demo-${systemId}`, keyAttribute: 'accountId', subjectKey: 'accountId' },
    actions: ['export', 'delete'],
    ...extra,
  });

const systems: DataSystem[] = [
  system('crm', {
    name: 'Customer relationship management',
    owner: 'Sales Operations',
    categories: ['contact data', 'address data'],
    purposes: ['customer service', 'marketing'],
    marketingRecipients: ['Example Mailing Ltd.'],
  }),
  // Registered with a German name beside the one without a language: the German README uses it, the English one falls back.
  system('support', {
    name: 'Support desk',
    names: { de: 'Kundensupport' },
    owner: 'Customer Support',
    categories: ['support tickets'],
    connector: { kind: 'webhook', url: 'https://support.example.com/hooks/privacy?secret=s3cr3t' },
  }),
  system('billing', {
    name: 'Billing',
    owner: 'Finance',
    categories: ['payment data', 'invoices'],
    retention: [
      { category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO, § 257 HGB', legalBases: { de: '§ 147 AO, § 257 HGB (Steuer- und Handelsrecht)' } },
    ],
  }),
  system('chat', { name: 'Live chat', owner: 'Customer Support' }),
  system('tracker', { name: 'Mobile tracker', owner: 'Mobile team' }),
];

const partKey = (requestId: string, systemId: string) => `exports/${requestId}/parts/${systemId}.jsonl`;
const jsonl = (records: readonly unknown[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

describe('bundleExport against the local S3 emulator', () => {
  let runtime: LocalRuntime;
  let s3: S3Client;

  const writePart = (key: string, body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  const download = async (key: string) => {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await Body!.transformToByteArray());
  };

  /** Writes the three systems' parts for `requestId` and the outcomes the connectors would report. */
  const prepare = async (requestId: string): Promise<SystemOutcome[]> => {
    await writePart(partKey(requestId, 'crm'), jsonl(crmRecords));
    // A part as a webhook system might send it: CRLF, a blank line, no newline at the end.
    await writePart(partKey(requestId, 'support'), `${supportRecords.map((r) => JSON.stringify(r)).join('\r\n')}`.replace('\r\n', '\r\n\r\n'));
    await writePart(partKey(requestId, 'billing'), jsonl(billingRecords));
    return [
      { systemId: 'crm', action: 'export', outcome: 'done', records: 2, partKey: partKey(requestId, 'crm') },
      { systemId: 'support', action: 'export', outcome: 'done', records: 3, partKey: partKey(requestId, 'support') },
      { systemId: 'billing', action: 'export', outcome: 'done', records: 1, partKey: partKey(requestId, 'billing') },
      { systemId: 'chat', action: 'export', outcome: 'not-found', records: 0 },
      { systemId: 'tracker', action: 'export', outcome: 'failed', records: 0, error: 'timed out' },
    ];
  };

  const input = (requestId: string, locale: 'de' | 'en', outcomes: SystemOutcome[]): BundleExportInput => ({
    requestId,
    subjectLocale: locale,
    jurisdiction: 'gdpr',
    systems,
    outcomes,
    controller: DEMO_CONTROLLER,
  });

  const deps = () => ({ s3, dataBucket: BUCKET, now: () => NOW });
  const text = (entries: ZipEntry[], name: string) => {
    const entry = entries.find((e) => e.name === name);
    if (!entry) throw new Error(`No ${name} in the bundle`);
    return entry.data.toString('utf8');
  };

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true });
    s3 = createS3Client();
  });

  afterAll(async () => {
    s3?.destroy();
    await runtime?.stop();
  });

  describe.each([
    {
      locale: 'en',
      requestId: '01JEXPORTEN000000000000000',
      readme: [
        'Copy of your personal data',
        'Customer relationship management (crm)',
        'Responsible: Sales Operations',
        'Categories of data: contact data, address data',
        'Source of this export: delivered by the system itself through its interface',
        'Records: 3 records',
        'invoices: 10 years; legal basis: § 147 AO, § 257 HGB',
        'Recipients for direct marketing: Example Mailing Ltd.',
        'Systems that hold no data about you',
        '- Live chat (chat)',
        'Systems we could not export from',
        '- Mobile tracker (tracker)',
        'Right of access (Art. 15 GDPR)',
        'Right to rectification (Art. 16 GDPR)',
        'Right to erasure (Art. 17 GDPR)',
        'Right to restriction of processing (Art. 18 GDPR)',
        'Right to data portability (Art. 20 GDPR)',
        'Right to object (Art. 21 GDPR)',
        'Right to lodge a complaint with a supervisory authority (Art. 77 GDPR)',
        authorityText(DEMO_CONTROLLER.authorities.gdpr, 'en'),
        'privacy@example.com',
      ],
      csvDescription: 'The same records from Support desk as a table (CSV)',
    },
    {
      locale: 'de',
      requestId: '01JEXPORTDE000000000000000',
      readme: [
        'Kopie Ihrer personenbezogenen Daten',
        'Customer relationship management (crm)',
        'Verantwortlich: Sales Operations',
        'Datenkategorien: contact data, address data',
        'Herkunft dieses Exports: vom System selbst über seine Schnittstelle geliefert',
        'Datensätze: 3 Datensätze',
        'invoices: 10 Jahre; Rechtsgrundlage: § 147 AO, § 257 HGB (Steuer- und Handelsrecht)',
        'Empfänger für Direktwerbung: Example Mailing Ltd.',
        'Systeme ohne Daten über Sie',
        '- Live chat (chat)',
        'Systeme, aus denen wir nicht exportieren konnten',
        '- Mobile tracker (tracker)',
        'Auskunftsrecht (Art. 15 DSGVO)',
        'Recht auf Berichtigung (Art. 16 DSGVO)',
        'Recht auf Löschung (Art. 17 DSGVO)',
        'Recht auf Einschränkung der Verarbeitung (Art. 18 DSGVO)',
        'Recht auf Datenübertragbarkeit (Art. 20 DSGVO)',
        'Widerspruchsrecht (Art. 21 DSGVO)',
        'Beschwerderecht bei einer Aufsichtsbehörde (Art. 77 DSGVO)',
        authorityText(DEMO_CONTROLLER.authorities.gdpr, 'de'),
        'privacy@example.com',
      ],
      csvDescription: 'Dieselben Datensätze aus Kundensupport als Tabelle (CSV)',
    },
  ] as const)('in $locale', ({ locale, requestId, readme, csvDescription }) => {
    let entries: ZipEntry[];
    let zip: Buffer;
    let result: Awaited<ReturnType<typeof bundleExport>>;

    beforeAll(async () => {
      const outcomes = await prepare(requestId);
      result = await bundleExport(input(requestId, locale, outcomes), deps());
      zip = await download(result.key);
      entries = readZip(zip);
    });

    it("writes one zip under the request's exports prefix and reports its files and size", () => {
      const names = ['crm.json', 'crm.csv', 'support.json', 'support.csv', 'billing.json', 'billing.csv', 'README.txt', 'manifest.json'];
      expect(result).toEqual({ key: `exports/${requestId}/bundle.zip`, bytes: zip.length, files: names });
      expect(entries.map((e) => e.name)).toEqual(names);
      expect(entries.every((e) => e.method === 8)).toBe(true);
    });

    it('gives each system its records as a JSON array, exactly as the part held them', () => {
      expect(JSON.parse(text(entries, 'crm.json'))).toEqual(crmRecords);
      expect(JSON.parse(text(entries, 'support.json'))).toEqual(supportRecords);
      expect(JSON.parse(text(entries, 'billing.json'))).toEqual(billingRecords);
    });

    it("gives each system a CSV with dotted columns for nested fields and the union of all records' fields", () => {
      const crm = parseCsv(text(entries, 'crm.csv'));
      expect(crm).toEqual([
        ['customerId', 'name', 'address.street', 'address.city', 'address.geo.lat', 'address.geo.lon', 'tags', 'marketing', 'notes'],
        ['acc-1001', 'Anna Schmidt', 'Hauptstraße 12', 'Berlin', '52.52', '13.4', '["newsletter","beta"]', 'false', ''],
        ['acc-1001', 'Anna Schmidt', '', 'München', '', '', '', 'true', 'Moved in "2025", see ticket, thanks\nsecond line'],
      ]);
      const support = parseCsv(text(entries, 'support.csv'));
      expect(support).toEqual([
        ['ticket', 'subject', 'openedAt', 'resolvedAt', 'agent'],
        ['T-1', 'Login fails', '2026-01-02T09:00:00Z', '', ''],
        ['T-2', 'Invoice question', '2026-02-03T09:00:00Z', '2026-02-04T10:00:00Z', ''],
        ['T-3', 'Ünïcödé ✓', '2026-03-04T09:00:00Z', '', ''],
      ]);
      expect(parseCsv(text(entries, 'billing.csv'))).toEqual([
        ['invoice', 'amount', 'currency', 'paid'],
        ['INV-2026-0001', '49.9', 'EUR', 'true'],
      ]);
    });

    it(`explains the bundle, the systems and the subject's rights in the README (${locale})`, () => {
      const content = text(entries, 'README.txt');
      for (const line of readme) expect(content).toContain(line);
      expect(content).not.toContain('s3cr3t');
      expect(content).not.toContain('timed out');
    });

    it(`describes every file and system in the manifest (${locale})`, () => {
      const manifest = JSON.parse(text(entries, 'manifest.json')) as Manifest;
      expect(manifest).toMatchObject({ manifestVersion: 1, requestId, createdAt: NOW.toISOString(), language: locale, jurisdiction: 'gdpr' });
      expect(manifest.files.map((f) => f.name)).toEqual([
        'README.txt',
        'manifest.json',
        'crm.json',
        'crm.csv',
        'support.json',
        'support.csv',
        'billing.json',
        'billing.csv',
      ]);
      expect(manifest.files.find((f) => f.name === 'support.csv')).toMatchObject({
        format: 'csv',
        systemId: 'support',
        records: 3,
        description: csvDescription,
      });
      expect(manifest.systems.map((s) => [s.systemId, s.result, s.records, s.owner])).toEqual([
        ['crm', 'exported', 2, 'Sales Operations'],
        ['support', 'exported', 3, 'Customer Support'],
        ['billing', 'exported', 1, 'Finance'],
        ['chat', 'not-found', 0, 'Customer Support'],
        ['tracker', 'failed', 0, 'Mobile team'],
      ]);
      expect(manifest.systems.find((s) => s.systemId === 'billing')?.retention).toEqual([
        {
          category: 'invoices',
          keepFor: 'P10Y',
          legalBasis: locale === 'de' ? '§ 147 AO, § 257 HGB (Steuer- und Handelsrecht)' : '§ 147 AO, § 257 HGB',
          period: locale === 'de' ? '10 Jahre' : '10 years',
        },
      ]);
      expect(manifest.rights.map((r) => r.right)).toEqual(['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'complaint']);
      expect(manifest.supervisoryAuthority).toBe(authorityText(DEMO_CONTROLLER.authorities.gdpr, locale));
      expect(JSON.stringify(manifest)).not.toContain('s3cr3t');
    });

    it("is a zip that the system's unzip accepts", () => {
      const dir = mkdtempSync(join(tmpdir(), 'privacy-ops-bundle-'));
      try {
        const file = join(dir, 'bundle.zip');
        writeFileSync(file, zip);
        const listing = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
        expect(listing).toContain('No errors detected');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('streams a bundle larger than one upload part through a multipart upload', async () => {
    // Prepare: random payloads barely compress, so the zip outgrows the 5 MiB part size.
    const requestId = '01JEXPORTLARGE000000000000';
    const records = Array.from({ length: 3000 }, (_, i) => ({ i, blob: randomBytes(1500).toString('base64') }));
    await writePart(partKey(requestId, 'crm'), jsonl(records));
    const outcomes: SystemOutcome[] = [{ systemId: 'crm', action: 'export', outcome: 'done', records: 3000, partKey: partKey(requestId, 'crm') }];

    // Act
    const result = await bundleExport(input(requestId, 'en', outcomes), deps());

    // Assess
    const zip = await download(result.key);
    expect(result.bytes).toBe(zip.length);
    expect(zip.length).toBeGreaterThan(5 * 1024 * 1024);
    const entries = readZip(zip);
    expect(JSON.parse(text(entries, 'crm.json'))).toEqual(records);
    expect(parseCsv(text(entries, 'crm.csv'))).toHaveLength(3001);
  });

  it('fails on a part that is not JSON Lines and leaves no bundle behind', async () => {
    // Prepare
    const requestId = '01JEXPORTBROKEN00000000000';
    await writePart(partKey(requestId, 'crm'), `${jsonl(crmRecords)}{"name":"Anna Schmidt",\n`);
    const outcomes: SystemOutcome[] = [{ systemId: 'crm', action: 'export', outcome: 'done', records: 3, partKey: partKey(requestId, 'crm') }];

    // Act
    const bundling = bundleExport(input(requestId, 'en', outcomes), deps());

    // Assess
    await expect(bundling).rejects.toThrow(ExportBundleError);
    await expect(bundling).rejects.toMatchObject({ cause: { message: `Line 3 of ${partKey(requestId, 'crm')} is not JSON` } });
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `exports/${requestId}/bundle.zip` }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('fails on a part that is missing', async () => {
    // Prepare
    const requestId = '01JEXPORTMISSING0000000000';
    const outcomes: SystemOutcome[] = [{ systemId: 'crm', action: 'export', outcome: 'done', records: 1, partKey: partKey(requestId, 'crm') }];

    // Act
    const bundling = bundleExport(input(requestId, 'en', outcomes), deps());

    // Assess
    await expect(bundling).rejects.toMatchObject({ name: 'ExportBundleError', cause: { name: 'NoSuchKey' } });
  });

  it('serves the bundle through an export link: its button redirects to a presigned download of the zip, five times at most', async () => {
    // Prepare
    const requestId = '01JEXPORTLINK0000000000000';
    const bundle = await bundleExport(input(requestId, 'de', await prepare(requestId)), deps());
    const links = new DynamoLinkStore({ tableName: tables.tokens.localName, ...EXPORT_LINKS });
    const { token } = await issueExportLink(requestId, bundle.key, { links, now: () => new Date(), locale: 'de' });
    const { handler: show } = await import('../../functions/fulfilment/download-export.handler.js');
    const { handler: take } = await import('../../functions/fulfilment/take-export-download.handler.js');
    const link = { resource: '/v1/exports/{token}', path: `/v1/exports/${token}`, pathParameters: { token } };
    const page = apiEvent({ httpMethod: 'GET', ...link });
    // A fresh event per click: the form parser replaces an event's body with the parsed fields.
    const button = () => apiEvent({ httpMethod: 'POST', ...link, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'download=yes' });

    // Act
    const shown = (await show(page, lambdaContext())) as APIGatewayProxyResult;
    const takes: APIGatewayProxyResult[] = [];
    for (let i = 0; i < 6; i++) takes.push((await take(button(), lambdaContext())) as APIGatewayProxyResult);
    const shownAfter = (await show(page, lambdaContext())) as APIGatewayProxyResult;
    const first = takes[0]!;
    const response = await fetch(String(first.headers?.location));
    const body = Buffer.from(await response.arrayBuffer());

    // Assess
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Dieser Link erlaubt noch 5 Downloads');
    expect(takes.map((t) => t.statusCode)).toStrictEqual([303, 303, 303, 303, 303, 410]);
    expect(takes[5]!.body).toContain('Dieser Download-Link ist aufgebraucht');
    expect(shownAfter.statusCode).toBe(410);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="privacy-export.zip"');
    expect(body.equals(await download(bundle.key))).toBe(true);
    expect(readZip(body).map((e) => e.name)).toContain('README.txt');
  });
});
