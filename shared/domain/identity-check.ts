// When an independent identity-verification provider takes part in verifying a request (issue 18).
import type { RequestType } from './request-model.js';
import type { VerificationLevel } from './verification-policy.js';

/**
 * `not-used`: the provider plays no part (none is configured, or the request needs no identity check).
 * `offered`: the person may verify with the provider instead of the knowledge check.
 * `required`: the provider is the only way: the knowledge check is not offered.
 */
export type IdentityProviderUse = 'not-used' | 'offered' | 'required';

/** What the account directory says of the person, as far as the knowledge check is concerned. */
export type DirectoryStanding = 'card-on-file' | 'no-card' | 'not-in-directory';

/** Who asked that the provider be the only way. */
export type IdentityRequirer = 'configuration' | 'operator';

export interface IdentityCheckFacts {
  /** Whether the deployment has a provider configured: without one, nothing is offered or required. */
  providerConfigured: boolean;
  /** The request's type and the verification its type and law need. */
  type: RequestType;
  level: VerificationLevel;
  /** The request types the deployment's configuration verifies through the provider only. */
  requiredForTypes: readonly RequestType[];
  /** An operator asked for the provider on this request. */
  operatorRequired: boolean;
  /** What the account directory holds for the person the request names. */
  directory: DirectoryStanding;
  /** The knowledge check failed as often as it may. */
  knowledgeCheckLocked: boolean;
}

export interface IdentityCheckDecision {
  use: IdentityProviderUse;
  /** Who made it the only way, when it is. */
  requiredBy?: IdentityRequirer;
}

/**
 * Whether the provider is offered, required or not used for a request.
 *
 * - Nothing without a configured provider: no provider is assumed.
 * - Required when an operator asked for it on the request (any request that is verified at all),
 *   or when the configuration names the type for requests that need the knowledge check.
 * - Offered, for requests that need the knowledge check, when the person cannot pass it (no card
 *   on file, or not in the account directory at all) and instead of a refusal once it has locked.
 * - Otherwise not used: the knowledge check alone verifies.
 */
export function identityProviderUse(facts: IdentityCheckFacts): IdentityCheckDecision {
  if (!facts.providerConfigured || facts.level === 'none') return { use: 'not-used' };
  if (facts.operatorRequired) return { use: 'required', requiredBy: 'operator' };
  if (facts.level !== 'email+knowledge') return { use: 'not-used' };
  if (facts.requiredForTypes.includes(facts.type)) return { use: 'required', requiredBy: 'configuration' };
  if (facts.knowledgeCheckLocked || facts.directory !== 'card-on-file') return { use: 'offered' };
  return { use: 'not-used' };
}

/** What the account directory's answer means for the knowledge check. */
export function directoryStanding(account: { cardLast4: string } | undefined): DirectoryStanding {
  if (!account) return 'not-in-directory';
  return /^\d{4}$/.test(account.cardLast4.trim()) ? 'card-on-file' : 'no-card';
}
