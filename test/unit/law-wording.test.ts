// Every text a subject reads, per law and language: none cites the other law.
import { describe, expect, it } from 'vitest';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { JURISDICTIONS, LOCALES, type Jurisdiction, type Locale } from '../../shared/domain/request-model.js';
import { exportReadme } from '../../shared/fulfilment/export-manifest.js';
import { NOTICE_KINDS, NOTICE_LAWS, renderNotice, type Notice, type NoticeKind } from '../../shared/notices/catalogue.js';
import { renderSubjectPage, SUBJECT_PAGE_KINDS, type SubjectPage } from '../../shared/pages/subject-pages.js';
import { dataSystem } from '../support/data-system.js';
import { SAMPLE_PAGES } from '../support/subject-pages.js';

/** What a text under one law must never say: the other law's name, articles, courts and agencies. */
const FOREIGN: Record<Jurisdiction, RegExp[]> = {
  ccpa: [/\bArt\.\s?\d/, /DSGVO/, /GDPR/, /Grundverordnung/, /General Data Protection/, /Aufsichtsbehörde/, /supervisory authority/i, /BayLDA/],
  gdpr: [/CCPA/, /Consumer Privacy Act/, /Civil Code/, /Civ\. Code/, /California/i, /Kalifornien/, /Attorney General/, /CPPA/],
};

/** One notice of `kind` as a request under `law` would send it. */
function sampleNotice(kind: NoticeKind, law: Jurisdiction): Notice {
  const systems = [
    { system: 'Shop accounts', outcome: 'done', records: 3 },
    { system: 'Newsletter', outcome: 'not-found', records: 0 },
  ] as const;
  switch (kind) {
    case 'verify-request':
      return {
        kind,
        requestType: 'deletion',
        jurisdiction: law,
        receivedAt: '2026-03-02T09:15:00Z',
        dueAt: '2026-04-02',
        verifyUrl: 'https://privacy.example.com/v1/verify/tok',
        expiresAt: '2026-03-09T09:15:00Z',
        knowledgeCheck: true,
        viaAgent: { name: 'Rights Agency LLC' },
      };
    case 'agent-pending':
      return { kind, requestType: 'access', requestId: '01JREQ' };
    case 'request-received':
      return { kind, requestType: 'access', receivedAt: '2026-03-02T09:15:00Z', dueAt: '2026-04-02', acknowledge: true };
    case 'verified':
      return { kind, requestType: 'access', dueAt: '2026-04-02' };
    case 'locked':
      return { kind, requestType: 'deletion', jurisdiction: law };
    case 'expired':
      return { kind, requestType: 'deletion' };
    case 'completed':
      return { kind, requestType: 'third-party-disclosure', systems: [...systems], recipients: ['Ad Partner Inc.'] };
    case 'partially-completed':
      return {
        kind,
        requestType: 'deletion',
        jurisdiction: law,
        systems: [...systems],
        retained: [{ system: 'Billing', reason: 'invoices', legalBasis: 'commercial and tax retention duty' }],
        failed: ['Support desk'],
      };
    case 'extended':
      return { kind, requestType: 'access', jurisdiction: law, newDueAt: '2026-06-02', reason: 'Many systems hold data about you.' };
    case 'denied':
      return { kind, requestType: 'deletion', jurisdiction: law, code: 'excessive', reason: 'The same request was filed every day.' };
    case 'cancelled':
      return { kind, requestType: 'deletion', jurisdiction: law, receivedAt: '2026-03-02T09:15:00Z', byAgent: { name: 'Rights Agency LLC' } };
    case 'export-ready':
      return { kind, downloadUrl: 'https://privacy.example.com/v1/exports/tok', expiresAt: '2026-03-09T09:15:00Z', maxDownloads: 5 };
    case 'policy-changed':
      return { kind, version: '2026-03', url: 'https://www.example.com/privacy', effectiveAt: '2026-04-01', summary: 'We keep support chats for 90 days.' };
    case 'task-opened':
      return {
        kind,
        taskId: '01JREQ.1.billing',
        requestId: '01JREQ',
        system: 'Billing',
        action: 'delete',
        dueAt: '2026-03-16T09:15:00Z',
        reportTo: 'https://privacy.example.com/v1/tasks/01JREQ.1.billing/result',
        instructions: 'Delete the customer in the billing tool.',
      };
    case 'objection-stopped':
      return { kind, jurisdiction: 'gdpr', systems: [...systems], toErase: ['Ad audiences'], confirmed: false, viaAgent: { name: 'Rights Agency LLC' } };
  }
}

/** The subject page of `kind` as a request under `law` shows it (only the locked page depends on the law). */
function samplePage(kind: SubjectPage['kind'], law: Jurisdiction): SubjectPage {
  const page = SAMPLE_PAGES[kind];
  return page.kind === 'locked' ? { ...page, jurisdiction: law } : page;
}

