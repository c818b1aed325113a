import { describe, expect, it } from 'vitest';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import type { ControllerInfo } from '../../shared/config.js';
import { JURISDICTIONS, LOCALES, type Jurisdiction, type Locale } from '../../shared/domain/request-model.js';
import { exportManifest, exportReadme, type ExportDescription } from '../../shared/fulfilment/export-manifest.js';
import { NOTICE_KINDS, renderNotice, type Notice, type NoticeKind } from '../../shared/notices/catalogue.js';
import { renderSubjectPage, SUBJECT_PAGE_KINDS } from '../../shared/pages/subject-pages.js';
import { authorityText } from '../../shared/text/authorities.js';
import { SAMPLE_PAGES } from '../support/subject-pages.js';

/** A second company, made up, that shares nothing with the demo. */
const OTHER: ControllerInfo = {
  name: 'Nordlicht Analytik AG',
  postalAddress: 'Hafenweg 7, 20457 Hamburg, Germany',
  privacyContact: 'datenschutz@nordlicht.test',
  dpoContact: 'dpo@nordlicht.test',
  privacyNoticeUrl: 'https://www.nordlicht.test/datenschutz',
  timeZone: 'Europe/Berlin',
  authorities: {
    gdpr: [
      {
        name: {
          de: 'Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit',
          en: 'Hamburg Commissioner for Data Protection and Freedom of Information',
        },
        address: 'Ludwig-Erhard-Str. 22, 20459 Hamburg',
        url: 'https://datenschutz-hamburg.de',
      },
    ],
    ccpa: [{ name: { de: 'Californische Beschwerdestelle (Test)', en: 'Californian complaints desk (test)' }, url: 'https://complaints.nordlicht.test' }],
  },
};

/** What only the demo company says: its name, its authority and its contact address. */
const DEMO_MARKS = [
  DEMO_CONTROLLER.name,
  DEMO_CONTROLLER.postalAddress,
  DEMO_CONTROLLER.privacyContact,
  ...LOCALES.flatMap((locale) => JURISDICTIONS.map((law) => authorityText(DEMO_CONTROLLER.authorities[law], locale))),
  'BayLDA',
  'California Privacy Protection Agency',
];

const expectNoDemo = (text: string) => {
  for (const mark of DEMO_MARKS) expect(text).not.toContain(mark);
};

/** One notice of each kind, with every optional part that could name the controller. */
const NOTICES: { [K in NoticeKind]: Extract<Notice, { kind: K }> } = {
  'verify-request': {
    kind: 'verify-request',
    requestType: 'deletion',
    jurisdiction: 'gdpr',
    receivedAt: '2026-03-02T09:15:00Z',
    dueAt: '2026-04-02',
    verifyUrl: 'https://privacy.nordlicht.test/v1/verify/tok',
    expiresAt: '2026-03-09T09:15:00Z',
    knowledgeCheck: true,
  },
  'agent-pending': { kind: 'agent-pending', requestType: 'access', requestId: '01JNQ8R2V4M7Y3W5X6Z8A9B0C1' },
  cancelled: {
    kind: 'cancelled',
    requestType: 'deletion',
    jurisdiction: 'ccpa',
    receivedAt: '2026-03-02T09:15:00Z',
    byAgent: { name: 'Nordlicht Agent (test)' },
  },
  'request-received': { kind: 'request-received', requestType: 'access', receivedAt: '2026-03-02T09:15:00Z', dueAt: '2026-04-02', acknowledge: true },
  verified: { kind: 'verified', requestType: 'access', dueAt: '2026-04-02' },
  locked: { kind: 'locked', requestType: 'deletion', jurisdiction: 'gdpr' },
  expired: { kind: 'expired', requestType: 'deletion' },
  completed: { kind: 'completed', requestType: 'deletion', systems: [{ system: 'CRM', outcome: 'done', records: 2 }] },
  'partially-completed': {
    kind: 'partially-completed',
    requestType: 'deletion',
    jurisdiction: 'gdpr',
    systems: [{ system: 'CRM', outcome: 'done', records: 2 }],
    retained: [{ system: 'Billing', reason: 'invoices', legalBasis: '§ 147 AO' }],
    failed: ['Tracker'],
  },
  extended: { kind: 'extended', requestType: 'access', jurisdiction: 'gdpr', newDueAt: '2026-06-02', reason: 'Many systems' },
  denied: { kind: 'denied', requestType: 'access', jurisdiction: 'gdpr', code: 'manifestly-unfounded', reason: 'Repeated request' },
  'export-ready': { kind: 'export-ready', downloadUrl: 'https://privacy.nordlicht.test/v1/exports/tok', expiresAt: '2026-03-09T09:15:00Z', maxDownloads: 5 },
  'policy-changed': {
    kind: 'policy-changed',
    version: '2026-05',
    url: 'https://www.nordlicht.test/datenschutz',
    effectiveAt: '2026-05-01',
    summary: 'New processor',
  },
  'task-opened': {
    kind: 'task-opened',
    taskId: '01JNQ8R2V4M7Y3W5X6Z8A9B0C1.1.partner-portal',
    requestId: '01JNQ8R2V4M7Y3W5X6Z8A9B0C1',
    system: 'Partner portal',
    action: 'export',
    dueAt: '2026-05-15T10:00:00Z',
    reportTo: 'https://privacy.nordlicht.test/v1/tasks/01JNQ8R2V4M7Y3W5X6Z8A9B0C1.1.partner-portal/result',
    instructions: 'Export the account from the portal admin.',
  },
};

