// GET /v1/data-rights-request/{requestId}/verification: the user_verification_url (DRP §3.02.1); changes nothing.
import { LOCALES } from '../../shared/domain/request-model.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { parseParams } from '../../shared/http/params.js';
import { drpVerificationErrorPage, drpVerificationResponse } from '../../shared/pages/drp-verification-pages.js';
import { drpVerificationLocale, openDrpVerification } from '../../shared/protocols/drp-verification.js';
import { controller } from '../wiring/mail.js';
import { drpVerificationDeps } from '../wiring/protocols.js';
import { DrpRequestParams, DrpVerificationQuery } from './drp.schema.js';

export const handler = pageHandler({ errorPage: drpVerificationErrorPage, controller }, async ({ event, locale, acceptLanguage, controller }) => {
  const { requestId } = parseParams(DrpRequestParams, event.pathParameters);
  const query = parseParams(DrpVerificationQuery, event.queryStringParameters);
  const outcome = await openDrpVerification(requestId, { redirectTo: query.redirect_to, requestId: query.request_id }, drpVerificationDeps());
  return drpVerificationResponse(
    outcome,
    drpVerificationLocale(outcome, { locale, acceptLanguage }, drpVerificationDeps().verification.languages ?? LOCALES),
    controller,
  );
});
