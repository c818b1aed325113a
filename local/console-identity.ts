// The local runtime's stand-in for the console's user pool: an ES256 key that signs ID tokens shaped
// as Cognito's (token_use, cognito:groups, email), its public JWKS for the verifier the console
// shares with AWS, and one-time sign-ins for a demo person of each group.
import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';
import type { ConsoleGroup } from '../shared/console/session.js';

/** The local issuer and app client: never fetched (the keys are handed over), so any stable URL will do. */
export const LOCAL_CONSOLE_ISSUER = 'https://console-issuer.privacy-ops.localhost';
export const LOCAL_CONSOLE_CLIENT_ID = 'privacy-ops-local-console';
/** Where a one-time sign-in is redeemed: the local gateway's own route, not one of the route table's. */
export const LOCAL_SIGN_IN_PATH = '/console/local-sign-in';

/** The demo people of the privacy team, one per group. Not data subjects: they never appear in a request. */
export const DEMO_OPERATORS: Readonly<Record<ConsoleGroup, { email: string }>> = {
  'privacy-viewer': { email: 'vera.viewer@privacy-team.example' },
  'privacy-operator': { email: 'otto.operator@privacy-team.example' },
  'privacy-admin': { email: 'ada.admin@privacy-team.example' },
};

export interface LocalConsoleIdentity {
  issuer: string;
  clientId: string;
  jwks: JSONWebKeySet;
  /** A fresh one-time sign-in path for the demo person of `group`. */
  issueSignIn(group: ConsoleGroup): string;
  /** The ID token a one-time sign-in stands for, once; undefined for a ticket spent or never issued. */
  redeem(ticket: string): Promise<string | undefined>;
  /** An ID token for the demo person of `group`, as the user pool would sign it (tests set its lifetime). */
  idToken(group: ConsoleGroup, options?: { expiresInSeconds?: number; now?: Date }): Promise<string>;
}

/** A stable user pool id (`sub`) per demo person, so their actions read the same in chains across restarts. */
function demoSub(group: ConsoleGroup): string {
  const hex = createHash('sha256').update(`privacy-ops demo ${group}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Makes the local identity: a new key every start, so tokens of an earlier run are not accepted. */
export async function createLocalConsoleIdentity(): Promise<LocalConsoleIdentity> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = randomBytes(8).toString('hex');
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
  const tickets = new Map<string, ConsoleGroup>();
  const idToken = async (group: ConsoleGroup, options: { expiresInSeconds?: number; now?: Date } = {}) => {
    const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
    return new SignJWT({ token_use: 'id', email: DEMO_OPERATORS[group].email, 'cognito:groups': [group] })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(LOCAL_CONSOLE_ISSUER)
      .setAudience(LOCAL_CONSOLE_CLIENT_ID)
      .setSubject(demoSub(group))
      .setIssuedAt(iat)
      .setExpirationTime(iat + (options.expiresInSeconds ?? 3600))
      .sign(privateKey);
  };
  return {
    issuer: LOCAL_CONSOLE_ISSUER,
    clientId: LOCAL_CONSOLE_CLIENT_ID,
    jwks,
    issueSignIn(group) {
      const ticket = randomBytes(24).toString('base64url');
      tickets.set(ticket, group);
      return `${LOCAL_SIGN_IN_PATH}?ticket=${ticket}`;
    },
    async redeem(ticket) {
      const group = tickets.get(ticket);
      if (!group) return undefined;
      tickets.delete(ticket);
      return idToken(group);
    },
    idToken,
  };
}
