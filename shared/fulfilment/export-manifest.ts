// What an export bundle says about itself: README.txt for the subject and manifest.json for machines,
// both in the subject's language, both built from the same description.
import type { ControllerInfo } from '../config.js';
import type { Jurisdiction, Locale } from '../domain/request-model.js';
import { authorityText } from '../text/authorities.js';
import { formatInstant } from '../text/dates.js';
import { JURISDICTION_NAMES } from '../text/vocabulary.js';
import { eachInLocale, inLocale, type ConnectorKind, type DataSystem, type RetentionRule } from './model.js';

export const README_FILE = 'README.txt';
export const MANIFEST_FILE = 'manifest.json';

/** Who answers for the data: named in the README and in the statement of the right to complain. */
export type BundleController = Pick<ControllerInfo, 'name' | 'authorities' | 'timeZone'> &
  Partial<Pick<ControllerInfo, 'privacyContact' | 'postalAddress' | 'dpoContact' | 'privacyNoticeUrl'>>;

/** How a system's export ended, as the subject reads it. */
export type SystemResult = 'exported' | 'not-found' | 'failed';

export interface SystemSummary {
  system: DataSystem;
  result: SystemResult;
  /** Records in the system's files (0 unless exported). */
  records: number;
  /** The CSV's columns, in order (exported systems only). */
  columns?: readonly string[];
}

export interface ExportDescription {
  requestId: string;
  createdAt: Date;
  locale: Locale;
  jurisdiction: Jurisdiction;
  controller: BundleController;
  systems: readonly SystemSummary[];
}

export const RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'non-discrimination', 'complaint'] as const;
export type Right = (typeof RIGHTS)[number];

interface RightText {
  name: string;
  basis: string;
  text: string;
}

/** The authority a subject complains to under `jurisdiction`, as the controller's configuration names it. */
export function complaintAuthority(jurisdiction: Jurisdiction, locale: Locale, controller: BundleController): string {
  return authorityText(controller.authorities[jurisdiction], locale);
}

type RightsCopy = Record<Jurisdiction, Record<Locale, (authority: string) => Partial<Record<Right, RightText>>>>;

