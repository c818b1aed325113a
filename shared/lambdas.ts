// The Lambda functions, declared once: their code, and exactly which tables and buckets each may touch.
import { AGENT_PERMISSIONS_PREFIX, INBOUND_MAIL_PREFIX, type BucketId, type SecretId, type TableId } from './resources.js';

export type Access = 'read' | 'readwrite';
/**
 * Buckets also know `write`: put and delete objects, read none; and `append`: read, and put new
 * objects (conditionally, never replacing one), delete none.
 */
export type BucketAccess = Access | 'write' | 'append' | PrefixAccess;
/**
 * Objects under some prefixes only: `read` gets them, `write` puts and deletes them. Nothing may list
 * the bucket or touch another prefix.
 */
export interface PrefixAccess {
  read?: readonly string[];
  write?: readonly string[];
}
/**
 * The audit table is read or appended to, nothing else: `append` may only put new events (PutItem,
 * which the store always makes conditional on the event not existing); no function may update or
 * delete an event, and DynamoDB's TTL alone purges them.
 */
export type AuditAccess = 'read' | 'append';
/**
 * The intake table is also written by every function that mails a notice about a request: `notices`
 * may only put the pointer from the notice's Message-ID to its request (`notice#…` items), so a reply
 * finds the request; it reads nothing there.
 */
export type InboxAccess = Access | 'notices';
/** A function's tables: the audit and intake tables with their own, narrower access. */
export type TableGrants = Partial<Record<Exclude<TableId, 'audit' | 'inbox'>, Access>> & { audit?: AuditAccess; inbox?: InboxAccess };

export interface LambdaSpec {
  /** Handler module, relative to the project root; it exports `handler`. */
  entry: string;
  description: string;
  memorySize?: number;
  timeoutSeconds?: number;
  tables: TableGrants;
  buckets: Partial<Record<BucketId, BucketAccess>>;
  /**
   * Uses the audit key (a KMS HMAC key): `seal` makes keyed hashes (GenerateMac), `verify` only
   * checks them (VerifyMac). A function that appends to the audit table seals without saying so.
   */
  auditKey?: 'seal' | 'verify';
  /** Secrets the function reads. */
  secrets?: readonly SecretId[];
  /** Sends email through SES as the configured sender: one message a call, or also in bulk (campaigns). */
  sendsEmail?: true | 'bulk';
  /**
   * Reads the company's account directory: `lookup` finds one account by email (the knowledge
   * check, planning, a subject's language at filing), `scan` walks every account (campaign
   * audiences, retention), `count` reads only its description for the item count (a campaign's bar).
   */
  readsAccountDirectory?: 'lookup' | 'scan' | 'count';
  /**
   * Talks to the fulfilment workflow: starts runs, reports the result of a task that waits, stops
   * runs, or looks at a request's run and starts a new one (resume); `operate` does both of the last
   * two (the console's operator actions).
   */
  workflow?: 'start' | 'report' | 'stop' | 'resume' | 'operate';
  /** Starts policy-change notice campaigns. */
  startsCampaign?: boolean;
  /** Reads and changes the company's own systems through the built-in connectors. */
  usesConnectors?: boolean;
  /**
   * Files the function reads at run time, copied beside its bundle: the name it reads → the file's
   * path from the project root (where the local runtime reads it).
   */
  files?: Readonly<Record<string, string>>;
  /**
   * Scripts the function serves to browsers, built with esbuild from their sources at deployment
   * and put beside its bundle (`browserScriptSettings`): the name it reads → the entry from the
   * project root (which the local runtime builds the same way).
   */
  scripts?: Readonly<Record<string, string>>;
  /**
   * The open protocols' processor key: `sign` signs OpenDSR answers and callbacks with it (KMS
   * `Sign` in AWS); `certificate` serves its certificate from configuration and touches no key.
   */
  processorKey?: 'sign' | 'certificate';
  /**
   * Uses the console's user pool: `verify` checks session tokens against its keys (the authorizer),
   * `sign-in` sends people to its hosted sign-in and exchanges the code (its app client, no secret).
   */
  consoleIdentity?: 'verify' | 'sign-in';
  /** Runs on a timer: an EventBridge rule in AWS, an interval in the local runtime. */
  schedule?: { everyMinutes: number };
}

