import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { createLocalConsoleIdentity, type LocalConsoleIdentity } from '../../local/console-identity.js';
import {
  authorizeConsole,
  consoleCookie,
  csrfMatches,
  csrfToken,
  mayAct,
  roleOfGroups,
  SESSION_COOKIE,
  sessionContext,
  sessionFromContext,
  sessionVerifier,
  type SessionVerifier,
} from '../../shared/console/session.js';
import { consoleHandler } from '../../shared/http/console-handler.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';

describe('console session', () => {
  let identity: LocalConsoleIdentity;
  let verify: SessionVerifier;
  const now = new Date('2026-12-03T12:00:00Z');

  beforeAll(async () => {
    identity = await createLocalConsoleIdentity();
    verify = sessionVerifier({ issuer: identity.issuer, clientId: identity.clientId, jwks: { keys: identity.jwks } }, () => now);
  });

  it('accepts an ID token of the issuer and reads the strongest console group as the role', async () => {
    const token = await identity.idToken('privacy-operator', { now });
    const judged = await authorizeConsole(`other=1; ${SESSION_COOKIE}=${token}`, verify);
    expect(judged).toEqual({
      session: {
        sub: expect.any(String),
        email: 'otto.operator@privacy-team.example',
        role: 'operator',
        expiresAt: Math.floor(now.getTime() / 1000) + 3600,
        csrf: csrfToken(token),
      },
    });
    expect(roleOfGroups(['privacy-viewer', 'privacy-admin'])).toBe('admin');
    expect(roleOfGroups(['marketing'])).toBeUndefined();
  });

  it('refuses a missing cookie, an expired token, a token of another key, an access token and a token without a console group', async () => {
    expect(await authorizeConsole(undefined, verify)).toEqual({ refusal: 'missing' });
    const expired = await identity.idToken('privacy-admin', { now: new Date(now.getTime() - 2 * 3600_000) });
    expect(await verify(expired)).toEqual({ refusal: 'expired' });

    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const kid = (identity.jwks.keys[0] as { kid: string }).kid;
    const forged = await new SignJWT({ token_use: 'id', 'cognito:groups': ['privacy-admin'] })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(identity.issuer)
      .setAudience(identity.clientId)
      .setSubject('someone')
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + 600)
      .sign(privateKey);
    expect(await verify(forged)).toEqual({ refusal: 'invalid' });

    const ownKeys = sessionVerifier(
      { issuer: 'https://issuer.example', clientId: 'client', jwks: { keys: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k' }] } } },
      () => now,
    );
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k' })
        .setIssuer('https://issuer.example')
        .setAudience('client')
        .setSubject('someone')
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .setExpirationTime(Math.floor(now.getTime() / 1000) + 600)
        .sign(privateKey);
    expect(await ownKeys(await sign({ token_use: 'access', 'cognito:groups': ['privacy-admin'] }))).toEqual({ refusal: 'invalid' });
    expect(await ownKeys(await sign({ token_use: 'id', 'cognito:groups': ['marketing'] }))).toEqual({ refusal: 'no-console-group' });
    expect(await ownKeys(await sign({ token_use: 'id', 'cognito:groups': ['privacy-viewer'] }))).toMatchObject({ session: { role: 'viewer' } });
  });

  it('lets operators and admins act, viewers only read', () => {
    expect([mayAct('viewer'), mayAct('operator'), mayAct('admin')]).toEqual([false, true, true]);
  });

  it('checks a form token against the session in constant time and refuses anything else', () => {
    const expected = csrfToken('token-a');
    expect(csrfMatches(expected, expected)).toBe(true);
    expect(csrfMatches(csrfToken('token-b'), expected)).toBe(false);
    expect(csrfMatches(undefined, expected)).toBe(false);
    expect(csrfMatches(['x'], expected)).toBe(false);
  });

  it('sets cookies HttpOnly and SameSite=Strict under /console, Secure unless told otherwise', () => {
    expect(consoleCookie('c', 'v', { secure: true, maxAgeSeconds: 60 })).toBe('c=v; Path=/console; HttpOnly; SameSite=Strict; Max-Age=60; Secure');
    expect(consoleCookie('c', 'v', { secure: false, maxAgeSeconds: 60 })).not.toContain('Secure');
  });

  it('carries the session through an authorizer context of strings and back', () => {
    const session = { sub: 's-1', role: 'viewer' as const, expiresAt: 1_800_000_000, csrf: 'c' };
    const asStrings = Object.fromEntries(Object.entries(sessionContext(session)).map(([k, v]) => [k, String(v)]));
    expect(sessionFromContext(asStrings)).toEqual(session);
    expect(sessionFromContext({ ...asStrings, role: 'root' })).toBeUndefined();
    expect(sessionFromContext(null)).toBeUndefined();
  });
});

describe('consoleHandler', () => {
  const session = { sub: 'sub-1', role: 'operator', expiresAt: '1800000000', csrf: 'form-token' };
  const ok = async (): Promise<APIGatewayProxyResult> => ({ statusCode: 200, body: 'done' });
  const errorPage = () => ({ statusCode: 418, body: 'page' });
  const act = consoleHandler({ action: true, form: z.strictObject({ reason: z.string().min(3) }), errorPage }, ok);
  const post = (authorizer: Record<string, string> | null, body: string, accept = 'application/json') =>
    act(
      apiEvent({
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
        body,
        requestContext: { ...apiEvent().requestContext, authorizer },
      }),
      lambdaContext(),
    );
  const problem = (result: APIGatewayProxyResult) => ({
    status: result.statusCode,
    type: result.headers?.['content-type'],
    detail: JSON.parse(result.body).detail as string,
  });

  it('runs the action for an operator whose form carries the session token', async () => {
    const result = await post(session, 'csrf=form-token&reason=why');
    expect(result).toMatchObject({ statusCode: 200, body: 'done' });
  });

  it('refuses with problem+json, even to a browser: no session 401, a viewer 403, a missing or wrong form token 403', async () => {
    const browser = 'text/html,application/xhtml+xml';
    expect(problem(await post(null, 'csrf=form-token&reason=why', browser))).toMatchObject({ status: 401, type: 'application/problem+json' });
    expect(problem(await post({ ...session, role: 'viewer' }, 'csrf=form-token&reason=why', browser))).toMatchObject({
      status: 403,
      type: 'application/problem+json',
      detail: 'A viewer may read the console but not act.',
    });
    expect(problem(await post(session, 'reason=why', browser))).toMatchObject({ status: 403, type: 'application/problem+json' });
    expect(problem(await post(session, 'csrf=other&reason=why', browser))).toMatchObject({ status: 403 });
  });

  it('answers a form not filled in as asked with 400: problem+json to a script, the error page to a browser', async () => {
    const asJson = await post(session, 'csrf=form-token&reason=x');
    expect(problem(asJson)).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(JSON.parse(asJson.body).errors).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect(await post(session, 'csrf=form-token&reason=x', 'text/html')).toMatchObject({ statusCode: 418, body: 'page' });
  });
});
