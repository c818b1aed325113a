// Intake: a company system files a rights request; it is tracked with the deadlines the law sets.
import { computeDeadlines, type HolidayCalendar } from '../domain/deadlines.js';
import { INSTEAD_UNDER_LAW, isFiledUnder, LOCALES, type AccessDepth, type Jurisdiction, type Locale, type RequestType } from '../domain/request-model.js';
import { objectionStages } from '../domain/objection-stages.js';
import { requiredVerification, type ObjectionEffectAt } from '../domain/verification-policy.js';
import type { Actor } from '../audit/chain.js';
import { ConflictError, UnprocessableError } from '../errors.js';
import type { DataSystem } from '../fulfilment/model.js';
import { isScopeProblem, resolveObjection } from '../fulfilment/objection-scope.js';
import { logger } from '../logger.js';
import { subjectHash } from '../subject.js';
import { chooseLocale, type LocaleChoice } from '../text/languages.js';
import type { AccountDirectory } from '../verification/account-directory.js';
import { openGuardId, type RequestRecord } from './record.js';
import { OpenRequestExistsError, type NewAuditEvent, type RequestStore } from './request-store.js';
import { assertDocumentType, permissionKey, type PermissionContentType, type PermissionDocuments } from './permission-documents.js';

export interface FileRequestInput {
  type: RequestType;
  jurisdiction: Jurisdiction;
  subject: { email: string; name?: string; locale?: Locale; accountId?: string };
  /** The Accept-Language of the person filing in a browser, when a page filed it. */
  acceptLanguage?: string;
  receivedAt?: string;
  channel: string;
  /** An outside filer (`drp:<agent-id>`, `opendsr:<controller-id>`); absent for the company's own systems. */
  filer?: string;
  /** The outside filer's name where it is the subject's authorized agent (a DRP agent): the subject's mails name it. */
  filerName?: string;
  /** The configured name of the OpenDSR controller that sent it: the subject's mails say it came through that controller. */
  filedThrough?: string;
  agent?: { name: string; email: string; permission: { contentType: PermissionContentType; base64: string } };
  scope?: { systems?: string[]; purposes?: string[]; access?: AccessDepth };
  details?: string;
}

/** Where deadlines are computed: the controller's time zone and holiday region per jurisdiction. */
export type JurisdictionCalendars = Record<Jurisdiction, { timeZone: string; calendar: HolidayCalendar }>;

export interface FileRequestDeps {
  store: RequestStore;
  documents: PermissionDocuments;
  subjectKey: () => Promise<Buffer>;
  calendars: JurisdictionCalendars;
  newId: () => string;
  now: () => Date;
  actor: Actor;
  /** The data inventory an objection's scope is checked against; filers that take no objections leave it out. */
  inventory?: { list(): Promise<DataSystem[]> };
  /** The languages the deployment writes in; all the system knows when absent. */
  languages?: readonly Locale[];
  /** The account directory, asked for the subject's language when the filing names none. */
  accounts?: Pick<AccountDirectory, 'findByEmail'>;
}

export interface FileRequestOutcome {
  request: RequestRecord;
  /** Set when the subject already had an open request of this type from the same filer: that request is returned. */
  duplicateOf?: string;
}

/**
 * The subject's language: the filing's, the account directory's, the filer's browser's, then the
 * law's default (shared/text/languages.ts). A directory that cannot be read leaves the choice to the
 * next candidate: the language of a mail is no reason to refuse a request.
 */
async function subjectLocale(input: FileRequestInput, deps: FileRequestDeps): Promise<LocaleChoice> {
  const languages = deps.languages ?? LOCALES;
  const named = input.subject.locale !== undefined && languages.includes(input.subject.locale);
  let account: string | undefined;
  if (!named && deps.accounts) {
    account = await deps.accounts.findByEmail(input.subject.email).then(
      (found) => found?.locale,
      (error: unknown) => {
        logger.warn('Account directory not read for the language', { error: (error as Error).name });
        return undefined;
      },
    );
  }
  return chooseLocale({ request: input.subject.locale, account, browser: input.acceptLanguage }, input.jurisdiction, languages);
}

