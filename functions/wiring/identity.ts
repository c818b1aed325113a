// Wiring: the independent identity-verification provider the configuration names, if any.
import { config } from '../../shared/config.js';
import { once } from '../../shared/once.js';
import { readSecret } from '../../shared/secrets.js';
import { CALLBACK_PATH } from '../../shared/verification/identity-session.js';
import { HostedIdentityProvider } from '../../shared/verification/hosted-identity-provider.js';
import { OidcIdentityProvider } from '../../shared/verification/oidc-identity-provider.js';
import type { IdentityDeps } from '../../shared/verification/verify-request.js';
import { now } from './aws.js';

const MINUTE_MS = 60 * 1000;

const secretText = (id: 'identityProviderSecret' | 'identityWebhookSecret') => async () => (await readSecret(id)).toString('utf8');

/** The provider and its use, built once per cold start; undefined when none is configured (then none is offered). */
export const identityDeps = /* @__PURE__ */ once((): IdentityDeps | undefined => {
  const settings = config('identityProvider');
  if (!settings) return undefined;
  const base = config('publicBaseUrl').replace(/\/+$/, '');
  const timeoutSeconds = settings.timeoutSeconds ?? 10;
  const provider =
    settings.kind === 'oidc'
      ? new OidcIdentityProvider(
          {
            issuer: settings.issuer!,
            clientId: settings.clientId!,
            redirectUri: `${base}${CALLBACK_PATH}`,
            scopes: settings.scopes ?? ['profile', 'email', 'address'],
            ...(settings.acrValues ? { acrValues: settings.acrValues } : {}),
            timeoutSeconds,
          },
          secretText('identityProviderSecret'),
        )
      : new HostedIdentityProvider(
          {
            apiBase: settings.apiBase!,
            returnUrl: `${base}${CALLBACK_PATH}`,
            timeoutSeconds,
            ...(settings.sessionOrigin ? { sessionOrigin: settings.sessionOrigin } : {}),
          },
          { apiKey: secretText('identityProviderSecret'), webhookSecret: secretText('identityWebhookSecret') },
          now,
        );
  return {
    provider,
    requiredForTypes: settings.requiredFor ?? [],
    acceptedAssurance: settings.acceptedAssurance ?? [],
    sessionTtlMs: (settings.sessionMinutes ?? 30) * MINUTE_MS,
  };
});
