// Email intake, the answer: a request filed from a mail is answered at once, threaded to the mail,
// saying what was understood, by when it will be answered and (where it needs one) the link to confirm it.
import type { Actor } from '../audit/chain.js';
import { logger } from '../logger.js';
import type { Notice } from '../notices/catalogue.js';
import { afterFiling } from '../requests/after-filing.js';
import type { RequestRecord } from '../requests/record.js';
import type { Notify, VerificationDeps } from '../verification/verify-request.js';
import type { EmailAnswer } from './receive-mail.js';

const INTAKE: Actor = { kind: 'system', id: 'email-intake' };

/**
 * The step after filing a request from a mail. With `answer`, every mail to the sender is threaded
 * to theirs and marked `Auto-Submitted: auto-replied`; the subject's confirmation mail says what was
 * understood, and a request that needs no confirmation gets a receipt that says it. Without `answer`
 * (the sender's daily cap is reached) nothing is mailed: a request that needs confirmation waits,
 * recorded, for an operator to resend its link; one that needs none is carried out all the same.
 */
export async function answerFiled(request: RequestRecord, answer: EmailAnswer | undefined, deps: VerificationDeps): Promise<RequestRecord> {
  if (!answer) {
    if (request.status !== 'awaiting-verification') return afterFiling(request, deps);
    const at = deps.now().toISOString();
    logger.info('Answer to a mail withheld: daily cap reached', { requestId: request.id });
    return deps.store.record(request, [{ type: 'intake.answer-withheld', at, actor: INTAKE, data: { reason: 'daily-cap' } }], {}, deps.now());
  }
  const threaded: Notify = (to, notice, locale, timeZone, mail) => {
    if (to !== answer.to) return deps.notify(to, notice, locale, timeZone, mail);
    return deps.notify(to, understood(notice, answer), locale, timeZone, { ...mail, headers: { ...mail?.headers, ...answer.headers } });
  };
  const after = await afterFiling(request, { ...deps, notify: threaded });
  if (request.status === 'awaiting-verification') return after;
  // Nothing to confirm (a California opt-out): the answer is the receipt.
  await threaded(
    answer.to,
    { kind: 'request-received', requestType: request.type, receivedAt: request.receivedAt, dueAt: request.dueAt },
    request.subject.locale,
    request.deadlines.timeZone,
    { requestId: request.id },
  ).catch((error: unknown) => logger.error('Answer to a mail not sent', { requestId: request.id, error: (error as Error).name }));
  return after;
}

/** The notice with what the mail was understood to ask, where the notice can say it. */
function understood(notice: Notice, answer: EmailAnswer): Notice {
  if (notice.kind === 'verify-request' || notice.kind === 'request-received') return { ...notice, byEmail: { rights: answer.rights } };
  return notice;
}
