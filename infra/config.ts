// Deployment settings from CDK context (`cdk.json` or `-c key=value`) and the configuration file it names.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Node } from 'constructs';
import type * as z from 'zod/mini';
import { AccountGraceDays, TableName, VerificationLinkDays, type ControllerInfo } from '../shared/config.js';
import type { Locale } from '../shared/domain/request-model.js';
import { exampleDomainKeys, parseDeploymentConfig, StageName, withStage, type DeploymentSettings } from '../shared/deployment-config.js';

export interface StackConfig {
  /** The stage (`privacy-ops:stage`) whose keys the configuration file sets over its own, if one is named. */
  stage?: string;
  /** Whether this is the demo company, whose example domains synthesize only on request. */
  demo: boolean;
  /** The company every notice, page and export README speaks as. */
  controller: ControllerInfo;
  /** The From address of every email; its domain must be a verified SES identity. */
  senderAddress: string;
  /** Where replies to an email go; the sender when absent. */
  replyToAddress?: string;
  /** The languages notices, pages and export READMEs are written in. */
  languages: Locale[];
  /** The public domain the subject-facing links use. */
  domain: string;
  /** Keep tables, key and bucket when the stack is deleted, and refuse table deletes. */
  deletionProtection: boolean;
  logRetentionDays: number;
  /** The company's account directory (a DynamoDB table with a `byEmail` index) for the knowledge check. */
  accountDirectoryTable: string;
  /** The company's DynamoDB tables and S3 buckets that built-in connectors may read and erase in. */
  connectorTables: string[];
  connectorBuckets: string[];
  /** How many days an emailed confirmation link works. */
  verificationLinkDays: number;
  /** Days a deactivated account's data is kept before it is erased. */
  accountGraceDays: number;
  /** Where GDPR deadlines are counted: the controller's time zone and public-holiday region. */
  gdpr: { timeZone: string; holidayRegion: string };
  ccpa: { timeZone: string; holidayRegion: string };
  /** The custom domain's certificate and DNS zone; absent only in a demo, which then has the execute-api endpoint alone. */
  edge?: DeploymentSettings['edge'];
  /** The SES domain identity and its custom MAIL FROM domain. */
  email: DeploymentSettings['email'];
  /** The OpenDSR processor certificate for the stack's KMS signing key, once one is issued. */
  openDsr?: DeploymentSettings['openDsr'];
  /** The privacy addresses SES receives mail at, and the rule set the rule goes in. */
  emailIntake?: DeploymentSettings['emailIntake'];
  /** The operator console's hosted sign-in. */
  console?: DeploymentSettings['console'];
  /** The independent identity-verification provider; none is offered when absent. */
  identityProvider?: DeploymentSettings['identityProvider'];
}

/** The stack a stage deploys as: PrivacyOps, or PrivacyOps-<stage> for a named stage. */
export function stackNameFor(stage?: string): string {
  return stage === undefined ? 'PrivacyOps' : `PrivacyOps-${stage}`;
}

/** Defaults of the keys outside the deployment configuration, whose own defaults its schema holds. */
const DEFAULTS = {
  senderAddress: 'privacy@example.com',
  domain: 'privacy.example.com',
  deletionProtection: true,
  logRetentionDays: 90,
  accountDirectoryTable: 'accounts',
  verificationLinkDays: 7,
  accountGraceDays: 30,
  connectorTables: [],
  connectorBuckets: [],
};

/** A context value checked with the schema the functions read the same setting with (shared/config.ts). */
function checked<T>(key: string, schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(typeof value === 'string' || typeof value === 'number' ? value : String(value));
  if (!parsed.success) throw new Error(`Context privacy-ops:${key} must be ${what}`);
  return parsed.data;
}

function asBoolean(key: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`Context privacy-ops:${key} must be true or false`);
}

/** The context keys that set one key of the deployment configuration, over the configuration file. */
const OVERRIDES = {
  controller: ['controller'],
  senderAddress: ['senderAddress'],
  replyToAddress: ['replyToAddress'],
  domain: ['domain'],
  languages: ['languages'],
  gdprTimeZone: ['gdpr', 'timeZone'],
  gdprHolidayRegion: ['gdpr', 'holidayRegion'],
  ccpaTimeZone: ['ccpa', 'timeZone'],
  ccpaHolidayRegion: ['ccpa', 'holidayRegion'],
  edge: ['edge'],
  email: ['email'],
  openDsr: ['openDsr'],
  emailIntake: ['emailIntake'],
  console: ['console'],
} as const;

/** The context key a path of the deployment configuration is set with (`controller.name` → privacy-ops:controller.name). */
function contextKey(path: string): string {
  const [head, next] = path.split('.');
  for (const [key, [first, second]] of Object.entries(OVERRIDES)) {
    if (second !== undefined && head === first && next === second) return `privacy-ops:${key}`;
  }
  return `privacy-ops:${path}`;
}

/** The file `privacy-ops:configFile` names, relative to the working directory (where cdk.json is). */
function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (error) {
    throw new Error(`Context privacy-ops:configFile names ${path}, which cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`The configuration file ${path} (privacy-ops:configFile) is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`The configuration file ${path} must hold one JSON object`);
  return parsed as Record<string, unknown>;
}

