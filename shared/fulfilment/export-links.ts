// Export download links: a token in the emailed URL, only its hash at rest, usable any number of
// times until it expires.
import { putNew, sharedDocumentClient } from '../aws/dynamodb.js';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Locale } from '../domain/request-model.js';
import { hashToken, isWellFormedToken, issueToken } from '../verification/tokens.js';

/** How long a download link works unless told otherwise. */
export const EXPORT_LINK_TTL_MS = 7 * 24 * 3600 * 1000;

/** Expired links are kept this long, so the subject sees "expired" rather than "not valid". */
const KEEP_AFTER_EXPIRY_SECONDS = 24 * 3600;

export interface ExportLinkRecord {
  tokenHash: string;
  purpose: 'export';
  requestId: string;
  /** The bundle's key in the data bucket. */
  key: string;
  /** The subject's language, for the pages the link leads to. */
  locale?: Locale;
  /** When the link stops working (ISO). */
  validUntil: string;
  /** Epoch seconds when DynamoDB may delete the record: a day after validUntil. */
  expiresAt: number;
}

export interface ExportLinkStore {
  put(link: Omit<ExportLinkRecord, 'expiresAt'>): Promise<void>;
  get(tokenHash: string): Promise<ExportLinkRecord | undefined>;
}

/** Export links in the tokens table, beside (and never mistaken for) verification links. */
export class DynamoExportLinkStore implements ExportLinkStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client?: DynamoDBDocumentClient) {
    this.documents = client ?? sharedDocumentClient();
  }

  async put(link: Omit<ExportLinkRecord, 'expiresAt'>): Promise<void> {
    const expiresAt = Math.floor(Date.parse(link.validUntil) / 1000) + KEEP_AFTER_EXPIRY_SECONDS;
    await putNew(this.documents, this.tableName, 'tokenHash', { ...link, expiresAt });
  }

  async get(tokenHash: string): Promise<ExportLinkRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { tokenHash }, ConsistentRead: true }));
    return Item?.purpose === 'export' ? (Item as ExportLinkRecord) : undefined;
  }
}

export interface IssuedExportLink {
  /** Goes into the emailed URL and nowhere else: never logged, never stored. */
  token: string;
  /** When the link stops working (ISO), for the export-ready notice. */
  validUntil: string;
}

export interface IssueExportLinkOptions {
  links: ExportLinkStore;
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
    purpose: 'export',
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
  | { outcome: 'valid'; requestId: string; key: string; locale?: Locale }
  /** Malformed, unknown, or long gone: told apart from nothing. */
  | { outcome: 'invalid' }
  | { outcome: 'expired'; requestId: string; locale?: Locale };

/** What a presented token opens. It is not consumed: a link works as often as needed until validUntil. */
export async function resolveExportLink(
  token: string | undefined,
  deps: { links: ExportLinkStore; now: () => Date },
): Promise<ExportLinkOutcome> {
  if (!isWellFormedToken(token)) return { outcome: 'invalid' };
  const link = await deps.links.get(hashToken(token));
  if (!link) return { outcome: 'invalid' };
  const validUntil = Date.parse(link.validUntil);
  // A record whose end cannot be read must not become a link that never ends.
  if (!Number.isFinite(validUntil)) return { outcome: 'invalid' };
  const locale = link.locale ? { locale: link.locale } : {};
  if (deps.now().getTime() >= validUntil) return { outcome: 'expired', requestId: link.requestId, ...locale };
  return { outcome: 'valid', requestId: link.requestId, key: link.key, ...locale };
}
