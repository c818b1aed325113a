// The steps of the fulfilment workflow that touch the request: begin, finish, and fail for an operator.
import type { Actor } from '../audit/chain.js';
import type { Locale } from '../domain/request-model.js';
import { NotFoundError } from '../errors.js';
import { logger } from '../logger.js';
import { viaAgent, type RequestRecord } from '../requests/record.js';
import type { NewAuditEvent, RequestStore } from '../requests/request-store.js';
import type { AccountDirectory } from '../verification/account-directory.js';
import type { Notify } from '../verification/verify-request.js';
import type { CompletedNotice } from '../notices/catalogue.js';
import { inLocale, type DataSystem, type RetentionRule, type SystemOutcome } from './model.js';
import { DEFAULT_STOPPED_PURPOSES, planFulfilment, type PlannedTask } from './plan.js';
import { objectionStage, startErasure, STOP_RUN } from './objection-runs.js';
import { isFinal } from '../domain/lifecycle.js';
import type { WorkflowStarter } from '../verification/workflow-starter.js';
import { DEFAULT_OBJECTED_PURPOSES, DIRECT_MARKETING, isScopeProblem, resolveObjection } from './objection-scope.js';
import type { SuppressionReason } from '../preferences/suppression-list.js';
import { describeRecipient, disclosureYear, type Disclosure } from '../notifications/disclosure-register.js';
import type { ConsentStore } from '../preferences/consent-store.js';
import { recordRequestChoices } from '../preferences/consents.js';
import { KEEP_AFTER_DUE_SECONDS, type TaskStore } from './task-store.js';
import { closeRequestTasks, taskDueAt, taskIdFor, type CloseTasksDeps } from './tasks.js';
import { EXPORT_LINK_MAX_USES } from './export-links.js';
import type { OwnCopiesErased } from './own-copies.js';

const WORKFLOW: Actor = { kind: 'workflow', id: 'fulfilment' };

export interface SystemDirectory {
  list(): Promise<DataSystem[]>;
}

export interface BeginDeps {
  store: RequestStore;
  systems: SystemDirectory;
  accounts: AccountDirectory;
  /** Where each planned task is recorded, so the request and the task list show it from the start. */
  tasks: Pick<TaskStore, 'open'>;
  now: () => Date;
}

export interface BegunFulfilment {
  requestId: string;
  tasks: PlannedTask[];
  decided: SystemOutcome[];
  exports: boolean;
  bundle: null;
}

/**
 * Moves a verified request to in-progress, learns the subject's account when only their email is
 * known, and plans each system's part. Run again (a retried step) it plans again without a second
 * status change; a request no longer to be fulfilled (cancelled meanwhile) gets an empty plan.
 */
