import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { JURISDICTIONS, LOCALES, type Jurisdiction, type Locale } from '../../shared/domain/request-model.js';
import { exportManifest, exportReadme, type ExportDescription } from '../../shared/fulfilment/export-manifest.js';
import { NOTICE_KINDS, renderNotice, type Notice, type NoticeKind } from '../../shared/notices/catalogue.js';
import { exportDownloadPage, exportErrorPage, exportLinkPage, type ExportLinkPageKind } from '../../shared/pages/export-pages.js';
import { renderRefusalPage, renderSubjectPage, SUBJECT_PAGE_KINDS, type RefusalPageKind } from '../../shared/pages/subject-pages.js';
import { authorityText } from '../../shared/text/authorities.js';
import { escapeHtml } from '../../shared/text/html.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';
import { SAMPLE_PAGES } from '../support/subject-pages.js';

const OTHER = OTHER_CONTROLLER;

/** What only the demo company says: its name, address, authorities, addresses, notice and domain. */
const DEMO_MARKS = [
  DEMO_CONTROLLER.name,
  'Example Software',
  DEMO_CONTROLLER.postalAddress,
  'Musterstraße',
  DEMO_CONTROLLER.privacyContact,
  DEMO_CONTROLLER.dpoContact!,
  DEMO_CONTROLLER.privacyNoticeUrl,
  DEMO_CONFIG.senderAddress,
  DEMO_CONFIG.domain,
  'www.example.com',
  ...LOCALES.flatMap((locale) => JURISDICTIONS.map((law) => authorityText(DEMO_CONTROLLER.authorities[law], locale))),
  ...JURISDICTIONS.flatMap((law) => DEMO_CONTROLLER.authorities[law].map((authority) => authority.url)),
  'BayLDA',
  'California Privacy Protection Agency',
];

/** The privacy notice's link text in each language. */
const PRIVACY_NOTICE: Record<Locale, string> = { de: 'Datenschutzhinweise', en: 'Privacy notice' };

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
  'objection-stopped': {
    kind: 'objection-stopped',
    jurisdiction: 'gdpr',
    systems: [{ system: 'Newsletter', outcome: 'done', records: 1 }],
    toErase: ['Ad audiences'],
    confirmed: false,
    viaAgent: { name: 'Nordlicht Agent (test)' },
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
    expect(text).toContain(`${PRIVACY_NOTICE[locale]}: ${OTHER.privacyNoticeUrl}\n`);
    expect(html).toContain(`<a href="${OTHER.privacyNoticeUrl}"`);
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

  /** Every page a person can see, each rendered as the made-up controller. */
  const pages: { name: string; locale: Locale; render: () => string }[] = LOCALES.flatMap((locale) => [
    ...SUBJECT_PAGE_KINDS.map((kind) => ({ name: kind, locale, render: () => renderSubjectPage(SAMPLE_PAGES[kind], locale, OTHER) })),
    ...(['invalid', 'expired', 'gone', 'used-up'] satisfies ExportLinkPageKind[]).map((kind) => ({
      name: `export ${kind}`,
      locale,
      render: () => exportLinkPage(kind, locale, OTHER),
    })),
    { name: 'export download', locale, render: () => exportDownloadPage(3, locale, OTHER) },
    ...[404, 429, 500].map((status) => ({ name: `export error ${status}`, locale, render: () => exportErrorPage(status, locale, OTHER).body })),
    ...(['invalid', 'rate-limited', 'too-large', 'unavailable'] satisfies RefusalPageKind[]).map((kind) => ({
      name: `gateway ${kind}`,
      locale,
      render: () => renderRefusalPage(kind, [locale, ...LOCALES.filter((other) => other !== locale)], OTHER),
    })),
  ]);

  it.each(pages)('shows the $name page in $locale as the configured controller, with its contacts and privacy notice, never the demo', ({ locale, render }) => {
    // Act
    const page = render();

    // Assess
    const footer = /<footer>([\s\S]*)<\/footer>/.exec(page)?.[1] ?? '';
    expect(footer).toContain(`${escapeHtml(OTHER.name)}, ${escapeHtml(OTHER.postalAddress)}`);
    expect(footer).toContain(`<a href="mailto:${OTHER.privacyContact}">${OTHER.privacyContact}</a>`);
    expect(footer).toContain(`<a href="mailto:${OTHER.dpoContact}">${OTHER.dpoContact}</a>`);
    expect(footer).toContain(`<a href="${OTHER.privacyNoticeUrl}">${PRIVACY_NOTICE[locale]}</a>`);
    expectNoDemo(page);
  });

  it('names no data protection officer on a page when the controller has none', () => {
    // Prepare
    const { dpoContact: _dpo, ...withoutDpo } = OTHER;

    // Act
    const page = renderSubjectPage(SAMPLE_PAGES.invalid, 'en', withoutDpo);

    // Assess
    expect(page).toContain(OTHER.privacyContact);
    expect(page).not.toContain('Data protection officer');
  });

  it('fails on a trace of the demo company: the marks find what they stand for', () => {
    // Act
    const demoPage = renderSubjectPage(SAMPLE_PAGES.invalid, 'de', DEMO_CONTROLLER);
    const demoNotice = renderNotice(NOTICES.locked, 'en', DEMO_CONTROLLER).text;

    // Assess
    expect(() => expectNoDemo(demoPage)).toThrow();
    expect(() => expectNoDemo(demoNotice)).toThrow();
  });
});