const every = <T>(items: readonly T[]) => JURISDICTIONS.flatMap((law) => LOCALES.flatMap((locale) => items.map((item) => ({ law, locale, item }))));

function foreignReferences(text: string, law: Jurisdiction): string[] {
  return FOREIGN[law].filter((pattern) => pattern.test(text)).map(String);
}

describe('the wording of every notice, page and export README, per law and language', () => {
  const sentUnder = every(NOTICE_KINDS).filter(({ law, item }) => NOTICE_LAWS[item]?.includes(law) ?? true);

  it.each(sentUnder)('the $item notice under $law in $locale cites no other law', ({ law, locale, item }) => {
    // Act
    const { subject, text, html } = renderNotice(sampleNotice(item, law), locale, DEMO_CONTROLLER);

    // Assess
    expect(foreignReferences(`${subject}\n${text}\n${html}`, law)).toEqual([]);
  });

  it.each(every(SUBJECT_PAGE_KINDS))('the $item page under $law in $locale cites no other law', ({ law, locale, item }) => {
    // Act
    const document = renderSubjectPage(samplePage(item, law), locale, DEMO_CONTROLLER);

    // Assess
    expect(foreignReferences(document, law)).toEqual([]);
  });

  it.each(every(['exported'] as const))('the export README under $law in $locale cites no other law', ({ law, locale }) => {
    // Act
    const readme = exportReadme({
      requestId: '01JEXPORT',
      createdAt: new Date('2026-11-25T10:00:00Z'),
      locale,
      jurisdiction: law,
      controller: DEMO_CONTROLLER,
      systems: [
        {
          system: dataSystem('crm', { retention: [{ category: 'invoices', keepFor: 'P10Y', legalBasis: 'commercial and tax retention duty' }] }),
          result: 'exported',
          records: 2,
          columns: ['id'],
        },
      ],
    });

    // Assess
    expect(foreignReferences(readme, law)).toEqual([]);
  });

  it('walks the notice sent under one law only under that law', () => {
    // Assess
    expect(sentUnder.filter(({ item }) => item === 'objection-stopped').map(({ law }) => law)).toEqual(['gdpr', 'gdpr']);
  });

  it('fails on a foreign reference: the patterns find what they stand for', () => {
    // Assess
    expect(foreignReferences('Art. 77 DSGVO', 'ccpa')).not.toEqual([]);
    expect(foreignReferences('the supervisory authority', 'ccpa')).not.toEqual([]);
    expect(foreignReferences('Cal. Civ. Code § 1798.125', 'gdpr')).not.toEqual([]);
    expect(foreignReferences('the California Attorney General', 'gdpr')).not.toEqual([]);
  });
});

describe('where a subject may turn, per law', () => {
  const REFUSALS = ['locked', 'partially-completed', 'extended', 'denied'] as const;

  it.each(LOCALES.flatMap((locale) => REFUSALS.map((kind) => ({ locale, kind }))))(
    'names the supervisory authority and the courts in a GDPR $kind notice ($locale)',
    ({ locale, kind }) => {
      // Act
      const { text } = renderNotice(sampleNotice(kind, 'gdpr'), locale, DEMO_CONTROLLER);

      // Assess
      expect(text).toContain(DEMO_CONTROLLER.authorities.gdpr[0]!.name[locale]);
      expect(text).toMatch(locale === 'de' ? /gerichtlichen Rechtsbehelf/ : /judicial remedy/);
    },
  );

  it.each(LOCALES.flatMap((locale) => REFUSALS.map((kind) => ({ locale, kind }))))(
    'names a review, the CPPA and the Attorney General, and no discrimination in a CCPA $kind notice ($locale)',
    ({ locale, kind }) => {
      // Act
      const { text } = renderNotice(sampleNotice(kind, 'ccpa'), locale, DEMO_CONTROLLER);

      // Assess
      expect(text).toMatch(locale === 'de' ? /prüfen Ihre Anfrage dann erneut/ : /review your request again/);
      for (const authority of DEMO_CONTROLLER.authorities.ccpa) expect(text).toContain(authority.name[locale]);
      expect(text).toMatch(locale === 'de' ? /benachteiligen Sie nicht/ : /not discriminate/);
    },
  );

  it.each(LOCALES as readonly Locale[])('shows a Californian the times of their own zone by its name (%s)', (locale) => {
    // Act
    const { text } = renderNotice(sampleNotice('export-ready', 'ccpa'), locale, DEMO_CONTROLLER, 'America/Los_Angeles');

    // Assess
    expect(text).toContain('(America/Los_Angeles)');
    expect(text).toMatch(locale === 'de' ? /9\. März 2026 um 02:15/ : /March 9, 2026 at 2:15 AM/);
    expect(text).not.toMatch(/GMT|MEZ|PST|PDT/);
  });
});
