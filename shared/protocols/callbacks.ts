// Status callbacks of the open protocols. No status change in the core waits for them: a scheduled
// dispatcher compares each open link's last reported status with its request's, and delivers the
// difference, retrying with backoff. It also gives every link its purge time once its request closes.
import { postText } from '../http/outbound.js';
import { logger } from '../logger.js';
import type { RequestRecord } from '../requests/record.js';
import type { RequestStore } from '../requests/request-store.js';
import type { Protocol, ProtocolLink, ProtocolLinkStore } from './link-store.js';

/** After this many failed deliveries of one status, it is given up (and logged for an operator). */
export const MAX_CALLBACK_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 3600_000;

/** The wait before delivery attempt `attempts + 1`: one minute, doubling, at most six hours. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** How one protocol reads a request and addresses its callers. */
export interface CallbackProtocol {
  status(request: RequestRecord): string;
  isFinal(status: string): boolean;
  /** The callback body for one URL. */
  body(link: ProtocolLink, request: RequestRecord, url: string): unknown;
  /** Headers that authenticate `text`, the exact body sent. */
  headers(text: string): Promise<Record<string, string>>;
}

export interface CallbackDeps {
  links: ProtocolLinkStore;
  store: RequestStore;
  protocols: Record<Protocol, CallbackProtocol>;
  /** Sends one callback; resolves with the HTTP status. */
  post: (url: string, text: string, headers: Record<string, string>) => Promise<number>;
  now: () => Date;
}

export interface DispatchSummary {
  delivered: number;
  failed: number;
  abandoned: number;
}

/** Delivers every status change that a link's caller has not yet been told of. */
export async function dispatchCallbacks(deps: CallbackDeps): Promise<DispatchSummary> {
  const summary: DispatchSummary = { delivered: 0, failed: 0, abandoned: 0 };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.links.awaitingCallbacks(50, startKey);
    for (const link of page.links) {
      const outcome = await dispatchOne(link, deps).catch((error: unknown) => {
        logger.error('Callback dispatch failed', { requestId: link.requestId, protocol: link.protocol, error: (error as Error).name });
        return 'failed' as const;
      });
      if (outcome !== 'unchanged') summary[outcome] += 1;
    }
    startKey = page.lastKey;
  } while (startKey);
  return summary;
}

async function dispatchOne(link: ProtocolLink, deps: CallbackDeps): Promise<'unchanged' | keyof DispatchSummary> {
  const now = deps.now();
  const protocol = deps.protocols[link.protocol];
  const request = await deps.store.get(link.requestId, now);
  if (!request) {
    // Its request was purged: nothing is left to report, and the link goes too.
    await deps.links.markReported(link, link.reported, true, Math.floor(now.getTime() / 1000));
    return 'unchanged';
  }
  const status = protocol.status(request);
  if (status === link.reported) return 'unchanged';
  if (link.nextAttemptAt && link.nextAttemptAt > now.toISOString()) return 'unchanged';

  const final = protocol.isFinal(status);
  const purgeAt = final ? request.purgeAt : undefined;
  if (link.callbackUrls.length === 0) {
    // Nobody to call: the link only learns the status, and once it is final, when to expire with its request.
    await deps.links.markReported(link, status, final, purgeAt);
    return 'unchanged';
  }
  let allDelivered = true;
  for (const url of link.callbackUrls) {
    const text = JSON.stringify(protocol.body(link, request, url));
    const delivered = await deps.post(url, text, { 'content-type': 'application/json', ...(await protocol.headers(text)) }).then(
      (code) => code >= 200 && code < 300,
      () => false,
    );
    allDelivered &&= delivered;
  }
  if (allDelivered) {
    await deps.links.markReported(link, status, final, purgeAt);
    logger.info('Status callback delivered', { requestId: link.requestId, protocol: link.protocol, status });
    return 'delivered';
  }
  const attempts = (link.attempts ?? 0) + 1;
  if (attempts >= MAX_CALLBACK_ATTEMPTS) {
    await deps.links.markReported(link, status, final, purgeAt);
    logger.warn('Status callback abandoned', { requestId: link.requestId, protocol: link.protocol, status, attempts });
    return 'abandoned';
  }
  await deps.links.markAttemptFailed(link, attempts, new Date(now.getTime() + backoffMs(attempts)).toISOString());
  logger.warn('Status callback failed; will retry', { requestId: link.requestId, protocol: link.protocol, status, attempts });
  return 'failed';
}

/**
 * Posts a callback with a time limit; no redirect is followed, so a callback goes only where it was
 * asked to, and (unless `allowPrivateAddresses`) never to a loopback, private or link-local address.
 */
export function callbackPoster(allowPrivateAddresses: boolean): CallbackDeps['post'] {
  return (url, text, headers) => postText(url, text, headers, { allowPrivateAddresses, timeoutMs: 10_000 });
}
