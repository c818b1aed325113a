// POST /v1/requests/{id}/verification-link: a new confirmation link, e.g. after a mail could not be sent.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { resendVerificationLink } from '../../shared/verification/verify-request.js';
import { requestView } from '../../shared/requests/request-view.js';
import { confirmationDeps } from '../wiring/confirmation.js';

export const handler = httpHandler({}, async ({ event }) => {
  const now = new Date();
  const request = await resendVerificationLink(event.pathParameters?.id ?? '', confirmationDeps());
  return jsonResult(202, requestView(request, now));
});
