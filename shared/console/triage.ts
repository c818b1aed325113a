// The console's triage inbox: the mails email intake could not decide, as an operator reads them
// (the sender masked, no subject line of its own, how long each has waited), and the two ways out:
// filed as a request received when the mail was, or closed as not a request. Both go through the
// inbox's own domain calls, as POST /v1/inbox/{id}/classify and /dismiss do.
import type { Jurisdiction, RequestType } from '../domain/request-model.js';
import { InvalidInputError } from '../errors.js';
import type { DismissReason, InboxMail, InboxStore } from '../intake/inbox-store.js';
import type { ReceiveMailDeps } from '../intake/receive-mail.js';
import { classifyMail, dismissMail, inboxView, type InboxView } from '../intake/triage.js';

/** What the inbox page does with a mail: file it as a request, or close it as not one. */
export const TRIAGE_ACTIONS = ['classify', 'dismiss'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

export interface TriageRow {
  /** The mail as the API shows it to operators (GET /v1/inbox): sender and excerpt masked. */
  mail: InboxView;
  /** Whole days the mail has waited since it reached us. */
  ageDays: number;
  /** Waiting longer than the sweep allows (TRIAGE_ALARM_DAYS): the same test the sweep's alarm counts. */
  overdue: boolean;
}

export interface TriageInbox {
  rows: TriageRow[];
  alarmDays: number;
}

/** One open mail as the inbox page lists it, judged at `now`. */
export function triageRow(mail: InboxMail, now: Date, alarmDays: number): TriageRow {
  const waited = now.getTime() - Date.parse(mail.receivedAt);
  return {
    mail: inboxView(mail),
    ageDays: Math.max(0, Math.floor(waited / 86_400_000)),
    // As sweepTriage counts: received before now minus the alarm's days.
    overdue: mail.receivedAt < new Date(now.getTime() - alarmDays * 86_400_000).toISOString(),
  };
}

/** The open triage mails, oldest first, at most `limit`. */
export async function triageInbox(deps: { inbox: Pick<InboxStore, 'open'>; alarmDays: number }, now: Date, limit = 100): Promise<TriageInbox> {
  const open = await deps.inbox.open({ limit });
  return { rows: open.map((mail) => triageRow(mail, now, deps.alarmDays)), alarmDays: deps.alarmDays };
}

/** The inbox form: a request type and a law to classify; a reason to dismiss. */
export interface TriageForm {
  type?: RequestType;
  jurisdiction?: Jurisdiction;
  reason?: DismissReason;
}

export type TriageOutcome = { action: 'classify'; requestIds: string[] } | { action: 'dismiss'; reason: DismissReason };

/**
 * Files mail `id` as one request of `form.type` under `form.jurisdiction`, received when the mail
 * was (classifyMail), or closes it with `form.reason` (dismissMail); `by` is the operator, recorded
 * on the mail. A form without what the action needs never reaches the inbox.
 */
export async function triageMail(action: TriageAction, id: string, form: TriageForm, deps: ReceiveMailDeps, by: string): Promise<TriageOutcome> {
  if (action === 'classify') {
    const { type, jurisdiction } = form;
    if (!type || !jurisdiction) throw new MissingTriageField(!type ? 'type' : 'jurisdiction');
    const { filed } = await classifyMail(id, { rights: [type], jurisdiction, by }, deps);
    return { action, requestIds: filed.map((outcome) => outcome.request.id) };
  }
  if (!form.reason) throw new MissingTriageField('reason');
  await dismissMail(id, form.reason, deps, by);
  return { action, reason: form.reason };
}

/** A triage form without the field its action needs: the operator's mistake (400). */
class MissingTriageField extends InvalidInputError {
  override name = 'MissingTriageField';
  constructor(field: 'type' | 'jurisdiction' | 'reason') {
    const what = {
      type: 'Choose the request type the mail asks for.',
      jurisdiction: 'Choose the law the request falls under.',
      reason: 'Choose why the mail is not a request.',
    };
    super(what[field], field);
  }
}
