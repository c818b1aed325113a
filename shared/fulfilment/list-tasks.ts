// A page of tasks in one state, nearest due date first, with an opaque cursor to the next one.
import * as z from 'zod';
import { InvalidInputError } from '../errors.js';
import { encodeCursor } from '../requests/list-requests.js';
import type { TaskRecord, TaskStore } from './task-store.js';
import { TASK_STATES, type TaskState } from './tasks.js';

export interface ListTasksQuery {
  state: TaskState;
  systemId?: string;
  limit: number;
  cursor?: string;
}

export interface TaskPage {
  items: TaskRecord[];
  nextCursor?: string;
}

const KeyPart = z.string().min(1).max(300);
/** The key the `byState` index returns: the task, its state and its due date. */
const CursorKey = z.strictObject({ taskId: KeyPart, state: z.enum(TASK_STATES), dueAt: KeyPart });

/** Decodes a cursor of a listing in `state`, or throws InvalidInputError naming `cursor`. */
function decodeCursor(cursor: string, state: TaskState): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInputError('The cursor is not one this API returned.', 'cursor');
  }
  const key = CursorKey.safeParse(parsed);
  if (!key.success) throw new InvalidInputError('The cursor is not one this API returned.', 'cursor');
  if (key.data.state !== state) throw new InvalidInputError('The cursor belongs to a listing of another state.', 'cursor');
  return key.data;
}

/** One page of tasks in `query.state`, of one system when `systemId` is given; records past their expiry are left out. */
export async function listTasks(store: Pick<TaskStore, 'listByState'>, query: ListTasksQuery, now: Date): Promise<TaskPage> {
  const startKey = query.cursor ? decodeCursor(query.cursor, query.state) : undefined;
  const page = await store.listByState(query.state, {
    ...(query.systemId ? { systemId: query.systemId } : {}),
    limit: query.limit,
    ...(startKey ? { startKey } : {}),
  });
  const live = page.items.filter((t) => t.expiresAt * 1000 > now.getTime());
  return { items: live, ...(page.lastKey ? { nextCursor: encodeCursor(page.lastKey) } : {}) };
}