export async function beginFulfilment(requestId: string, deps: BeginDeps): Promise<BegunFulfilment> {
  let request = await deps.store.get(requestId, deps.now());
  if (!request) throw new NotFoundError(`No request ${requestId}.`);
  const empty: BegunFulfilment = { requestId, tasks: [], decided: [], exports: false, bundle: null };
  const stage = objectionStage(request);
  if (stage === 'stop') {
    if (isFinal(request.status)) return empty;
  } else if (request.status !== 'verified' && request.status !== 'in-progress') return empty;
  const systems = await deps.systems.list();
  const run = stage === 'stop' ? STOP_RUN : (request.fulfilmentRun ?? 1);
  const plan = planFulfilment(
    { requestId, type: request.type, ...(request.scope ? { scope: request.scope } : {}), ...(stage ? { stage } : {}) },
    systems,
    (systemId) => taskIdFor(requestId, run, systemId),
  );
  const planned = deps.now();
  await Promise.all(
    plan.tasks.map((task) => {
      const dueAt = taskDueAt(planned, task.timeoutSeconds);
      return deps.tasks.open({
        taskId: task.taskId,
        requestId,
        systemId: task.systemId,
        action: task.action,
        connector: task.connector,
        state: 'open',
        createdAt: planned.toISOString(),
        dueAt,
        expiresAt: Math.floor(Date.parse(dueAt) / 1000) + KEEP_AFTER_DUE_SECONDS,
      });
    }),
  );
  if (stage === 'stop') {
    // The stop runs before the subject confirmed anything: the request keeps its status, and learns the account the systems key on.
    const accountId = request.subject.accountId ?? (await deps.accounts.findByEmail(request.subject.email))?.accountId;
    const now = deps.now();
    await deps.store.record(
      request,
      [{ type: 'fulfilment.stop-started', at: now.toISOString(), actor: WORKFLOW, data: { systems: plan.tasks.length, accountKnown: Boolean(accountId) } }],
      accountId && !request.subject.accountId ? { subject: { ...request.subject, accountId } } : {},
      now,
    );
  } else if (request.status === 'verified') {
    const accountId = request.subject.accountId ?? (await deps.accounts.findByEmail(request.subject.email))?.accountId;
    const now = deps.now();
    request = await deps.store.transition(
      request,
      'in-progress',
      [
        {
          type: 'fulfilment.started',
          at: now.toISOString(),
          actor: WORKFLOW,
          data: { systems: plan.tasks.length, settled: plan.decided.length, accountKnown: Boolean(accountId) },
        },
      ],
      accountId ? { subject: { ...request.subject, accountId } } : {},
      now,
    );
  }
  return { requestId, tasks: plan.tasks, decided: plan.decided, exports: plan.exports, bundle: null };
}

export interface FinishInput {
  requestId: string;
  outcomes: SystemOutcome[];
  decided: SystemOutcome[];
  bundle: { key: string } | null;
}

export interface FinishDeps {
  store: RequestStore;
  systems: SystemDirectory;
  notify: Notify;
  /** The register a Shine the Light request is answered from. */
  disclosures: { list(year: string): Promise<Disclosure[]>; listAll(): Promise<Disclosure[]> };
  /** Where marketing objections, withdrawals and opt-outs put the subject. */
  suppressions: { suppress(email: string, reason: SuppressionReason, at: Date, requestId?: string): Promise<void> };
  /** The consent register, which a withdrawal, objection or opt-out updates with the request as its source. */
  consents: Pick<ConsentStore, 'append'>;
  /** Issues a download link for a bundle, remembering the subject's language for its pages, and returns its URL and expiry. */
  exportLink: (requestId: string, key: string, locale: Locale) => Promise<{ url: string; validUntil: string }>;
  /** Erases privacy-ops' own copies of an erased subject's data (exports, documents, consent history). */
  eraseOwnCopies: (erasure: RequestRecord) => Promise<OwnCopiesErased>;
  /** The request's tasks: each settles with the outcome the workflow collected (a timed-out one with its failure). */
  tasks: Pick<TaskStore, 'finish'>;
  /** Starts a staged objection's erasure once its stop is done, where the subject confirmed it meanwhile. */
  workflows: Pick<WorkflowStarter, 'start'>;
  now: () => Date;
}

/** The request's status once every system has answered: any failure, retained data or system the request did not reach is said, never hidden. */
export function closingStatus(outcomes: readonly SystemOutcome[]): 'completed' | 'partially-completed' {
  return outcomes.some((o) => o.outcome === 'failed' || o.outcome === 'retained' || o.outcome === 'not-applicable') ? 'partially-completed' : 'completed';
}

/**
 * Records each system's outcome in the audit chain, closes the request as completed or partially
 * completed, and tells the subject: the download link for an export, and what each system did,
 * kept and why. A request already closed is left as it is.
 */
