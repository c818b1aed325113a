// Verification: the emailed link, the confirmation behind its button, and the knowledge check.
import type { Actor } from '../audit/chain.js';
import { localDate } from '../domain/deadlines.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { logger } from '../logger.js';
import { statusLinkKeptUntil } from '../privacy-center/request-status.js';
import type { Notice } from '../notices/catalogue.js';
import { startErasure } from '../fulfilment/objection-runs.js';
import { viaAgent, type RequestRecord } from '../requests/record.js';
import type { NewAuditEvent, RequestStore } from '../requests/request-store.js';
import { LOCALES, type Locale, type RequestType } from '../domain/request-model.js';
import { directoryStanding, identityProviderUse } from '../domain/identity-check.js';
import type { IdentityVerificationProvider } from './identity-provider.js';
import { browserOverride } from '../text/languages.js';
import type { LinkKind, LinkStore } from '../links/link-store.js';
import type { AccountDirectory } from './account-directory.js';
import { answersMatch, MAX_IDENTITY_ATTEMPTS, type IdentityAnswers } from './knowledge-check.js';
import { hashToken, isWellFormedToken, issueToken } from './tokens.js';
import type { WorkflowStarter } from './workflow-starter.js';

/**
 * Sends one notice; the adapter renders it in `locale`, with times in `timeZone` (the request's:
 * `deadlines.timeZone`), and mails it. `mail.requestId` names the request the notice is about, so
 * that a reply to it finds the request by the Message-ID it went out under; `mail.headers` are
 * extra message headers (threading an answer to a person's mail).
 */
export type Notify = (to: string, notice: Notice, locale: Locale, timeZone?: string, mail?: NoticeMail) => Promise<void>;

/** What a notice's mail carries besides the notice. */
export interface NoticeMail {
  requestId?: string;
  headers?: Record<string, string>;
}

export interface VerificationDeps {
  store: RequestStore;
  links: LinkStore<'verify'>;
  accounts: AccountDirectory;
  workflows: WorkflowStarter;
  notify: Notify;
  /** Base of the links in emails, e.g. `https://privacy.example.com`. */
  publicBaseUrl: string;
  /** How long a link works. */
  linkTtlMs: number;
  now: () => Date;
  /** The languages the deployment writes in; all the system knows when absent. */
  languages?: readonly Locale[];
  /** The independent identity-verification provider, when the deployment has one: without it, none is offered. */
  identity?: IdentityDeps;
}

/** The provider and the configuration of its use. */
export interface IdentityDeps {
  provider: IdentityVerificationProvider;
  /** Request types verified through the provider only (for those that need the knowledge check). */
  requiredForTypes: readonly RequestType[];
  /** The assurance levels accepted; any level when empty. */
  acceptedAssurance: readonly string[];
  /** How long a session may take from its start to the provider's answer. */
  sessionTtlMs: number;
}

/** What the subject's page shows after a call: one case per page. */
export type LinkOutcome =
  | { page: 'invalid' }
  | { page: 'expired' }
  | { page: 'confirm'; request: RequestRecord }
  | { page: 'confirmed'; request: RequestRecord }
  | {
      page: 'identity';
      request: RequestRecord;
      attemptsLeft: number;
      failed: boolean;
      /** The independent provider, when it is offered beside the knowledge check or required instead of it. */
      provider?: 'offered' | 'required';
      /** The knowledge check failed as often as it may: only the provider is left. */
      knowledgeLocked?: boolean;
    }
  | { page: 'verified'; request: RequestRecord }
  | { page: 'locked'; request: RequestRecord; byProvider?: boolean }
  | { page: 'closed'; request: RequestRecord }
  /** The provider could not be reached, answered with an error, or took too long: nothing changed. */
  | { page: 'provider-unavailable'; request?: RequestRecord }
  /** Back from a hosted provider, whose answer comes by webhook. */
  | { page: 'provider-returned' }
  /** The person stopped at the provider: the request stays open. */
  | { page: 'provider-cancelled'; request: RequestRecord }
  /** A provider's answer that belongs to no session in force: forged, replayed, late, or another request's. */
  | { page: 'provider-invalid' }
  /** The person is sent to the provider. */
  | { page: 'redirect'; location: string };

const SUBJECT: Actor = { kind: 'subject' };
const SYSTEM: Actor = { kind: 'system', id: 'verification' };

/** Verification links. Expired ones are kept 30 days, so the subject sees "expired" rather than "unknown". */
export const VERIFY_LINKS: LinkKind<'verify'> = { purpose: 'verify', keepAfterExpirySeconds: 30 * 24 * 3600 };

