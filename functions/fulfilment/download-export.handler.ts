// GET /v1/exports/{token}: an emailed export link, redirected to a short-lived download of the bundle.
import { exportDownloadResponse, openExportDownload } from '../../shared/fulfilment/export-download.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { exportErrorPage } from '../../shared/pages/export-pages.js';
import { exportDownloadDeps } from '../wiring/exports.js';

export const handler = pageHandler({ errorPage: exportErrorPage }, async ({ event, locale }) =>
  exportDownloadResponse(await openExportDownload(event.pathParameters?.token, exportDownloadDeps()), locale),
);