export async function finishFulfilment(input: FinishInput, deps: FinishDeps): Promise<{ status: string }> {
  const request = await deps.store.get(input.requestId, deps.now());
  if (!request) throw new NotFoundError(`No request ${input.requestId}.`);
  if (objectionStage(request) === 'stop') return finishStop(request, input, deps);
  // The workflow's retry after the stop's notice failed: the stop is recorded, the subject not yet told.
  if (request.immediateStop && !request.immediateStop.noticeSentAt) await tellStopped(request, deps);
  if (request.status !== 'in-progress') {
    // The workflow's retry after the closing notice failed: the request is closed, the subject not yet told.
    const { fulfilment } = request;
    if ((request.status === 'completed' || request.status === 'partially-completed') && fulfilment && !fulfilment.noticeSentAt) {
      await sendClosingNotice(request, fulfilment.outcomes, fulfilment.exportKey ? { key: fulfilment.exportKey } : null, deps);
    }
    return { status: request.status };
  }
  // A staged objection's answer tells what its stop did at filing beside what its erasure did.
  const all = [...(request.immediateStop?.outcomes ?? []), ...input.decided, ...input.outcomes].sort((a, b) => a.systemId.localeCompare(b.systemId));
  const status = closingStatus(all);
  const now = deps.now();
  const at = now.toISOString();
  const run = request.fulfilmentRun ?? 1;
  // Tasks the workflow settled without a report (a timeout, a connector that failed for good) are still open in the store.
  await Promise.all(input.outcomes.map((o) => deps.tasks.finish(taskIdFor(request.id, run, o.systemId), o, at)));
  const objection = request.type === 'objection' ? await objectionReach(request, deps.systems) : undefined;
  const suppression = marketingSuppression(request, objection);
  if (suppression) await deps.suppressions.suppress(request.subject.email, suppression, now, request.id);
  const events: NewAuditEvent[] = all.map((o) => ({
    type: 'fulfilment.system-outcome',
    at,
    actor: WORKFLOW,
    data: {
      systemId: o.systemId,
      action: o.action,
      outcome: o.outcome,
      records: o.records,
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.error ? { error: o.error } : {}),
    },
  }));
  if (suppression) events.push({ type: 'preferences.marketing-suppressed', at, actor: WORKFLOW, data: { reason: suppression } });
  if (suppression === 'erased') {
    const erased = await deps.eraseOwnCopies(request);
    events.push({ type: 'erasure.own-copies-erased', at, actor: WORKFLOW, data: { ...erased } });
  }
  // An objection records the purposes it objected to, also those of the systems it named.
  const chosen = objection ? { ...request, scope: { ...request.scope, purposes: objection.purposes } } : request;
  const choices = await recordRequestChoices(chosen, DEFAULT_STOPPED_PURPOSES, { store: deps.consents, now: deps.now });
  if (choices.length > 0) {
    events.push({ type: 'preferences.register-updated', at, actor: WORKFLOW, data: { choices: choices.map((c) => `${c.purpose}:${c.action}`).join(',') } });
  }
  events.push({ type: `request.${status}`, at, actor: WORKFLOW, data: { systems: all.length, exported: Boolean(input.bundle) } });
  const closed = await deps.store.transition(
    request,
    status,
    events,
    {
      fulfilment: { outcomes: all, finishedAt: at, ...(input.bundle ? { exportKey: input.bundle.key } : {}) },
    },
    now,
  );
  await sendClosingNotice(closed, all, input.bundle, deps);
  return { status };
}

/**
 * Closes the stop of a staged objection, carried out at filing: records what each system did, puts
 * the subject on the suppression list, records the objection in the consent register, tells the
 * subject once that marketing stopped and what still waits for their confirmation, and starts the
 * erasure where they confirmed it meanwhile. The request keeps its status: it is not answered yet.
 */
