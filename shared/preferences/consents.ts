// Recording consent, withdrawal and objection per purpose, and reading where a subject stands.
import { subjectHash } from '../subject.js';
import { chronological, currentConsents, isMarketing, stateAfter, type ConsentAction, type ConsentEvent, type PurposeState } from './consent-state.js';
import type { ConsentStore } from './consent-store.js';
import type { SuppressionReason } from './suppression-list.js';

export interface ConsentDeps {
  store: ConsentStore;
  hashKey: () => Promise<Buffer>;
  suppressions: { suppressSubject(subjectHash: string, reason: SuppressionReason, at: Date): Promise<boolean> };
  newId: () => string;
  now: () => Date;
}

export interface ConsentInput {
  email: string;
  purpose: string;
  action: ConsentAction;
  source: string;
  /** When the person expressed it (ISO); now when absent. */
  at?: string;
  /** The call carried `Sec-GPC: 1`. */
  gpc: boolean;
}

export interface ConsentRecorded {
  event: ConsentEvent;
  /** Where the purpose stands with this event in the history (a back-dated event may not decide it). */
  current: PurposeState;
}

const SUPPRESSION: Partial<Record<PurposeState['state'], SuppressionReason>> = {
  withdrawn: 'consent-withdrawal',
  objected: 'objection',
};

/**
 * Appends one event to the subject's history and answers where its purpose now stands. Ending
 * marketing (a withdrawal or an objection that is the latest word) also suppresses marketing mail.
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
  };
  await deps.store.append(hash, event);
  const current = currentConsents(await deps.store.history(hash))[event.purpose] ?? { state: stateAfter(event), since: event.at, gpc: event.gpc };
  const reason = SUPPRESSION[current.state];
  if (reason && isMarketing(event.purpose)) await deps.suppressions.suppressSubject(hash, reason, now);
  return { event, current };
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
