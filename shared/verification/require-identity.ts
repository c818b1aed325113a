// An operator's demand that a request be verified through the independent identity-verification
// provider. Only whether one is configured matters here, so the provider's client is not loaded.
import type { Actor } from '../audit/chain.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { RequestRecord } from '../requests/record.js';
import type { VerificationDeps } from './verify-request.js';

const OPERATOR: Actor = { kind: 'operator' };

/**
 * Why an operator may not require the provider for `request` now, in the domain's words, or
 * undefined when they may: a provider must be configured, the law must allow a check beyond the
 * filing (none for opt-outs in substance), and verification must not be over.
 */
export function identityRequirementRefusal(request: Pick<RequestRecord, 'status' | 'verification'>, providerConfigured: boolean): string | undefined {
  if (!providerConfigured) return 'no identity-verification provider is configured';
  if (request.verification.level === 'none') return 'it is carried out as filed: the law allows no identity check for it';
  if (request.status !== 'awaiting-verification' || (request.verification.state !== 'pending' && request.verification.state !== 'email-confirmed')) {
    return `it is not waiting for verification (status ${request.status})`;
  }
  return undefined;
}

/** The requests, the clock, and whether the configuration names a provider. */
export type RequireIdentityDeps = Pick<VerificationDeps, 'store' | 'now'> & { providerConfigured: boolean };

/**
 * An operator asks that a request be verified through the provider: it then is the only way, for
 * a request still waiting for verification. Refused (409) without a provider, for a request that
 * needs no verification (the law forbids asking for it), and once verification is over.
 */
export async function requireIdentity(requestId: string, deps: RequireIdentityDeps, actor: Actor = OPERATOR): Promise<RequestRecord> {
  for (let attempt = 0; ; attempt++) {
    const request = await deps.store.get(requestId, deps.now());
    if (!request) throw new NotFoundError(`No request ${requestId}.`);
    const refusal = identityRequirementRefusal(request, deps.providerConfigured);
    if (refusal) throw new ConflictError(`Request ${requestId} cannot be sent to the identity provider: ${refusal}.`);
    if (request.verification.identity?.requiredBy === 'operator') return request;
    try {
      return await deps.store.record(
        request,
        [{ type: 'verification.provider-required', at: deps.now().toISOString(), actor, data: { requiredBy: 'operator' } }],
        { verification: { ...request.verification, identity: { ...request.verification.identity, use: 'required', requiredBy: 'operator' } } },
      );
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 5) throw error;
    }
  }
}