async function finishStop(request: RequestRecord, input: FinishInput, deps: FinishDeps): Promise<{ status: string }> {
  const outcomes = [...input.decided, ...input.outcomes].sort((a, b) => a.systemId.localeCompare(b.systemId));
  const now = deps.now();
  const at = now.toISOString();
  await Promise.all(input.outcomes.map((o) => deps.tasks.finish(taskIdFor(request.id, STOP_RUN, o.systemId), o, at)));
  const objection = await objectionReach(request, deps.systems);
  const events: NewAuditEvent[] = outcomes.map((o) => ({
    type: 'fulfilment.system-outcome',
    at,
    actor: WORKFLOW,
    data: { systemId: o.systemId, action: o.action, outcome: o.outcome, records: o.records, stage: 'stop', ...(o.error ? { error: o.error } : {}) },
  }));
  if (objection.marketing) {
    await deps.suppressions.suppress(request.subject.email, 'objection', now, request.id);
    events.push({ type: 'preferences.marketing-suppressed', at, actor: WORKFLOW, data: { reason: 'objection' } });
  }
  const choices = await recordRequestChoices({ ...request, scope: { ...request.scope, purposes: objection.purposes } }, DEFAULT_STOPPED_PURPOSES, {
    store: deps.consents,
    now: deps.now,
  });
  if (choices.length > 0) {
    events.push({ type: 'preferences.register-updated', at, actor: WORKFLOW, data: { choices: choices.map((c) => `${c.purpose}:${c.action}`).join(',') } });
  }
  events.push({
    type: 'objection.stopped',
    at,
    actor: WORKFLOW,
    data: { systems: outcomes.length, failed: outcomes.filter((o) => o.outcome === 'failed').length },
  });
  const stopped = await deps.store.record(request, events, { immediateStop: { state: 'done', outcomes, finishedAt: at } }, now);
  await tellStopped(stopped, deps);
  return { status: stopped.status };
}

/**
 * Mails the subject that their objection to direct marketing took effect, once, and what still
 * waits for their confirmation; then starts the erasure if they already confirmed it.
 */
async function tellStopped(request: RequestRecord, deps: FinishDeps): Promise<void> {
  const stop = request.immediateStop!;
  const systems = new Map((await deps.systems.list()).map((s) => [s.systemId, s]));
  const { email, locale } = request.subject;
  const nameOf = (id: string) => {
    const system = systems.get(id);
    return system ? inLocale(system.names, locale, system.name) : id;
  };
  const reach = resolveObjection(request.scope, [...systems.values()]);
  const toErase = isScopeProblem(reach) ? [] : reach.targets.filter((t) => t.rule.effect === 'delete').map((t) => nameOf(t.systemId));
  try {
    await deps.notify(
      email,
      {
        kind: 'objection-stopped',
        jurisdiction: 'gdpr',
        systems: (stop.outcomes ?? []).map((o) => ({ system: nameOf(o.systemId), outcome: o.outcome, records: o.records })),
        toErase,
        confirmed: request.status !== 'awaiting-verification',
        ...viaAgent(request),
      },
      locale,
      request.deadlines.timeZone,
      { requestId: request.id },
    );
  } catch (error) {
    logger.error('Stop notice not sent; the workflow retries', { requestId: request.id, error: (error as Error).name });
    throw error;
  }
  const at = deps.now().toISOString();
  const told = await deps.store.record(request, [{ type: 'notice.stop-sent', at, actor: WORKFLOW, data: { toErase: toErase.length } }], {
    immediateStop: { ...stop, noticeSentAt: at },
  });
  if (told.status === 'verified') await startErasure(told, WORKFLOW, deps);
}

/**
 * Tells the subject how their request ended and records that it did. When mailing fails the error
 * goes up, so the workflow runs this step again: the request stays closed and the notice goes out then.
 */
async function sendClosingNotice(request: RequestRecord, outcomes: SystemOutcome[], bundle: { key: string } | null, deps: FinishDeps) {
  let told: { exportValidUntil?: string };
  try {
    told = await tellSubject(request, outcomes, bundle, deps);
  } catch (error) {
    logger.error('Closing notice not sent; the workflow retries', { requestId: request.id, error: (error as Error).name });
    throw error;
  }
  const at = deps.now().toISOString();
  // The export's end is kept on the request: the status page offers the download until then.
  await deps.store.record(request, [{ type: 'notice.closing-sent', at, actor: WORKFLOW, data: { kind: request.status } }], {
    fulfilment: { ...request.fulfilment!, noticeSentAt: at, ...told },
  });
}

