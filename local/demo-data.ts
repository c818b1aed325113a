// Demo data for `npm start`: a small company's customers and the systems that hold their data.
// Everyone here is invented; the addresses use reserved example domains.
import { settings } from '../shared/config.js';
import type { Connector, LocalizedText, ObjectionRule, RetentionRule, SystemAction, SystemContact } from '../shared/fulfilment/model.js';
import type { TableSpec } from '../shared/resources.js';

export interface DemoAccount {
  accountId: string;
  email: string;
  name: string;
  locale: 'de' | 'en';
  jurisdiction: 'gdpr' | 'ccpa';
  billingAddress: { street: string; postalCode: string; city: string; region?: string; country: string };
  cardLast4: string;
  status: 'active' | 'deactivated';
  /** When the account was reported deactivated: the retention grace period runs from here. */
  deactivatedAt?: string;
  createdAt: string;
}

/** What a demo customer enters on the knowledge check: the form fields, filled in from their account. */
export function knowledgeAnswers(account: DemoAccount): Record<string, string> {
  const { street, postalCode, city } = account.billingAddress;
  return { email: account.email, street, postalCode, city, cardLast4: account.cardLast4 };
}

export const demoAccounts: DemoAccount[] = [
  {
    accountId: 'acc-1001',
    email: 'anna.schmidt@example.com',
    name: 'Anna Schmidt',
    locale: 'de',
    jurisdiction: 'gdpr',
    billingAddress: { street: 'Hauptstraße 12', postalCode: '10115', city: 'Berlin', country: 'DE' },
    cardLast4: '4242',
    status: 'active',
    createdAt: '2023-03-14T09:12:00Z',
  },
  {
    accountId: 'acc-1002',
    email: 'jonas.weber@example.org',
    name: 'Jonas Weber',
    locale: 'de',
    jurisdiction: 'gdpr',
    billingAddress: { street: 'Lindenallee 5a', postalCode: '80331', city: 'München', country: 'DE' },
    cardLast4: '1881',
    status: 'active',
    createdAt: '2022-11-02T15:40:00Z',
  },
  {
    accountId: 'acc-1003',
    email: 'lea.mueller@example.net',
    name: 'Lea Müller',
    locale: 'de',
    jurisdiction: 'gdpr',
    billingAddress: { street: 'Am Markt 3', postalCode: '50667', city: 'Köln', country: 'DE' },
    cardLast4: '0005',
    status: 'deactivated',
    deactivatedAt: '2026-09-15T10:00:00Z',
    createdAt: '2021-06-20T08:00:00Z',
  },
  {
    accountId: 'acc-2001',
    email: 'maria.garcia@example.com',
    name: 'Maria Garcia',
    locale: 'en',
    jurisdiction: 'ccpa',
    billingAddress: { street: '1450 Mission Street', postalCode: '94103', city: 'San Francisco', region: 'CA', country: 'US' },
    cardLast4: '3141',
    status: 'active',
    createdAt: '2024-01-08T18:25:00Z',
  },
  {
    accountId: 'acc-2002',
    email: 'james.chen@example.org',
    name: 'James Chen',
    locale: 'en',
    jurisdiction: 'ccpa',
    billingAddress: { street: '88 Ocean Avenue, Apt 4', postalCode: '90401', city: 'Santa Monica', region: 'CA', country: 'US' },
    cardLast4: '2718',
    status: 'active',
    createdAt: '2023-09-30T21:05:00Z',
  },
  {
    accountId: 'acc-3001',
    email: 'olivia.brown@example.co.uk',
    name: 'Olivia Brown',
    locale: 'en',
    jurisdiction: 'gdpr',
    billingAddress: { street: '7 Kingsway', postalCode: 'WC2B 6XF', city: 'London', country: 'GB' },
    cardLast4: '9090',
    status: 'active',
    createdAt: '2024-05-17T11:11:00Z',
  },
  {
    // Uses the free tracker app and pays no subscription: no card on file, so the knowledge check
    // cannot verify him and the identity provider is offered instead (docs/identity-verification.md).
    accountId: 'acc-1004',
    email: 'felix.braun@example.org',
    name: 'Felix Braun',
    locale: 'en',
    jurisdiction: 'gdpr',
    billingAddress: { street: 'Schillerstraße 21', postalCode: '60313', city: 'Frankfurt am Main', country: 'DE' },
    cardLast4: '',
    status: 'active',
    createdAt: '2025-02-11T07:30:00Z',
  },
];

