import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCALES, REQUEST_TYPES, type Locale, type RequestType } from '../../shared/domain/request-model.js';
import { PAGE_STYLE, PAGE_STYLE_HASH, SUBJECT_PAGE_CSP, SUBJECT_PAGE_HEADERS, subjectPageResponse } from '../../shared/pages/layout.js';
import {
  IDENTITY_FORM_FIELDS,
  refusalPageKind,
  renderRefusalPage,
  renderSubjectPage,
  requestTypeName,
  SUBJECT_PAGE_KINDS,
  type SubjectPage,
  type SubjectPageKind,
} from '../../shared/pages/subject-pages.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';
import {
  SAMPLE_FAILED_IDENTITY,
  SAMPLE_INCOMPLETE_IDENTITY,
  SAMPLE_LOCKED_BY_PROVIDER,
  SAMPLE_PAGES,
  SAMPLE_PROVIDER_AFTER_LOCK,
  SAMPLE_PROVIDER_OFFERED,
  SAMPLE_PROVIDER_REQUIRED,
  SAMPLE_SALE_OPT_IN_CONFIRM,
  SAMPLE_TOKEN,
} from '../support/subject-pages.js';
import { PROVIDER_TEXTS } from '../../shared/pages/identity-provider-pages.js';
import { SUBJECT_TEXTS } from '../../shared/pages/subject-texts.js';

interface PageCase {
  kind: SubjectPageKind;
  locale: Locale;
  heading: string;
  says: string[];
}

