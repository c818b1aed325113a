// GET /v1/identity/callback: the person back from the identity provider (the OIDC redirect URI, a hosted session's return URL).
import { pageHandler } from '../../shared/http/page-handler.js';
import { returnFromProvider } from '../../shared/verification/identity-session.js';
import { errorPage, outcomePage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { verificationDeps } from '../wiring/verification.js';
import { ProviderCallbackQuery } from './identity.schema.js';

export const handler = pageHandler({ errorPage, controller }, async ({ event, locale, acceptLanguage, controller }) => {
  const deps = verificationDeps({ accounts: true });
  const query = ProviderCallbackQuery.safeParse(event.queryStringParameters ?? {});
  const outcome = query.success ? await returnFromProvider(query.data, deps) : ({ page: 'provider-invalid' } as const);
  return outcomePage(outcome, { locale, at: 'link', acceptLanguage, languages: deps.languages, controller });
});
