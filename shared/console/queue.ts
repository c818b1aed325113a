// The console's queue: a page of requests as the privacy team reads it (law, deadlines counting
// down, near and overdue marked), and finding requests by id or by a person's email through the
// keyed hash, as the API files them.
import { localDate } from '../domain/deadlines.js';
import { OPEN_STATUSES } from '../domain/lifecycle.js';
import type { Jurisdiction, RequestStatus, RequestType } from '../domain/request-model.js';
import { listRequests } from '../requests/list-requests.js';
import type { RequestRecord } from '../requests/record.js';
import type { RequestStore } from '../requests/request-store.js';
import { isAcknowledgementOverdue, isOverdue } from '../requests/request-view.js';
import { InvalidInputError } from '../errors.js';
import { maskEmail, subjectHash } from '../subject.js';

export interface QueueQuery {
  status?: RequestStatus;
  type?: RequestType;
  law?: Jurisdiction;
  overdue?: boolean;
  sort: 'due' | 'received';
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
  store: RequestStore;
  timeZones: readonly string[];
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

/**
 * One page of the queue. Status, type and overdue are the store's filters (as GET /v1/requests);
 * the law narrows the page afterwards, and the sort orders the page, so a page may hold fewer rows
 * than asked and still have a next one.
 */
export async function consoleQueue(deps: QueueDeps, query: QueueQuery, now: Date): Promise<{ rows: QueueRow[]; nextCursor?: string }> {
  const page = await listRequests(
    deps.store,
    {
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...(query.type ? { type: query.type } : {}),
      ...(query.overdue ? { overdue: true } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    },
    now,
    deps.timeZones,
  );
  const rows = page.items
    .filter((record) => !query.law || record.jurisdiction === query.law)
    .map((record) => queueRow(record, now, deps.nearDeadlineDays))
    .sort(query.sort === 'due' ? (a, b) => a.dueAt.localeCompare(b.dueAt) : (a, b) => b.receivedAt.localeCompare(a.receivedAt));
  return { rows, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** Every request filed for `email`, found by its keyed hash (the address itself is stored nowhere it could be searched). */
export async function findBySubject(deps: QueueDeps & { subjectKey: () => Promise<Buffer> }, email: string, now: Date): Promise<QueueRow[]> {
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
export async function findRequests(
  deps: QueueDeps & { subjectKey: () => Promise<Buffer> },
  find: string,
  now: Date,
): Promise<{ requestId: string } | { rows: QueueRow[] }> {
  const text = find.trim();
  if (REQUEST_ID.test(text)) return { requestId: text.toUpperCase() };
  if (/^[^\s@]+@[^\s@]+$/.test(text)) return { rows: await findBySubject(deps, text, now) };
  throw new InvalidInputError('Type a request id (26 characters) or the email the request was filed with.', 'find');
}
