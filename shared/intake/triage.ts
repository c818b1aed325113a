// Email intake, the triage inbox: mails a person must read, filed by hand (the clock still runs
// from receipt) or dismissed with a reason; the sweep counts those left waiting too long.
import { ulid } from 'ulid';
import type { Jurisdiction, Locale, RequestType } from '../domain/request-model.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { logger } from '../logger.js';
import type { FileRequestOutcome } from '../requests/file-request.js';
import { maskEmail } from '../subject.js';
import type { DismissReason, InboxMail, InboxStore, MailVerdicts } from './inbox-store.js';
import type { RawMailStore } from './raw-mail-store.js';
import { rawMailKey } from './raw-mail-store.js';
import { receiveMail, threadHeaders, type ReceiveMailDeps, type ReceiveOutcome } from './receive-mail.js';

/** A mail as operators see it: no address in full, the sender masked, the excerpt masked. */
export function inboxView(mail: InboxMail) {
  return {
    id: mail.id,
    receivedAt: mail.receivedAt,
    outcome: mail.outcome,
    state: mail.state ?? mail.closed?.as ?? 'done',
    ...(mail.reason ? { reason: mail.reason } : {}),
    ...(mail.from ? { from: maskEmail(mail.from) } : {}),
    locale: mail.locale,
    ...(mail.dueAt ? { dueAt: mail.dueAt } : {}),
    ...(mail.excerpt ? { excerpt: mail.excerpt } : {}),
    rights: mail.rights,
    why: mail.why,
    requestIds: mail.requestIds,
    authentication: { spf: mail.verdicts.spf, dkim: mail.verdicts.dkim, dmarc: mail.verdicts.dmarc },
    answered: mail.answered ?? false,
    ...(mail.closed ? { closed: mail.closed } : {}),
  };
}
export type InboxView = ReturnType<typeof inboxView>;

export interface HandInDeps {
  raw: Pick<RawMailStore, 'put'>;
  receive: ReceiveMailDeps;
}

/**
 * Takes in a mail that came another way (forwarded by support, saved from a mail client): kept raw,
 * then read as any mail. No signature is checked: it did not reach us over SMTP.
 */
export async function handInMail(raw: Uint8Array, verdicts: MailVerdicts, deps: HandInDeps): Promise<ReceiveOutcome> {
  const receivedAt = deps.receive.now().toISOString();
  const rawKey = rawMailKey(receivedAt, ulid());
  await deps.raw.put(rawKey, raw);
  return receiveMail({ raw, rawKey, receivedAt, verdicts }, deps.receive);
}

/** What an operator files from a mail. */
export interface Classification {
  rights: RequestType[];
  jurisdiction: Jurisdiction;
  /** The person the requests are for; the sender when absent. */
  subjectEmail?: string;
  locale?: Locale;
  /** The operator, as the audit names them. */
  by?: string;
}

/**
 * Files the rights an operator names from an open triage mail, received when the mail was, and
 * answers the sender threaded to it. The mail leaves the inbox only once every request is filed.
 */
export async function classifyMail(
  id: string,
  classification: Classification,
  deps: ReceiveMailDeps,
): Promise<{ mail: InboxMail; filed: FileRequestOutcome[] }> {
  const mail = await openMail(id, deps.inbox);
  const email = classification.subjectEmail ?? mail.from;
  if (!email) throw new ConflictError(`Mail ${id} names no sender: say whose requests these are (subjectEmail).`);
  const filed: FileRequestOutcome[] = [];
  for (const type of classification.rights) {
    filed.push(
      await deps.file({
        type,
        jurisdiction: classification.jurisdiction,
        subject: { email, locale: classification.locale ?? mail.locale },
        receivedAt: mail.receivedAt,
        channel: 'email',
      }),
    );
  }
  const closed = await deps.inbox.close(
    id,
    { as: 'classified', at: deps.now().toISOString(), ...(classification.by ? { by: classification.by } : {}) },
    filed.map((f) => f.request.id),
  );
  const answerTo = mail.from && mail.from === email.toLowerCase() ? mail.from : undefined;
  const answering = answerTo !== undefined && mail.messageId !== undefined;
  for (const outcome of filed.filter((f) => !f.duplicateOf)) {
    await deps.afterFiled(
      outcome.request,
      answering ? { to: answerTo, headers: threadHeaders({ messageId: mail.messageId, replyTo: [] }), rights: classification.rights } : undefined,
    );
  }
  logger.info('Triage mail classified', { mailId: id, requests: filed.length });
  return { mail: closed, filed };
}

/** Closes an open triage mail without filing: spam, not a request, or answered by hand. */
export async function dismissMail(id: string, reason: DismissReason, deps: Pick<ReceiveMailDeps, 'inbox' | 'now'>, by?: string): Promise<InboxMail> {
  await openMail(id, deps.inbox);
  const closed = await deps.inbox.close(id, { as: 'dismissed', at: deps.now().toISOString(), reason, ...(by ? { by } : {}) });
  logger.info('Triage mail dismissed', { mailId: id, reason });
  return closed;
}

async function openMail(id: string, inbox: Pick<InboxStore, 'get'>): Promise<InboxMail> {
  const mail = await inbox.get(id);
  if (!mail) throw new NotFoundError(`No mail ${id} in the inbox.`);
  if (mail.state !== 'open') throw new ConflictError(`Mail ${id} is not open in the triage inbox (it was ${mail.closed?.as ?? mail.outcome}).`);
  return mail;
}

/** The sweep's count: open triage mails, and those waiting longer than `alarmDays`. */
export async function sweepTriage(inbox: Pick<InboxStore, 'open'>, alarmDays: number, now: Date): Promise<{ open: number; overdue: number }> {
  const open = await inbox.open();
  const before = new Date(now.getTime() - alarmDays * 86_400_000).toISOString();
  const overdue = open.filter((mail) => mail.receivedAt < before).length;
  if (overdue > 0) logger.warn('Triage mails waiting too long', { overdue, alarmDays });
  return { open: open.length, overdue };
}
