import { describe, expect, it } from 'vitest';
import { authorityText } from '../../shared/text/authorities.js';
import type { Locale } from '../../shared/domain/request-model.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import {
  NOTICE_KINDS,
  NoticeError,
  renderNotice,
  type ControllerInfo,
  type Notice,
  type NoticeKind,
  type NoticeOf,
  type RenderedNotice,
} from '../../shared/notices/catalogue.js';
import { escapeHtml } from '../../shared/text/html.js';

const LOCALES: readonly Locale[] = ['de', 'en'];

const VERIFY_URL = 'https://privacy.example.com/v1/verify/tok_7Hq2?lang=de&src=mail';
const DOWNLOAD_URL = 'https://privacy.example.com/v1/exports/tok_9Zx4?part=1&format=zip';
const POLICY_URL = 'https://www.example.com/privacy?version=2026-03&lang=de';
const REQUEST_ID = '01JNQ8R2V4M7Y3W5X6Z8A9B0C1';

interface Sample<K extends NoticeKind> {
  notice: NoticeOf<K>;
  /** A word only a subject in that language would contain. */
  subjectWord: Record<Locale, RegExp>;
  /** Data both the text and the HTML part must show (as plain text; the HTML shows it escaped). */
  shows: Record<Locale, string[]>;
  /** Links the notice must carry. */
  urls: string[];
  /** Whether the law requires the right to complain and to a judicial remedy in this notice. */
  statesRemedies: boolean;
}

