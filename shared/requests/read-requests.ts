// Reading requests back: one by id, a filtered page of them, and a request's audit chain.
import { verifyChain, type AuditEvent, type ChainVerification } from '../audit/chain.js';
import { localDate } from '../domain/deadlines.js';
import { OPEN_STATUSES } from '../domain/lifecycle.js';
import { z } from 'zod';
import { REQUEST_STATUSES, type RequestStatus, type RequestType } from '../domain/request-model.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { RequestRecord } from './record.js';
import type { RequestStore } from './request-store.js';
import { isOverdue } from './request-view.js';

/** ULIDs: 26 Crockford base-32 characters. Anything else cannot name a request. */
const REQUEST_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The request with `id`, or NotFoundError. */
export async function getRequest(store: RequestStore, id: string, now: Date): Promise<RequestRecord> {
  const record = REQUEST_ID.test(id) ? await store.get(id, now) : undefined;
  if (!record) throw new NotFoundError('No request with this id.');
  return record;
}

export interface AuditTrail {
  requestId: string;
  events: AuditEvent[];
  verification: ChainVerification;
}

/** The request's audit chain and whether every hash and link in it holds. */
export async function getAuditTrail(store: RequestStore, id: string, now: Date): Promise<AuditTrail> {
  const record = await getRequest(store, id, now);
  // Events appended after the record was read belong to a later state: the chain is judged as of the record.
  const events = (await store.auditTrail(record.id)).filter((event) => event.seq <= record.auditSeq);
  const verification = verifyChain(events);
  // The request's own pointer to the head must match too, or events were removed from the end.
  if (verification.valid && (events.at(-1)?.hash !== record.auditHead || events.length !== record.auditSeq)) {
    return { requestId: id, events, verification: { valid: false, length: events.length, reason: 'the chain does not end where the request says it does' } };
  }
  return { requestId: id, events, verification };
}

export interface ListQuery {
  status?: RequestStatus;
  type?: RequestType;
  overdue?: boolean;
  limit: number;
  cursor?: string;
}

/** Opaque paging cursor: the store's last key, base64url-encoded JSON of string attributes. */
export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

const KeyPart = z.string().min(1).max(200);
/** The two key shapes the store returns: from the newest-first index, or from the status+deadline index. */
const CursorKey = z.union([
  z.strictObject({ id: KeyPart, kind: z.literal('request') }),
  z.strictObject({ id: KeyPart, status: z.enum(REQUEST_STATUSES), dueAt: KeyPart }),
]);

/** Decodes a cursor, or throws InvalidInputError naming `cursor`: a bad cursor is the caller's mistake. */
export function decodeCursor(cursor: string): Record<string, string> {
  const bad = () => new InvalidInputError('The cursor is not one this API returned.', 'cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const key = CursorKey.safeParse(parsed);
  if (!key.success) throw bad();
  return key.data;
}

export interface RequestPage {
  items: RequestRecord[];
  nextCursor?: string;
}

/**
 * One page of requests matching the query; `overdue` means open and past the deadline in force,
 * judged in each request's own time zone (`timeZones` are all the controller uses).
 */
export async function listRequests(store: RequestStore, query: ListQuery, now: Date, timeZones: readonly string[]): Promise<RequestPage> {
  const startKey = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (startKey && (startKey.status ?? undefined) !== query.status) {
    throw new InvalidInputError('The cursor belongs to a listing with other filters.', 'cursor');
  }
  const page = await store.list(
    {
      ...(query.status ? { status: query.status } : {}),
      ...(query.type ? { type: query.type } : {}),
      // The latest "today" of any zone lets through every request overdue anywhere; each is then judged in its own zone below.
      ...(query.overdue ? { dueBefore: timeZones.map((zone) => localDate(now, zone)).sort().at(-1)!, openStatuses: OPEN_STATUSES } : {}),
    },
    query.limit,
    startKey,
  );
  const live = page.items.filter(
    (r) => (r.purgeAt === undefined || r.purgeAt * 1000 > now.getTime()) && (!query.overdue || isOverdue(r, now)),
  );
  return { items: live, ...(page.lastKey ? { nextCursor: encodeCursor(page.lastKey) } : {}) };
}
