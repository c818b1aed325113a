// POST /v1/exports/{token}: the download button, redirected to a short-lived download of the bundle.
import { exportDownloadResponse, takeExportDownload } from '../../shared/fulfilment/export-download.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { exportErrorPage } from '../../shared/pages/export-pages.js';
import { controller } from '../wiring/mail.js';
import { exportDownloadDeps } from '../wiring/exports.js';

export const handler = pageHandler({ form: true, errorPage: exportErrorPage, controller }, async ({ event, locale, controller }) =>
  exportDownloadResponse(await takeExportDownload(event.pathParameters?.token, exportDownloadDeps()), locale, controller),
);
