// Adapter: an OpenID Connect provider (an eID broker, an identity service) through openid-client:
// authorization code with PKCE, state and nonce; the ID token's and userinfo's claims are read
// for the match and not kept.
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import {
  CallbackRejectedError,
  ProviderUnavailableError,
  type IdentitySession,
  type IdentityVerificationProvider,
  type ProviderAnswer,
  type StartedSession,
  type VerifiedClaims,
} from './identity-provider.js';

export interface OidcProviderSettings {
  /** The provider's issuer: its discovery document is at `{issuer}/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Where the provider sends the person back: `{publicBaseUrl}/v1/identity/callback`, registered with the provider. */
  redirectUri: string;
  /** Scopes asked for; `openid` always. */
  scopes: readonly string[];
  /** `acr_values` asked for, most wanted first; the answer's `acr` is checked against the accepted levels. */
  acrValues?: readonly string[];
  /** Seconds any one call to the provider may take. */
  timeoutSeconds: number;
}

/** Whether an error comes from the network or the provider's side rather than from its answer. */
function unreachable(error: unknown): boolean {
  if (error instanceof ProviderUnavailableError) return true;
  if (error instanceof oidc.ResponseBodyError) return error.status >= 500;
  const name = (error as Error)?.name;
  return name === 'TimeoutError' || name === 'AbortError' || error instanceof TypeError;
}

/** The SHA-256 of a `state` value, hex: what the request keeps instead of the value. */
export function stateDigest(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

/** The request a `state` value was made for: its part before the first dot. */
export function requestIdOfState(state: string | null | undefined): string | undefined {
  const match = /^([0-9A-Za-z]{10,40})\.[\w-]{16,}$/.exec(state ?? '');
  return match?.[1];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

function claimsOf(source: Record<string, unknown>): VerifiedClaims {
  const address = source.address && typeof source.address === 'object' ? (source.address as Record<string, unknown>) : undefined;
  const name = text(source.name) ?? ([text(source.given_name), text(source.family_name)].filter(Boolean).join(' ') || undefined);
  const claims: VerifiedClaims = {};
  if (name) claims.name = name;
  const email = text(source.email);
  if (email) claims.email = email;
  if (typeof source.email_verified === 'boolean') claims.emailVerified = source.email_verified;
  if (address) {
    const street = text(address.street_address);
    const postalCode = text(address.postal_code);
    const city = text(address.locality);
    claims.address = { ...(street ? { street } : {}), ...(postalCode ? { postalCode } : {}), ...(city ? { city } : {}) };
  }
  const acr = text(source.acr);
  if (acr) claims.assurance = acr;
  return claims;
}

export class OidcIdentityProvider implements IdentityVerificationProvider {
  readonly kind = 'oidc' as const;

  /** The authorization endpoint lives at the issuer's origin (the one discovery is asked at). */
  get pageOrigins(): readonly string[] {
    return [new URL(this.settings.issuer).origin];
  }
  private configuration?: Promise<oidc.Configuration>;

  /** `clientSecret` is read when first needed (from Secrets Manager in AWS). */
  constructor(
    private readonly settings: OidcProviderSettings,
    private readonly clientSecret: () => Promise<string>,
  ) {}

  /** The provider's metadata, discovered once per cold start; a failed discovery is tried again on the next call. */
  private discover(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const issuer = new URL(this.settings.issuer);
      const found = (async () => {
        const secret = await this.clientSecret();
        const options: oidc.DiscoveryRequestOptions = {
          timeout: this.settings.timeoutSeconds,
          // Only the local stand-in provider is reached over plain http.
          ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
        };
        const configuration = await oidc.discovery(issuer, this.settings.clientId, secret, oidc.ClientSecretBasic(secret), options);
        configuration.timeout = this.settings.timeoutSeconds;
        return configuration;
      })();
      found.catch(() => {
        if (this.configuration === found) this.configuration = undefined;
      });
      this.configuration = found;
    }
    return this.configuration;
  }

  async startSession(requestId: string): Promise<StartedSession> {
    let configuration: oidc.Configuration;
    try {
      configuration = await this.discover();
    } catch (error) {
      throw new ProviderUnavailableError('The identity provider could not be reached', { cause: error });
    }
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = `${requestId}.${oidc.randomState()}`;
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: ['openid', ...this.settings.scopes.filter((scope) => scope !== 'openid')].join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(this.settings.acrValues?.length ? { acr_values: this.settings.acrValues.join(' ') } : {}),
    });
    return { redirectUrl: url.href, session: { provider: 'oidc', ref: stateDigest(state), codeVerifier, nonce } };
  }

  async answerFromRedirect(callbackUrl: URL, session: IdentitySession): Promise<ProviderAnswer> {
    const state = callbackUrl.searchParams.get('state') ?? '';
    if (!session.codeVerifier || !session.nonce) throw new CallbackRejectedError('The session holds no PKCE verifier or nonce');
    const error = callbackUrl.searchParams.get('error');
    // The provider said no before any code: the person stopped, or the provider could not verify them.
    if (error === 'access_denied') return { status: 'cancelled' };
    if (error === 'temporarily_unavailable' || error === 'server_error') throw new ProviderUnavailableError(`The identity provider answered ${error}`);
    if (error) return { status: 'failed' };
    let configuration: oidc.Configuration;
    try {
      configuration = await this.discover();
    } catch (cause) {
      throw new ProviderUnavailableError('The identity provider could not be reached', { cause });
    }
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: session.codeVerifier,
        expectedState: state,
        expectedNonce: session.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new CallbackRejectedError('The provider sent no ID token');
      // The userinfo endpoint holds the claims a provider does not put in the ID token.
      const userinfo = configuration.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub) : {};
      return { status: 'verified', claims: claimsOf({ ...userinfo, ...idToken }) };
    } catch (cause) {
      if (cause instanceof CallbackRejectedError) throw cause;
      if (unreachable(cause)) throw new ProviderUnavailableError('The identity provider could not be reached', { cause });
      // A wrong state or nonce, a code already used or not ours, a token that does not verify.
      throw new CallbackRejectedError('The provider\u2019s answer does not hold', { cause, code: (cause as { code?: string }).code ?? 'invalid-answer' });
    }
  }
}
