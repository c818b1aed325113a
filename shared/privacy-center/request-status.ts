// Following a request from its emailed link: where it stands, what has happened (from its audit
// trail), and cancelling it. The link's token is the only key; no request id is ever shown.
import type { Actor, AuditEvent } from '../audit/chain.js';
import { isFinal } from '../domain/lifecycle.js';
import { ConflictError } from '../errors.js';
import type { ExportFiles } from '../fulfilment/export-download.js';
import { EXPORT_LINK_MAX_USES, EXPORT_LINK_TTL_MS } from '../fulfilment/export-links.js';
import type { LinkStore } from '../links/link-store.js';
import { logger } from '../logger.js';
import type { StatusDownload, StatusEntry, StatusPage } from '../pages/privacy-center-pages.js';
import type { StatusStep } from '../pages/privacy-center-texts.js';
import type { RequestRecord } from '../requests/record.js';
import type { RequestStore } from '../requests/request-store.js';
import { hashToken, isWellFormedToken } from '../verification/tokens.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Days a request's status page stays open after the request ends: long enough to cover the export's
 * own download period (EXPORT_LINK_TTL_MS, 7 days) and to read how it ended, short enough that a
 * forwarded or forgotten link does not show a closed request for months.
 */
export const STATUS_PAGE_DAYS_AFTER_CLOSE = 30;

/**
 * Until when the confirmation link's record must be kept for the status page to work the whole life
 * of `request`: the latest day the law lets the answer take (the extended deadline where one is
 * possible) plus STATUS_PAGE_DAYS_AFTER_CLOSE and a day for the time zone. The page itself closes
 * earlier, STATUS_PAGE_DAYS_AFTER_CLOSE after the request actually ends (`statusLinkAlive`).
 */
export function statusLinkKeptUntil(request: Pick<RequestRecord, 'dueAt' | 'deadlines'>): string {
  const latest = Date.parse(`${request.deadlines.extendedDueAt ?? request.dueAt}T00:00:00Z`);
  return new Date(latest + (STATUS_PAGE_DAYS_AFTER_CLOSE + 1) * DAY_MS).toISOString();
}

/** Whether a request's status page still opens at `now`: while it is open, and STATUS_PAGE_DAYS_AFTER_CLOSE after it ended. */
export function statusLinkAlive(request: Pick<RequestRecord, 'status' | 'closedAt' | 'updatedAt'>, now: Date): boolean {
  if (!isFinal(request.status)) return true;
  const closedAt = Date.parse(request.closedAt ?? request.updatedAt);
  return Number.isFinite(closedAt) && now.getTime() < closedAt + STATUS_PAGE_DAYS_AFTER_CLOSE * DAY_MS;
}

export interface StatusDeps {
  links: Pick<LinkStore<'verify'>, 'get'>;
  store: Pick<RequestStore, 'get'>;
  audit: { chain(requestId: string): Promise<AuditEvent[]> };
  now: () => Date;
}

/**
 * What a status link leads to: the request; `ended` for a request whose page has closed
 * (STATUS_PAGE_DAYS_AFTER_CLOSE after it ended); nothing for a token that is not the one in force.
 */
export type StatusOutcome = { page: 'invalid' } | { page: 'ended'; request: RequestRecord } | { page: 'status'; request: RequestRecord; status: StatusPage };

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
  if (!statusLinkAlive(request, deps.now())) return { page: 'ended', request };
  return { page: 'status', request, status: await statusOf(request, deps) };
}

/**
 * Until when a request's export may be downloaded: as long as the link mailed with the answer
 * (recorded when the answer went out; for a request answered before that was recorded, the link's
 * standard life from the answer). Undefined when there is no export or the answer has not gone out.
 */
export function exportValidUntil(request: Pick<RequestRecord, 'fulfilment'>): string | undefined {
  const fulfilment = request.fulfilment;
  if (!fulfilment?.exportKey || !fulfilment.noticeSentAt) return undefined;
  return fulfilment.exportValidUntil ?? new Date(Date.parse(fulfilment.noticeSentAt) + EXPORT_LINK_TTL_MS).toISOString();
}

