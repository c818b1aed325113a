// From a verification outcome to the page the subject sees, with its HTTP status.
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Locale } from '../domain/request-model.js';
import { renderSubjectPage, type SubjectPage } from '../pages/subject-pages.js';
import { subjectPageResponse } from '../pages/layout.js';
import type { LinkOutcome } from './verify-request.js';

export interface PagePlace {
  /** The language to use when the outcome knows no request (an invalid link). */
  locale: Locale;
  /** Which URL the page answers: the link itself, or its `/identity` form post (relative form actions differ). */
  at: 'link' | 'identity';
}

const STATUS: Record<LinkOutcome['page'], number> = {
  invalid: 404,
  expired: 410,
  confirm: 200,
  confirmed: 200,
  identity: 200,
  verified: 200,
  locked: 403,
};

function subjectPage(outcome: LinkOutcome, place: PagePlace, token: string): SubjectPage {
  switch (outcome.page) {
    case 'invalid':
    case 'expired':
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
      return { kind: outcome.page, requestType: outcome.request.type, dueAt: outcome.request.dueAt };
    case 'identity':
      return {
        kind: 'identity',
        requestType: outcome.request.type,
        token,
        attemptsLeft: outcome.attemptsLeft,
        failed: outcome.failed,
        postsToSelf: place.at === 'identity',
      };
    case 'locked':
      return { kind: 'locked', requestType: outcome.request.type };
  }
}

function localeOf(outcome: LinkOutcome, fallback: Locale): Locale {
  return 'request' in outcome ? outcome.request.subject.locale : fallback;
}

/** The page for `outcome`, in the subject's language. */
export function outcomePage(outcome: LinkOutcome, place: PagePlace, token = ''): APIGatewayProxyResult {
  const status = outcome.page === 'identity' && outcome.failed ? 422 : STATUS[outcome.page];
  return subjectPageResponse(status, renderSubjectPage(subjectPage(outcome, place, token), localeOf(outcome, place.locale)));
}

/** The identity form again, with a 400, when the answers were not filled in as asked (no attempt is used). */
export function incompleteFormPage(outcome: LinkOutcome, place: PagePlace, token = ''): APIGatewayProxyResult {
  if (outcome.page !== 'identity') return outcomePage(outcome, place, token);
  const page = renderSubjectPage(subjectPage({ ...outcome, failed: false }, place, token), outcome.request.subject.locale);
  return subjectPageResponse(400, page);
}

/** The page for a refusal before any request is known, or for a failure on our side. */
export function errorPage(status: number, locale: Locale): APIGatewayProxyResult {
  const kind: SubjectPage['kind'] = status === 429 ? 'rate-limited' : status >= 500 ? 'unavailable' : 'invalid';
  return subjectPageResponse(status, renderSubjectPage({ kind } as SubjectPage, locale));
}
