// Email intake, the flow: one mail received at the privacy address is parsed, understood, and then
// filed (each right a request, through the same intake as the API), recorded on the request it
// answers, sent to the triage inbox, or ignored; a filed mail is answered at once, threaded to it.
import { createHash } from 'node:crypto';
import type { Actor } from '../audit/chain.js';
import { computeDeadlines } from '../domain/deadlines.js';
import { isFiledUnder, JURISDICTIONS, REQUEST_TYPES, type Jurisdiction, type Locale, type RequestType } from '../domain/request-model.js';
import { ConflictError, DomainError } from '../errors.js';
import { logger } from '../logger.js';
import type { FileRequestInput, FileRequestOutcome, JurisdictionCalendars } from '../requests/file-request.js';
import type { RequestRecord } from '../requests/record.js';
import type { NewAuditEvent, RequestStore } from '../requests/request-store.js';
import { maskEmail, subjectHash } from '../subject.js';
import type { InboxMail, InboxStore, MailVerdicts } from './inbox-store.js';
import { parseMail, type ParsedMail } from './parse-mail.js';
import { understandMail, type Understanding } from './understand-mail.js';

/** A mail as it reached us: its bytes, where they are kept, when it arrived and what SES (or mailauth) found. */
export interface ReceivedMail {
  raw: Uint8Array;
  rawKey: string;
  receivedAt: string;
  verdicts: MailVerdicts;
}

/** How a filed request is answered: threaded to the mail, saying what was understood. */
export interface EmailAnswer {
  /** The address the answer goes to: the sender (the subject, or the agent who wrote). */
  to: string;
  /** Headers that thread the answer to the mail and mark it as an automatic reply. */
  headers: Record<string, string>;
  /** Every right the mail was understood to ask. */
  rights: RequestType[];
}

export interface ReceiveMailDeps {
  inbox: Pick<InboxStore, 'claim' | 'get' | 'put' | 'noticeRequest' | 'countAnswer' | 'close' | 'open'>;
  requests: Pick<RequestStore, 'get' | 'record'>;
  /** The account directory, for the law and language of a sender it knows. */
  accounts?: { findByEmail(email: string): Promise<{ locale?: string; jurisdiction?: Jurisdiction } | undefined> };
  /** Files one request, as the API's intake does (`fileRequest` with its deps). */
  file: (input: FileRequestInput) => Promise<FileRequestOutcome>;
  /**
   * After filing: the confirmation mail (or fulfilment at once); with `answer`, the mail to the
   * sender is threaded and says what was understood; without it, no mail goes to the sender.
   */
  afterFiled: (request: RequestRecord, answer: EmailAnswer | undefined) => Promise<RequestRecord>;
  subjectKey: () => Promise<Buffer>;
  calendars: JurisdictionCalendars;
  /** The addresses mail is received at and sent from. */
  ourAddresses: readonly string[];
  languages: readonly Locale[];
  /** Answers a sender gets per day at most; mail past that is filed without an answer. */
  answersPerDay: number;
  /** Days a mail's record and raw form are kept after receipt. */
  retentionDays: number;
  newId: () => string;
  now: () => Date;
}

export interface ReceiveOutcome {
  mail: InboxMail;
  /** Set when the Message-ID was received before and that mail's intake had finished: nothing was done again. */
  duplicate?: true;
}

const INTAKE: Actor = { kind: 'system', id: 'email-intake' };

/** The mail's own words, at most this long, in the triage inbox. */
const EXCERPT_CHARS = 280;

/**
 * Takes one mail in. A Message-ID already taken in is not filed twice (SES redelivers; senders
 * resend): the first mail's record is returned. Nothing from the mail's text is logged.
 */
