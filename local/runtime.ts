// The whole API on one machine: emulators, tables and buckets, demo data, and the local gateway.
import { createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lambdas } from '../shared/lambdas.js';
import { routes } from '../functions/routes.js';
import { CALLER_ROLES, type CallerRole } from '../shared/http/route.js';
import { createS3Client } from '../shared/aws/s3.js';
import { config, settings, settingsEnvironment } from '../shared/config.js';
import { selfSignedCertificate } from '../shared/protocols/certificate.js';
import { processorKey } from '../shared/protocols/signing.js';
import { DEMO_CONFIG } from './demo-controller.js';
import { auditKey, buckets, secrets, tables, type SecretId } from '../shared/resources.js';
import { demoBucket, demoTables } from './demo-data.js';
import { freePort, startDynamoDb, startS3, startSes, type Emulator } from './emulators.js';
import { announceRuntime } from './discovery.js';
import { startFaultProxy, type FaultProxy, type FaultService } from './fault-proxy.js';
import { createGateway } from './gateway.js';
import { CONSOLE_GROUPS, sessionVerifier, type ConsoleGroup } from '../shared/console/session.js';
import { createLocalConsoleIdentity, type LocalConsoleIdentity } from './console-identity.js';
import { startLocalSchedules, type LocalSchedules } from './schedules.js';
import { startSmtpIntake } from './smtp-intake.js';
import { createBuckets, createTables } from './provision.js';
import { seedAdAudiences, seedDemoData } from './seed.js';
import { registerDemoSystems } from './seed-systems.js';
import { LOCAL_CAMPAIGN_STATE_MACHINE_ARN, startStepFunctions, type LocalStepFunctions } from './step-functions.js';
import { LOCAL_ACCEPTED_ASSURANCE, startLocalIdentityProvider, type LocalPerson } from './identity-provider.js';
import { CALLBACK_PATH, WEBHOOK_PATH } from '../shared/verification/identity-session.js';
import type { IdentityProviderKind } from '../shared/verification/identity-provider.js';
import { LOCAL_HOSTED_ACCEPTED_ASSURANCE, startLocalHostedVerifier, type LocalHostedVerifier } from './hosted-verifier.js';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SystemStore } from '../shared/fulfilment/system-store.js';
import { systemSecretsKey } from '../shared/secrets.js';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface LocalRuntimeOptions {
  /** Port of the API; 0 picks a free one. */
  port: number;
  /** Keep nothing on disk (default: persist under `.data/`). */
  memory: boolean;
  /** The key system routes require in `x-api-key`; a random one when absent. */
  apiKey?: string;
  /** Where persisted data lives; defaults to `.data/` in the project. */
  dataDir?: string;
  accessLog?: (line: string) => void;
  /** Apply the per-client limits of the subject routes (default true). */
  throttling?: boolean;
  /** How often scheduled functions (the deadline sweep) run; default: as the lambda catalogue says; 0: never. */
  scheduleEveryMs?: number;
  /**
   * Make this share of the functions' DynamoDB, S3 and SES calls fail as the services do when
   * throttled or broken (after set-up and seeding, which always succeed). Off when absent.
   */
  faults?: { rate: number; random?: () => number };
  /**
   * Which local stand-in identity provider to run and wire: `oidc` (the default, also `true`) the
   * OpenID Connect provider, `hosted` the hosted-session service with its signed webhook; `false`:
   * none is offered.
   */
  identityProvider?: boolean | IdentityProviderKind;
  /** Register the demo's advertising audiences, a marketing system that deletes on objection, with an entry per demo account (default false). */
  adAudiences?: boolean;
}

