// The console's queue: a page of requests as the privacy team reads it (law, deadlines counting
// down, near and overdue marked), and finding requests by id or by a person's email through the
// keyed hash, as the API files them.
import { localDate } from '../domain/deadlines.js';
import { OPEN_STATUSES } from '../domain/lifecycle.js';
import type { Jurisdiction, RequestStatus, RequestType } from '../domain/request-model.js';
import * as z from 'zod';
import type { RequestRecord } from '../requests/record.js';
import type { QueueEntry, RequestStore } from '../requests/request-store.js';
import { isAcknowledgementOverdue, isOverdue } from '../requests/request-view.js';
import { InvalidInputError } from '../errors.js';
import { maskEmail, subjectHash } from '../subject.js';

/** What the queue sorts by: the deadline in force, the filing, or the acknowledgement still due. */
export const QUEUE_SORTS = ['due', 'received', 'acknowledge'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface QueueQuery {
  status?: RequestStatus;
  type?: RequestType;
  law?: Jurisdiction;
  /** Only requests with an open task in this system. */
  system?: string;
  overdue?: boolean;
  sort: QueueSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/** How a deadline stands: days left, and whether it is near or past. */
export type Urgency = 'overdue' | 'near' | 'ok' | 'closed';

export interface QueueRow {
  id: string;
  type: RequestType;
  law: Jurisdiction;
  status: RequestStatus;
  receivedAt: string;
  acknowledgeBy?: string;
  acknowledgementOverdue: boolean;
  dueAt: string;
  /** Whole days from today (in the request's time zone) to its deadline; negative when past. */
  daysLeft: number;
  urgency: Urgency;
  /** The subject's email masked (first letter and domain), as the API shows it. */
  subject: string;
}

export interface QueueDeps {
  store: Pick<RequestStore, 'queueEntries' | 'getMany'>;
  /** The requests with an open task in a system. */
  tasks: { requestsWithOpenTasks(systemId: string): Promise<Set<string>> };
  /** The inventory's systems, for the system filter. */
  systems: () => Promise<readonly { systemId: string; name: string }[]>;
  nearDeadlineDays: number;
}

/** Days from `from` to `to`, both YYYY-MM-DD. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The row of `record` as of `now`: the countdown is judged in the request's own time zone, as its deadlines are. */
export function queueRow(record: RequestRecord, now: Date, nearDeadlineDays: number): QueueRow {
  const today = localDate(now, record.deadlines.timeZone);
  const daysLeft = daysBetween(today, record.dueAt);
  const overdue = isOverdue(record, now);
  const urgency: Urgency = !OPEN_STATUSES.includes(record.status) ? 'closed' : overdue ? 'overdue' : daysLeft <= nearDeadlineDays ? 'near' : 'ok';
  return {
    id: record.id,
    type: record.type,
    law: record.jurisdiction,
    status: record.status,
    receivedAt: record.receivedAt,
    ...(record.deadlines.acknowledgeBy ? { acknowledgeBy: record.deadlines.acknowledgeBy } : {}),
    acknowledgementOverdue: isAcknowledgementOverdue(record, now),
    dueAt: record.dueAt,
    daysLeft,
    urgency,
    subject: maskEmail(record.subject.email),
  };
}

/** One page of the queue: its rows, how many match in all, the next page, and the systems to filter by. */
export interface QueuePage {
  rows: QueueRow[];
  total: number;
  nextCursor?: string;
  systems: { systemId: string; name: string }[];
}

/** The value an entry sorts by, or undefined when it has none (no acknowledgement pending): those come last either way. */
function sortKey(entry: QueueEntry, sort: QueueSort): string | undefined {
  if (sort === 'due') return entry.dueAt;
  if (sort === 'received') return entry.receivedAt;
  return entry.deadlines.acknowledgedAt === undefined ? entry.deadlines.acknowledgeBy : undefined;
}

/** A place in the sorted queue: an entry's sort value and id (ids break ties, so the order is total). */
interface Position {
  key: string | undefined;
  id: string;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The queue's order: by the sort value in the direction asked, then by id; entries without a value last. */
export function comparePositions(a: Position, b: Position, order: 'asc' | 'desc'): number {
  if ((a.key === undefined) !== (b.key === undefined)) return a.key === undefined ? 1 : -1;
  const c = compareText(a.key ?? '', b.key ?? '') || compareText(a.id, b.id);
  return order === 'desc' ? -c : c;
}

/** The filters and sort a cursor belongs to: paging with other ones starts again from the first page. */
function listingOf(query: QueueQuery): string {
  return JSON.stringify([query.status ?? '', query.type ?? '', query.law ?? '', query.system ?? '', query.overdue === true, query.sort, query.order]);
}

const QueueCursor = z.strictObject({ l: z.string().max(500), k: z.string().max(100).nullable(), id: z.string().min(1).max(100) });

/** A cursor: the listing it pages and the last place shown, base64url JSON. */
export function encodeQueueCursor(query: QueueQuery, last: Position): string {
  return Buffer.from(JSON.stringify({ l: listingOf(query), k: last.key ?? null, id: last.id }), 'utf8').toString('base64url');
}

/** The place a cursor continues after; undefined (the first page) when it pages other filters or another sort. */
export function decodeQueueCursor(cursor: string, query: QueueQuery): Position | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const read = QueueCursor.safeParse(parsed);
  if (!read.success) throw new InvalidInputError('The cursor is not one this queue gave: start again from the first page.', 'cursor');
  if (read.data.l !== listingOf(query)) return undefined;
  return { key: read.data.k ?? undefined, id: read.data.id };
}

/** Whether `entry` is one `query` asks for (all but the system, which the caller reads from the tasks). */
function matches(entry: QueueEntry, query: QueueQuery, now: Date): boolean {
  if (entry.purgeAt !== undefined && entry.purgeAt * 1000 <= now.getTime()) return false;
  if (query.status && entry.status !== query.status) return false;
  if (query.type && entry.type !== query.type) return false;
  if (query.law && entry.jurisdiction !== query.law) return false;
  return !query.overdue || isOverdue(entry, now);
}

/**
 * One page of the queue, every filter and the sort applied to the whole set before paging. The set is
 * every open request from the sparse `byQueue` index (a closed status: that status's requests), a few
 * attributes each; the system filter reads which requests have an open task there from the tasks'
 * `bySystemState` index; only the page's own requests are then read whole. The cursor is the last
 * place shown, so a request filed or closed meanwhile neither repeats nor skips a row.
 */
export async function consoleQueue(deps: QueueDeps, query: QueueQuery, now: Date): Promise<QueuePage> {
  const after = query.cursor ? decodeQueueCursor(query.cursor, query) : undefined;
  const closedStatus = query.status !== undefined && !OPEN_STATUSES.includes(query.status);
  const [entries, withOpenTask, systems] = await Promise.all([
    deps.store.queueEntries(closedStatus ? query.status : undefined),
    query.system ? deps.tasks.requestsWithOpenTasks(query.system) : undefined,
    deps.systems(),
  ]);
  const position = (entry: QueueEntry): Position => ({ key: sortKey(entry, query.sort), id: entry.id });
  const matching = entries
    .filter((entry) => matches(entry, query, now) && (!withOpenTask || withOpenTask.has(entry.id)))
    .sort((a, b) => comparePositions(position(a), position(b), query.order));
  const start = after ? matching.findIndex((entry) => comparePositions(position(entry), after, query.order) > 0) : 0;
  const page = start < 0 ? [] : matching.slice(start, start + query.limit);
  const records = new Map((await deps.store.getMany(page.map((entry) => entry.id))).map((record) => [record.id, record]));
  const rows = page.flatMap((entry) => {
    const record = records.get(entry.id);
    return record ? [queueRow(record, now, deps.nearDeadlineDays)] : [];
  });
  const more = start >= 0 && start + query.limit < matching.length;
  return {
    rows,
    total: matching.length,
    ...(more ? { nextCursor: encodeQueueCursor(query, position(page.at(-1)!)) } : {}),
    systems: systems.map(({ systemId, name }) => ({ systemId, name })).sort((a, b) => compareText(a.systemId, b.systemId)),
  };
}

/** What finding requests reads: requests by id and the subject index, with the key that hashes an email. */
export interface FindDeps {
  store: Pick<RequestStore, 'get' | 'ofSubject'>;
  subjectKey: () => Promise<Buffer>;
  nearDeadlineDays: number;
}

/** Every request filed for `email`, found by its keyed hash (the address itself is stored nowhere it could be searched). */
export async function findBySubject(deps: FindDeps, email: string, now: Date): Promise<QueueRow[]> {
  const found = await deps.store.ofSubject(subjectHash(await deps.subjectKey(), email));
  const records = await Promise.all(found.map(({ id }) => deps.store.get(id, now)));
  return records
    .filter((record): record is RequestRecord => record !== undefined)
    .map((record) => queueRow(record, now, deps.nearDeadlineDays))
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/** ULIDs: what a request id looks like (in any case, as people paste them). */
const REQUEST_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

/** A request id goes to its page; an email finds the person's requests; anything else is a mistake to correct. */
export async function findRequests(deps: FindDeps, find: string, now: Date): Promise<{ requestId: string } | { rows: QueueRow[] }> {
  const text = find.trim();
  if (REQUEST_ID.test(text)) return { requestId: text.toUpperCase() };
  if (/^[^\s@]+@[^\s@]+$/.test(text)) return { rows: await findBySubject(deps, text, now) };
  throw new InvalidInputError('Type a request id (26 characters) or the email the request was filed with.', 'find');
}