export async function receiveMail(received: ReceivedMail, deps: ReceiveMailDeps): Promise<ReceiveOutcome> {
  const now = deps.now();
  const purgeAt = Math.floor(new Date(received.receivedAt).getTime() / 1000) + deps.retentionDays * 86_400;
  const parsed = await parseMail(received.raw, { virusFound: received.verdicts.virus === 'FAIL' });
  const identity = parsed.messageId ? `id:${parsed.messageId.toLowerCase()}` : `sha256:${createHash('sha256').update(received.raw).digest('hex')}`;
  const claim = await deps.inbox.claim(identity, deps.newId(), purgeAt);
  if (!claim.first && claim.finished) {
    logger.info('Mail received before: not taken in again', { mailId: claim.mailId });
    return { mail: (await deps.inbox.get(claim.mailId)) ?? placeholder(claim.mailId, received, purgeAt), duplicate: true };
  }
  const mailId = claim.mailId;

  const account = parsed.from ? await lookUpAccount(parsed.from.address, deps) : undefined;
  const repliesToRequest = await noticeAnswered(parsed, deps);
  const understanding = understandMail(parsed, {
    ourAddresses: deps.ourAddresses,
    languages: deps.languages,
    ...(repliesToRequest ? { repliesToRequest } : {}),
    ...(account ? { account } : {}),
    ...(received.verdicts.spam !== 'NOT_CHECKED' ? { spamVerdict: received.verdicts.spam as 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' } : {}),
  });

  const base: InboxMail = {
    id: mailId,
    receivedAt: received.receivedAt,
    rawKey: received.rawKey,
    bytes: received.raw.byteLength,
    ...(parsed.from ? { from: parsed.from.address } : {}),
    ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
    locale: 'locale' in understanding ? understanding.locale : (deps.languages[0] ?? 'en'),
    verdicts: received.verdicts,
    outcome: 'ignored',
    why: understanding.why,
    rights: understanding.action === 'file' || understanding.action === 'triage' ? understanding.rights : [],
    requestIds: [],
    purgeAt,
  };

  let mail: InboxMail;
  switch (understanding.action) {
    case 'ignore':
      mail = { ...base, outcome: 'ignored', reason: understanding.reason, answered: false, notAnsweredBecause: 'automatic' };
      break;
    case 'triage':
      mail = triage(base, parsed, understanding.reason, deps);
      break;
    case 'correspondence':
      mail = await correspond(base, parsed, understanding, received, deps, now);
      break;
    case 'file':
      mail = await fileAll(base, parsed, understanding, received, deps, now);
      break;
  }
  await deps.inbox.put(mail);
  logger.info('Mail taken in', { mailId, outcome: mail.outcome, reason: mail.reason, requests: mail.requestIds.length, answered: mail.answered ?? false });
  return { mail };
}

/** A mail whose record is gone (purged) but whose Message-ID guard is not: named, with nothing from it. */
function placeholder(id: string, received: ReceivedMail, purgeAt: number): InboxMail {
  return {
    id,
    receivedAt: received.receivedAt,
    rawKey: received.rawKey,
    bytes: received.raw.byteLength,
    locale: 'en',
    verdicts: received.verdicts,
    outcome: 'ignored',
    why: [],
    rights: [],
    requestIds: [],
    purgeAt,
  };
}

async function lookUpAccount(email: string, deps: ReceiveMailDeps) {
  if (!deps.accounts) return undefined;
  return deps.accounts.findByEmail(email).then(
    (found) => (found ? { ...(found.jurisdiction ? { jurisdiction: found.jurisdiction } : {}), ...(found.locale ? { locale: found.locale } : {}) } : undefined),
    (error: unknown) => {
      logger.warn('Account directory not read for a mail', { error: (error as Error).name });
      return undefined;
    },
  );
}

/** The request whose notice the mail answers: only by a Message-ID we sent (its part before `@`), never by guessing. */
async function noticeAnswered(parsed: ParsedMail, deps: ReceiveMailDeps): Promise<string | undefined> {
  for (const id of parsed.replyTo.slice(0, 10)) {
    const requestId = await deps.inbox.noticeRequest(id.slice(0, id.indexOf('@') > 0 ? id.indexOf('@') : undefined));
    if (requestId && (await deps.requests.get(requestId))) return requestId;
  }
  return undefined;
}

/** Puts a mail in the triage inbox with the deadline that may already run and a masked excerpt. */
function triage(base: InboxMail, parsed: ParsedMail, reason: InboxMail['reason'], deps: ReceiveMailDeps): InboxMail {
  return {
    ...base,
    outcome: base.outcome === 'correspondence' ? 'correspondence' : 'triage',
    ...(reason ? { reason } : {}),
    state: 'open',
    dueAt: earliestDeadline(base.receivedAt, base.rights, deps.calendars),
    excerpt: excerptOf(parsed),
    answered: base.answered ?? false,
    ...(base.answered ? {} : { notAnsweredBecause: base.notAnsweredBecause ?? 'not-filed' }),
  };
}

/** The earliest deadline any of `rights` (every right when none is known) has under either law, counted from receipt. */
export function earliestDeadline(receivedAt: string, rights: readonly RequestType[], calendars: JurisdictionCalendars): string {
  const types = rights.length > 0 ? rights : REQUEST_TYPES;
  const dates = JURISDICTIONS.flatMap((jurisdiction) =>
    types
      .filter((type) => isFiledUnder(type, jurisdiction))
      .map((type) => computeDeadlines({ jurisdiction, type, receivedAt: new Date(receivedAt), ...calendars[jurisdiction] }).dueAt),
  );
  return dates.sort()[0]!;
}

/** The start of the subject line and the sender's words, with every email address masked and long digit runs hidden. */
export function excerptOf(parsed: Pick<ParsedMail, 'subject' | 'text'>): string {
  const text = `${parsed.subject} — ${parsed.text}`.replace(/\s+/g, ' ').trim();
  const masked = text.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (address) => maskEmail(address)).replace(/\d[\d -]{6,}\d/g, '•••');
  return masked.length > EXCERPT_CHARS ? `${masked.slice(0, EXCERPT_CHARS - 1)}…` : masked;
}

/** A reply to one of our notices: recorded on its request; to triage as well when it asks for something. */
async function correspond(
  base: InboxMail,
  parsed: ParsedMail,
  understanding: Extract<Understanding, { action: 'correspondence' }>,
  received: ReceivedMail,
  deps: ReceiveMailDeps,
  now: Date,
): Promise<InboxMail> {
  await recordOn(
    understanding.requestId,
    [
      {
        type: 'correspondence.received',
        at: now.toISOString(),
        actor: INTAKE,
        data: {
          mailId: base.id,
          receivedAt: received.receivedAt,
          automatic: understanding.automatic,
          asks: understanding.asks,
          dmarc: received.verdicts.dmarc,
        },
      },
    ],
    deps,
    now,
  );
  const mail: InboxMail = {
    ...base,
    outcome: 'correspondence',
    requestIds: [understanding.requestId],
    answered: false,
    notAnsweredBecause: understanding.automatic ? 'automatic' : 'not-filed',
  };
  return understanding.asks ? triage(mail, parsed, 'reply-asks', deps) : mail;
}

/** Each right asked becomes a request, linked to the others in its audit; then one answer round, within the sender's daily cap. */
async function fileAll(
  base: InboxMail,
  parsed: ParsedMail,
  understanding: Extract<Understanding, { action: 'file' }>,
  received: ReceivedMail,
  deps: ReceiveMailDeps,
  now: Date,
): Promise<InboxMail> {
  const sender = parsed.from!.address;
  const { agent } = understanding;
  const filed: FileRequestOutcome[] = [];
  for (const type of understanding.rights) {
    try {
      filed.push(
        await deps.file({
          type,
          jurisdiction: understanding.jurisdiction,
          subject: { email: agent ? agent.subjectEmail : sender, locale: understanding.locale },
          receivedAt: received.receivedAt,
          channel: 'email',
          ...(agent
            ? {
                agent: {
                  name: agent.name,
                  email: agent.email,
                  permission: { contentType: agent.permission.contentType, base64: agent.permission.content.toString('base64') },
                },
              }
            : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // A right the intake refuses (an authorization that is not the file it claims to be): a person decides.
      logger.warn('A right in a mail could not be filed', { mailId: base.id, type, error: error.name });
      const partial = { ...base, requestIds: filed.map((f) => f.request.id) };
      return triage({ ...partial, outcome: 'triage' }, parsed, 'unclear', deps);
    }
  }

  const ids = filed.map((f) => f.request.id);
  const authentication = { spf: received.verdicts.spf, dkim: received.verdicts.dkim, dmarc: received.verdicts.dmarc };
  for (const outcome of filed) {
    const events: NewAuditEvent[] = [
      {
        type: 'intake.email-understood',
        at: now.toISOString(),
        actor: INTAKE,
        data: {
          mailId: base.id,
          rights: understanding.rights.join(' '),
          why: understanding.why.join(' '),
          linked: ids.filter((id) => id !== outcome.request.id).join(' '),
          ...authentication,
        },
      },
      ...(received.verdicts.dmarc === 'FAIL' ? [{ type: 'intake.dmarc-failed', at: now.toISOString(), actor: INTAKE, data: { mailId: base.id } }] : []),
    ];
    outcome.request = await recordOn(outcome.request.id, events, deps, now, outcome.request);
  }

  const fresh = filed.filter((f) => !f.duplicateOf);
  const day = now.toISOString().slice(0, 10);
  const answering = fresh.length > 0 && (await deps.inbox.countAnswer(subjectHash(await deps.subjectKey(), sender), day, deps.answersPerDay, base.purgeAt));
  const answer: EmailAnswer | undefined = answering ? { to: sender, headers: threadHeaders(parsed), rights: understanding.rights } : undefined;
  for (const outcome of fresh) await deps.afterFiled(outcome.request, answer);
  return {
    ...base,
    outcome: 'filed',
    requestIds: ids,
    answered: Boolean(answer),
    ...(answer ? {} : { notAnsweredBecause: fresh.length > 0 ? 'daily-cap' : 'not-filed' }),
  };
}

/** RFC 5322 threading to the mail, and RFC 3834's mark of an automatic reply. */
export function threadHeaders(parsed: Pick<ParsedMail, 'messageId' | 'replyTo'>): Record<string, string> {
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-replied' };
  if (!parsed.messageId || !/^[\x21-\x7e]+$/.test(parsed.messageId)) return headers;
  const references = [
    ...[...parsed.replyTo]
      .reverse()
      .filter((id) => /^[\x21-\x7e]+$/.test(id))
      .slice(-9),
    parsed.messageId,
  ];
  return { ...headers, 'In-Reply-To': `<${parsed.messageId}>`, References: references.map((id) => `<${id}>`).join(' ') };
}

/** Appends events to a request's chain, re-reading it when a concurrent write got there first. */
async function recordOn(requestId: string, events: NewAuditEvent[], deps: ReceiveMailDeps, now: Date, known?: RequestRecord): Promise<RequestRecord> {
  let current = known ?? (await deps.requests.get(requestId));
  for (let attempt = 1; ; attempt++) {
    if (!current) throw new ConflictError(`Request ${requestId} is gone.`);
    try {
      return await deps.requests.record(current, events, {}, now);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 5) throw error;
      current = await deps.requests.get(requestId);
    }
  }
}
