// Deployment settings from CDK context (`cdk.json` or `-c key=value`), with defaults that synthesize offline.
import type { Node } from 'constructs';
import type * as z from 'zod/mini';
import { AccountGraceDays, HolidayRegion, settings, TableName, TimeZone, VerificationLinkDays } from '../shared/config.js';

export interface StackConfig {
  /** The From address of every email; its domain must be a verified SES identity. */
  senderAddress: string;
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
}

const DEFAULTS: StackConfig = {
  senderAddress: 'privacy@example.com',
  domain: 'privacy.example.com',
  deletionProtection: true,
  logRetentionDays: 90,
  accountDirectoryTable: 'accounts',
  verificationLinkDays: 7,
  accountGraceDays: 30,
  connectorTables: [],
  connectorBuckets: [],
  gdpr: { timeZone: 'Europe/Berlin', holidayRegion: 'DE' },
  ccpa: { timeZone: 'America/Los_Angeles', holidayRegion: 'US-CA' },
};

/** A context value checked with the schema the functions read the same setting with (shared/config.ts). */
function checked<T>(key: string, schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(typeof value === 'string' || typeof value === 'number' ? value : String(value));
  if (!parsed.success) throw new Error(`Context privacy-ops:${key} must be ${what}`);
  return parsed.data;
}

const timeZone = (key: string, value: unknown, fallback: string): string =>
  checked(key, TimeZone, String(value ?? fallback), 'an IANA time zone such as Europe/Berlin');

const holidayRegion = (key: string, value: unknown, fallback: string): string =>
  checked(key, HolidayRegion, String(value ?? fallback), 'a country or country-state code such as DE or US-CA');

function asBoolean(key: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`Context privacy-ops:${key} must be true or false`);
}

/** Reads `privacy-ops:*` context keys; a malformed value stops the synth with a clear message. */
export function readConfig(node: Node): StackConfig {
  const get = (key: string) => node.tryGetContext(`privacy-ops:${key}`) as unknown;
  const senderAddress = checked('senderAddress', settings.senderAddress.schema, String(get('senderAddress') ?? DEFAULTS.senderAddress), 'an email address');
  const domain = String(get('domain') ?? DEFAULTS.domain);
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain)) throw new Error('Context privacy-ops:domain must be a domain name');
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
    senderAddress,
    accountDirectoryTable,
    connectorTables: names('connectorTables', /^[A-Za-z0-9_.-]{3,255}$/, 'DynamoDB table names'),
    connectorBuckets: names('connectorBuckets', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3 bucket names'),
    verificationLinkDays,
    accountGraceDays,
    domain,
    deletionProtection: asBoolean('deletionProtection', get('deletionProtection') ?? DEFAULTS.deletionProtection),
    logRetentionDays,
    gdpr: {
      timeZone: timeZone('gdprTimeZone', get('gdprTimeZone'), DEFAULTS.gdpr.timeZone),
      holidayRegion: holidayRegion('gdprHolidayRegion', get('gdprHolidayRegion'), DEFAULTS.gdpr.holidayRegion),
    },
    ccpa: {
      timeZone: timeZone('ccpaTimeZone', get('ccpaTimeZone'), DEFAULTS.ccpa.timeZone),
      holidayRegion: holidayRegion('ccpaHolidayRegion', get('ccpaHolidayRegion'), DEFAULTS.ccpa.holidayRegion),
    },
  };
}
