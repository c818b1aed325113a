// The operator console's session: an ID token (Amazon Cognito's in AWS, the local runtime's own
// locally) in an HttpOnly cookie, verified with jose against the issuer's JWKS. The API Gateway
// authorizer and the local gateway both call authorizeConsole, so a session is judged one way.
import { createHash, timingSafeEqual } from 'node:crypto';
import { maskEmail } from '../subject.js';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** The user pool groups, from least to most: an admin may do all an operator may, an operator all a viewer may. */
export const CONSOLE_GROUPS = ['privacy-viewer', 'privacy-operator', 'privacy-admin'] as const;
export type ConsoleGroup = (typeof CONSOLE_GROUPS)[number];

/** What a signed-in person may do: read (viewer), also act on requests (operator), also manage (admin). */
export type ConsoleRole = 'viewer' | 'operator' | 'admin';
const ROLE_OF_GROUP: Record<ConsoleGroup, ConsoleRole> = { 'privacy-viewer': 'viewer', 'privacy-operator': 'operator', 'privacy-admin': 'admin' };
const RANK: Record<ConsoleRole, number> = { viewer: 1, operator: 2, admin: 3 };

/** The session cookie: the ID token itself, readable by no script. */
export const SESSION_COOKIE = 'privacy_ops_console';
/** Every console path starts here; the cookie is sent to nothing else. */
export const CONSOLE_PATH = '/console';

/** Who is signed in, as the authorizer hands it to the console's functions. */
export interface ConsoleSession {
  /** The user pool's id of the person (Cognito `sub`): what the audit chain records, never their name or email. */
  sub: string;
  /** Their email, only ever shown masked in the page header. */
  email?: string;
  role: ConsoleRole;
  /** Epoch seconds the session ends (the token's `exp`). */
  expiresAt: number;
  /** The form token every action posts back (synchronizer token derived from the session). */
  csrf: string;
}

/** Whether `session` may act on requests (extend, deny, cancel, resume, complete a task), not only read. */
export function mayAct(role: ConsoleRole): boolean {
  return RANK[role] >= RANK.operator;
}

/** The strongest console role among Cognito groups, or undefined when none is a console group. */
export function roleOfGroups(groups: readonly string[]): ConsoleRole | undefined {
  const roles = groups.filter((g): g is ConsoleGroup => (CONSOLE_GROUPS as readonly string[]).includes(g)).map((g) => ROLE_OF_GROUP[g]);
  return roles.sort((a, b) => RANK[b] - RANK[a])[0];
}

/**
 * The form token of a session: a hash of the session's token under a fixed label. Another site can
 * neither read the HttpOnly cookie nor, therefore, compute this; it changes with every new session.
 */
export function csrfToken(sessionToken: string): string {
  return createHash('sha256').update(`privacy-ops console form\n${sessionToken}`).digest('base64url');
}

/** Whether a posted form token is the session's, compared in constant time. */
export function csrfMatches(offered: unknown, expected: string): boolean {
  if (typeof offered !== 'string' || offered.length === 0) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(offered), digest(expected));
}

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** A Set-Cookie value for the console: HttpOnly, SameSite=Strict, only under /console, Secure unless served over plain http on localhost. */
export function consoleCookie(name: string, value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  const parts = [`${name}=${value}`, `Path=${CONSOLE_PATH}`, 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Where the verifier finds the issuer's keys: its JWKS URL (Cognito), or the key set itself (the local runtime). */
export interface SessionIssuer {
  issuer: string;
  /** The app client's id: ID tokens carry it as their audience. */
  clientId: string;
  jwks: { url: string } | { keys: JSONWebKeySet };
}

export type SessionRefusal = 'missing' | 'expired' | 'invalid' | 'no-console-group';

export type Authorization = { session: ConsoleSession } | { refusal: SessionRefusal };

/** Checks a session token: signature by the issuer's key, issuer, audience, token use and expiry. */
export type SessionVerifier = (token: string) => Promise<Authorization>;

/** A verifier for `issuer`, its keys fetched once and cached by jose (Cognito rotates them rarely). */
export function sessionVerifier(issuer: SessionIssuer, now: () => Date = () => new Date()): SessionVerifier {
  const keys: JWTVerifyGetKey = 'url' in issuer.jwks ? createRemoteJWKSet(new URL(issuer.jwks.url)) : createLocalJWKSet(issuer.jwks.keys);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: issuer.issuer,
        audience: issuer.clientId,
        algorithms: ['RS256', 'ES256'],
        currentDate: now(),
        requiredClaims: ['sub', 'exp'],
      });
      // Cognito's access tokens are signed by the same key: only an ID token is a console session.
      if (payload.token_use !== 'id') return { refusal: 'invalid' };
      const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]).map(String) : [];
      const role = roleOfGroups(groups);
      if (!role) return { refusal: 'no-console-group' };
      const email = typeof payload.email === 'string' ? payload.email : undefined;
      return { session: { sub: payload.sub!, ...(email ? { email } : {}), role, expiresAt: payload.exp!, csrf: csrfToken(token) } };
    } catch (error) {
      return { refusal: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  };
}

/** Judges a request's Cookie header: the session it carries, or why there is none. */
export async function authorizeConsole(cookieHeader: string | undefined, verify: SessionVerifier): Promise<Authorization> {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  if (!token) return { refusal: 'missing' };
  return verify(token);
}

/** The session as the authorizer's context carries it to a function: flat strings and numbers. */
export function sessionContext(session: ConsoleSession): Record<string, string | number> {
  return { sub: session.sub, role: session.role, expiresAt: session.expiresAt, csrf: session.csrf, ...(session.email ? { email: session.email } : {}) };
}

/** Reads the session back from an authorizer context, or undefined when it is not one `sessionContext` made. */
export function sessionFromContext(context: Record<string, unknown> | null | undefined): ConsoleSession | undefined {
  if (!context) return undefined;
  const { sub, role, expiresAt, csrf, email } = context;
  if (typeof sub !== 'string' || typeof csrf !== 'string' || !['viewer', 'operator', 'admin'].includes(String(role))) return undefined;
  const exp = Number(expiresAt);
  if (!Number.isFinite(exp)) return undefined;
  return { sub, role: role as ConsoleRole, expiresAt: exp, csrf, ...(typeof email === 'string' && email ? { email } : {}) };
}

/** The audit chain's actor id for a console operator: their user pool id, nothing that names them. */
export function operatorActorId(session: Pick<ConsoleSession, 'sub'>): string {
  return `console:${session.sub}`;
}

/** How the page header names the person signed in: their email masked, or their id's start. */
export function maskOperator(session: Pick<ConsoleSession, 'email' | 'sub'>): string {
  return session.email ? maskEmail(session.email) : `${session.sub.slice(0, 8)}…`;
}
