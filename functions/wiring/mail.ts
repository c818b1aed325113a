// Wiring: the one place SES is configured (sender, reply-to, configuration set) and notices are mailed from.
import { config, type ControllerInfo } from '../../shared/config.js';
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

/** One message a call: notices and marketing mail. */
export const mailer = /* @__PURE__ */ once(() => new SesMailer(sesOptions()));

/** Many messages a call: policy-change campaigns. */
export const bulkMailer = /* @__PURE__ */ once(() => new SesBulkMailer(sesOptions()));

/** Renders a notice from the catalogue and mails it as the configured sender. */
export const notify = /* @__PURE__ */ once(
  (): Notify => async (to, notice, locale, timeZone) => {
    await sendNotice(mailer(), to, notice, locale, controller(), { timeZone });
  },
);

/** Mails a manual system's contact about a task, in the contact's language (English when unset), as the controller. */
export const mailContact = /* @__PURE__ */ once((): CallDeps['mailContact'] => async (contact, notice) => {
  await sendNotice(mailer(), contact.email, notice, contact.locale ?? 'en', controller());
});
