// POST /privacy/requests/{token}/download: the status page's download button, a short-lived download of the request's export.
import { pageHandler } from '../../shared/http/page-handler.js';
import { downloadAnswer } from '../../shared/privacy-center/center-answers.js';
import { downloadByLink } from '../../shared/privacy-center/request-status.js';
import { errorPage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { statusDownloadDeps } from '../wiring/privacy-center.js';

export const handler = pageHandler({ form: true, errorPage, controller }, async ({ event, locale, controller }) =>
  downloadAnswer(
    await downloadByLink(event.pathParameters?.token, statusDownloadDeps()),
    { locale, controller },
    { cancel: 'cancel', download: '' },
    errorPage,
    await statusDownloadDeps().files.origin(),
  ),
);