/** One sample per kind; a kind added to NOTICE_KINDS without a sample fails the first test. */
const SAMPLES: { [K in NoticeKind]: Sample<K> } = {
  'verify-request': {
    notice: {
      kind: 'verify-request',
      requestType: 'deletion',
      jurisdiction: 'gdpr',
      receivedAt: '2026-03-02T09:15:00Z',
      dueAt: '2026-04-02',
      verifyUrl: VERIFY_URL,
      expiresAt: '2026-03-09T09:15:00Z',
      knowledgeCheck: true,
      viaAgent: { name: 'Rights Agency LLC' },
    },
    subjectWord: { de: /bestätigen/, en: /confirm/ },
    shows: {
      de: [
        'Löschung Ihrer Daten',
        '2. März 2026',
        '2. April 2026',
        '9. März 2026 um 10:15 (Europe/Berlin)',
        'Datenschutz-Grundverordnung (DSGVO)',
        'Rights Agency LLC',
        'E-Mail-Adresse Ihres Kundenkontos',
        'Rechnungsadresse',
        'letzten vier Ziffern',
        'ignorieren Sie diese E-Mail',
      ],
      en: [
        'deletion of your data',
        'March 2, 2026',
        'April 2, 2026',
        'March 9, 2026 at 10:15 AM (Europe/Berlin)',
        'General Data Protection Regulation (GDPR)',
        'Rights Agency LLC',
        'email address of your account',
        'billing address',
        'last four digits',
        'ignore this email',
      ],
    },
    urls: [VERIFY_URL],
    statesRemedies: false,
  },
  'agent-pending': {
    notice: { kind: 'agent-pending', requestType: 'access', requestId: REQUEST_ID },
    subjectWord: { de: /Bestätigung/, en: /awaiting/ },
    shows: { de: [REQUEST_ID, 'Auskunft'], en: [REQUEST_ID, 'access'] },
    urls: [],
    statesRemedies: false,
  },
  'request-received': {
    notice: {
      kind: 'request-received',
      requestType: 'access',
      receivedAt: '2026-03-01T23:30:00Z',
      dueAt: '2026-04-15',
      acknowledge: true,
    },
    subjectWord: { de: /erhalten/, en: /received/ },
    // 23:30 UTC is already 2 March in Berlin, the demo controller's time zone.
    shows: {
      de: ['Auskunft über Ihre Daten', '2. März 2026', '15. April 2026', 'So bearbeiten wir Ihre Anfrage'],
      en: ['access to your data', 'March 2, 2026', 'April 15, 2026', 'How we process your request'],
    },
    urls: [],
    statesRemedies: false,
  },
  verified: {
    notice: { kind: 'verified', requestType: 'portability', dueAt: '2026-05-04' },
    subjectWord: { de: /bestätigt/, en: /confirmed/ },
    shows: { de: ['Übertragung Ihrer Daten', '4. Mai 2026'], en: ['a portable copy of your data', 'May 4, 2026'] },
    urls: [],
    statesRemedies: false,
  },
  locked: {
    notice: { kind: 'locked', requestType: 'deletion', jurisdiction: 'gdpr' },
    subjectWord: { de: /abgelehnt/, en: /refused/ },
    shows: {
      de: ['Löschung Ihrer Daten', 'fünfmal', 'nicht feststellen, dass die Anfrage von Ihnen stammt', 'neue Anfrage stellen'],
      en: ['deletion of your data', 'five times', 'could not verify that the request came from you', 'file a new request'],
    },
    urls: [],
    statesRemedies: true,
  },
  expired: {
    notice: { kind: 'expired', requestType: 'objection' },
    subjectWord: { de: /abgelaufen/, en: /expired/ },
    shows: {
      de: ['Widerspruch gegen die Verarbeitung Ihrer Daten', 'ohne sie auszuführen', 'neue Anfrage stellen'],
      en: ['objection to the processing of your data', 'without carrying it out', 'file a new request'],
    },
    urls: [],
    statesRemedies: false,
  },
  completed: {
    notice: {
      kind: 'completed',
      requestType: 'consent-withdrawal',
      systems: [
        { system: 'CRM', outcome: 'done', records: 3 },
        { system: 'Web analytics', outcome: 'not-found', records: 0 },
      ],
    },
    subjectWord: { de: /erledigt/, en: /completed/ },
    shows: {
      de: ['Widerruf Ihrer Einwilligung', 'vollständig', 'CRM: beendet', 'Web analytics: enthielt keine Daten zu Ihnen'],
      en: ['withdrawal of your consent', 'in full', 'CRM: stopped', 'Web analytics: held no data about you'],
    },
    urls: [],
    statesRemedies: false,
  },
  'partially-completed': {
    notice: {
      kind: 'partially-completed',
      requestType: 'deletion',
      jurisdiction: 'gdpr',
      systems: [
        { system: 'crm', outcome: 'done', records: 12 },
        { system: 'billing', outcome: 'retained', records: 40 },
        { system: 'support-desk', outcome: 'retained', records: 2 },
        { system: 'data-warehouse', outcome: 'failed', records: 0 },
      ],
      retained: [
        { system: 'billing', reason: 'invoices must be kept for 10 years', legalBasis: '§ 147 AO, § 257 HGB' },
        { system: 'support-desk', reason: 'open legal claim', legalBasis: 'Art. 17(3)(e) GDPR' },
      ],
      failed: ['data-warehouse'],
    },
    subjectWord: { de: /teilweise/, en: /partly/ },
    shows: {
      de: [
        'crm: gelöscht',
        'data-warehouse: noch nicht erledigt',
        'schreiben Ihnen erneut',
        'billing: invoices must be kept for 10 years (Rechtsgrundlage: § 147 AO, § 257 HGB)',
        'support-desk',
        'Art. 17(3)(e) GDPR',
      ],
      en: [
        'crm: deleted',
        'data-warehouse: not done yet',
        'will write to you again',
        'billing: invoices must be kept for 10 years (legal basis: § 147 AO, § 257 HGB)',
        'support-desk',
        'Art. 17(3)(e) GDPR',
      ],
    },
    urls: [],
    statesRemedies: true,
  },
  extended: {
    notice: {
      kind: 'extended',
      requestType: 'access',
      jurisdiction: 'gdpr',
      newDueAt: '2026-06-30',
      reason: 'Your data is held in 14 systems, 3 of them archived on tape.',
    },
    subjectWord: { de: /Fristverlängerung/, en: /more time/ },
    shows: {
      de: ['30. Juni 2026', 'Your data is held in 14 systems, 3 of them archived on tape.'],
      en: ['June 30, 2026', 'Your data is held in 14 systems, 3 of them archived on tape.'],
    },
    urls: [],
    statesRemedies: true,
  },
  denied: {
    notice: {
      kind: 'denied',
      requestType: 'access',
      jurisdiction: 'gdpr',
      code: 'excessive',
      reason: 'This is the sixth identical request within four weeks.',
    },
    subjectWord: { de: /Anfrage/, en: /request/ },
    shows: {
      de: ['exzessiv', 'This is the sixth identical request within four weeks.'],
      en: ['excessive', 'This is the sixth identical request within four weeks.'],
    },
    urls: [],
    statesRemedies: true,
  },
  cancelled: {
    notice: {
      kind: 'cancelled',
      requestType: 'deletion',
      jurisdiction: 'ccpa',
      receivedAt: '2026-03-02T09:15:00Z',
      byAgent: { name: 'Rights Agency LLC' },
    },
    subjectWord: { de: /storniert/, en: /cancelled/ },
    shows: {
      de: ['Löschung Ihrer Daten', '2. März 2026', 'California Consumer Privacy Act (CCPA)', 'Rights Agency LLC', 'neue Anfrage', 'privacy@example.com'],
      en: ['deletion of your data', 'March 2, 2026', 'California Consumer Privacy Act (CCPA)', 'Rights Agency LLC', 'new request', 'privacy@example.com'],
    },
    urls: [],
    statesRemedies: false,
  },
  'export-ready': {
    notice: { kind: 'export-ready', downloadUrl: DOWNLOAD_URL, expiresAt: '2026-07-20T14:05:00Z', maxDownloads: 5 },
    subjectWord: { de: /Herunterladen/, en: /download/ },
    // July: summer time in Berlin.
    shows: {
      de: ['20. Juli 2026 um 16:05 (Europe/Berlin)', 'erlaubt 5 Downloads', 'Klick auf die Schaltfläche'],
      en: ['July 20, 2026 at 4:05 PM (Europe/Berlin)', 'gives 5 downloads', 'click on the button'],
    },
    urls: [DOWNLOAD_URL],
    statesRemedies: false,
  },
  'policy-changed': {
    notice: {
      kind: 'policy-changed',
      version: '2026-03',
      url: POLICY_URL,
      effectiveAt: '2026-04-01',
      summary: 'We now use a payment provider in the EU & keep support chats for 30 days.',
    },
    subjectWord: { de: /Datenschutzerklärung/, en: /privacy policy/ },
    shows: {
      de: ['2026-03', '1. April 2026', 'We now use a payment provider in the EU & keep support chats for 30 days.'],
      en: ['2026-03', 'April 1, 2026', 'We now use a payment provider in the EU & keep support chats for 30 days.'],
    },
    urls: [POLICY_URL],
    statesRemedies: false,
  },
  'task-opened': {
    notice: {
      kind: 'task-opened',
      taskId: `${REQUEST_ID}.1.partner-portal`,
      requestId: REQUEST_ID,
      system: 'Partner portal',
      action: 'delete',
      dueAt: '2026-03-16T09:15:00Z',
      reportTo: `https://privacy.example.com/v1/tasks/${REQUEST_ID}.1.partner-portal/result`,
      instructions: 'Delete the account in the portal admin & note the ticket.',
      categories: ['contact data', 'order history'],
      purposes: ['support'],
    },
    subjectWord: { de: /Aufgabe für/, en: /Task for/ },
    shows: {
      de: [
        'Datenkategorien',
        'contact data, order history',
        'Zwecke',
        REQUEST_ID,
        `${REQUEST_ID}.1.partner-portal`,
        'Partner portal',
        'die Daten der Person löschen',
        '16. März 2026',
        'Delete the account in the portal admin & note the ticket.',
        `POST https://privacy.example.com/v1/tasks/${REQUEST_ID}.1.partner-portal/result`,
        `GET /v1/requests/${REQUEST_ID}`,
      ],
      en: [
        'Categories of data',
        'contact data, order history',
        'Purposes',
        REQUEST_ID,
        `${REQUEST_ID}.1.partner-portal`,
        'Partner portal',
        "delete the person's data",
        'March 16, 2026',
        'Delete the account in the portal admin & note the ticket.',
        `POST https://privacy.example.com/v1/tasks/${REQUEST_ID}.1.partner-portal/result`,
        `GET /v1/requests/${REQUEST_ID}`,
      ],
    },
    urls: [],
    statesRemedies: false,
  },
  'objection-stopped': {
    notice: {
      kind: 'objection-stopped',
      jurisdiction: 'gdpr',
      systems: [
        { system: 'Mailings', outcome: 'done', records: 1 },
        { system: 'Web analytics', outcome: 'not-found', records: 0 },
      ],
      toErase: ['Ad audiences'],
      confirmed: false,
      viaAgent: { name: 'Rights Agency LLC' },
    },
    subjectWord: { de: /Widerspruch gegen Direktwerbung/, en: /objection to direct marketing/ },
    shows: {
      de: [
        'sofort beendet',
        'Art. 21 Abs. 3 DSGVO',
        'Mailings: beendet',
        'Web analytics: enthielt keine Daten zu Ihnen',
        'Art. 17 Abs. 1 lit. c DSGVO',
        'Ad audiences',
        'Link in unserer anderen E-Mail',
        'Rights Agency LLC',
      ],
      en: [
        'stopped it at once',
        'Art. 21(3) GDPR',
        'Mailings: stopped',
        'Web analytics: held no data about you',
        'Art. 17(1)(c) GDPR',
        'Ad audiences',
        'link in our other email',
        'Rights Agency LLC',
      ],
    },
    urls: [],
    statesRemedies: false,
  },
};

