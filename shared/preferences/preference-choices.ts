// The rules of the "manage my email preferences" page: which purposes it lists, which answers it
// offers for each, and which register changes a posted form asks for. Pure; preferences-page.ts applies them.
import type { Locale } from '../domain/request-model.js';
import type { LocalizedText } from '../fulfilment/model.js';
import { isMarketing, isSaleOrSharing, type ConsentAction, type ConsentState, type PurposeState } from './consent-state.js';

/** An answer on the page: agree to the purpose, or not. */
export const ANSWERS = ['yes', 'no'] as const;
export type Answer = (typeof ANSWERS)[number];

/** The form's field of a purpose: `consent.<purpose>`. */
export const PURPOSE_FIELD_PREFIX = 'consent.';

/** The field of the form token. */
export const FORM_TOKEN_FIELD = 'csrf';

/** One purpose as the page shows it. */
export interface PreferenceRow {
  purpose: string;
  /** The plain-language name per language, from the inventory (or the built-in names). */
  name: Required<LocalizedText>;
  /** Where the purpose stands in the register; absent when nothing was ever recorded. */
  current?: PurposeState;
  /** The answers the form offers for it. */
  offers: Answer[];
}

/** What a posted form asks the register to record. */
export interface PreferenceChange {
  purpose: string;
  action: ConsentAction;
}

export type FormProblem = 'malformed' | 'unknown-purpose' | 'not-offered';

export type FormReading = { ok: true; changes: PreferenceChange[] } | { ok: false; problem: FormProblem };

/** Names of purposes the register knows without the inventory, for a purpose no system names. */
const BUILT_IN_NAMES: Readonly<Record<string, Required<LocalizedText>>> = {
  marketing: { de: 'Werbung per E-Mail', en: 'marketing emails' },
  'email-marketing': { de: 'Werbung per E-Mail', en: 'marketing emails' },
  'sale-and-sharing': {
    de: 'Verkauf und Weitergabe Ihrer Daten für Werbung',
    en: 'sale and sharing of your data for advertising',
  },
};

/**
 * The purposes the page lists: those the deployment offers on the page, in its order, then every
 * other purpose the person's register history holds, alphabetically. Nothing the person never heard
 * of is invented: an offered purpose without history shows as "nothing recorded".
 */
export function listedPurposes(offered: readonly string[], current: Readonly<Record<string, PurposeState>>): string[] {
  const rest = Object.keys(current)
    .filter((purpose) => !offered.includes(purpose))
    .sort();
  return [...new Set(offered), ...rest];
}

/** The answer that stands for a register state: only a grant is a yes. */
export function answerOf(state: ConsentState | undefined): Answer | undefined {
  if (state === undefined) return undefined;
  return state === 'granted' ? 'yes' : 'no';
}

/**
 * Whether a consent to `purpose` may be given from a link in a mail. Not for marketing mail (the
 * person signs up again where they first did, with the confirmation that proves the address is
 * theirs, and a suppression is never lifted by a click), nor for a sale or sharing (a CCPA opt-in
 * takes two steps, 11 CCR 7028(a), and is filed as a request). Any other purpose may be granted
 * again after a withdrawal.
 */
export function grantableFromLink(purpose: string): boolean {
  return !isMarketing(purpose) && !isSaleOrSharing(purpose);
}

/** The answers offered for a purpose: always "no"; "yes" where it may be given from the link, or where it stands granted already. */
export function offeredAnswers(purpose: string, state: ConsentState | undefined): Answer[] {
  return grantableFromLink(purpose) || state === 'granted' ? ['yes', 'no'] : ['no'];
}

/** The register action an answer records: a grant, an opt-out of a sale or sharing purpose, a withdrawal of any other. */
export function actionOf(purpose: string, answer: Answer): ConsentAction {
  if (answer === 'yes') return 'grant';
  return isSaleOrSharing(purpose) ? 'opt-out' : 'withdraw';
}

/** The name of `purpose`: the inventory's, else the built-in one, else the purpose as registered. */
export function purposeName(purpose: string, inventory: Readonly<Record<string, LocalizedText>>): Required<LocalizedText> {
  const named = inventory[purpose];
  const builtIn = BUILT_IN_NAMES[purpose];
  const name = (locale: Locale) => named?.[locale] ?? builtIn?.[locale] ?? named?.[locale === 'de' ? 'en' : 'de'] ?? purpose;
  return { de: name('de'), en: name('en') };
}

/** The rows of the page, in the order `listedPurposes` gives. */
export function preferenceRows(
  offered: readonly string[],
  current: Readonly<Record<string, PurposeState>>,
  names: Readonly<Record<string, LocalizedText>>,
): PreferenceRow[] {
  return listedPurposes(offered, current).map((purpose) => {
    const state = current[purpose];
    return { purpose, name: purposeName(purpose, names), ...(state ? { current: state } : {}), offers: offeredAnswers(purpose, state?.state) };
  });
}

/**
 * The changes a posted form asks for, from its `consent.<purpose>` fields (the form token already
 * checked and removed). A purpose the page did not list is `unknown-purpose`; an answer it did not
 * offer (a grant of marketing) is `not-offered`; a field that is not a purpose's, or an answer that
 * is not yes or no, is `malformed`. An answer that is the current one changes nothing; a purpose
 * left unanswered stays as it is.
 */
export function changesOf(fields: Readonly<Record<string, unknown>>, rows: readonly PreferenceRow[]): FormReading {
  const changes: PreferenceChange[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (!field.startsWith(PURPOSE_FIELD_PREFIX) || !(ANSWERS as readonly unknown[]).includes(value)) return { ok: false, problem: 'malformed' };
    const answer = value as Answer;
    const row = rows.find((r) => r.purpose === field.slice(PURPOSE_FIELD_PREFIX.length));
    if (!row) return { ok: false, problem: 'unknown-purpose' };
    if (!row.offers.includes(answer)) return { ok: false, problem: 'not-offered' };
    if (answerOf(row.current?.state) === answer) continue;
    changes.push({ purpose: row.purpose, action: actionOf(row.purpose, answer) });
  }
  return { ok: true, changes };
}
