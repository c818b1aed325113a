// Wiring: export links, issued when a request is finished and followed by the subject.
import { bucketName, config, tableName } from '../../shared/config.js';
import type { Locale } from '../../shared/domain/request-model.js';
import { S3ExportFiles, type ExportDownloadDeps } from '../../shared/fulfilment/export-download.js';
import { EXPORT_LINKS, exportLinkUrl, issueExportLink } from '../../shared/fulfilment/export-links.js';
import { DynamoLinkStore } from '../../shared/links/link-store.js';
import { once } from '../../shared/once.js';
import { now } from './aws.js';

/** The export links in the tokens table. */
export const exportLinkStore = /* @__PURE__ */ once(() => new DynamoLinkStore({ tableName: tableName('tokens'), ...EXPORT_LINKS }));

/** Issues the link to a finished export: its URL and until when it works. */
export const exportLink = /* @__PURE__ */ once(() => {
  const publicBaseUrl = config('publicBaseUrl');
  return async (requestId: string, key: string, locale: Locale) => {
    const link = await issueExportLink(requestId, key, { links: exportLinkStore(), now, locale });
    return { url: exportLinkUrl(publicBaseUrl, link.token), validUntil: link.validUntil };
  };
});

/** What following an export link needs: the links, and the bundles in the data bucket. */
export const exportDownloadDeps = /* @__PURE__ */ once(
  (): ExportDownloadDeps => ({
    links: exportLinkStore(),
    files: new S3ExportFiles(bucketName('data')),
    now,
  }),
);
