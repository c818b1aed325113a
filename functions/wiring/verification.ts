// Wiring: what the verification use cases need (links, the workflow, the account directory).
import { config, tableName } from '../../shared/config.js';
import { SfnWorkflowStarter } from '../../shared/fulfilment/step-functions.js';
import { once } from '../../shared/once.js';
import { DynamoAccountDirectory } from '../../shared/verification/account-directory.js';
import { DynamoLinkStore } from '../../shared/links/link-store.js';
import { VERIFY_LINKS, type VerificationDeps } from '../../shared/verification/verify-request.js';
import { now } from './aws.js';
import { identityDeps } from './identity.js';
import { notify } from './mail.js';
import { requestStore } from './requests.js';

const DAY_MS = 24 * 3600 * 1000;

/** Starts fulfilment runs of the configured workflow. */
export const workflowStarter = /* @__PURE__ */ once(() => new SfnWorkflowStarter(config('stateMachineArn')));

/** The company's account directory: only the functions granted it read it. */
export const accountDirectory = /* @__PURE__ */ once(() => new DynamoAccountDirectory(config('accountDirectoryTable')));

const withoutAccounts = /* @__PURE__ */ once(
  (): Omit<VerificationDeps, 'accounts'> => ({
    store: requestStore(),
    links: new DynamoLinkStore({ tableName: tableName('tokens'), ...VERIFY_LINKS }),
    workflows: workflowStarter(),
    notify: notify(),
    publicBaseUrl: config('publicBaseUrl'),
    linkTtlMs: config('verificationLinkDays') * DAY_MS,
    now,
    languages: config('languages'),
  }),
);

const noDirectory: VerificationDeps['accounts'] = {
  findByEmail: () => Promise.reject(new Error('This function was not given the account directory')),
};

/**
 * Everything the verification use cases need; the account directory only where a handler reads it,
 * and the identity provider when the configuration names one.
 */
export function verificationDeps(options: { accounts?: boolean } = {}): VerificationDeps {
  const identity = identityDeps();
  return { ...withoutAccounts(), accounts: options.accounts ? accountDirectory() : noDirectory, ...(identity ? { identity } : {}) };
}
