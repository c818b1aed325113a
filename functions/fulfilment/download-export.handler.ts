// GET /v1/exports/{token}: an emailed export link, answered with the page that holds the download button.
import { exportLinkResponse, openExportLink } from '../../shared/fulfilment/export-download.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { exportErrorPage } from '../../shared/pages/export-pages.js';
import { controller } from '../wiring/mail.js';
import { exportDownloadDeps } from '../wiring/exports.js';

export const handler = pageHandler({ errorPage: exportErrorPage, controller }, async ({ event, locale, controller }) => {
  const deps = exportDownloadDeps();
  return exportLinkResponse(await openExportLink(event.pathParameters?.token, deps), locale, controller, await deps.files.origin());
});