const S = (name: string) => ({ name, type: 'S' as const });

/** Tables that stand in for the company's own systems; they exist only locally. */
export const demoTables = {
  accounts: {
    description: 'The account directory: who the customers are and what they have on file',
    envVar: settings.accountDirectoryTable.envVar,
    localName: 'demo-accounts',
    partitionKey: S('accountId'),
    indexes: [{ name: 'byEmail', partitionKey: S('email') }],
  },
  profiles: {
    description: 'CRM: accounts and profiles',
    envVar: 'DEMO_PROFILES_TABLE',
    localName: 'demo-crm-profiles',
    partitionKey: S('accountId'),
  },
  invoices: {
    description: 'Billing and payments (invoices kept 10 years under German commercial and tax law)',
    envVar: 'DEMO_INVOICES_TABLE',
    localName: 'demo-billing-invoices',
    partitionKey: S('accountId'),
    sortKey: S('invoiceId'),
  },
  newsletter: {
    description: 'Newsletter and marketing: who subscribed, and whether their data may be sold or shared',
    envVar: 'DEMO_NEWSLETTER_TABLE',
    localName: 'demo-newsletter',
    partitionKey: S('email'),
  },
  tickets: {
    description: 'Support desk tickets',
    envVar: 'DEMO_TICKETS_TABLE',
    localName: 'demo-support-tickets',
    partitionKey: S('accountId'),
    sortKey: S('ticketId'),
  },
} as const satisfies Record<string, TableSpec>;

/** A bucket standing in for the company's object storage: chat transcripts, tracker data, analytics. */
export const demoBucket = 'demo-company-data';

/** The records each demo system holds for one account. */
export function demoRecordsFor(account: DemoAccount, index: number) {
  const day = (n: number) => new Date(Date.UTC(2025, index, 1 + n)).toISOString();
  // The support case the ticket and the chat belong to: resolving it deletes both.
  const caseId = demoCaseId(account);
  return {
    profile: {
      accountId: account.accountId,
      displayName: account.name,
      email: account.email,
      language: account.locale,
      newsletter: index % 2 === 0,
      lastLoginAt: day(20),
    },
    invoices: [1, 2].map((n) => ({
      accountId: account.accountId,
      invoiceId: `inv-${account.accountId}-${n}`,
      issuedAt: day(n * 3),
      amountCents: 4900 * n,
      currency: account.jurisdiction === 'ccpa' ? 'USD' : 'EUR',
      billingName: account.name,
    })),
    newsletter:
      index % 2 === 0
        ? [{ email: account.email, subscribedAt: day(2), topics: ['product-news', 'offers'], shareWithPartners: account.jurisdiction === 'ccpa' }]
        : [],
    tickets: [
      {
        accountId: account.accountId,
        ticketId: `tkt-${account.accountId}-1`,
        caseId,
        subject: 'Cannot export my project',
        status: index % 3 === 0 ? 'resolved' : 'open',
        openedAt: day(5),
      },
    ],
    objects: {
      [`chat-transcripts/${account.accountId}/chat-1.json`]: {
        caseId,
        startedAt: day(6),
        messages: [
          { from: 'customer', text: 'Hello, I have a question about my invoice.' },
          { from: 'agent', text: 'Of course, let me have a look.' },
        ],
      },
      [`tracker/${account.accountId}/locations.json`]: {
        points: [
          { at: day(7), lat: 52.52 + index / 100, lon: 13.405 },
          { at: day(8), lat: 52.51 + index / 100, lon: 13.39 },
        ],
      },
      [`analytics/${account.accountId}.json`]: { pageViews: 40 + index * 7, firstSeen: day(0), lastSeen: day(21) },
    } as Record<string, unknown>,
  };
}

