// GET /privacy/requests/{token}: a request's status page behind its emailed link. Mail scanners open links: this changes nothing.
import { pageHandler } from '../../shared/http/page-handler.js';
import { statusActions, statusAnswer } from '../../shared/privacy-center/center-answers.js';
import { viewStatus } from '../../shared/privacy-center/request-status.js';
import { errorPage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { exportFiles, statusDeps } from '../wiring/privacy-center.js';

export const handler = pageHandler({ errorPage, controller }, async ({ event, locale, controller }) => {
  const token = event.pathParameters?.token ?? '';
  return statusAnswer(await viewStatus(token, statusDeps()), { locale, controller }, statusActions(token), errorPage, await exportFiles().origin());
});
