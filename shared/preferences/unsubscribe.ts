// Marketing unsubscribe (RFC 8058): the link every marketing mail carries, the one gate every
// marketing mail passes, and what opening or posting the link does.
import type { Locale } from '../domain/request-model.js';
import type { LinkKind, LinkStore, UnsubscribeLinkRecord } from '../links/link-store.js';
import type { Mailer, OutgoingMail } from '../mail/mailer.js';
import { maskEmail, subjectHash } from '../subject.js';
import { hashToken, isWellFormedToken, issueToken } from '../verification/tokens.js';
import { issuePreferencesLink, preferencesToken, type IssuedUnsubscribe, type PreferenceLinkDeps } from './preference-links.js';
import type { SuppressionReason } from './suppression-list.js';

const DAY_MS = 24 * 3600 * 1000;

/** CAN-SPAM wants an opt-out to work for 30 days after a send; a year also covers mail people keep. */
export const DEFAULT_UNSUBSCRIBE_LINK_TTL_MS = 365 * DAY_MS;

/** Unsubscribe links. DynamoDB may delete one as soon as it ends: an ended link shows the same page as an unknown one. */
export const UNSUBSCRIBE_LINKS: LinkKind<'unsubscribe'> = { purpose: 'unsubscribe', keepAfterExpirySeconds: 0 };

/** The path of the link; the token follows it. */
export const UNSUBSCRIBE_PATH = '/v1/unsubscribe/';

/** The body a mail client posts for a one-click unsubscribe (RFC 8058, section 3.1). */
export const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';

export interface UnsubscribeHeaders {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': typeof ONE_CLICK_BODY;
}

export interface UnsubscribeLink {
  url: string;
  headers: UnsubscribeHeaders;
}

export interface UnsubscribeLinkDeps {
  links: Pick<LinkStore<'unsubscribe'>, 'put'>;
  /** The key of the subject hash. */
  hashKey: () => Promise<Buffer>;
  /** Where the links point, e.g. `https://privacy.example.com`. */
  publicBaseUrl: string;
  now: () => Date;
  linkTtlMs?: number;
}

/**
 * Issues a long-lived unsubscribe link for `email` and returns it with the RFC 8058 headers. Only
 * the token's hash is stored, with the subject's keyed hash: the record names nobody.
 */
export async function unsubscribeLink(email: string, deps: UnsubscribeLinkDeps, options: { locale?: Locale } = {}): Promise<UnsubscribeLink> {
  return (await issueUnsubscribeLink(email, deps, options)).link;
}

