// From a verification outcome to the page the subject sees, with its HTTP status.
import type { APIGatewayProxyResult } from 'aws-lambda';
import { LOCALES, type Locale } from '../domain/request-model.js';
import {
  IDENTITY_FORM_FIELDS,
  refusalPageKind,
  renderSubjectPage,
  type Ending,
  type FieldProblem,
  type IdentityField,
  type SubjectPage,
} from '../pages/subject-pages.js';
import { subjectPageResponse, withFormTargets, type PageController } from '../pages/layout.js';
import { browserOverride } from '../text/languages.js';
import { statusLinkAlive } from '../privacy-center/request-status.js';
import type { LinkOutcome } from './verify-request.js';

export interface PagePlace {
  /** The language to use when the outcome knows no request (an invalid link). */
  locale: Locale;
  /** The browser's Accept-Language: it decides a request's page when only its law's default did. */
  acceptLanguage?: string;
  /** The languages the deployment writes in; all the system knows when absent. */
  languages?: readonly Locale[];
  /** Which URL the page answers: the link itself, or its `/identity` form post (relative form actions differ). */
  at: 'link' | 'identity';
  /** Who the page speaks for. */
  controller: PageController;
  /** Where the identity provider's button sends the browser (the provider's `pageOrigins`); none without a provider. */
  providerOrigins?: readonly string[];
  /** The time the page is made at: whether a closed request's status page still opens (the current time when absent). */
  now?: Date;
}

/**
 * A subject page's answer; a page with the provider's button lets its form lead to the provider
 * (CSP `form-action`), every other keeps forms on this origin.
 */
function pageResponse(status: number, page: SubjectPage, place: PagePlace, locale: Locale): APIGatewayProxyResult {
  const response = subjectPageResponse(status, renderSubjectPage(page, locale, place.controller));
  const origins = page.kind === 'identity' && page.provider ? (place.providerOrigins ?? []) : [];
  if (origins.length === 0) return response;
  const headers = { ...response.headers } as Record<string, string>;
  headers['content-security-policy'] = withFormTargets(headers['content-security-policy'] ?? '', origins);
  return { ...response, headers };
}

const STATUS: Record<LinkOutcome['page'], number> = {
  invalid: 404,
  expired: 410,
  confirm: 200,
  confirmed: 200,
  identity: 200,
  verified: 200,
  locked: 403,
  closed: 200,
  // The person did nothing wrong: the provider is down or slow. Never a 5xx: the page says what to do.
  'provider-unavailable': 200,
  'provider-cancelled': 200,
  'provider-invalid': 400,
  'provider-returned': 200,
  redirect: 303,
};

function subjectPage(outcome: Exclude<LinkOutcome, { page: 'redirect' }>, place: PagePlace, token: string): SubjectPage {
  switch (outcome.page) {
    case 'invalid':
    case 'expired':
    case 'provider-unavailable':
    case 'provider-cancelled':
    case 'provider-invalid':
    case 'provider-returned':
      return { kind: outcome.page };
    case 'confirm':
      return {
        kind: 'confirm',
        requestType: outcome.request.type,
        receivedAt: outcome.request.receivedAt,
        token,
        timeZone: outcome.request.deadlines.timeZone,
      };
    case 'confirmed':
    case 'verified':
      return { kind: outcome.page, requestType: outcome.request.type, dueAt: outcome.request.dueAt, ...statusLink(place, token) };
    case 'identity':
      return {
        kind: 'identity',
        requestType: outcome.request.type,
        token,
        attemptsLeft: outcome.attemptsLeft,
        failed: outcome.failed,
        postsToSelf: place.at === 'identity',
        ...(outcome.provider ? { provider: outcome.provider } : {}),
        ...(outcome.knowledgeLocked ? { knowledgeLocked: true } : {}),
      };
    case 'locked':
      return {
        kind: 'locked',
        requestType: outcome.request.type,
        jurisdiction: outcome.request.jurisdiction,
        ...(outcome.byProvider ? { byProvider: true } : {}),
      };
    case 'closed':
      return {
        kind: 'closed',
        requestType: outcome.request.type,
        ending: outcome.request.status as Ending,
        closedAt: outcome.request.fulfilment?.finishedAt ?? outcome.request.updatedAt,
        timeZone: outcome.request.deadlines.timeZone,
        // The status page tells how it went, with the copy if there is one, until it closes too.
        ...(statusLinkAlive(outcome.request, place.now ?? new Date()) ? statusLink(place, token) : {}),
      };
  }
}

