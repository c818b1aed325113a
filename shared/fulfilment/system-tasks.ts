// Systems that do their own part: the signed call to a webhook, and the report that resumes the workflow.
import type { S3Client } from '@aws-sdk/client-s3';
import { TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { ConflictError, DomainError, NotFoundError, UnauthorizedError } from '../errors.js';
import type { RequestStore } from '../requests/request-store.js';
import { exportPartKey, writeJsonLinesPart } from './connectors/export-part.js';
import type { DataSystem, RetentionRule, SystemOutcome } from './model.js';
import type { PlannedTask } from './plan.js';
import { checkSignature, SIGNATURE_HEADER, signBody } from './signatures.js';
import type { SfnTaskReporter } from './step-functions.js';
import type { TaskStore } from './task-store.js';

/** How long a webhook has to accept the call (its real answer comes later). */
const CALL_TIMEOUT_MS = 10_000;

/** Task records outlive the task's own timeout by this much, then DynamoDB may drop them. */
const KEEP_AFTER_TIMEOUT_SECONDS = 7 * 24 * 3600;

export interface SystemLookup {
  get(systemId: string): Promise<DataSystem | undefined>;
  signingSecret(systemId: string): Promise<string | undefined>;
}

export interface CallDeps {
  store: RequestStore;
  systems: SystemLookup;
  tasks: TaskStore;
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
 * Leaves a task waiting for the system's report (keeping the workflow's token), and for a webhook
 * system sends it the signed call. A manual task waits for a person to report through the API.
 */
export async function callSystem(task: PlannedTask, taskToken: string, deps: CallDeps): Promise<void> {
  const now = deps.now();
  const [request, system] = await Promise.all([deps.store.get(task.requestId, now), deps.systems.get(task.systemId)]);
  if (!request) throw new NotFoundError(`No request ${task.requestId}.`);
  if (!system) throw new NotFoundError(`No system ${task.systemId}.`);
  await deps.tasks.put({
    taskId: task.taskId,
    requestId: task.requestId,
    systemId: task.systemId,
    action: task.action,
    taskToken,
    state: 'waiting',
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + task.timeoutSeconds + KEEP_AFTER_TIMEOUT_SECONDS,
  });
  if (system.connector.kind !== 'webhook') return;
  const secret = await deps.systems.signingSecret(system.systemId);
  if (!secret) throw new WebhookCallError(`System ${system.systemId} has no signing secret; register it again.`);
  const call: WebhookCall = {
    taskId: task.taskId,
    requestId: task.requestId,
    systemId: task.systemId,
    action: task.action,
    subject: { email: request.subject.email, ...(request.subject.accountId ? { accountId: request.subject.accountId } : {}) },
    reportTo: `${deps.publicBaseUrl.replace(/\/+$/, '')}/v1/tasks/${task.taskId}/result`,
    respondBy: new Date(now.getTime() + task.timeoutSeconds * 1000).toISOString(),
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
  tasks: TaskStore;
  reporter: Pick<SfnTaskReporter, 'succeed' | 'heartbeat'>;
  s3: S3Client;
  dataBucket: string;
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

/**
 * Takes a system's report for a waiting task. Webhook systems must sign it with their secret; a
 * `working` report is a heartbeat; any other settles the task once, with the records written to
 * the export bundle's parts for an export, and resumes the workflow.
 */
export async function reportTaskResult(
  taskId: string,
  report: TaskReport,
  signed: { rawBody: string; signature: string | undefined },
  deps: ReportDeps,
): Promise<{ accepted: 'heartbeat' | 'result' }> {
  const task = await deps.tasks.get(taskId);
  if (!task) throw new NotFoundError(`No task ${taskId} is waiting for a report.`);
  const system = await deps.systems.get(task.systemId);
  if (system?.connector.kind === 'webhook') {
    const secret = await deps.systems.signingSecret(task.systemId);
    const check = secret ? checkSignature(signed.signature, secret, signed.rawBody, deps.now()) : 'mismatch';
    if (check !== 'valid') throw new SignatureError(SIGNATURE_REASONS[check]);
  }
  if (task.state !== 'waiting') throw new ConflictError(`Task ${taskId} has already been reported.`);
  try {
    if (report.outcome === 'working') {
      await deps.reporter.heartbeat(task.taskToken);
      return { accepted: 'heartbeat' };
    }
    let partKey: string | undefined;
    let records = report.records ?? 0;
    if (task.action === 'export' && report.outcome === 'done' && report.data?.length) {
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
    await deps.tasks.markReported(taskId);
    try {
      await deps.reporter.succeed(task.taskToken, outcome);
    } catch (error) {
      // The workflow did not take the report: unless it gave up on the task, the system may send it again.
      if (!(error instanceof TaskTimedOut || error instanceof TaskDoesNotExist)) await deps.tasks.markWaiting(taskId);
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
