// POST /privacy: the privacy center's form. The proof of work, then the one intake (channel web), then "check your email".
import { config } from '../../shared/config.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { parseParams } from '../../shared/http/params.js';
import { hasGpcSignal } from '../../shared/preferences/gpc.js';
import { centerAnswer, centerFormAgain, centerLocale } from '../../shared/privacy-center/center-answers.js';
import { fileFromCenter } from '../../shared/privacy-center/file-from-center.js';
import { errorPage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { centerFilingDeps } from '../wiring/privacy-center.js';
import { CenterForm, CenterQuery } from './privacy-center.schema.js';

export const handler = pageHandler({ form: true, errorPage, controller }, async ({ event, form, locale, acceptLanguage, controller }) => {
  const query = parseParams(CenterQuery, event.queryStringParameters);
  const languages = config('languages');
  const place = { locale: centerLocale(query.lang, locale, languages), languages, controller, gpc: hasGpcSignal(event.headers) };
  const filing = CenterForm.safeParse(form);
  // A form not filled in as asked is shown again with a message at each field; nothing is filed.
  if (!filing.success) return centerFormAgain(form, [...new Set(filing.error.issues.map((issue) => String(issue.path[0])))], place);
  const { right, email, region, details, altcha } = filing.data;
  const outcome = await fileFromCenter(
    { type: right, email, region, proof: altcha, locale: place.locale, ...(details ? { details } : {}), ...(acceptLanguage ? { acceptLanguage } : {}) },
    centerFilingDeps(),
  );
  return centerAnswer(outcome, form, place);
});