/**
 * The request's status page in the privacy center, relative to the page (`/v1/verify/{token}` or its
 * `/identity`), so it holds under an API Gateway stage prefix too. The link's token is its only key.
 */
function statusLink(place: PagePlace, token: string): { statusUrl?: string } {
  if (!token) return {};
  const up = place.at === 'identity' ? '../../../' : '../../';
  return { statusUrl: `${up}privacy/requests/${encodeURIComponent(token)}` };
}

/** The request's language; the browser's instead while the request's came only from its law's default. */
function localeOf(outcome: LinkOutcome, place: PagePlace): Locale {
  if (!('request' in outcome) || !outcome.request) return place.locale;
  const { subject } = outcome.request;
  return browserOverride(subject, place.acceptLanguage, place.languages ?? LOCALES) ?? subject.locale;
}

/** The page for `outcome`, in the subject's language. */
export function outcomePage(outcome: LinkOutcome, place: PagePlace, token = ''): APIGatewayProxyResult {
  // A 303 sends the browser on with a GET; the provider's address carries nothing of the person.
  if (outcome.page === 'redirect') return { statusCode: 303, headers: { location: outcome.location, 'cache-control': 'no-store' }, body: '' };
  const status = outcome.page === 'identity' && outcome.failed ? 422 : STATUS[outcome.page];
  return pageResponse(status, subjectPage(outcome, place, token), place, localeOf(outcome, place));
}

/** What the identity form got: each field's problem, and what was typed in the fields the page may show again. */
export interface FormCorrection {
  problems: Partial<Record<IdentityField, FieldProblem>>;
  values: Partial<Record<Exclude<IdentityField, 'cardLast4'>, string>>;
}

const IDENTITY_FIELDS = Object.keys(IDENTITY_FORM_FIELDS) as IdentityField[];

/**
 * What to tell at each field of an identity form whose `invalidFields` failed the form's schema:
 * `missing` where nothing was typed, `format` where something else was wrong.
 */
export function formCorrection(form: Record<string, unknown>, invalidFields: readonly string[]): FormCorrection {
  const typed = (field: IdentityField): string | undefined => {
    const value = form[IDENTITY_FORM_FIELDS[field]];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const problems: FormCorrection['problems'] = {};
  for (const field of IDENTITY_FIELDS) if (invalidFields.includes(field)) problems[field] = typed(field) === undefined ? 'missing' : 'format';
  const values: FormCorrection['values'] = {};
  for (const field of ['email', 'street', 'postalCode', 'city'] as const) {
    const value = typed(field);
    if (value !== undefined) values[field] = value;
  }
  return { problems, values };
}

/**
 * The identity form again, with a 400 and a message at each field not filled in as asked (no
 * attempt is used); the fields typed are filled in again, the card digits never.
 */
export function incompleteFormPage(outcome: LinkOutcome, place: PagePlace, correction: FormCorrection, token = ''): APIGatewayProxyResult {
  if (outcome.page !== 'identity') return outcomePage(outcome, place, token);
  const page = subjectPage({ ...outcome, failed: false }, place, token);
  const withProblems = page.kind === 'identity' ? { ...page, ...correction, postsToSelf: place.at === 'identity' } : page;
  return pageResponse(400, withProblems, place, localeOf(outcome, place));
}

/** The page for a refusal before any request is known, or for a failure on our side. */
export function errorPage(status: number, locale: Locale, controller: PageController): APIGatewayProxyResult {
  return subjectPageResponse(status, renderSubjectPage({ kind: refusalPageKind(status) }, locale, controller));
}
