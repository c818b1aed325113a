// Systems that do their own part: the signed call to a webhook, and the report that resumes the workflow.
import type { S3Client } from '@aws-sdk/client-s3';
import { TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { ConflictError, DomainError, NotFoundError, UnauthorizedError } from '../errors.js';
import { logger } from '../logger.js';
import type { Actor } from '../audit/chain.js';
import type { TaskOpenedNotice } from '../notices/catalogue.js';
import type { RequestStore } from '../requests/request-store.js';
import { exportPartKey, writeJsonLinesPart } from './connectors/export-part.js';
import { eachInLocale, inLocale, type DataSystem, type RetentionRule, type SystemContact, type SystemOutcome } from './model.js';
import type { PlannedTask } from './plan.js';
import { checkSignature, SIGNATURE_HEADER, signBody } from './signatures.js';
import type { SfnTaskReporter } from './step-functions.js';
import { KEEP_AFTER_DUE_SECONDS, type TaskRecord, type TaskStore } from './task-store.js';
import { reportPath, taskDueAt } from './tasks.js';

/** How long a webhook has to accept the call (its real answer comes later). */
const CALL_TIMEOUT_MS = 10_000;

export interface SystemLookup {
  get(systemId: string): Promise<DataSystem | undefined>;
  signingSecret(systemId: string): Promise<string | undefined>;
}

export interface CallDeps {
  store: RequestStore;
  systems: SystemLookup;
  tasks: Pick<TaskStore, 'markAsked' | 'markContactNotified'>;
  /** Mails a manual system's contact, in the contact's language, as the controller. */
  mailContact: (contact: SystemContact, notice: TaskOpenedNotice) => Promise<void>;
  publicBaseUrl: string;
  fetch: typeof fetch;
  now: () => Date;
}

/** What a webhook system receives: who, what, and where to report. */
export interface WebhookCall {
  taskId: string;
  requestId: string;
  systemId: string;
  action: string;
  subject: { email: string; accountId?: string };
  reportTo: string;
  respondBy: string;
}

/** Thrown when a webhook does not accept the call: the workflow retries, then records the system as failed. */
export class WebhookCallError extends Error {
  override name = 'WebhookCallError';
}

/**
 * Leaves a task waiting for the system's report (keeping the workflow's token), and asks the
 * system: a webhook gets the signed call, a manual system's contact a mail saying what to do by
 * when and where to report it.
 */
export async function callSystem(task: PlannedTask, taskToken: string, deps: CallDeps): Promise<void> {
  const now = deps.now();
  const [request, system] = await Promise.all([deps.store.get(task.requestId, now), deps.systems.get(task.systemId)]);
  if (!request) throw new NotFoundError(`No request ${task.requestId}.`);
  if (!system) throw new NotFoundError(`No system ${task.systemId}.`);
  const dueAt = taskDueAt(now, task.timeoutSeconds);
  await deps.tasks.markAsked(
    {
      taskId: task.taskId,
      requestId: task.requestId,
      systemId: task.systemId,
      action: task.action,
      connector: task.connector,
      createdAt: now.toISOString(),
      dueAt,
      expiresAt: Math.floor(Date.parse(dueAt) / 1000) + KEEP_AFTER_DUE_SECONDS,
    },
    taskToken,
    now.toISOString(),
  );
  const reportTo = taskResultUrl(deps.publicBaseUrl, task.taskId);
  if (system.connector.kind === 'manual') {
    await tellContact(
      system,
      {
        kind: 'task-opened',
        taskId: task.taskId,
        requestId: task.requestId,
        // The contact reads the mail in their language (English when none is set), so the system's name, categories and purposes too.
        system: inLocale(system.names, system.contact?.locale ?? 'en', system.name),
        categories: eachInLocale(system.categories, system.categoryNames, system.contact?.locale ?? 'en'),
        purposes: eachInLocale(system.purposes, system.purposeNames, system.contact?.locale ?? 'en'),
        action: task.action,
        dueAt,
        reportTo,
        instructions: system.connector.instructions,
      },
      deps,
    );
    return;
  }
  if (system.connector.kind !== 'webhook') return;
  const secret = await deps.systems.signingSecret(system.systemId);
  if (!secret) throw new WebhookCallError(`System ${system.systemId} has no signing secret; register it again.`);
  const call: WebhookCall = {
    taskId: task.taskId,
    requestId: task.requestId,
    systemId: task.systemId,
    action: task.action,
    subject: { email: request.subject.email, ...(request.subject.accountId ? { accountId: request.subject.accountId } : {}) },
    reportTo,
    respondBy: dueAt,
  };
  const body = JSON.stringify(call);
  let response: Response;
  try {
    response = await deps.fetch(system.connector.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(secret, body, now) },
      body,
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    throw new WebhookCallError(`System ${system.systemId} could not be reached (${(error as Error).name}).`);
  }
  await response.body?.cancel();
  if (!response.ok) throw new WebhookCallError(`System ${system.systemId} refused the call with HTTP ${response.status}.`);
}

/**
 * Mails a manual system's contact about its new task. A mail that fails is logged, not retried:
 * the task is open either way and listed in GET /v1/tasks, and a retry would ask the workflow to
 * fail the system's part over a mail.
 */
async function tellContact(system: DataSystem, notice: TaskOpenedNotice, deps: CallDeps): Promise<void> {
  if (!system.contact) {
    logger.warn('Manual system has no contact; its task is only listed', { systemId: system.systemId, taskId: notice.taskId });
    return;
  }
  try {
    await deps.mailContact(system.contact, notice);
  } catch (error) {
    logger.error('Task mail to the system contact not sent', { systemId: system.systemId, taskId: notice.taskId, error: (error as Error).name });
    return;
  }
  await deps.tasks.markContactNotified(notice.taskId, deps.now().toISOString());
}

/** A system's report: its outcome, and for an export the records themselves. */
export interface TaskReport {
  outcome: 'working' | 'done' | 'retained' | 'not-found' | 'failed';
  records?: number;
  data?: unknown[];
  retained?: RetentionRule[];
  error?: string;
}

export interface ReportDeps {
  systems: SystemLookup;
  tasks: Pick<TaskStore, 'get' | 'finish' | 'reopen'>;
  reporter: Pick<SfnTaskReporter, 'succeed' | 'heartbeat'>;
  /** Where an export's reported records are written; absent for a caller that never hands in records (the console). */
  s3?: S3Client;
  dataBucket?: string;
  now: () => Date;
}

/** A webhook system's report that is not signed with its secret: the caller has not shown it is the system. */
export class SignatureError extends UnauthorizedError {
  override name = 'SignatureError';
  constructor(reason: string) {
    super(`The ${SIGNATURE_HEADER} header is ${reason}: sign "<unix seconds>.<body>" with HMAC-SHA256 and the system's secret, sent as t=<seconds>,v1=<hex>.`, {
      code: 'bad-signature',
    });
  }
}

const SIGNATURE_REASONS = { missing: 'missing', malformed: 'malformed', stale: 'too old or too new', mismatch: 'not valid for this body' } as const;

/** A report made by a known person (an operator in the console): recorded in the request's audit chain as theirs. */
export interface ReportedBy {
  actor: Actor;
  store: Pick<RequestStore, 'get' | 'record'>;
}

/**
 * Appends who reported `task` and what to the request's chain, before the workflow resumes (so the
 * closing events follow it). Another write to the request at the same moment is read again, twice at most.
 */
async function recordReporter(task: TaskRecord, outcome: SystemOutcome, by: ReportedBy, now: Date): Promise<void> {
  const event = {
    type: 'fulfilment.task-reported',
    at: now.toISOString(),
    actor: by.actor,
    data: {
      taskId: task.taskId,
      systemId: task.systemId,
      action: task.action,
      outcome: outcome.outcome,
      records: outcome.records,
      ...(outcome.retained?.length ? { retained: outcome.retained.map((r) => r.category).join(', ') } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    },
  };
  for (let attempt = 1; ; attempt++) {
    const request = await by.store.get(task.requestId, now);
    if (!request) throw new NotFoundError(`No request ${task.requestId}.`);
    try {
      await by.store.record(request, [event], {}, now);
      return;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 3) throw error;
    }
  }
}

/**
 * Takes a report for a waiting task. A webhook system's task is settled only by the system itself,
 * signed with its secret; a manual system's task by any caller the API lets in (an operator, or
 * the system's own tool, with the API key or IAM). A `working` report is a heartbeat; any other
 * settles the task once, with the records written to the export bundle's parts for an export, and
 * resumes the workflow. A report `by` a known person is written into the request's audit chain as
 * theirs once the task is settled, before the workflow resumes.
 */
export async function reportTaskResult(
  taskId: string,
  report: TaskReport,
  signed: { rawBody: string; signature: string | undefined },
  deps: ReportDeps,
  by?: ReportedBy,
): Promise<{ accepted: 'heartbeat' | 'result' }> {
  const task = await deps.tasks.get(taskId);
  if (!task) throw new NotFoundError(`No task ${taskId} is waiting for a report.`);
  const system = await deps.systems.get(task.systemId);
  if (system?.connector.kind === 'webhook') {
    const secret = await deps.systems.signingSecret(task.systemId);
    const check = secret ? checkSignature(signed.signature, secret, signed.rawBody, deps.now()) : 'mismatch';
    if (check !== 'valid') throw new SignatureError(SIGNATURE_REASONS[check]);
  }
  if (task.state === 'cancelled') {
    throw new DomainError('gone', `Task ${taskId} is no longer wanted: its request was cancelled, refused or its run ended.`);
  }
  if (task.state === 'finished' && task.error === 'States.Timeout') {
    throw new DomainError('gone', `Task ${taskId} is no longer waiting: it timed out and was recorded as failed.`);
  }
  if (task.state === 'finished') {
    throw new ConflictError(
      `Task ${taskId} has already been reported${task.outcome ? ` (${task.outcome}${task.finishedAt ? `, ${task.finishedAt}` : ''})` : ''}.`,
    );
  }
  if (!task.taskToken) throw new ConflictError(`Task ${taskId} has not started yet: report it once its system has been asked.`);
  const taskToken = task.taskToken;
  try {
    if (report.outcome === 'working') {
      await deps.reporter.heartbeat(taskToken);
      return { accepted: 'heartbeat' };
    }
    let partKey: string | undefined;
    let records = report.records ?? 0;
    if (task.action === 'export' && report.outcome === 'done' && report.data?.length) {
      if (!deps.s3 || !deps.dataBucket) throw new Error("This report taker has no data bucket: it cannot take an export's records.");
      partKey = exportPartKey(task.requestId, task.systemId);
      records = await writeJsonLinesPart({ s3: deps.s3, bucket: deps.dataBucket, key: partKey, records: toAsync(report.data) });
    }
    const outcome: SystemOutcome = {
      systemId: task.systemId,
      action: task.action,
      outcome: report.outcome,
      records,
      ...(partKey ? { partKey } : {}),
      ...(report.retained?.length ? { retained: report.retained } : {}),
      ...(report.outcome === 'failed' ? { error: (report.error ?? 'reported as failed by the system').slice(0, 300) } : {}),
    };
    await deps.tasks.finish(taskId, outcome, deps.now().toISOString(), { reported: true });
    if (by) {
      try {
        await recordReporter(task, outcome, by, deps.now());
      } catch (error) {
        // Not recorded as theirs, so not taken: the task waits for the report again.
        await deps.tasks.reopen(taskId);
        throw error;
      }
    }
    try {
      await deps.reporter.succeed(taskToken, outcome);
    } catch (error) {
      // The workflow did not take the report: unless it gave up on the task, the system may send it again.
      await deps.tasks.reopen(taskId);
      if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist) {
        // It counted the task as failed; the task says so too, not what came too late.
        const gaveUp: SystemOutcome = { systemId: task.systemId, action: task.action, outcome: 'failed', records: 0, error: 'States.Timeout' };
        await deps.tasks.finish(taskId, gaveUp, deps.now().toISOString());
      }
      throw error;
    }
    return { accepted: 'result' };
  } catch (error) {
    if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist) {
      throw new DomainError('gone', `Task ${taskId} is no longer waiting: it timed out and was recorded as failed.`, { cause: error });
    }
    throw error;
  }
}

async function* toAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** Where a webhook system reports the outcome of task `taskId` (POST /v1/tasks/{taskId}/result). */
export function taskResultUrl(publicBaseUrl: string, taskId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${reportPath(taskId)}`;
}
