// Following an export link: opening it shows a page with a download button; the button counts one
// of the link's uses and sends the subject on to a short-lived presigned S3 URL for the bundle.
import { GetObjectCommand, HeadObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Locale } from '../domain/request-model.js';
import { createS3Client } from '../aws/s3.js';
import type { CountedLinks, LinkStore } from '../links/link-store.js';
import { logger } from '../logger.js';
import { exportDownloadPage, exportLinkPage } from '../pages/export-pages.js';
import { subjectPageResponse, withFormTargets, type PageController } from '../pages/layout.js';
import { EXPORT_LINK_MAX_USES, resolveExportLink } from './export-links.js';

/** The longest a presigned download URL may live (DESIGN: download links expire within 15 minutes). */
export const MAX_DOWNLOAD_URL_SECONDS = 900;

/** What the browser gets: it follows the redirect at once, so a few minutes are plenty. */
export const DOWNLOAD_URL_SECONDS = 300;

/** The name the browser saves the bundle under. */
export const DOWNLOAD_FILE_NAME = 'privacy-export.zip';

export interface ExportFiles {
  /** Whether the bundle at `key` is still there (the bucket expires exports). */
  exists(key: string): Promise<boolean>;
  /** A presigned GET of `key` that makes the browser save it as DOWNLOAD_FILE_NAME. */
  downloadUrl(key: string): Promise<string>;
  /**
   * The origin download URLs lead to: a page whose form answers with one must allow it in its
   * CSP `form-action`, which browsers check on the redirect too.
   */
  origin(): Promise<string>;
}

/** Export bundles in the data bucket. */
export class S3ExportFiles implements ExportFiles {
  private readonly expiresIn: number;

  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = createS3Client(),
    expiresIn = DOWNLOAD_URL_SECONDS,
  ) {
    if (!(expiresIn > 0 && expiresIn <= MAX_DOWNLOAD_URL_SECONDS)) {
      throw new RangeError(`Download URLs live 1 to ${MAX_DOWNLOAD_URL_SECONDS} seconds, not ${expiresIn}`);
    }
    this.expiresIn = expiresIn;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      // HEAD answers have no body, so a missing object is only a 404 named NotFound.
      if (error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)) {
        return false;
      }
      throw error;
    }
  }

  async origin(): Promise<string> {
    // Signing is local (no call to S3): the URL of any key shows where the bucket's downloads live.
    return new URL(await this.downloadUrl('exports/origin')).origin;
  }

  downloadUrl(key: string): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: `attachment; filename="${DOWNLOAD_FILE_NAME}"`,
      ResponseContentType: 'application/zip',
    });
    return getSignedUrl(this.client, command, { expiresIn: this.expiresIn });
  }
}

export interface ExportDownloadDeps {
  links: LinkStore<'export'> & CountedLinks;
  files: ExportFiles;
  now: () => Date;
}

/** Why a link leads to no download. */
export type ExportRefusal = { outcome: 'invalid' } | { outcome: 'expired' | 'gone' | 'used-up'; locale?: Locale };

/** What opening a link shows: the page with the download button, or why there is none. */
export type ExportLinkView = { outcome: 'open'; usesLeft: number; locale?: Locale } | ExportRefusal;

/** What the button gives: a fresh download URL, or why there is none. */
export type ExportDownload = { outcome: 'ready'; url: string } | ExportRefusal;

type Usable = { outcome: 'usable'; requestId: string; key: string; tokenHash: string; uses: number; locale?: Locale } | ExportRefusal;

/**
 * Whether a presented token may still give a download: `expired` once the link has run out;
 * `gone` while it is valid but the bundle was deleted (an erasure removes it at once; the bucket
 * keeps bundles longer than links last); `used-up` after EXPORT_LINK_MAX_USES downloads;
 * `invalid` otherwise.
 */
async function usableLink(token: string | undefined, deps: ExportDownloadDeps): Promise<Usable> {
  const link = await resolveExportLink(token, deps);
  if (link.outcome === 'invalid') return link;
  const locale = link.locale ? { locale: link.locale } : {};
  if (link.outcome === 'expired') {
    logger.info('Export link expired', { requestId: link.requestId });
    return { outcome: 'expired', ...locale };
  }
  if (!(await deps.files.exists(link.key))) {
    logger.info('Export bundle deleted while its link is valid', { requestId: link.requestId });
    return { outcome: 'gone', ...locale };
  }
  if (link.uses >= EXPORT_LINK_MAX_USES) return { outcome: 'used-up', ...locale };
  return { outcome: 'usable', requestId: link.requestId, key: link.key, tokenHash: link.tokenHash, uses: link.uses, ...locale };
}

/**
 * The GET of an emailed link: the page with the download button while a download is possible.
 * Opening it counts no use and changes nothing, so mail scanners that follow links do no harm.
 */
export async function openExportLink(token: string | undefined, deps: ExportDownloadDeps): Promise<ExportLinkView> {
  const link = await usableLink(token, deps);
  if (link.outcome !== 'usable') return link;
  return { outcome: 'open', usesLeft: EXPORT_LINK_MAX_USES - link.uses, ...(link.locale ? { locale: link.locale } : {}) };
}

/** The page's button: counts one use of the link and hands out a short-lived download URL. */
export async function takeExportDownload(token: string | undefined, deps: ExportDownloadDeps): Promise<ExportDownload> {
  const link = await usableLink(token, deps);
  if (link.outcome !== 'usable') return link;
  if (!(await deps.links.claimUse(link.tokenHash, EXPORT_LINK_MAX_USES))) {
    return { outcome: 'used-up', ...(link.locale ? { locale: link.locale } : {}) };
  }
  logger.info('Export download', { requestId: link.requestId, use: link.uses + 1 });
  return { outcome: 'ready', url: await deps.files.downloadUrl(link.key) };
}

/** The page with the download button, or the page that says why there is none. */
export function exportLinkResponse(view: ExportLinkView, locale: Locale, controller: PageController, downloadOrigin?: string): APIGatewayProxyResult {
  if (view.outcome !== 'open') return refusalResponse(view, locale, controller);
  const answer = subjectPageResponse(200, exportDownloadPage(view.usesLeft, view.locale ?? locale, controller));
  // The button's answer redirects to the bucket's presigned URL: a browser follows it only where the
  // page's form-action allows that origin.
  if (downloadOrigin) {
    const headers = answer.headers as Record<string, string>;
    headers['content-security-policy'] = withFormTargets(headers['content-security-policy'] ?? '', [downloadOrigin]);
  }
  return answer;
}

/** The redirect to the download, or the page that says why there is none. */
export function exportDownloadResponse(download: ExportDownload, locale: Locale, controller: PageController): APIGatewayProxyResult {
  if (download.outcome === 'ready') {
    return {
      // 303: the browser follows the POST's answer with a GET of the presigned URL.
      statusCode: 303,
      // The presigned URL is a bearer credential for the bundle: nobody may cache it or see it as a referrer.
      headers: { location: download.url, 'cache-control': 'no-store', pragma: 'no-cache', 'referrer-policy': 'no-referrer' },
      body: '',
    };
  }
  return refusalResponse(download, locale, controller);
}

function refusalResponse(refusal: ExportRefusal, locale: Locale, controller: PageController): APIGatewayProxyResult {
  if (refusal.outcome === 'invalid') return subjectPageResponse(404, exportLinkPage('invalid', locale, controller));
  return subjectPageResponse(410, exportLinkPage(refusal.outcome, refusal.locale ?? locale, controller));
}
