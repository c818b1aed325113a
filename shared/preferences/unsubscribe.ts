// Marketing unsubscribe (RFC 8058): the link every marketing mail carries, the one gate every
// marketing mail passes, and what opening or posting the link does.
import type { Locale } from '../domain/request-model.js';
import type { LinkKind, LinkStore, UnsubscribeLinkRecord } from '../links/link-store.js';
import type { Mailer, OutgoingMail } from '../mail/mailer.js';
import { maskEmail, subjectHash } from '../subject.js';
import { hashToken, isWellFormedToken, issueToken } from '../verification/tokens.js';
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
  const { token, hash } = issueToken();
  const issuedAt = deps.now();
  await deps.links.put({
    tokenHash: hash,
    subjectHash: subjectHash(await deps.hashKey(), email),
    locale: options.locale ?? 'en',
    maskedEmail: maskEmail(email),
    issuedAt: issuedAt.toISOString(),
    validUntil: new Date(issuedAt.getTime() + (deps.linkTtlMs ?? DEFAULT_UNSUBSCRIBE_LINK_TTL_MS)).toISOString(),
  });
  const url = unsubscribeUrl(deps.publicBaseUrl, token);
  return { url, headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': ONE_CLICK_BODY } };
}

/** The one-click unsubscribe link of `token` (GET and POST /v1/unsubscribe/{token}). */
export function unsubscribeUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${UNSUBSCRIBE_PATH}${token}`;
}

/** One marketing mail to one person. */
export interface MarketingMessage {
  to: string;
  locale: Locale;
  /** Renders the mail around its unsubscribe URL, so the body carries the link as well as the headers. */
  render: (unsubscribeUrl: string) => Pick<OutgoingMail, 'subject' | 'text' | 'html'>;
  /** Labels for delivery events, e.g. the campaign id (ids and kinds, never people). */
  tags?: Record<string, string>;
}

export interface MarketingMailDeps extends UnsubscribeLinkDeps {
  suppressions: { isSuppressed(email: string): Promise<boolean> };
  mailer: Mailer;
}

export type MarketingMailResult = { sent: true; messageId: string } | { sent: false; reason: 'suppressed' };

/**
 * The gate every marketing mail goes through: nothing is sent to a suppressed address (unsubscribed,
 * objected, bounced, complained); everything else carries a fresh one-click unsubscribe link.
 * Transactional notices do not pass here and are never suppressed.
 */
export async function marketingMail(message: MarketingMessage, deps: MarketingMailDeps): Promise<MarketingMailResult> {
  if (await deps.suppressions.isSuppressed(message.to)) return { sent: false, reason: 'suppressed' };
  const link = await unsubscribeLink(message.to, deps, { locale: message.locale });
  const { messageId } = await deps.mailer.send({
    to: message.to,
    ...message.render(link.url),
    headers: { ...link.headers },
    tags: { ...message.tags, mail: 'marketing' },
  });
  return { sent: true, messageId };
}

/** What opening or posting a link leads to; `invalid` stands for malformed, unknown and expired tokens alike. */
export type UnsubscribeOutcome = { page: 'invalid' } | { page: 'unsubscribe' | 'unsubscribed'; locale: Locale; maskedEmail: string };

export interface UnsubscribeDeps {
  links: Pick<LinkStore<'unsubscribe'>, 'get'>;
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

/** The GET of the link: shows the button and changes nothing, since mail scanners open links. */
export async function viewUnsubscribeLink(token: string | undefined, deps: Pick<UnsubscribeDeps, 'links' | 'now'>): Promise<UnsubscribeOutcome> {
  const link = await liveLink(token, deps, deps.now());
  return link ? { page: 'unsubscribe', locale: link.locale, maskedEmail: link.maskedEmail } : { page: 'invalid' };
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
  return { page: 'unsubscribed', locale: link.locale, maskedEmail: link.maskedEmail };
}
