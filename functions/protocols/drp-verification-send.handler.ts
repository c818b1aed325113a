// POST /v1/data-rights-request/{requestId}/verification: the person's address; a new confirmation link goes to the one on file.
import { LOCALES } from '../../shared/domain/request-model.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { parseParams } from '../../shared/http/params.js';
import { drpVerificationErrorPage, drpVerificationResponse } from '../../shared/pages/drp-verification-pages.js';
import { drpVerificationLocale, openDrpVerification, sendDrpVerification } from '../../shared/protocols/drp-verification.js';
import { controller } from '../wiring/mail.js';
import { drpVerificationDeps } from '../wiring/protocols.js';
import { DrpRequestParams, DrpVerificationForm, DrpVerificationQuery } from './drp.schema.js';

export const handler = pageHandler(
  { form: true, errorPage: drpVerificationErrorPage, controller },
  async ({ event, form, locale, acceptLanguage, controller }) => {
    const { requestId } = parseParams(DrpRequestParams, event.pathParameters);
    const query = parseParams(DrpVerificationQuery, event.queryStringParameters);
    const meant = { redirectTo: query.redirect_to, requestId: query.request_id };
    const answer = DrpVerificationForm.safeParse(form);
    // A form without an address is shown again with a message (400); nothing is sent.
    const outcome = answer.success
      ? await sendDrpVerification(requestId, answer.data.email, meant, drpVerificationDeps())
      : await openDrpVerification(requestId, meant, drpVerificationDeps());
    return drpVerificationResponse(
      outcome,
      drpVerificationLocale(outcome, { locale, acceptLanguage }, drpVerificationDeps().verification.languages ?? LOCALES),
      controller,
      !answer.success,
    );
  },
);
