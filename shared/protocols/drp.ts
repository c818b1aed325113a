// The Data Rights Protocol: an authorized agent's signed request is a core request; a link record
// keeps which agent filed it, the agent's own id for it, and its status callback.
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { isFinal } from '../domain/lifecycle.js';
import { isFiledUnder, type AccessDepth, type Jurisdiction, type RequestStatus, type RequestType } from '../domain/request-model.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { fieldErrors } from '../http/middlewares.js';
import type { ProblemMembers } from '../http/problem.js';
import { logger } from '../logger.js';
import { fileRequest } from '../requests/file-request.js';
import { cancelRequest } from '../requests/operator-actions.js';
import type { ProtocolCancelDeps, ProtocolFileDeps, ProtocolReadDeps } from './protocol-deps.js';
import type { RequestRecord } from '../requests/record.js';
import { RETENTION_AFTER_CLOSE_SECONDS } from '../requests/request-store.js';
import type { DenialCode } from '../text/vocabulary.js';
import { AWAITING_CALLBACK, filedByOwner, protocolFiler, sha256Hex, type ProtocolLink, type ProtocolLinkStore, type RegisteredAgent } from './link-store.js';
import { endOfLocalDay } from './protocol-time.js';
import { openSignedMessage } from './signing.js';

export const DRP_VERSION = '1.0';
/** Versions whose messages this implementation reads: 1.0 and the 0.9 drafts it grew from share these fields. */
export const DRP_ACCEPTED_VERSIONS = ['1.0', '0.9.4', '0.9.3'] as const;

/**
 * The rights of §3.01 this business carries out: every one the spec names, in the spelling of DRP
 * 1.0 since its August 2025 change (`sale:opt-out`). `sale:opt-in` ("reconsent or opt-in to data
 * sale") is the CCPA's two-step opt-in (11 CCR 7028(a)): the agent's request is the first step, the
 * person's own confirmation through the emailed link the second.
 */
export const DRP_EXERCISES = ['sale:opt-out', 'sale:opt-in', 'deletion', 'access', 'access:categories', 'access:specific'] as const;
export type DrpExercise = (typeof DRP_EXERCISES)[number];

/** Every right §3.01 names. */
export const DRP_KNOWN_EXERCISES = DRP_EXERCISES;

/** Spellings of earlier drafts that name a right of today: agents built before the change still send them. */
export const DRP_EXERCISE_ALIASES: Record<string, DrpExercise> = { 'sale:opt_out': 'sale:opt-out' };

/** The regimes a request may name: `ccpa` (§3.01), `gdpr` (not excluded, §3.01), or `voluntary`; none is taken as voluntary processing under the CCPA's rules. */
export const DRP_REGIMES = ['ccpa', 'gdpr', 'voluntary'] as const;

/** The DRP version the `/.well-known/data-rights.json` document belongs to: the protocol dropped it in 0.9. */
export const DRP_DISCOVERY_VERSION = '0.8';

export const DRP_STATES = ['open', 'in_progress', 'fulfilled', 'revoked', 'denied', 'expired'] as const;
export type DrpState = (typeof DRP_STATES)[number];

/** What an in-progress request waits for, and why a request was denied (§3.02). */
export const NEED_USER_VERIFICATION = 'need_user_verification';
export const DRP_DENIAL_REASONS = [
  'suspected_fraud',
  'insuf_verification',
  'no_match',
  'claim_not_covered',
  'outside_jurisdiction',
  'too_many_requests',
  'other',
] as const;
export type DrpDenialReason = (typeof DRP_DENIAL_REASONS)[number];

/** A signed message may be at most this old or this far ahead of our clock. */
export const DRP_CLOCK_SKEW_MS = 5 * 60 * 1000;

const EXERCISE_MAP: Record<DrpExercise, { type: RequestType; access?: AccessDepth }> = {
  'sale:opt-out': { type: 'sale-opt-out' },
  'sale:opt-in': { type: 'sale-opt-in' },
  deletion: { type: 'deletion' },
  access: { type: 'access', access: 'copy' },
  'access:specific': { type: 'access', access: 'copy' },
  'access:categories': { type: 'access', access: 'categories' },
};

