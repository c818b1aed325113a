// From an unsubscribe outcome to what the person or their mail client gets back.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Locale } from '../domain/request-model.js';
import { SUBJECT_PAGE_HEADERS, subjectPageResponse, type PageController } from '../pages/layout.js';
import { renderSubjectPage } from '../pages/subject-pages.js';
import { errorPage } from '../verification/outcome-page.js';
import type { UnsubscribeOutcome } from './unsubscribe.js';

/** The page for `outcome`: the subject's language when the link is known, `fallback` otherwise. */
export function unsubscribePage(outcome: UnsubscribeOutcome, fallback: Locale, controller: PageController): APIGatewayProxyResult {
  if (outcome.page === 'invalid') return errorPage(404, fallback, controller);
  return subjectPageResponse(
    200,
    renderSubjectPage(
      { kind: outcome.page, maskedEmail: outcome.maskedEmail, ...(outcome.preferencesPath ? { preferencesUrl: outcome.preferencesPath } : {}) },
      outcome.locale,
      controller,
    ),
  );
}

/** The answer to a mail client's one-click POST: nobody reads it, so a line of plain text. */
export function oneClickAnswer(): APIGatewayProxyResult {
  return {
    statusCode: 200,
    headers: { ...SUBJECT_PAGE_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
    body: 'Unsubscribed.\n',
  };
}

const MULTIPART_ONE_CLICK = /content-disposition:\s*form-data;\s*name="?List-Unsubscribe"?\s*\r?\n\r?\n\s*One-Click\s*(\r?\n|$)/i;

/**
 * Whether a POST is a mail client's one-click unsubscribe (RFC 8058) rather than the page's button.
 * Clients send `List-Unsubscribe=One-Click` urlencoded (as `form`) or, as in the RFC's example, as
 * multipart/form-data, which the form parser leaves as the raw body.
 */
export function isOneClick(form: Record<string, string | string[] | undefined>, event: APIGatewayProxyEvent): boolean {
  if (form['List-Unsubscribe'] === 'One-Click') return true;
  const contentType = event.headers?.['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType) || typeof event.body !== 'string') return false;
  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return MULTIPART_ONE_CLICK.test(body);
}
