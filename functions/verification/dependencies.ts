// Wiring for verification: adapters created once per cold start, from configuration.
import { optionalEnv, requireEnv } from '../../shared/config.js';
import { SesMailer } from '../../shared/mail/ses-mailer.js';
import { sendNotice } from '../../shared/mail/notify.js';
import { DEMO_CONTROLLER } from '../../shared/notices/catalogue.js';
import { tables } from '../../shared/resources.js';
import { ACCOUNT_DIRECTORY_ENV, DynamoAccountDirectory } from '../../shared/verification/account-directory.js';
import { DynamoLinkStore } from '../../shared/links/link-store.js';
import { VERIFY_LINKS, type Notify, type VerificationDeps } from '../../shared/verification/verify-request.js';
import { SfnWorkflowStarter } from '../../shared/fulfilment/step-functions.js';
import { requestStore } from '../requests/dependencies.js';

const DAY_MS = 24 * 3600 * 1000;

let notifier: Notify | undefined;

/** Renders a notice from the catalogue and mails it through SES as the configured sender. */
export function notify(): Notify {
  if (!notifier) {
    const configurationSetName = process.env.SES_CONFIGURATION_SET;
    const mailer = new SesMailer({ from: requireEnv('SENDER_ADDRESS'), ...(configurationSetName ? { configurationSetName } : {}) });
    notifier = async (to, notice, locale) => {
      await sendNotice(mailer, to, notice, locale, DEMO_CONTROLLER);
    };
  }
  return notifier;
}

let deps: Omit<VerificationDeps, 'accounts'> | undefined;
let accounts: DynamoAccountDirectory | undefined;

/** Everything the verification use cases need; the account directory only where a handler reads it. */
export function verificationDeps(options: { accounts?: boolean } = {}): VerificationDeps {
  deps ??= {
    store: requestStore(),
    links: new DynamoLinkStore({ tableName: requireEnv(tables.tokens.envVar), ...VERIFY_LINKS }),
    workflows: new SfnWorkflowStarter(requireEnv('STATE_MACHINE_ARN')),
    notify: notify(),
    publicBaseUrl: requireEnv('PUBLIC_BASE_URL'),
    linkTtlMs: Number(optionalEnv('VERIFICATION_LINK_DAYS', '7')) * DAY_MS,
    now: () => new Date(),
  };
  if (options.accounts) accounts ??= new DynamoAccountDirectory(requireEnv(ACCOUNT_DIRECTORY_ENV));
  return {
    ...deps,
    accounts: accounts ?? {
      findByEmail: () => Promise.reject(new Error('This function was not given the account directory')),
    },
  };
}
