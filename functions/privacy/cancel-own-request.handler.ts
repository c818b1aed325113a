// POST /privacy/requests/{token}/cancel: the status page's cancel button, cancelling as an operator's cancel does.
import { pageHandler } from '../../shared/http/page-handler.js';
import { statusAnswer } from '../../shared/privacy-center/center-answers.js';
import { cancelByLink } from '../../shared/privacy-center/request-status.js';
import { errorPage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { cancelDeps, exportFiles } from '../wiring/privacy-center.js';

export const handler = pageHandler({ form: true, errorPage, controller }, async ({ event, locale, controller }) =>
  statusAnswer(
    await cancelByLink(event.pathParameters?.token, cancelDeps()),
    { locale, controller },
    { cancel: '', download: 'download' },
    errorPage,
    await exportFiles().origin(),
  ),
);
