// POST /v1/verify/{token}/identity: the knowledge check. The answers are compared, never kept or logged.
import { pageHandler } from '../../shared/http/page-handler.js';
import { errorPage, formCorrection, incompleteFormPage, outcomePage } from '../../shared/verification/outcome-page.js';
import { checkIdentity, viewLink } from '../../shared/verification/verify-request.js';
import { controller } from '../wiring/mail.js';
import { verificationDeps } from '../wiring/verification.js';
import { IdentityForm } from './verification.schema.js';

export const handler = pageHandler({ form: true, errorPage, controller }, async ({ event, form, locale, acceptLanguage, controller }) => {
  const deps = verificationDeps({ accounts: true });
  const token = event.pathParameters?.token;
  const place = {
    locale,
    at: 'identity',
    acceptLanguage,
    languages: deps.languages,
    controller,
    providerOrigins: deps.identity?.provider.pageOrigins ?? [],
  } as const;
  const answers = IdentityForm.safeParse(form);
  // A form not filled in as asked is shown again, with a message at each field; it does not count as a failed attempt.
  if (!answers.success) {
    const invalid = answers.error.issues.map((issue) => String(issue.path[0]));
    return incompleteFormPage(await viewLink(token, deps), place, formCorrection(form, invalid), token);
  }
  const { email, street, postalCode, city, cardLast4 } = answers.data;
  const outcome = await checkIdentity(token, { email, address: { street, postalCode, city }, cardLast4 }, deps, acceptLanguage);
  return outcomePage(outcome, place, token);
});
