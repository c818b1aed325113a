// POST /v1/preferences/{token}: the preferences page's form, recorded through the consent register.
import { config } from '../../shared/config.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { parseParams } from '../../shared/http/params.js';
import { preferencesAnswer } from '../../shared/pages/preferences-pages.js';
import { hasGpcSignal } from '../../shared/preferences/gpc.js';
import { FORM_TOKEN_FIELD } from '../../shared/preferences/preference-choices.js';
import { changePreferences } from '../../shared/preferences/preferences-page.js';
import { errorPage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { changePreferencesDeps } from '../wiring/preferences-change.js';
import { PreferencesForm, PreferencesQuery } from './preferences-page.schema.js';

export const handler = pageHandler({ form: true, errorPage, controller }, async ({ event, form, locale, controller }) => {
  const { lang } = parseParams(PreferencesQuery, event.queryStringParameters);
  const { [FORM_TOKEN_FIELD]: formToken, ...answers } = form;
  const posted = { formToken, gpc: hasGpcSignal(event.headers), ...(PreferencesForm.safeParse(form).success ? { answers } : {}) };
  const outcome = await changePreferences(event.pathParameters?.token, posted, changePreferencesDeps());
  return preferencesAnswer(outcome, { requested: lang, browser: locale, languages: config('languages'), controller });
});
