// Email intake in AWS: SES stored the raw mail in the data bucket and invokes intake with its verdicts.
import { INBOUND_MAIL_PREFIX } from '../resources.js';
import type { MailVerdicts, Verdict } from './inbox-store.js';
import type { RawMailStore } from './raw-mail-store.js';
import { receiveMail, type ReceiveMailDeps, type ReceiveOutcome } from './receive-mail.js';

/** The part of an SES receipt notification intake reads (the SES "Lambda action" event record). */
export interface SesReceipt {
  mail: { messageId: string; timestamp: string };
  receipt: {
    timestamp: string;
    spamVerdict?: { status: string };
    virusVerdict?: { status: string };
    spfVerdict?: { status: string };
    dkimVerdict?: { status: string };
    dmarcVerdict?: { status: string };
  };
}

const VERDICTS: readonly Verdict[] = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED'];
const verdict = (status: string | undefined): Verdict => (VERDICTS.includes(status as Verdict) ? (status as Verdict) : 'NOT_CHECKED');

/** SES's verdicts as intake keeps them; what SES did not check is NOT_CHECKED. */
export function sesVerdicts(receipt: SesReceipt['receipt']): MailVerdicts {
  return {
    spf: verdict(receipt.spfVerdict?.status),
    dkim: verdict(receipt.dkimVerdict?.status),
    dmarc: verdict(receipt.dmarcVerdict?.status),
    spam: verdict(receipt.spamVerdict?.status),
    virus: verdict(receipt.virusVerdict?.status),
  };
}

/** The key SES's S3 action wrote the mail under: the prefix, then SES's message id. */
export const sesRawKey = (messageId: string): string => `${INBOUND_MAIL_PREFIX}${messageId}`;

/** Takes in one mail SES received: read raw from the bucket, then as any mail, received when SES received it. */
export async function takeInSesMail(record: SesReceipt, deps: { raw: Pick<RawMailStore, 'get'>; receive: ReceiveMailDeps }): Promise<ReceiveOutcome> {
  const rawKey = sesRawKey(record.mail.messageId);
  const raw = await deps.raw.get(rawKey);
  return receiveMail({ raw, rawKey, receivedAt: new Date(record.receipt.timestamp).toISOString(), verdicts: sesVerdicts(record.receipt) }, deps.receive);
}
