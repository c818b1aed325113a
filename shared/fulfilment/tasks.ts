// Each system's task of a request as people see it: its id, its state, its view, and what is left of
// a request's tasks when it ends before its fulfilment did.
import type { DataSystem, SystemOutcome } from './model.js';
import type { TaskRecord, TaskStore } from './task-store.js';

/** `open` until the system's outcome is known (`finished`), or until the request no longer needs it (`cancelled`). */
export const TASK_STATES = ['open', 'finished', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/**
 * A task's id: the request, the fulfilment run and the system. The same plan run again (a retried
 * step) names the same tasks; a resumed request (a new run) names new ones.
 */
export function taskIdFor(requestId: string, run: number, systemId: string): string {
  return `${requestId}.${run}.${systemId}`;
}

/** Where a system reports a task, relative to the API's origin. */
export const reportPath = (taskId: string): string => `/v1/tasks/${encodeURIComponent(taskId)}/result`;

/** When a task started at `from` must be answered, given the time the workflow allows it. */
export function taskDueAt(from: Date, timeoutSeconds: number): string {
  return new Date(from.getTime() + timeoutSeconds * 1000).toISOString();
}

/** The API's view of a task: who, what, where it stands and where to report it; never the workflow's token. */
export function taskView(task: TaskRecord) {
  return {
    taskId: task.taskId,
    requestId: task.requestId,
    systemId: task.systemId,
    action: task.action,
    connector: task.connector,
    state: task.state,
    dueAt: task.dueAt,
    createdAt: task.createdAt,
    ...(task.askedAt ? { askedAt: task.askedAt } : {}),
    ...(task.contactNotifiedAt ? { contactNotifiedAt: task.contactNotifiedAt } : {}),
    ...(task.outcome ? { outcome: task.outcome, records: task.records ?? 0 } : {}),
    ...(task.error ? { error: task.error } : {}),
    ...(task.finishedAt ? { finishedAt: task.finishedAt } : {}),
    links: { report: reportPath(task.taskId), request: `/v1/requests/${task.requestId}` },
  };
}

export type TaskView = ReturnType<typeof taskView>;

/** Tasks in the order people read them: by system. */
const bySystem = (a: TaskRecord, b: TaskRecord) => a.systemId.localeCompare(b.systemId);

export interface RequestTaskDeps {
  tasks: Pick<TaskStore, 'getMany'>;
  systems: { list(): Promise<DataSystem[]> };
}

/**
 * The tasks of run `run` of a request, by system. Every task names an inventory system, and systems
 * are never removed from the inventory, so looking up each system's task id finds them all.
 */
export async function requestTasks(requestId: string, run: number, deps: RequestTaskDeps): Promise<TaskRecord[]> {
  const systems = await deps.systems.list();
  const tasks = await deps.tasks.getMany(systems.map((s) => taskIdFor(requestId, run, s.systemId)));
  return tasks.filter((t) => t.requestId === requestId).sort(bySystem);
}

/** The outcome a finished task recorded, in the shape the request keeps. */
export function taskOutcome(task: TaskRecord): SystemOutcome | undefined {
  if (task.state !== 'finished' || !task.outcome) return undefined;
  return {
    systemId: task.systemId,
    action: task.action,
    outcome: task.outcome,
    records: task.records ?? 0,
    ...(task.error ? { error: task.error } : {}),
  };
}

export interface CloseTasksDeps extends RequestTaskDeps {
  tasks: Pick<TaskStore, 'getMany' | 'cancel'>;
}

/** Cancels the open ones among a request's `tasks`, so nobody works on them and a late report is refused; returns how many. */
export async function cancelOpenTasks(tasks: readonly TaskRecord[], at: Date, deps: Pick<CloseTasksDeps, 'tasks'>): Promise<number> {
  const open = tasks.filter((t) => t.state === 'open');
  await Promise.all(open.map((t) => deps.tasks.cancel(t.taskId, at.toISOString())));
  return open.length;
}

/**
 * Ends the tasks of a request whose fulfilment stops: open ones are cancelled; the outcomes of
 * those that finished are returned, for the request to keep.
 */
export async function closeRequestTasks(requestId: string, run: number, at: Date, deps: CloseTasksDeps): Promise<SystemOutcome[]> {
  const tasks = await requestTasks(requestId, run, deps);
  await cancelOpenTasks(tasks, at, deps);
  return tasks.flatMap((t) => taskOutcome(t) ?? []);
}
