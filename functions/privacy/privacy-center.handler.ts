// GET /privacy, GET /privacy/challenge and GET /privacy/assets/{asset}: the privacy center's page,
// the proof-of-work challenge its widget fetches, and the widget's files from our own origin. One
// function serves the three, as they change together and hold nothing but the challenge key.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { config } from '../../shared/config.js';
import { httpHandler } from '../../shared/http/handler.js';
import { pageHandler } from '../../shared/http/page-handler.js';
import { parseParams } from '../../shared/http/params.js';
import { jsonResult } from '../../shared/http/results.js';
import { centerAsset } from '../../shared/pages/privacy-center-assets.js';
import { hasGpcSignal } from '../../shared/preferences/gpc.js';
import { centerLocale, centerPage } from '../../shared/privacy-center/center-answers.js';
import { issueChallenge } from '../../shared/privacy-center/proof-of-work.js';
import { errorPage } from '../../shared/verification/outcome-page.js';
import { controller } from '../wiring/mail.js';
import { challengeDeps, widgetFile } from '../wiring/privacy-center.js';
import { AssetParams, CenterQuery } from './privacy-center.schema.js';

const byRoute = {
  '/privacy': pageHandler({ errorPage, controller }, async ({ event, locale, controller }) => {
    const query = parseParams(CenterQuery, event.queryStringParameters);
    const languages = config('languages');
    return centerPage({ locale: centerLocale(query.lang, locale, languages), languages, controller, gpc: hasGpcSignal(event.headers) }, query.right);
  }),
  '/privacy/challenge': httpHandler({}, async () => jsonResult(200, await issueChallenge(challengeDeps()), { 'cache-control': 'no-store' })),
  '/privacy/assets/{asset}': httpHandler({}, async ({ event }) => centerAsset(parseParams(AssetParams, event.pathParameters).asset, widgetFile)),
};

export const handler = (event: APIGatewayProxyEvent, context: Context) =>
  (byRoute[event.resource as keyof typeof byRoute] ?? byRoute['/privacy'])(event, context);
