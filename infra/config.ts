// Deployment settings from CDK context (`cdk.json` or `-c key=value`), with defaults that synthesize offline.
import type { Node } from 'constructs';

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

function timeZone(key: string, value: unknown, fallback: string): string {
  const zone = String(value ?? fallback);
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new Error(`Context privacy-ops:${key} must be an IANA time zone such as Europe/Berlin`);
  }
  return zone;
}

function holidayRegion(key: string, value: unknown, fallback: string): string {
  const region = String(value ?? fallback);
  if (!/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(region)) {
    throw new Error(`Context privacy-ops:${key} must be a country or country-state code such as DE or US-CA`);
  }
  return region;
}

function asBoolean(key: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`Context privacy-ops:${key} must be true or false`);
}

/** Reads `privacy-ops:*` context keys; a malformed value stops the synth with a clear message. */
export function readConfig(node: Node): StackConfig {
  const get = (key: string) => node.tryGetContext(`privacy-ops:${key}`) as unknown;
  const senderAddress = String(get('senderAddress') ?? DEFAULTS.senderAddress);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(senderAddress)) {
    throw new Error('Context privacy-ops:senderAddress must be an email address');
  }
  const domain = String(get('domain') ?? DEFAULTS.domain);
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain)) throw new Error('Context privacy-ops:domain must be a domain name');
  const logRetentionDays = Number(get('logRetentionDays') ?? DEFAULTS.logRetentionDays);
  if (!Number.isInteger(logRetentionDays) || logRetentionDays < 1) {
    throw new Error('Context privacy-ops:logRetentionDays must be a positive whole number of days');
  }
  const accountDirectoryTable = String(get('accountDirectoryTable') ?? DEFAULTS.accountDirectoryTable);
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(accountDirectoryTable)) {
    throw new Error('Context privacy-ops:accountDirectoryTable must be a DynamoDB table name');
  }
  const verificationLinkDays = Number(get('verificationLinkDays') ?? DEFAULTS.verificationLinkDays);
  if (!Number.isInteger(verificationLinkDays) || verificationLinkDays < 1 || verificationLinkDays > 30) {
    throw new Error('Context privacy-ops:verificationLinkDays must be a whole number of days from 1 to 30');
  }
  const accountGraceDays = Number(get('accountGraceDays') ?? DEFAULTS.accountGraceDays);
  if (!Number.isInteger(accountGraceDays) || accountGraceDays < 1 || accountGraceDays > 3650) {
    throw new Error('Context privacy-ops:accountGraceDays must be a whole number of days from 1 to 3650');
  }
  const names = (key: string, pattern: RegExp, what: string): string[] => {
    const value = get(key) ?? [];
    const list = typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value;
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
