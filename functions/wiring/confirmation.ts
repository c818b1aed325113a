// Wiring: what mailing a confirmation link needs (the links, the mail, the workflow, the account
// directory), without the identity provider. Filing and the DRP page load only this, so the OIDC
// client and the hosted provider stay out of their bundles; verification.ts adds the provider.
import { config, tableName } from '../../shared/config.js';
import { SfnWorkflowStarter } from '../../shared/fulfilment/step-functions.js';
import { DynamoLinkStore } from '../../shared/links/link-store.js';
import { once } from '../../shared/once.js';
import { DynamoAccountDirectory } from '../../shared/verification/account-directory.js';
import { VERIFY_LINKS, type VerificationDeps } from '../../shared/verification/verify-request.js';
import { now } from './aws.js';
import { notify } from './mail.js';
import { requestStore } from './requests.js';

const DAY_MS = 24 * 3600 * 1000;

/** Starts fulfilment runs of the configured workflow. */
export const workflowStarter = /* @__PURE__ */ once(() => new SfnWorkflowStarter(config('stateMachineArn')));

/** The company's account directory: only the functions granted it read it. */
export const accountDirectory = /* @__PURE__ */ once(() => new DynamoAccountDirectory(config('accountDirectoryTable')));

const noDirectory: VerificationDeps['accounts'] = {
  findByEmail: () => Promise.reject(new Error('This function was not given the account directory')),
};

/**
 * What mailing, re-sending and recording a confirmation link needs: no account directory and no
 * identity provider, since neither takes part until the subject opens the link.
 */
export const confirmationDeps = /* @__PURE__ */ once(
  (): VerificationDeps => ({
    store: requestStore(),
    links: new DynamoLinkStore({ tableName: tableName('tokens'), ...VERIFY_LINKS }),
    workflows: workflowStarter(),
    notify: notify(),
    publicBaseUrl: config('publicBaseUrl'),
    linkTtlMs: config('verificationLinkDays') * DAY_MS,
    now,
    languages: config('languages'),
    accounts: noDirectory,
  }),
);