const pageCases: PageCase[] = [
  {
    kind: 'confirm',
    locale: 'de',
    heading: 'Bitte bestätigen Sie Ihre Anfrage',
    says: ['Löschung Ihrer Daten', '2. März 2026', 'Es geschieht nichts, bevor Sie auf die Schaltfläche unten klicken.', 'ignorieren Sie diese Seite'],
  },
  {
    kind: 'confirm',
    locale: 'en',
    heading: 'Please confirm your request',
    says: ['Deletion of your data', 'March 2, 2026', 'Nothing happens until you press the button below.', 'ignore this page'],
  },
  {
    kind: 'confirmed',
    locale: 'de',
    heading: 'Vielen Dank – Ihre Anfrage ist bestätigt',
    says: ['Widerspruch gegen die Verarbeitung Ihrer Daten', '2. März 2026', 'So geht es weiter'],
  },
  {
    kind: 'confirmed',
    locale: 'en',
    heading: 'Thank you – your request is confirmed',
    says: ['Objection to the processing of your data', 'March 2, 2026', 'What happens next'],
  },
  {
    kind: 'identity',
    locale: 'de',
    heading: 'Bitte bestätigen Sie Ihre Identität',
    says: ['E-Mail-Adresse Ihres Kontos', 'Rechnungsadresse', 'Sie haben 3 Versuche.'],
  },
  {
    kind: 'identity',
    locale: 'en',
    heading: 'Please confirm your identity',
    says: ['Email address of your account', 'Billing address', 'You have 3 attempts.'],
  },
  { kind: 'verified', locale: 'de', heading: 'Vielen Dank – Ihre Identität ist bestätigt', says: ['Übertragung Ihrer Daten', '7. April 2026'] },
  { kind: 'verified', locale: 'en', heading: 'Thank you – your identity is confirmed', says: ['A portable copy of your data', 'April 7, 2026'] },
  {
    kind: 'locked',
    locale: 'de',
    heading: 'Wir konnten Ihre Identität nicht bestätigen',
    says: ['abgelehnt', 'neue Anfrage stellen', 'Datenschutz-Aufsichtsbehörde zu beschweren'],
  },
  {
    kind: 'locked',
    locale: 'en',
    heading: 'We could not confirm your identity',
    says: ['refused this request', 'file a new request', 'lodge a complaint with a data protection supervisory authority', 'judicial remedy'],
  },
  {
    kind: 'closed',
    locale: 'de',
    heading: 'Diese Anfrage ist abgeschlossen',
    says: ['Löschung Ihrer Daten', 'Storniert', '5. März 2026', 'wird nicht ausgeführt'],
  },
  {
    kind: 'closed',
    locale: 'en',
    heading: 'This request is closed',
    says: ['Deletion of your data', 'Cancelled', 'March 5, 2026', 'will not be carried out'],
  },
  {
    kind: 'unsubscribe',
    locale: 'de',
    heading: 'Von unseren Werbe-E-Mails abmelden?',
    says: ['a•••@example.com', 'Es ändert sich nichts', 'erhalten Sie weiterhin'],
  },
  {
    kind: 'unsubscribe',
    locale: 'en',
    heading: 'Unsubscribe from our marketing emails?',
    says: ['a•••@example.com', 'Nothing changes until', 'you will still receive them'],
  },
  { kind: 'unsubscribed', locale: 'de', heading: 'Sie sind abgemeldet', says: ['a•••@example.com', 'keine Werbe-E-Mails mehr', 'ab sofort'] },
  { kind: 'unsubscribed', locale: 'en', heading: 'You are unsubscribed', says: ['a•••@example.com', 'will not send marketing emails', 'at once'] },
  { kind: 'expired', locale: 'de', heading: 'Dieser Link ist abgelaufen', says: ['stellen Sie die Anfrage bitte erneut'] },
  { kind: 'expired', locale: 'en', heading: 'This link has expired', says: ['file the request again'] },
  { kind: 'provider-cancelled', locale: 'de', heading: 'Sie haben beim Identitätsdienst abgebrochen', says: ['weiterhin offen', 'noch einmal den Link'] },
  { kind: 'provider-cancelled', locale: 'en', heading: 'You stopped at the identity service', says: ['still open', 'open the link in our email once more'] },
  { kind: 'provider-unavailable', locale: 'de', heading: 'Der Identitätsdienst ist gerade nicht erreichbar', says: ['nichts geändert', 'in einigen Minuten'] },
  {
    kind: 'provider-unavailable',
    locale: 'en',
    heading: 'The identity service cannot be reached right now',
    says: ['Nothing has changed', 'in a few minutes'],
  },
  {
    kind: 'provider-invalid',
    locale: 'de',
    heading: 'Diese Anmeldung gehört zu keiner Anfrage, die darauf wartet',
    says: ['schon verwendet', 'neu zu beginnen'],
  },
  { kind: 'provider-invalid', locale: 'en', heading: 'This sign-in does not belong to a request waiting for it', says: ['used already', 'start anew'] },
  { kind: 'provider-returned', locale: 'de', heading: 'Vielen Dank: Der Identitätsdienst teilt uns das Ergebnis mit', says: ['direkt', 'schreiben Ihnen'] },
  { kind: 'provider-returned', locale: 'en', heading: 'Thank you: the identity service is telling us the result', says: ['directly', 'email you'] },
  { kind: 'invalid', locale: 'de', heading: 'Dieser Link ist nicht gültig', says: ['bereits verwendet'] },
  { kind: 'invalid', locale: 'en', heading: 'This link is not valid', says: ['already been used'] },
  { kind: 'rate-limited', locale: 'de', heading: 'Zu viele Versuche', says: ['einige Minuten'] },
  { kind: 'rate-limited', locale: 'en', heading: 'Too many attempts', says: ['a few minutes'] },
  { kind: 'too-large', locale: 'de', heading: 'Ihre Antwort war zu lang', says: ['länger, als dieses Formular annimmt'] },
  { kind: 'too-large', locale: 'en', heading: 'Your answer was too long', says: ['longer than this form accepts'] },
  { kind: 'unavailable', locale: 'de', heading: 'Bei uns ist ein Fehler aufgetreten', says: ['technischen Problems', 'in einigen Minuten erneut'] },
  { kind: 'unavailable', locale: 'en', heading: 'Something went wrong on our side', says: ['technical problem', 'try again in a few minutes'] },
];

const everyPage = [...pageCases, { kind: 'identity (failed)', locale: 'de' as Locale }, { kind: 'identity (failed)', locale: 'en' as Locale }].map(
  ({ kind, locale }) => ({
    kind,
    locale,
    page: kind === 'identity (failed)' ? SAMPLE_FAILED_IDENTITY : SAMPLE_PAGES[kind as SubjectPageKind],
  }),
);

function styleBlocks(document: string): string[] {
  return [...document.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]!);
}

function cspDirectives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources.join(' ')];
    }),
  );
}

