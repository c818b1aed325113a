// Wiring: the operator console's session verifier, hosted sign-in, and what its pages and actions read and do.
import type { JSONWebKeySet } from 'jose';
import type { PageController } from '../../shared/pages/layout.js';
import { config, tableName } from '../../shared/config.js';
import type { HostedSignIn } from '../../shared/console/hosted-sign-in.js';
import type { FindDeps, QueueDeps } from '../../shared/console/queue.js';
import { operatorActorId, sessionVerifier, type ConsoleSession, type SessionVerifier } from '../../shared/console/session.js';
import { once } from '../../shared/once.js';
import type { OperatorDeps } from '../../shared/requests/operator-actions.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { chainKey } from './audit-key.js';
import { controller } from './mail.js';
import { operatorDeps } from './operator.js';
import { systemStore } from './systems.js';
import { taskStore } from './tasks.js';

/**
 * Checks console sessions: ID tokens of the configured issuer and app client, against the issuer's
 * JWKS (Cognito's, fetched and cached) or the local runtime's own keys.
 */
export const consoleSessions = /* @__PURE__ */ once((): SessionVerifier => {
  const issuer = config('consoleIssuer');
  const local = config('consoleLocalJwks');
  return sessionVerifier({
    issuer,
    clientId: config('consoleClientId'),
    jwks: local ? { keys: local as JSONWebKeySet } : { url: `${issuer}/.well-known/jwks.json` },
  });
});

/** Whether console cookies carry Secure: everywhere but a plain-http local origin. */
export const secureCookies = /* @__PURE__ */ once((): boolean => config('publicBaseUrl').startsWith('https:'));

/** The hosted sign-in, or undefined in the local runtime (which prints one-time sign-ins instead). */
export const hostedSignIn = /* @__PURE__ */ once((): HostedSignIn | undefined => {
  const signInUrl = config('consoleSignInUrl');
  return signInUrl ? { signInUrl, clientId: config('consoleClientId'), consoleOrigin: config('publicBaseUrl') } : undefined;
});

/** Requests and their audit chains, read only. */
const consoleReader = /* @__PURE__ */ once(() => new RequestStore({ requestsTable: tableName('requests'), auditTable: tableName('audit'), chainKey }));

/** What the queue reads. */
export const queueDeps = /* @__PURE__ */ once(
  (): QueueDeps => ({
    store: consoleReader(),
    tasks: { requestsWithOpenTasks: (systemId) => taskStore().requestsWithOpenTasks(systemId) },
    systems: () => systemStore().list(),
    nearDeadlineDays: config('nearDeadlineDays'),
  }),
);

/** What finding a person's requests reads: the queue's, and the subject hash key. */
export const findDeps = /* @__PURE__ */ once(
  (): FindDeps => ({ store: consoleReader(), subjectKey: subjectHashKey, nearDeadlineDays: config('nearDeadlineDays') }),
);

/** What a request's page reads: the request, its tasks, and its audit chain with the key that checks it. */
export const requestDetailDeps = /* @__PURE__ */ once(() => ({
  store: consoleReader(),
  tasks: { tasks: taskStore(), systems: systemStore() },
  chainKey,
  nearDeadlineDays: config('nearDeadlineDays'),
  identityProvider: config('identityProvider') !== undefined,
}));

/** The operator actions, recorded in the audit chain as the signed-in person (their user pool id only). */
export function consoleOperatorDeps(session: ConsoleSession): OperatorDeps {
  return operatorDeps({ kind: 'operator', id: operatorActorId(session) });
}

/** Who the console's pages name in their header. */
export const consoleController = (): PageController => controller();
