import { describe, expect, it } from 'vitest';
import type { Jurisdiction, Locale } from '../../shared/domain/request-model.js';
import { acceptedLocale, browserOverride, chooseLocale, type LocaleCandidates } from '../../shared/text/languages.js';

const BOTH: readonly Locale[] = ['de', 'en'];

describe('chooseLocale', () => {
  it.each([
    { note: "the request's own", candidates: { request: 'en', account: 'de', browser: 'de' }, law: 'gdpr', languages: BOTH, expected: ['en', 'request'] },
    { note: "the account directory's when the request names none", candidates: { account: 'en' }, law: 'gdpr', languages: BOTH, expected: ['en', 'account'] },
    { note: 'a regional account tag by its language', candidates: { account: 'de-AT' }, law: 'ccpa', languages: BOTH, expected: ['de', 'account'] },
    {
      note: "the browser's after request and account",
      candidates: { browser: 'fr-FR, en-GB;q=0.8, de;q=0.5' },
      law: 'gdpr',
      languages: BOTH,
      expected: ['en', 'browser'],
    },
    { note: "the law's default when nothing names one", candidates: {}, law: 'gdpr', languages: BOTH, expected: ['de', 'default'] },
    { note: "the CCPA's default", candidates: {}, law: 'ccpa', languages: BOTH, expected: ['en', 'default'] },
    {
      note: 'a requested language the deployment does not write passed over',
      candidates: { request: 'de', account: 'en' },
      law: 'gdpr',
      languages: ['en'],
      expected: ['en', 'account'],
    },
    {
      note: "the first configured language when the law's default is not configured",
      candidates: {},
      law: 'gdpr',
      languages: ['en'],
      expected: ['en', 'default'],
    },
    { note: 'an unknown account tag passed over', candidates: { account: 'fr' }, law: 'ccpa', languages: BOTH, expected: ['en', 'default'] },
  ] satisfies { note: string; candidates: LocaleCandidates; law: Jurisdiction; languages: readonly Locale[]; expected: [Locale, string] }[])(
    'takes $note',
    ({ candidates, law, languages, expected }) => {
      // Act
      const choice = chooseLocale(candidates, law, languages);

      // Assess
      expect([choice.locale, choice.source]).toEqual(expected);
    },
  );
});

describe('acceptedLocale', () => {
  it.each([
    { header: 'de-DE,de;q=0.9,en;q=0.8', expected: 'de' },
    { header: 'en;q=0.4, de;q=0.7', expected: 'de' },
    { header: 'fr, it', expected: undefined },
    { header: 'de;q=0, en;q=0.1', expected: 'en' },
    { header: '', expected: undefined },
  ])('reads $header as $expected', ({ header, expected }) => {
    // Act
    const locale = acceptedLocale(header, BOTH);

    // Assess
    expect(locale).toBe(expected);
  });
});

describe('browserOverride', () => {
  it('moves a request whose language is only its law default to the browser language', () => {
    // Act
    const moved = browserOverride({ locale: 'de', localeSource: 'default' }, 'en-GB,en;q=0.9', BOTH);

    // Assess
    expect(moved).toBe('en');
  });

  it.each(['request', 'account', 'browser', undefined] as const)('keeps a language that came from %s', (source) => {
    // Act
    const moved = browserOverride({ locale: 'de', ...(source ? { localeSource: source } : {}) }, 'en', BOTH);

    // Assess
    expect(moved).toBeUndefined();
  });
});
