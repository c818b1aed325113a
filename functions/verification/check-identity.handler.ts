// POST /v1/verify/{token}/identity: the knowledge check. The answers are compared, never kept or logged.
import { pageHandler } from '../../shared/http/page-handler.js';
import { errorPage, incompleteFormPage, outcomePage } from '../../shared/verification/outcome-page.js';
import { checkIdentity, viewLink } from '../../shared/verification/verify-request.js';
import { verificationDeps } from '../wiring/verification.js';
import { IdentityForm } from './verification.schema.js';

export const handler = pageHandler({ form: true, errorPage }, async ({ event, form, locale }) => {
  const deps = verificationDeps({ accounts: true });
  const token = event.pathParameters?.token;
  const answers = IdentityForm.safeParse(form);
  // A form not filled in as asked is shown again; it does not count as a failed attempt.
  if (!answers.success) return incompleteFormPage(await viewLink(token, deps), { locale, at: 'identity' }, token);
  const { email, street, postalCode, city, cardLast4 } = answers.data;
  const outcome = await checkIdentity(token, { email, address: { street, postalCode, city }, cardLast4 }, deps);
  return outcomePage(outcome, { locale, at: 'identity' }, token);
});