/** The opening tag of the form control with `id`. */
function controlTag(document: string, id: string): string {
  const tag = new RegExp(`<(?:input|textarea)\\b[^>]*\\bid="${id}"[^>]*>`).exec(document)?.[0];
  if (!tag) throw new Error(`No form control with id ${id}`);
  return tag;
}

function formTag(document: string): string {
  const tag = /<form\b[^>]*>/.exec(document)?.[0];
  if (!tag) throw new Error('No form');
  return tag;
}

describe('renderSubjectPage', () => {
  const timeZoneBefore = process.env.TZ;
  afterEach(() => {
    if (timeZoneBefore === undefined) delete process.env.TZ;
    else process.env.TZ = timeZoneBefore;
  });

  it('has a sample for every page kind', () => {
    // Prepare
    const expectedKinds = [...SUBJECT_PAGE_KINDS].sort();

    // Act
    const sampled = Object.keys(SAMPLE_PAGES).sort();
    const tabled = [...new Set(pageCases.map((row) => `${row.kind}/${row.locale}`))].sort();

    // Assess
    expect(sampled).toStrictEqual(expectedKinds);
    expect(tabled).toStrictEqual(expectedKinds.flatMap((kind) => LOCALES.map((locale) => `${kind}/${locale}`)).sort());
  });

  it.each(pageCases)('renders the $kind page in $locale as a complete document with its heading', ({ kind, locale, heading, says }) => {
    // Prepare
    const page = SAMPLE_PAGES[kind];

    // Act
    const document = renderSubjectPage(page, locale, OTHER_CONTROLLER);

    // Assess
    expect(document.startsWith('<!doctype html>\n')).toBe(true);
    expect(document).toContain(`<html lang="${locale}">`);
    expect(document).toContain('<meta charset="utf-8">');
    expect(document).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(document.match(/<main\b/g)).toHaveLength(1);
    expect(document.match(/<h1>([^<]*)<\/h1>/g)).toStrictEqual([`<h1>${heading}</h1>`]);
    expect(document).toMatch(/<title>[^<]+<\/title>/);
    for (const phrase of says) expect(document).toContain(phrase);
    expect(document.trimEnd().endsWith('</html>')).toBe(true);
  });

  it.each(everyPage)('loads nothing from elsewhere and carries no script ($kind, $locale)', ({ page, locale }) => {
    // Prepare: the page is the row

    // Act
    const document = renderSubjectPage(page, locale, OTHER_CONTROLLER);

    // Assess: the only addresses are the footer's links to the controller (its privacy notice, its mail addresses)
    const links = [...document.matchAll(/<a href="([^"]*)">/g)].map(([, href]) => href);
    const withoutLinks = document.replace(/<a href="[^"]*">/g, '<a>');
    expect(links).toStrictEqual([`mailto:${OTHER_CONTROLLER.privacyContact}`, `mailto:${OTHER_CONTROLLER.dpoContact}`, OTHER_CONTROLLER.privacyNoticeUrl]);
    expect(withoutLinks.split('<footer>')[0]).not.toMatch(/https?:|\/\/[a-z]/i);
    expect(withoutLinks).not.toMatch(/<(script|link|img|iframe|object|embed|svg|picture|video|audio|base)\b/i);
    expect(withoutLinks).not.toMatch(/\s(src|href|srcset|style|on[a-z]+)=/i);
    expect(withoutLinks).not.toMatch(/url\(|@import|@font-face/i);
    expect(styleBlocks(document)).toHaveLength(1);
  });

  it.each(everyPage)('uses exactly the style the CSP allows by hash ($kind, $locale)', ({ page, locale }) => {
    // Prepare
    const styleSource = cspDirectives(SUBJECT_PAGE_CSP).get('style-src');

    // Act
    const [style] = styleBlocks(renderSubjectPage(page, locale, OTHER_CONTROLLER));

    // Assess
    const hash = createHash('sha256').update(style!, 'utf8').digest('base64');
    expect(styleSource).toBe(`'sha256-${hash}'`);
    expect(PAGE_STYLE_HASH).toBe(`sha256-${hash}`);
  });

  it.each([
    { page: SAMPLE_PAGES.confirmed, locale: 'de', timeZone: 'America/Los_Angeles', expected: '2. März 2026' },
    { page: SAMPLE_PAGES.confirmed, locale: 'en', timeZone: 'America/Los_Angeles', expected: 'March 2, 2026' },
    { page: { kind: 'verified', requestType: 'deletion', dueAt: '2026-01-01' }, locale: 'de', timeZone: 'America/Los_Angeles', expected: '1. Januar 2026' },
    { page: { kind: 'verified', requestType: 'deletion', dueAt: '2026-01-01' }, locale: 'en', timeZone: 'America/Los_Angeles', expected: 'January 1, 2026' },
    { page: { kind: 'confirmed', requestType: 'access', dueAt: '2026-12-31' }, locale: 'de', timeZone: 'Pacific/Kiritimati', expected: '31. Dezember 2026' },
    { page: { kind: 'confirmed', requestType: 'access', dueAt: '2028-02-29' }, locale: 'en', timeZone: 'Pacific/Kiritimati', expected: 'February 29, 2028' },
  ] satisfies { page: SubjectPage; locale: Locale; timeZone: string; expected: string }[])(
    'prints the due date $expected whatever the process time zone ($timeZone)',
    ({ page, locale, timeZone, expected }) => {
      // Prepare
      process.env.TZ = timeZone;

      // Act
      const document = renderSubjectPage(page, locale, OTHER_CONTROLLER);

      // Assess
      expect(document).toContain(`>${expected}</time>`);
    },
  );

  it.each([
    { timeZone: undefined, locale: 'en', expected: /March 2, 2026 at 10:00\sAM \(UTC\)/ },
    { timeZone: undefined, locale: 'de', expected: /2\. März 2026 um 10:00 \(UTC\)/ },
    { timeZone: 'Europe/Berlin', locale: 'de', expected: /2\. März 2026 um 11:00 \(Europe\/Berlin\)/ },
    { timeZone: 'America/Los_Angeles', locale: 'en', expected: /March 2, 2026 at 2:00\sAM \(America\/Los_Angeles\)/ },
  ] satisfies { timeZone: string | undefined; locale: Locale; expected: RegExp }[])(
    'shows when the request was received in $locale and zone $timeZone, naming the zone',
    ({ timeZone, locale, expected }) => {
      // Prepare
      const page: SubjectPage = {
        kind: 'confirm',
        requestType: 'deletion',
        token: SAMPLE_TOKEN,
        receivedAt: '2026-03-02T10:00:00Z',
        ...(timeZone ? { timeZone } : {}),
      };

      // Act
      const document = renderSubjectPage(page, locale, OTHER_CONTROLLER);

      // Assess
      expect(document).toMatch(new RegExp(`<time datetime="2026-03-02T10:00:00Z">${expected.source}</time>`));
    },
  );

  it.each([
    { page: { kind: 'confirmed', requestType: 'access', dueAt: '2026-02-30' }, note: 'a day that does not exist' },
    { page: { kind: 'verified', requestType: 'access', dueAt: '02.03.2026' }, note: 'a German-formatted date' },
    { page: { kind: 'verified', requestType: 'access', dueAt: '2026-03-02T00:00:00Z' }, note: 'an instant instead of a date' },
    { page: { kind: 'confirm', requestType: 'access', token: SAMPLE_TOKEN, receivedAt: 'yesterday' }, note: 'a received-at that is no instant' },
  ] satisfies { page: SubjectPage; note: string }[])('refuses to render $note', ({ page }) => {
    // Prepare: the page is the row

    // Act
    const render = () => renderSubjectPage(page, 'en', OTHER_CONTROLLER);

    // Assess
    expect(render).toThrow(RangeError);
  });

  it.each(REQUEST_TYPES.flatMap((type) => LOCALES.map((locale) => ({ type, locale }))))('names the $type request in words in $locale', ({ type, locale }) => {
    // Prepare
    const otherLocale: Locale = locale === 'de' ? 'en' : 'de';
    const page: SubjectPage = { kind: 'locked', requestType: type, jurisdiction: 'gdpr' };

    // Act
    const name = requestTypeName(type, locale);
    const document = renderSubjectPage(page, locale, OTHER_CONTROLLER);

    // Assess
    expect(name).toMatch(/^[A-ZÄÖÜ][^<>&]{8,}$/);
    expect(name).not.toBe(requestTypeName(type, otherLocale));
    expect(new Set(REQUEST_TYPES.map((each) => requestTypeName(each, locale))).size).toBe(REQUEST_TYPES.length);
    expect(document).toContain(`<dd>${name}</dd>`);
  });

  it('escapes a hostile token in the identity form action', () => {
    // Prepare
    const token = `"><script>alert(1)</script><a href='x`;
    const page: SubjectPage = { kind: 'identity', requestType: 'access', token };

    // Act
    const document = renderSubjectPage(page, 'en', OTHER_CONTROLLER);

    // Assess
    expect(formTag(document)).toBe('<form method="post" action="%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%3Ca%20href%3D&#39;x/identity" novalidate>');
    expect(document).not.toContain('<script');
    expect(document.split('<footer>')[0]).not.toContain('<a ');
  });

  it('escapes a hostile request type that reaches the page from stored data', () => {
    // Prepare
    const requestType = '<img src=x onerror="alert(1)">' as RequestType;

    // Act
    const document = renderSubjectPage({ kind: 'locked', requestType, jurisdiction: 'gdpr' }, 'de', OTHER_CONTROLLER);

    // Assess
    expect(document).toContain('<dd>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</dd>');
    expect(document).not.toContain('<img');
  });

  it.each(LOCALES)('asks for the three facts with labelled, autofillable fields (%s)', (locale) => {
    // Prepare
    const fields = [
      {
        id: 'identity-email',
        name: IDENTITY_FORM_FIELDS.email,
        autocomplete: 'email',
        label: { de: 'E-Mail-Adresse Ihres Kontos', en: 'Email address of your account' },
      },
      {
        id: 'identity-street',
        name: IDENTITY_FORM_FIELDS.street,
        autocomplete: 'street-address',
        label: { de: 'Straße und Hausnummer', en: 'Street and house number' },
      },
      { id: 'identity-postal-code', name: IDENTITY_FORM_FIELDS.postalCode, autocomplete: 'postal-code', label: { de: 'Postleitzahl', en: 'Postal code' } },
      { id: 'identity-city', name: IDENTITY_FORM_FIELDS.city, autocomplete: 'address-level2', label: { de: 'Ort', en: 'City' } },
      {
        id: 'identity-card-last4',
        name: IDENTITY_FORM_FIELDS.cardLast4,
        autocomplete: 'off',
        label: { de: 'Letzte vier Ziffern Ihrer Zahlungskarte', en: 'Last four digits of your payment card' },
      },
    ];

    // Act
    const document = renderSubjectPage(SAMPLE_PAGES.identity, locale, OTHER_CONTROLLER);

    // Assess
    expect(formTag(document)).toBe(`<form method="post" action="${SAMPLE_TOKEN}/identity" novalidate>`);
    for (const field of fields) {
      expect(document).toContain(`<label for="${field.id}">${field.label[locale]}</label>`);
      const tag = controlTag(document, field.id);
      expect(tag).toContain(` name="${field.name}"`);
      expect(tag).toContain(` autocomplete="${field.autocomplete}"`);
      expect(tag).toContain(' required');
    }
    expect(controlTag(document, 'identity-email')).toContain(' type="email"');
    const card = controlTag(document, 'identity-card-last4');
    expect(card).toContain(' inputmode="numeric"');
    expect(card).toContain(' pattern="[0-9]{4}"');
    expect(card).toContain(' maxlength="4"');
    expect(card).toContain(' aria-describedby="identity-card-last4-hint"');
    expect(document).toContain('<span class="hint" id="identity-card-last4-hint">');
    expect(document).toMatch(/<fieldset>\s*<legend>(Rechnungsadresse|Billing address)<\/legend>/);
    expect(document).toMatch(/<button type="submit">[^<]+<\/button>\s*<\/form>/);
    expect(document).not.toContain('role="alert"');
  });

  it.each([
    { locale: 'en', attemptsLeft: 2, expected: 'The details did not match our records.', left: 'You have 2 attempts left.', title: 'Error: ' },
    { locale: 'en', attemptsLeft: 1, expected: 'The details did not match our records.', left: 'You have 1 attempt left.', title: 'Error: ' },
    {
      locale: 'de',
      attemptsLeft: 2,
      expected: 'Die Angaben stimmen nicht mit unseren Unterlagen überein.',
      left: 'Sie haben noch 2 Versuche.',
      title: 'Fehler: ',
    },
    {
      locale: 'de',
      attemptsLeft: 1,
      expected: 'Die Angaben stimmen nicht mit unseren Unterlagen überein.',
      left: 'Sie haben noch 1 Versuch.',
      title: 'Fehler: ',
    },
  ] satisfies { locale: Locale; attemptsLeft: number; expected: string; left: string; title: string }[])(
    'answers a failed attempt neutrally with $attemptsLeft attempt(s) left ($locale)',
    ({ locale, attemptsLeft, expected, left, title }) => {
      // Prepare
      const page: SubjectPage = { kind: 'identity', requestType: 'deletion', token: SAMPLE_TOKEN, attemptsLeft, failed: true };

      // Act
      const document = renderSubjectPage(page, locale, OTHER_CONTROLLER);

      // Assess
      const alert = /<div class="alert" role="alert" id="identity-error">([\s\S]*?)<\/div>/.exec(document)?.[1] ?? '';
      expect(alert).toContain(expected);
      expect(alert).toContain(left);
      expect(alert).not.toMatch(/account|konto|exist|found|gefunden|unknown|unbekannt|email|e-mail|address|adresse|card|karte/i);
      expect(document).toContain(`<title>${title}`);
      expect(formTag(document)).toBe('<form method="post" aria-describedby="identity-error" novalidate>');
    },
  );

  it.each([
    { locale: 'en' as Locale, city: 'Enter the city.', card: 'Enter exactly four digits, 0 to 9, such as 1234.' },
    { locale: 'de' as Locale, city: 'Geben Sie den Ort ein.', card: 'Geben Sie genau vier Ziffern von 0 bis 9 ein, zum Beispiel 1234.' },
  ])('tells at each field what is wrong with it, tied to the field ($locale)', ({ locale, city, card }) => {
    // Act
    const document = renderSubjectPage(SAMPLE_INCOMPLETE_IDENTITY, locale, OTHER_CONTROLLER);

    // Assess
    expect(document).toContain(`<span class="field-error" id="identity-city-error">${city}</span>`);
    expect(document).toContain(`<span class="field-error" id="identity-card-last4-error">${card}</span>`);
    expect(controlTag(document, 'identity-city')).toContain('aria-describedby="identity-city-error" aria-invalid="true"');
    expect(controlTag(document, 'identity-card-last4')).toContain('aria-describedby="identity-card-last4-hint identity-card-last4-error" aria-invalid="true"');
    expect(controlTag(document, 'identity-email')).not.toContain('aria-invalid');
    expect(controlTag(document, 'identity-email')).toContain('value="olivia.brown@example.co.uk"');
    expect(controlTag(document, 'identity-card-last4')).not.toContain('value=');
    expect(document).toMatch(/<div class="alert" role="alert" id="identity-error">/);
    expect(document).toMatch(/<title>(Error|Fehler): /);
  });

  it.each([
    ['de', 'zweite der beiden Schritte', 'Verkauf und der Weitergabe'],
    ['en', 'second of the two steps', 'sale and sharing of your personal information'],
  ] as const)('says on the confirmation of a sale opt-in what confirming means, as its separate second step (%s)', (locale, step, what) => {
    // Act
    const optIn = renderSubjectPage(SAMPLE_SALE_OPT_IN_CONFIRM, locale, OTHER_CONTROLLER);
    const deletion = renderSubjectPage(SAMPLE_PAGES.confirm, locale, OTHER_CONTROLLER);

    // Assess
    expect(optIn).toContain(step);
    expect(optIn).toContain(what);
    expect(optIn).not.toMatch(/DSGVO|GDPR|Art\. \d/);
    expect(deletion).not.toContain(step);
  });

  it.each(LOCALES)('asks for confirmation with a button that posts back to the link, showing no token (%s)', (locale) => {
    // Prepare
    const page = SAMPLE_PAGES.confirm;

    // Act
    const document = renderSubjectPage(page, locale, OTHER_CONTROLLER);

    // Assess
    expect(formTag(document)).toBe('<form method="post">');
    expect(document).toMatch(/<button type="submit" name="confirm" value="yes">(Anfrage bestätigen|Confirm request)<\/button>/);
    expect(document).not.toContain(SAMPLE_TOKEN);
  });

  it.each([
    { failed: false, postsToSelf: undefined, form: `<form method="post" action="${SAMPLE_TOKEN}/identity" novalidate>`, note: 'served at the link' },
    { failed: true, postsToSelf: undefined, form: '<form method="post" aria-describedby="identity-error" novalidate>', note: 'answering a wrong attempt' },
    { failed: false, postsToSelf: true, form: '<form method="post" novalidate>', note: 'answering an incomplete form at /identity' },
    {
      failed: true,
      postsToSelf: false,
      form: `<form method="post" action="${SAMPLE_TOKEN}/identity" aria-describedby="identity-error" novalidate>`,
      note: 'showing a past failure at the link',
    },
  ])('points the identity form where it must post when $note', ({ failed, postsToSelf, form }) => {
    // Prepare
    const page: SubjectPage = { kind: 'identity', requestType: 'access', token: SAMPLE_TOKEN, failed, ...(postsToSelf === undefined ? {} : { postsToSelf }) };

    // Act
    const document = renderSubjectPage(page, 'en', OTHER_CONTROLLER);

    // Assess
    expect(formTag(document)).toBe(form);
  });

  it.each(LOCALES)('asks to unsubscribe with a button that posts back to the link, unlike a one-click POST (%s)', (locale) => {
    // Prepare
    const page = SAMPLE_PAGES.unsubscribe;

    // Act
    const document = renderSubjectPage(page, locale, OTHER_CONTROLLER);

    // Assess
    expect(formTag(document)).toBe('<form method="post">');
    expect(document).toMatch(/<button type="submit" name="unsubscribe" value="yes">(Abmelden|Unsubscribe)<\/button>/);
    expect(document).not.toContain('List-Unsubscribe');
  });

  it('escapes a hostile masked address on the unsubscribe pages', () => {
    // Prepare
    const maskedEmail = '<b onmouseover="x">a</b>';

    // Act
    const documents = (['unsubscribe', 'unsubscribed'] as const).map((kind) => renderSubjectPage({ kind, maskedEmail }, 'en', OTHER_CONTROLLER));

    // Assess
    for (const document of documents) {
      expect(document).toContain('<dd>&lt;b onmouseover=&quot;x&quot;&gt;a&lt;/b&gt;</dd>');
      expect(document).not.toContain('<b ');
    }
  });

  it.each(['expired', 'invalid', 'rate-limited', 'unavailable', 'confirmed', 'verified', 'locked', 'unsubscribed'] as const)(
    'offers no form on the %s page',
    (kind) => {
      // Prepare
      const page = SAMPLE_PAGES[kind];

      // Act
      const documents = LOCALES.map((locale) => renderSubjectPage(page, locale, OTHER_CONTROLLER));

      // Assess
      for (const document of documents) {
        expect(document).not.toMatch(/<(form|input|button|textarea)\b/);
      }
    },
  );
});

describe('refusalPageKind', () => {
  it.each([
    { status: 429, kind: 'rate-limited' },
    { status: 413, kind: 'too-large' },
    { status: 500, kind: 'unavailable' },
    { status: 502, kind: 'unavailable' },
    { status: 504, kind: 'unavailable' },
    { status: 400, kind: 'invalid' },
    { status: 403, kind: 'invalid' },
    { status: 404, kind: 'invalid' },
  ] as const)('shows the $kind page for a $status', ({ status, kind }) => {
    // Act
    const shown = refusalPageKind(status);

    // Assess
    expect(shown).toBe(kind);
  });
});

describe('renderRefusalPage', () => {
  it('speaks every language given, the first leading with the one heading of level 1 and the others following in their own language', () => {
    // Act
    const document = renderRefusalPage('rate-limited', ['de', 'en'], OTHER_CONTROLLER);

    // Assess
    expect(document).toContain('<html lang="de">');
    expect(document.match(/<h1>([^<]*)<\/h1>/g)).toStrictEqual(['<h1>Zu viele Versuche</h1>']);
    expect(document).toContain('<section class="also" lang="en">\n<h2>Too many attempts</h2>');
    expect(document).toContain('<p>Please wait a few minutes, then open the link from our email again.</p>');
    expect(document).toContain('<title>Zu viele Versuche – Datenschutzanfrage</title>');
    expect(document).toContain(`Verantwortlich für Ihre Daten: ${OTHER_CONTROLLER.name}`);
  });

  it('is the single-language page when given one language', () => {
    // Act
    const document = renderRefusalPage('unavailable', ['en'], OTHER_CONTROLLER);

    // Assess
    expect(document).toBe(renderSubjectPage({ kind: 'unavailable' }, 'en', OTHER_CONTROLLER));
  });

  it('refuses to render without a language', () => {
    // Act
    const render = () => renderRefusalPage('invalid', [], OTHER_CONTROLLER);

    // Assess
    expect(render).toThrow(TypeError);
  });
});

describe('subjectPageResponse', () => {
  it('wraps the page with the locked-down HTML headers', () => {
    // Prepare
    const document = renderSubjectPage(SAMPLE_PAGES.invalid, 'en', OTHER_CONTROLLER);

    // Act
    const result = subjectPageResponse(404, document);

    // Assess
    expect(result).toStrictEqual({
      statusCode: 404,
      body: document,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': SUBJECT_PAGE_CSP,
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
        pragma: 'no-cache',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'cross-origin-opener-policy': 'same-origin',
        'permissions-policy': 'camera=(), microphone=(), geolocation=()',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
      },
    });
    expect(result.headers).toStrictEqual(SUBJECT_PAGE_HEADERS);
  });

  it('sets a CSP that allows the one style by hash and nothing else', () => {
    // Prepare
    const expectedHash = createHash('sha256').update(PAGE_STYLE, 'utf8').digest('base64');

    // Act
    const directives = cspDirectives(String(subjectPageResponse(200, '').headers!['content-security-policy']));

    // Assess
    expect(Object.fromEntries(directives)).toStrictEqual({
      'default-src': "'none'",
      'style-src': `'sha256-${expectedHash}'`,
      'img-src': "'none'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
    });
  });

  it('hands out a copy, so one response cannot change the next', () => {
    // Prepare
    const first = subjectPageResponse(200, '');

    // Act
    first.headers!['content-security-policy'] = 'default-src *';
    const second = subjectPageResponse(200, '');

    // Assess
    expect(second.headers!['content-security-policy']).toBe(SUBJECT_PAGE_CSP);
    expect(Object.isFrozen(SUBJECT_PAGE_HEADERS)).toBe(true);
  });
});

