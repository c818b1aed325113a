// POST /v1/verify/{token}: the confirm button on the link's page.
import { pageHandler } from '../../shared/http/page-handler.js';
import { errorPage, outcomePage } from '../../shared/verification/outcome-page.js';
import { confirmLink } from '../../shared/verification/verify-request.js';
import { controller } from '../wiring/mail.js';
import { verificationDeps } from '../wiring/verification.js';

export const handler = pageHandler({ form: true, errorPage, controller }, async ({ event, locale, acceptLanguage, controller }) => {
  const deps = verificationDeps({ accounts: true });
  const outcome = await confirmLink(event.pathParameters?.token, deps, acceptLanguage);
  return outcomePage(
    outcome,
    { locale, at: 'link', acceptLanguage, languages: deps.languages, controller, providerOrigins: deps.identity?.provider.pageOrigins ?? [] },
    event.pathParameters?.token,
  );
});
