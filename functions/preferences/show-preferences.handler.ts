// GET /v1/preferences/{token}: the "manage my email preferences" page behind a marketing mail's link. Mail scanners open links: this changes nothing.
import { config } from '../../shared/config.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { parseParams } from '../../shared/http/params.js';
import { preferencesAnswer } from '../../shared/pages/preferences-pages.js';
import { viewPreferences } from '../../shared/preferences/preferences-page.js';
import { errorPage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { preferencesPageDeps } from '../wiring/preferences-page.js';
import { PreferencesQuery } from './preferences-page.schema.js';

export const handler = pageHandler({ errorPage, controller }, async ({ event, locale, controller }) => {
  const { lang } = parseParams(PreferencesQuery, event.queryStringParameters);
  const outcome = await viewPreferences(event.pathParameters?.token, preferencesPageDeps());
  return preferencesAnswer(outcome, { requested: lang, browser: locale, languages: config('languages'), controller });
});