const RIGHTS_COPY: RightsCopy = {
  gdpr: {
    de: (authority) => ({
      access: {
        name: 'Auskunftsrecht',
        basis: 'Art. 15 DSGVO',
        text: 'Sie können jederzeit Auskunft darüber verlangen, ob wir Daten über Sie verarbeiten, und eine Kopie dieser Daten mit Zwecken, Empfängern, Speicherdauer und Herkunft erhalten. Dieses Archiv ist eine solche Kopie.',
      },
      rectification: {
        name: 'Recht auf Berichtigung',
        basis: 'Art. 16 DSGVO',
        text: 'Sind Daten über Sie unrichtig oder unvollständig, können Sie verlangen, dass wir sie berichtigen oder vervollständigen.',
      },
      erasure: {
        name: 'Recht auf Löschung',
        basis: 'Art. 17 DSGVO',
        text: 'Sie können verlangen, dass wir Ihre Daten löschen. Wir tun das, soweit uns keine gesetzliche Pflicht zur Aufbewahrung trifft; was wir aufbewahren müssen und warum, teilen wir Ihnen mit.',
      },
      restriction: {
        name: 'Recht auf Einschränkung der Verarbeitung',
        basis: 'Art. 18 DSGVO',
        text: 'Sie können verlangen, dass wir Ihre Daten nur noch speichern und nicht anderweitig verwenden, etwa solange ihre Richtigkeit geprüft wird.',
      },
      portability: {
        name: 'Recht auf Datenübertragbarkeit',
        basis: 'Art. 20 DSGVO',
        text: 'Sie können die Daten, die Sie uns bereitgestellt haben, in einem strukturierten, gängigen und maschinenlesbaren Format erhalten und einem anderen Verantwortlichen übermitteln. Die JSON- und CSV-Dateien in diesem Archiv haben ein solches Format.',
      },
      objection: {
        name: 'Widerspruchsrecht',
        basis: 'Art. 21 DSGVO',
        text: 'Einer Verarbeitung, die auf unseren berechtigten Interessen beruht, können Sie aus Gründen Ihrer besonderen Situation jederzeit widersprechen; einer Verarbeitung für Direktwerbung jederzeit und ohne Angabe von Gründen.',
      },
      complaint: {
        name: 'Beschwerderecht bei einer Aufsichtsbehörde',
        basis: 'Art. 77 DSGVO',
        text: `Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren. Die für uns zuständige Aufsichtsbehörde ist: ${authority}. Außerdem können Sie gegen uns und gegen die Aufsichtsbehörde einen gerichtlichen Rechtsbehelf einlegen.`,
      },
    }),
    en: (authority) => ({
      access: {
        name: 'Right of access',
        basis: 'Art. 15 GDPR',
        text: 'You can ask us at any time whether we process data about you, and for a copy of it together with its purposes, recipients, storage period and source. This archive is such a copy.',
      },
      rectification: {
        name: 'Right to rectification',
        basis: 'Art. 16 GDPR',
        text: 'If data about you is inaccurate or incomplete, you can ask us to correct or complete it.',
      },
      erasure: {
        name: 'Right to erasure',
        basis: 'Art. 17 GDPR',
        text: 'You can ask us to delete your data. We do so unless the law requires us to keep it; we tell you what we must keep and why.',
      },
      restriction: {
        name: 'Right to restriction of processing',
        basis: 'Art. 18 GDPR',
        text: 'You can ask us only to store your data and not to use it otherwise, for example while its accuracy is being checked.',
      },
      portability: {
        name: 'Right to data portability',
        basis: 'Art. 20 GDPR',
        text: 'You can receive the data you provided to us in a structured, commonly used and machine-readable format and pass it on to another controller. The JSON and CSV files in this archive are in such formats.',
      },
      objection: {
        name: 'Right to object',
        basis: 'Art. 21 GDPR',
        text: 'You can object at any time, on grounds relating to your particular situation, to processing based on our legitimate interests, and at any time and without giving reasons to processing for direct marketing.',
      },
      complaint: {
        name: 'Right to lodge a complaint with a supervisory authority',
        basis: 'Art. 77 GDPR',
        text: `You can complain to a data protection supervisory authority. The supervisory authority responsible for us is: ${authority}. You also have the right to an effective judicial remedy against us and against the authority.`,
      },
    }),
  },
  ccpa: {
    de: (authority) => ({
      access: {
        name: 'Recht auf Auskunft (Right to know)',
        basis: 'Cal. Civ. Code §§ 1798.100, 1798.110',
        text: 'Sie können erfahren, welche personenbezogenen Informationen wir über Sie erhoben haben, woher sie stammen, wozu wir sie verwenden und an wen wir sie weitergeben, und eine Kopie davon erhalten.',
      },
      rectification: {
        name: 'Recht auf Berichtigung (Right to correct)',
        basis: 'Cal. Civ. Code § 1798.106',
        text: 'Sie können verlangen, dass wir unrichtige personenbezogene Informationen über Sie berichtigen.',
      },
      erasure: {
        name: 'Recht auf Löschung (Right to delete)',
        basis: 'Cal. Civ. Code § 1798.105',
        text: 'Sie können verlangen, dass wir die personenbezogenen Informationen löschen, die wir von Ihnen erhoben haben, soweit das Gesetz keine Ausnahme vorsieht.',
      },
      restriction: {
        name: 'Recht auf Beschränkung der Nutzung sensibler Informationen (Right to limit)',
        basis: 'Cal. Civ. Code § 1798.121',
        text: 'Sie können verlangen, dass wir sensible personenbezogene Informationen nur so weit nutzen, wie es für die von Ihnen gewünschten Leistungen nötig ist.',
      },
      portability: {
        name: 'Übertragbare Kopie',
        basis: 'Cal. Civ. Code § 1798.130',
        text: 'Sie erhalten Ihre Informationen in einem übertragbaren, leicht nutzbaren Format, das Sie an andere weitergeben können. Die JSON- und CSV-Dateien in diesem Archiv haben ein solches Format.',
      },
      objection: {
        name: 'Widerspruch gegen Verkauf und Weitergabe (Right to opt out)',
        basis: 'Cal. Civ. Code § 1798.120',
        text: 'Sie können uns jederzeit untersagen, Ihre personenbezogenen Informationen zu verkaufen oder weiterzugeben. Das Signal Global Privacy Control behandeln wir als einen solchen Widerspruch.',
      },
      'non-discrimination': {
        name: 'Keine Benachteiligung',
        basis: 'Cal. Civ. Code § 1798.125',
        text: 'Wir benachteiligen Sie nicht dafür, dass Sie diese Rechte ausüben.',
      },
      complaint: {
        name: 'Beschwerde',
        basis: 'Cal. Civ. Code § 1798.199.45',
        text: `Sie können sich beschweren bei: ${authority}`,
      },
    }),
    en: (authority) => ({
      access: {
        name: 'Right to know',
        basis: 'Cal. Civ. Code §§ 1798.100, 1798.110',
        text: 'You can ask what personal information we have collected about you, where it came from, why we use it and to whom we disclose it, and for a copy of it.',
      },
      rectification: {
        name: 'Right to correct',
        basis: 'Cal. Civ. Code § 1798.106',
        text: 'You can ask us to correct inaccurate personal information about you.',
      },
      erasure: {
        name: 'Right to delete',
        basis: 'Cal. Civ. Code § 1798.105',
        text: 'You can ask us to delete the personal information we collected from you, except where the law makes an exception.',
      },
      restriction: {
        name: 'Right to limit the use of sensitive personal information',
        basis: 'Cal. Civ. Code § 1798.121',
        text: 'You can direct us to use sensitive personal information only as far as needed to provide the services you asked for.',
      },
      portability: {
        name: 'Portable copy',
        basis: 'Cal. Civ. Code § 1798.130',
        text: 'You receive your information in a portable, readily usable format that you can pass on to another entity. The JSON and CSV files in this archive are in such formats.',
      },
      objection: {
        name: 'Right to opt out of sale and sharing',
        basis: 'Cal. Civ. Code § 1798.120',
        text: 'You can tell us at any time not to sell or share your personal information. We treat the Global Privacy Control signal as such a request.',
      },
      'non-discrimination': {
        name: 'Right to non-discrimination',
        basis: 'Cal. Civ. Code § 1798.125',
        text: 'We will not discriminate against you for exercising these rights.',
      },
      complaint: {
        name: 'Complaints',
        basis: 'Cal. Civ. Code § 1798.199.45',
        text: `You can file a complaint with: ${authority}`,
      },
    }),
  },
};

