// Wiring: an operator's demand for the identity provider, which needs only to know that one is
// configured; identity.ts builds the provider itself, for the functions that talk to it.
import { config } from '../../shared/config.js';
import { once } from '../../shared/once.js';
import type { RequireIdentityDeps } from '../../shared/verification/require-identity.js';
import { now } from './aws.js';
import { requestStore } from './requests.js';

/** The requests, the clock, and whether the configuration names a provider. */
export const requireIdentityDeps = /* @__PURE__ */ once(
  (): RequireIdentityDeps => ({
    store: requestStore(),
    now,
    providerConfigured: config('identityProvider') !== undefined,
  }),
);