export const lambdas = {
  health: {
    entry: 'functions/platform/health.handler.ts',
    description: 'Answers the health check',
    tables: {},
    buckets: {},
  },
  openapi: {
    entry: 'functions/platform/openapi.handler.ts',
    description: 'Serves the OpenAPI document generated from the zod schemas, and the reference page that renders it',
    // The reference's script (Scalar, about 5 MB) is read once per cold start and kept in memory.
    memorySize: 512,
    tables: {},
    buckets: {},
    files: { 'api-reference.js': 'node_modules/@scalar/api-reference/dist/browser/standalone.js' },
  },
  createRequest: {
    entry: 'functions/requests/create-request.handler.ts',
    description: 'Files a rights request',
    // A filing takes well under a second; a call that dies holds its Idempotency-Key until this timeout.
    timeoutSeconds: 10,
    // The inbox table holds the pointer from the confirmation mail's message id to the request, for replies.
    tables: { requests: 'readwrite', audit: 'append', idempotency: 'readwrite', tokens: 'readwrite', systems: 'read', inbox: 'readwrite' },
    buckets: { data: 'write' },
    secrets: ['subjectHashKey'],
    sendsEmail: true,
    readsAccountDirectory: 'lookup',
    workflow: 'start',
  },
  privacyCenter: {
    entry: 'functions/privacy/privacy-center.handler.ts',
    description: "Serves the privacy center's page, its proof-of-work challenges and the widget's files from our own origin",
    tables: {},
    buckets: {},
    secrets: ['proofOfWorkKey'],
    // The widget's strict-CSP build (an ES module), its German strings and its SHA-256 worker, read once per cold start.
    files: {
      'altcha.js': 'node_modules/altcha/dist/external/altcha.min.js',
      'altcha-de.js': 'node_modules/altcha/dist/i18n/de.js',
      'altcha-worker.js': 'node_modules/altcha/dist/workers/sha.js',
      'altcha.css': 'node_modules/altcha/dist/external/altcha.css',
    },
  },
  filePrivacyRequest: {
    entry: 'functions/privacy/file-privacy-request.handler.ts',
    description: "Files a rights request from the privacy center's form, once its proof of work holds",
    timeoutSeconds: 10,
    // The tokens table holds the confirmation links and the proofs of work already used.
    tables: { requests: 'readwrite', audit: 'append', tokens: 'readwrite', systems: 'read', inbox: 'readwrite' },
    buckets: { data: 'write' },
    secrets: ['subjectHashKey', 'proofOfWorkKey'],
    sendsEmail: true,
    readsAccountDirectory: 'lookup',
    workflow: 'start',
  },
  showRequestStatus: {
    entry: 'functions/privacy/show-request-status.handler.ts',
    description: "Shows a request's status page behind its emailed link: what was asked, the deadline, each step",
    tables: { tokens: 'read', requests: 'read', audit: 'read' },
    buckets: {},
  },
  cancelOwnRequest: {
    entry: 'functions/privacy/cancel-own-request.handler.ts',
    description: "The status page's cancel button: cancels the request as an operator's cancel does, as the subject",
    tables: { tokens: 'read', requests: 'readwrite', audit: 'append', tasks: 'readwrite', systems: 'read' },
    buckets: {},
    sendsEmail: true,
    workflow: 'stop',
  },
  downloadOwnExport: {
    entry: 'functions/privacy/download-own-export.handler.ts',
    description: "The status page's download button: counts one download of the request's export and redirects to a short-lived download",
    tables: { tokens: 'read', requests: 'readwrite', audit: 'append' },
    buckets: { data: 'read' },
  },
  getRequest: {
    entry: 'functions/requests/get-request.handler.ts',
    description: "Reads one request, with each system's task",
    tables: { requests: 'read', tasks: 'read', systems: 'read' },
    buckets: {},
  },
  listRequests: {
    entry: 'functions/requests/list-requests.handler.ts',
    description: 'Lists requests',
    tables: { requests: 'read' },
    buckets: {},
  },
  getDeadlines: {
    entry: 'functions/requests/get-deadlines.handler.ts',
    description: 'Computes the deadlines a request would get, without filing it',
    tables: {},
    buckets: {},
  },
  requestReport: {
    entry: 'functions/reports/request-report.handler.ts',
    description: 'Serves the yearly requests report (CCPA regulations § 7102, GDPR Art. 5(2)) from the stored aggregates',
    tables: { requests: 'read' },
    buckets: {},
  },
  requestSummary: {
    entry: 'functions/reports/request-summary.handler.ts',
    description: "Serves the summary behind the console's charts from the stored aggregates",
    tables: { requests: 'read' },
    buckets: {},
  },
  getAudit: {
    entry: 'functions/requests/get-audit.handler.ts',
    description: "Reads a request's audit chain",
    tables: { requests: 'read', audit: 'read' },
    buckets: {},
    auditKey: 'verify',
  },
  verifyAudit: {
    entry: 'functions/requests/verify-audit.handler.ts',
    description: 'Verifies audit chains, one request or all since a day, against their keyed hashes and the daily anchors',
    memorySize: 512,
    tables: { requests: 'read', audit: 'read' },
    buckets: { anchors: 'read' },
    auditKey: 'verify',
  },
  anchorAudit: {
    entry: 'functions/requests/anchor-audit.handler.ts',
    description: "Scheduled daily: writes each day's audit chain heads, keyed-hashed and linked, to the write-once anchor bucket",
    timeoutSeconds: 300,
    tables: { audit: 'read' },
    buckets: { anchors: 'append' },
    auditKey: 'seal',
    schedule: { everyMinutes: 24 * 60 },
  },
  showVerification: {
    entry: 'functions/verification/show-link.handler.ts',
    description: 'Shows the page behind an emailed confirmation link',
    tables: { requests: 'readwrite', audit: 'append', tokens: 'read', inbox: 'notices' },
    buckets: {},
    sendsEmail: true,
  },
  confirmVerification: {
    entry: 'functions/verification/confirm-link.handler.ts',
    description: 'Confirms a request from its emailed link',
    tables: { requests: 'readwrite', audit: 'append', tokens: 'read', inbox: 'notices' },
    buckets: {},
    sendsEmail: true,
    workflow: 'start',
    // Whether the person can pass the knowledge check decides whether the identity provider is offered.
    readsAccountDirectory: 'lookup',
  },
  checkIdentity: {
    entry: 'functions/verification/check-identity.handler.ts',
    description: 'The knowledge check: account email, billing address, card last four',
    tables: { requests: 'readwrite', audit: 'append', tokens: 'read', inbox: 'notices' },
    buckets: {},
    sendsEmail: true,
    workflow: 'start',
    readsAccountDirectory: 'lookup',
  },
  startIdentity: {
    entry: 'functions/verification/start-identity.handler.ts',
    description: 'Starts a session at the identity-verification provider and sends the person there',
    tables: { requests: 'readwrite', audit: 'append', tokens: 'read' },
    buckets: {},
    sendsEmail: true,
    secrets: ['identityProviderSecret'],
  },
  identityCallback: {
    entry: 'functions/verification/identity-callback.handler.ts',
    description: 'The person back from the identity provider: the OIDC answer matched against the account directory',
    tables: { requests: 'readwrite', audit: 'append' },
    buckets: {},
    sendsEmail: true,
    workflow: 'start',
    readsAccountDirectory: 'lookup',
    secrets: ['identityProviderSecret'],
  },
  identityWebhook: {
    entry: 'functions/verification/identity-webhook.handler.ts',
    description: "A hosted identity provider's signed event, matched against the account directory",
    tables: { requests: 'readwrite', audit: 'append' },
    buckets: {},
    sendsEmail: true,
    workflow: 'start',
    readsAccountDirectory: 'lookup',
    secrets: ['identityWebhookSecret'],
  },
  requireIdentity: {
    entry: 'functions/requests/require-identity.handler.ts',
    description: 'An operator asks that a request be verified through the identity provider',
    tables: { requests: 'readwrite', audit: 'append' },
    buckets: {},
  },
  resendVerification: {
    entry: 'functions/requests/resend-link.handler.ts',
    description: 'Sends a request awaiting verification a new confirmation link',
    tables: { requests: 'readwrite', audit: 'append', tokens: 'readwrite', inbox: 'readwrite' },
    buckets: {},
    sendsEmail: true,
  },
  putSystem: {
    entry: 'functions/fulfilment/put-system.handler.ts',
    description: 'Registers or updates a system in the data inventory',
    tables: { systems: 'readwrite' },
    buckets: {},
    secrets: ['systemSecretsKey'],
  },
  listSystems: {
    entry: 'functions/fulfilment/list-systems.handler.ts',
    description: 'Lists the data inventory',
    tables: { systems: 'read' },
    buckets: {},
  },
  getSystem: {
    entry: 'functions/fulfilment/get-system.handler.ts',
    description: 'Reads one system of the data inventory',
    tables: { systems: 'read' },
    buckets: {},
  },
  reportTaskResult: {
    entry: 'functions/fulfilment/report-task-result.handler.ts',
    description: "Takes the report of a system's task: signed by a webhook system, or from an operator for a manual one",
    tables: { tasks: 'readwrite', systems: 'read' },
    buckets: { data: 'write' },
    secrets: ['systemSecretsKey'],
    workflow: 'report',
  },
  listTasks: {
    entry: 'functions/fulfilment/list-tasks.handler.ts',
    description: "Lists systems' tasks by state, nearest due date first",
    tables: { tasks: 'read' },
    buckets: {},
  },
  downloadExport: {
    entry: 'functions/fulfilment/download-export.handler.ts',
    description: 'Shows the page behind an export link, with its download button',
    tables: { tokens: 'read' },
    buckets: { data: 'read' },
  },
  takeExportDownload: {
    entry: 'functions/fulfilment/take-export-download.handler.ts',
    description: "Takes one of an export link's downloads and redirects to a short-lived download",
    tables: { tokens: 'readwrite' },
    buckets: { data: 'read' },
  },
  planFulfilment: {
    entry: 'functions/fulfilment/plan-fulfilment.handler.ts',
    description: "Workflow: moves a verified request to in-progress and plans each system's part",
    tables: { requests: 'readwrite', audit: 'append', systems: 'read', tasks: 'readwrite' },
    buckets: {},
    readsAccountDirectory: 'lookup',
  },
  runConnector: {
    entry: 'functions/fulfilment/run-connector.handler.ts',
    description: "Workflow: one system's part through a built-in connector (DynamoDB table or S3 prefix)",
    timeoutSeconds: 300,
    memorySize: 512,
    tables: { requests: 'read', systems: 'read', ledger: 'readwrite', tasks: 'readwrite' },
    buckets: { data: 'write' },
    secrets: ['subjectHashKey'],
    usesConnectors: true,
  },
  callSystem: {
    entry: 'functions/fulfilment/call-system.handler.ts',
    description: "Workflow: calls a webhook system (signed) or mails a manual system's contact, leaving the task waiting for its report",
    tables: { requests: 'read', systems: 'read', tasks: 'readwrite' },
    buckets: {},
    secrets: ['systemSecretsKey'],
    sendsEmail: true,
  },
  bundleExport: {
    entry: 'functions/fulfilment/bundle-export.handler.ts',
    description: 'Workflow: streams the exported records into one zip with JSON, CSV and a manifest',
    timeoutSeconds: 900,
    memorySize: 512,
    tables: { requests: 'read', systems: 'read' },
    buckets: { data: 'readwrite' },
  },
  finishRequest: {
    entry: 'functions/fulfilment/finish-request.handler.ts',
    description: 'Workflow: records the outcomes, closes the request and mails the answer',
    tables: {
      requests: 'readwrite',
      audit: 'append',
      tokens: 'readwrite',
      systems: 'read',
      suppressions: 'readwrite',
      disclosures: 'read',
      consents: 'readwrite',
      tasks: 'readwrite',
      ledger: 'readwrite',
      inbox: 'notices',
    },
    // An erasure lists and deletes the subject's exports and permission documents.
    buckets: { data: 'readwrite' },
    secrets: ['subjectHashKey'],
    sendsEmail: true,
  },
  markFailed: {
    entry: 'functions/fulfilment/mark-failed.handler.ts',
    description: 'Workflow: marks a request whose fulfilment failed for an operator, with what failed',
    tables: { requests: 'readwrite', audit: 'append', tasks: 'readwrite', systems: 'read' },
    buckets: {},
  },
  recordDisclosure: {
    entry: 'functions/notifications/record-disclosure.handler.ts',
    description: 'Records a third party that received personal data for its direct marketing',
    tables: { disclosures: 'readwrite' },
    buckets: {},
  },
  listDisclosures: {
    entry: 'functions/notifications/list-disclosures.handler.ts',
    description: 'Lists the third-party disclosure register of a year',
    tables: { disclosures: 'read' },
    buckets: {},
  },
  extendRequest: {
    entry: 'functions/requests/extend-request.handler.ts',
    description: "Extends a request's deadline once, as the law allows",
    tables: { requests: 'readwrite', audit: 'append', inbox: 'notices' },
    buckets: {},
    sendsEmail: true,
    workflow: 'stop',
  },
  denyRequest: {
    entry: 'functions/requests/deny-request.handler.ts',
    description: 'Refuses a request with a code and reason',
    tables: { requests: 'readwrite', audit: 'append', tasks: 'readwrite', systems: 'read', inbox: 'notices' },
    buckets: {},
    sendsEmail: true,
    workflow: 'stop',
  },
  cancelRequest: {
    entry: 'functions/requests/cancel-request.handler.ts',
    description: 'Cancels an open request and stops its fulfilment',
    tables: { requests: 'readwrite', audit: 'append', tasks: 'readwrite', systems: 'read', inbox: 'notices' },
    buckets: {},
    sendsEmail: true,
    workflow: 'stop',
  },
  resumeRequest: {
    entry: 'functions/requests/resume-request.handler.ts',
    description: 'Runs the fulfilment of a request whose fulfilment failed or stalled again',
    tables: { requests: 'readwrite', audit: 'append' },
    buckets: {},
    workflow: 'resume',
  },
  showUnsubscribe: {
    entry: 'functions/notifications/show-unsubscribe.handler.ts',
    description: "Shows the page behind a marketing unsubscribe link, with the link to the same mail's preferences page",
    tables: { tokens: 'read' },
    buckets: {},
  },
  unsubscribe: {
    entry: 'functions/notifications/unsubscribe.handler.ts',
    description: "Unsubscribes from marketing mail: RFC 8058 one-click or the page's button",
    tables: { tokens: 'read', suppressions: 'readwrite' },
    buckets: {},
  },
  sendMarketingEmail: {
    entry: 'functions/notifications/send-marketing-email.handler.ts',
    description: "Sends a company's marketing mail with RFC 8058 unsubscribe and a preferences link, unless the address is suppressed",
    tables: { tokens: 'readwrite', suppressions: 'read' },
    buckets: {},
    secrets: ['subjectHashKey'],
    sendsEmail: true,
  },
  recordSesEvent: {
    entry: 'functions/notifications/ses-event.handler.ts',
    description: 'SES → SNS: puts permanently bounced and complaining addresses on the suppression list',
    tables: { suppressions: 'readwrite' },
    buckets: {},
    secrets: ['subjectHashKey'],
  },
  injectSesEvent: {
    entry: 'functions/notifications/inject-ses-event.handler.ts',
    description: 'Takes an SES event notification as a JSON body, the local stand-in for SNS',
    tables: { suppressions: 'readwrite' },
    buckets: {},
    secrets: ['subjectHashKey'],
  },
  recordConsent: {
    entry: 'functions/preferences/record-consent.handler.ts',
    description: 'Records a consent, withdrawal, objection or opt-out per purpose, with the GPC signal, and files the request that carries it out',
    timeoutSeconds: 10,
    tables: {
      consents: 'readwrite',
      suppressions: 'readwrite',
      systems: 'read',
      requests: 'readwrite',
      audit: 'append',
      tokens: 'readwrite',
      inbox: 'notices',
    },
    // The filing path's permission-document store is built with the bucket; the register files no agent's document.
    buckets: { data: 'write' },
    secrets: ['subjectHashKey'],
    sendsEmail: true,
    readsAccountDirectory: 'lookup',
    workflow: 'start',
  },
  preferencesPage: {
    entry: 'functions/preferences/preferences-page.handler.ts',
    description:
      'The "manage my email preferences" page behind a marketing mail\'s link, and its form: changes recorded through the consent register, which files the request a withdrawal needs',
    timeoutSeconds: 10,
    tables: {
      tokens: 'readwrite',
      consents: 'readwrite',
      suppressions: 'readwrite',
      systems: 'read',
      // The ledger says whether the person was erased since the link was sent.
      ledger: 'read',
      requests: 'readwrite',
      audit: 'append',
      inbox: 'notices',
    },
    // As recordConsent: the filing path's permission-document store is built with the bucket.
    buckets: { data: 'write' },
    secrets: ['subjectHashKey'],
    sendsEmail: true,
    readsAccountDirectory: 'lookup',
    workflow: 'start',
  },
  queryConsents: {
    entry: 'functions/preferences/query-consents.handler.ts',
    description: "Reads where a subject's consents stand, with their history",
    tables: { consents: 'read' },
    buckets: {},
    secrets: ['subjectHashKey'],
  },
  gpcSupport: {
    entry: 'functions/preferences/gpc-support.handler.ts',
    description: 'Serves the Global Privacy Control support resource',
    tables: {},
    buckets: {},
  },
  publishPolicy: {
    entry: 'functions/notifications/publish-policy.handler.ts',
    description: 'Publishes a privacy-policy version; a material one starts its notice campaign',
    tables: { policies: 'readwrite' },
    buckets: {},
    startsCampaign: true,
  },
  currentPolicy: {
    entry: 'functions/notifications/current-policy.handler.ts',
    description: 'The policy version in force at a time',
    tables: { policies: 'read' },
    buckets: {},
  },
  campaignStatus: {
    entry: 'functions/notifications/campaign-status.handler.ts',
    description: "A policy version's notice campaign progress",
    tables: { policies: 'read' },
    buckets: {},
  },
  sendCampaignPage: {
    entry: 'functions/notifications/send-campaign-page.handler.ts',
    description: 'Campaign workflow: sends the policy notice to one page of active accounts',
    timeoutSeconds: 300,
    memorySize: 512,
    tables: { policies: 'readwrite', suppressions: 'read', campaignRecipients: 'readwrite' },
    buckets: {},
    secrets: ['subjectHashKey'],
    sendsEmail: 'bulk',
    readsAccountDirectory: 'scan',
  },
  completeCampaign: {
    entry: 'functions/notifications/complete-campaign.handler.ts',
    description: 'Campaign workflow: marks a campaign completed',
    tables: { policies: 'readwrite' },
    buckets: {},
  },
  markCampaignFailed: {
    entry: 'functions/notifications/mark-campaign-failed.handler.ts',
    description: 'Campaign workflow: marks a campaign failed, with what stopped it',
    tables: { policies: 'readwrite' },
    buckets: {},
  },
  sweepDeadlines: {
    entry: 'functions/requests/sweep-deadlines.handler.ts',
    description: 'Scheduled: expires unconfirmed requests whose link ran out; counts open, near-deadline and overdue requests',
    timeoutSeconds: 300,
    tables: { requests: 'readwrite', audit: 'append', inbox: 'notices' },
    buckets: {},
    sendsEmail: true,
    schedule: { everyMinutes: 60 },
  },
  resolveSupportCase: {
    entry: 'functions/retention/resolve-support-case.handler.ts',
    description: "Deletes a resolved support case's records from the systems holding support data",
    timeoutSeconds: 60,
    tables: { systems: 'read', retentionLog: 'readwrite' },
    buckets: {},
    secrets: ['subjectHashKey'],
    usesConnectors: true,
  },
  eraseDeactivatedAccounts: {
    entry: 'functions/retention/erase-deactivated-accounts.handler.ts',
    description: 'Scheduled daily: erases deactivated accounts whose grace period has passed, in every system',
    timeoutSeconds: 900,
    memorySize: 512,
    tables: { systems: 'read', ledger: 'readwrite', retentionLog: 'readwrite' },
    buckets: {},
    secrets: ['subjectHashKey'],
    readsAccountDirectory: 'scan',
    usesConnectors: true,
  },
  openDsrDiscovery: {
    entry: 'functions/protocols/opendsr-discovery.handler.ts',
    description: 'OpenDSR discovery: supported identities and request types, and where the signing certificate is',
    tables: {},
    buckets: {},
  },
  openDsrCertificate: {
    entry: 'functions/protocols/opendsr-certificate.handler.ts',
    description: 'Publishes the certificate of the OpenDSR signatures',
    tables: {},
    buckets: {},
    processorKey: 'certificate',
  },
  openDsrCreate: {
    entry: 'functions/protocols/opendsr-create.handler.ts',
    description: 'Files an OpenDSR request as a core request',
    tables: { requests: 'readwrite', audit: 'append', tokens: 'readwrite', protocolLinks: 'readwrite', inbox: 'notices' },
    buckets: { data: 'write' },
    secrets: ['subjectHashKey'],
    processorKey: 'sign',
    sendsEmail: true,
    readsAccountDirectory: 'lookup',
    workflow: 'start',
  },
  openDsrStatus: {
    entry: 'functions/protocols/opendsr-status.handler.ts',
    description: "Reads an OpenDSR request's status, signed",
    tables: { requests: 'read', audit: 'read', protocolLinks: 'read' },
    buckets: {},
    processorKey: 'sign',
  },
  openDsrCancel: {
    entry: 'functions/protocols/opendsr-cancel.handler.ts',
    description: 'Cancels an OpenDSR request and stops its fulfilment',
    tables: { requests: 'readwrite', audit: 'append', protocolLinks: 'readwrite', tasks: 'readwrite', systems: 'read' },
    buckets: {},
    processorKey: 'sign',
    workflow: 'stop',
  },
  openDsrResults: {
    entry: 'functions/protocols/opendsr-results.handler.ts',
    description: "Redirects a controller to its completed access or portability request's results",
    tables: { requests: 'read', audit: 'read', protocolLinks: 'read' },
    buckets: { data: 'read' },
  },
  drpDiscovery: {
    entry: 'functions/protocols/drp-discovery.handler.ts',
    description: 'Data Rights Protocol discovery',
    tables: {},
    buckets: {},
  },
  drpEnrolAgent: {
    entry: 'functions/protocols/drp-enrol-agent.handler.ts',
    description: 'Enrols a DRP authorized agent and its Ed25519 verify key',
    tables: { protocolLinks: 'readwrite' },
    buckets: {},
  },
  drpRegisterAgent: {
    entry: 'functions/protocols/drp-register-agent.handler.ts',
    description: "DRP pairwise key setup: an enrolled agent's signed message gets its bearer token",
    tables: { protocolLinks: 'readwrite' },
    buckets: {},
  },
  drpAgentInfo: {
    entry: 'functions/protocols/drp-agent-info.handler.ts',
    description: "DRP agent information: whether an agent's bearer token holds",
    tables: { protocolLinks: 'read' },
    buckets: {},
  },
  drpCreate: {
    entry: 'functions/protocols/drp-create.handler.ts',
    description: "Files an agent's signed DRP exercise request as a core request",
    tables: { requests: 'readwrite', audit: 'append', tokens: 'readwrite', protocolLinks: 'readwrite', inbox: 'notices' },
    buckets: { data: 'write' },
    secrets: ['subjectHashKey'],
    sendsEmail: true,
    readsAccountDirectory: 'lookup',
    workflow: 'start',
  },
  drpStatus: {
    entry: 'functions/protocols/drp-status.handler.ts',
    description: "Reads a DRP request's status for the agent managing it",
    tables: { requests: 'read', audit: 'read', protocolLinks: 'read' },
    buckets: {},
  },
  drpRevoke: {
    entry: 'functions/protocols/drp-revoke.handler.ts',
    description: "Revokes a DRP request on the agent's signed message",
    tables: { requests: 'readwrite', audit: 'append', protocolLinks: 'readwrite', tasks: 'readwrite', systems: 'read' },
    buckets: {},
    workflow: 'stop',
  },
  drpVerificationPage: {
    entry: 'functions/protocols/drp-verification-page.handler.ts',
    description: 'The page a DRP agent sends a person to while their request waits for confirmation (user_verification_url)',
    tables: { requests: 'read', protocolLinks: 'read' },
    buckets: {},
  },
  drpVerificationSend: {
    entry: 'functions/protocols/drp-verification-send.handler.ts',
    description: 'Mails a new confirmation link to the address a DRP request was filed for, when the person on the verification page gives that address',
    tables: { requests: 'readwrite', audit: 'append', tokens: 'readwrite', protocolLinks: 'read', inbox: 'notices' },
    buckets: {},
    sendsEmail: true,
  },
  dispatchProtocolCallbacks: {
    entry: 'functions/protocols/dispatch-callbacks.handler.ts',
    description: 'Scheduled: sends OpenDSR (signed) and DRP status callbacks for requests whose status changed, retrying with backoff',
    timeoutSeconds: 120,
    tables: { requests: 'read', audit: 'read', protocolLinks: 'readwrite' },
    buckets: {},
    processorKey: 'sign',
    schedule: { everyMinutes: 1 },
  },
  receiveMail: {
    entry: 'functions/intake/receive-mail.handler.ts',
    description:
      'Email intake: takes in each mail SES received at the privacy address (stored raw by the receipt rule) and files, records, triages or ignores it',
    // A 40 MB mail is parsed in memory: its text, its attachments and the raw bytes at once.
    memorySize: 1024,
    timeoutSeconds: 120,
    tables: { inbox: 'readwrite', requests: 'readwrite', audit: 'append', tokens: 'readwrite', systems: 'read' },
    // Reads the raw mail SES stored; writes (and, when filing fails, deletes) an agent's authorization.
    buckets: { data: { read: [INBOUND_MAIL_PREFIX], write: [AGENT_PERMISSIONS_PREFIX] } },
    secrets: ['subjectHashKey'],
    sendsEmail: true,
    readsAccountDirectory: 'lookup',
    workflow: 'start',
  },
  handInEmail: {
    entry: 'functions/intake/hand-in-email.handler.ts',
    description: 'Email intake: an operator hands in a mail that came another way',
    memorySize: 512,
    timeoutSeconds: 30,
    tables: { inbox: 'readwrite', requests: 'readwrite', audit: 'append', tokens: 'readwrite', systems: 'read' },
    // Keeps the raw mail handed in; writes (and, when filing fails, deletes) an agent's authorization.
    buckets: { data: { write: [INBOUND_MAIL_PREFIX, AGENT_PERMISSIONS_PREFIX] } },
    secrets: ['subjectHashKey'],
    sendsEmail: true,
    readsAccountDirectory: 'lookup',
    workflow: 'start',
  },
  listInbox: {
    entry: 'functions/intake/list-inbox.handler.ts',
    description: 'Lists the triage inbox: mails awaiting a person',
    tables: { inbox: 'read' },
    buckets: {},
  },
  classifyMail: {
    entry: 'functions/intake/classify-mail.handler.ts',
    description: "Files the rights an operator names from a triage mail, with the clock from its receipt; the console's inbox also closes one as not a request",
    timeoutSeconds: 30,
    tables: { inbox: 'readwrite', requests: 'readwrite', audit: 'append', tokens: 'readwrite', systems: 'read' },
    buckets: {},
    secrets: ['subjectHashKey'],
    sendsEmail: true,
    readsAccountDirectory: 'lookup',
    workflow: 'start',
  },
  dismissMail: {
    entry: 'functions/intake/dismiss-mail.handler.ts',
    description: 'Closes a triage mail without filing, with the reason',
    tables: { inbox: 'readwrite' },
    buckets: {},
  },
  sweepTriage: {
    entry: 'functions/intake/sweep-triage.handler.ts',
    description: 'Scheduled: counts the triage inbox and the mails waiting in it longer than TRIAGE_ALARM_DAYS',
    timeoutSeconds: 60,
    tables: { inbox: 'read' },
    buckets: {},
    schedule: { everyMinutes: 60 },
  },
  consoleAuthorizer: {
    entry: 'functions/console/authorize.handler.ts',
    description: "Authorizes the console's routes: the session cookie's ID token, verified against the user pool's keys",
    tables: {},
    buckets: {},
    consoleIdentity: 'verify',
  },
  consoleSignIn: {
    entry: 'functions/console/sign-in.handler.ts',
    description: "Signs a person in to the console through the user pool's hosted sign-in (code with PKCE)",
    tables: {},
    buckets: {},
    consoleIdentity: 'sign-in',
  },
  consoleQueue: {
    entry: 'functions/console/show-queue.handler.ts',
    description: "Shows the console's queue of requests",
    tables: { requests: 'read', tasks: 'read', systems: 'read' },
    buckets: {},
  },
  consoleFind: {
    entry: 'functions/console/find-requests.handler.ts',
    description: "Finds requests for the console by id or by the keyed hash of a person's email",
    tables: { requests: 'read' },
    buckets: {},
    secrets: ['subjectHashKey'],
  },
  consoleRequest: {
    entry: 'functions/console/show-request.handler.ts',
    description: 'Shows one request in the console: its audit chain verified, its tasks, mail and the actions allowed now',
    tables: { requests: 'read', audit: 'read', tasks: 'read', systems: 'read' },
    buckets: {},
    auditKey: 'verify',
  },
  consoleAct: {
    entry: 'functions/console/act-on-request.handler.ts',
    description: 'Extends, denies, cancels or resumes a request, or requires the identity provider for it, from the console, as the signed-in operator',
    tables: { requests: 'readwrite', audit: 'append', tasks: 'readwrite', systems: 'read' },
    buckets: {},
    sendsEmail: true,
    workflow: 'operate',
  },
  consoleCompleteTask: {
    entry: 'functions/console/complete-task.handler.ts',
    description: "Completes a manual system's task from the console, as the signed-in operator, and resumes its request's fulfilment",
    tables: { requests: 'readwrite', audit: 'append', tasks: 'readwrite', systems: 'read' },
    buckets: {},
    workflow: 'report',
  },
  consoleReport: {
    entry: 'functions/console/show-report.handler.ts',
    description: 'Shows the yearly requests report in the console, and serves its CSV, JSON and printable downloads',
    tables: { requests: 'read' },
    buckets: {},
  },
  consoleCharts: {
    entry: 'functions/console/show-charts.handler.ts',
    description: "Shows the console's charts of the requests from the stored aggregates, and serves their figures and their script",
    tables: { requests: 'read' },
    buckets: {},
    // Chart.js and the drawing code, one bundle built for the browser; read once per cold start.
    scripts: { 'console-charts.js': 'browser/console-charts.ts' },
  },
  consoleSignOut: {
    entry: 'functions/console/sign-out.handler.ts',
    description: 'Signs a person out of the console',
    tables: {},
    buckets: {},
  },
  consoleWork: {
    entry: 'functions/console/work-pages.handler.ts',
    description: "Shows the console's inbox, systems, policies and register",
    tables: { inbox: 'read', systems: 'read', tasks: 'read', policies: 'read', disclosures: 'read' },
    buckets: {},
    // How many accounts the directory holds (DescribeTable), which a running campaign's bar measures against.
    readsAccountDirectory: 'count',
  },
} as const satisfies Record<string, LambdaSpec>;

export type LambdaId = keyof typeof lambdas;

/** How a function uses the audit key, if at all: appending to the audit table seals. */
export function auditKeyUse(spec: LambdaSpec): 'seal' | 'verify' | undefined {
  return spec.auditKey ?? (spec.tables.audit === 'append' ? 'seal' : undefined);
}
