// The stateful resources, declared once: the CDK stack builds them from here and the local
// runtime creates the same tables and buckets in the emulators.

export type KeyType = 'S' | 'N';

export interface KeySpec {
  name: string;
  type: KeyType;
}

export interface IndexSpec {
  name: string;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
  /** Only these attributes besides the keys (INCLUDE); every attribute when absent (ALL). */
  projection?: readonly string[];
}

export interface TableSpec {
  /** What the table holds. */
  description: string;
  /** The environment variable that carries the table's name to a function. */
  envVar: string;
  /** The table's name in the local emulator (in AWS, CloudFormation names it). */
  localName: string;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
  indexes?: IndexSpec[];
  /** Epoch-seconds attribute after which DynamoDB may delete the item; readers check it too. */
  ttlAttribute?: string;
}

export interface BucketSpec {
  description: string;
  envVar: string;
  localName: string;
  /** Objects under these prefixes expire after the given number of days. */
  expiringPrefixes: { prefix: string; days: number }[];
  /**
   * Write once, read many: S3 Object Lock keeps every object this many days from its writing, in
   * compliance mode where the stage's data is protected from deletion, in governance mode elsewhere
   * (docs/adr/0017-anchored-audit-chain.md). Puts must be conditional (If-None-Match), so an object is never replaced.
   */
  writeOnceDays?: number;
}

const S = (name: string): KeySpec => ({ name, type: 'S' });
const N = (name: string): KeySpec => ({ name, type: 'N' });