export interface RightEntry extends RightText {
  right: Right;
}

/** The subject's rights under `jurisdiction`, in `locale`, in the order of RIGHTS. */
export function subjectRights(jurisdiction: Jurisdiction, locale: Locale, controller: BundleController): RightEntry[] {
  const texts = RIGHTS_COPY[jurisdiction][locale](complaintAuthority(jurisdiction, locale, controller));
  return RIGHTS.flatMap((right) => {
    const text = texts[right];
    return text ? [{ right, ...text }] : [];
  });
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

const UNITS: Record<Locale, readonly [string, string][]> = {
  de: [
    ['Jahr', 'Jahre'],
    ['Monat', 'Monate'],
    ['Woche', 'Wochen'],
    ['Tag', 'Tage'],
  ],
  en: [
    ['year', 'years'],
    ['month', 'months'],
    ['week', 'weeks'],
    ['day', 'days'],
  ],
};

/** An ISO 8601 period of years, months, weeks and days as words ("10 Jahre", "6 months"); anything else as given. */
export function periodText(period: string, locale: Locale): string {
  const match = DURATION.exec(period);
  if (!match || period === 'P') return period;
  const parts = UNITS[locale].flatMap(([one, many], index) => {
    const amount = match[index + 1];
    return amount === undefined ? [] : [`${Number(amount)} ${Number(amount) === 1 ? one : many}`];
  });
  return parts.length === 0 ? period : parts.join(locale === 'de' ? ' und ' : ' and ');
}

const SOURCES: Record<ConnectorKind, Record<Locale, string>> = {
  dynamodb: { de: 'aus einer unserer Datenbanken gelesen', en: 'read from one of our databases' },
  s3: { de: 'aus unserem Dateispeicher gelesen', en: 'read from our file storage' },
  webhook: { de: 'vom System selbst über seine Schnittstelle geliefert', en: 'delivered by the system itself through its interface' },
  manual: { de: 'von unseren Mitarbeitenden aus dem System zusammengestellt', en: 'compiled from the system by our staff' },
};

interface Words {
  title: string;
  facts: { controller: string; address: string; contact: string; dpo: string; notice: string; request: string; created: string; law: string };
  intro: (controller: string) => string;
  formats: readonly string[];
  filesHeading: string;
  readmeFile: string;
  manifestFile: string;
  jsonFile: (system: string, records: string) => string;
  csvFile: (system: string) => string;
  records: (count: number) => string;
  exportedHeading: string;
  noneExported: string;
  system: {
    owner: string;
    description: string;
    categories: string;
    purposes: string;
    source: string;
    records: string;
    files: string;
    retention: string;
    noRetention: string;
    rule: (rule: RetentionRule, period: string) => string;
    recipients: string;
  };
  notFoundHeading: string;
  notFoundIntro: string;
  failedHeading: string;
  failedIntro: (contact: string | undefined) => string;
  rightsHeading: string;
  exercise: (contact: string) => string;
}

const WORDS: Record<Locale, Words> = {
  de: {
    title: 'Kopie Ihrer personenbezogenen Daten',
    facts: {
      controller: 'Verantwortlicher',
      address: 'Anschrift',
      contact: 'Datenschutzkontakt',
      dpo: 'Datenschutzbeauftragte/r',
      notice: 'Datenschutzerklärung',
      request: 'Vorgangsnummer',
      created: 'Erstellt am',
      law: 'Geltendes Recht',
    },
    intro: (controller) =>
      `Dieses Archiv enthält eine Kopie der personenbezogenen Daten, die ${controller} über Sie gespeichert hat, aus jedem System, in dem wir Daten über Sie gefunden haben. Die Daten jedes Systems liegen in zwei Dateien mit gleichem Inhalt vor:`,
    formats: [
      'eine JSON-Datei: strukturiert und maschinenlesbar, zum Beispiel um die Daten an einen anderen Anbieter zu übermitteln;',
      'eine CSV-Datei: dieselben Datensätze als Tabelle, zum Beispiel für eine Tabellenkalkulation. Sie ist UTF-8-Text, durch Kommas getrennt (RFC 4180), mit den Spaltennamen in der ersten Zeile. Verschachtelte Felder haben mit Punkten verbundene Spaltennamen (adresse.ort), Listen stehen als JSON-Text in einer Zelle. Beginnt ein Text mit =, +, - oder @, steht ein Apostroph davor, damit eine Tabellenkalkulation ihn als Text zeigt und nicht als Formel ausführt; die JSON-Datei enthält ihn unverändert.',
      `${MANIFEST_FILE} beschreibt all das in maschinenlesbarer Form.`,
    ],
    filesHeading: 'Dateien in diesem Archiv',
    readmeFile: 'Diese Beschreibung',
    manifestFile: 'Diese Beschreibung in maschinenlesbarer Form (JSON)',
    jsonFile: (system, records) => `Ihre Datensätze aus ${system} als JSON (${records})`,
    csvFile: (system) => `Dieselben Datensätze aus ${system} als Tabelle (CSV)`,
    records: (count) => `${count.toLocaleString('de-DE')} ${count === 1 ? 'Datensatz' : 'Datensätze'}`,
    exportedHeading: 'Systeme mit Daten über Sie',
    noneExported: 'In keinem System haben wir Daten über Sie gefunden, die wir Ihnen übermitteln konnten.',
    system: {
      owner: 'Verantwortlich',
      description: 'Beschreibung',
      categories: 'Datenkategorien',
      purposes: 'Zwecke',
      source: 'Herkunft dieses Exports',
      records: 'Datensätze',
      files: 'Dateien',
      retention: 'Aufbewahrung',
      noRetention: 'keine gesetzliche Aufbewahrungspflicht',
      rule: (rule, period) => `${rule.category}: ${period}; Rechtsgrundlage: ${rule.legalBasis}`,
      recipients: 'Empfänger für Direktwerbung',
    },
    notFoundHeading: 'Systeme ohne Daten über Sie',
    notFoundIntro: 'In diesen Systemen haben wir gesucht und keine Daten über Sie gefunden:',
    failedHeading: 'Systeme, aus denen wir nicht exportieren konnten',
    failedIntro: (contact) =>
      `Aus diesen Systemen konnten wir Ihre Daten für diese Kopie nicht abrufen${contact ? `. Schreiben Sie uns an ${contact}, dann stellen wir Ihnen diese Daten gesondert bereit` : ''}:`,
    rightsHeading: 'Ihre Rechte',
    exercise: (contact) => `Um ein Recht auszuüben, schreiben Sie uns an ${contact}.`,
  },
  en: {
    title: 'Copy of your personal data',
    facts: {
      controller: 'Controller',
      address: 'Postal address',
      contact: 'Privacy contact',
      dpo: 'Data protection officer',
      notice: 'Privacy notice',
      request: 'Request',
      created: 'Created',
      law: 'Applicable law',
    },
    intro: (controller) =>
      `This archive holds a copy of the personal data that ${controller} stores about you, from every system in which we found data about you. The data of each system comes in two files with the same content:`,
    formats: [
      'a JSON file: structured and machine-readable, for example to pass the data on to another provider;',
      'a CSV file: the same records as a table, for example for a spreadsheet. It is UTF-8 text, comma-separated (RFC 4180), with the column names in the first row. Nested fields have column names joined with dots (address.city); lists are written as JSON text in one cell. Text that begins with =, +, - or @ has an apostrophe in front, so that a spreadsheet shows it as text instead of running it as a formula; the JSON file holds it unchanged.',
      `${MANIFEST_FILE} describes all of this in machine-readable form.`,
    ],
    filesHeading: 'Files in this archive',
    readmeFile: 'This description',
    manifestFile: 'This description in machine-readable form (JSON)',
    jsonFile: (system, records) => `Your records from ${system} as JSON (${records})`,
    csvFile: (system) => `The same records from ${system} as a table (CSV)`,
    records: (count) => `${count.toLocaleString('en-US')} ${count === 1 ? 'record' : 'records'}`,
    exportedHeading: 'Systems that hold data about you',
    noneExported: 'We found no data about you in any system that we could pass on to you.',
    system: {
      owner: 'Responsible',
      description: 'Description',
      categories: 'Categories of data',
      purposes: 'Purposes',
      source: 'Source of this export',
      records: 'Records',
      files: 'Files',
      retention: 'Retention',
      noRetention: 'no legal duty to keep this data',
      rule: (rule, period) => `${rule.category}: ${period}; legal basis: ${rule.legalBasis}`,
      recipients: 'Recipients for direct marketing',
    },
    notFoundHeading: 'Systems that hold no data about you',
    notFoundIntro: 'We searched these systems and found no data about you:',
    failedHeading: 'Systems we could not export from',
    failedIntro: (contact) =>
      `We could not retrieve your data from these systems for this copy${contact ? `. Write to us at ${contact} and we will provide this data separately` : ''}:`,
    rightsHeading: 'Your rights',
    exercise: (contact) => `To exercise a right, write to us at ${contact}.`,
  },
};

/** The two files an exported system contributes. */
export function systemFiles(systemId: string): { json: string; csv: string } {
  return { json: `${systemId}.json`, csv: `${systemId}.csv` };
}

export interface ManifestFile {
  name: string;
  description: string;
  format: 'text' | 'json' | 'csv';
  systemId?: string;
  records?: number;
  columns?: readonly string[];
}

/** manifest.json: the bundle described for machines; field names stay English, texts are in the subject's language. */
export interface Manifest {
  manifestVersion: 1;
  requestId: string;
  createdAt: string;
  language: Locale;
  jurisdiction: Jurisdiction;
  controller: { name: string; postalAddress?: string; privacyContact?: string; dpoContact?: string; privacyNoticeUrl?: string };
  files: ManifestFile[];
  systems: {
    systemId: string;
    name: string;
    owner: string;
    description?: string;
    categories: string[];
    purposes: string[];
    source: { kind: ConnectorKind; description: string };
    result: SystemResult;
    records: number;
    files: string[];
    retention: (RetentionRule & { period: string })[];
    marketingRecipients: string[];
  }[];
  rights: RightEntry[];
  supervisoryAuthority: string;
}

/** Every file of the bundle with what it holds, in archive order after README and manifest. */
export function manifestFiles(description: ExportDescription): ManifestFile[] {
  const words = WORDS[description.locale];
  const files: ManifestFile[] = [
    { name: README_FILE, format: 'text', description: words.readmeFile },
    { name: MANIFEST_FILE, format: 'json', description: words.manifestFile },
  ];
  for (const { system, result, records, columns } of description.systems) {
    if (result !== 'exported') continue;
    const { json, csv } = systemFiles(system.systemId);
    files.push(
      {
        name: json,
        format: 'json',
        systemId: system.systemId,
        records,
        description: words.jsonFile(systemName(system, description.locale), words.records(records)),
      },
      {
        name: csv,
        format: 'csv',
        systemId: system.systemId,
        records,
        columns: columns ?? [],
        description: words.csvFile(systemName(system, description.locale)),
      },
    );
  }
  return files;
}

/** The manifest object; the bundle writes it as indented JSON. */
export function exportManifest(description: ExportDescription): Manifest {
  const { locale, jurisdiction, controller } = description;
  return {
    manifestVersion: 1,
    requestId: description.requestId,
    createdAt: description.createdAt.toISOString(),
    language: locale,
    jurisdiction,
    controller: {
      name: controller.name,
      ...(controller.postalAddress ? { postalAddress: controller.postalAddress } : {}),
      ...(controller.privacyContact ? { privacyContact: controller.privacyContact } : {}),
      ...(controller.dpoContact ? { dpoContact: controller.dpoContact } : {}),
      ...(controller.privacyNoticeUrl ? { privacyNoticeUrl: controller.privacyNoticeUrl } : {}),
    },
    files: manifestFiles(description),
    systems: description.systems.map(({ system, result, records }) => ({
      systemId: system.systemId,
      name: systemName(system, locale),
      owner: system.owner,
      ...(system.description ? { description: inLocale(system.descriptions, locale, system.description) } : {}),
      categories: eachInLocale(system.categories, system.categoryNames, locale),
      purposes: eachInLocale(system.purposes, system.purposeNames, locale),
      source: { kind: system.connector.kind, description: SOURCES[system.connector.kind][locale] },
      result,
      records,
      files: result === 'exported' ? Object.values(systemFiles(system.systemId)) : [],
      retention: system.retention.map(({ category, categoryNames, keepFor, legalBasis, legalBases }) => ({
        category: inLocale(categoryNames, locale, category),
        keepFor,
        legalBasis: inLocale(legalBases, locale, legalBasis),
        period: periodText(keepFor, locale),
      })),
      marketingRecipients: [...system.marketingRecipients],
    })),
    rights: subjectRights(jurisdiction, locale, controller),
    supervisoryAuthority: complaintAuthority(jurisdiction, locale, controller),
  };
}

const NEWLINE = '\r\n';

function heading(text: string): string[] {
  return ['', text, '-'.repeat(text.length)];
}

/** The system's name in the README's language, else as registered. */
function systemName(system: DataSystem, locale: Locale): string {
  return inLocale(system.names, locale, system.name);
}

function systemLabel(system: DataSystem, locale: Locale): string {
  return `${systemName(system, locale)} (${system.systemId})`;
}

/** README.txt: the same description as the manifest, for reading (CRLF, so any editor shows its lines). */
export function exportReadme(description: ExportDescription): string {
  const { locale, controller } = description;
  const words = WORDS[locale];
  const s = words.system;
  const manifest = exportManifest(description);
  const createdAt = formatInstant(manifest.createdAt, locale, controller.timeZone ?? 'UTC');
  const lines: string[] = [
    words.title,
    '='.repeat(words.title.length),
    '',
    `${words.facts.controller}: ${controller.name}`,
    ...(controller.postalAddress ? [`${words.facts.address}: ${controller.postalAddress}`] : []),
    ...(controller.privacyContact ? [`${words.facts.contact}: ${controller.privacyContact}`] : []),
    ...(controller.dpoContact ? [`${words.facts.dpo}: ${controller.dpoContact}`] : []),
    ...(controller.privacyNoticeUrl ? [`${words.facts.notice}: ${controller.privacyNoticeUrl}`] : []),
    `${words.facts.request}: ${description.requestId}`,
    `${words.facts.created}: ${createdAt}`,
    `${words.facts.law}: ${JURISDICTION_NAMES[description.jurisdiction][locale]}`,
    '',
    words.intro(controller.name),
    ...words.formats.map((line, index) => (index < 2 ? `- ${line}` : line)),
  ];

  lines.push(...heading(words.filesHeading));
  const width = Math.max(...manifest.files.map((file) => file.name.length));
  for (const file of manifest.files) lines.push(`${file.name.padEnd(width)}  ${file.description}`);

  const exported = description.systems.filter((summary) => summary.result === 'exported');
  lines.push(...heading(words.exportedHeading));
  if (exported.length === 0) lines.push(words.noneExported);
  for (const { system, records } of exported) {
    const files = systemFiles(system.systemId);
    lines.push(
      '',
      systemLabel(system, locale),
      `  ${s.owner}: ${system.owner}`,
      ...(system.description ? [`  ${s.description}: ${inLocale(system.descriptions, locale, system.description)}`] : []),
      `  ${s.categories}: ${eachInLocale(system.categories, system.categoryNames, locale).join(', ')}`,
      ...(system.purposes.length > 0 ? [`  ${s.purposes}: ${eachInLocale(system.purposes, system.purposeNames, locale).join(', ')}`] : []),
      `  ${s.source}: ${SOURCES[system.connector.kind][locale]}`,
      `  ${s.records}: ${words.records(records)}`,
      `  ${s.files}: ${files.json}, ${files.csv}`,
      ...(system.retention.length === 0
        ? [`  ${s.retention}: ${s.noRetention}`]
        : [
            `  ${s.retention}:`,
            ...system.retention.map(
              (rule) =>
                `    - ${s.rule({ ...rule, category: inLocale(rule.categoryNames, locale, rule.category), legalBasis: inLocale(rule.legalBases, locale, rule.legalBasis) }, periodText(rule.keepFor, locale))}`,
            ),
          ]),
      ...(system.marketingRecipients.length > 0 ? [`  ${s.recipients}: ${system.marketingRecipients.join(', ')}`] : []),
    );
  }

  const notFound = description.systems.filter((summary) => summary.result === 'not-found');
  if (notFound.length > 0) {
    lines.push(...heading(words.notFoundHeading), words.notFoundIntro, ...notFound.map(({ system }) => `- ${systemLabel(system, locale)}`));
  }
  const failed = description.systems.filter((summary) => summary.result === 'failed');
  if (failed.length > 0) {
    lines.push(
      ...heading(words.failedHeading),
      words.failedIntro(controller.privacyContact),
      ...failed.map(({ system }) => `- ${systemLabel(system, locale)}`),
    );
  }

  lines.push(...heading(words.rightsHeading));
  for (const right of manifest.rights) lines.push('', `${right.name} (${right.basis})`, `  ${right.text}`);
  if (controller.privacyContact) lines.push('', words.exercise(controller.privacyContact));
  return `${lines.join(NEWLINE)}${NEWLINE}`;
}
