// The "manage my email preferences" link every marketing mail carries beside its unsubscribe link:
// how its token follows from the unsubscribe token, what its record keeps, and the form token of its page.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Locale } from '../domain/request-model.js';
import { SecretBox } from '../fulfilment/secret-box.js';
import type { LinkKind, LinkStore, PreferencesLinkRecord } from '../links/link-store.js';
import { maskEmail } from '../subject.js';
import { hashToken } from '../verification/tokens.js';

/** Preferences links. DynamoDB may delete one as soon as it ends: an ended link shows the same page as an unknown one. */
export const PREFERENCE_LINKS: LinkKind<'preferences'> = { purpose: 'preferences', keepAfterExpirySeconds: 0 };

/** The path of the link; the token follows it. */
export const PREFERENCES_PATH = '/v1/preferences/';

/** HKDF info of the key that seals the address: the preference link key serves no other cipher. */
const SEAL_INFO = 'privacy-ops preference links';
const TOKEN_LABEL = 'privacy-ops preferences link\0';
const FORM_LABEL = 'privacy-ops preferences form\0';

/**
 * The preferences token of a mail, derived from its unsubscribe token: SHA-256 over a label and the
 * token, in the tokens' own shape (43 base64url characters). One-way, so the unsubscribe page can link
 * to the preferences page of the same mail, while the preferences link cannot unsubscribe.
 */
export function preferencesToken(unsubscribeToken: string): string {
  return createHash('sha256')
    .update(TOKEN_LABEL + unsubscribeToken, 'utf8')
    .digest('base64url');
}

/** The preferences page of `token` (GET and POST /v1/preferences/{token}). */
export function preferencesUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${PREFERENCES_PATH}${token}`;
}

export interface PreferenceLinkDeps {
  links: Pick<LinkStore<'preferences'>, 'put'>;
  /** Key material of the box that seals the address (Secrets Manager; a local secret in `npm start`). */
  linkKey: () => Promise<Buffer>;
  publicBaseUrl: string;
}

/** The unsubscribe link of the same mail: the preferences link lives exactly as long. */
export interface IssuedUnsubscribe {
  token: string;
  subjectHash: string;
  locale: Locale;
  issuedAt: string;
  validUntil: string;
}

/**
 * Stores the preferences link of a mail whose unsubscribe link is `unsubscribe`, and returns its URL.
 * The record keeps the keyed subject hash, the masked address and the address sealed with the token
 * hash as associated data, so a sealed address copied onto another link does not open.
 */
export async function issuePreferencesLink(email: string, unsubscribe: IssuedUnsubscribe, deps: PreferenceLinkDeps): Promise<string> {
  const token = preferencesToken(unsubscribe.token);
  const tokenHash = hashToken(token);
  await deps.links.put({
    tokenHash,
    subjectHash: unsubscribe.subjectHash,
    sealedEmail: (await addressBox(deps.linkKey)).seal(email, tokenHash),
    locale: unsubscribe.locale,
    maskedEmail: maskEmail(email),
    issuedAt: unsubscribe.issuedAt,
    validUntil: unsubscribe.validUntil,
  });
  return preferencesUrl(deps.publicBaseUrl, token);
}

/** The address a link's record keeps; throws SecretBoxError when it does not open under the key. */
export async function openAddress(link: Pick<PreferencesLinkRecord, 'tokenHash' | 'sealedEmail'>, linkKey: () => Promise<Buffer>): Promise<string> {
  return (await addressBox(linkKey)).open(link.sealedEmail, link.tokenHash);
}

let box: { material: Buffer; box: SecretBox } | undefined;

async function addressBox(linkKey: () => Promise<Buffer>): Promise<SecretBox> {
  const material = await linkKey();
  if (box?.material !== material) box = { material, box: new SecretBox(material, SEAL_INFO) };
  return box.box;
}

/**
 * The form token of the preferences page of `token`: an HMAC under the preference link key. No cookie
 * rides along with these pages, so a cross-site POST needs the link's token already; the form token
 * adds that a change was posted from a page we rendered for this link, not sent blind to its URL.
 */
export function formToken(key: Buffer, token: string): string {
  return createHmac('sha256', key)
    .update(FORM_LABEL + token, 'utf8')
    .digest('base64url');
}

/** Whether `offered` is the form token of `token`, compared in constant time. */
export function formTokenMatches(offered: unknown, key: Buffer, token: string): boolean {
  if (typeof offered !== 'string') return false;
  const expected = Buffer.from(formToken(key, token), 'utf8');
  const given = Buffer.from(offered, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