/**
 * The deployment configuration: the file `privacy-ops:configFile` names, with any of the context keys
 * in OVERRIDES set over it. Refuses, naming every key at fault, a configuration that is not valid, and
 * one that still names example.com or example.org unless `privacy-ops:demo` is true.
 */
function readDeployment(get: (key: string) => unknown, demo: boolean, stage: string | undefined): DeploymentSettings {
  // `-c privacy-ops:configFile=` unsets the file cdk.json names.
  const named = get('configFile');
  const file = named === undefined || named === '' ? undefined : String(named);
  const fileInput: Record<string, unknown> = file === undefined ? {} : readConfigFile(file);
  const input = stage === undefined ? fileInput : withStage(fileInput, stage);
  input.senderAddress ??= DEFAULTS.senderAddress;
  input.domain ??= DEFAULTS.domain;
  for (const [key, [first, second]] of Object.entries(OVERRIDES)) {
    const value = get(key);
    if (value === undefined) continue;
    const asList = key === 'languages' && typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value;
    if (second === undefined) input[first] = asList;
    else input[first] = { ...(input[first] as object | undefined), [second]: String(value) };
  }
  const result = parseDeploymentConfig(input);
  if ('problems' in result) {
    const where = file === undefined ? 'cdk.json context' : `${file} (privacy-ops:configFile) and cdk.json context`;
    throw new Error(
      [
        `The deployment configuration in ${where} is not valid:`,
        ...result.problems.map(({ key, message }) => `  ${contextKey(key)}: ${message}`),
        ...(file === undefined ? ["Name the company's configuration file with privacy-ops:configFile (docs/deploy.md)."] : []),
      ].join('\n'),
    );
  }
  const examples = exampleDomainKeys(result.config);
  if (examples.length > 0 && !demo) {
    throw new Error(
      [
        "The deployment configuration still names the example domains example.com or example.org. Set these keys to the company's own",
        `(in the file privacy-ops:configFile names, or as context in cdk.json): ${examples.map(contextKey).join(', ')}.`,
        'To synthesize the demo company instead, set privacy-ops:demo to true.',
      ].join(' '),
    );
  }
  if (!result.config.edge && !demo) {
    throw new Error(
      [
        `The deployment configuration has no edge: set privacy-ops:edge.certificateArn (an ACM certificate for ${result.config.domain} in the stack's Region)`,
        'or privacy-ops:edge.hostedZone ({ "id", "name" } of the Route 53 zone the stack issues the certificate and writes the records in), see docs/deploy.md.',
      ].join(' '),
    );
  }
  return result.config;
}

/** Reads `privacy-ops:*` context keys and the configuration file; a malformed value stops the synth with a message naming the key. */
export function readConfig(node: Node): StackConfig {
  const get = (key: string) => node.tryGetContext(`privacy-ops:${key}`) as unknown;
  const demo = asBoolean('demo', get('demo') ?? false);
  const stageValue = get('stage');
  const stage = stageValue === undefined || stageValue === '' ? undefined : String(stageValue);
  if (stage !== undefined && !StageName.safeParse(stage).success) {
    throw new Error('Context privacy-ops:stage must be a short lower-case name such as prod or staging');
  }
  const deployment = readDeployment(get, demo, stage);
  const logRetentionDays = Number(get('logRetentionDays') ?? DEFAULTS.logRetentionDays);
  if (!Number.isInteger(logRetentionDays) || logRetentionDays < 1) {
    throw new Error('Context privacy-ops:logRetentionDays must be a positive whole number of days');
  }
  const accountDirectoryTable = checked(
    'accountDirectoryTable',
    TableName,
    String(get('accountDirectoryTable') ?? DEFAULTS.accountDirectoryTable),
    'a DynamoDB table name',
  );
  const verificationLinkDays = checked(
    'verificationLinkDays',
    VerificationLinkDays,
    get('verificationLinkDays') ?? DEFAULTS.verificationLinkDays,
    'a whole number of days from 1 to 30',
  );
  const accountGraceDays = checked(
    'accountGraceDays',
    AccountGraceDays,
    get('accountGraceDays') ?? DEFAULTS.accountGraceDays,
    'a whole number of days from 1 to 3650',
  );
  const names = (key: string, pattern: RegExp, what: string): string[] => {
    const value = get(key) ?? [];
    const list =
      typeof value === 'string'
        ? value
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean)
        : value;
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' && pattern.test(v))) {
      throw new Error(`Context privacy-ops:${key} must be a list of ${what}`);
    }
    return list as string[];
  };
  return {
    ...deployment,
    ...(stage === undefined ? {} : { stage }),
    demo,
    accountDirectoryTable,
    connectorTables: names('connectorTables', /^[A-Za-z0-9_.-]{3,255}$/, 'DynamoDB table names'),
    connectorBuckets: names('connectorBuckets', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3 bucket names'),
    verificationLinkDays,
    accountGraceDays,
    deletionProtection: asBoolean('deletionProtection', get('deletionProtection') ?? DEFAULTS.deletionProtection),
    logRetentionDays,
  };
}