export interface LocalRuntime {
  apiUrl: string;
  openApiUrl: string;
  mailboxUrl: string;
  /** The SMTP server the privacy address receives at, and the addresses it takes mail for. */
  inboundMail: { url: string; port: number; addresses: string[] };
  /**
   * The local stand-in identity-verification provider and the people it can sign in, unless turned
   * off: its address (the OIDC issuer, or the hosted service's API), and for the hosted service its
   * handle (sessions, the events it sent, a way to make it fail).
   */
  identityProvider?: { kind: IdentityProviderKind; issuer: string; people: readonly LocalPerson[]; hosted?: LocalHostedVerifier };
  /** The operator's key: every system route. */
  apiKey: string;
  /** A key for each of the other caller roles, limited to that role's routes (shared/http/route.ts). */
  roleKeys: Record<Exclude<CallerRole, 'operator'>, string>;
  dataDir: string | undefined;
  seeded: { accounts: number; objects: number };
  /** The local Step Functions running the fulfilment workflow (`idle()` waits for every execution). */
  workflows: LocalStepFunctions;
  /** The timers of the scheduled functions; `run(lambdaId)` runs one now. */
  schedules: LocalSchedules;
  /** The operator console: its address, a one-time sign-in for the demo person of each group, and the local identity that signs sessions. */
  console: { url: string; signIns: Record<ConsoleGroup, string>; identity: LocalConsoleIdentity };
  /** The fault proxies, when `faults` was given: what they did, and a way to change the rate. */
  faults?: {
    counts(): Record<FaultService, ReturnType<FaultProxy['counts']>>;
    /** The share of calls that fail from now on, for `services` (all three unless given). */
    setRate(rate: number, services?: readonly FaultService[]): void;
  };
  stop(): Promise<void>;
}

/** Files beside persisted data that keep each secret, so hashes and ciphertexts still open after a restart. */
const SECRET_FILES: Record<SecretId, string> = {
  subjectHashKey: 'subject-hash.key',
  systemSecretsKey: 'system-secrets.key',
  proofOfWorkKey: 'proof-of-work.key',
  identityProviderSecret: 'identity-provider.secret',
  identityWebhookSecret: 'identity-webhook.secret',
};

/**
 * The file beside persisted data that keeps the audit key's material: the local stand-in for the
 * KMS HMAC key, so chains and anchors still verify after a restart.
 */
const AUDIT_KEY_FILE = 'audit-hmac.key';

/** The local OpenDSR processor key's seed and its certificate (in AWS the key is in KMS and the certificate in the configuration). */
const SIGNING_SEED_FILE = 'opendsr-signing.seed';
const CERTIFICATE_FILE = 'opendsr-certificate.pem';

/** A random value for the local runtime kept in `file` under `dataDir` when persisting, fresh for an in-memory run. */
function localValue(file: string, dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(32).toString('base64url');
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, key, { mode: 0o600 });
  return key;
}

/**
 * The local processor certificate: self-signed for the seed's key and `domain`, made at the first
 * start and kept beside the seed, so that a controller that pinned it keeps verifying after a restart.
 */
function localProcessorCertificate(seed: string, domain: string, dataDir: string | undefined): string {
  const path = dataDir ? join(dataDir, CERTIFICATE_FILE) : undefined;
  const key = processorKey(Buffer.from(seed, 'utf8'));
  if (path && existsSync(path)) {
    const kept = readFileSync(path, 'utf8');
    const certificate = new X509Certificate(kept);
    if (certificate.publicKey.equals(createPublicKey(key.publicKeyPem)) && certificate.checkHost(domain) === domain) return kept;
  }
  const pem = selfSignedCertificate(key, { domain, organization: DEMO_CONFIG.controller.name, now: new Date() });
  if (path) writeFileSync(path, pem);
  return pem;
}

