// The "manage my email preferences" page behind a marketing mail's link: what opening it shows, and
// what posting its form records through the consent register.
import type { Locale } from '../domain/request-model.js';
import type { DataSystem, LocalizedText } from '../fulfilment/model.js';
import { OWN_COPIES_SYSTEM_ID } from '../fulfilment/own-copies.js';
import type { LinkStore, PreferencesLinkRecord } from '../links/link-store.js';
import { logger } from '../logger.js';
import { hashToken, isWellFormedToken } from '../verification/tokens.js';
import { currentConsents } from './consent-state.js';
import type { ConsentStore } from './consent-store.js';
import type { ConsentInput, ConsentRecorded, FiledRequest } from './consents.js';
import { changesOf, preferenceRows, type FormProblem, type PreferenceChange, type PreferenceRow } from './preference-choices.js';
import { formToken, formTokenMatches, openAddress } from './preference-links.js';

/** The register's `source` of a choice made on the page. */
export const PREFERENCES_SOURCE = 'web';

export interface PreferencesPageDeps {
  links: Pick<LinkStore<'preferences'>, 'get'>;
  /** Key material of the box that sealed the address, and of the form token. */
  linkKey: () => Promise<Buffer>;
  consents: Pick<ConsentStore, 'history'>;
  /** The data inventory, for the purposes' plain-language names. */
  systems: { list(): Promise<readonly Pick<DataSystem, 'purposeNames'>[]> };
  /** The deletion ledger: an erasure since the link was issued closes the page. */
  erasures: { erasedSince(systemId: string, subjectKeyHash: string, date: string): Promise<boolean> };
  /** The purposes the deployment offers on the page (PREFERENCE_PURPOSES). */
  offeredPurposes: readonly string[];
  now: () => Date;
}

export interface ChangePreferencesDeps extends PreferencesPageDeps {
  /** The consent register's one way in (recordConsent): it records, suppresses and files as POST /v1/consents does. */
  record: (input: ConsentInput) => Promise<ConsentRecorded>;
}

/** Who the page is for, as far as it shows: the language and the masked address. */
interface PageSubject {
  locale: Locale;
  maskedEmail: string;
}

/** One change as recorded, for the confirmation page. */
export interface RecordedChange extends PreferenceChange {
  name: Required<LocalizedText>;
  /** The requests that carry it out in the company's systems, filed or joined. */
  requests: FiledRequest[];
}

/**
 * What the link leads to. `invalid` stands for malformed, forged, unknown and expired tokens alike,
 * for a link whose address no longer opens, and for a person erased since it was sent: the page
 * tells none of them apart and shows nothing of anyone.
 */
export type PreferencesOutcome =
  | { page: 'invalid' }
  | (PageSubject & { page: 'preferences'; rows: PreferenceRow[]; formToken: string; problem?: FormProblem | 'form-token' })
  | (PageSubject & { page: 'changed'; changes: RecordedChange[] });

/** The posted form: its form token, its answers (absent when the form was not in the shape the page posts), and the browser's GPC signal. */
export interface PostedPreferences {
  formToken: unknown;
  answers?: Readonly<Record<string, unknown>>;
  gpc: boolean;
}

/** The HTTP status of an outcome. */
export function preferencesStatus(outcome: PreferencesOutcome): number {
  if (outcome.page === 'invalid') return 404;
  if (outcome.page === 'preferences' && outcome.problem) return outcome.problem === 'form-token' ? 403 : 400;
  return 200;
}

interface OpenLink {
  token: string;
  link: PreferencesLinkRecord;
  key: Buffer;
}

/** The link a token stands for, unless malformed, unknown, past `validUntil`, or of a person erased since it was issued. */
async function openLink(token: string | undefined, deps: PreferencesPageDeps): Promise<OpenLink | undefined> {
  if (!isWellFormedToken(token)) return undefined;
  const link = await deps.links.get(hashToken(token));
  if (!link || Date.parse(link.validUntil) <= deps.now().getTime()) return undefined;
  if (await deps.erasures.erasedSince(OWN_COPIES_SYSTEM_ID, link.subjectHash, link.issuedAt)) {
    logger.info('Preferences link of an erased subject refused');
    return undefined;
  }
  return { token, link, key: await deps.linkKey() };
}

async function rowsOf(link: PreferencesLinkRecord, deps: PreferencesPageDeps): Promise<PreferenceRow[]> {
  const [history, systems] = await Promise.all([deps.consents.history(link.subjectHash), deps.systems.list()]);
  const names: Record<string, LocalizedText> = {};
  for (const system of systems) Object.assign(names, system.purposeNames);
  return preferenceRows(deps.offeredPurposes, currentConsents(history), names);
}

/** The GET of the link: the person's consents and the form; changes nothing, since mail scanners open links. */
export async function viewPreferences(token: string | undefined, deps: PreferencesPageDeps): Promise<PreferencesOutcome> {
  const open = await openLink(token, deps);
  if (!open) return { page: 'invalid' };
  return {
    page: 'preferences',
    locale: open.link.locale,
    maskedEmail: open.link.maskedEmail,
    rows: await rowsOf(open.link, deps),
    formToken: formToken(open.key, open.token),
  };
}

/**
 * The POST of the page's form: with the page's form token, records each changed answer through the
 * consent register (source `web`, the link as evidence), which suppresses marketing and files the
 * request that carries a withdrawal out exactly as POST /v1/consents does. A form without the token,
 * or with a field the page did not offer, records nothing and shows the page again with why.
 */
export async function changePreferences(token: string | undefined, posted: PostedPreferences, deps: ChangePreferencesDeps): Promise<PreferencesOutcome> {
  const open = await openLink(token, deps);
  if (!open) return { page: 'invalid' };
  const subject: PageSubject = { locale: open.link.locale, maskedEmail: open.link.maskedEmail };
  const rows = await rowsOf(open.link, deps);
  const again = (problem: FormProblem | 'form-token'): PreferencesOutcome => ({
    page: 'preferences',
    ...subject,
    rows,
    formToken: formToken(open.key, open.token),
    problem,
  });
  if (!formTokenMatches(posted.formToken, open.key, open.token)) return again('form-token');
  if (!posted.answers) return again('malformed');
  const reading = changesOf(posted.answers, rows);
  if (!reading.ok) return again(reading.problem);

  const email = await openAddress(open.link, deps.linkKey).catch(() => undefined);
  if (email === undefined) return { page: 'invalid' };
  const evidence = `preferences-link:${open.link.tokenHash.slice(0, 16)}`;
  const changes: RecordedChange[] = [];
  for (const change of reading.changes) {
    const recorded = await deps.record({
      email,
      locale: open.link.locale,
      purpose: change.purpose,
      action: change.action,
      source: PREFERENCES_SOURCE,
      gpc: posted.gpc,
      evidence,
    });
    changes.push({ ...change, name: rows.find((r) => r.purpose === change.purpose)!.name, requests: recorded.requests });
  }
  logger.info('Preferences changed through the page', { changes: changes.length, requests: changes.reduce((n, c) => n + c.requests.length, 0) });
  return { page: 'changed', ...subject, changes };
}