describe('the identity provider on the identity page', () => {
  it.each(LOCALES)('offers the provider beside the questions in %s, posting to {token}/provider', (locale) => {
    const html = renderSubjectPage(SAMPLE_PROVIDER_OFFERED, locale, OTHER_CONTROLLER);
    expect(html).toContain(`action="${SAMPLE_TOKEN}/provider"`);
    expect(html).toContain('name="cardLast4"');
    expect(html).toContain(PROVIDER_TEXTS[locale].offer.button);
    expect(html).toContain(PROVIDER_TEXTS[locale].offer.kept);
  });

  it.each(LOCALES)('shows only the provider once the questions locked in %s, posting to provider from the identity post', (locale) => {
    const html = renderSubjectPage(SAMPLE_PROVIDER_AFTER_LOCK, locale, OTHER_CONTROLLER);
    expect(html).toContain('action="provider"');
    expect(html).not.toContain('name="cardLast4"');
    expect(html).toContain(PROVIDER_TEXTS[locale].offer.locked);
  });

  it.each(LOCALES)('shows only the provider where it is required in %s', (locale) => {
    const html = renderSubjectPage(SAMPLE_PROVIDER_REQUIRED, locale, OTHER_CONTROLLER);
    expect(html).not.toContain('name="cardLast4"');
    expect(html).toContain(PROVIDER_TEXTS[locale].offer.required);
  });

  it.each(LOCALES)('says the provider could not confirm the person on the refusal in %s', (locale) => {
    const html = renderSubjectPage(SAMPLE_LOCKED_BY_PROVIDER, locale, OTHER_CONTROLLER);
    expect(html).toContain(PROVIDER_TEXTS[locale].refusedByProvider);
    expect(html).not.toContain(SUBJECT_TEXTS[locale].locked.refused);
  });
});