/** The core request type (and access depth) a DRP exercise is. */
export function coreExercise(exercise: DrpExercise): { type: RequestType; access?: AccessDepth } {
  return EXERCISE_MAP[exercise];
}

/**
 * How a core status reads in DRP. The agent's own request is registered at once, so `open` passes
 * straight to `in_progress`; until the person confirms by email it carries the reason
 * `need_user_verification`. A failed request waits for an operator: to the agent it is still in progress.
 */
export function drpState(status: RequestStatus): DrpState {
  switch (status) {
    case 'received':
      return 'open';
    case 'awaiting-verification':
    case 'verified':
    case 'in-progress':
    case 'failed':
      return 'in_progress';
    case 'completed':
    case 'partially-completed':
      return 'fulfilled';
    case 'cancelled':
      return 'revoked';
    case 'denied':
      return 'denied';
    case 'expired':
      return 'expired';
  }
}

/** The state and reason of a request, as the status object shows them. */
export function drpStateAndReason(request: Pick<RequestRecord, 'status' | 'denial'>): { status: DrpState; reason?: string } {
  const status = drpState(request.status);
  if (request.status === 'awaiting-verification') return { status, reason: NEED_USER_VERIFICATION };
  if (status === 'denied') return { status, reason: request.denial ? drpDenialReason(request.denial.code) : 'other' };
  return { status };
}

/** One string per state and reason: a callback goes out whenever it changes. */
export function drpReportKey(request: Pick<RequestRecord, 'status' | 'denial'>): string {
  const { status, reason } = drpStateAndReason(request);
  return reason ? `${status}/${reason}` : status;
}

export const isFinalDrpState = (key: string): boolean => ['fulfilled', 'revoked', 'denied', 'expired'].includes(key.split('/')[0]!);

const DENIAL_MAP: Record<DenialCode, DrpDenialReason> = {
  unverified: 'insuf_verification',
  'manifestly-unfounded': 'claim_not_covered',
  excessive: 'too_many_requests',
  exemption: 'claim_not_covered',
  'no-data': 'no_match',
};

/** The DRP denial reason of a core denial code. */
export function drpDenialReason(code: DenialCode): DrpDenialReason {
  return DENIAL_MAP[code];
}

const Timestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp with a time zone' });

/** The fields every signed DRP message carries (§2.01 group 1, and the pairwise key setup of §2.05). */
const Envelope = z.object({
  'agent-id': z.string().min(1).max(128),
  'business-id': z.string().min(1).max(128),
  'issued-at': Timestamp,
  'expires-at': Timestamp,
  'drp.version': z.enum(DRP_ACCEPTED_VERSIONS),
});

export const DrpPairwiseSetup = Envelope;

/**
 * A Data Rights Exercise request (§2.01), with the schema.org/Person claims of §3.04. The email is
 * required here: the person confirms the request by email before anything is carried out.
 */
export const DrpExerciseRequest = Envelope.extend({
  'agent-request-id': z.string().min(1).max(128).optional(),
  exercise: z
    .string()
    .transform((value) => DRP_EXERCISE_ALIASES[value] ?? value)
    .pipe(z.enum(DRP_KNOWN_EXERCISES, { error: `must be one of ${DRP_KNOWN_EXERCISES.join(', ')}` })),
  regime: z.enum(DRP_REGIMES).optional(),
  relationships: z.array(z.string().max(64)).max(20).optional(),
  status_callback: z
    .url()
    .max(2048)
    .refine((value) => new URL(value).protocol === 'https:' || ['localhost', '127.0.0.1'].includes(new URL(value).hostname), 'must be an https URL')
    .optional(),
  name: z.string().max(200).optional(),
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ error: 'must be an email address' })),
  email_verified: z.boolean().optional(),
  phone_number: z.string().max(32).optional(),
  phone_number_verified: z.boolean().optional(),
  address: z.unknown().optional(),
  address_verified: z.boolean().optional(),
});
export type DrpExerciseRequest = z.output<typeof DrpExerciseRequest>;