export const tables = {
  requests: {
    description: 'Rights requests: type, jurisdiction, status, deadlines, minimised subject contact',
    envVar: 'REQUESTS_TABLE',
    localName: 'privacy-ops-requests',
    partitionKey: S('id'),
    indexes: [
      { name: 'byStatusDue', partitionKey: S('status'), sortKey: S('dueAt') },
      { name: 'bySubject', partitionKey: S('subjectHash'), sortKey: S('receivedAt') },
      // Every request has kind "request"; ULID ids sort by creation, so this lists newest first.
      { name: 'byKind', partitionKey: S('kind'), sortKey: S('id') },
      // Only open requests carry `queue`: a sparse index of what the console's queue filters and sorts,
      // with only the attributes it needs, so reading every open request stays small (docs/console.md).
      {
        name: 'byQueue',
        partitionKey: S('queue'),
        sortKey: S('dueAt'),
        // immediateStop: a staged objection's stop counts towards overdue (shared/requests/request-view.ts).
        projection: ['status', 'type', 'jurisdiction', 'receivedAt', 'deadlines', 'immediateStop'],
      },
    ],
    ttlAttribute: 'purgeAt',
  },
  audit: {
    description: 'Append-only audit events per request, each with a keyed hash (KMS HMAC) over its content and the one before',
    envVar: 'AUDIT_TABLE',
    localName: 'privacy-ops-audit',
    partitionKey: S('requestId'),
    sortKey: N('seq'),
    indexes: [
      // The UTC day an event was written (`anchorDay`): the daily anchor reads the chain heads of one day here.
      { name: 'byAnchorDay', partitionKey: S('anchorDay'), sortKey: S('requestId') },
    ],
    ttlAttribute: 'purgeAt',
  },
  tokens: {
    description: 'Hashes of single-use links (verify, export, unsubscribe) with their expiry',
    envVar: 'TOKENS_TABLE',
    localName: 'privacy-ops-tokens',
    partitionKey: S('tokenHash'),
    ttlAttribute: 'expiresAt',
  },
  systems: {
    description: 'The data inventory: the systems that hold personal data and how to reach them',
    envVar: 'SYSTEMS_TABLE',
    localName: 'privacy-ops-systems',
    partitionKey: S('systemId'),
  },
  tasks: {
    description: "Each system's task of a request, from planning to its outcome; one that waits for a report keeps the workflow's task token",
    envVar: 'TASKS_TABLE',
    localName: 'privacy-ops-tasks',
    partitionKey: S('taskId'),
    indexes: [
      // Open, finished or cancelled, nearest due date first: the task list operators and manual systems work from.
      { name: 'byState', partitionKey: S('state'), sortKey: S('dueAt') },
      // One system's tasks by state: which requests have an open task there (the console queue's system filter).
      { name: 'bySystemState', partitionKey: S('systemId'), sortKey: S('state'), projection: ['requestId'] },
    ],
    ttlAttribute: 'expiresAt',
  },
  ledger: {
    description: 'The deletion ledger: which subject (a keyed hash) was erased from which system and when, to re-apply after a backup restore',
    envVar: 'LEDGER_TABLE',
    localName: 'privacy-ops-deletion-ledger',
    partitionKey: S('systemId'),
    sortKey: S('entry'),
  },
  suppressions: {
    description: 'The suppression list: subjects (a keyed hash of their email) that get no marketing mail, and why',
    envVar: 'SUPPRESSIONS_TABLE',
    localName: 'privacy-ops-suppressions',
    partitionKey: S('subjectHash'),
  },
  disclosures: {
    description: 'The register of third parties that received personal data for their direct marketing, per calendar year (Cal. Civ. Code 1798.83)',
    envVar: 'DISCLOSURES_TABLE',
    localName: 'privacy-ops-disclosures',
    partitionKey: S('year'),
    sortKey: S('recipientId'),
  },
  consents: {
    description: 'Consent, withdrawal and objection events per subject (a keyed hash of their email) and purpose, append-only, in time order',
    envVar: 'CONSENTS_TABLE',
    localName: 'privacy-ops-consents',
    partitionKey: S('subjectHash'),
    // `<at>#<ulid>`: events sort by when they happened, then by when they were recorded.
    sortKey: S('entry'),
  },
  policies: {
    description: "Privacy-policy versions (immutable once published) and, under campaign#<version>, the progress of each material version's notice campaign",
    envVar: 'POLICIES_TABLE',
    localName: 'privacy-ops-policies',
    partitionKey: S('version'),
    indexes: [
      // Only policy items carry these attributes; the newest effectiveFrom ≤ t is the version in force at t.
      { name: 'byEffectiveFrom', partitionKey: S('kind'), sortKey: S('effectiveFrom') },
    ],
  },
  campaignRecipients: {
    description:
      'Per-recipient markers of a policy notice campaign (a keyed hash, never an address), claimed before sending so a resumed run never mails anyone twice',
    envVar: 'CAMPAIGN_RECIPIENTS_TABLE',
    localName: 'privacy-ops-campaign-recipients',
    partitionKey: S('version'),
    sortKey: S('subjectHash'),
    ttlAttribute: 'expiresAt',
  },
  protocolLinks: {
    description:
      'Open-protocol records beside core requests (OpenDSR and DRP ids, callback URLs, the status last reported) and registered DRP agents with their keys',
    envVar: 'PROTOCOL_LINKS_TABLE',
    localName: 'privacy-ops-protocol-links',
    partitionKey: S('key'),
    indexes: [
      // Only links whose request was not yet seen closed carry `awaiting`: a sparse index the callback dispatcher walks.
      { name: 'byAwaiting', partitionKey: S('awaiting'), sortKey: S('key') },
    ],
    ttlAttribute: 'purgeAt',
  },
  retentionLog: {
    description:
      'What retention erased: resolved support cases (case#<caseId>) and deactivated accounts past their grace period (account#<keyed hash>), with per-system counts and no personal data',
    envVar: 'RETENTION_LOG_TABLE',
    localName: 'privacy-ops-retention-log',
    partitionKey: S('entryId'),
  },
  inbox: {
    description:
      'Email intake: each mail received (mail#<id>, the triage inbox among them), the guard that takes a Message-ID in once (message#<hash>), the Message-IDs of notices sent (notice#<id>) and answers per sender and day (answers#<keyed hash>#<day>)',
    envVar: 'INBOX_TABLE',
    localName: 'privacy-ops-inbox',
    partitionKey: S('key'),
    indexes: [
      // Only mails awaiting a person carry `state`: a sparse index of the open triage inbox, oldest first.
      { name: 'byState', partitionKey: S('state'), sortKey: S('receivedAt') },
    ],
    ttlAttribute: 'purgeAt',
  },
  idempotency: {
    description: 'Idempotency records for POSTs carrying an Idempotency-Key',
    envVar: 'IDEMPOTENCY_TABLE',
    localName: 'privacy-ops-idempotency',
    partitionKey: S('id'),
    ttlAttribute: 'expiration',
  },
} as const satisfies Record<string, TableSpec>;

export type TableId = keyof typeof tables;

/** Days an export bundle and its parts stay in the data bucket (the README states it). */
export const EXPORT_RETENTION_DAYS = 30;
/** Days an agent's permission document stays in the data bucket after filing (the README states it). */
export const PERMISSION_DOCUMENT_RETENTION_DAYS = 120;
/** Days a mail received at the privacy address, raw and as the inbox's record, is kept after receipt (the README states it). */
export const INBOUND_MAIL_RETENTION_DAYS = 60;
/** Where raw inbound mail lies in the data bucket: SES writes there, and so do the local SMTP server and the operators' hand-in. */
export const INBOUND_MAIL_PREFIX = 'inbound-mail/';
/** Where authorized agents' permission documents lie in the data bucket. */
export const AGENT_PERMISSIONS_PREFIX = 'agent-permissions/';
/**
 * Days an audit chain is kept from its request's filing (the README states it): 24 months after the
 * request closed, for a request that closes within a year of filing (the law's latest deadline is
 * three months). Each event carries this purge time from its writing, since no one may update an event.
 */
