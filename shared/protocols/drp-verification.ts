// DRP §3.02.1: the page an agent sends the person to while a request waits for their confirmation.
// It holds no power of its own: it mails a fresh confirmation link to the address the request was
// filed for, so only someone who reads that mailbox confirms, as with the first emailed link.
import { timingSafeEqual } from 'node:crypto';
import type { Locale } from '../domain/request-model.js';
import { browserOverride } from '../text/languages.js';
import { ConflictError } from '../errors.js';
import { logger } from '../logger.js';
import type { RequestRecord } from '../requests/record.js';
import { type VerificationDeps, resendVerificationLink } from '../verification/verify-request.js';
import { filedByOwner, type ProtocolLinkStore } from './link-store.js';

/** What the person sees. `ask` takes their address; `sent` says a link went (or would have) to the address on file. */
export type DrpVerificationOutcome =
  | { page: 'ask'; request: RequestRecord; agentName: string }
  | { page: 'sent'; request: RequestRecord; agentName: string }
  | { page: 'confirmed'; request: RequestRecord; agentName: string; redirectTo?: string }
  | { page: 'ended'; request: RequestRecord }
  | { page: 'invalid' };

export interface DrpVerificationDeps {
  links: ProtocolLinkStore;
  verification: VerificationDeps;
}

export interface DrpVerificationQuery {
  /** The agent's page to return to once the person has confirmed (§3.02.1). */
  redirectTo?: string;
  /** The request the agent means; it must be the one in the path (§3.02.1). */
  requestId?: string;
}

/**
 * Where a confirmed person may be sent back: an https URL (or a loopback one, which only a local
 * agent serves), never a scheme a browser would run. Anything else is dropped, not followed.
 */
export function safeRedirect(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname))) return url.toString();
  } catch {
    return undefined;
  }
  return undefined;
}

/** The DRP request behind `requestId`, or undefined for anything that is not an agent's request (§3.02.1: the same request as the query's). */
async function drpRequest(requestId: string, query: DrpVerificationQuery, deps: DrpVerificationDeps) {
  if (query.requestId !== undefined && query.requestId !== requestId) return undefined;
  const now = deps.verification.now();
  const link = await deps.links.getLink('drp', requestId, now);
  if (!link) return undefined;
  const request = await deps.verification.store.get(link.requestId, now);
  if (!request || !filedByOwner(link, request)) return undefined;
  // The name the privacy team enrolled the agent under, as the person knows the service.
  const agent = await deps.links.getAgent(link.ownerId);
  return { request, agentName: agent?.name ?? link.ownerId };
}

/** The page for a request as it stands: waiting for the person, confirmed, or over. */
function pageOf(request: RequestRecord, agentName: string, redirectTo: string | undefined): DrpVerificationOutcome {
  switch (request.status) {
    case 'received':
    case 'awaiting-verification':
      // With the email confirmed, what remains (the identity questions) happens behind the emailed link.
      return request.verification.state === 'pending' ? { page: 'ask', request, agentName } : { page: 'sent', request, agentName };
    case 'verified':
    case 'in-progress':
    case 'failed':
    case 'completed':
    case 'partially-completed':
      return { page: 'confirmed', request, agentName, ...(redirectTo ? { redirectTo } : {}) };
    default:
      return { page: 'ended', request };
  }
}

/** GET: what the page shows; changes nothing (the agent's own software may open it first). */
export async function openDrpVerification(requestId: string, query: DrpVerificationQuery, deps: DrpVerificationDeps): Promise<DrpVerificationOutcome> {
  const found = await drpRequest(requestId, query, deps);
  if (!found) return { page: 'invalid' };
  return pageOf(found.request, found.agentName, safeRedirect(query.redirectTo));
}

const sameAddress = (typed: string, onFile: string): boolean => {
  const [a, b] = [Buffer.from(typed.trim().toLowerCase()), Buffer.from(onFile.trim().toLowerCase())];
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * POST: the person gives the address the request was filed for; when it is that address, a new
 * confirmation link goes to it (never to what was typed), replacing the one before. The answer is
 * `sent` either way, so the page never tells whether an address belongs to a request.
 */
export async function sendDrpVerification(
  requestId: string,
  email: string,
  query: DrpVerificationQuery,
  deps: DrpVerificationDeps,
): Promise<DrpVerificationOutcome> {
  const found = await drpRequest(requestId, query, deps);
  if (!found) return { page: 'invalid' };
  const shown = pageOf(found.request, found.agentName, safeRedirect(query.redirectTo));
  if (shown.page !== 'ask') return shown;
  if (!sameAddress(email, found.request.subject.email)) {
    logger.info('DRP verification page: address not the one on file; no link sent', { requestId });
    return { page: 'sent', request: found.request, agentName: found.agentName };
  }
  try {
    await resendVerificationLink(found.request.id, deps.verification);
  } catch (error) {
    // The request moved on meanwhile (confirmed, or its link ran out and it expired): show where it stands.
    if (!(error instanceof ConflictError)) throw error;
    const now = await deps.verification.store.get(found.request.id, deps.verification.now());
    return now ? pageOf(now, found.agentName, undefined) : { page: 'invalid' };
  }
  logger.info('DRP verification page: new confirmation link sent', { requestId });
  return { page: 'sent', request: found.request, agentName: found.agentName };
}

/**
 * The language the page speaks: the request's, which its notices speak too, unless that came only
 * from its law's default and the browser asks for another the deployment writes (as on the link's
 * pages); the browser's for a page that knows no request.
 */
export function drpVerificationLocale(
  outcome: DrpVerificationOutcome,
  browser: { locale: Locale; acceptLanguage?: string },
  languages: readonly Locale[],
): Locale {
  if (!('request' in outcome)) return browser.locale;
  const { subject } = outcome.request;
  return browserOverride(subject, browser.acceptLanguage, languages) ?? subject.locale;
}