export const DrpRevokeRequest = z.object({ reason: z.string().max(2000).optional() });

/** Why a signed message is refused: `unauthorized` and `forbidden` are about who sent it, `invalid` about what it says. */
export type SignedMessageRefusal =
  | { kind: 'forbidden'; detail: string }
  | { kind: 'invalid'; detail: string; errors?: { path: string; message: string }[]; fatal?: boolean };

export type SignedMessageResult<T> = { ok: true; message: T } | { ok: false; refusal: SignedMessageRefusal };

/**
 * Opens a signed message with the agent's key and parses it with `schema`. A bad or missing
 * signature is `forbidden`; a well-signed message that is not what the schema says is `invalid`.
 */
export function openAgentMessage<T extends z.ZodType>(rawBody: string | null, agent: RegisteredAgent, schema: T): SignedMessageResult<z.output<T>> {
  if (!rawBody) return { ok: false, refusal: { kind: 'forbidden', detail: "The body must be a message signed with the agent's key." } };
  const opened = openSignedMessage(rawBody, agent.verifyKey);
  if (!opened.valid) return { ok: false, refusal: { kind: 'forbidden', detail: "The signature does not verify with the agent's registered key." } };
  let json: unknown;
  try {
    json = JSON.parse(opened.message);
  } catch {
    return { ok: false, refusal: { kind: 'invalid', detail: 'The signed message is not JSON.' } };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      refusal: {
        kind: 'invalid',
        detail: 'The signed message is not valid.',
        errors: fieldErrors(parsed.error),
      },
    };
  }
  return { ok: true, message: parsed.data };
}

/**
 * Checks the envelope: it names this agent and this business, and `now` lies within its validity
 * (allowing for clock skew). Returns the refusal, or undefined when it holds.
 */
export function envelopeRefusal(message: z.output<typeof Envelope>, agentId: string, businessId: string, now: Date): SignedMessageRefusal | undefined {
  if (message['agent-id'] !== agentId) return { kind: 'forbidden', detail: 'The message names another agent.' };
  if (message['business-id'] !== businessId) return { kind: 'forbidden', detail: 'The message is addressed to another business.' };
  const issued = Date.parse(message['issued-at']);
  const expires = Date.parse(message['expires-at']);
  if (issued > now.getTime() + DRP_CLOCK_SKEW_MS)
    return { kind: 'invalid', detail: 'The message was issued in the future.', errors: [{ path: 'issued-at', message: 'must not lie in the future' }] };
  // §2.01: a message past its expires-at is discarded with a fatal error: sending it again cannot succeed.
  if (expires <= now.getTime() - DRP_CLOCK_SKEW_MS)
    return { kind: 'invalid', detail: 'The message has expired.', errors: [{ path: 'expires-at', message: 'has passed' }], fatal: true };
  if (expires <= issued)
    return { kind: 'invalid', detail: 'The message expires before it was issued.', errors: [{ path: 'expires-at', message: 'must be after issued-at' }] };
  return undefined;
}

/**
 * Refuses an exercise this business cannot carry out as asked: a right it does not take, or a
 * `sale:opt-in` under the `gdpr` regime (an opt-in is the CCPA's; under the GDPR a sale rests on
 * consent, which the person gives themselves, not through an opt-in request). Fatal: the same
 * request can never succeed.
 */
