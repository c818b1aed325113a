// POST /v1/unsubscribe/{token}: a mail client's RFC 8058 one-click POST, or the button on the link's page.
import { pageHandler } from '../../shared/http/page-handler.js';
import { unsubscribe } from '../../shared/preferences/unsubscribe.js';
import { isOneClick, oneClickAnswer, unsubscribePage } from '../../shared/preferences/unsubscribe-page.js';
import { errorPage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { unsubscribeDeps } from '../wiring/marketing.js';

export const handler = pageHandler({ form: true, errorPage, controller }, async ({ event, form, locale, controller }) => {
  const outcome = await unsubscribe(event.pathParameters?.token, unsubscribeDeps());
  return outcome.page === 'unsubscribed' && isOneClick(form, event) ? oneClickAnswer() : unsubscribePage(outcome, locale, controller);
});