export const AUDIT_RETENTION_DAYS = 3 * 365;

export const buckets = {
  data: {
    description:
      "Export bundles and parts, authorized agents' permission documents and raw mail received at the privacy address, each expiring; an erasure deletes the subject's exports and documents at once",
    envVar: 'DATA_BUCKET',
    localName: 'privacy-ops-data',
    expiringPrefixes: [
      // A bundle is written when its request closes: 30 days after the close (parts are older and go with it).
      { prefix: 'exports/', days: EXPORT_RETENTION_DAYS },
      // A document is written at filing: 30 days past the latest deadline a request can reach (three months, or 90 days extended).
      { prefix: AGENT_PERMISSIONS_PREFIX, days: PERMISSION_DOCUMENT_RETENTION_DAYS },
      // A mail is filed, answered or put in triage within seconds of receipt; the raw form is kept for triage and as evidence.
      { prefix: INBOUND_MAIL_PREFIX, days: INBOUND_MAIL_RETENTION_DAYS },
    ],
  },
  anchors: {
    description: "The daily anchors of the audit chains: each day's chain heads, keyed-hashed and linked to the day before, write-once",
    envVar: 'ANCHORS_BUCKET',
    localName: 'privacy-ops-audit-anchors',
    // Kept as long as the chains they pin, then expired once the lock has run out.
    expiringPrefixes: [{ prefix: 'anchors/', days: AUDIT_RETENTION_DAYS + 1 }],
    writeOnceDays: AUDIT_RETENTION_DAYS,
  },
} as const satisfies Record<string, BucketSpec>;

export type BucketId = keyof typeof buckets;

export interface SecretSpec {
  description: string;
  /** Carries the secret's ARN to a function in AWS. */
  envVar: string;
  /** Carries the value itself in the local runtime, which has no Secrets Manager. */
  localEnvVar: string;
  /** Why it is not rotated on a schedule, and what takes the place of rotation. */
  notRotated: string;
}

export const secrets = {
  subjectHashKey: {
    description: 'Key of the HMAC that turns subject emails into lookup hashes',
    envVar: 'SUBJECT_HASH_SECRET_ARN',
    localEnvVar: 'SUBJECT_HASH_KEY',
    notRotated:
      'Rotating the HMAC key would orphan every stored subject hash (lookups, suppressions, ledger); it changes by a planned re-keying, and only functions that hash subjects may read it.',
  },
  systemSecretsKey: {
    description: 'Key that encrypts the webhook signing secrets stored in the data inventory',
    envVar: 'SYSTEM_SECRETS_KEY_ARN',
    localEnvVar: 'SYSTEM_SECRETS_KEY',
    notRotated:
      'Rotating this key would leave every stored webhook secret undecryptable; the secrets it wraps are rotated instead, by re-registering a system (PUT /v1/systems/{id}).',
  },
  proofOfWorkKey: {
    description: "Key of the HMAC that signs the privacy center's proof-of-work challenges",
    envVar: 'PROOF_OF_WORK_KEY_ARN',
    localEnvVar: 'PROOF_OF_WORK_KEY',
    notRotated:
      'A challenge lives minutes and nothing is stored under this key: a new value (put in the secret by hand) only fails the challenges open at that moment, which the page then asks to solve again.',
  },
  identityProviderSecret: {
    description: "The identity-verification provider's credential: the OIDC client secret, or the hosted provider's API key (set it after deploying)",
    envVar: 'IDENTITY_PROVIDER_SECRET_ARN',
    localEnvVar: 'IDENTITY_PROVIDER_SECRET',
    notRotated:
      'The provider issues this credential: it is rotated at the provider and then put here (docs/identity-verification.md), not by a schedule of ours.',
  },
  identityWebhookSecret: {
    description: 'The secret the hosted identity provider signs its webhooks with (set it after deploying)',
    envVar: 'IDENTITY_WEBHOOK_SECRET_ARN',
    localEnvVar: 'IDENTITY_WEBHOOK_SECRET',
    notRotated: 'The provider issues this secret: it is rolled at the provider, which signs with both while it changes, and then put here.',
  },
} as const satisfies Record<string, SecretSpec>;

export type SecretId = keyof typeof secrets;

export interface MacKeySpec {
  description: string;
  /** Carries the KMS key's ARN to a function in AWS. */
  envVar: string;
  /** Carries the key material itself in the local runtime, which has no KMS. */
  localEnvVar: string;
}

/** The audit key: a KMS HMAC key (HMAC_256) whose material never leaves KMS. */
export const auditKey = {
  description: 'Keys the audit chains and their daily anchors (HMAC-SHA-256): only the functions that append may make a keyed hash, readers only check one',
  envVar: 'AUDIT_KEY_ARN',
  localEnvVar: 'AUDIT_KEY',
} as const satisfies MacKeySpec;