/** How often a step re-reads and retries when a concurrent writer got there first. */
const CONFLICT_RETRIES = 5;

/** The link a subject clicks. */
export function verifyUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/v1/verify/${token}`;
}

/** Which page a request's state calls for, with no change made. */
export function pageFor(request: RequestRecord): LinkOutcome {
  switch (request.status) {
    case 'awaiting-verification': {
      if (request.verification.state !== 'email-confirmed') return { page: 'confirm', request };
      const failedAttempts = request.verification.failedAttempts ?? 0;
      const identity = request.verification.identity;
      return {
        page: 'identity',
        request,
        attemptsLeft: Math.max(0, MAX_IDENTITY_ATTEMPTS - failedAttempts),
        failed: false,
        ...(identity ? { provider: identity.use } : {}),
        ...(failedAttempts >= MAX_IDENTITY_ATTEMPTS ? { knowledgeLocked: true } : {}),
      };
    }
    case 'verified':
    case 'in-progress':
    // A run that failed waits for an operator: to the subject their request is confirmed and being worked on.
    case 'failed':
      return request.verification.level === 'email+knowledge' || request.verification.identity?.outcome?.result === 'verified'
        ? { page: 'verified', request }
        : { page: 'confirmed', request };
    // A request that has ended says so and how, never "we are carrying it out".
    case 'completed':
    case 'partially-completed':
    case 'cancelled':
      return { page: 'closed', request };
    case 'expired':
      return { page: 'expired' };
    case 'denied':
      if (request.denial?.code !== 'unverified') return { page: 'closed', request };
      return request.verification.identity?.outcome?.result === 'failed' ? { page: 'locked', request, byProvider: true } : { page: 'locked', request };
    default:
      return { page: 'invalid' };
  }
}

/**
 * Sends the subject a new confirmation link for a request awaiting verification (and tells an
 * agent who filed it that it waits for the subject). A new link replaces the one before. A mail
 * that cannot be sent leaves the request waiting with no `linkSentAt`, recorded in its chain.
 */
export async function sendVerificationLink(request: RequestRecord, deps: VerificationDeps): Promise<RequestRecord> {
  const now = deps.now();
  const { token, hash } = issueToken();
  const validUntil = new Date(now.getTime() + deps.linkTtlMs).toISOString();
  // The link also opens the request's status page, which must outlast the link: kept as long as the request may run.
  await deps.links.put({ tokenHash: hash, requestId: request.id, validUntil, keepUntil: statusLinkKeptUntil(request) });
  let sentAt: string | undefined;
  try {
    await deps.notify(
      request.subject.email,
      {
        kind: 'verify-request',
        requestType: request.type,
        jurisdiction: request.jurisdiction,
        receivedAt: request.receivedAt,
        dueAt: request.dueAt,
        verifyUrl: verifyUrl(deps.publicBaseUrl, token),
        expiresAt: validUntil,
        knowledgeCheck: request.verification.level === 'email+knowledge',
        ...(request.immediateStop ? { stopsAtFiling: true } : {}),
        ...viaAgent(request),
      },
      request.subject.locale,
      request.deadlines.timeZone,
      { requestId: request.id },
    );
    sentAt = deps.now().toISOString();
  } catch (error) {
    logger.error('Verification mail not sent', { requestId: request.id, error: (error as Error).name });
  }
  if (sentAt && request.agent) {
    await deps
      .notify(
        request.agent.email,
        { kind: 'agent-pending', requestType: request.type, requestId: request.id },
        request.subject.locale,
        request.deadlines.timeZone,
        { requestId: request.id },
      )
      .catch((error: unknown) => logger.error('Agent notice not sent', { requestId: request.id, error: (error as Error).name }));
  }
  const event: NewAuditEvent = sentAt
    ? { type: 'verification.link-sent', at: sentAt, actor: SYSTEM, data: { validUntil, toAgent: false } }
    : { type: 'verification.mail-failed', at: now.toISOString(), actor: SYSTEM, data: { validUntil } };
  const verification = {
    ...request.verification,
    tokenHash: hash,
    linkValidUntil: validUntil,
    ...(sentAt ? { linkSentAt: sentAt } : {}),
  };
  if (!sentAt) delete verification.linkSentAt;
  // The confirmation mail says the request was received, how it will be handled and by when: it is
  // the acknowledgement the law asks for (11 CCR 7021(a)), recorded the first time one goes out.
  const { acknowledgeBy, acknowledgedAt, timeZone } = request.deadlines;
  if (!sentAt || !acknowledgeBy || acknowledgedAt) return deps.store.record(request, [event], { verification }, now);
  const acknowledged: NewAuditEvent = {
    type: 'request.acknowledged',
    at: sentAt,
    actor: SYSTEM,
    data: { acknowledgeBy, onTime: localDate(new Date(sentAt), timeZone) <= acknowledgeBy },
  };
  return deps.store.record(request, [event, acknowledged], { verification, deadlines: { ...request.deadlines, acknowledgedAt: sentAt } }, now);
}

/**
 * Sends a request still waiting for its email confirmation a new link (after a mail that could
 * not be sent, or one the subject lost); the link before stops working.
 */
export async function resendVerificationLink(requestId: string, deps: VerificationDeps): Promise<RequestRecord> {
  const request = await deps.store.get(requestId, deps.now());
  if (!request) throw new NotFoundError(`No request ${requestId}.`);
  if (request.status !== 'awaiting-verification' || request.verification.state !== 'pending') {
    throw new ConflictError(`Request ${requestId} is not waiting for an email confirmation (status ${request.status}).`);
  }
  if (linkRanOut(request, deps.now())) {
    await expire(request, deps);
    throw new ConflictError(`The link of request ${requestId} had run out; the request has expired and may be filed again.`);
  }
  return sendVerificationLink(request, deps);
}

/** The request a token opens, if the token is the one in force; undefined for anything else. */
export async function requestForToken(token: string | undefined, deps: VerificationDeps) {
  if (!isWellFormedToken(token)) return undefined;
  const tokenHash = hashToken(token);
  const link = await deps.links.get(tokenHash);
  if (!link) return undefined;
  const request = await deps.store.get(link.requestId, deps.now());
  if (!request || request.verification.tokenHash !== tokenHash) return undefined;
  return { link, request };
}

/** Runs `step` on a fresh read of the request until it writes without a conflict. */
export async function withFreshRequest(
  requestId: string,
  deps: VerificationDeps,
  step: (request: RequestRecord) => Promise<LinkOutcome>,
): Promise<LinkOutcome> {
  for (let attempt = 0; ; attempt++) {
    const request = await deps.store.get(requestId, deps.now());
    if (!request) return { page: 'invalid' };
    try {
      return await step(request);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= CONFLICT_RETRIES) throw error;
    }
  }
}

/**
 * Marks a request whose link ran out unconfirmed as expired (a conditional write with its audit
 * event), and tells the subject. Used by the link's pages and by the deadline sweep.
 */
export async function expire(request: RequestRecord, deps: Pick<VerificationDeps, 'store' | 'notify' | 'now'>): Promise<LinkOutcome> {
  const now = deps.now();
  const expired = await deps.store.transition(
    request,
    'expired',
    [
      {
        type: 'request.expired',
        at: now.toISOString(),
        actor: SYSTEM,
        data: { reason: 'verification-window-passed', validUntil: request.verification.linkValidUntil ?? null },
      },
    ],
    {},
    now,
  );
  await deps
    .notify(
      expired.subject.email,
      {
        kind: 'expired',
        requestType: expired.type,
        ...(expired.immediateStop?.state === 'done' ? { stoppedAtFiling: true } : {}),
        ...viaAgent(expired),
      },
      expired.subject.locale,
      expired.deadlines.timeZone,
      {
        requestId: expired.id,
      },
    )
    .catch((error: unknown) => logger.error('Expiry notice not sent', { requestId: expired.id, error: (error as Error).name }));
  return { page: 'expired' };
}

/** Whether a request still waits for verification after its link stopped working. */
export function linkRanOut(request: Pick<RequestRecord, 'status' | 'verification'>, now: Date): boolean {
  return (
    request.status === 'awaiting-verification' &&
    request.verification.linkValidUntil !== undefined &&
    Date.parse(request.verification.linkValidUntil) <= now.getTime()
  );
}

/** The audit event that says fulfilment was asked for: written with the status change that calls for it. */
export function fulfilmentRequested(at: string): NewAuditEvent {
  return { type: 'fulfilment.requested', at, actor: SYSTEM, data: { workflow: 'fulfilment' } };
}

/**
 * Moves a request to `verified` and asks for its fulfilment: only the writer that wins starts it.
 * The status change (with the event saying fulfilment was asked for) is durable before the start;
 * a start that fails leaves a verified request an operator can see and resume.
 */
export async function markVerified(request: RequestRecord, events: NewAuditEvent[], changes: Partial<RequestRecord>, deps: VerificationDeps) {
  const now = deps.now();
  const at = now.toISOString();
  const verified = await deps.store.transition(
    request,
    'verified',
    [...events, { type: 'request.verified', at, actor: SUBJECT, data: { level: request.verification.level } }, fulfilmentRequested(at)],
    { verification: { ...request.verification, state: 'verified' }, ...(changes.subject ? { subject: changes.subject } : {}) },
    now,
  );
  // A staged objection's erasure runs once its stop is done: now, or when the stop's end finds the request confirmed.
  if (!verified.immediateStop) await deps.workflows.start(verified.id);
  else if (verified.immediateStop.state === 'done') await startErasure(verified, SUBJECT, deps);
  await deps
    .notify(
      verified.subject.email,
      { kind: 'verified', requestType: verified.type, dueAt: verified.dueAt, ...viaAgent(verified) },
      verified.subject.locale,
      verified.deadlines.timeZone,
      { requestId: verified.id },
    )
    .catch((error: unknown) => logger.error('Verified notice not sent', { requestId: verified.id, error: (error as Error).name }));
  return verified;
}

/** GET of the link: shows where the request stands. Changes nothing, except marking a run-out link expired. */
export async function viewLink(token: string | undefined, deps: VerificationDeps): Promise<LinkOutcome> {
  const found = await requestForToken(token, deps);
  if (!found) return { page: 'invalid' };
  return withFreshRequest(found.request.id, deps, async (request) => (linkRanOut(request, deps.now()) ? expire(request, deps) : pageFor(request)));
}

/**
 * The confirm button: the subject owns the mailbox. Requests that need no more become verified
 * and their fulfilment is asked for; the others go on to the knowledge check. A second press, or
 * a concurrent one, changes nothing and shows the same page.
 */
export async function confirmLink(token: string | undefined, deps: VerificationDeps, acceptLanguage?: string): Promise<LinkOutcome> {
  const found = await requestForToken(token, deps);
  if (!found) return { page: 'invalid' };
  // Looked up once, before any write: whether the person can pass the knowledge check decides whether the provider is offered.
  const offer = await providerOffer(found.request, deps, false);
  return withFreshRequest(found.request.id, deps, async (request) => {
    if (linkRanOut(request, deps.now())) return expire(request, deps);
    if (request.status !== 'awaiting-verification' || request.verification.state !== 'pending') return pageFor(request);
    const at = deps.now().toISOString();
    const language = browserLanguage(request, acceptLanguage, deps);
    const confirmed: NewAuditEvent = {
      type: 'verification.email-confirmed',
      at,
      actor: SUBJECT,
      data: language.subject ? { locale: language.subject.locale } : {},
    };
    const identity = offer ?? request.verification.identity;
    if (request.verification.level === 'email+knowledge' || identity?.use === 'required') {
      const offered: NewAuditEvent[] =
        offer && !request.verification.identity
          ? [{ type: 'verification.provider-offered', at, actor: SYSTEM, data: { use: offer.use, requiredBy: offer.requiredBy ?? null } }]
          : [];
      const verification = { ...request.verification, state: 'email-confirmed' as const, ...(identity ? { identity } : {}) };
      const next = await deps.store.record(request, [confirmed, ...offered], { verification, ...language });
      return pageFor(next);
    }
    return pageFor(await markVerified(request, [confirmed], language, deps));
  });
}

/**
 * The subject's language as the person's own browser names it, when the request's came only from
 * its law's default: the person pressed a button, so the browser is theirs (a GET may be a scanner's).
 */
function browserLanguage(
  request: RequestRecord,
  acceptLanguage: string | undefined,
  deps: Pick<VerificationDeps, 'languages'>,
): Partial<Pick<RequestRecord, 'subject'>> {
  const locale = browserOverride(request.subject, acceptLanguage, deps.languages ?? LOCALES);
  return locale ? { subject: { ...request.subject, locale, localeSource: 'browser' } } : {};
}

/** Whether the account the answers found is the subject's own: the same email, or the account the request names. */
function belongsToSubject(request: RequestRecord, account: { accountId: string; email: string } | undefined): boolean {
  if (!account) return false;
  if (request.subject.accountId) return request.subject.accountId === account.accountId;
  return account.email.trim().toLowerCase() === request.subject.email.trim().toLowerCase();
}

/**
 * The knowledge check. The answers are compared and forgotten: only the outcome is recorded. After
 * MAX_IDENTITY_ATTEMPTS failures the request is refused as unverified and the subject is told.
 */
export async function checkIdentity(
  token: string | undefined,
  answers: IdentityAnswers,
  deps: VerificationDeps,
  acceptLanguage?: string,
): Promise<LinkOutcome> {
  const found = await requestForToken(token, deps);
  if (!found) return { page: 'invalid' };
  // The knowledge check is not taken where the provider is required, nor after it locked.
  if (found.request.verification.identity?.use === 'required' || (found.request.verification.failedAttempts ?? 0) >= MAX_IDENTITY_ATTEMPTS) {
    return withFreshRequest(found.request.id, deps, async (request) => (linkRanOut(request, deps.now()) ? expire(request, deps) : pageFor(request)));
  }
  // Looked up once, before any write, so that retries after a conflict do not query again.
  const account = await deps.accounts.findByEmail(answers.email);
  const lockedOffer = deps.identity ? await providerOffer(found.request, deps, true) : undefined;
  const matches = answersMatch(account, answers) && belongsToSubject(found.request, account);
  return withFreshRequest(found.request.id, deps, async (request) => {
    if (linkRanOut(request, deps.now())) return expire(request, deps);
    if (
      request.status !== 'awaiting-verification' ||
      request.verification.state !== 'email-confirmed' ||
      request.verification.identity?.use === 'required' ||
      (request.verification.failedAttempts ?? 0) >= MAX_IDENTITY_ATTEMPTS
    ) {
      return pageFor(request);
    }
    const at = deps.now().toISOString();
    if (matches) {
      const language = browserLanguage(request, acceptLanguage, deps);
      const subject = { ...(language.subject ?? request.subject), accountId: account!.accountId };
      const passed: NewAuditEvent = { type: 'verification.identity-confirmed', at, actor: SUBJECT, data: { method: 'knowledge-check' } };
      return pageFor(await markVerified(request, [passed], { subject }, deps));
    }
    const failedAttempts = (request.verification.failedAttempts ?? 0) + 1;
    const failed: NewAuditEvent = { type: 'verification.identity-failed', at, actor: SUBJECT, data: { attempt: failedAttempts } };
    if (failedAttempts < MAX_IDENTITY_ATTEMPTS) {
      const next = await deps.store.record(request, [failed], { verification: { ...request.verification, failedAttempts } });
      return { page: 'identity', request: next, attemptsLeft: MAX_IDENTITY_ATTEMPTS - failedAttempts, failed: true };
    }
    // With a provider, the lock offers it instead of a refusal: the person may still prove who they are.
    if (lockedOffer) {
      const offered: NewAuditEvent = {
        type: 'verification.provider-offered',
        at,
        actor: SYSTEM,
        data: { use: lockedOffer.use, requiredBy: null, reason: 'knowledge-check-locked' },
      };
      const next = await deps.store.record(request, [failed, offered], {
        verification: { ...request.verification, failedAttempts, identity: { ...request.verification.identity, ...lockedOffer } },
      });
      return pageFor(next);
    }
    const reason = `Identity could not be verified after ${MAX_IDENTITY_ATTEMPTS} attempts.`;
    const locked = await deps.store.transition(request, 'denied', [failed, { type: 'request.denied', at, actor: SYSTEM, data: { code: 'unverified' } }], {
      verification: { ...request.verification, state: 'failed', failedAttempts },
      denial: { code: 'unverified', reason },
    });
    await deps
      .notify(
        locked.subject.email,
        { kind: 'locked', requestType: locked.type, jurisdiction: locked.jurisdiction, ...viaAgent(locked) },
        locked.subject.locale,
        locked.deadlines.timeZone,
        { requestId: locked.id },
      )
      .catch((error: unknown) => logger.error('Lock notice not sent', { requestId: locked.id, error: (error as Error).name }));
    return pageFor(locked);
  });
}

/**
 * The provider's part in verifying `request` as the rule decides it (shared/domain/identity-check.ts),
 * or undefined when it plays none. Reads the account directory only when a provider is configured.
 */
async function providerOffer(
  request: RequestRecord,
  deps: Pick<VerificationDeps, 'identity' | 'accounts'>,
  knowledgeCheckLocked: boolean,
): Promise<Pick<NonNullable<RequestRecord['verification']['identity']>, 'use' | 'requiredBy'> | undefined> {
  if (!deps.identity) return undefined;
  const operatorRequired = request.verification.identity?.requiredBy === 'operator';
  const needsDirectory = request.verification.level === 'email+knowledge' && !operatorRequired;
  const account = needsDirectory ? await deps.accounts.findByEmail(request.subject.email) : undefined;
  const decision = identityProviderUse({
    providerConfigured: true,
    type: request.type,
    level: request.verification.level,
    requiredForTypes: deps.identity.requiredForTypes,
    operatorRequired,
    directory: needsDirectory ? directoryStanding(account) : 'card-on-file',
    knowledgeCheckLocked,
  });
  if (decision.use === 'not-used') return undefined;
  return decision.requiredBy ? { use: decision.use, requiredBy: decision.requiredBy } : { use: decision.use };
}