interface ObjectedPurposes {
  purposes: string[];
  marketing: boolean;
}

/**
 * The purposes an objection objected to, as its plan read them: those named, else those of the
 * systems named (one to direct marketing when one of them serves it), else direct marketing. An
 * inventory changed since the plan leaves the purposes named, or direct marketing.
 */
async function objectionReach(request: RequestRecord, systems: SystemDirectory): Promise<ObjectedPurposes> {
  const reach = resolveObjection(request.scope, await systems.list());
  if (!isScopeProblem(reach)) return { purposes: reach.purposes, marketing: reach.marketing };
  const purposes = request.scope?.purposes?.length ? request.scope.purposes : [...DEFAULT_OBJECTED_PURPOSES];
  return { purposes, marketing: purposes.includes(DIRECT_MARKETING) };
}

/**
 * A request that ends marketing to the subject puts them on the suppression list, whatever the
 * systems did. An erasure (a deletion not limited to some systems) does too: the marketing list
 * lost the address, and only the keyed hash keeps a later mail from reaching the erased person.
 */
function marketingSuppression(request: RequestRecord, objection: ObjectedPurposes | undefined): SuppressionReason | undefined {
  if (request.type === 'marketing-opt-out') return 'marketing-opt-out';
  if (request.type === 'deletion') return request.scope?.systems?.length ? undefined : 'erased';
  if (objection) return objection.marketing ? 'objection' : undefined;
  if (request.type !== 'consent-withdrawal') return undefined;
  const purposes = request.scope?.purposes?.length ? request.scope.purposes : DEFAULT_STOPPED_PURPOSES;
  return purposes.includes('marketing') ? request.type : undefined;
}

/**
 * Who received the subject's data, as each law asks. CCPA (Cal. Civ. Code 1798.83): the third
 * parties that received it for their own direct marketing in the calendar year before the request,
 * from the disclosure register. GDPR (Art. 15(1)(c)): the recipients or categories of recipients of
 * any purpose, with no time limit: those the inventory's systems declare (any purpose, and direct
 * marketing) and every disclosure the register holds. An empty answer is an answer too.
 */
async function recipientsAnswer(
  request: RequestRecord,
  systems: readonly DataSystem[],
  disclosures: FinishDeps['disclosures'],
): Promise<Pick<CompletedNotice, 'recipients' | 'recipientsScope'>> {
  if (request.jurisdiction === 'ccpa') {
    return { recipients: (await disclosures.list(disclosureYear(request.receivedAt, request.deadlines.timeZone))).map(describeRecipient) };
  }
  const declared = systems.flatMap((system) => [...(system.recipients ?? []), ...system.marketingRecipients]);
  const recorded = (await disclosures.listAll()).map(describeRecipient);
  return { recipients: [...new Set([...declared, ...recorded])], recipientsScope: 'any-purpose' };
}

/** A request carried out with no confirmation from the subject: its answer says how to undo it. */
const asFiled = (request: RequestRecord): { withoutConfirmation?: true } => (request.verification.level === 'none' ? { withoutConfirmation: true } : {});