/**
 * Files a request: computes its deadlines and verification level, stores the agent's permission
 * document, and writes the request with its first audit events. A subject with an open request
 * of the same type from the same filer gets that one back, and the repeat is recorded in its audit
 * chain; a request from another filer is never returned (nor its existence shown): the caller's
 * filing becomes a request of its own, with its own id and clock.
 */
export async function fileRequest(input: FileRequestInput, deps: FileRequestDeps): Promise<FileRequestOutcome> {
  assertFiledUnderLaw(input.type, input.jurisdiction);
  const reaches = input.type === 'objection' ? await objectionReaches(input.scope, deps) : undefined;
  const now = deps.now();
  const hash = subjectHash(await deps.subjectKey(), input.subject.email);

  const open = await openRequest(hash, input, deps);
  if (open) return recordDuplicate(open, input, deps, now);

  const id = deps.newId();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  const { timeZone, calendar } = deps.calendars[input.jurisdiction];
  const verificationScope = { ...input.scope, ...(reaches ? { reaches } : {}) };
  // A GDPR objection to direct marketing that also erases stops at filing and erases once confirmed (shared/domain/objection-stages.ts).
  const staged = reaches !== undefined && objectionStages(input.jurisdiction, verificationScope) === 'stop-then-erase';
  const deadlines = computeDeadlines({
    jurisdiction: input.jurisdiction,
    type: input.type,
    receivedAt,
    calendar,
    timeZone,
    ...(input.scope ? { scope: input.scope } : {}),
    ...(reaches ? { erasesOnObjection: reaches.some((reach) => reach.effect === 'delete') } : {}),
  });
  const level = requiredVerification(input.type, input.jurisdiction, verificationScope);
  const language = await subjectLocale(input, deps);

  let agent: RequestRecord['agent'];
  if (input.agent) {
    const content = Buffer.from(input.agent.permission.base64, 'base64');
    assertDocumentType(content, input.agent.permission.contentType);
    const key = permissionKey(id, input.agent.permission.contentType);
    await deps.documents.put(key, content, input.agent.permission.contentType);
    agent = {
      name: input.agent.name,
      email: input.agent.email,
      permission: { key, contentType: input.agent.permission.contentType, bytes: content.byteLength },
    };
  }

  const at = now.toISOString();
  const nextStatus = level === 'none' ? 'verified' : 'awaiting-verification';
  const record: Omit<RequestRecord, 'auditSeq' | 'auditHead'> = {
    id,
    kind: 'request',
    type: input.type,
    jurisdiction: input.jurisdiction,
    status: nextStatus,
    version: 1,
    receivedAt: receivedAt.toISOString(),
    channel: input.channel,
    ...(input.filer ? { filer: input.filer } : {}),
    ...(input.filerName ? { filerName: input.filerName } : {}),
    ...(input.filedThrough ? { filedThrough: input.filedThrough } : {}),
    subjectHash: hash,
    subject: {
      email: input.subject.email,
      locale: language.locale,
      localeSource: language.source,
      ...(input.subject.accountId ? { accountId: input.subject.accountId } : {}),
    },
    ...(agent ? { agent } : {}),
    ...(input.scope ? { scope: input.scope } : {}),
    ...(input.details ? { details: input.details } : {}),
    verification: { level, state: level === 'none' ? 'not-required' : 'pending' },
    ...(staged ? { immediateStop: { state: 'pending' as const } } : {}),
    deadlines: { ...deadlines, extended: false },
    dueAt: deadlines.dueAt,
    createdAt: at,
    updatedAt: at,
  };
  const events: NewAuditEvent[] = [
    {
      type: 'request.received',
      at,
      actor: deps.actor,
      data: {
        type: input.type,
        jurisdiction: input.jurisdiction,
        channel: input.channel,
        receivedAt: record.receivedAt,
        dueAt: deadlines.dueAt,
        viaAgent: Boolean(agent) || Boolean(input.filerName),
      },
    },
    ...(nextStatus === 'verified'
      ? [
          { type: 'request.verified', at, actor: deps.actor, data: { verification: 'not-required' } },
          { type: 'fulfilment.requested', at, actor: deps.actor, data: { workflow: 'fulfilment' } },
        ]
      : [
          { type: 'request.awaiting-verification', at, actor: deps.actor, data: { level } },
          ...(staged ? [{ type: 'fulfilment.requested', at, actor: deps.actor, data: { workflow: 'fulfilment', stage: 'stop' } }] : []),
        ]),
  ];

  try {
    const created = await deps.store.create(record, events);
    logger.info('Request filed', { requestId: id, type: input.type, jurisdiction: input.jurisdiction, status: nextStatus });
    return { request: created };
  } catch (error) {
    if (agent) await deps.documents.delete(agent.permission.key).catch(() => undefined);
    if (error instanceof OpenRequestExistsError) {
      // Another filing for the same subject and type won the race: answer as for any duplicate.
      const winner = await deps.store.get(error.openRequestId);
      if (winner) return recordDuplicate(winner, input, deps, now);
    }
    throw error;
  }
}