/** Settings every handler reads at start-up, as the CDK stack sets them on each function. */
export function localFunctionEnvironment(dataDir?: string): Record<string, string> {
  const env: Record<string, string> = {
    // Metrics are CloudWatch EMF lines on stdout: only noise on a console.
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...settingsEnvironment({
      serviceName: 'privacy-ops',
      // There is no X-Ray daemon here (the tracer is off outside Lambda in any case).
      traceEnabled: 'false',
      // Agents and processors under test listen on localhost.
      callbackPrivateAddresses: 'true',
      senderAddress: DEMO_CONFIG.senderAddress,
      controller: JSON.stringify(DEMO_CONFIG.controller),
      languages: DEMO_CONFIG.languages.join(','),
      // The demo newsletter and web analytics rest on consent.
      preferencePurposes: 'marketing,analytics',
    }),
  };
  for (const [secretId, spec] of Object.entries(secrets) as [SecretId, (typeof secrets)[SecretId]][]) {
    env[spec.localEnvVar] = localValue(SECRET_FILES[secretId], dataDir);
  }
  env[auditKey.localEnvVar] = localValue(AUDIT_KEY_FILE, dataDir);
  Object.assign(env, settingsEnvironment({ openDsrLocalSigningSeed: localValue(SIGNING_SEED_FILE, dataDir) }));
  for (const spec of Object.values(tables)) env[spec.envVar] = spec.localName;
  for (const spec of Object.values(buckets)) env[spec.envVar] = spec.localName;
  for (const spec of Object.values(demoTables)) env[spec.envVar] = spec.localName;
  env.DEMO_BUCKET = demoBucket;
  return env;
}