async function issueUnsubscribeLink(
  email: string,
  deps: UnsubscribeLinkDeps,
  options: { locale?: Locale },
): Promise<{ link: UnsubscribeLink; issued: IssuedUnsubscribe }> {
  const { token, hash } = issueToken();
  const issuedAt = deps.now();
  const issued: IssuedUnsubscribe = {
    token,
    subjectHash: subjectHash(await deps.hashKey(), email),
    locale: options.locale ?? 'en',
    issuedAt: issuedAt.toISOString(),
    validUntil: new Date(issuedAt.getTime() + (deps.linkTtlMs ?? DEFAULT_UNSUBSCRIBE_LINK_TTL_MS)).toISOString(),
  };
  const { token: _token, ...record } = issued;
  await deps.links.put({ tokenHash: hash, ...record, maskedEmail: maskEmail(email) });
  const url = unsubscribeUrl(deps.publicBaseUrl, token);
  return { link: { url, headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': ONE_CLICK_BODY } }, issued };
}

/** The one-click unsubscribe link of `token` (GET and POST /v1/unsubscribe/{token}). */
export function unsubscribeUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${UNSUBSCRIBE_PATH}${token}`;
}

/** One marketing mail to one person. */
export interface MarketingMessage {
  to: string;
  locale: Locale;
  /** Renders the mail around its links, so the body carries the unsubscribe link as well as the headers, and the preferences link. */
  render: (links: MailLinks) => Pick<OutgoingMail, 'subject' | 'text' | 'html'>;
  /** Labels for delivery events, e.g. the campaign id (ids and kinds, never people). */
  tags?: Record<string, string>;
}

/** The per-recipient links a marketing mail's footer carries. */
export interface MailLinks {
  unsubscribeUrl: string;
  /** The "manage my email preferences" page of the same mail. */
  preferencesUrl: string;
}

export interface MarketingMailDeps extends UnsubscribeLinkDeps {
  suppressions: { isSuppressed(email: string): Promise<boolean> };
  mailer: Mailer;
  preferences: Omit<PreferenceLinkDeps, 'publicBaseUrl'>;
}

export type MarketingMailResult = { sent: true; messageId: string } | { sent: false; reason: 'suppressed' };

/**
 * The gate every marketing mail goes through: nothing is sent to a suppressed address (unsubscribed,
 * objected, bounced, complained); everything else carries a fresh one-click unsubscribe link and the
 * preferences link derived from it.
 * Transactional notices do not pass here and are never suppressed.
 */
export async function marketingMail(message: MarketingMessage, deps: MarketingMailDeps): Promise<MarketingMailResult> {
  if (await deps.suppressions.isSuppressed(message.to)) return { sent: false, reason: 'suppressed' };
  const { link, issued } = await issueUnsubscribeLink(message.to, deps, { locale: message.locale });
  const preferencesUrl = await issuePreferencesLink(message.to, issued, { ...deps.preferences, publicBaseUrl: deps.publicBaseUrl });
  const { messageId } = await deps.mailer.send({
    to: message.to,
    ...message.render({ unsubscribeUrl: link.url, preferencesUrl }),
    headers: { ...link.headers },
    tags: { ...message.tags, mail: 'marketing' },
  });
  return { sent: true, messageId };
}

/** What opening or posting a link leads to; `invalid` stands for malformed, unknown and expired tokens alike. */
export type UnsubscribeOutcome =
  | { page: 'invalid' }
  | {
      page: 'unsubscribe' | 'unsubscribed';
      locale: Locale;
      maskedEmail: string;
      /** The preferences page of the same mail, relative to the unsubscribe page; absent for a mail sent without one. */
      preferencesPath?: string;
    };

export interface UnsubscribeDeps {
  links: Pick<LinkStore<'unsubscribe'>, 'get'>;
  /** The preferences links, to link the page to the same mail's preferences page. */
  preferenceLinks?: Pick<LinkStore<'preferences'>, 'get'>;
  suppressions: { suppressSubject(subjectHash: string, reason: SuppressionReason, at: Date): Promise<boolean> };
  now: () => Date;
}

/** The link a token stands for, unless it is malformed, unknown or past `validUntil` at `now`. */
async function liveLink(token: string | undefined, deps: Pick<UnsubscribeDeps, 'links'>, now: Date): Promise<UnsubscribeLinkRecord | undefined> {
  if (!isWellFormedToken(token)) return undefined;
  const link = await deps.links.get(hashToken(token));
  // DynamoDB deletes expired items up to days late; the link ends on time all the same.
  return link && Date.parse(link.validUntil) > now.getTime() ? link : undefined;
}

/** The path from the unsubscribe page of `token` to the preferences page of the same mail, when that link is live. */
async function preferencesPath(token: string, deps: Pick<UnsubscribeDeps, 'preferenceLinks'>, now: Date): Promise<{ preferencesPath?: string }> {
  if (!deps.preferenceLinks) return {};
  const derived = preferencesToken(token);
  const link = await deps.preferenceLinks.get(hashToken(derived));
  return link && Date.parse(link.validUntil) > now.getTime() ? { preferencesPath: `../preferences/${derived}` } : {};
}

/** The GET of the link: shows the button and changes nothing, since mail scanners open links. */
export async function viewUnsubscribeLink(
  token: string | undefined,
  deps: Pick<UnsubscribeDeps, 'links' | 'preferenceLinks' | 'now'>,
): Promise<UnsubscribeOutcome> {
  const now = deps.now();
  const link = await liveLink(token, deps, now);
  if (!link) return { page: 'invalid' };
  return { page: 'unsubscribe', locale: link.locale, maskedEmail: link.maskedEmail, ...(await preferencesPath(token!, deps, now)) };
}

/**
 * The POST of the link (one-click or the page's button): puts the subject on the suppression list
 * with reason `unsubscribe`. Posting again changes nothing and answers the same.
 */
export async function unsubscribe(token: string | undefined, deps: UnsubscribeDeps): Promise<UnsubscribeOutcome> {
  const now = deps.now();
  const link = await liveLink(token, deps, now);
  if (!link) return { page: 'invalid' };
  await deps.suppressions.suppressSubject(link.subjectHash, 'unsubscribe', now);
  return { page: 'unsubscribed', locale: link.locale, maskedEmail: link.maskedEmail, ...(await preferencesPath(token!, deps, now)) };
}
