// The port to an independent identity-verification provider: start a session for a request, and
// read the provider's authenticated answer (a redirect back for OpenID Connect, a signed webhook
// for a hosted session). Adapters: oidc-identity-provider.ts and hosted-identity-provider.ts.
import { DomainError, type DomainErrorOptions } from '../errors.js';

export type IdentityProviderKind = 'oidc' | 'hosted';

/** The facts a provider verified, as far as the match needs them: compared with the account directory, then forgotten. */
export interface VerifiedClaims {
  name?: string;
  email?: string;
  /** Whether the provider verified the email (OIDC `email_verified`); unverified emails never match. */
  emailVerified?: boolean;
  address?: { street?: string; postalCode?: string; city?: string };
  /** The provider's assurance level (OIDC `acr`, a hosted session's level). */
  assurance?: string;
}

/** What a session needs kept on the request between its start and the provider's answer. */
export interface IdentitySession {
  provider: IdentityProviderKind;
  /** OIDC: SHA-256 of the `state` sent; hosted: the provider's session id. */
  ref: string;
  startedAt: string;
  /** After this the answer is not accepted: the person starts again. */
  validUntil: string;
  /** OIDC only: the PKCE verifier and the nonce, kept until the code is redeemed, then dropped. */
  codeVerifier?: string;
  nonce?: string;
}

/** A session started: where to send the person, and what to keep. */
export interface StartedSession {
  redirectUrl: string;
  session: Omit<IdentitySession, 'startedAt' | 'validUntil'>;
}

/** The provider's answer, authenticated. */
export type ProviderAnswer =
  | { status: 'verified'; claims: VerifiedClaims }
  /** The provider could not verify the person (a hosted session's `requires_input`, an OIDC refusal that is not a cancel). */
  | { status: 'failed' }
  /** The person stopped at the provider. */
  | { status: 'cancelled' };

/** A hosted provider's webhook event, once its signature holds. */
export interface ProviderEvent {
  /** The provider's event id: each is acted on once. */
  eventId: string;
  /** The session it is about. */
  sessionRef: string;
  /** The request the session was started for, as the provider echoes it. */
  requestId: string;
  answer: ProviderAnswer;
}

export interface IdentityVerificationProvider {
  readonly kind: IdentityProviderKind;
  /**
   * The origins the person's browser is sent to when a session starts: the page with the
   * provider's button must allow its form to lead there (CSP `form-action`), or the browser stops.
   */
  readonly pageOrigins: readonly string[];
  /** Starts a session for `requestId`; the person is sent to `redirectUrl`. Throws ProviderUnavailableError when the provider cannot be reached. */
  startSession(requestId: string): Promise<StartedSession>;
  /** OIDC: the answer carried by the redirect back to `callbackUrl`. Throws CallbackRejectedError when it does not hold. */
  answerFromRedirect?(callbackUrl: URL, session: IdentitySession): Promise<ProviderAnswer>;
  /** Hosted: the event of a webhook call. Throws CallbackRejectedError when its signature, time or shape does not hold. */
  eventFromWebhook?(rawBody: string, headers: Record<string, string | undefined>): Promise<ProviderEvent>;
}

/** The provider cannot be reached, answered with an error, or took too long. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
}

/** A provider's answer that does not hold: forged, replayed, out of its window, or not for the session in force. */
export class CallbackRejectedError extends DomainError {
  override name = 'CallbackRejectedError';
  constructor(message: string, options?: DomainErrorOptions) {
    super('unauthorized', message, options);
  }
}