/** The id of the one support case each demo account has: its ticket and its chat transcript carry it. */
export const demoCaseId = (account: Pick<DemoAccount, 'accountId'>): string => `sc-${account.accountId.replace(/^acc-/, '')}-1`;

/** A registration for PUT /v1/systems/{systemId}: the data inventory of the demo company. */
export interface DemoSystem {
  systemId: string;
  name: string;
  names?: LocalizedText;
  owner: string;
  description: string;
  descriptions: LocalizedText;
  categories: string[];
  categoryNames: Record<string, LocalizedText>;
  connector: Connector;
  actions: SystemAction[];
  purposes: string[];
  purposeNames: Record<string, LocalizedText>;
  objection: ObjectionRule;
  retention: RetentionRule[];
  sellsOrShares: boolean;
  marketingRecipients: string[];
  recipients?: string[];
  supportCases?: { caseAttribute: string };
  contact?: SystemContact;
}

/** The demo inventory's categories of personal data in both languages, keyed as registered. */
export const demoCategoryNames: Record<string, Required<LocalizedText>> = {
  'identity data': { de: 'Identitätsdaten', en: 'identity data' },
  'contact data': { de: 'Kontaktdaten', en: 'contact data' },
  'usage data': { de: 'Nutzungsdaten', en: 'usage data' },
  'payment data': { de: 'Zahlungsdaten', en: 'payment data' },
  correspondence: { de: 'Korrespondenz', en: 'correspondence' },
  'marketing preferences': { de: 'Werbeeinstellungen', en: 'marketing preferences' },
  'online identifiers': { de: 'Online-Kennungen', en: 'online identifiers' },
  'location data': { de: 'Standortdaten', en: 'location data' },
  'all categories above': { de: 'alle oben genannten Kategorien', en: 'all categories above' },
};

/** The demo inventory's purposes in both languages, keyed by the purpose id a request's scope names. */
export const demoPurposeNames: Record<string, Required<LocalizedText>> = {
  contract: { de: 'Vertragserfüllung', en: 'performance of the contract' },
  'legal-obligation': { de: 'Erfüllung gesetzlicher Pflichten', en: 'compliance with legal obligations' },
  support: { de: 'Kundensupport', en: 'customer support' },
  marketing: { de: 'Direktwerbung', en: 'direct marketing' },
  analytics: { de: 'Reichweitenmessung und Analyse', en: 'audience measurement and analytics' },
  security: { de: 'Sicherheit und Wiederherstellbarkeit', en: 'security and recoverability' },
};

/** The texts of `keys` from `table`, for one system's registration. */
const textsOf = (table: Record<string, Required<LocalizedText>>, keys: readonly string[]): Record<string, LocalizedText> =>
  Object.fromEntries(keys.map((key) => [key, table[key]!]));

