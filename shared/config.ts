// Configuration: every environment variable a function reads, declared once with its zod schema.
// This is the one module of shared/ and functions/ that reads process.env; the CDK stack and the
// local runtime set the same variables from the same map (settingsEnvironment).
import * as z from 'zod/mini';
import { LOCALES, REQUEST_TYPES } from './domain/request-model.js';
import { DEFAULT_SEGMENTS, MAX_PAGE_SIZE, MAX_SEGMENTS } from './notifications/model.js';
import { auditKey, buckets, secrets, tables, type BucketId, type SecretId, type TableId } from './resources.js';

/** Thrown when a setting is absent or malformed: a deployment fault, never a caller's. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** One setting: the environment variable that carries it and the schema its text must meet. */
export interface SettingSpec<T extends z.ZodMiniType = z.ZodMiniType> {
  envVar: string;
  description: string;
  schema: T;
}

const setting = <T extends z.ZodMiniType>(envVar: string, description: string, schema: T): SettingSpec<T> => ({ envVar, description, schema });

const text = z.string().check(z.minLength(1));
const wholeNumber = (min: number, max: number) => z.coerce.number().check(z.int(), z.gte(min), z.lte(max));

/** An IANA time zone that this runtime knows, such as Europe/Berlin. */
export const TimeZone = z.string().check(
  z.minLength(1),
  z.refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin'),
);

