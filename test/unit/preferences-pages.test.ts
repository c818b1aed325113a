import { describe, expect, it } from 'vitest';
import { preferencesAnswer, preferencesLocale, preferencesPage } from '../../shared/pages/preferences-pages.js';
import { preferenceRows } from '../../shared/preferences/preference-choices.js';
import type { PreferencesOutcome } from '../../shared/preferences/preferences-page.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';

const rows = preferenceRows(
  ['marketing', 'analytics'],
  { marketing: { state: 'granted', since: '2026-11-02T10:00:00.000Z', gpc: false } },
  { analytics: { de: 'Analyse <&>', en: 'analytics <&>' } },
);
const shown: PreferencesOutcome = { page: 'preferences', locale: 'de', maskedEmail: 'a•••@example.com', rows, formToken: 'form-token-1' };
const options = { languages: ['de', 'en'] as const, controller: OTHER_CONTROLLER };

describe('preferencesPage', () => {
  it('lists each purpose with its state and date, the form token, and only the answers offered', () => {
    // Act
    const page = preferencesPage(shown, { locale: 'de', ...options });

    // Assess
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<input type="hidden" name="csrf" value="form-token-1">');
    expect(page.body).toContain('<legend>Werbung per E-Mail</legend>');
    expect(page.body).toContain('Derzeit: Sie haben eingewilligt, <time datetime="2026-11-02T10:00:00.000Z">seit 2. November 2026</time>');
    expect(page.body).toContain('name="consent.marketing" value="yes" checked>');
    expect(page.body).toContain('<legend>Analyse &lt;&amp;&gt;</legend>');
    expect(page.body).toContain('Derzeit: Noch nichts erfasst');
    expect(page.body).toContain('<a href="?lang=en" hreflang="en" lang="en">English</a>');
    expect(page.body).not.toMatch(/DSGVO|GDPR|CCPA|Art\. 7/);
  });

  it('offers no yes for marketing withdrawn, and says where to agree again', () => {
    // Prepare
    const withdrawn = preferenceRows(['marketing'], { marketing: { state: 'withdrawn', since: '2026-11-02T10:00:00.000Z', gpc: false } }, {});

    // Act
    const page = preferencesPage({ ...shown, rows: withdrawn }, { locale: 'en', ...options });

    // Assess
    expect(page.body).not.toContain('value="yes"');
    expect(page.body).toContain('name="consent.marketing" value="no" checked>');
    expect(page.body).toContain('please sign up where you first did');
  });

  it.each([
    { problem: 'form-token', status: 403, text: 'this form was not sent from this page' },
    { problem: 'unknown-purpose', status: 400, text: 'not on this page' },
    { problem: 'not-offered', status: 400, text: 'cannot be given on this page' },
    { problem: 'malformed', status: 400, text: 'not filled in as asked' },
  ] as const)('sends the form back with $status for $problem, saying why', ({ problem, status, text }) => {
    const page = preferencesPage({ ...shown, problem }, { locale: 'en', ...options });

    expect(page.statusCode).toBe(status);
    expect(page.body).toContain('role="alert"');
    expect(page.body).toContain(text);
    expect(page.body).toContain('<form method="post">');
  });

  it('confirms what changed, and that the systems carry out a withdrawal', () => {
    // Act
    const page = preferencesPage(
      {
        page: 'changed',
        locale: 'en',
        maskedEmail: 'a•••@example.com',
        changes: [
          {
            purpose: 'marketing',
            action: 'withdraw',
            name: rows[0]!.name,
            requests: [{ id: 'r1', type: 'consent-withdrawal', status: 'in-progress', joined: false }],
          },
        ],
      },
      { locale: 'en', ...options },
    );

    // Assess
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<li><strong>marketing emails</strong>: consent withdrawn</li>');
    expect(page.body).toContain('We will email you when that is done.');
    expect(page.body).not.toContain('r1');
  });

  it('shows one invalid page, naming nobody, with the privacy contact', () => {
    const page = preferencesPage({ page: 'invalid' }, { locale: 'en', ...options });

    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('This link does not open your email preferences');
    expect(page.body).toContain(`mailto:${OTHER_CONTROLLER.privacyContact}`);
    expect(page.body).not.toContain('•••');
  });
});

describe('preferencesLocale', () => {
  it.each([
    { note: 'the switch wins', requested: 'en', outcome: shown, browser: 'de', languages: ['de', 'en'], locale: 'en' },
    { note: "the mail's language", requested: undefined, outcome: shown, browser: 'en', languages: ['de', 'en'], locale: 'de' },
    {
      note: 'the browser for a link that does not open',
      requested: undefined,
      outcome: { page: 'invalid' },
      browser: 'en',
      languages: ['de', 'en'],
      locale: 'en',
    },
    { note: 'a language the deployment writes', requested: 'de', outcome: shown, browser: 'de', languages: ['en'], locale: 'en' },
  ] as const)('picks $note', ({ requested, outcome, browser, languages, locale }) => {
    expect(preferencesLocale(outcome as PreferencesOutcome, requested, browser, languages)).toBe(locale);
  });

  it('answers in the language it picks, without a switch to a language the deployment does not write', () => {
    const page = preferencesAnswer(shown, { requested: undefined, browser: 'en', languages: ['de'], controller: OTHER_CONTROLLER });

    expect(page.body).toContain('<html lang="de">');
    expect(page.body).not.toContain('hreflang');
  });
});
