// Wiring: what the verification use cases need: confirmation.ts's links and workflow, the account
// directory where a handler reads it, and the identity provider when the configuration names one.
import type { VerificationDeps } from '../../shared/verification/verify-request.js';
import { accountDirectory, confirmationDeps } from './confirmation.js';
import { identityDeps } from './identity.js';

/**
 * Everything the verification use cases need; the account directory only where a handler reads it,
 * and the identity provider when the configuration names one.
 */
export function verificationDeps(options: { accounts?: boolean } = {}): VerificationDeps {
  const identity = identityDeps();
  return { ...confirmationDeps(), ...(options.accounts ? { accounts: accountDirectory() } : {}), ...(identity ? { identity } : {}) };
}
