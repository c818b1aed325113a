// A manual system's task completed from the console: the form becomes the report a system would
// send to POST /v1/tasks/{taskId}/result, taken by the same domain call, as the signed-in operator.
import type { Actor } from '../audit/chain.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { reportTaskResult, type ReportDeps, type TaskReport } from '../fulfilment/system-tasks.js';
import type { TaskRecord } from '../fulfilment/task-store.js';
import type { RequestStore } from '../requests/request-store.js';

/** What the request page's task form posts: the outcomes that settle a task, as the task result route takes them. */
export const TASK_FORM_OUTCOMES = ['done', 'retained', 'not-found', 'failed'] as const;
export type TaskFormOutcome = (typeof TASK_FORM_OUTCOMES)[number];

export interface TaskForm {
  outcome: TaskFormOutcome;
  records?: number;
  /** For `failed`: what went wrong, without personal data. */
  error?: string;
  /** For `retained`: the one rule that keeps records (the API takes several). */
  category?: string;
  keepFor?: string;
  legalBasis?: string;
}

export interface CompleteTaskDeps {
  report: ReportDeps;
  store: Pick<RequestStore, 'get' | 'record'>;
  actor: Actor;
}

/** What the request page says after a task's outcome was recorded. */
export const TASK_DONE = "Task recorded as the system's report: the request moves on (its fulfilment continues, or closes when this was the last task).";

/** The report a system would send for `form`. */
export function taskReportOf(form: TaskForm): TaskReport {
  return {
    outcome: form.outcome,
    ...(form.records !== undefined ? { records: form.records } : {}),
    ...(form.outcome === 'failed' && form.error ? { error: form.error } : {}),
    ...(form.outcome === 'retained' && form.category && form.keepFor && form.legalBasis
      ? { retained: [{ category: form.category, keepFor: form.keepFor, legalBasis: form.legalBasis }] }
      : {}),
  };
}

/**
 * Completes task `taskId` of request `requestId` with `form`, recorded in the request's chain as
 * `deps.actor`. Only a manual system's task: a webhook system reports its own, signed. Whatever
 * else may refuse it (finished already, not asked yet, no longer wanted) is the report's own rule.
 */
export async function completeTask(requestId: string, taskId: string, form: TaskForm, deps: CompleteTaskDeps): Promise<TaskRecord> {
  const task = await deps.report.tasks.get(taskId);
  if (!task || task.requestId !== requestId) throw new NotFoundError(`Request ${requestId} has no task ${taskId}.`);
  if (task.connector !== 'manual') {
    throw new ConflictError(
      `Task ${taskId} is carried out by its system (${task.connector}), which reports it itself: only a manual system's task is completed here.`,
    );
  }
  await reportTaskResult(taskId, taskReportOf(form), { rawBody: '', signature: undefined }, deps.report, { actor: deps.actor, store: deps.store });
  return task;
}
