// The local stand-in for an independent identity-verification provider: a real OpenID Connect
// provider (oidc-provider) with a sign-in page listing the demo people, one of whom it cannot verify.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { demoAccounts } from './demo-data.js';

/** A person the local provider can sign in: the claims it asserts for them, and how sure it is. */
export interface LocalPerson {
  id: string;
  name: string;
  email: string;
  address: { street: string; postalCode: string; city: string; country: string };
  /** The provider's assurance level (`acr`): `substantial` verifies, `low` is below what privacy-ops accepts. */
  acr: 'substantial' | 'low';
  /** What the sign-in page says of them. */
  note: string;
}

/** The assurance levels the local configuration accepts. */
export const LOCAL_ACCEPTED_ASSURANCE = ['substantial', 'high'];

/** The local client's id at the provider. */
export const LOCAL_CLIENT_ID = 'privacy-ops-local';

/** Everyone the local provider knows: the demo customers, a newsletter reader with no account, and one person it cannot verify. */
export const LOCAL_PEOPLE: LocalPerson[] = [
  ...demoAccounts.map(
    (account): LocalPerson => ({
      id: account.accountId,
      name: account.name,
      email: account.email,
      address: {
        street: account.billingAddress.street,
        postalCode: account.billingAddress.postalCode,
        city: account.billingAddress.city,
        country: account.billingAddress.country,
      },
      acr: 'substantial',
      note: account.cardLast4 ? 'demo customer' : 'demo customer with no card on file',
    }),
  ),
  {
    id: 'reader-tom',
    name: 'Tom Becker',
    email: 'tom.becker@example.net',
    address: { street: 'Gartenweg 4', postalCode: '20095', city: 'Hamburg', country: 'DE' },
    acr: 'substantial',
    note: 'newsletter reader: no account, no card on file',
  },
  {
    id: 'unverifiable-erika',
    name: 'Erika Fehler',
    email: 'erika.fehler@example.net',
    address: { street: 'Bahnhofstraße 1', postalCode: '01067', city: 'Dresden', country: 'DE' },
    acr: 'low',
    note: 'cannot be verified: her document could not be read (assurance low)',
  },
];

export interface LocalIdentityProvider {
  issuer: string;
  clientId: string;
  people: readonly LocalPerson[];
  stop(): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInPage(uid: string): string {
  const options = LOCAL_PEOPLE.map(
    (
      person,
      index,
    ) => `<div class="person"><input type="radio" name="person" id="p-${escapeHtml(person.id)}" value="${escapeHtml(person.id)}"${index === 0 ? ' required' : ''}>
<label for="p-${escapeHtml(person.id)}">${escapeHtml(person.name)} <span>(${escapeHtml(person.email)}; ${escapeHtml(person.note)})</span></label></div>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – Local identity verifier</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
.person{margin:.5rem 0}span{color:#444}button{font-size:1rem;padding:.5rem 1rem;margin:1rem .5rem 0 0}
.stand-in{background:#fff4ce;padding:.5rem 1rem;border-left:4px solid #8a6d00}</style></head>
<body><main>
<p class="stand-in">Local stand-in for an independent identity-verification provider: nothing here is checked.</p>
<h1>Sign in with your verified identity</h1>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<fieldset><legend>Who are you?</legend>
${options}
</fieldset>
<button type="submit">Verify me</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Cancel and go back</button></form>
</main></body></html>`;
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Starts the provider on a free port of 127.0.0.1, with one client for privacy-ops: `redirectUri`
 * registered, `clientSecret` its secret (the value the local runtime gives the identity secret).
 */
export async function startLocalIdentityProvider(options: { redirectUri: string; clientSecret: string; port?: number }): Promise<LocalIdentityProvider> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(options.port ?? 0, '127.0.0.1', listening));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const people = new Map(LOCAL_PEOPLE.map((person) => [person.id, person]));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: LOCAL_CLIENT_ID,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    acrValues: ['substantial', 'low'],
    claims: {
      openid: ['sub'],
      acr: null,
      profile: ['name'],
      email: ['email', 'email_verified'],
      address: ['address'],
    },
    scopes: ['openid', 'profile', 'email', 'address'],
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const person = people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: person.name,
          email: person.email,
          email_verified: true,
          address: {
            street_address: person.address.street,
            postal_code: person.address.postalCode,
            locality: person.address.city,
            country: person.address.country,
          },
        }),
      };
    },
    // The stand-in asks no consent: signing in is the whole interaction.
    loadExistingGrant: async (ctx: {
      oidc: {
        client: { clientId: string };
        session: { accountId: string; grantIdFor(id: string): string | undefined };
        result?: { consent?: { grantId?: string } };
        provider: Provider;
      };
    }) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email address');
      grant.addOIDCClaims(['acr']);
      await grant.save();
      return grant;
    },
    ttl: { Session: 600, Interaction: 600, Grant: 600, AuthorizationCode: 60, AccessToken: 300, IdToken: 300 },
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error – Local identity verifier</title></head><body><main><h1>The sign-in failed</h1><p>${escapeHtml(out.error ?? '')}: ${escapeHtml(out.error_description ?? '')}</p></main></body></html>`;
    },
  });
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
      if (!match) return callback(req, res);
      try {
        const details = await provider.interactionDetails(req, res);
        if (details.uid !== match[1]) throw new Error('Interaction mismatch');
        if (!match[2] && req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(signInPage(details.uid));
          return;
        }
        if (match[2] === '/abort' && req.method === 'POST') {
          await provider.interactionFinished(
            req,
            res,
            { error: 'access_denied', error_description: 'The person stopped at the provider' },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        const person = people.get((await formOf(req)).get('person') ?? '');
        if (match[2] === '/login' && req.method === 'POST' && person) {
          await provider.interactionFinished(req, res, { login: { accountId: person.id, acr: person.acr } }, { mergeWithLastSubmission: false });
          return;
        }
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Choose a person to sign in as.');
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('This sign-in has expired: start again from privacy-ops.');
      }
    })();
  });
  return {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    people: LOCAL_PEOPLE,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