/** The systems the company's privacy notice names, each pointing at the demo data above. */
export const demoSystems: DemoSystem[] = [
  {
    systemId: 'crm-profiles',
    name: 'Accounts and profiles (CRM)',
    names: { de: 'Kundenkonten und Profile (CRM)', en: 'Accounts and profiles (CRM)' },
    owner: 'Customer Success',
    description: 'Customer accounts: name, email, language, newsletter choice, last login.',
    descriptions: {
      de: 'Kundenkonten: Name, E-Mail-Adresse, Sprache, Newsletter-Wahl, letzte Anmeldung.',
      en: 'Customer accounts: name, email, language, newsletter choice, last login.',
    },
    categories: ['identity data', 'contact data', 'usage data'],
    categoryNames: textsOf(demoCategoryNames, ['identity data', 'contact data', 'usage data']),
    connector: { kind: 'dynamodb', table: demoTables.profiles.localName, keyAttribute: 'accountId', subjectKey: 'accountId' },
    actions: ['export', 'delete'],
    purposes: ['contract'],
    purposeNames: textsOf(demoPurposeNames, ['contract']),
    objection: {
      effect: 'not-applicable',
      reason:
        'Your account is needed to provide the services you signed up for (Art. 6(1)(b) GDPR); an objection does not reach it, but you may close your account.',
      reasons: {
        de: 'Ihr Kundenkonto brauchen wir, um die vereinbarten Leistungen zu erbringen (Art. 6 Abs. 1 lit. b DSGVO); ein Widerspruch erfasst es nicht, Sie können Ihr Konto aber schließen.',
      },
    },
    retention: [],
    sellsOrShares: false,
    marketingRecipients: [],
    recipients: ['Cloud hosting provider (processor)'],
  },
  {
    systemId: 'billing',
    name: 'Billing and payments',
    names: { de: 'Rechnungen und Zahlungen', en: 'Billing and payments' },
    owner: 'Finance',
    description: 'Invoices and payments.',
    descriptions: { de: 'Rechnungen und Zahlungen.', en: 'Invoices and payments.' },
    categories: ['payment data', 'contact data'],
    categoryNames: textsOf(demoCategoryNames, ['payment data', 'contact data']),
    connector: { kind: 'dynamodb', table: demoTables.invoices.localName, keyAttribute: 'accountId', sortKeyAttribute: 'invoiceId', subjectKey: 'accountId' },
    actions: ['export', 'delete'],
    purposes: ['contract', 'legal-obligation'],
    purposeNames: textsOf(demoPurposeNames, ['contract', 'legal-obligation']),
    objection: {
      effect: 'not-applicable',
      reason:
        'Invoices and payments are kept because tax and commercial law require it (Art. 6(1)(c) GDPR, § 147 AO, § 257 HGB); an objection does not reach them.',
      reasons: {
        de: 'Rechnungen und Zahlungen bewahren wir auf, weil Steuer- und Handelsrecht es verlangen (Art. 6 Abs. 1 lit. c DSGVO, § 147 AO, § 257 HGB); ein Widerspruch erfasst sie nicht.',
      },
    },
    retention: [
      {
        category: 'invoices',
        categoryNames: { de: 'Rechnungen', en: 'invoices' },
        keepFor: 'P10Y',
        legalBasis: '§ 147 AO and § 257 HGB (German tax and commercial law)',
        legalBases: { de: '§ 147 AO und § 257 HGB (Aufbewahrungspflichten nach Steuer- und Handelsrecht)' },
      },
    ],
    sellsOrShares: false,
    marketingRecipients: [],
    recipients: ['Payment service provider (card payments)', 'Tax advisers and tax authorities, where the law requires it'],
  },
  {
    systemId: 'support-tickets',
    name: 'Support desk',
    names: { de: 'Kundensupport', en: 'Support desk' },
    owner: 'Support',
    description: 'Support tickets and their messages.',
    descriptions: { de: 'Support-Tickets und ihre Nachrichten.', en: 'Support tickets and their messages.' },
    categories: ['contact data', 'correspondence'],
    categoryNames: textsOf(demoCategoryNames, ['contact data', 'correspondence']),
    connector: { kind: 'dynamodb', table: demoTables.tickets.localName, keyAttribute: 'accountId', sortKeyAttribute: 'ticketId', subjectKey: 'accountId' },
    actions: ['export', 'delete'],
    purposes: ['support'],
    purposeNames: textsOf(demoPurposeNames, ['support']),
    objection: { effect: 'delete' },
    retention: [],
    sellsOrShares: false,
    marketingRecipients: [],
    supportCases: { caseAttribute: 'caseId' },
  },
  {
    systemId: 'live-chat',
    name: 'Live-chat transcripts',
    names: { de: 'Live-Chat-Protokolle', en: 'Live-chat transcripts' },
    owner: 'Support',
    description: 'Transcripts of chats with the support team.',
    descriptions: { de: 'Protokolle von Chats mit dem Support-Team.', en: 'Transcripts of chats with the support team.' },
    categories: ['correspondence'],
    categoryNames: textsOf(demoCategoryNames, ['correspondence']),
    connector: { kind: 's3', bucket: demoBucket, prefix: 'chat-transcripts/{accountId}/', subjectKey: 'accountId' },
    actions: ['export', 'delete'],
    purposes: ['support'],
    purposeNames: textsOf(demoPurposeNames, ['support']),
    // The privacy notice: live-chat transcripts are deleted at once on objection.
    objection: { effect: 'delete' },
    retention: [],
    sellsOrShares: false,
    marketingRecipients: [],
    supportCases: { caseAttribute: 'caseId' },
  },
  {
    systemId: 'newsletter',
    name: 'Newsletter and marketing',
    names: { de: 'Newsletter und Marketing', en: 'Newsletter and marketing' },
    owner: 'Marketing',
    description: 'Newsletter subscriptions and marketing preferences.',
    descriptions: { de: 'Newsletter-Abonnements und Werbeeinstellungen.', en: 'Newsletter subscriptions and marketing preferences.' },
    categories: ['contact data', 'marketing preferences'],
    categoryNames: textsOf(demoCategoryNames, ['contact data', 'marketing preferences']),
    connector: { kind: 'dynamodb', table: demoTables.newsletter.localName, keyAttribute: 'email', subjectKey: 'email' },
    actions: ['export', 'delete'],
    purposes: ['marketing'],
    purposeNames: textsOf(demoPurposeNames, ['marketing']),
    objection: { effect: 'stop' },
    retention: [],
    sellsOrShares: true,
    marketingRecipients: ['Example Partner Media Ltd. (co-marketing newsletters)'],
    recipients: ['Email delivery service (processor)'],
  },
  {
    systemId: 'web-analytics',
    name: 'Web analytics',
    names: { de: 'Webanalyse', en: 'Web analytics' },
    owner: 'Marketing',
    description: 'Page views and visit times.',
    descriptions: { de: 'Seitenaufrufe und Besuchszeiten.', en: 'Page views and visit times.' },
    categories: ['usage data', 'online identifiers'],
    categoryNames: textsOf(demoCategoryNames, ['usage data', 'online identifiers']),
    connector: { kind: 's3', bucket: demoBucket, prefix: 'analytics/{accountId}.json', subjectKey: 'accountId' },
    actions: ['export', 'delete'],
    purposes: ['analytics', 'marketing'],
    purposeNames: textsOf(demoPurposeNames, ['analytics', 'marketing']),
    objection: { effect: 'stop' },
    retention: [],
    sellsOrShares: false,
    marketingRecipients: [],
  },
  {
    systemId: 'location-tracker',
    name: 'Location tracker',
    names: { de: 'Standortverlauf', en: 'Location tracker' },
    owner: 'Product',
    description: "Location points from the mobile app's tracker feature.",
    descriptions: { de: 'Standortpunkte aus der Tracker-Funktion der mobilen App.', en: "Location points from the mobile app's tracker feature." },
    categories: ['location data'],
    categoryNames: textsOf(demoCategoryNames, ['location data']),
    connector: { kind: 's3', bucket: demoBucket, prefix: 'tracker/{accountId}/', subjectKey: 'accountId' },
    actions: ['export', 'delete'],
    purposes: ['contract'],
    purposeNames: textsOf(demoPurposeNames, ['contract']),
    objection: {
      effect: 'not-applicable',
      reason:
        'Location points are recorded only while you use the tracker feature of the app (Art. 6(1)(b) GDPR); switch it off in the app, or ask for deletion.',
      reasons: {
        de: 'Standortpunkte zeichnen wir nur auf, solange Sie die Tracker-Funktion der App nutzen (Art. 6 Abs. 1 lit. b DSGVO); schalten Sie sie in der App ab, oder verlangen Sie die Löschung.',
      },
    },
    retention: [],
    sellsOrShares: false,
    marketingRecipients: [],
  },
  {
    systemId: 'backups',
    name: 'Backups',
    owner: 'Operations',
    description:
      'Encrypted nightly backups, kept 35 days and then overwritten. They cannot be edited: every erasure is written to the deletion ledger and re-applied after a restore.',
    descriptions: {
      de: 'Verschlüsselte nächtliche Datensicherungen, 35 Tage aufbewahrt und dann überschrieben. Sie lassen sich nicht bearbeiten: Jede Löschung wird im Löschprotokoll vermerkt und nach einer Wiederherstellung erneut ausgeführt.',
      en: 'Encrypted nightly backups, kept 35 days and then overwritten. They cannot be edited: every erasure is written to the deletion ledger and re-applied after a restore.',
    },
    categories: ['all categories above'],
    categoryNames: textsOf(demoCategoryNames, ['all categories above']),
    connector: {
      kind: 'manual',
      instructions: 'Nothing to do by hand: erasures are re-applied from the deletion ledger on restore (npm run replay-deletions).',
    },
    contact: { email: 'operations@example.com', locale: 'de' },
    actions: [],
    purposes: ['security'],
    purposeNames: textsOf(demoPurposeNames, ['security']),
    objection: {
      effect: 'not-applicable',
      reason: 'Backups keep the service secure and recoverable (Art. 32 GDPR); they are overwritten after 35 days and every erasure is re-applied on restore.',
      reasons: {
        de: 'Datensicherungen halten den Dienst sicher und wiederherstellbar (Art. 32 DSGVO); sie werden nach 35 Tagen überschrieben, und jede Löschung wird bei einer Wiederherstellung erneut ausgeführt.',
      },
    },
    retention: [
      {
        category: 'backup copies',
        categoryNames: { de: 'Sicherungskopien', en: 'backup copies' },
        keepFor: 'P35D',
        legalBasis: 'Art. 32 GDPR (security of processing): overwritten after 35 days; erasures re-applied on restore',
        legalBases: {
          de: 'Art. 32 DSGVO (Sicherheit der Verarbeitung): nach 35 Tagen überschrieben; Löschungen werden bei einer Wiederherstellung erneut ausgeführt',
        },
      },
    ],
    sellsOrShares: false,
    marketingRecipients: [],
  },
];

