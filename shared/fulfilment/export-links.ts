// Export download links: a token in the emailed URL, only its hash at rest, good for a bounded
// number of downloads until it expires.
import type { Locale } from '../domain/request-model.js';
import type { LinkKind, LinkStore } from '../links/link-store.js';
import { hashToken, isWellFormedToken, issueToken } from '../verification/tokens.js';

/** How long a download link works unless told otherwise. */
export const EXPORT_LINK_TTL_MS = 7 * 24 * 3600 * 1000;

/** How many downloads one link gives: each is a click on the link's page, never the mere opening of the link. */
export const EXPORT_LINK_MAX_USES = 5;

/** Export links. Expired ones are kept a day, so the subject sees "expired" rather than "not valid". */
export const EXPORT_LINKS: LinkKind<'export'> = { purpose: 'export', keepAfterExpirySeconds: 24 * 3600 };

export interface IssuedExportLink {
  /** Goes into the emailed URL and nowhere else: never logged, never stored. */
  token: string;
  /** When the link stops working (ISO), for the export-ready notice. */
  validUntil: string;
}

export interface IssueExportLinkOptions {
  links: Pick<LinkStore<'export'>, 'put'>;
  now: () => Date;
  ttlMs?: number;
  locale?: Locale;
}

/** Issues a download link to the bundle at `key`: stores the token's hash, returns the token. */
export async function issueExportLink(requestId: string, key: string, options: IssueExportLinkOptions): Promise<IssuedExportLink> {
  const { token, hash } = issueToken();
  const validUntil = new Date(options.now().getTime() + (options.ttlMs ?? EXPORT_LINK_TTL_MS)).toISOString();
  await options.links.put({
    tokenHash: hash,
    requestId,
    key,
    validUntil,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  return { token, validUntil };
}

/** The URL of a download link, as the export-ready notice carries it. */
export function exportLinkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/v1/exports/${encodeURIComponent(token)}`;
}

export type ExportLinkOutcome =
  | { outcome: 'valid'; requestId: string; key: string; locale?: Locale; tokenHash: string; uses: number }
  /** Malformed, unknown, or long gone: told apart from nothing. */
  | { outcome: 'invalid' }
  | { outcome: 'expired'; requestId: string; locale?: Locale };

/** What a presented token opens. Opening it consumes nothing: only a download counts (`claimUse`). */
export async function resolveExportLink(
  token: string | undefined,
  deps: { links: Pick<LinkStore<'export'>, 'get'>; now: () => Date },
): Promise<ExportLinkOutcome> {
  if (!isWellFormedToken(token)) return { outcome: 'invalid' };
  const link = await deps.links.get(hashToken(token));
  if (!link) return { outcome: 'invalid' };
  const validUntil = Date.parse(link.validUntil);
  // A record whose end cannot be read must not become a link that never ends.
  if (!Number.isFinite(validUntil)) return { outcome: 'invalid' };
  const locale = link.locale ? { locale: link.locale } : {};
  if (deps.now().getTime() >= validUntil) return { outcome: 'expired', requestId: link.requestId, ...locale };
  return { outcome: 'valid', requestId: link.requestId, key: link.key, ...locale, tokenHash: link.tokenHash, uses: link.uses ?? 0 };
}
