// Following a request from its emailed link: where it stands, what has happened (from its audit
// trail), and cancelling it. The link's token is the only key; no request id is ever shown.
import type { AuditEvent } from '../audit/chain.js';
import type { LinkStore } from '../links/link-store.js';
import type { StatusEntry, StatusPage } from '../pages/privacy-center-pages.js';
import type { StatusStep } from '../pages/privacy-center-texts.js';
import type { RequestRecord } from '../requests/record.js';
import type { RequestStore } from '../requests/request-store.js';
import { hashToken, isWellFormedToken } from '../verification/tokens.js';

export interface StatusDeps {
  links: Pick<LinkStore<'verify'>, 'get'>;
  store: Pick<RequestStore, 'get'>;
  audit: { chain(requestId: string): Promise<AuditEvent[]> };
  now: () => Date;
}

/** What a status link leads to: the request, or nothing for a token that is not the one in force. */
export type StatusOutcome = { page: 'invalid' } | { page: 'status'; request: RequestRecord; status: StatusPage };

/** The audit events a person is told about, and the step each one is. */
const STEPS: Readonly<Record<string, StatusStep>> = {
  'request.received': 'received',
  'verification.link-sent': 'link-sent',
  'verification.email-confirmed': 'email-confirmed',
  'verification.identity-confirmed': 'identity-confirmed',
  'request.verified': 'verified',
  'fulfilment.started': 'started',
  'request.extended': 'extended',
  'request.completed': 'completed',
  'request.partially-completed': 'partially-completed',
  'request.cancelled': 'cancelled',
  'request.denied': 'denied',
  'request.expired': 'expired',
  'notice.closing-sent': 'closing-sent',
};

/**
 * The steps of a request in the order they happened. Each system's outcome is one event; they
 * are told as one line with the count at the time of the last. Everything else (repeats, mail
 * that failed, operator notes) stays in the trail for the operators.
 */
export function statusSteps(events: readonly Pick<AuditEvent, 'type' | 'at'>[]): StatusEntry[] {
  const entries: StatusEntry[] = [];
  let systems: StatusEntry | undefined;
  for (const event of events) {
    if (event.type === 'fulfilment.system-outcome') {
      if (systems) {
        systems.count = (systems.count ?? 0) + 1;
        systems.at = event.at;
      } else {
        systems = { step: 'system-done', at: event.at, count: 1 };
        entries.push(systems);
      }
      continue;
    }
    const step = STEPS[event.type];
    // A link sent again is the same step to the person; the first is enough.
    if (step && !(step === 'link-sent' && entries.some((entry) => entry.step === 'link-sent'))) entries.push({ step, at: event.at });
  }
  return entries;
}

/** Where a request stands, in the words of its status page. */
export function statusState(request: Pick<RequestRecord, 'status'>): StatusPage['state'] {
  switch (request.status) {
    case 'received':
    case 'awaiting-verification':
      return 'waiting';
    case 'completed':
    case 'partially-completed':
    case 'cancelled':
    case 'denied':
    case 'expired':
      return request.status;
    default:
      return 'open';
  }
}

/** The request behind a status link, when the token is the one in force for it. */
export async function requestForStatusLink(token: string | undefined, deps: Pick<StatusDeps, 'links' | 'store' | 'now'>): Promise<RequestRecord | undefined> {
  if (!isWellFormedToken(token)) return undefined;
  const tokenHash = hashToken(token);
  const link = await deps.links.get(tokenHash);
  if (!link) return undefined;
  const request = await deps.store.get(link.requestId, deps.now());
  return request && request.verification.tokenHash === tokenHash ? request : undefined;
}

/** The status page of the request a link opens. Changes nothing: mail scanners open links. */
export async function viewStatus(token: string | undefined, deps: StatusDeps): Promise<StatusOutcome> {
  const request = await requestForStatusLink(token, deps);
  if (!request) return { page: 'invalid' };
  return { page: 'status', request, status: await statusOf(request, deps) };
}

/** The page's view of `request`, its steps read from the audit trail. */
export async function statusOf(request: RequestRecord, deps: Pick<StatusDeps, 'audit'>): Promise<StatusPage> {
  const steps = statusSteps(await deps.audit.chain(request.id));
  return {
    requestType: request.type,
    receivedAt: request.receivedAt,
    dueAt: request.dueAt,
    timeZone: request.deadlines.timeZone,
    state: statusState(request),
    steps,
    download: Boolean(request.fulfilment?.exportKey) && steps.some((entry) => entry.step === 'closing-sent'),
  };
}

export interface CancelDeps extends StatusDeps {
  /** The one cancel path, as an operator's cancel takes it (stops the run, mails the subject). */
  cancel: (requestId: string) => Promise<RequestRecord>;
}

/**
 * The status page's cancel button: cancels an open request the way an operator's cancel does,
 * recorded as the subject's. A request that has ended is shown as it ended, with a note.
 */
export async function cancelByLink(token: string | undefined, deps: CancelDeps): Promise<StatusOutcome> {
  const request = await requestForStatusLink(token, deps);
  if (!request) return { page: 'invalid' };
  const state = statusState(request);
  if (state !== 'open' && state !== 'waiting') return { page: 'status', request, status: { ...(await statusOf(request, deps)), notCancellable: true } };
  const cancelled = await deps.cancel(request.id);
  return { page: 'status', request: cancelled, status: { ...(await statusOf(cancelled, deps)), justCancelled: true } };
}
