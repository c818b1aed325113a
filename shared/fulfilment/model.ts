// The data inventory and the work fulfilment does in each system: the shapes every part shares.
import type { Locale } from '../domain/request-model.js';

/**
 * A text the inventory holds per language, beside the one registered without a language: a
 * German notice or export README reads `de`, an English one `en`.
 */
export type LocalizedText = Partial<Record<Locale, string>>;

/**
 * `text` in `locale`: its own language's, else `registered` (the text registered without a
 * language, which is the other language's where only that was given). Never fails for a system
 * registered with one text only.
 */
export function inLocale(texts: LocalizedText | undefined, locale: Locale, registered: string): string {
  return texts?.[locale] ?? registered;
}

/**
 * Each of `values` (categories, purposes) in `locale`, from `texts` keyed by the value as
 * registered; a value with no text in that language reads as registered.
 */
export function eachInLocale(values: readonly string[], texts: Readonly<Record<string, LocalizedText>> | undefined, locale: Locale): string[] {
  return values.map((value) => inLocale(texts?.[value], locale, value));
}

/** What a connector can be asked to do with a subject's data in one system. */
export const SYSTEM_ACTIONS = ['export', 'delete', 'anonymise'] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

/** What fulfilment asks of one system for one request. */
export const TASK_ACTIONS = ['export', 'delete', 'anonymise', 'stop-processing', 'opt-out-of-sale', 'opt-in-to-sale'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export const CONNECTOR_KINDS = ['dynamodb', 's3', 'webhook', 'manual'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/** Which of the subject's identifiers a system files its records under. */
export type SubjectKey = 'accountId' | 'email';

export type Connector =
  /** Records in a DynamoDB table whose partition key is the subject's identifier. */
  | { kind: 'dynamodb'; table: string; keyAttribute: string; sortKeyAttribute?: string; subjectKey: SubjectKey }
  /** Objects in an S3 bucket under a prefix; `{accountId}` or `{email}` in the prefix is replaced by the subject's identifier. */
  | { kind: 's3'; bucket: string; prefix: string; subjectKey: SubjectKey }
  /** The system is called (HMAC-signed) and reports its result later through POST /v1/tasks/{taskId}/result. */
  | { kind: 'webhook'; url: string; timeoutSeconds?: number }
  /** A person does the work and reports it through POST /v1/tasks/{taskId}/result. */
  | { kind: 'manual'; instructions: string };

/**
 * How a support system marks which support case a record belongs to: the attribute of a DynamoDB
 * item, or the field of an S3 object's JSON, that holds the case id. The records are found among
 * the account's own records, through the system's connector.
 */
export interface SupportCaseFiling {
  caseAttribute: string;
}

/** The person or team mailbox told of a manual system's tasks, and the language they read. */
export interface SystemContact {
  email: string;
  /** The language of the task mails; English when absent. */
  locale?: Locale;
}

/** Data a system must keep although the subject asked for deletion, and why. */
export interface RetentionRule {
  /** Which data the rule covers, e.g. "invoices". */
  category: string;
  /** How long it is kept, as an ISO 8601 duration (e.g. P10Y). */
  keepFor: string;
  /** The law that requires it, e.g. "§ 147 AO, § 257 HGB (commercial and tax law)". */
  legalBasis: string;
  /** The legal basis per language, for notices and export READMEs in that language. */
  legalBases?: LocalizedText;
  /** The category per language ("Rechnungen" for invoices). */
  categoryNames?: LocalizedText;
}

/** What an objection (GDPR Art. 21) does in a system. */
export const OBJECTION_EFFECTS = ['stop', 'delete', 'not-applicable'] as const;
export type ObjectionEffect = (typeof OBJECTION_EFFECTS)[number];

/**
 * What an objection does in a system, as the system declares it: stop processing the subject's
 * data, delete it, or nothing, for a reason the subject is told (e.g. the processing rests on a
 * contract or a legal duty, which Art. 21 does not reach).
 */
export type ObjectionRule = { effect: 'stop' } | { effect: 'delete' } | { effect: 'not-applicable'; reason: string; reasons?: LocalizedText };

export interface DataSystem {
  systemId: string;
  /** The name as registered; `names` per language where given. */
  name: string;
  /** The name per language, for notices and export READMEs in that language. */
  names?: LocalizedText;
  owner: string;
  description?: string;
  /** The description per language. */
  descriptions?: LocalizedText;
  /** Categories of personal data the system holds (e.g. contact data, payment data, location data). */
  categories: string[];
  /** Each category per language, keyed by the category as registered. */
  categoryNames?: Record<string, LocalizedText>;
  connector: Connector;
  /** What the connector supports; a deletion where neither delete nor anonymise is supported is answered as retained. */
  actions: SystemAction[];
  /** Purposes the system processes data for (e.g. marketing, analytics): objections and withdrawals stop these. */
  purposes: string[];
  /** Each purpose per language, keyed by the purpose as registered ("Werbung" for marketing). */
  purposeNames?: Record<string, LocalizedText>;
  /** What an objection does here; a system registered before systems declared it stops processing. */
  objection?: ObjectionRule;
  /** Keeps records under these rules even when deletion is asked for; deletion then answers `retained`. */
  retention: RetentionRule[];
  /** Whether the system sells or shares data, so a sale opt-out must reach it. */
  sellsOrShares: boolean;
  /** Third parties that receive its data for direct marketing (Cal. Civ. Code 1798.83). */
  marketingRecipients: string[];
  /**
   * Recipients, or categories of recipients, its data is disclosed to for any purpose (GDPR
   * Art. 15(1)(c)): processors, authorities, partners. Absent where the system declared none.
   */
  recipients?: string[];
  /** Set for a system holding support-case data: its records of a case are deleted when the case is resolved. */
  supportCases?: SupportCaseFiling;
  /** Who does the system's part by hand: mailed when a task is opened for it. A business contact, never logged. */
  contact?: SystemContact;
  createdAt: string;
  updatedAt: string;
}

/** Who the work is about, as the systems know them. Never logged. */
export interface SubjectIdentifiers {
  email: string;
  accountId?: string;
}

/** One unit of fulfilment work: one action in one system. */
export interface SystemTask {
  taskId: string;
  requestId: string;
  systemId: string;
  action: TaskAction;
  connector: ConnectorKind;
}

export const OUTCOMES = ['done', 'retained', 'not-found', 'failed', 'not-applicable'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What one system reported: small enough to travel through the state machine. */
export interface SystemOutcome {
  systemId: string;
  action: TaskAction;
  outcome: Outcome;
  /** Records found / exported / deleted / kept (for `retained`). */
  records: number;
  /** Where an export's records were written (S3 key of a JSON Lines part), for the bundle. */
  partKey?: string;
  /** For `retained`: the rules that keep data, for the answer to the subject. */
  retained?: RetentionRule[];
  /** For `not-applicable`: why the request does not reach the system, as the system declared it. */
  reason?: string;
  /** For `failed`: what went wrong, without personal data. */
  error?: string;
}
