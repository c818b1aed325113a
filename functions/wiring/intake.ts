// Wiring: what email intake needs (the inbox table, raw mail in the data bucket, filing and answering).
import { ulid } from 'ulid';
import { bucketName, config, tableName } from '../../shared/config.js';
import { answerFiled } from '../../shared/intake/answer-mail.js';
import { InboxStore } from '../../shared/intake/inbox-store.js';
import { S3RawMailStore } from '../../shared/intake/raw-mail-store.js';
import type { ReceiveMailDeps } from '../../shared/intake/receive-mail.js';
import { once } from '../../shared/once.js';
import { fileRequest } from '../../shared/requests/file-request.js';
import { INBOUND_MAIL_RETENTION_DAYS } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { now, s3 } from './aws.js';
import { jurisdictionCalendars } from './calendars.js';
import { filingDeps } from './filing.js';
import { requestStore } from './requests.js';
import { systemStore } from './systems.js';
import { accountDirectory, confirmationDeps } from './confirmation.js';

/** The inbox table: mails received, the triage inbox, notice pointers, answer counts. */
export const inboxStore = /* @__PURE__ */ once(() => new InboxStore({ tableName: tableName('inbox') }));

/** Raw mail in the data bucket. */
export const rawMailStore = /* @__PURE__ */ once(() => new S3RawMailStore(bucketName('data'), s3()));

/** The addresses mail is received at, and the sender: mail from any of them is our own. */
export const ourAddresses = /* @__PURE__ */ once((): string[] => [
  ...new Set([
    ...(config('intakeAddresses') ?? []),
    config('senderAddress').toLowerCase(),
    ...(config('replyToAddress') ? [config('replyToAddress')!.toLowerCase()] : []),
  ]),
]);

/** Everything taking in one mail needs; requests are filed by the intake as `email-intake`. */
export const receiveMailDeps = /* @__PURE__ */ once((): ReceiveMailDeps => {
  const filing = { ...filingDeps({ kind: 'system', id: 'email-intake' }), inventory: systemStore() };
  const verification = confirmationDeps();
  return {
    inbox: inboxStore(),
    requests: requestStore(),
    accounts: accountDirectory(),
    file: (input) => fileRequest(input, filing),
    afterFiled: (request, answer) => answerFiled(request, answer, verification),
    subjectKey: subjectHashKey,
    calendars: jurisdictionCalendars(),
    ourAddresses: ourAddresses(),
    languages: config('languages'),
    answersPerDay: config('intakeAnswersPerDay'),
    retentionDays: INBOUND_MAIL_RETENTION_DAYS,
    newId: ulid,
    now,
  };
});