export function exerciseRefusal(message: Pick<DrpExerciseRequest, 'exercise' | 'regime'>): SignedMessageRefusal | undefined {
  if (!(DRP_EXERCISES as readonly string[]).includes(message.exercise)) {
    return {
      kind: 'invalid',
      detail: `This business does not take ${message.exercise} from an agent; it takes ${DRP_EXERCISES.join(', ')}.`,
      errors: [{ path: 'exercise', message: 'is not supported by this business' }],
      fatal: true,
    };
  }
  const { type } = coreExercise(message.exercise as DrpExercise);
  const jurisdiction = coreJurisdiction(message.regime);
  if (isFiledUnder(type, jurisdiction)) return undefined;
  return {
    kind: 'invalid',
    detail: `${message.exercise} is a right of the ccpa regime (11 CCR 7028); it is not taken under ${message.regime}.`,
    errors: [{ path: 'regime', message: `does not give ${message.exercise}` }],
    fatal: true,
  };
}

/**
 * The error members of §3.06 on every DRP error: `code` (the HTTP status as a string, for clients
 * that cannot read headers), `message`, and `fatal: true` when the request can never succeed.
 */
export const drpProblemMembers: ProblemMembers = (problem, error) => ({
  code: String(problem.status),
  message: problem.detail,
  ...(error?.extra.fatal ? { fatal: true } : {}),
});

/**
 * Whether a pairwise key setup (§2.05) holds: signed with the agent's key, shaped as the envelope,
 * naming this agent and business, and valid now. §2.05.1 answers every failure alike, so this says only yes or no.
 */
export function pairwiseSetupHolds(rawBody: string | null, agent: RegisteredAgent, businessId: string, now: Date): boolean {
  const opened = openAgentMessage(rawBody, agent, DrpPairwiseSetup);
  return opened.ok && envelopeRefusal(opened.message, agent.agentId, businessId, now) === undefined;
}

/** Issues a bearer token for an agent's pairwise key setup; only its hash is kept. */
export async function issueAgentToken(agent: RegisteredAgent, links: ProtocolLinkStore): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await links.issueToken(agent, sha256Hex(token));
  logger.info('DRP agent token issued', { agentId: agent.agentId });
  return token;
}

/**
 * Files a verified exercise request as a core request of the agent's own and links it to the agent.
 * A repeat from the same agent (for the same person and right, while its request is open) answers
 * with that request; a request the company or another agent filed for the same person is never
 * returned, linked or mentioned: the agent's filing is a request of its own, with its own id and
 * clock, which the person confirms like any other.
 */
export async function fileDrpRequest(
  message: DrpExerciseRequest,
  rawBody: string,
  agent: RegisteredAgent,
  deps: ProtocolFileDeps,
): Promise<{ link: ProtocolLink; request: RequestRecord; created: boolean }> {
  const { type, access } = coreExercise(message.exercise as DrpExercise);
  const outcome = await fileRequest(
    {
      type,
      jurisdiction: coreJurisdiction(message.regime),
      subject: { email: message.email.toLowerCase() },
      channel: 'drp',
      filer: protocolFiler('drp', agent.agentId),
      filerName: agent.name,
      ...(access && access !== 'copy' ? { scope: { access } } : {}),
    },
    deps.filing,
  );
  const request = outcome.duplicateOf ? outcome.request : await deps.afterFiled(outcome.request);
  const callbackUrls = message.status_callback ? [message.status_callback] : [];
  const { link, created } = await deps.links.createLink({
    key: `drp#${request.id}`,
    protocol: 'drp',
    externalId: request.id,
    requestId: request.id,
    ownerId: agent.agentId,
    ...(message['agent-request-id'] ? { agentRequestId: message['agent-request-id'] } : {}),
    bodyHash: sha256Hex(rawBody),
    callbackUrls,
    reported: drpReportKey(request),
    awaiting: AWAITING_CALLBACK,
    createdAt: deps.filing.now().toISOString(),
  });
  // The guard per filer makes this hold; checked again so that no path ever hands an agent a request it did not file.
  if (!filedByOwner(link, request) || link.ownerId !== agent.agentId) throw new ConflictError('The request could not be filed; send it again.');
  logger.info('DRP request linked', { requestId: request.id, agentId: agent.agentId, duplicate: !created });
  // §3.03: agent_request_id is what this message supplied, also when it repeats an open request.
  const { agentRequestId: _, ...answered } = link;
  return { link: message['agent-request-id'] ? { ...answered, agentRequestId: message['agent-request-id'] } : answered, request, created };
}

