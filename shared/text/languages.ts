// Which language a subject is written to: the pure rule every notice, page and export README follows.
import { LOCALES, type Jurisdiction, type Locale } from '../domain/request-model.js';

/** Where a request's language came from, strongest first; only a `default` gives way to a browser's. */
export const LOCALE_SOURCES = ['request', 'account', 'browser', 'default'] as const;
export type LocaleSource = (typeof LOCALE_SOURCES)[number];

/** The language of the controller's main market under each law, when nothing says more. */
export const JURISDICTION_LOCALE: Record<Jurisdiction, Locale> = { gdpr: 'de', ccpa: 'en' };

export interface LocaleChoice {
  locale: Locale;
  source: LocaleSource;
}

/** What may name a subject's language, each optional; `browser` is an Accept-Language header. */
export interface LocaleCandidates {
  request?: string | undefined;
  account?: string | undefined;
  browser?: string | undefined;
}

const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/** The primary language of a tag (`en-GB` → `en`), when the system writes it. */
function localeOfTag(tag: string | undefined): Locale | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary !== undefined && isLocale(primary) ? primary : undefined;
}

/**
 * The first language of an Accept-Language header that `languages` holds, by the header's q-values
 * (ties keep the header's order); undefined when it names none of them.
 */
export function acceptedLocale(header: string | undefined, languages: readonly Locale[]): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param)?.[1]).find((value) => value !== undefined);
      return { locale: localeOfTag(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.locale !== undefined && range.q > 0 && languages.includes(range.locale))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges[0]?.locale;
}

/**
 * The subject's language, in order: the request's own (`subject.locale`), the account directory's,
 * the browser's Accept-Language, then the law's default language. Only `languages` (the deployment's)
 * are used; a candidate outside them is passed over, and when even the law's default is not
 * configured, the first configured language is.
 */
export function chooseLocale(candidates: LocaleCandidates, jurisdiction: Jurisdiction, languages: readonly Locale[]): LocaleChoice {
  const configured = (tag: string | undefined) => {
    const locale = localeOfTag(tag);
    return locale !== undefined && languages.includes(locale) ? locale : undefined;
  };
  const request = configured(candidates.request);
  if (request) return { locale: request, source: 'request' };
  const account = configured(candidates.account);
  if (account) return { locale: account, source: 'account' };
  const browser = acceptedLocale(candidates.browser, languages);
  if (browser) return { locale: browser, source: 'browser' };
  const fallback = languages.includes(JURISDICTION_LOCALE[jurisdiction])
    ? JURISDICTION_LOCALE[jurisdiction]
    : (languages[0] ?? JURISDICTION_LOCALE[jurisdiction]);
  return { locale: fallback, source: 'default' };
}

/**
 * The language a request moves to when its subject opens its page: the browser's, when the request's
 * own came only from the law's default and the browser names a configured language; else undefined.
 */
export function browserOverride(
  subject: { locale: Locale; localeSource?: LocaleSource },
  browser: string | undefined,
  languages: readonly Locale[],
): Locale | undefined {
  if (subject.localeSource !== 'default') return undefined;
  const locale = acceptedLocale(browser, languages);
  return locale !== undefined && locale !== subject.locale ? locale : undefined;
}
