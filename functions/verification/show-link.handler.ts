// GET /v1/verify/{token}: the page behind an emailed link. Mail scanners open links: this changes nothing.
import { pageHandler } from '../../shared/http/page-handler.js';
import { errorPage, outcomePage } from '../../shared/verification/outcome-page.js';
import { viewLink } from '../../shared/verification/verify-request.js';
import { controller } from '../wiring/mail.js';
import { verificationDeps } from '../wiring/verification.js';

export const handler = pageHandler({ errorPage, controller }, async ({ event, locale, acceptLanguage, controller }) => {
  const deps = verificationDeps();
  const outcome = await viewLink(event.pathParameters?.token, deps);
  return outcomePage(
    outcome,
    { locale, at: 'link', acceptLanguage, languages: deps.languages, controller, providerOrigins: deps.identity?.provider.pageOrigins ?? [] },
    event.pathParameters?.token,
  );
});
