// Recording consent, withdrawal and objection per purpose, and reading where a subject stands.
import type { Jurisdiction, Locale, RequestStatus, RequestType } from '../domain/request-model.js';
import type { DataSystem } from '../fulfilment/model.js';
import { objectionRule } from '../fulfilment/objection-scope.js';
import { logger } from '../logger.js';
import { subjectHash } from '../subject.js';
import { carryingRequests, choicesOfRequest, requestSource, SALE_AND_SHARING, type CarryingRequest, type RequestChoice } from './consent-requests.js';
import { chronological, currentConsents, isMarketing, stateAfter, type ConsentAction, type ConsentEvent, type PurposeState } from './consent-state.js';
import type { ConsentStore } from './consent-store.js';
import type { SuppressionReason } from './suppression-list.js';

/** The one filing path (shared/requests/file-request.ts), as the register uses it. */
export interface RequestFiler {
  /** Files the request that carries a choice out, or joins the subject's open one of that type. */
  file(request: CarryingRequest & { email: string; locale?: Locale; channel: string }): Promise<FiledRequest>;
}

/** The request a register change filed or joined, as the answer names it. */
export interface FiledRequest {
  id: string;
  type: CarryingRequest['type'];
  status: RequestStatus;
  /** The subject already had this request open; the choice joined it instead of filing a second. */
  joined: boolean;
}

export interface ConsentDeps {
  store: ConsentStore;
  hashKey: () => Promise<Buffer>;
  suppressions: { suppressSubject(subjectHash: string, reason: SuppressionReason, at: Date): Promise<boolean> };
  /** The data inventory: which purposes its systems serve, and what an objection does there. */
  systems: { list(): Promise<readonly Pick<DataSystem, 'purposes' | 'objection'>[]> };
  requests: RequestFiler;
  newId: () => string;
  now: () => Date;
}

export interface ConsentInput {
  email: string;
  /** The language of the mails a filed request sends; the law's default when absent. */
  locale?: Locale;
  /** The law of a request this choice files; see carryingRequests for the default. */
  jurisdiction?: Jurisdiction;
  purpose: string;
  action: ConsentAction;
  source: string;
  /** When the person expressed it (ISO); now when absent. */
  at?: string;
  /** The call carried `Sec-GPC: 1`. */
  gpc: boolean;
  /** What shows the person made the choice (the preferences page names its link). */
  evidence?: string;
}

export interface ConsentRecorded {
  event: ConsentEvent;
  /** Where the purpose stands with this event in the history (a back-dated event may not decide it). */
  current: PurposeState;
  /** The requests that carry the choice out in the company's systems, filed or joined; empty when none must. */
  requests: FiledRequest[];
}

/** The channel of requests the register files: the person spoke through whichever system recorded the choice. */
export const CONSENT_CHANNEL = 'consent-register';

const SUPPRESSION: Partial<Record<PurposeState['state'], SuppressionReason>> = {
  withdrawn: 'consent-withdrawal',
  objected: 'objection',
};

/**
 * Appends one event to the subject's history and answers where its purpose now stands. Ending
 * marketing (a withdrawal or an objection that is the latest word) also suppresses marketing mail.
 * A choice that systems must act on files the request that carries it out (or joins the open one),
 * and a GPC signal is also recorded as an opt-out of sale and sharing and files a sale opt-out.
 */
export async function recordConsent(input: ConsentInput, deps: ConsentDeps): Promise<ConsentRecorded> {
  const now = deps.now();
  const hash = subjectHash(await deps.hashKey(), input.email);
  const event: ConsentEvent = {
    eventId: deps.newId(),
    purpose: input.purpose,
    action: input.action,
    source: input.source,
    at: (input.at ? new Date(input.at) : now).toISOString(),
    recordedAt: now.toISOString(),
    gpc: input.gpc,
    ...(input.evidence ? { evidence: input.evidence } : {}),
  };
  await deps.store.append(hash, event);
  if (input.gpc && input.purpose !== SALE_AND_SHARING) {
    // CCPA regs § 7025: the signal itself is the person's opt-out of sale and sharing.
    await deps.store.append(hash, { ...event, eventId: deps.newId(), purpose: SALE_AND_SHARING, action: 'opt-out' });
  }
  const current = currentConsents(await deps.store.history(hash))[event.purpose] ?? { state: stateAfter(event), since: event.at, gpc: event.gpc };
  const reason = SUPPRESSION[current.state];
  if (reason && isMarketing(event.purpose)) await deps.suppressions.suppressSubject(hash, reason, now);

  const decides = current.since === event.at && current.state === stateAfter(event);
  const systems = await deps.systems.list();
  const needed = carryingRequests(
    { purpose: event.purpose, current: current.state, decides, gpc: input.gpc, ...(input.jurisdiction ? { jurisdiction: input.jurisdiction } : {}) },
    {
      servedPurposes: new Set(systems.flatMap((s) => s.purposes)),
      objectionPurposes: new Set(systems.filter((s) => objectionRule(s).effect !== 'not-applicable').flatMap((s) => s.purposes)),
    },
  );
  const requests: FiledRequest[] = [];
  for (const request of needed) {
    const filed = await deps.requests.file({ ...request, email: input.email, ...(input.locale ? { locale: input.locale } : {}), channel: CONSENT_CHANNEL });
    logger.info('Consent change carried by a request', { requestId: filed.id, type: filed.type, joined: filed.joined });
    requests.push(filed);
  }
  return { event, current, requests };
}

export interface ConsentOverview {
  purposes: Record<string, PurposeState>;
  /** Every event, oldest first. */
  history: Omit<ConsentEvent, 'eventId'>[];
}

/** Where each purpose stands for `email`, with the history behind it; empty for a subject we never heard of. */
export async function readConsents(email: string, deps: Pick<ConsentDeps, 'store' | 'hashKey'>): Promise<ConsentOverview> {
  const history = chronological(await deps.store.history(subjectHash(await deps.hashKey(), email)));
  return {
    purposes: currentConsents(history),
    history: history.map(({ eventId: _eventId, ...event }) => event),
  };
}

/** A closed request, as the register needs it. */
export interface ClosedChoiceRequest {
  id: string;
  type: RequestType;
  subjectHash: string;
  /** When the person asked: the choice counts from then, so a grant they gave later still wins. */
  receivedAt: string;
  scope?: { purposes?: string[] };
}

/**
 * Writes the choices a carried-out request made into the register, with `request:<id>` as their
 * source, so the register and the requests say the same. Writing again (a retried workflow step)
 * adds nothing: each entry's id is derived from the request's. Answers what it wrote.
 */
export async function recordRequestChoices(
  request: ClosedChoiceRequest,
  defaultPurposes: readonly string[],
  deps: { store: Pick<ConsentStore, 'append'>; now: () => Date },
): Promise<RequestChoice[]> {
  const choices = choicesOfRequest(request, defaultPurposes);
  const recordedAt = deps.now().toISOString();
  for (const [index, choice] of choices.entries()) {
    await deps.store.append(request.subjectHash, {
      eventId: `${request.id}-${index}`,
      ...choice,
      source: requestSource(request.id),
      // An opt-in counts from its confirmation, the second step of 11 CCR 7028(a), never from the first.
      at: choice.action === 'grant' ? recordedAt : request.receivedAt,
      recordedAt,
      gpc: false,
    });
  }
  return choices;
}
