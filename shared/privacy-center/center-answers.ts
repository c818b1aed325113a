// From a privacy center call to the page the person sees, with its HTTP status.
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Locale, RequestType } from '../domain/request-model.js';
import { subjectPageResponse, withFormTargets, type PageController } from '../pages/layout.js';
import {
  CENTER_FIELDS,
  centerPageResponse,
  renderCenterPage,
  renderFiledPage,
  renderStatusEndedPage,
  renderStatusPage,
  type CenterField,
  type CenterPage,
  type CenterProblem,
} from '../pages/privacy-center-pages.js';
import type { CenterFiled } from './file-from-center.js';
import type { DownloadOutcome, StatusOutcome } from './request-status.js';
import type { StatusActions, StatusPage } from '../pages/privacy-center-pages.js';
import { exportLinkPage } from '../pages/export-pages.js';

/** Where a center page is shown: its language, the languages it can switch to, who it speaks for, the GPC signal. */
export interface CenterPlace {
  locale: Locale;
  languages: readonly Locale[];
  controller: PageController;
  gpc: boolean;
}

/** The page's language: the one its switch asked for, when configured; else the browser's. */
export function centerLocale(asked: Locale | undefined, browser: Locale, languages: readonly Locale[]): Locale {
  if (asked && languages.includes(asked)) return asked;
  return languages.includes(browser) ? browser : (languages[0] ?? browser);
}

/** The center page of a GET. */
export function centerPage(place: CenterPlace, right?: RequestType): APIGatewayProxyResult {
  const page: CenterPage = { gpc: place.gpc, ...(right ? { right } : {}) };
  return centerPageResponse(200, renderCenterPage(page, place.locale, place.controller, place.languages));
}

/** What the person typed in the fields the page shows again (never the proof). */
function typedValues(form: Record<string, unknown>): CenterPage['values'] {
  const values: NonNullable<CenterPage['values']> = {};
  for (const field of ['right', 'email', 'region', 'details'] as const) {
    const value = form[field];
    if (typeof value === 'string' && value.trim() !== '') values[field] = value;
  }
  return values;
}

/**
 * The form again with a 400 and a message at each field that failed its schema (`invalidFields`):
 * `missing` where nothing was typed, `format` where something else was wrong. Nothing was filed.
 */
export function centerFormAgain(form: Record<string, unknown>, invalidFields: readonly string[], place: CenterPlace): APIGatewayProxyResult {
  const values = typedValues(form) ?? {};
  const problems: Partial<Record<CenterField, CenterProblem>> = {};
  for (const field of CENTER_FIELDS) {
    if (!invalidFields.includes(field)) continue;
    const typed = form[field];
    problems[field] = typeof typed === 'string' && typed.trim() !== '' ? 'format' : 'missing';
  }
  return centerPageResponse(400, renderCenterPage({ gpc: place.gpc, values, problems }, place.locale, place.controller, place.languages));
}

/** The answer to a filing: "check your email", or the form again when the proof of work was refused (nothing filed). */
export function centerAnswer(outcome: CenterFiled, form: Record<string, unknown>, place: CenterPlace): APIGatewayProxyResult {
  if (outcome.page === 'filed') return centerPageResponse(200, renderFiledPage(outcome.atOnce, place.locale, place.controller));
  const status = outcome.verdict === 'missing' || outcome.verdict === 'malformed' ? 400 : 403;
  const page: CenterPage = { gpc: place.gpc, values: typedValues(form) ?? {}, proof: outcome.verdict };
  return centerPageResponse(status, renderCenterPage(page, place.locale, place.controller, place.languages));
}

/** A status page: its download form redirects to the bucket's origin (`downloadOrigin`), which its CSP must allow. */
function statusPageResponse(status: number, page: StatusPage, locale: Locale, controller: PageController, actions: StatusActions, downloadOrigin?: string) {
  const response = subjectPageResponse(status, renderStatusPage(page, locale, controller, actions));
  if (page.download?.state !== 'ready' || !downloadOrigin) return response;
  const headers = { ...response.headers } as Record<string, string>;
  headers['content-security-policy'] = withFormTargets(headers['content-security-policy'] ?? '', [downloadOrigin]);
  return { ...response, headers };
}

/** The forms of the status page at `/privacy/requests/{token}`, relative to it. */
export function statusActions(token: string): StatusActions {
  const path = encodeURIComponent(token);
  return { cancel: `${path}/cancel`, download: `${path}/download` };
}

/**
 * The status page of `outcome` in the request's language (a link not in force: the invalid-link
 * page, 404; a page that has closed: 410). `actions` are the page's forms, relative to its URL.
 */
export function statusAnswer(
  outcome: StatusOutcome,
  place: Pick<CenterPlace, 'locale' | 'controller'>,
  actions: StatusActions,
  invalid: (status: number, locale: Locale, controller: PageController) => APIGatewayProxyResult,
  downloadOrigin?: string,
): APIGatewayProxyResult {
  if (outcome.page === 'invalid') return invalid(404, place.locale, place.controller);
  if (outcome.page === 'ended') return subjectPageResponse(410, renderStatusEndedPage(outcome.request.subject.locale, place.controller));
  return statusPageResponse(200, outcome.status, outcome.request.subject.locale, place.controller, actions, downloadOrigin);
}

/**
 * The answer to the status page's download button: 303 to the short-lived download, the export
 * page that says why there is none (410), or the status page when the request has no copy (409).
 */
export function downloadAnswer(
  outcome: DownloadOutcome,
  place: Pick<CenterPlace, 'locale' | 'controller'>,
  actions: StatusActions,
  invalid: (status: number, locale: Locale, controller: PageController) => APIGatewayProxyResult,
  downloadOrigin?: string,
): APIGatewayProxyResult {
  if (outcome.page === 'download') {
    // The presigned URL is a bearer credential for the bundle: nobody may cache it or see it as a referrer.
    return { statusCode: 303, headers: { location: outcome.url, 'cache-control': 'no-store', pragma: 'no-cache', 'referrer-policy': 'no-referrer' }, body: '' };
  }
  if (outcome.page === 'refused') return subjectPageResponse(410, exportLinkPage(outcome.reason, outcome.request.subject.locale, place.controller));
  if (outcome.page === 'status') {
    return statusPageResponse(409, outcome.status, outcome.request.subject.locale, place.controller, actions, downloadOrigin);
  }
  return statusAnswer(outcome, place, actions, invalid, downloadOrigin);
}
