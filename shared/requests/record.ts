// A rights request as stored: what the store writes and reads, and what the API view is made from.
import { isFinal } from '../domain/lifecycle.js';
import type { Deadlines } from '../domain/deadlines.js';
import type { AccessDepth, Jurisdiction, Locale, RequestStatus, RequestType } from '../domain/request-model.js';
import type { SystemOutcome } from '../fulfilment/model.js';
import type { LocaleSource } from '../text/languages.js';
import type { DenialCode } from '../text/vocabulary.js';
import type { VerificationLevel } from '../domain/verification-policy.js';
import type { IdentityProviderUse, IdentityRequirer } from '../domain/identity-check.js';
import type { IdentitySession } from '../verification/identity-provider.js';
import type { MatchedFact } from '../verification/identity-match.js';

export type VerificationState = 'not-required' | 'pending' | 'email-confirmed' | 'verified' | 'failed';

export interface PermissionDocument {
  /** Object key in the data bucket. */
  key: string;
  contentType: string;
  bytes: number;
}

export interface RequestRecord {
  id: string;
  /** Constant partition of the `byKind` index, which lists requests newest first. */
  kind: 'request';
  /** `open` while the request is open, absent once closed: the partition of the sparse `byQueue` index the console's queue reads. */
  queue?: 'open';
  type: RequestType;
  jurisdiction: Jurisdiction;
  status: RequestStatus;
  /** Bumped by every write; a write that expects another version is refused (no lost update). */
  version: number;
  receivedAt: string;
  channel: string;
  /**
   * Who filed it, when not the company's own systems: `drp:<agent-id>` or `opendsr:<controller-id>`.
   * Only that filer may read or withdraw it through its protocol, and its open request is its own:
   * a filing by the company or by another filer for the same person and right never returns it.
   */
  filer?: string;
  /**
   * The name of the authorized agent that filed it through the Data Rights Protocol, as the agent
   * was enrolled: the subject's mails name it, as they name an agent that files through the API.
   */
  filerName?: string;
  /**
   * The display name of the OpenDSR controller that sent the request, as the configuration names it
   * (`openDsr.controllers`): the subject's mails say the request reached the company through it. A
   * controller is not the person's agent, so it is named in words of its own; absent when none is configured.
   */
  filedThrough?: string;
  /** Keyed hash of the subject's normalised email: the lookup key (`bySubject` index). */
  subjectHash: string;
  subject: {
    /** Kept readable only because notices must be mailed to it. */
    email: string;
    locale: Locale;
    /** Where `locale` came from (absent on requests filed before it was recorded): only a law's default gives way to the browser's language. */
    localeSource?: LocaleSource;
    accountId?: string;
  };
  agent?: {
    name: string;
    email: string;
    permission: PermissionDocument;
  };
  scope?: {
    systems?: string[];
    purposes?: string[];
    access?: AccessDepth;
  };
  details?: string;
  verification: {
    level: VerificationLevel;
    state: VerificationState;
    /** Hash of the link token in force; earlier links stop working when a new one is sent. */
    tokenHash?: string;
    /** When the link in force stops working. */
    linkValidUntil?: string;
    /** When the link in force was mailed; absent when mailing failed and the link must be sent again. */
    linkSentAt?: string;
    /** Failed knowledge-check answers so far. */
    failedAttempts?: number;
    /** The independent identity-verification provider, once it is offered or required (shared/domain/identity-check.ts). */
    identity?: IdentityVerification;
  };
  /**
   * What each system did, once fulfilment finished, and when the subject was told (absent until the
   * mail went out); for an export, until when the mailed link works, and the downloads taken from the
   * status page.
   */
  fulfilment?: {
    outcomes: SystemOutcome[];
    finishedAt: string;
    exportKey?: string;
    noticeSentAt?: string;
    exportValidUntil?: string;
    statusDownloads?: number;
  };
  /**
   * The part of a staged objection carried out at filing, with no link (a GDPR objection to direct
   * marketing that also erases, shared/domain/objection-stages.ts): `pending` until every marketing
   * system stopped, then `done` with what each did and when the subject was told. The erasure runs
   * as the request's second fulfilment run, once the subject confirmed it.
   */
  immediateStop?: { state: 'pending' | 'done'; outcomes?: SystemOutcome[]; finishedAt?: string; noticeSentAt?: string };
  /** Which run of the fulfilment workflow is the request's: absent for the first, 2 after one resume, and so on. */
  fulfilmentRun?: number;
  /** Why the request was refused, once it was. */
  denial?: { code: DenialCode; reason: string };
  /**
   * The deadlines the law set at filing; `acknowledgedAt` is when the subject was mailed that the
   * request was received (the confirmation mail), absent until it went out.
   */
  deadlines: Deadlines & { extended: boolean; acknowledgedAt?: string };
  /** The deadline in force (the extended one once extended): the sort key of `byStatusDue`. */
  dueAt: string;
  auditSeq: number;
  auditHead: string;
  createdAt: string;
  updatedAt: string;
  /** Epoch seconds after which the record may be purged (set when the request closes). */
  purgeAt?: number;
  /** When the request reached its final status (absent while open, and on requests closed before it was recorded). */
  closedAt?: string;
  /**
   * The version of the counting rules under which the request is counted in the report aggregates
   * (shared/reports/aggregates.ts); absent on a request never counted, which the backfill counts.
   */
  aggregated?: number;
}

/**
 * The provider's part in a request's verification. Only the outcome is kept: never a document, an
 * image or the provider's claims, only which facts matched and the assurance level.
 */
export interface IdentityVerification {
  use: Exclude<IdentityProviderUse, 'not-used'>;
  requiredBy?: IdentityRequirer;
  /** The session in force, between its start and the provider's answer. */
  session?: IdentitySession;
  /** How the last session ended. */
  outcome?: {
    result: 'verified' | 'failed' | 'cancelled';
    provider: IdentitySession['provider'];
    at: string;
    assurance?: string;
    matched: MatchedFact[];
  };
  /** The provider's webhook event ids already acted on (the latest few): each is acted on once. */
  eventIds?: string[];
}

/** `record` marked for the queue's sparse index while open, unmarked once closed: the store writes every request through this. */
export function withQueueMark(record: RequestRecord): RequestRecord {
  const { queue: _marked, ...unmarked } = record;
  return isFinal(record.status) ? unmarked : { ...unmarked, queue: 'open' };
}

/**
 * Key of the guard item that marks one open request per subject, jurisdiction and type, and per
 * filer: the company's own systems share one (they file as one controller), each outside filer
 * (a DRP agent, an OpenDSR controller) has its own, so that a repeat returns only the caller's own request.
 */
export function openGuardId(subjectHash: string, jurisdiction: Jurisdiction, type: RequestType, filer?: string): string {
  return `open#${subjectHash}#${jurisdiction}#${type}${filer ? `#${filer}` : ''}`;
}

/**
 * Who filed the request for the subject, for every mail about it to name: the authorized agent (one
 * that filed through the API with a signed permission, or a DRP agent), else the OpenDSR controller
 * it came through where the configuration names one. Nothing for the subject's own request, nor for
 * one the company's own systems filed.
 */
export function viaAgent(request: Pick<RequestRecord, 'agent' | 'filerName' | 'filedThrough'>): {
  viaAgent?: { name: string };
  filedThrough?: { name: string };
} {
  const name = request.agent?.name ?? request.filerName;
  if (name) return { viaAgent: { name } };
  return request.filedThrough ? { filedThrough: { name: request.filedThrough } } : {};
}
