// Following an export link: the token opens the bundle's key, and the subject is sent on to a
// short-lived presigned S3 URL for it.
import { GetObjectCommand, HeadObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Locale } from '../domain/request-model.js';
import { createS3Client } from '../aws/s3.js';
import type { LinkStore } from '../links/link-store.js';
import { logger } from '../logger.js';
import { exportLinkPage } from '../pages/export-pages.js';
import { subjectPageResponse } from '../pages/layout.js';
import { resolveExportLink } from './export-links.js';

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
  links: LinkStore<'export'>;
  files: ExportFiles;
  now: () => Date;
}

export type ExportDownload = { outcome: 'ready'; url: string } | { outcome: 'invalid' } | { outcome: 'expired' | 'gone'; locale?: Locale };

/**
 * Where a presented token leads: a fresh download URL while the link is valid and its bundle
 * exists; `expired` once the link has run out; `gone` while it is valid but the bundle was deleted
 * (an erasure removes it at once; the bucket keeps bundles longer than links last); `invalid` otherwise.
 * Reading changes nothing, so mail scanners opening the link do no harm.
 */
export async function openExportDownload(token: string | undefined, deps: ExportDownloadDeps): Promise<ExportDownload> {
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
  logger.info('Export download', { requestId: link.requestId });
  return { outcome: 'ready', url: await deps.files.downloadUrl(link.key) };
}

/** The redirect to the download, or the page that says why there is none. */
export function exportDownloadResponse(download: ExportDownload, locale: Locale): APIGatewayProxyResult {
  switch (download.outcome) {
    case 'ready':
      return {
        statusCode: 302,
        // The presigned URL is a bearer credential for the bundle: nobody may cache it or see it as a referrer.
        headers: { location: download.url, 'cache-control': 'no-store', pragma: 'no-cache', 'referrer-policy': 'no-referrer' },
        body: '',
      };
    case 'expired':
    case 'gone':
      return subjectPageResponse(410, exportLinkPage(download.outcome, download.locale ?? locale));
    case 'invalid':
      return subjectPageResponse(404, exportLinkPage('invalid', locale));
  }
}
