// The console's data systems: every registered system with what it declares (connector, actions,
// purposes), its contact masked, and how its tasks fare, read from the task records: the last
// success and the last failure (as a code, never a system's free text), and how many are open.
import type { ConnectorKind, Outcome } from '../fulfilment/model.js';
import { listSystems } from '../fulfilment/read-systems.js';
import type { SystemStore } from '../fulfilment/system-store.js';
import type { TaskRecord, TaskStore } from '../fulfilment/task-store.js';
import { maskEmail } from '../subject.js';

/** Task records read per page, and the most a page of the console reads of each state. */
const PAGE = 500;
export const TASKS_READ_AT_MOST = 5000;

/** The last task of a system that ended one way: when, which request, and for a failure its code. */
export interface TaskEnding {
  at: string;
  requestId: string;
  outcome: Outcome;
  code?: string;
}

export interface SystemRow {
  systemId: string;
  name: string;
  connector: ConnectorKind;
  actions: readonly string[];
  purposes: readonly string[];
  /** The contact mailed about manual tasks, masked as every address in the console. */
  contact?: string;
  lastSuccess?: TaskEnding;
  lastFailure?: TaskEnding;
  openTasks: number;
}

export interface SystemsOverview {
  rows: SystemRow[];
  /** Whether a state held more task records than were read: the counts and endings are then of the latest read. */
  truncated: boolean;
}

/**
 * What the page shows of a failure: the error's code, never its text. Our connectors end their
 * texts with the AWS error code in brackets or are one identifier (`States.Timeout`); anything else
 * is free text a system reported, which may quote a person, so only where it came from is said.
 */
export function failureCode(error: string | undefined, connector: ConnectorKind): string {
  const text = (error ?? '').trim();
  const bracketed = /\(([A-Za-z][\w.:-]{1,63})\)\.?$/.exec(text);
  if (bracketed) return bracketed[1]!;
  if (/^[A-Za-z][\w.:-]{1,63}$/.test(text)) return text;
  return connector === 'webhook' || connector === 'manual' ? 'reported-by-system' : 'connector-error';
}

/** Outcomes in which a system did its part (or had nothing to do). */
const SUCCESSES: ReadonlySet<Outcome> = new Set(['done', 'retained', 'not-found', 'not-applicable']);

function ending(task: TaskRecord): TaskEnding {
  return {
    at: task.finishedAt ?? task.dueAt,
    requestId: task.requestId,
    outcome: task.outcome!,
    ...(task.outcome === 'failed' ? { code: failureCode(task.error, task.connector) } : {}),
  };
}

async function readState(tasks: Pick<TaskStore, 'listByState'>, state: 'open' | 'finished'): Promise<{ items: TaskRecord[]; truncated: boolean }> {
  const items: TaskRecord[] = [];
  let startKey: Record<string, string> | undefined;
  do {
    const page = await tasks.listByState(state, { limit: PAGE, latestFirst: state === 'finished', ...(startKey ? { startKey } : {}) });
    items.push(...page.items);
    startKey = page.lastKey;
  } while (startKey && items.length < TASKS_READ_AT_MOST);
  return { items, truncated: startKey !== undefined };
}

/**
 * Every registered system with its tasks' standing at `now`. Task records are kept until a week
 * after they were due, so "last" means within that window; finished ones are read latest due first.
 */
export async function systemsOverview(
  deps: { systems: Pick<SystemStore, 'list'>; tasks: Pick<TaskStore, 'listByState'> },
  now: Date,
): Promise<SystemsOverview> {
  const [systems, open, finished] = await Promise.all([listSystems(deps.systems), readState(deps.tasks, 'open'), readState(deps.tasks, 'finished')]);
  const live = (task: TaskRecord) => task.expiresAt * 1000 > now.getTime();
  const openCount = new Map<string, number>();
  for (const task of open.items.filter(live)) openCount.set(task.systemId, (openCount.get(task.systemId) ?? 0) + 1);
  const last = new Map<string, { success?: TaskEnding; failure?: TaskEnding }>();
  for (const task of finished.items.filter(live)) {
    if (!task.outcome) continue;
    const seen = last.get(task.systemId) ?? {};
    const end = ending(task);
    const slot = SUCCESSES.has(task.outcome) ? 'success' : task.outcome === 'failed' ? 'failure' : undefined;
    if (slot && (!seen[slot] || seen[slot]!.at < end.at)) seen[slot] = end;
    last.set(task.systemId, seen);
  }
  const rows = systems.map((system): SystemRow => {
    const seen = last.get(system.systemId) ?? {};
    return {
      systemId: system.systemId,
      name: system.name,
      connector: system.connector.kind,
      actions: system.actions,
      purposes: system.purposes,
      ...(system.contact ? { contact: maskEmail(system.contact.email) } : {}),
      ...(seen.success ? { lastSuccess: seen.success } : {}),
      ...(seen.failure ? { lastFailure: seen.failure } : {}),
      openTasks: openCount.get(system.systemId) ?? 0,
    };
  });
  return { rows, truncated: open.truncated || finished.truncated };
}