/** Mails the answer (and the export's link); says until when that link works. */
async function tellSubject(
  request: RequestRecord,
  outcomes: SystemOutcome[],
  bundle: { key: string } | null,
  deps: FinishDeps,
): Promise<{ exportValidUntil?: string }> {
  const systems = new Map((await deps.systems.list()).map((s) => [s.systemId, s]));
  const { email, locale } = request.subject;
  // Each system in the subject's language, else as registered (inventory texts per language: shared/fulfilment/model.ts).
  const nameOf = (id: string) => {
    const system = systems.get(id);
    return system ? inLocale(system.names, locale, system.name) : id;
  };
  const reasonOf = (o: SystemOutcome, reason: string) => {
    const rule = systems.get(o.systemId)?.objection;
    return rule?.effect === 'not-applicable' && rule.reason === reason ? inLocale(rule.reasons, locale, reason) : reason;
  };
  const categoryOf = (systemId: string, kept: RetentionRule) => {
    const rule = systems.get(systemId)?.retention.find((r) => r.category === kept.category && r.legalBasis === kept.legalBasis);
    return inLocale(rule?.categoryNames ?? kept.categoryNames, locale, kept.category);
  };
  const legalBasisOf = (systemId: string, kept: RetentionRule) => {
    const rule = systems.get(systemId)?.retention.find((r) => r.category === kept.category && r.legalBasis === kept.legalBasis);
    return inLocale(rule?.legalBases, locale, kept.legalBasis);
  };
  const { timeZone } = request.deadlines;
  let told: { exportValidUntil?: string } = {};
  if (bundle) {
    const link = await deps.exportLink(request.id, bundle.key, locale);
    told = { exportValidUntil: link.validUntil };
    await deps.notify(
      email,
      { kind: 'export-ready', downloadUrl: link.url, expiresAt: link.validUntil, maxDownloads: EXPORT_LINK_MAX_USES },
      locale,
      timeZone,
      {
        requestId: request.id,
      },
    );
  }
  const summaries = outcomes.map((o) => ({
    system: nameOf(o.systemId),
    outcome: o.outcome,
    records: o.records,
    ...(o.reason ? { reason: reasonOf(o, o.reason) } : {}),
    ...(request.type !== 'deletion' && (o.action === 'delete' || o.action === 'anonymise') ? { erased: true } : {}),
  }));
  if (request.status === 'completed') {
    const recipients = request.type === 'third-party-disclosure' ? await recipientsAnswer(request, [...systems.values()], deps.disclosures) : {};
    await deps.notify(
      email,
      { kind: 'completed', requestType: request.type, systems: summaries, ...recipients, ...viaAgent(request), ...asFiled(request) },
      locale,
      timeZone,
      { requestId: request.id },
    );
    return told;
  }
  await deps.notify(
    email,
    {
      kind: 'partially-completed',
      requestType: request.type,
      jurisdiction: request.jurisdiction,
      systems: summaries,
      retained: outcomes.flatMap((o) =>
        (o.retained ?? []).map((r) => ({ system: nameOf(o.systemId), reason: categoryOf(o.systemId, r), legalBasis: legalBasisOf(o.systemId, r) })),
      ),
      failed: outcomes.filter((o) => o.outcome === 'failed').map((o) => nameOf(o.systemId)),
      ...viaAgent(request),
      ...asFiled(request),
    },
    locale,
    timeZone,
    { requestId: request.id },
  );
  return told;
}

/**
 * The workflow's error path: the request is marked failed with what failed, so it shows up for an
 * operator. Only the error's name is recorded; causes can hold data.
 */
export async function markFulfilmentFailed(
  requestId: string,
  failure: { Error?: string } | undefined,
  deps: { store: RequestStore; now: () => Date } & CloseTasksDeps,
) {
  const request = await deps.store.get(requestId, deps.now());
  if (!request) throw new NotFoundError(`No request ${requestId}.`);
  if (request.status !== 'verified' && request.status !== 'in-progress') return { status: request.status };
  const now = deps.now();
  // The run is over: its open tasks will get no report it could take; a resume opens new ones.
  await closeRequestTasks(requestId, request.fulfilmentRun ?? 1, now, deps);
  await deps.store.transition(
    request,
    'failed',
    [{ type: 'fulfilment.failed', at: now.toISOString(), actor: WORKFLOW, data: { error: (failure?.Error ?? 'unknown').slice(0, 200) } }],
    {},
    now,
  );
  return { status: 'failed' };
}