/** A public-holiday region: a country or country-state code such as DE or US-CA. */
export const HolidayRegion = z.string().check(z.regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be a country or country-state code such as DE or US-CA'));

/** A DynamoDB table name. */
export const TableName = z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'));

/** Days an emailed confirmation link works. */
export const VerificationLinkDays = wholeNumber(1, 30);

/** Days a deactivated account's data is kept before it is erased. */
export const AccountGraceDays = wholeNumber(1, 3650);

/** Text in each language a notice, page or export README is written in. */
const Localized = z.object({ de: text, en: text });

/** An http(s) address: a link people follow, so never a `javascript:` or `data:` URL. */
const webAddress = () => z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;

/** A body a data subject may complain to: its name in each language, its postal address and its web address. */
export const Authority = z.object({
  name: described(Localized, "The body's name in each language"),
  address: z.optional(described(text, 'Its postal address')),
  url: described(webAddress(), 'Its web address, where complaints are lodged'),
});

/**
 * The controller every notice, page and export README speaks as: who answers for the data, where to
 * write, and per law the bodies a subject may complain to (GDPR: the lead supervisory authority;
 * CCPA: the California Privacy Protection Agency or the Attorney General). Several bodies for one law
 * are named as alternatives.
 */
export const Controller = z.object({
  name: described(text, 'The company, as it signs its mail'),
  postalAddress: described(text, "The company's postal address, on one line"),
  privacyContact: described(z.email(), 'Where people write with questions about their data'),
  dpoContact: z.optional(described(z.email(), 'The data protection officer, where the company has one')),
  privacyNoticeUrl: described(webAddress(), "The company's privacy notice, linked from every page and notice"),
  timeZone: z.optional(described(TimeZone, 'The time zone notices show times in; the GDPR time zone when absent')),
  authorities: z.object({
    gdpr: described(z.array(Authority).check(z.minLength(1)), 'The lead supervisory authority (GDPR Art. 77); several are named as alternatives'),
    ccpa: described(z.array(Authority).check(z.minLength(1)), 'Where Californians complain: the CPPA, the Attorney General'),
  }),
});

export type ControllerInfo = z.output<typeof Controller>;

const count = (min: number, max: number, description: string) => z.optional(described(z.number().check(z.int(), z.gte(min), z.lte(max)), description));

/**
 * The independent identity-verification provider (docs/identity-verification.md): an OpenID
 * Connect provider (`issuer`, `clientId`; the client secret in Secrets Manager) or a hosted
 * session API (`apiBase`; the API key and the webhook secret in Secrets Manager). Without it no
 * provider is offered.
 */
export const IdentityProvider = z
  .object({
    kind: described(
      z.enum(['oidc', 'hosted']),
      'oidc: an OpenID Connect provider (eID broker, identity service); hosted: a hosted verification session with signed webhooks',
    ),
    issuer: z.optional(described(webAddress(), 'oidc: the issuer; its discovery document is read from /.well-known/openid-configuration')),
    clientId: z.optional(described(text, 'oidc: the client id registered with the provider (redirect URI: https://<domain>/v1/identity/callback)')),
    scopes: z.optional(described(z.array(text), 'oidc: scopes asked for besides openid; default profile email address')),
    acrValues: z.optional(described(z.array(text), 'oidc: acr_values asked for, most wanted first')),
    apiBase: z.optional(described(webAddress(), 'hosted: the API sessions are created at ({apiBase}/verification_sessions)')),
    sessionOrigin: z.optional(
      described(
        webAddress(),
        "hosted: where the provider's session pages live, when not at apiBase's origin (the identity page's form must be allowed to lead there)",
      ),
    ),
    acceptedAssurance: z.optional(described(z.array(text), 'Assurance levels (OIDC acr, a hosted session level) accepted; any when absent')),
    requiredFor: z.optional(
      described(z.array(z.enum(REQUEST_TYPES)), 'Request types (of those that need the knowledge check) verified through the provider only'),
    ),
    sessionMinutes: count(5, 120, 'Minutes a session may take from its start to the answer; 30 when absent'),
    timeoutSeconds: count(1, 30, 'Seconds a call to the provider may take; 10 when absent'),
  })
  .check(
    z.refine((value) => value.kind !== 'oidc' || (value.issuer !== undefined && value.clientId !== undefined), 'an oidc provider needs issuer and clientId'),
    z.refine((value) => value.kind !== 'hosted' || value.apiBase !== undefined, 'a hosted provider needs apiBase'),
  );

export type IdentityProviderInfo = z.output<typeof IdentityProvider>;
export type AuthorityInfo = z.output<typeof Authority>;

/** JSON text that parses to a value of `schema`: how a structured setting travels in one variable. */
const json = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.pipe(
      text,
      z.transform((value, ctx) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'must be JSON', input: value });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

/** `true` or `false`, or `fallback` when unset. */
const flag = (fallback: boolean) =>
  z.pipe(
    z._default(z.enum(['true', 'false']), String(fallback) as 'true' | 'false'),
    z.transform((v) => v === 'true'),
  );

/** Everything a function is configured with besides its tables, buckets and secrets. */
export const settings = {
  publicBaseUrl: setting('PUBLIC_BASE_URL', 'The origin every emailed link and protocol URL starts with', z.url()),
  senderAddress: setting('SENDER_ADDRESS', 'The From address of every email (a verified SES identity)', z.email()),
  replyToAddress: setting('REPLY_TO_ADDRESS', 'Where replies to an email go; the sender when unset', z.optional(z.email())),
  controller: setting('CONTROLLER', 'The controller every notice speaks as, as JSON (the controller of the deployment configuration)', json(Controller)),
  identityProvider: setting(
    'IDENTITY_PROVIDER',
    'The independent identity-verification provider, as JSON (identityProvider of the deployment configuration); none is offered when unset',
    z.optional(json(IdentityProvider)),
  ),
  sesConfigurationSet: setting('SES_CONFIGURATION_SET', 'The SES configuration set that reports bounces and complaints', z.optional(text)),
  stateMachineArn: setting('STATE_MACHINE_ARN', 'The fulfilment workflow', text),
  campaignStateMachineArn: setting('CAMPAIGN_STATE_MACHINE_ARN', 'The policy-notice campaign workflow', text),
  accountDirectoryTable: setting('ACCOUNT_DIRECTORY_TABLE', "The company's account directory (knowledge check, campaigns, retention)", TableName),
  verificationLinkDays: setting('VERIFICATION_LINK_DAYS', 'Days an emailed confirmation link works', z._default(VerificationLinkDays, 7)),
  unsubscribeLinkDays: setting(
    'UNSUBSCRIBE_LINK_DAYS',
    "Days a marketing mail's unsubscribe link works, and the preferences link beside it",
    z._default(wholeNumber(1, 3650), 365),
  ),
  preferencePurposes: setting(
    'PREFERENCE_PURPOSES',
    'The purposes the "manage my email preferences" page lists for everyone, comma-separated, beside those a person\'s consent history holds',
    z.pipe(
      z._default(text, 'marketing'),
      z.pipe(
        z.transform((value: string) => value.split(',').map((part) => part.trim())),
        z.array(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be purposes: lower-case letters, digits and "-"'))).check(z.minLength(1)),
      ),
    ),
  ),
  languages: setting(
    'LANGUAGES',
    'The languages notices, pages and export READMEs are written in, comma-separated (de,en); every language the system writes when unset',
    z.pipe(
      z._default(text, LOCALES.join(',')),
      z.pipe(
        z.transform((value: string) => value.split(',').map((part) => part.trim())),
        z.array(z.enum(LOCALES)).check(z.minLength(1)),
      ),
    ),
  ),
  gdprTimeZone: setting('GDPR_TIME_ZONE', 'Where GDPR deadlines are counted', z._default(TimeZone, 'Europe/Berlin')),
  gdprHolidayRegion: setting(
    'GDPR_HOLIDAY_REGION',
    "Public holidays that move a GDPR deadline: the controller's country (nationwide holidays only) unless a region such as DE-BY is named",
    z._default(HolidayRegion, 'DE'),
  ),
  ccpaTimeZone: setting('CCPA_TIME_ZONE', 'Where CCPA deadlines are counted', z._default(TimeZone, 'America/Los_Angeles')),
  ccpaHolidayRegion: setting(
    'CCPA_HOLIDAY_REGION',
    'Public holidays that move a CCPA deadline: US-CA is the conservative California list (docs/deadlines.md)',
    z._default(HolidayRegion, 'US-CA'),
  ),
  callbackPrivateAddresses: setting(
    'CALLBACK_PRIVATE_ADDRESSES',
    'Whether protocol callbacks may reach loopback and private addresses (only the local runtime allows it)',
    flag(false),
  ),
  openDsrControllers: setting(
    'OPENDSR_CONTROLLERS',
    "The display names of the controllers that file through OpenDSR, by controller id (the AWS account that signs the call; local under npm start), as JSON: the subject's mails name the one a request came through",
    z.optional(json(z.record(z.string().check(z.minLength(1), z.maxLength(64)), z.string().check(z.minLength(1), z.maxLength(100))))),
  ),
  openDsrSigningKeyId: setting(
    'OPENDSR_SIGNING_KEY_ID',
    'The KMS key (ECC_NIST_P256, SIGN_VERIFY) that signs OpenDSR answers and callbacks; unset in the local runtime, which signs with a key of its own',
    z.optional(text),
  ),
  openDsrLocalSigningSeed: setting(
    'OPENDSR_LOCAL_SIGNING_SEED',
    "The local runtime's seed of its OpenDSR processor key; never set in AWS, where the key stays in KMS",
    z.optional(z.string().check(z.minLength(32))),
  ),
  openDsrCertificatePem: setting(
    'OPENDSR_CERTIFICATE_PEM',
    "The processor certificate (PEM) for the signing key: the deployment configuration's openDsr.certificatePem in AWS, the self-signed one the local runtime makes",
    z.optional(z.string().check(z.includes('-----BEGIN CERTIFICATE-----'))),
  ),
  drpBusinessId: setting('DRP_BUSINESS_ID', 'The business id DRP agents address their messages to', z._default(text, 'privacy-ops')),
  proofOfWorkDifficulty: setting(
    'PROOF_OF_WORK_DIFFICULTY',
    "The highest number a browser may have to reach to solve the privacy center's proof of work (SHA-256 rounds; about a second at 100000 on a phone)",
    z._default(wholeNumber(1, 10_000_000), 100_000),
  ),
  proofOfWorkMinSeconds: setting(
    'PROOF_OF_WORK_MIN_SECONDS',
    'Seconds that must pass between fetching a proof-of-work challenge and filing with it: a person reads and types, a script does not',
    z._default(wholeNumber(0, 600), 3),
  ),
  nearDeadlineDays: setting('NEAR_DEADLINE_DAYS', 'Days before a deadline that count as near it', z._default(wholeNumber(0, 90), 5)),
  accountGraceDays: setting('ACCOUNT_GRACE_DAYS', "Days a deactivated account's data is kept", z._default(AccountGraceDays, 30)),
  campaignSendsPerSecond: setting(
    'CAMPAIGN_SENDS_PER_SECOND',
    "A campaign's pace; below the account's SES maximum send rate",
    z._default(z.coerce.number().check(z.positive()), 10),
  ),
  campaignPageSize: setting(
    'CAMPAIGN_PAGE_SIZE',
    'Recipients a campaign step reads and mails at a time',
    z._default(wholeNumber(1, MAX_PAGE_SIZE), MAX_PAGE_SIZE),
  ),
  campaignSegments: setting(
    'CAMPAIGN_SEGMENTS',
    'Parallel segments a campaign scans the directory in',
    z._default(wholeNumber(1, MAX_SEGMENTS), DEFAULT_SEGMENTS),
  ),
  intakeAddresses: setting(
    'INTAKE_ADDRESSES',
    'The privacy addresses mail is received at, comma-separated; the sender address when unset',
    z.optional(
      z.pipe(
        text,
        z.pipe(
          z.transform((value: string) => value.split(',').map((part) => part.trim().toLowerCase())),
          z.array(z.email()).check(z.minLength(1)),
        ),
      ),
    ),
  ),
  intakeAnswersPerDay: setting('INTAKE_ANSWERS_PER_DAY', 'Answers one sender gets to their mails per day at most', z._default(wholeNumber(1, 50), 3)),
  triageAlarmDays: setting('TRIAGE_ALARM_DAYS', 'Days a mail may wait in the triage inbox before the sweep flags it', z._default(wholeNumber(1, 30), 3)),
  consoleIssuer: setting(
    'CONSOLE_ISSUER',
    "Who signs the operator console's session tokens: the Cognito user pool's issuer URL in AWS, the local runtime's own issuer locally",
    z.url(),
  ),
  consoleClientId: setting('CONSOLE_CLIENT_ID', "The console's app client: the audience of its ID tokens", text),
  consoleLocalJwks: setting(
    'CONSOLE_LOCAL_JWKS',
    "The local runtime's console signing keys (public JWKS, as JSON); never set in AWS, where the keys are fetched from the issuer",
    z.optional(json(z.object({ keys: z.array(z.record(z.string(), z.unknown())).check(z.minLength(1)) }))),
  ),
  consoleSignInUrl: setting(
    'CONSOLE_SIGN_IN_URL',
    "The user pool's hosted sign-in (https://<prefix>.auth.<region>.amazoncognito.com); unset locally, where npm start prints one-time sign-ins",
    z.optional(webAddress()),
  ),
  s3ForcePathStyle: setting('S3_FORCE_PATH_STYLE', 'Path-style S3 addressing, which the emulator needs', flag(false)),
  serviceName: setting('POWERTOOLS_SERVICE_NAME', 'The service named on every log line', z._default(text, 'privacy-ops')),
  lambdaFunctionName: setting('AWS_LAMBDA_FUNCTION_NAME', 'Set by Lambda: tracing is on only there', z.optional(text)),
  traceEnabled: setting('POWERTOOLS_TRACE_ENABLED', 'false turns X-Ray tracing off', flag(true)),
} as const satisfies Record<string, SettingSpec>;

export type SettingId = keyof typeof settings;
export type SettingValue<K extends SettingId> = z.output<(typeof settings)[K]['schema']>;

/** The environment's text for `envVar`; an empty value counts as unset. */
function envText(envVar: string): string | undefined {
  const value = process.env[envVar];
  return value === '' ? undefined : value;
}

/**
 * The setting `id`, parsed with its schema: its default when unset, a ConfigError naming the
 * variable when it is missing or malformed. Read it where an adapter is built, once per cold start.
 */
export function config<K extends SettingId>(id: K): SettingValue<K> {
  const spec: SettingSpec = settings[id];
  const raw = envText(spec.envVar);
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const why = raw === undefined ? 'is missing' : (issue?.message ?? 'is not valid');
    throw new ConfigError(`The setting ${spec.envVar} ${why}`);
  }
  return parsed.data as SettingValue<K>;
}

/** Parses every setting the environment carries, so a malformed one fails at start-up, not mid-request. */
export function checkSettings(): void {
  for (const [id, spec] of Object.entries(settings)) if (envText(spec.envVar) !== undefined) config(id as SettingId);
}

/** The environment variables that carry `values`, named from the one map: how the stack and the local runtime set them. */
export function settingsEnvironment(values: { [K in SettingId]?: string }): Record<string, string> {
  return Object.fromEntries(Object.entries(values).flatMap(([id, value]) => (value === undefined ? [] : [[settings[id as SettingId].envVar, value]])));
}

function required(envVar: string): string {
  const value = envText(envVar);
  if (value === undefined) throw new ConfigError(`Missing required setting ${envVar}`);
  return value;
}

/** The name of table `id`, as the stack or the local runtime passed it. */
export function tableName(id: TableId): string {
  return required(tables[id].envVar);
}

/** The name of table `id` when the function was given it (it holds the table's grant), else undefined. */
export function tableNameIfGranted(id: TableId): string | undefined {
  return envText(tables[id].envVar);
}

/** The name of bucket `id`. */
export function bucketName(id: BucketId): string {
  return required(buckets[id].envVar);
}

/**
 * Where secret `id` comes from: its value itself in the local runtime (which has no Secrets
 * Manager), else the ARN of the Secrets Manager secret.
 */
export function secretSource(id: SecretId): { value: string } | { arn: string } {
  const spec = secrets[id];
  const value = envText(spec.localEnvVar);
  return value !== undefined ? { value } : { arn: required(spec.envVar) };
}

/**
 * Where the audit key comes from: its material itself in the local runtime (which has no KMS),
 * else the ARN of the KMS HMAC key.
 */
export function auditKeySource(): { value: string } | { arn: string } {
  const value = envText(auditKey.localEnvVar);
  return value !== undefined ? { value } : { arn: required(auditKey.envVar) };
}

// At cold start: a malformed setting stops the function before its first request, with its name.
checkSettings();
