// GET /v1/unsubscribe/{token}: the page behind a marketing mail's unsubscribe link. Mail scanners open links: this changes nothing.
import { pageHandler } from '../../shared/http/page-handler.js';
import { viewUnsubscribeLink } from '../../shared/preferences/unsubscribe.js';
import { unsubscribePage } from '../../shared/preferences/unsubscribe-page.js';
import { errorPage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { unsubscribeDeps } from '../wiring/marketing.js';

export const handler = pageHandler({ errorPage, controller }, async ({ event, locale, controller }) =>
  unsubscribePage(await viewUnsubscribeLink(event.pathParameters?.token, unsubscribeDeps()), locale, controller),
);