/** Connections the gateway's socket queues while the process is busy (the kernel caps it at somaxconn). */
const LISTEN_BACKLOG = 4096;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    // A burst of callers (a company system retrying, the concurrency suite's 1,000 at once) can
    // outrun the accept loop of a busy machine: Node's default queue of 511 then resets the rest.
    server.listen({ port, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, () => {
      const address = server.address();
      resolvePort(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Puts a fault proxy in front of each emulator and points the SDK's endpoints at the proxies; each
 * proxy joins `started`, so it is stopped with the emulators.
 */
async function interposeFaults(
  faults: NonNullable<LocalRuntimeOptions['faults']>,
  emulators: Record<FaultService, Emulator>,
  started: Emulator[],
): Promise<NonNullable<LocalRuntime['faults']>> {
  const proxies = {} as Record<FaultService, FaultProxy>;
  for (const [service, emulator] of Object.entries(emulators) as [FaultService, Emulator][]) {
    const proxy = await startFaultProxy({ service, target: emulator.endpoint, rate: faults.rate, random: faults.random ?? Math.random });
    proxies[service] = proxy;
    started.push({ name: `${emulator.name} (faults)`, endpoint: proxy.endpoint, stop: proxy.stop });
  }
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: proxies.dynamodb.endpoint,
    AWS_ENDPOINT_URL_S3: proxies.s3.endpoint,
    AWS_ENDPOINT_URL_SES: proxies.ses.endpoint,
    AWS_ENDPOINT_URL_SESV2: proxies.ses.endpoint,
  });
  return {
    counts: () =>
      Object.fromEntries(Object.entries(proxies).map(([service, proxy]) => [service, proxy.counts()])) as Record<
        FaultService,
        ReturnType<FaultProxy['counts']>
      >,
    setRate: (rate, services = Object.keys(proxies) as FaultService[]) => {
      for (const service of services) proxies[service].setRate(rate);
    },
  };
}

interface StartedVerifier {
  kind: IdentityProviderKind;
  issuer: string;
  people: readonly LocalPerson[];
  hosted?: LocalHostedVerifier;
  /** The `identityProvider` configuration that points privacy-ops at it. */
  settings: Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * The local stand-in verifier asked for, started with the local secrets: the OIDC client secret or
 * the hosted service's API key is the identity provider secret, its webhook signs with the webhook secret.
 */
async function startVerifier(choice: boolean | IdentityProviderKind, apiUrl: string): Promise<StartedVerifier | undefined> {
  if (choice === false) return undefined;
  const providerSecret = process.env[secrets.identityProviderSecret.localEnvVar]!;
  if (choice === 'hosted') {
    const hosted = await startLocalHostedVerifier({
      apiKey: providerSecret,
      webhookSecret: process.env[secrets.identityWebhookSecret.localEnvVar]!,
      webhookUrl: `${apiUrl}${WEBHOOK_PATH}`,
    });
    return {
      kind: 'hosted',
      issuer: hosted.apiBase,
      people: hosted.people,
      hosted,
      settings: { kind: 'hosted', apiBase: hosted.apiBase, acceptedAssurance: LOCAL_HOSTED_ACCEPTED_ASSURANCE, timeoutSeconds: 3 },
      stop: hosted.stop,
    };
  }
  const oidc = await startLocalIdentityProvider({ redirectUri: `${apiUrl}${CALLBACK_PATH}`, clientSecret: providerSecret });
  return {
    kind: 'oidc',
    issuer: oidc.issuer,
    people: oidc.people,
    settings: { kind: 'oidc', issuer: oidc.issuer, clientId: oidc.clientId, acrValues: LOCAL_ACCEPTED_ASSURANCE, acceptedAssurance: LOCAL_ACCEPTED_ASSURANCE },
    stop: oidc.stop,
  };
}

/**
 * Starts the emulators, points the AWS SDK at them through its endpoint settings, creates the
 * stack's tables and buckets, seeds the demo company and serves the route table.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = options.memory ? undefined : resolve(options.dataDir ?? join(PROJECT_ROOT, '.data'));
  const s3Dir = dataDir ? join(dataDir, 's3') : mkdtempSync(join(tmpdir(), 'privacy-ops-s3-'));
  const started: Emulator[] = [];
  const stopAll = async () => {
    for (const emulator of started.reverse()) await emulator.stop().catch(() => undefined);
    if (!dataDir) rmSync(s3Dir, { recursive: true, force: true });
  };
  try {
    const [s3Port, sesPort] = [await freePort(), await freePort()];
    const starts = await Promise.allSettled([
      startDynamoDb(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {}),
      startS3({ port: s3Port, directory: s3Dir }),
      startSes({ port: sesPort }),
    ]);
    // Whatever did start is stopped again below if anything else failed.
    for (const start of starts) if (start.status === 'fulfilled') started.push(start.value);
    const failed = starts.find((start): start is PromiseRejectedResult => start.status === 'rejected');
    if (failed) throw failed.reason;
    const [dynamo, s3, ses] = started as [Emulator, Emulator, Emulator];

    Object.assign(process.env, {
      AWS_REGION: process.env.AWS_REGION ?? 'eu-central-1',
      // s3rver accepts only its own well-known key; the other emulators accept any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      // Lambda runs Node 22; the SDK's notice about Node 20 concerns only this local process.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      ...settingsEnvironment({ s3ForcePathStyle: 'true' }),
      // s3rver predates the SDK's default CRC checksums and aws-chunked uploads.
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      ...localFunctionEnvironment(dataDir),
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;

    const workflows = await startStepFunctions({ port: 0, projectRoot: PROJECT_ROOT, lambdas, log: options.accessLog });
    started.push({ name: 'Step Functions', endpoint: workflows.endpoint, stop: workflows.stop });
    process.env.AWS_ENDPOINT_URL_SFN = workflows.endpoint;
    Object.assign(
      process.env,
      settingsEnvironment({
        stateMachineArn: workflows.stateMachineArn,
        campaignStateMachineArn: LOCAL_CAMPAIGN_STATE_MACHINE_ARN,
      }),
    );

    const dynamoClient = new DynamoDBClient({});
    const s3Client = createS3Client();
    const created = await createTables(dynamoClient, [...Object.values(tables), ...Object.values(demoTables)]);
    await createBuckets(s3Client, [...Object.values(buckets).map((b) => b.localName), demoBucket]);
    // The demo company is seeded once, into new tables: what a person erased stays erased after a restart.
    const seeded = created.includes(demoTables.accounts.localName) ? await seedDemoData(dynamoClient, s3Client) : { accounts: 0, objects: 0 };
    await registerDemoSystems(
      new SystemStore({
        tableName: tables.systems.localName,
        secretKey: systemSecretsKey,
        client: DynamoDBDocumentClient.from(dynamoClient, { marshallOptions: { removeUndefinedValues: true } }),
      }),
      undefined,
      { adAudiences: options.adAudiences ?? false },
    );
    if (options.adAudiences && seeded.accounts > 0) await seedAdAudiences(s3Client);
    dynamoClient.destroy();
    s3Client.destroy();
    const faults = options.faults ? await interposeFaults(options.faults, { dynamodb: dynamo, s3, ses }, started) : undefined;

    const apiKey = options.apiKey ?? randomBytes(24).toString('base64url');
    const roleKeys = Object.fromEntries(
      CALLER_ROLES.filter((role) => role !== 'operator').map((role) => [role, randomBytes(24).toString('base64url')]),
    ) as LocalRuntime['roleKeys'];
    const consoleIdentity = await createLocalConsoleIdentity();
    Object.assign(
      process.env,
      settingsEnvironment({
        consoleIssuer: consoleIdentity.issuer,
        consoleClientId: consoleIdentity.clientId,
        consoleLocalJwks: JSON.stringify(consoleIdentity.jwks),
      }),
    );
    const server = createGateway({
      console: {
        verify: sessionVerifier({ issuer: consoleIdentity.issuer, clientId: consoleIdentity.clientId, jwks: { keys: consoleIdentity.jwks } }),
        redeem: (ticket) => consoleIdentity.redeem(ticket),
      },
      routes,
      lambdas,
      projectRoot: PROJECT_ROOT,
      apiKey,
      roleKeys,
      accessLog: options.accessLog,
      throttling: options.throttling,
      controller: DEMO_CONFIG.controller,
    });
    const port = await listen(server, options.port);
    const apiUrl = `http://localhost:${port}`;
    // The links in emails point at this server; handlers read it on their first call.
    Object.assign(process.env, settingsEnvironment({ publicBaseUrl: apiUrl }));
    const verifier = await startVerifier(options.identityProvider ?? true, apiUrl);
    if (verifier) {
      started.push({ name: 'Identity provider', endpoint: verifier.issuer, stop: verifier.stop });
      Object.assign(process.env, settingsEnvironment({ identityProvider: JSON.stringify(verifier.settings) }));
    } else {
      delete process.env[settings.identityProvider.envVar];
    }
    const seed = process.env[settings.openDsrLocalSigningSeed.envVar]!;
    Object.assign(process.env, settingsEnvironment({ openDsrCertificatePem: localProcessorCertificate(seed, new URL(apiUrl).hostname, dataDir) }));
    const schedules = startLocalSchedules({ projectRoot: PROJECT_ROOT, lambdas, everyMs: options.scheduleEveryMs, log: options.accessLog });
    const mailboxUrl = `http://localhost:${sesPort}/`;
    const intakeAddresses = config('intakeAddresses') ?? [config('senderAddress').toLowerCase()];
    const smtp = await startSmtpIntake({ projectRoot: PROJECT_ROOT, addresses: intakeAddresses, ...(options.accessLog ? { log: options.accessLog } : {}) });
    started.push({ name: 'SMTP intake', endpoint: `smtp://localhost:${smtp.port}`, stop: smtp.stop });
    // Lets `npm run sweep` and the like work on this runtime's emulators while it runs.
    const withdraw = dataDir ? announceRuntime(dataDir, { apiUrl, mailboxUrl }) : () => undefined;
    return {
      apiUrl,
      openApiUrl: `${apiUrl}/openapi.json`,
      mailboxUrl,
      ...(verifier
        ? {
            identityProvider: {
              kind: verifier.kind,
              issuer: verifier.issuer,
              people: verifier.people,
              ...(verifier.hosted ? { hosted: verifier.hosted } : {}),
            },
          }
        : {}),
      inboundMail: { url: `smtp://localhost:${smtp.port}`, port: smtp.port, addresses: intakeAddresses },
      console: {
        url: `${apiUrl}/console/requests`,
        signIns: Object.fromEntries(CONSOLE_GROUPS.map((group) => [group, `${apiUrl}${consoleIdentity.issueSignIn(group)}`])) as Record<ConsoleGroup, string>,
        identity: consoleIdentity,
      },
      apiKey,
      roleKeys,
      dataDir,
      seeded,
      workflows,
      schedules,
      ...(faults ? { faults } : {}),
      stop: async () => {
        withdraw();
        await schedules.stop();
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
