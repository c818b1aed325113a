// Wiring: the one place SES is configured (sender, reply-to, configuration set) and notices are mailed from.
import { config, tableNameIfGranted, type ControllerInfo } from '../../shared/config.js';
import { InboxStore } from '../../shared/intake/inbox-store.js';
import { logger } from '../../shared/logger.js';
import { SesBulkMailer } from '../../shared/mail/bulk-mailer.js';
import { sendNotice } from '../../shared/mail/notify.js';
import { SesMailer } from '../../shared/mail/ses-mailer.js';
import { once } from '../../shared/once.js';
import type { Notify } from '../../shared/verification/verify-request.js';
import type { CallDeps } from '../../shared/fulfilment/system-tasks.js';

/** Who speaks in every notice, export README and campaign mail: the deployment's controller (setting CONTROLLER). */
export const controller = /* @__PURE__ */ once((): ControllerInfo => config('controller'));

/** The sender, where replies go, and the configuration set that reports bounces and complaints. */
const sesOptions = /* @__PURE__ */ once(() => {
  const configurationSetName = config('sesConfigurationSet');
  const replyTo = config('replyToAddress');
  return { from: config('senderAddress'), ...(replyTo ? { replyTo } : {}), ...(configurationSetName ? { configurationSetName } : {}) };
});

/** Days a reply to a notice still finds its request: longer than any request stays open. */
const NOTICE_POINTER_DAYS = 400;

/** One message a call: notices and marketing mail. */
export const mailer = /* @__PURE__ */ once(() => new SesMailer(sesOptions()));

/** Many messages a call: policy-change campaigns. */
export const bulkMailer = /* @__PURE__ */ once(() => new SesBulkMailer(sesOptions()));

/**
 * Renders a notice from the catalogue and mails it as the configured sender. A notice about a request
 * is remembered by the message id it went out under, where the function holds the inbox table, so a
 * reply to it finds the request; a pointer that cannot be written costs the match, never the mail.
 */
export const notify = /* @__PURE__ */ once((): Notify => {
  const inboxTable = tableNameIfGranted('inbox');
  const pointers = inboxTable ? new InboxStore({ tableName: inboxTable }) : undefined;
  return async (to, notice, locale, timeZone, mail) => {
    const messageId = await sendNotice(mailer(), to, notice, locale, controller(), { timeZone, ...(mail?.headers ? { headers: mail.headers } : {}) });
    if (!pointers || !mail?.requestId) return;
    const purgeAt = Math.floor(Date.now() / 1000) + NOTICE_POINTER_DAYS * 86_400;
    await pointers
      .rememberNotice(messageId, mail.requestId, purgeAt)
      .catch((error: unknown) => logger.warn('Notice not remembered for replies', { requestId: mail.requestId, error: (error as Error).name }));
  };
});

/** Mails a manual system's contact about a task, in the contact's language (English when unset), as the controller. */
export const mailContact = /* @__PURE__ */ once((): CallDeps['mailContact'] => async (contact, notice) => {
  await sendNotice(mailer(), contact.email, notice, contact.locale ?? 'en', controller());
});
