// The independent identity-verification provider in a request's verification: a session started
// from the identity page, the provider's answer (a redirect back, or a signed webhook), and an
// operator's demand that a request be verified that way. Only the outcome is kept.
import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../audit/chain.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { logger } from '../logger.js';
import { viaAgent, type IdentityVerification, type RequestRecord } from '../requests/record.js';
import type { NewAuditEvent } from '../requests/request-store.js';
import { assuranceAccepted, matchClaims } from './identity-match.js';
import { CallbackRejectedError, ProviderUnavailableError, type IdentitySession, type ProviderAnswer, type ProviderEvent } from './identity-provider.js';
import { stateDigest, requestIdOfState } from './oidc-identity-provider.js';
import { expire, linkRanOut, markVerified, pageFor, requestForToken, withFreshRequest, type LinkOutcome, type VerificationDeps } from './verify-request.js';

const SUBJECT: Actor = { kind: 'subject' };
const PROVIDER: Actor = { kind: 'system', id: 'identity-provider' };

/** Event ids kept per request for the webhook's idempotency: a provider retries the same few. */
const KEPT_EVENT_IDS = 20;

/** Whether the request waits for the person to verify through the provider. */
function awaitsProvider(request: RequestRecord): boolean {
  return request.status === 'awaiting-verification' && request.verification.state === 'email-confirmed' && request.verification.identity !== undefined;
}

/**
 * The provider's button: starts a session and sends the person to the provider. A provider that
 * cannot be reached leaves the request as it was and says so. A new session replaces the one before.
 */
export async function startIdentitySession(token: string | undefined, deps: VerificationDeps): Promise<LinkOutcome> {
  const found = await requestForToken(token, deps);
  if (!found) return { page: 'invalid' };
  const identity = deps.identity;
  return withFreshRequest(found.request.id, deps, async (request) => {
    if (linkRanOut(request, deps.now())) return expire(request, deps);
    if (!identity || !awaitsProvider(request)) return pageFor(request);
    let started: Awaited<ReturnType<typeof identity.provider.startSession>>;
    try {
      started = await identity.provider.startSession(request.id);
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError)) throw error;
      logger.warn('Identity provider unavailable', { requestId: request.id, provider: identity.provider.kind, error: error.message });
      await deps.store.record(request, [
        { type: 'verification.provider-unavailable', at: deps.now().toISOString(), actor: PROVIDER, data: { provider: identity.provider.kind, step: 'start' } },
      ]);
      return { page: 'provider-unavailable', request };
    }
    const now = deps.now();
    const session: IdentitySession = {
      ...started.session,
      startedAt: now.toISOString(),
      validUntil: new Date(now.getTime() + identity.sessionTtlMs).toISOString(),
    };
    await deps.store.record(
      request,
      [{ type: 'verification.provider-started', at: session.startedAt, actor: SUBJECT, data: { provider: session.provider, validUntil: session.validUntil } }],
      { verification: { ...request.verification, identity: { ...request.verification.identity!, session } } },
    );
    return { page: 'redirect', location: started.redirectUrl };
  });
}

/** Constant-time equality of two hex digests. */
function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Why a provider's answer was not taken, as the audit chain records it. */
type Rejection = 'no-session' | 'other-session' | 'late' | 'invalid-answer';

async function recordRejection(request: RequestRecord, reason: Rejection, deps: VerificationDeps, clearSession: boolean): Promise<void> {
  const identity = request.verification.identity;
  const event: NewAuditEvent = { type: 'verification.provider-rejected', at: deps.now().toISOString(), actor: PROVIDER, data: { reason } };
  const changes = clearSession && identity?.session ? { verification: { ...request.verification, identity: withoutSession(identity) } } : {};
  await deps.store.record(request, [event], changes).catch((error: unknown) => {
    // A concurrent write got there first: the rejection stands, its record is best effort.
    if (!(error instanceof ConflictError)) throw error;
  });
}

function withoutSession(identity: IdentityVerification): IdentityVerification {
  const { session: _dropped, ...rest } = identity;
  return rest;
}