describe('texts that speak as the controller', () => {
  const cases = NOTICE_KINDS.flatMap((kind) => LOCALES.map((locale) => ({ kind, locale })));

  it.each(cases)('renders the $kind notice in $locale as the configured controller, never the demo', ({ kind, locale }) => {
    // Act
    const { subject, text, html } = renderNotice(NOTICES[kind], locale, OTHER);

    // Assess
    expect(text).toContain(OTHER.name);
    expect(text).toContain(OTHER.postalAddress);
    expect(text).toContain(OTHER.privacyContact);
    for (const part of [subject, text, html]) expectNoDemo(part);
  });

  it.each(LOCALES)('names the configured GDPR authority where a notice states the right to complain (%s)', (locale) => {
    // Act
    const { text } = renderNotice(NOTICES.denied, locale, OTHER);

    // Assess
    expect(text).toContain(authorityText(OTHER.authorities.gdpr, locale));
  });

  const bundles = JURISDICTIONS.flatMap((jurisdiction) => LOCALES.map((locale) => ({ jurisdiction, locale })));

  it.each(bundles)('writes the export README and manifest ($jurisdiction, $locale) as the configured controller', ({ jurisdiction, locale }) => {
    // Prepare
    const description: ExportDescription = {
      requestId: '01JEXPORT00000000000000000',
      createdAt: new Date('2026-11-25T10:00:00.000Z'),
      locale: locale as Locale,
      jurisdiction: jurisdiction as Jurisdiction,
      controller: OTHER,
      systems: [],
    };

    // Act
    const readme = exportReadme(description);
    const manifest = JSON.stringify(exportManifest(description));

    // Assess
    expect(readme).toContain(OTHER.name);
    for (const line of [OTHER.postalAddress, OTHER.privacyContact, OTHER.dpoContact!, OTHER.privacyNoticeUrl]) expect(readme).toContain(`: ${line}\r\n`);
    expect(JSON.parse(manifest).controller).toEqual({
      name: OTHER.name,
      postalAddress: OTHER.postalAddress,
      privacyContact: OTHER.privacyContact,
      dpoContact: OTHER.dpoContact,
      privacyNoticeUrl: OTHER.privacyNoticeUrl,
    });
    expect(readme).toContain(authorityText(OTHER.authorities[jurisdiction], locale));
    expect(manifest).toContain(OTHER.name);
    expectNoDemo(readme);
    expectNoDemo(manifest);
  });

  it.each(SUBJECT_PAGE_KINDS.flatMap((kind) => LOCALES.map((locale) => ({ kind, locale }))))(
    'shows the $kind page in $locale without the demo company',
    ({ kind, locale }) => {
      // Act
      const html = renderSubjectPage(SAMPLE_PAGES[kind], locale);

      // Assess
      expectNoDemo(html);
    },
  );
});
