// POST /v1/verify/{token}/provider: the identity page's provider button. Sends the person to the provider.
import { pageHandler } from '../../shared/http/page-handler.js';
import { startIdentitySession } from '../../shared/verification/identity-session.js';
import { errorPage, outcomePage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { verificationDeps } from '../wiring/verification.js';

export const handler = pageHandler({ form: true, errorPage, controller }, async ({ event, locale, acceptLanguage, controller }) => {
  const deps = verificationDeps();
  const outcome = await startIdentitySession(event.pathParameters?.token, deps);
  return outcomePage(
    outcome,
    { locale, at: 'identity', acceptLanguage, languages: deps.languages, controller, providerOrigins: deps.identity?.provider.pageOrigins ?? [] },
    event.pathParameters?.token,
  );
});