/**
 * A marketing system that deletes on objection, registered only with `npm start -- --ad-audiences`:
 * the lists of customers uploaded to advertising platforms as custom audiences. A GDPR objection to
 * direct marketing then stops at filing and deletes the subject's audience entry once confirmed
 * (docs/rights.md). Left out of the default inventory, where every marketing system stops.
 */
export const demoAdAudiences: DemoSystem = {
  systemId: 'ad-audiences',
  name: 'Advertising audiences',
  names: { de: 'Werbezielgruppen', en: 'Advertising audiences' },
  owner: 'Marketing',
  description: 'Customer lists uploaded to advertising platforms as custom audiences.',
  descriptions: {
    de: 'Kundenlisten, die als Zielgruppen zu Werbeplattformen hochgeladen werden.',
    en: 'Customer lists uploaded to advertising platforms as custom audiences.',
  },
  categories: ['contact data', 'online identifiers'],
  categoryNames: textsOf(demoCategoryNames, ['contact data', 'online identifiers']),
  connector: { kind: 's3', bucket: demoBucket, prefix: 'ad-audiences/{accountId}.json', subjectKey: 'accountId' },
  actions: ['export', 'delete'],
  purposes: ['marketing'],
  purposeNames: textsOf(demoPurposeNames, ['marketing']),
  // An audience entry exists only to target the person: an objection to that marketing deletes it.
  objection: { effect: 'delete' },
  retention: [],
  sellsOrShares: false,
  marketingRecipients: [],
  recipients: ['Advertising platforms (processors, custom audiences)'],
};

/** The audience entry of each demo account, put into the demo bucket with `--ad-audiences`. */
export const demoAudienceEntry = (account: Pick<DemoAccount, 'accountId'>): [string, unknown] => [
  `ad-audiences/${account.accountId}.json`,
  { audiences: ['lookalike-customers', 'retargeting-30d'], hashedEmail: true },
];