/** Refuses a type the law does not give (a GDPR sale opt-in), naming where the person's wish goes instead. */
export function assertFiledUnderLaw(type: RequestType, jurisdiction: Jurisdiction): void {
  if (isFiledUnder(type, jurisdiction)) return;
  throw new UnprocessableError(
    INSTEAD_UNDER_LAW[type] ?? `A ${type} request is not filed under the ${jurisdiction.toUpperCase()}.`,
    [{ path: 'jurisdiction', message: `a ${type} request is not filed under ${jurisdiction}` }],
    { code: 'not-under-law' },
  );
}

/**
 * What an objection does in each system it reaches, for its verification. Refuses an objection
 * whose scope would change nothing (no system, or only systems where an objection does not apply)
 * or names what the inventory does not know, naming what it knows.
 */
async function objectionReaches(scope: FileRequestInput['scope'], deps: FileRequestDeps): Promise<ObjectionEffectAt[]> {
  if (!deps.inventory) throw new Error('Filing an objection needs the data inventory');
  const reach = resolveObjection(scope, await deps.inventory.list());
  if (!isScopeProblem(reach)) return reach.targets.map((target) => ({ systemId: target.systemId, effect: target.rule.effect }));
  throw new UnprocessableError(
    `The objection's scope cannot be carried out. Known systems: ${reach.knownSystems.join(', ') || 'none'}. Known purposes: ${reach.knownPurposes.join(', ')}.`,
    reach.problems,
    { code: 'objection-scope' },
  );
}

async function openRequest(hash: string, input: FileRequestInput, deps: FileRequestDeps): Promise<RequestRecord | undefined> {
  const openId = await deps.store.openRequestId(openGuardId(hash, input.jurisdiction, input.type, input.filer));
  return openId ? deps.store.get(openId) : undefined;
}

/** Appends the repeat to the open request's chain, re-reading it when a concurrent write got there first. */
async function recordDuplicate(open: RequestRecord, input: FileRequestInput, deps: FileRequestDeps, now: Date): Promise<FileRequestOutcome> {
  const event: NewAuditEvent = {
    type: 'request.duplicate-received',
    at: now.toISOString(),
    actor: deps.actor,
    data: { channel: input.channel, viaAgent: Boolean(input.agent) },
  };
  let current = open;
  for (let attempt = 1; ; attempt++) {
    try {
      const updated = await deps.store.record(current, [event], {}, now);
      logger.info('Duplicate request recorded', { requestId: open.id, type: open.type });
      return { request: updated, duplicateOf: open.id };
    } catch (error) {
      const reread = error instanceof ConflictError && attempt < 5 ? await deps.store.get(open.id) : undefined;
      if (!reread) throw error;
      current = reread;
    }
  }
}
