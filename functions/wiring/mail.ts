// Wiring: the one place SES is configured (sender, configuration set) and notices are mailed from.
import { config } from '../../shared/config.js';
import { SesBulkMailer } from '../../shared/mail/bulk-mailer.js';
import { sendNotice } from '../../shared/mail/notify.js';
import { SesMailer } from '../../shared/mail/ses-mailer.js';
import { DEMO_CONTROLLER, type ControllerInfo } from '../../shared/notices/catalogue.js';
import { once } from '../../shared/once.js';
import type { Notify } from '../../shared/verification/verify-request.js';

/** Who speaks in every notice, export README and campaign mail. */
export const controller = (): ControllerInfo => DEMO_CONTROLLER;

/** The sender and the configuration set that reports bounces and complaints. */
const sesOptions = /* @__PURE__ */ once(() => {
  const configurationSetName = config('sesConfigurationSet');
  return { from: config('senderAddress'), ...(configurationSetName ? { configurationSetName } : {}) };
});

/** One message a call: notices and marketing mail. */
export const mailer = /* @__PURE__ */ once(() => new SesMailer(sesOptions()));

/** Many messages a call: policy-change campaigns. */
export const bulkMailer = /* @__PURE__ */ once(() => new SesBulkMailer(sesOptions()));

/** Renders a notice from the catalogue and mails it as the configured sender. */
export const notify = /* @__PURE__ */ once(
  (): Notify => async (to, notice, locale) => {
    await sendNotice(mailer(), to, notice, locale, controller());
  },
);