/** Where a provider sends the person back: the OIDC redirect URI, and a hosted session's return URL. */
export const CALLBACK_PATH = '/v1/identity/callback';

/** Where a hosted provider posts its signed events. */
export const WEBHOOK_PATH = '/v1/identity/webhook';

/**
 * The person back from the provider. OIDC (`?code&state`, or `?error&state`): The state names the
 * request and must be the one its session sent; the code is redeemed with the session's PKCE
 * verifier and nonce. Forged, replayed, late answers and another request's end on a page that says
 * so; a provider that is down leaves the request open.
 */
export async function returnFromProvider(query: Record<string, string | undefined>, deps: VerificationDeps): Promise<LinkOutcome> {
  const identity = deps.identity;
  // A hosted provider sends the person back with nothing to act on: its webhook carries the answer.
  if (identity && !identity.provider.answerFromRedirect) return { page: 'provider-returned' };
  const callbackUrl = new URL(`${deps.publicBaseUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) callbackUrl.searchParams.set(name, value);
  const requestId = requestIdOfState(callbackUrl.searchParams.get('state'));
  if (!identity?.provider.answerFromRedirect || !requestId) return { page: 'provider-invalid' };
  const request = await deps.store.get(requestId, deps.now());
  if (!request) return { page: 'provider-invalid' };
  const session = request.verification.identity?.session;
  if (!awaitsProvider(request) || session?.provider !== 'oidc') {
    if (awaitsProvider(request)) await recordRejection(request, 'no-session', deps, false);
    // An answer arriving after the request moved on (a second press of "back") shows where it stands.
    return request.status === 'awaiting-verification' ? { page: 'provider-invalid' } : pageFor(request);
  }
  if (!sameDigest(session.ref, stateDigest(callbackUrl.searchParams.get('state') ?? ''))) {
    await recordRejection(request, 'other-session', deps, false);
    return { page: 'provider-invalid' };
  }
  if (Date.parse(session.validUntil) <= deps.now().getTime()) {
    await recordRejection(request, 'late', deps, true);
    return { page: 'provider-invalid' };
  }
  let answer: ProviderAnswer;
  try {
    answer = await identity.provider.answerFromRedirect(callbackUrl, session);
  } catch (error) {
    if (error instanceof ProviderUnavailableError) {
      logger.warn('Identity provider unavailable', { requestId: request.id, provider: 'oidc', error: error.message });
      // A code is used once: the session is over, the person starts again from the link.
      await recordRejection(request, 'invalid-answer', deps, true);
      return { page: 'provider-unavailable', request };
    }
    if (!(error instanceof CallbackRejectedError)) throw error;
    logger.warn('Identity provider answer rejected', { requestId: request.id, code: error.code ?? 'invalid-answer' });
    await recordRejection(request, 'invalid-answer', deps, true);
    return { page: 'provider-invalid' };
  }
  return applyAnswer(request.id, session.ref, answer, deps);
}

/**
 * A hosted provider's signed webhook. Its signature and time are checked by the adapter (a
 * forged or replayed call is refused as unauthorized); each event id is acted on once; an event for
 * a session that is not the request's in force changes nothing.
 */
export async function receiveProviderEvent(
  rawBody: string,
  headers: Record<string, string | undefined>,
  deps: VerificationDeps,
): Promise<{ outcome: 'applied' | 'duplicate' | 'ignored'; page?: LinkOutcome['page'] }> {
  const identity = deps.identity;
  if (!identity?.provider.eventFromWebhook) throw new NotFoundError('No identity provider takes webhooks here.');
  const event: ProviderEvent = await identity.provider.eventFromWebhook(rawBody, headers);
  const request = await deps.store.get(event.requestId, deps.now());
  if (!request) return { outcome: 'ignored' };
  if (request.verification.identity?.eventIds?.includes(event.eventId)) return { outcome: 'duplicate' };
  const session = request.verification.identity?.session;
  if (!awaitsProvider(request) || session?.provider !== 'hosted' || session.ref !== event.sessionRef) {
    if (awaitsProvider(request)) await recordRejection(request, session ? 'other-session' : 'no-session', deps, false);
    return { outcome: 'ignored' };
  }
  const outcome = await applyAnswer(request.id, session.ref, event.answer, deps, event.eventId);
  return { outcome: 'applied', page: outcome.page };
}

/**
 * The provider's answer on the request. Verified claims are matched against the account directory
 * and forgotten: the request keeps whether they matched, which facts and the assurance level.
 * A failure refuses the request as unverified and tells the person; a cancel leaves it open.
 */
async function applyAnswer(requestId: string, sessionRef: string, answer: ProviderAnswer, deps: VerificationDeps, eventId?: string): Promise<LinkOutcome> {
  const provider = deps.identity!.provider.kind;
  let result: 'verified' | 'failed' | 'cancelled' = answer.status;
  let matched: ReturnType<typeof matchClaims>['matched'] = [];
  let assurance: string | undefined;
  let reason: string | null = null;
  if (answer.status === 'verified') {
    const first = await deps.store.get(requestId, deps.now());
    const account = first ? await deps.accounts.findByEmail(first.subject.email) : undefined;
    const match = matchClaims(answer.claims, {
      requestEmail: first?.subject.email ?? '',
      ...(account ? { account: { email: account.email, ...(account.name ? { name: account.name } : {}), billingAddress: account.billingAddress } } : {}),
    });
    matched = match.matched;
    assurance = answer.claims.assurance;
    const assuranceOk = assuranceAccepted(assurance, deps.identity!.acceptedAssurance);
    if (!match.verified || !assuranceOk) {
      result = 'failed';
      reason = !assuranceOk ? 'assurance' : 'no-match';
    }
  } else if (answer.status === 'failed') {
    reason = 'provider-refused';
  }
  return withFreshRequest(requestId, deps, async (request) => {
    const identity = request.verification.identity;
    if (!awaitsProvider(request) || identity?.session?.ref !== sessionRef) return pageFor(request);
    if (eventId && identity.eventIds?.includes(eventId)) return pageFor(request);
    const at = deps.now().toISOString();
    const outcome = { result, provider, at, matched, ...(assurance ? { assurance } : {}) };
    const eventIds = eventId ? [...(identity.eventIds ?? []), eventId].slice(-KEPT_EVENT_IDS) : identity.eventIds;
    const next: IdentityVerification = { ...withoutSession(identity), outcome, ...(eventIds ? { eventIds } : {}) };
    const data = { provider, result, matched: matched.join(',') || null, assurance: assurance ?? null, reason };
    if (result === 'cancelled') {
      const cancelled = await deps.store.record(request, [{ type: 'verification.provider-cancelled', at, actor: SUBJECT, data: { provider } }], {
        verification: { ...request.verification, identity: next },
      });
      return { page: 'provider-cancelled', request: cancelled };
    }
    if (result === 'verified') {
      const passed: NewAuditEvent = { type: 'verification.identity-confirmed', at, actor: PROVIDER, data: { method: 'provider', ...data } };
      // markVerified records the state change; the outcome rides on the request it writes.
      const withOutcome = { ...request, verification: { ...request.verification, identity: next } };
      return pageFor(await markVerified(withOutcome, [passed], {}, deps));
    }
    const denied = await deps.store.transition(
      request,
      'denied',
      [
        { type: 'verification.identity-failed', at, actor: PROVIDER, data: { method: 'provider', ...data } },
        { type: 'request.denied', at, actor: SYSTEM_ACTOR, data: { code: 'unverified' } },
      ],
      {
        verification: { ...request.verification, state: 'failed', identity: next },
        denial: { code: 'unverified', reason: 'The independent identity provider could not verify the subject.' },
      },
    );
    await deps
      .notify(
        denied.subject.email,
        { kind: 'locked', requestType: denied.type, jurisdiction: denied.jurisdiction, by: 'provider', ...viaAgent(denied) },
        denied.subject.locale,
        denied.deadlines.timeZone,
        { requestId: denied.id },
      )
      .catch((error: unknown) => logger.error('Refusal notice not sent', { requestId: denied.id, error: (error as Error).name }));
    return pageFor(denied);
  });
}

const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'verification' };