const CASES = NOTICE_KINDS.flatMap((kind) => LOCALES.map((locale) => ({ kind, locale })));

function sampleOf(kind: NoticeKind): Sample<NoticeKind> {
  return SAMPLES[kind] as Sample<NoticeKind>;
}

function render(kind: NoticeKind, locale: Locale, controller: ControllerInfo = DEMO_CONTROLLER): RenderedNotice {
  return renderNotice(sampleOf(kind).notice as Notice, locale, controller);
}

const REMEDY_PHRASES: Record<Locale, RegExp[]> = {
  de: [/Recht, sich bei einer Datenschutz-Aufsichtsbehörde zu beschweren/, /gerichtlichen Rechtsbehelf/],
  en: [/right to lodge a complaint with a supervisory authority/, /judicial remedy/],
};

describe('the notice samples', () => {
  it('cover every notice kind, and nothing else', () => {
    // Prepare
    const sampled = Object.keys(SAMPLES).sort();

    // Act
    const kinds = [...NOTICE_KINDS].sort();

    // Assess
    expect(sampled).toEqual(kinds);
  });
});

describe('renderNotice', () => {
  it.each(CASES)('writes a $kind subject in $locale', ({ kind, locale }) => {
    // Prepare
    const sample = sampleOf(kind);
    const other: Locale = locale === 'de' ? 'en' : 'de';

    // Act
    const { subject } = render(kind, locale);

    // Assess
    expect(subject.trim()).not.toBe('');
    expect(subject).toMatch(sample.subjectWord[locale]);
    expect(subject).not.toMatch(sample.subjectWord[other]);
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it.each(CASES)('shows the key data of $kind in both parts ($locale)', ({ kind, locale }) => {
    // Prepare
    const expected = sampleOf(kind).shows[locale];

    // Act
    const { text, html } = render(kind, locale);

    // Assess
    for (const value of expected) {
      expect(text).toContain(value);
      expect(html).toContain(escapeHtml(value));
    }
  });

  it.each(CASES)('links $kind and the privacy notice as escaped hrefs and URLs on their own text lines ($locale)', ({ kind, locale }) => {
    // Prepare
    const { urls } = sampleOf(kind);
    const notice = DEMO_CONTROLLER.privacyNoticeUrl;

    // Act
    const { text, html } = render(kind, locale);

    // Assess
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(new Set(hrefs)).toEqual(new Set([...urls, notice].map(escapeHtml)));
    expect(text.trimEnd().split('\n').at(-1)).toBe(`${locale === 'de' ? 'Datenschutzhinweise' : 'Privacy notice'}: ${notice}`);
    for (const url of urls) {
      expect(text.split('\n')).toContain(url);
      expect(html).not.toContain(`href="${url}"`);
    }
  });

  it.each(CASES)('states the right to complain and to a judicial remedy in $kind only where required ($locale)', ({ kind, locale }) => {
    // Prepare
    const { statesRemedies } = sampleOf(kind);
    const authority = authorityText(DEMO_CONTROLLER.authorities.gdpr, locale);

    // Act
    const { text, html } = render(kind, locale);

    // Assess
    if (statesRemedies) {
      expect(text).toContain(authority);
      expect(html).toContain(escapeHtml(authority));
    }
    for (const part of [text, html]) {
      for (const phrase of REMEDY_PHRASES[locale]) {
        if (statesRemedies) expect(part).toMatch(phrase);
        else expect(part).not.toMatch(phrase);
      }
    }
  });

  it.each(CASES)('leaves no undefined, NaN or object placeholders in $kind ($locale)', ({ kind, locale }) => {
    // Act
    const rendered = render(kind, locale);

    // Assess
    for (const part of [rendered.subject, rendered.text, rendered.html]) {
      expect(part).not.toMatch(/undefined|NaN|\[object Object\]|Invalid Date|null/);
    }
  });

  it.each(CASES)('keeps the $kind HTML self-contained with inline styles only ($locale)', ({ kind, locale }) => {
    // Act
    const { html } = render(kind, locale);

    // Assess
    expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${locale}">`));
    expect(html).not.toMatch(/<img|<link|<script|<style|<iframe|\ssrc=|url\(|@import|\sclass=/i);
  });

  it.each(CASES)('signs $kind with the controller and carries no marketing ($locale)', ({ kind, locale }) => {
    // Act
    const { text, html } = render(kind, locale);

    // Assess
    for (const part of [text, html]) {
      expect(part).toContain(DEMO_CONTROLLER.name);
      expect(part).toContain(DEMO_CONTROLLER.privacyContact);
      expect(part).not.toMatch(/newsletter|angebot|rabatt|gutschein|discount|special offer|unsubscribe/i);
    }
  });

  it.each([
    {
      locale: 'de' as const,
      line: 'Diese Anfrage hat uns über Nordlicht Shop erreicht, das sie in Ihrem Namen an uns weitergegeben hat.',
      agent: /bevollmächtigt/,
    },
    { locale: 'en' as const, line: 'This request reached us through Nordlicht Shop, which passed it on to us for you.', agent: /authorized agent/ },
  ])('names the OpenDSR controller a request came through in words of its own, never as the agent ($locale)', ({ locale, line, agent }) => {
    // Prepare
    const filedThrough = { name: 'Nordlicht Shop' };
    const notices: Notice[] = [
      { ...SAMPLES['verify-request'].notice, viaAgent: undefined, filedThrough },
      { kind: 'completed', requestType: 'deletion', systems: [], filedThrough },
      { kind: 'cancelled', requestType: 'deletion', jurisdiction: 'ccpa', receivedAt: '2026-03-02T09:15:00Z', filedThrough },
      { kind: 'expired', requestType: 'access', filedThrough },
    ];

    // Act
    const texts = notices.map((notice) => renderNotice(notice, locale, DEMO_CONTROLLER).text);
    const without = renderNotice({ kind: 'completed', requestType: 'deletion', systems: [] }, locale, DEMO_CONTROLLER).text;

    // Assess
    for (const text of texts) {
      expect(text).toContain(line);
      expect(text).not.toMatch(agent);
    }
    expect(without).not.toContain('Nordlicht Shop');
  });

  it('escapes a script in a denial reason in the HTML part', () => {
    // Prepare
    const notice: Notice = { kind: 'denied', requestType: 'access', jurisdiction: 'gdpr', code: 'exemption', reason: '<script>alert("x")</script> & more' };

    // Act
    const { text, html } = renderNotice(notice, 'en', DEMO_CONTROLLER);

    // Assess
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html).not.toContain('<script');
    expect(text).toContain('<script>alert("x")</script> & more');
  });

  it.each([
    ['an agent name', { ...SAMPLES['verify-request'].notice, viaAgent: { name: '<b onmouseover="x">Agent</b>' } }],
    ['a request id', { kind: 'agent-pending', requestType: 'access', requestId: '<i>01J</i>' }],
    [
      'retained data',
      {
        kind: 'partially-completed',
        requestType: 'deletion',
        jurisdiction: 'gdpr',
        systems: [],
        retained: [{ system: '<s>', reason: '"r"', legalBasis: "'l'" }],
        failed: [],
      },
    ],
    ['a system name', { kind: 'completed', requestType: 'access', systems: [{ system: '<b onclick="x">CRM</b>', outcome: 'done', records: 2 }] }],
    [
      'a failed system',
      {
        kind: 'partially-completed',
        requestType: 'deletion',
        jurisdiction: 'gdpr',
        systems: [{ system: '<u>DWH</u>', outcome: 'failed', records: 0 }],
        retained: [],
        failed: ['<u>DWH</u>'],
      },
    ],
    ['a recipient', { kind: 'completed', requestType: 'third-party-disclosure', systems: [], recipients: ['<em>Ads & Co</em>'] }],
    ['an extension reason', { kind: 'extended', requestType: 'access', jurisdiction: 'gdpr', newDueAt: '2026-06-30', reason: '<img src=x onerror=alert(1)>' }],
    ['a policy summary', { ...SAMPLES['policy-changed'].notice, version: '<v>', summary: '</p><a href="https://evil.example">x</a>' }],
  ] satisfies Array<[string, Notice]>)('escapes markup in %s', (_label, notice) => {
    // Act
    const { html } = renderNotice(notice, 'de', DEMO_CONTROLLER);

    // Assess
    const body = html.replace(/<(\/?)(!DOCTYPE|html|head|meta|title|body|div|p|br|table|tr|th|td|ol|ul|li|hr|a)\b[^<>]*>/g, '');
    expect(body).not.toMatch(/[<>]/);
    expect(html).not.toContain('https://evil.example">');
  });

  it.each(LOCALES)('shows a system name escaped in the HTML part and verbatim in the text part (%s)', (locale) => {
    // Prepare
    const system = '<b>CRM</b> & "Sales"';
    const notice: Notice = {
      kind: 'partially-completed',
      requestType: 'deletion',
      jurisdiction: 'gdpr',
      systems: [{ system, outcome: 'failed', records: 0 }],
      retained: [],
      failed: [system],
    };

    // Act
    const { text, html } = renderNotice(notice, locale, DEMO_CONTROLLER);

    // Assess
    expect(text).toContain(`- ${system}\n`);
    expect(html).toContain(`>${escapeHtml(system)}</li>`);
    expect(html).not.toContain('<b>');
  });

  it('escapes markup in the controller name and authority', () => {
    // Prepare
    const controller: ControllerInfo = {
      ...DEMO_CONTROLLER,
      name: 'Evil <Corp>',
      authorities: { ...DEMO_CONTROLLER.authorities, gdpr: [{ name: { de: '<b>BfDI</b>', en: '<b>BfDI</b>' }, url: 'https://www.bfdi.bund.de' }] },
    };

    // Act
    const { html } = renderNotice({ kind: 'locked', requestType: 'deletion', jurisdiction: 'gdpr' }, 'de', controller);

    // Assess
    expect(html).toContain('Evil &lt;Corp&gt;');
    expect(html).toContain('&lt;b&gt;BfDI&lt;/b&gt;');
    expect(html).not.toContain('<b>');
  });

  it('names the controller’s own supervisory authority', () => {
    // Prepare
    const controller: ControllerInfo = {
      ...DEMO_CONTROLLER,
      authorities: {
        ...DEMO_CONTROLLER.authorities,
        gdpr: [
          {
            name: {
              de: 'Berliner Beauftragte für Datenschutz und Informationsfreiheit',
              en: 'Berlin Commissioner for Data Protection and Freedom of Information',
            },
            address: 'Alt-Moabit 59-61, 10555 Berlin',
            url: 'https://www.datenschutz-berlin.de',
          },
        ],
      },
    };

    // Act
    const de = renderNotice(SAMPLES.denied.notice, 'de', controller);
    const en = renderNotice(SAMPLES.denied.notice, 'en', controller);

    // Assess
    expect(de.text).toContain('Berliner Beauftragte für Datenschutz und Informationsfreiheit');
    expect(en.text).toContain('Berlin Commissioner for Data Protection and Freedom of Information');
    expect(en.text.split('\n')).toContain(
      'Berlin Commissioner for Data Protection and Freedom of Information, Alt-Moabit 59-61, 10555 Berlin, https://www.datenschutz-berlin.de',
    );
  });

  it('leaves out the identity questions and the agent when neither applies', () => {
    // Prepare
    const notice: NoticeOf<'verify-request'> = { ...SAMPLES['verify-request'].notice, knowledgeCheck: false };
    delete notice.viaAgent;

    // Act
    const { text } = renderNotice(notice, 'en', DEMO_CONTROLLER);

    // Assess
    expect(text).not.toContain('billing address');
    expect(text).not.toContain('authorized agent');
    expect(text).toContain('Confirm the request on the page');
    expect(text).toContain('Nothing happens without your confirmation.');
  });

  it('says that nothing happens unless the subject confirms a request an agent filed', () => {
    // Act
    const { text } = renderNotice(SAMPLES['verify-request'].notice, 'en', DEMO_CONTROLLER);

    // Assess
    expect(text).toContain('Rights Agency LLC filed this request on your behalf as your authorized agent.');
    expect(text).toContain('nothing happens without your confirmation');
  });

  it('explains the process only in the formal acknowledgement', () => {
    // Prepare
    const plain: Notice = { ...SAMPLES['request-received'].notice, acknowledge: false };

    // Act
    const { text } = renderNotice(plain, 'en', DEMO_CONTROLLER);

    // Assess
    expect(text).not.toContain('How we process your request');
    expect(text).toContain('We will email you as soon as your request has been carried out.');
  });

  it.each([
    ['unverified', true],
    ['no-data', false],
  ] as const)('invites a new request after a %s denial: %s', (code, invites) => {
    // Prepare
    const notice: Notice = { kind: 'denied', requestType: 'deletion', jurisdiction: 'gdpr', code, reason: 'See above.' };

    // Act
    const { text } = renderNotice(notice, 'en', DEMO_CONTROLLER);

    // Assess
    expect(text.includes('You may file a new request at any time.')).toBe(invites);
  });

  it.each(
    (
      [
        ['deletion', 'done', 5, 'gelöscht', 'deleted'],
        ['portability', 'done', 1, 'exportiert (1 Datensatz)', 'exported (1 record)'],
        ['access', 'done', 1234, 'exportiert (1.234 Datensätze)', 'exported (1,234 records)'],
        ['access', 'done', 0, 'exportiert (0 Datensätze)', 'exported (0 records)'],
        ['objection', 'done', 7, 'beendet', 'stopped'],
        ['consent-withdrawal', 'done', 7, 'beendet', 'stopped'],
        ['marketing-opt-out', 'done', 1, 'beendet', 'stopped'],
        ['sale-opt-out', 'done', 1, 'Widerspruch vermerkt', 'recorded your opt-out'],
        ['deletion', 'not-found', 0, 'enthielt keine Daten zu Ihnen', 'held no data about you'],
        ['access', 'not-found', 0, 'enthielt keine Daten zu Ihnen', 'held no data about you'],
        ['sale-opt-out', 'not-found', 0, 'enthielt keine Daten zu Ihnen', 'held no data about you'],
        ['deletion', 'retained', 2, '2 Datensätze aus rechtlichen Gründen aufbewahrt', '2 records kept for legal reasons'],
        ['deletion', 'retained', 1, '1 Datensatz aus rechtlichen Gründen aufbewahrt', '1 record kept for legal reasons'],
        ['deletion', 'retained', 1234, '1.234 Datensätze aus rechtlichen Gründen aufbewahrt', '1,234 records kept for legal reasons'],
        // A system fulfilment does not run itself is not asked: its count is unknown, and none is claimed.
        ['deletion', 'retained', 0, 'Daten aus rechtlichen Gründen aufbewahrt', 'data kept for legal reasons'],
        ['deletion', 'failed', 0, 'noch nicht erledigt', 'not done yet'],
      ] as const
    ).flatMap(([requestType, outcome, records, de, en]) => [
      { requestType, outcome, records, locale: 'de' as const, words: de },
      { requestType, outcome, records, locale: 'en' as const, words: en },
    ]),
  )('words a $outcome outcome of $requestType as "$words" ($locale)', ({ requestType, outcome, records, locale, words }) => {
    // Prepare
    const systems = [{ system: 'Orders', outcome, records }];
    const notices: Notice[] = [
      { kind: 'completed', requestType, systems },
      { kind: 'partially-completed', requestType, jurisdiction: 'gdpr', systems, retained: [], failed: [] },
    ];

    for (const notice of notices) {
      // Act
      const { text, html } = renderNotice(notice, locale, DEMO_CONTROLLER);

      // Assess
      expect(text.split('\n')).toContain(`- Orders: ${words}`);
      expect(html).toContain(`>${escapeHtml(`Orders: ${words}`)}</li>`);
    }
  });

  it.each([
    {
      locale: 'de' as const,
      summary: { system: 'Billing', outcome: 'not-applicable' as const, records: 0, reason: 'Rechnungen verlangt das Steuerrecht.' },
      line: 'Billing: Ihre Anfrage greift hier nicht: Rechnungen verlangt das Steuerrecht.',
    },
    {
      locale: 'en' as const,
      summary: { system: 'Billing', outcome: 'not-applicable' as const, records: 0, reason: 'Tax law requires invoices.' },
      line: 'Billing: your request does not apply here: Tax law requires invoices.',
    },
    {
      locale: 'de' as const,
      summary: { system: 'Live chat', outcome: 'done' as const, records: 3, erased: true },
      line: 'Live chat: gelöscht',
    },
    { locale: 'en' as const, summary: { system: 'Live chat', outcome: 'done' as const, records: 3, erased: true }, line: 'Live chat: deleted' },
  ])('words an objection a system answers as $summary.outcome with its reason or its erasure ($locale)', ({ locale, summary, line }) => {
    // Prepare
    const notice: Notice = { kind: 'partially-completed', requestType: 'objection', jurisdiction: 'gdpr', systems: [summary], retained: [], failed: [] };

    // Act
    const { text } = renderNotice(notice, locale, DEMO_CONTROLLER);

    // Assess
    expect(text.split('\n')).toContain(`- ${line}`);
  });

  it.each([
    ['de', 'Das haben wir in den einzelnen Systemen getan:'],
    ['en', 'What we did in each system:'],
  ] as const)('lists every system as a bullet in both parts (%s)', (locale, leadIn) => {
    // Act
    const { text, html } = renderNotice(SAMPLES['partially-completed'].notice, locale, DEMO_CONTROLLER);

    // Assess
    const bullets = text.split(`${leadIn}\n\n`)[1]?.split('\n\n')[0]?.split('\n');
    expect(bullets?.map((line) => line.replace(/:.*/, ''))).toEqual(['- crm', '- billing', '- support-desk', '- data-warehouse']);
    expect(html).toContain(`${escapeHtml(leadIn)}</p>\n<ul `);
    expect(html.match(/<ul /g)).toHaveLength(3);
  });

  it.each([
    ['de', 'Das haben wir in den einzelnen Systemen getan:'],
    ['en', 'What we did in each system:'],
  ] as const)('writes no system lead-in when no system took part (%s)', (locale, leadIn) => {
    // Prepare
    const notice: Notice = { kind: 'completed', requestType: 'access', systems: [] };

    // Act
    const { text, html } = renderNotice(notice, locale, DEMO_CONTROLLER);

    // Assess
    expect(text).not.toContain(leadIn);
    expect(html).not.toContain('<ul');
  });

  it.each([
    ['de', 'Im vergangenen Jahr haben wir personenbezogene Daten über Sie an die folgenden Dritten für deren Direktwerbung weitergegeben:'],
    ['en', 'In the past year we disclosed personal data about you to the following third parties for their direct marketing purposes:'],
  ] as const)('lists the third parties that received data for direct marketing, each once (%s)', (locale, leadIn) => {
    // Prepare
    const notice: Notice = {
      kind: 'completed',
      requestType: 'third-party-disclosure',
      systems: [],
      recipients: ['Acme Ads Inc.', 'Beta Mail & Co LLC', 'Acme Ads Inc.'],
    };

    // Act
    const { text, html } = renderNotice(notice, locale, DEMO_CONTROLLER);

    // Assess
    expect(text).toContain(`${leadIn}\n\n- Acme Ads Inc.\n- Beta Mail & Co LLC\n`);
    expect(text.match(/Acme Ads Inc\./g)).toHaveLength(1);
    expect(html).toContain(escapeHtml(leadIn));
    expect(html).toContain('>Beta Mail &amp; Co LLC</li>');
  });

  it.each([
    ['de', 'Im vergangenen Jahr haben wir keine personenbezogenen Daten über Sie an Dritte für deren Direktwerbung weitergegeben.'],
    ['en', 'In the past year we did not disclose personal data about you to any third party for its direct marketing purposes.'],
  ] as const)('says when no third party received data for direct marketing (%s)', (locale, sentence) => {
    // Prepare
    const notice: Notice = { kind: 'completed', requestType: 'third-party-disclosure', systems: [], recipients: [] };

    // Act
    const { text, html } = renderNotice(notice, locale, DEMO_CONTROLLER);

    // Assess
    expect(text).toContain(sentence);
    expect(html).toContain(escapeHtml(sentence));
    expect(html).not.toContain('<ul');
  });

  it.each(LOCALES)('says nothing about third parties unless the notice carries recipients (%s)', (locale) => {
    // Act
    const { text } = render('completed', locale);

    // Assess
    expect(text).not.toMatch(/Direktwerbung|direct marketing/);
  });

  it.each([
    [
      'de',
      'In diesen Systemen konnten wir Ihre Anfrage noch nicht ausführen:',
      'Wir arbeiten daran und schreiben Ihnen erneut, sobald Ihre Anfrage auch dort ausgeführt ist.',
    ],
    [
      'en',
      'We could not yet carry out your request in these systems:',
      'We are working on it and will write to you again once your request has been carried out there too.',
    ],
  ] as const)('names the systems that failed and promises to write again (%s)', (locale, leadIn, promise) => {
    // Prepare
    const notice: Notice = {
      kind: 'partially-completed',
      requestType: 'access',
      jurisdiction: 'gdpr',
      systems: [
        { system: 'Orders', outcome: 'done', records: 4 },
        { system: 'Data warehouse', outcome: 'failed', records: 0 },
        { system: 'Tape archive', outcome: 'failed', records: 0 },
      ],
      retained: [],
      failed: ['Data warehouse', 'Tape archive'],
    };

    // Act
    const { text, html } = renderNotice(notice, locale, DEMO_CONTROLLER);

    // Assess
    expect(text).toContain(`${leadIn}\n\n- Data warehouse\n- Tape archive\n\n${promise}`);
    expect(html).toContain(escapeHtml(promise));
    expect(html).toContain('>Tape archive</li>');
    for (const phrase of REMEDY_PHRASES[locale]) expect(text).toMatch(phrase);
  });

  it.each([
    ['de', 'noch nicht ausführen', 'aus rechtlichen Gründen aufbewahren'],
    ['en', 'could not yet carry out', 'must keep the following data'],
  ] as const)('leaves out the failure and retention sections that do not apply (%s)', (locale, failure, retention) => {
    // Prepare
    const onlyFailed: Notice = {
      kind: 'partially-completed',
      requestType: 'deletion',
      jurisdiction: 'gdpr',
      systems: [{ system: 'Orders', outcome: 'failed', records: 0 }],
      retained: [],
      failed: ['Orders'],
    };
    const onlyRetained: Notice = {
      kind: 'partially-completed',
      requestType: 'deletion',
      jurisdiction: 'gdpr',
      systems: [{ system: 'Billing', outcome: 'retained', records: 9 }],
      retained: [{ system: 'Billing', reason: 'invoices', legalBasis: '§ 147 AO' }],
      failed: [],
    };

    // Act
    const failedText = renderNotice(onlyFailed, locale, DEMO_CONTROLLER).text;
    const retainedText = renderNotice(onlyRetained, locale, DEMO_CONTROLLER).text;

    // Assess
    expect(failedText).toContain(failure);
    expect(failedText).not.toContain(retention);
    expect(retainedText).toContain(retention);
    expect(retainedText).not.toContain(failure);
  });

  it('refuses a link that is not http(s)', () => {
    // Prepare
    const notice: Notice = { kind: 'export-ready', downloadUrl: 'javascript:alert(1)', expiresAt: '2026-07-20T14:05:00Z', maxDownloads: 5 };

    // Act
    const act = () => renderNotice(notice, 'en', DEMO_CONTROLLER);

    // Assess
    expect(act).toThrow(NoticeError);
  });

  it('refuses a privacy notice link that is not http(s)', () => {
    // Prepare
    const controller: ControllerInfo = { ...DEMO_CONTROLLER, privacyNoticeUrl: 'javascript:alert(1)' };

    // Act
    const act = () => renderNotice({ kind: 'verified', requestType: 'access', dueAt: '2026-04-02' }, 'en', controller);

    // Assess
    expect(act).toThrow(NoticeError);
  });

  it.each(['2026-02-30', 'next Tuesday', '2026-13-01', ''])('refuses the malformed date %j', (dueAt) => {
    // Prepare
    const notice: Notice = { kind: 'verified', requestType: 'access', dueAt };

    // Act
    const act = () => renderNotice(notice, 'de', DEMO_CONTROLLER);

    // Assess
    expect(act).toThrow(NoticeError);
  });

  it('keeps due dates unshifted in a notice from a controller west of UTC', () => {
    // Prepare
    const controller: ControllerInfo = { ...DEMO_CONTROLLER, timeZone: 'America/Los_Angeles' };

    // Act
    const { text } = renderNotice({ kind: 'verified', requestType: 'access', dueAt: '2026-04-01' }, 'en', controller);

    // Assess
    expect(text).toContain('April 1, 2026');
    expect(text).not.toContain('March 31, 2026');
  });
});

describe('the cancellation notice', () => {
  const cancelled = (jurisdiction: 'gdpr' | 'ccpa', byAgent?: { name: string }): Notice => ({
    kind: 'cancelled',
    requestType: 'access',
    jurisdiction,
    receivedAt: '2026-03-02T09:15:00Z',
    ...(byAgent ? { byAgent } : {}),
  });

  it.each(LOCALES)('names the GDPR for a GDPR request and never for a CCPA one (%s)', (locale) => {
    // Act
    const gdpr = renderNotice(cancelled('gdpr'), locale, DEMO_CONTROLLER);
    const ccpa = renderNotice(cancelled('ccpa'), locale, DEMO_CONTROLLER);

    // Assess
    expect(gdpr.text).toMatch(/GDPR|DSGVO/);
    expect(ccpa.text).toContain('California Consumer Privacy Act (CCPA)');
    for (const part of [ccpa.text, ccpa.html]) expect(part).not.toMatch(/GDPR|DSGVO|Datenschutz-Grundverordnung|General Data Protection/);
  });

  it.each([
    ['de', 'Ihre Anfrage wurde storniert.', 'Ihr bevollmächtigter Vertreter Rights Agency LLC hat die Anfrage zurückgezogen'],
    ['en', 'Your request has been cancelled.', 'Rights Agency LLC, your authorized agent, has withdrawn the request it filed for you.'],
  ] as const)('says who withdrew the request only when its agent did (%s)', (locale, plain, agentSentence) => {
    // Act
    const byUs = renderNotice(cancelled('ccpa'), locale, DEMO_CONTROLLER);
    const byAgent = renderNotice(cancelled('ccpa', { name: 'Rights Agency LLC' }), locale, DEMO_CONTROLLER);

    // Assess
    expect(byUs.text).toContain(plain);
    expect(byUs.text).not.toContain('Rights Agency LLC');
    expect(byAgent.text).toContain(agentSentence);
    expect(byAgent.text).not.toContain(plain);
  });
});

describe('where a subject may turn', () => {
  const NOTICES_WITH_REMEDIES = (jurisdiction: 'gdpr' | 'ccpa'): Notice[] => [
    { kind: 'locked', requestType: 'deletion', jurisdiction },
    { kind: 'partially-completed', requestType: 'deletion', jurisdiction, systems: [], retained: [], failed: ['Billing'] },
    { kind: 'extended', requestType: 'access', jurisdiction, newDueAt: '2026-06-02', reason: 'Eight systems and archived backups.' },
    { kind: 'denied', requestType: 'access', jurisdiction, code: 'excessive', reason: 'The same request was answered in full last week.' },
  ];
  const cases = LOCALES.flatMap((locale) => NOTICES_WITH_REMEDIES('ccpa').map((notice) => [locale, notice.kind, notice] as const));

  it.each(cases)('names the California agencies, never a GDPR supervisory authority, in a CCPA %s %s notice', (locale, _kind, notice) => {
    // Act
    const { text, html } = renderNotice(notice, locale, DEMO_CONTROLLER);

    // Assess
    for (const authority of DEMO_CONTROLLER.authorities.ccpa) expect(text).toContain(authority.name[locale]);
    for (const part of [text, html]) {
      expect(part).not.toMatch(/GDPR|DSGVO|Datenschutz-Grundverordnung|General Data Protection|supervisory authority|Aufsichtsbehörde/);
      for (const authority of DEMO_CONTROLLER.authorities.gdpr) expect(part).not.toContain(authority.name[locale]);
    }
  });

  it.each(LOCALES.flatMap((locale) => NOTICES_WITH_REMEDIES('gdpr').map((notice) => [locale, notice.kind, notice] as const)))(
    'names the supervisory authority in a GDPR %s %s notice',
    (locale, _kind, notice) => {
      // Act
      const { text } = renderNotice(notice, locale, DEMO_CONTROLLER);

      // Assess
      for (const authority of DEMO_CONTROLLER.authorities.gdpr) expect(text).toContain(authority.name[locale]);
      expect(text).toMatch(locale === 'de' ? /Aufsichtsbehörde/ : /supervisory authority/);
    },
  );
});
