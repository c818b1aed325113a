// A filtered page of requests, with an opaque cursor to the next one. Apart from read-requests.ts
// because the cursor's schema needs zod, which the functions reading one request never load.
import * as z from 'zod';
import { localDate } from '../domain/deadlines.js';
import { OPEN_STATUSES } from '../domain/lifecycle.js';
import { REQUEST_STATUSES, type RequestStatus, type RequestType } from '../domain/request-model.js';
import { InvalidInputError } from '../errors.js';
import type { RequestRecord } from './record.js';
import type { RequestStore } from './request-store.js';
import { isOverdue } from './request-view.js';

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
      ...(query.overdue
        ? {
            dueBefore: timeZones
              .map((zone) => localDate(now, zone))
              .sort()
              .at(-1)!,
            openStatuses: OPEN_STATUSES,
          }
        : {}),
    },
    query.limit,
    startKey,
  );
  const live = page.items.filter((r) => (r.purgeAt === undefined || r.purgeAt * 1000 > now.getTime()) && (!query.overdue || isOverdue(r, now)));
  return { items: live, ...(page.lastKey ? { nextCursor: encodeCursor(page.lastKey) } : {}) };
}