/**
 * The law a request is carried out under. §3.01 encodes CCPA rights and says GDPR requests are not
 * excluded: `gdpr` is a GDPR request (its deadlines and notices); `ccpa`, `voluntary` and none follow the CCPA's rules.
 */
export function coreJurisdiction(regime: DrpExerciseRequest['regime']): Jurisdiction {
  return regime === 'gdpr' ? 'gdpr' : 'ccpa';
}

/**
 * The link and request behind a request_id, or NotFoundError when this agent did not file it:
 * another agent's request, or the company's, reads exactly as one that does not exist.
 */
export async function readDrpRequest(
  requestId: string,
  agent: RegisteredAgent,
  deps: ProtocolReadDeps,
): Promise<{ link: ProtocolLink; request: RequestRecord }> {
  const now = deps.now();
  const link = await deps.links.getLink('drp', requestId, now);
  const request = link && link.ownerId === agent.agentId ? await deps.store.get(link.requestId, now) : undefined;
  if (!link || !request || !filedByOwner(link, request)) throw new NotFoundError('No data rights request with this request_id.');
  return { link, request };
}

/**
 * Revokes the core request behind a link, which `readDrpRequest` has shown the agent filed (the
 * agent asked, so it is told in the answer, not by callback); the person is told by mail.
 */
export async function revokeDrpRequest(link: ProtocolLink, request: RequestRecord, agent: RegisteredAgent, deps: ProtocolCancelDeps): Promise<RequestRecord> {
  if (isFinal(request.status)) throw new ConflictError(`The request is ${drpState(request.status)} and can no longer be revoked.`);
  const revoked = await cancelRequest(request.id, deps.operator, { name: agent.name });
  await deps.links.markReported(link, 'revoked', true, Math.floor(deps.now().getTime() / 1000) + RETENTION_AFTER_CLOSE_SECONDS);
  return revoked;
}

/** The `user_verification_url` of a request (§3.02.1): unique to it; the agent adds `redirect_to` and `request_id`. */
export function drpVerificationUrl(publicBaseUrl: string, requestId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/v1/data-rights-request/${requestId}/verification`;
}

/**
 * The Exercise Status object (§3.03). A request waiting for the person carries `user_verification_url`
 * (§3.02.1): the page under `publicBaseUrl` where they ask for a new confirmation link.
 */
export function drpStatusBody(link: ProtocolLink, request: RequestRecord, publicBaseUrl: string): Record<string, unknown> {
  const { status, reason } = drpStateAndReason(request);
  const body: Record<string, unknown> = {
    request_id: link.externalId,
    status,
    ...(reason ? { reason } : {}),
    received_at: request.receivedAt,
    expected_by: endOfLocalDay(request.dueAt, request.deadlines.timeZone),
    ...(link.agentRequestId ? { agent_request_id: link.agentRequestId } : {}),
  };
  if (reason === NEED_USER_VERIFICATION) {
    body.processing_details = 'A confirmation link was emailed to the person; the request proceeds once they confirm it.';
    body.user_verification_url = drpVerificationUrl(publicBaseUrl, link.externalId);
  } else if (status === 'denied' && request.denial) body.processing_details = request.denial.reason;
  else if (request.deadlines.extended) body.processing_details = 'The deadline was extended as the CCPA allows.';
  if (request.purgeAt) body.expires_at = new Date(request.purgeAt * 1000).toISOString();
  return body;
}

/**
 * The discovery document at /.well-known/data-rights.json, as DRP 0.8 defined it (0.9 removed it in
 * favour of the Service Directory): kept for agents built before then, and saying which version it is.
 */
export function drpDiscovery(publicBaseUrl: string): Record<string, unknown> {
  return { version: DRP_DISCOVERY_VERSION, api_base: publicBaseUrl, actions: DRP_EXERCISES, user_relationships: [] };
}
