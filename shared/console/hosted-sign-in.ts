// Signing in through the user pool's hosted sign-in (OAuth 2.0 authorization code with PKCE, a
// public client: no secret to keep). The console keeps nothing on the server: the PKCE verifier and
// the state ride in a short-lived HttpOnly cookie between the redirect and the return.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../errors.js';
import { CONSOLE_PATH, consoleCookie, readCookie, SESSION_COOKIE } from './session.js';

/** The cookie that carries the PKCE verifier and state to the return; Lax, since the return is a navigation from the sign-in domain. */
export const PKCE_COOKIE = 'privacy_ops_console_pkce';
/** The console's sign-in route: where the hosted sign-in sends the person back with a code. */
export const SIGN_IN_PATH = `${CONSOLE_PATH}/sign-in`;
/** Minutes a person has to sign in at the hosted page. */
const PKCE_MINUTES = 10;

export interface HostedSignIn {
  /** The hosted sign-in's origin, such as https://privacy-ops.auth.eu-central-1.amazoncognito.com. */
  signInUrl: string;
  clientId: string;
  /** The console's own origin (the deployment's public base URL). */
  consoleOrigin: string;
  /** Posts the token request; `fetch` outside tests. */
  fetch?: typeof fetch;
}

export type SignInStep = { redirect: string; cookies: string[] } | { signedIn: { idToken: string; expiresInSeconds: number }; cookies: string[] };

const redirectUri = (options: HostedSignIn) => new URL(SIGN_IN_PATH, options.consoleOrigin).toString();
const secure = (options: HostedSignIn) => options.consoleOrigin.startsWith('https:');

function pkceCookie(value: string, options: HostedSignIn, maxAgeSeconds: number): string {
  // Lax, not Strict: the browser comes back from the sign-in domain, a navigation from another site.
  return consoleCookie(PKCE_COOKIE, value, { secure: secure(options), maxAgeSeconds }).replace('SameSite=Strict', 'SameSite=Lax');
}

function sameText(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * One step of signing in. Without a code: the redirect to the hosted sign-in, with a fresh state and
 * PKCE challenge. With a code and the state it was sent with: the ID token from the token endpoint.
 */
export async function signInStep(query: { code?: string; state?: string }, cookieHeader: string | undefined, options: HostedSignIn): Promise<SignInStep> {
  if (!query.code) {
    const state = randomBytes(24).toString('base64url');
    const verifier = randomBytes(48).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URL('/oauth2/authorize', options.signInUrl);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: options.clientId,
      redirect_uri: redirectUri(options),
      scope: 'openid email',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    return { redirect: authorize.toString(), cookies: [pkceCookie(`${state}.${verifier}`, options, PKCE_MINUTES * 60)] };
  }
  const [state, verifier] = (readCookie(cookieHeader, PKCE_COOKIE) ?? '').split('.');
  if (!state || !verifier || !query.state || !sameText(state, query.state)) {
    throw new UnauthorizedError('The sign-in could not be matched to this browser: start again at /console/sign-in.');
  }
  const answer = await (options.fetch ?? fetch)(new URL('/oauth2/token', options.signInUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: options.clientId,
      code: query.code,
      redirect_uri: redirectUri(options),
      code_verifier: verifier,
    }).toString(),
  });
  const tokens = (await answer.json().catch(() => ({}))) as { id_token?: unknown; expires_in?: unknown };
  if (!answer.ok || typeof tokens.id_token !== 'string') {
    throw new UnauthorizedError('The sign-in was not accepted: start again at /console/sign-in.');
  }
  const expiresInSeconds = typeof tokens.expires_in === 'number' ? tokens.expires_in : 3600;
  return {
    signedIn: { idToken: tokens.id_token, expiresInSeconds },
    cookies: [sessionCookie(tokens.id_token, expiresInSeconds, secure(options)), pkceCookie('', options, 0)],
  };
}

/** The session cookie for `idToken`, for as long as the token is valid. */
export function sessionCookie(idToken: string, expiresInSeconds: number, secureCookie: boolean): string {
  return consoleCookie(SESSION_COOKIE, idToken, { secure: secureCookie, maxAgeSeconds: expiresInSeconds });
}

/** The cookie that ends the session in this browser. */
export function endSessionCookie(secureCookie: boolean): string {
  return consoleCookie(SESSION_COOKIE, '', { secure: secureCookie, maxAgeSeconds: 0 });
}