/** Whether the status page offers the export, and if not why: it ran out, or its downloads were taken. */
export function statusDownload(request: Pick<RequestRecord, 'fulfilment'>, now: Date): StatusDownload | undefined {
  const until = exportValidUntil(request);
  if (!until) return undefined;
  const taken = request.fulfilment?.statusDownloads ?? 0;
  const state = now.getTime() >= Date.parse(until) ? 'expired' : taken >= EXPORT_LINK_MAX_USES ? 'used-up' : 'ready';
  return { state, until, usesLeft: Math.max(0, EXPORT_LINK_MAX_USES - taken) };
}

/** The page's view of `request`, its steps read from the audit trail. */
export async function statusOf(request: RequestRecord, deps: Pick<StatusDeps, 'audit' | 'now'>): Promise<StatusPage> {
  const steps = statusSteps(await deps.audit.chain(request.id));
  const download = statusDownload(request, deps.now());
  return {
    requestType: request.type,
    receivedAt: request.receivedAt,
    dueAt: request.dueAt,
    timeZone: request.deadlines.timeZone,
    state: statusState(request),
    steps,
    ...(download ? { download } : {}),
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
  if (!statusLinkAlive(request, deps.now())) return { page: 'ended', request };
  const state = statusState(request);
  if (state !== 'open' && state !== 'waiting') return { page: 'status', request, status: { ...(await statusOf(request, deps)), notCancellable: true } };
  const cancelled = await deps.cancel(request.id);
  return { page: 'status', request: cancelled, status: { ...(await statusOf(cancelled, deps)), justCancelled: true } };
}

export interface StatusDownloadDeps extends StatusDeps {
  store: Pick<RequestStore, 'get' | 'record'>;
  files: ExportFiles;
}

/** What the status page's download button gives: the download, the page again when there is nothing to download, or why not. */
export type DownloadOutcome =
  | { page: 'invalid' }
  | { page: 'ended'; request: RequestRecord }
  | { page: 'status'; request: RequestRecord; status: StatusPage }
  | { page: 'download'; url: string }
  | { page: 'refused'; reason: 'expired' | 'gone' | 'used-up'; request: RequestRecord };

const SUBJECT: Actor = { kind: 'subject' };

/** How often the button re-reads the request when a concurrent write got there first. */
const DOWNLOAD_RETRIES = 5;

/**
 * The status page's download button: a short-lived download of the request's export, authorised by
 * the status link alone. The export's own rules hold: not after it ran out (the mailed link's end),
 * not once the bundle is deleted (an erasure removes it at once), and at most EXPORT_LINK_MAX_USES
 * downloads from the page, each counted on the request and in its audit chain before the URL is
 * given. The export link's token is never needed: only its hash is kept.
 */
export async function downloadByLink(token: string | undefined, deps: StatusDownloadDeps): Promise<DownloadOutcome> {
  for (let attempt = 0; ; attempt++) {
    const request = await requestForStatusLink(token, deps);
    if (!request) return { page: 'invalid' };
    const now = deps.now();
    if (!statusLinkAlive(request, now)) return { page: 'ended', request };
    const download = statusDownload(request, now);
    if (!download) return { page: 'status', request, status: await statusOf(request, deps) };
    if (download.state !== 'ready') return { page: 'refused', reason: download.state, request };
    const key = request.fulfilment!.exportKey!;
    if (!(await deps.files.exists(key))) {
      logger.info('Export bundle deleted while the status page offers it', { requestId: request.id });
      return { page: 'refused', reason: 'gone', request };
    }
    const use = (request.fulfilment!.statusDownloads ?? 0) + 1;
    try {
      await deps.store.record(
        request,
        [{ type: 'export.downloaded', at: now.toISOString(), actor: SUBJECT, data: { via: 'status-page', use } }],
        { fulfilment: { ...request.fulfilment!, statusDownloads: use } },
        now,
      );
    } catch (error) {
      // Two presses at once: one counts, the other reads the request again.
      if (!(error instanceof ConflictError) || attempt >= DOWNLOAD_RETRIES) throw error;
      continue;
    }
    logger.info('Export download', { requestId: request.id, via: 'status-page', use });
    return { page: 'download', url: await deps.files.downloadUrl(key) };
  }
}
