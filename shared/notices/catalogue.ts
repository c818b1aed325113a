// The notice catalogue: every email the system sends is one typed notice, rendered here per locale.
import type { ControllerInfo } from '../config.js';
import type { Jurisdiction, Locale, RequestType } from '../domain/request-model.js';
import type { TaskAction } from '../fulfilment/model.js';
import { authorityText } from '../text/authorities.js';
import { formatDate, formatInstant } from '../text/dates.js';
import { DENIAL_EXPLANATIONS, IMPERSONAL_REQUEST_TYPE_NAMES, JURISDICTION_NAMES, REQUEST_TYPE_NAMES, type DenialCode } from '../text/vocabulary.js';
import { layOut, type Block, type Frame, type Letter, type RenderedNotice } from './layout.js';
import { NoticeError } from './notice-error.js';

export type { ControllerInfo } from '../config.js';
export type { RenderedNotice } from './layout.js';
export { NoticeError } from './notice-error.js';
export { DENIAL_CODES, type DenialCode } from '../text/vocabulary.js';

/** Every kind of notice; a kind listed here without a renderer does not compile. */
export const NOTICE_KINDS = [
  'verify-request',
  'agent-pending',
  'request-received',
  'verified',
  'locked',
  'expired',
  'completed',
  'partially-completed',
  'extended',
  'denied',
  'cancelled',
  'export-ready',
  'policy-changed',
  'task-opened',
  'objection-stopped',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Notices sent under some laws only; every other kind is sent under every law. */
export const NOTICE_LAWS: Partial<Record<NoticeKind, readonly Jurisdiction[]>> = {
  // Only a GDPR objection to direct marketing stops at filing and erases once confirmed (shared/domain/objection-stages.ts).
  'objection-stopped': ['gdpr'],
};

/** Asks the subject to confirm a request through a single-use link. */
export interface VerifyRequestNotice {
  kind: 'verify-request';
  requestType: RequestType;
  jurisdiction: Jurisdiction;
  /** ISO 8601 instant. */
  receivedAt: string;
  /** YYYY-MM-DD. */
  dueAt: string;
  verifyUrl: string;
  /** ISO 8601 instant after which the link no longer works. */
  expiresAt: string;
  /** Whether the confirmation page goes on to ask the three identity questions. */
  knowledgeCheck: boolean;
  /** Set when an authorized agent filed the request for the subject. */
  viaAgent?: { name: string };
  /** Set when the request came through a controller's OpenDSR call, with the controller's configured name. */
  filedThrough?: { name: string };
  /** Set for an objection whose stop is carried out at filing: the link confirms only its deletion. */
  stopsAtFiling?: boolean;
  /** Set when the request came by email: what the mail was understood to ask. */
  byEmail?: ByEmail;
}

/** What a mail to the privacy address was understood to ask: the answer says it, and how to correct it. */
export interface ByEmail {
  /** Every right the mail was understood to ask, this request's among them. */
  rights: RequestType[];
}

/** Tells an authorized agent that the request awaits the subject's own confirmation. */
export interface AgentPendingNotice {
  kind: 'agent-pending';
  requestType: RequestType;
  requestId: string;
}

/** Confirms receipt; with `acknowledge`, it is the formal acknowledgement that explains the process. */
export interface RequestReceivedNotice {
  kind: 'request-received';
  requestType: RequestType;
  /** ISO 8601 instant. */
  receivedAt: string;
  /** YYYY-MM-DD. */
  dueAt: string;
  acknowledge?: boolean;
  /** Set when the request came by email: what the mail was understood to ask. */
  byEmail?: ByEmail;
}

/**
 * Who filed a request for the subject: the authorized agent, or the controller an OpenDSR request
 * came through (configured by name); every mail about the request names it.
 */
export interface FiledByAgent {
  viaAgent?: { name: string };
  filedThrough?: { name: string };
}

export interface VerifiedNotice extends FiledByAgent {
  kind: 'verified';
  requestType: RequestType;
  /** YYYY-MM-DD. */
  dueAt: string;
}

/** Identity verification failed too often; the request is refused as unverified. */
export interface LockedNotice extends FiledByAgent {
  kind: 'locked';
  requestType: RequestType;
  /** The law the request was made under: it decides where the subject may complain. */
  jurisdiction: Jurisdiction;
  /** Who could not confirm the person: the knowledge check (five failures, the default) or the independent identity provider. */
  by?: 'knowledge-check' | 'provider';
}

/** The confirmation link expired unused; the request was closed without action. */
export interface ExpiredNotice extends FiledByAgent {
  kind: 'expired';
  requestType: RequestType;
  /** Set for an objection whose stop was carried out at filing: only its erasure lapsed. */
  stoppedAtFiling?: boolean;
}

/** What one system did with the request, as the subject reads it. */
export interface SystemSummary {
  /** The system's human name. */
  system: string;
  outcome: 'done' | 'not-found' | 'retained' | 'failed' | 'not-applicable';
  /** Records found, exported, deleted, or kept (retained). */
  records: number;
  /** For not-applicable: why the request does not reach the system, as the system declares it. */
  reason?: string;
  /** Set when the system erased rather than did what the request type usually asks (an objection a system answers by deleting). */
  erased?: boolean;
}

/**
 * A request carried out as filed, without the subject confirming it first (an opt-out, a withdrawal
 * of consent, an objection to direct marketing): the answer is the confirmation, and says how to
 * undo it should the subject not have asked for it.
 */
export interface CarriedOutAsFiled {
  withoutConfirmation?: boolean;
}

export interface CompletedNotice extends FiledByAgent, CarriedOutAsFiled {
  kind: 'completed';
  requestType: RequestType;
  systems: SystemSummary[];
  /**
   * For a third-party-disclosure request: the third parties that received personal data for direct
   * marketing in the past year (Cal. Civ. Code 1798.83), or with `recipientsScope: 'any-purpose'`
   * the recipients or categories of recipients of any purpose, at any time (GDPR Art. 15(1)(c));
   * empty when there were none.
   */
  recipients?: string[];
  recipientsScope?: 'any-purpose';
}

/** Data a system must keep despite the request, and the law that makes it keep it. */
export interface RetainedData {
  system: string;
  reason: string;
  legalBasis: string;
}

export interface PartiallyCompletedNotice extends FiledByAgent, CarriedOutAsFiled {
  kind: 'partially-completed';
  requestType: RequestType;
  /** The law the request was made under: it decides where the subject may complain. */
  jurisdiction: Jurisdiction;
  systems: SystemSummary[];
  retained: RetainedData[];
  /** Names of the systems that could not do their part yet. */
  failed: string[];
}

export interface ExtendedNotice {
  kind: 'extended';
  requestType: RequestType;
  /** The law the request was made under: it decides where the subject may complain. */
  jurisdiction: Jurisdiction;
  /** YYYY-MM-DD. */
  newDueAt: string;
  reason: string;
}

export interface DeniedNotice extends FiledByAgent {
  kind: 'denied';
  requestType: RequestType;
  /** The law the request was made under: it decides where the subject may complain. */
  jurisdiction: Jurisdiction;
  code: DenialCode;
  reason: string;
}

/**
 * The request was cancelled before it was carried out, whoever cancelled it: the privacy team, or
 * the agent or service that filed it. The subject hears of every cancellation, so that a request
 * they still want is never dropped without their knowing.
 */
export interface CancelledNotice extends FiledByAgent {
  kind: 'cancelled';
  requestType: RequestType;
  jurisdiction: Jurisdiction;
  /** ISO 8601 instant. */
  receivedAt: string;
  /** Set when the authorized agent that filed the request withdrew it. */
  byAgent?: { name: string };
}

export interface ExportReadyNotice {
  kind: 'export-ready';
  downloadUrl: string;
  /** ISO 8601 instant after which the link no longer works. */
  expiresAt: string;
  /** How many downloads the link gives. */
  maxDownloads: number;
}

export interface PolicyChangedNotice {
  kind: 'policy-changed';
  version: string;
  url: string;
  /** YYYY-MM-DD, or an ISO 8601 instant. */
  effectiveAt: string;
  summary: string;
}

/**
 * Tells a manual system's contact (a business mailbox, not the subject) that a request needs its
 * part: what, by when and where to report. It names no person: whom the request concerns is read
 * from the request through the API.
 */
export interface TaskOpenedNotice {
  kind: 'task-opened';
  taskId: string;
  requestId: string;
  /** The system's name. */
  system: string;
  action: TaskAction;
  /** ISO 8601 instant by which the task must be reported. */
  dueAt: string;
  /** The absolute URL of POST /v1/tasks/{taskId}/result. */
  reportTo: string;
  /** What the system's registration says to do by hand. */
  instructions: string;
  /** The system's categories of data and purposes, in the contact's language (the inventory's texts per language). */
  categories?: readonly string[];
  purposes?: readonly string[];
}

/**
 * A GDPR objection to direct marketing took effect at filing, with no confirmation (Art. 21(3)): every
 * marketing system stopped and the address is suppressed. Sent once; the erasure the objection also
 * asks for (Art. 17(1)(c)) waits for the subject's confirmation and ends with its own answer.
 */
export interface ObjectionStoppedNotice extends FiledByAgent {
  kind: 'objection-stopped';
  /** Only a GDPR objection stops before it erases. */
  jurisdiction: 'gdpr';
  /** What each system did at filing. */
  systems: SystemSummary[];
  /** The systems, by name, where the subject's data is deleted once they confirm. */
  toErase: readonly string[];
  /** Whether the subject confirmed the erasure already. */
  confirmed: boolean;
}

/** Every email the system sends, discriminated on `kind`. */
export type Notice =
  | VerifyRequestNotice
  | AgentPendingNotice
  | RequestReceivedNotice
  | VerifiedNotice
  | LockedNotice
  | ExpiredNotice
  | CompletedNotice
  | PartiallyCompletedNotice
  | ExtendedNotice
  | DeniedNotice
  | CancelledNotice
  | ExportReadyNotice
  | PolicyChangedNotice
  | TaskOpenedNotice
  | ObjectionStoppedNotice;

export type NoticeOf<K extends NoticeKind> = Extract<Notice, { kind: K }>;

// Fails to compile when the union and NOTICE_KINDS drift apart in either direction.
type SameKinds = [Notice['kind']] extends [NoticeKind] ? ([NoticeKind] extends [Notice['kind']] ? true : false) : false;
const kindsAgree: SameKinds = true;
void kindsAgree;

const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** The locale-bound words and formats a notice's copy is written with. */
interface Words {
  controller: ControllerInfo;
  date(value: string): string;
  dateTime(value: string): string;
  /** The request type as addressed to the subject ("deletion of your data"). */
  type(type: RequestType): string;
  /** The request type without "your", for third parties. */
  impersonal(type: RequestType): string;
  law(jurisdiction: Jurisdiction): string;
  denial(code: DenialCode): string;
  /** One system's part of a request of `type`, as a list item ("CRM: deleted"). */
  system(type: RequestType, summary: SystemSummary): string;
  /**
   * Where the subject may turn: under the GDPR the right to complain to a supervisory authority and
   * to a judicial remedy (Art. 12(4), 77, 79); under the CCPA the California agencies the controller
   * names. A CCPA notice never cites the GDPR.
   */
  remedies(jurisdiction: Jurisdiction): Block;
}

type Copy = { [K in NoticeKind]: Record<Locale, (notice: NoticeOf<K>, words: Words) => Letter> };

const p = (text: string): Block => ({ kind: 'paragraph', text });

/** The line naming the agent that filed the request, in a mail about how it ended; nothing for the subject's own request. */
const FILED_BY: Record<Locale, (agent: string) => string> = {
  de: (agent) => `Diese Anfrage hat ${agent} als von Ihnen bevollmächtigte Stelle in Ihrem Namen gestellt.`,
  en: (agent) => `${agent} filed this request on your behalf as your authorized agent.`,
};
/**
 * The line naming the company that passed the request on through OpenDSR: it acts for itself, not as
 * the person's agent, so it is not called one; the words cite no law, so they hold under every law.
 */
const FILED_THROUGH: Record<Locale, (controller: string) => string> = {
  de: (controller) => `Diese Anfrage hat uns über ${controller} erreicht, das sie in Ihrem Namen an uns weitergegeben hat.`,
  en: (controller) => `This request reached us through ${controller}, which passed it on to us for you.`,
};
const filedBy = (notice: FiledByAgent, locale: Locale): Block[] =>
  notice.viaAgent ? [p(FILED_BY[locale](notice.viaAgent.name))] : notice.filedThrough ? [p(FILED_THROUGH[locale](notice.filedThrough.name))] : [];
const UNDERSTOOD: Record<Locale, (rights: string) => string> = {
  de: (rights) =>
    `Sie haben uns per E-Mail geschrieben. So haben wir Ihre E-Mail verstanden: Sie bitten um ${rights}. Haben wir Sie falsch verstanden, antworten Sie einfach auf diese E-Mail.`,
  en: (rights) => `You wrote to us by email. This is what we understood you asked for: ${rights}. If we understood you wrongly, simply reply to this email.`,
};
const AND: Record<Locale, string> = { de: 'und', en: 'and' };
/** The paragraph of an answer to a mail: what it was understood to ask, and that a reply corrects it. */
const understood = (byEmail: ByEmail | undefined, locale: Locale, w: Words): Block[] => {
  if (!byEmail) return [];
  const names = byEmail.rights.map((type) => w.type(type));
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${AND[locale]} ${names.at(-1)}` : (names[0] ?? '');
  return [p(UNDERSTOOD[locale](list))];
};

/**
 * What opting in to sale or sharing means, said before the person confirms it: the confirmation is
 * the separate second step of a two-step opt-in (11 CCR 7028(a)). A sale opt-in is a CCPA request
 * only, so the words are the CCPA's.
 */
const OPT_IN_SECOND_STEP: Record<Locale, string> = {
  de: 'Sie haben darum gebeten, dem Verkauf und der Weitergabe Ihrer personenbezogenen Daten wieder zuzustimmen und Ihren Widerspruch („Do Not Sell or Share“) aufzuheben. Nach dem California Consumer Privacy Act braucht eine solche Zustimmung zwei Schritte: Ihre Anfrage war der erste; die Bestätigung über den Link unten ist der zweite. Erst wenn Sie bestätigen, dürfen wir Ihre Daten wieder verkaufen oder weitergeben. Sie können jederzeit erneut widersprechen.',
  en: 'You asked to opt in to the sale and sharing of your personal information again, lifting your opt-out ("Do Not Sell or Share"). Under the California Consumer Privacy Act an opt-in takes two steps: your request was the first; confirming through the link below is the second. Only once you confirm may we sell or share your personal information again. You may opt out again at any time.',
};
const optInStep = (type: RequestType, locale: Locale): Block[] => (type === 'sale-opt-in' ? [p(OPT_IN_SECOND_STEP[locale])] : []);

/** What a confirmed opt-in did, and that it can be undone as easily. */
const OPT_IN_DONE: Record<Locale, (contact: string) => string> = {
  de: (contact) =>
    `Sie haben dem Verkauf und der Weitergabe Ihrer personenbezogenen Daten wieder zugestimmt; Ihr Widerspruch ist aufgehoben. Sie können jederzeit erneut widersprechen, über den Link „Do Not Sell or Share My Personal Information“ oder mit einer E-Mail an ${contact}.`,
  en: (contact) =>
    `You have opted in to the sale and sharing of your personal information again; your opt-out is lifted. You may opt out again at any time, through the "Do Not Sell or Share My Personal Information" link or by writing to ${contact}.`,
};
const optInDone = (type: RequestType, locale: Locale, contact: string): Block[] => (type === 'sale-opt-in' ? [p(OPT_IN_DONE[locale](contact))] : []);

/** What a subject who did not ask for a request carried out as filed can do about it; nothing for a request they confirmed. */
const UNDO: Record<Locale, (contact: string) => string> = {
  de: (contact) =>
    `Wir haben diese Anfrage sofort ausgeführt, ohne Sie vorher um eine Bestätigung zu bitten: Eine Einwilligung zu widerrufen oder zu widersprechen soll nicht schwerer sein, als sie zu geben. Haben Sie das nicht veranlasst? Dann antworten Sie auf diese E-Mail oder schreiben Sie an ${contact}; wir stellen Ihre vorherige Wahl dann wieder her. Sie können Ihre Einwilligung auch jederzeit neu geben. Andernfalls müssen Sie nichts tun.`,
  en: (contact) =>
    `We carried out this request at once, without first asking you to confirm it: withdrawing a consent or objecting should be no harder than giving it. If you did not ask for this, reply to this email or write to us at ${contact}, and we will restore the choice you had before; you may also give your consent again at any time. Otherwise there is nothing you need to do.`,
};
const undo = (notice: CarriedOutAsFiled, locale: Locale, contact: string): Block[] => (notice.withoutConfirmation ? [p(UNDO[locale](contact))] : []);
const facts = (...rows: Array<readonly [string, string]>): Block => ({ kind: 'facts', rows });
const bullets = (items: readonly string[]): Block => ({ kind: 'list', items });

/** `blocks` when `items` has any, else nothing: a lead-in never stands above an empty list. */
const whenAny = (items: readonly unknown[], ...blocks: Block[]): Block[] => (items.length > 0 ? blocks : []);

/** The same name twice (two systems declaring one recipient) is listed once. */
const distinct = (items: readonly string[]): string[] => [...new Set(items)];

/** Request types whose systems report their part in the same words. */
type Family = 'erasure' | 'export' | 'stop' | 'sale' | 'sale-opt-in' | 'disclosure';

const FAMILIES: Record<RequestType, Family> = {
  deletion: 'erasure',
  access: 'export',
  portability: 'export',
  objection: 'stop',
  'consent-withdrawal': 'stop',
  'marketing-opt-out': 'stop',
  'sale-opt-out': 'sale',
  'sale-opt-in': 'sale-opt-in',
  'third-party-disclosure': 'disclosure',
};

/** What a system that did its part did, per family; `records` is the formatted count. */
const DONE_WORDS: Record<Family, Record<Locale, (records: number, count: string) => string>> = {
  erasure: { de: () => 'gelöscht', en: () => 'deleted' },
  export: {
    de: (records, count) => `exportiert (${count} ${records === 1 ? 'Datensatz' : 'Datensätze'})`,
    en: (records, count) => `exported (${count} ${records === 1 ? 'record' : 'records'})`,
  },
  stop: { de: () => 'beendet', en: () => 'stopped' },
  sale: { de: () => 'Widerspruch vermerkt', en: () => 'recorded your opt-out' },
  'sale-opt-in': { de: () => 'Ihre Einwilligung vermerkt', en: () => 'recorded your opt-in' },
  disclosure: { de: () => 'geprüft', en: () => 'checked' },
};

const OTHER_OUTCOME_WORDS: Record<Exclude<SystemSummary['outcome'], 'done' | 'retained' | 'not-applicable'>, Record<Locale, string>> = {
  'not-found': { de: 'enthielt keine Daten zu Ihnen', en: 'held no data about you' },
  failed: { de: 'noch nicht erledigt', en: 'not done yet' },
};

/** Kept data with its count where the system counted it (a system fulfilment does not run itself is not asked, so its count is unknown). */
const RETAINED_WORDS: Record<Locale, (records: number, count: string) => string> = {
  de: (records, count) =>
    records > 0 ? `${count} ${records === 1 ? 'Datensatz' : 'Datensätze'} aus rechtlichen Gründen aufbewahrt` : 'Daten aus rechtlichen Gründen aufbewahrt',
  en: (records, count) => (records > 0 ? `${count} ${records === 1 ? 'record' : 'records'} kept for legal reasons` : 'data kept for legal reasons'),
};

const NOT_APPLICABLE_WORDS: Record<Locale, (reason: string) => string> = {
  de: (reason) => `Ihre Anfrage greift hier nicht: ${reason}`,
  en: (reason) => `your request does not apply here: ${reason}`,
};

function systemLine(type: RequestType, summary: SystemSummary, locale: Locale): string {
  const count = new Intl.NumberFormat(locale).format(summary.records);
  const words =
    summary.outcome === 'done'
      ? DONE_WORDS[summary.erased ? 'erasure' : FAMILIES[type]][locale](summary.records, count)
      : summary.outcome === 'retained'
        ? RETAINED_WORDS[locale](summary.records, count)
        : summary.outcome === 'not-applicable'
          ? NOT_APPLICABLE_WORDS[locale](summary.reason ?? '')
          : OTHER_OUTCOME_WORDS[summary.outcome][locale];
  return `${summary.system}: ${words}`;
}

/** What a staged objection's stop did, and what still waits; a GDPR notice only (the CCPA's objection waits for the link as a whole). */
const objectionStopped: Copy['objection-stopped'] = {
  de: (n, w) => ({
    subject: 'Ihr Widerspruch gegen Direktwerbung ist wirksam',
    blocks: [
      p(
        'Sie haben der Verarbeitung Ihrer personenbezogenen Daten für Direktwerbung widersprochen. Wir haben sie sofort beendet, ohne auf eine Bestätigung zu warten: Ihre E-Mail-Adresse steht auf unserer Sperrliste für Werbung, und jedes System, das Ihre Daten für Werbung verarbeitet, verarbeitet sie dafür nicht mehr (Art. 21 Abs. 3 DSGVO).',
      ),
      ...filedBy(n, 'de'),
      ...whenAny(n.systems, p('Das haben wir in den einzelnen Systemen getan:'), bullets(n.systems.map((s) => w.system('objection', s)))),
      ...whenAny(
        n.toErase,
        p(
          'In diesen Systemen löscht Ihr Widerspruch Ihre Daten außerdem (Art. 17 Abs. 1 lit. c DSGVO). Löschen lässt sich nicht rückgängig machen, deshalb geschieht es erst, wenn Sie es bestätigt haben:',
        ),
        bullets(distinct(n.toErase)),
        p(
          n.confirmed
            ? 'Sie haben die Anfrage bestätigt; wir löschen die Daten jetzt und schreiben Ihnen, sobald das erledigt ist.'
            : 'Bitte bestätigen Sie die Anfrage über den Link in unserer anderen E-Mail. Bestätigen Sie nicht, bleibt es beim Widerspruch: Wir verwenden die Daten nicht mehr für Werbung, löschen sie aber nicht.',
        ),
      ),
      p(
        `Haben Sie nicht widersprochen? Dann antworten Sie auf diese E-Mail oder schreiben Sie an ${w.controller.privacyContact}; wir stellen Ihre vorherige Wahl dann wieder her. Andernfalls müssen Sie nichts tun.`,
      ),
    ],
  }),
  en: (n, w) => ({
    subject: 'Your objection to direct marketing has taken effect',
    blocks: [
      p(
        'You objected to the processing of your personal data for direct marketing. We stopped it at once, without waiting for a confirmation: your email address is on our marketing suppression list, and every system that processes your data for marketing no longer does so (Art. 21(3) GDPR).',
      ),
      ...filedBy(n, 'en'),
      ...whenAny(n.systems, p('What we did in each system:'), bullets(n.systems.map((s) => w.system('objection', s)))),
      ...whenAny(
        n.toErase,
        p(
          'In these systems your objection also deletes your data (Art. 17(1)(c) GDPR). A deletion cannot be undone, so it happens only once you have confirmed it:',
        ),
        bullets(distinct(n.toErase)),
        p(
          n.confirmed
            ? 'You have confirmed the request; we are deleting the data now and will write to you once that is done.'
            : 'Please confirm the request through the link in our other email. If you do not, your objection stands: we no longer use the data for marketing, but we do not delete it.',
        ),
      ),
      p(
        `If you did not object, reply to this email or write to us at ${w.controller.privacyContact}, and we will restore the choice you had before. Otherwise there is nothing you need to do.`,
      ),
    ],
  }),
};

const COPY: Copy = {
  'verify-request': {
    de: (n, w) => ({
      subject: `Bitte bestätigen Sie Ihre Anfrage: ${w.type(n.requestType)}`,
      blocks: [
        p('wir haben eine Anfrage zu Ihren personenbezogenen Daten erhalten, die unter dieser E-Mail-Adresse gestellt wurde.'),
        ...understood(n.byEmail, 'de', w),
        ...(n.viaAgent
          ? [
              p(
                `Die Anfrage hat ${n.viaAgent.name} als von Ihnen bevollmächtigte Stelle in Ihrem Namen gestellt. Wir werden erst tätig, wenn Sie die Anfrage selbst bestätigen; ohne Ihre Bestätigung geschieht nichts.`,
              ),
            ]
          : n.filedThrough
            ? [p(`${FILED_THROUGH.de(n.filedThrough.name)} Wir werden erst tätig, wenn Sie die Anfrage selbst bestätigen.`)]
            : []),
        ...optInStep(n.requestType, 'de'),
        facts(
          ['Anfrage', w.type(n.requestType)],
          ['Eingegangen am', w.date(n.receivedAt)],
          ['Geltendes Recht', w.law(n.jurisdiction)],
          ['Antwort spätestens bis', w.date(n.dueAt)],
        ),
        p('So geht es weiter:'),
        {
          kind: 'list',
          ordered: true,
          items: [
            'Öffnen Sie den Link unten.',
            'Bestätigen Sie die Anfrage auf der Seite, die sich öffnet, mit einem Klick auf die Schaltfläche.',
            ...(n.knowledgeCheck
              ? [
                  'Beantworten Sie dort drei Fragen, damit wir sicher sind, dass Sie es sind: die E-Mail-Adresse Ihres Kundenkontos, Ihre Rechnungsadresse und die letzten vier Ziffern der hinterlegten Karte.',
                ]
              : []),
            'Danach führen wir Ihre Anfrage aus und informieren Sie per E-Mail über das Ergebnis.',
          ],
        },
        ...(n.knowledgeCheck ? [p('Wir fragen niemals nach Ihrer vollständigen Kartennummer oder Ihrem Passwort.')] : []),
        { kind: 'action', label: 'Anfrage bestätigen', url: n.verifyUrl },
        p(`Der Link ist bis ${w.dateTime(n.expiresAt)} gültig und funktioniert nur einmal.`),
        p(
          n.stopsAtFiling
            ? 'Ihren Widerspruch gegen Direktwerbung führen wir sofort aus, ohne auf Ihre Bestätigung zu warten; darüber schreiben wir Ihnen gesondert. Der Link bestätigt nur die Löschung, die Ihr Widerspruch außerdem verlangt: Ohne Ihre Bestätigung löschen wir nichts. Sie haben nicht widersprochen? Dann antworten Sie auf diese E-Mail.'
            : 'Sie haben diese Anfrage nicht gestellt? Dann ignorieren Sie diese E-Mail einfach. Ohne Ihre Bestätigung geschieht nichts.',
        ),
      ],
    }),
    en: (n, w) => ({
      subject: `Please confirm your request: ${w.type(n.requestType)}`,
      blocks: [
        p('We have received a request about your personal data that was filed with this email address.'),
        ...understood(n.byEmail, 'en', w),
        ...(n.viaAgent
          ? [
              p(
                `${n.viaAgent.name} filed this request on your behalf as your authorized agent. We will act on it only once you confirm it yourself; nothing happens without your confirmation.`,
              ),
            ]
          : n.filedThrough
            ? [p(`${FILED_THROUGH.en(n.filedThrough.name)} We will act on it only once you confirm it yourself.`)]
            : []),
        ...optInStep(n.requestType, 'en'),
        facts(
          ['Request', w.type(n.requestType)],
          ['Received on', w.date(n.receivedAt)],
          ['Applicable law', w.law(n.jurisdiction)],
          ['We will answer by', w.date(n.dueAt)],
        ),
        p('What happens next:'),
        {
          kind: 'list',
          ordered: true,
          items: [
            'Open the link below.',
            'Confirm the request on the page that opens by pressing its button.',
            ...(n.knowledgeCheck
              ? [
                  'Answer three questions there so we know it is you: the email address of your account, your billing address, and the last four digits of the card on file.',
                ]
              : []),
            'We then carry out your request and tell you the result by email.',
          ],
        },
        ...(n.knowledgeCheck ? [p('We will never ask for your full card number or your password.')] : []),
        { kind: 'action', label: 'Confirm your request', url: n.verifyUrl },
        p(`The link is valid until ${w.dateTime(n.expiresAt)} and works only once.`),
        p(
          n.stopsAtFiling
            ? 'We carry out your objection to direct marketing at once, without waiting for your confirmation, and write to you about it separately. The link confirms only the deletion your objection also asks for: without your confirmation we delete nothing. Did not object? Then reply to this email.'
            : 'Did not ask for this? Then simply ignore this email. Nothing happens without your confirmation.',
        ),
      ],
    }),
  },

  'agent-pending': {
    de: (n, w) => ({
      subject: `Anfrage ${n.requestId} wartet auf Bestätigung`,
      blocks: [
        p('die Anfrage, die Sie im Namen einer anderen Person gestellt haben, ist bei uns eingegangen.'),
        facts(['Vorgangsnummer', n.requestId], ['Art der Anfrage', w.impersonal(n.requestType)]),
        p(
          'Wir haben die betroffene Person direkt per E-Mail gebeten, die Anfrage zu bestätigen. Wir bearbeiten die Anfrage erst nach ihrer Bestätigung; ohne Bestätigung geschieht nichts.',
        ),
        p('Bitte geben Sie bei Rückfragen die Vorgangsnummer an.'),
      ],
    }),
    en: (n, w) => ({
      subject: `Request ${n.requestId} is awaiting confirmation`,
      blocks: [
        p('We have received the request you filed on behalf of another person.'),
        facts(['Request id', n.requestId], ['Type of request', w.impersonal(n.requestType)]),
        p(
          'We have emailed the person directly and asked them to confirm the request. We act on it only after they confirm; without their confirmation nothing happens.',
        ),
        p('Please quote the request id in any questions.'),
      ],
    }),
  },

  'request-received': {
    de: (n, w) => ({
      subject: `Wir haben Ihre Anfrage erhalten: ${w.type(n.requestType)}`,
      blocks: [
        p(n.acknowledge ? 'hiermit bestätigen wir den Eingang Ihrer Anfrage.' : 'wir haben Ihre Anfrage erhalten.'),
        ...understood(n.byEmail, 'de', w),
        facts(['Anfrage', w.type(n.requestType)], ['Eingegangen am', w.date(n.receivedAt)], ['Antwort spätestens bis', w.date(n.dueAt)]),
        n.acknowledge
          ? p(
              'So bearbeiten wir Ihre Anfrage: Zuerst prüfen wir, ob sie von Ihnen stammt; dazu erhalten Sie gegebenenfalls eine gesonderte E-Mail mit einem Bestätigungslink. Danach führen wir die Anfrage in allen betroffenen Systemen aus und teilen Ihnen das Ergebnis mit.',
            )
          : p('Wir informieren Sie per E-Mail, sobald Ihre Anfrage erledigt ist.'),
        p(`Falls Sie diese Anfrage nicht gestellt haben, schreiben Sie uns bitte an ${w.controller.privacyContact}.`),
      ],
    }),
    en: (n, w) => ({
      subject: `We have received your request: ${w.type(n.requestType)}`,
      blocks: [
        p(n.acknowledge ? 'This email confirms that we have received your request.' : 'We have received your request.'),
        ...understood(n.byEmail, 'en', w),
        facts(['Request', w.type(n.requestType)], ['Received on', w.date(n.receivedAt)], ['We will answer by', w.date(n.dueAt)]),
        n.acknowledge
          ? p(
              'How we process your request: first we check that it came from you; for this you may receive a separate email with a confirmation link. We then carry it out in every system concerned and tell you the result.',
            )
          : p('We will email you as soon as your request has been carried out.'),
        p(`If you did not file this request, please write to us at ${w.controller.privacyContact}.`),
      ],
    }),
  },

  verified: {
    de: (n, w) => ({
      subject: `Anfrage bestätigt: ${w.type(n.requestType)}`,
      blocks: [
        p('vielen Dank, Sie haben Ihre Anfrage bestätigt. Wir führen sie jetzt aus.'),
        facts(['Anfrage', w.type(n.requestType)], ['Antwort spätestens bis', w.date(n.dueAt)]),
        ...filedBy(n, 'de'),
        p('Sie erhalten eine weitere E-Mail, sobald wir fertig sind.'),
      ],
    }),
    en: (n, w) => ({
      subject: `Request confirmed: ${w.type(n.requestType)}`,
      blocks: [
        p('Thank you for confirming your request. We are now carrying it out.'),
        facts(['Request', w.type(n.requestType)], ['We will answer by', w.date(n.dueAt)]),
        ...filedBy(n, 'en'),
        p('You will receive another email when we are done.'),
      ],
    }),
  },

  locked: {
    de: (n, w) => ({
      subject: `Anfrage abgelehnt, Identität nicht bestätigt: ${w.type(n.requestType)}`,
      blocks: [
        n.by === 'provider'
          ? p(
              'der unabhängige Identitätsdienst, bei dem Sie sich angemeldet haben, konnte nicht bestätigen, dass Sie die Person sind, um die es in Ihrer Anfrage geht: Die von ihm bestätigten Angaben stimmten nicht mit unseren Unterlagen überein, oder er war sich nicht sicher genug. Zum Schutz Ihrer Daten haben wir die Anfrage deshalb abgelehnt.',
            )
          : p(
              'für Ihre Anfrage ist die Bestätigung Ihrer Identität fünfmal fehlgeschlagen. Zum Schutz Ihrer Daten haben wir die Bestätigung gesperrt und die Anfrage abgelehnt.',
            ),
        facts(['Anfrage', w.type(n.requestType)], ['Grund der Ablehnung', w.denial('unverified')]),
        ...filedBy(n, 'de'),
        p('Es wurden keine Daten herausgegeben oder verändert. Sie können jederzeit eine neue Anfrage stellen.'),
        ...(n.by === 'provider'
          ? [
              p(
                'Wir haben vom Identitätsdienst nur dieses Ergebnis erhalten und gespeichert, kein Dokument und keine Ihrer Angaben dort. Stimmen Ihre Angaben bei uns nicht mehr, antworten Sie auf diese E-Mail, und wir helfen Ihnen.',
              ),
            ]
          : []),
        p('Waren das nicht Sie? Dann hat möglicherweise jemand anderes versucht, in Ihrem Namen eine Anfrage zu stellen.'),
        w.remedies(n.jurisdiction),
      ],
    }),
    en: (n, w) => ({
      subject: `Request refused, identity not verified: ${w.type(n.requestType)}`,
      blocks: [
        n.by === 'provider'
          ? p(
              'The independent identity service you signed in with could not confirm that you are the person your request is about: the details it confirmed did not match our records, or it was not certain enough. To protect your data we have therefore refused the request.',
            )
          : p('Verifying your identity for your request failed five times. To protect your data we have locked the verification and refused the request.'),
        facts(['Request', w.type(n.requestType)], ['Reason for refusal', w.denial('unverified')]),
        ...filedBy(n, 'en'),
        p('No data was disclosed or changed. You may file a new request at any time.'),
        ...(n.by === 'provider'
          ? [
              p(
                'We received and kept only this result from the identity service, no document and none of the details you gave it. If the details we hold for you are out of date, reply to this email and we will help you.',
              ),
            ]
          : []),
        p('If this was not you, someone else may have tried to file a request in your name.'),
        w.remedies(n.jurisdiction),
      ],
    }),
  },

  expired: {
    de: (n, w) => ({
      subject: `Bestätigungslink abgelaufen: ${w.type(n.requestType)}`,
      blocks: [
        p(
          n.stoppedAtFiling
            ? 'der Link zur Bestätigung Ihrer Anfrage ist abgelaufen, ohne dass die Anfrage bestätigt wurde. Ihr Widerspruch gegen Direktwerbung bleibt wirksam: Den haben wir schon beim Eingang umgesetzt. Gelöscht haben wir nichts; die Anfrage ist geschlossen.'
            : 'der Link zur Bestätigung Ihrer Anfrage ist abgelaufen, ohne dass die Anfrage bestätigt wurde. Wir haben sie deshalb geschlossen, ohne sie auszuführen.',
        ),
        facts(['Anfrage', w.type(n.requestType)]),
        ...filedBy(n, 'de'),
        p(
          'Wenn Sie die Anfrage weiterhin stellen möchten, können Sie jederzeit eine neue Anfrage stellen. Haben Sie die Anfrage nicht gestellt, müssen Sie nichts tun.',
        ),
      ],
    }),
    en: (n, w) => ({
      subject: `Confirmation link expired: ${w.type(n.requestType)}`,
      blocks: [
        p(
          n.stoppedAtFiling
            ? 'The link to confirm your request expired before the request was confirmed. Your objection to direct marketing stays in effect: we carried it out when we received it. We deleted nothing, and the request is closed.'
            : 'The link to confirm your request expired before the request was confirmed. We have therefore closed it without carrying it out.',
        ),
        facts(['Request', w.type(n.requestType)]),
        ...filedBy(n, 'en'),
        p('If you still want this, you may file a new request at any time. If you did not ask for this, there is nothing you need to do.'),
      ],
    }),
  },

  completed: {
    de: (n, w) => ({
      subject: `Anfrage erledigt: ${w.type(n.requestType)}`,
      blocks: [
        p('wir haben Ihre Anfrage vollständig ausgeführt.'),
        facts(['Anfrage', w.type(n.requestType)]),
        ...filedBy(n, 'de'),
        ...whenAny(n.systems, p('Das haben wir in den einzelnen Systemen getan:'), bullets(n.systems.map((s) => w.system(n.requestType, s)))),
        ...optInDone(n.requestType, 'de', w.controller.privacyContact),
        ...undo(n, 'de', w.controller.privacyContact),
        ...(n.recipients === undefined
          ? []
          : n.recipientsScope === 'any-purpose'
            ? n.recipients.length > 0
              ? [
                  p(
                    'An diese Empfänger oder Kategorien von Empfängern haben wir personenbezogene Daten über Sie weitergegeben oder geben sie weiter, gleich zu welchem Zweck:',
                  ),
                  bullets(distinct(n.recipients)),
                ]
              : [p('Wir haben personenbezogene Daten über Sie an keine Empfänger weitergegeben und sehen das auch nicht vor.')]
            : n.recipients.length > 0
              ? [
                  p('Im vergangenen Jahr haben wir personenbezogene Daten über Sie an die folgenden Dritten für deren Direktwerbung weitergegeben:'),
                  bullets(distinct(n.recipients)),
                ]
              : [p('Im vergangenen Jahr haben wir keine personenbezogenen Daten über Sie an Dritte für deren Direktwerbung weitergegeben.')]),
      ],
    }),
    en: (n, w) => ({
      subject: `Request completed: ${w.type(n.requestType)}`,
      blocks: [
        p('We have carried out your request in full.'),
        facts(['Request', w.type(n.requestType)]),
        ...filedBy(n, 'en'),
        ...whenAny(n.systems, p('What we did in each system:'), bullets(n.systems.map((s) => w.system(n.requestType, s)))),
        ...optInDone(n.requestType, 'en', w.controller.privacyContact),
        ...undo(n, 'en', w.controller.privacyContact),
        ...(n.recipients === undefined
          ? []
          : n.recipientsScope === 'any-purpose'
            ? n.recipients.length > 0
              ? [
                  p('We have disclosed, or will disclose, personal data about you to these recipients or categories of recipients, for whatever purpose:'),
                  bullets(distinct(n.recipients)),
                ]
              : [p('We have not disclosed personal data about you to any recipient, and we do not plan to.')]
            : n.recipients.length > 0
              ? [
                  p('In the past year we disclosed personal data about you to the following third parties for their direct marketing purposes:'),
                  bullets(distinct(n.recipients)),
                ]
              : [p('In the past year we did not disclose personal data about you to any third party for its direct marketing purposes.')]),
      ],
    }),
  },

  'partially-completed': {
    de: (n, w) => ({
      subject: `Anfrage teilweise ausgeführt: ${w.type(n.requestType)}`,
      blocks: [
        p('wir haben Ihre Anfrage teilweise ausgeführt.'),
        facts(['Anfrage', w.type(n.requestType)]),
        ...filedBy(n, 'de'),
        ...whenAny(n.systems, p('Das haben wir in den einzelnen Systemen getan:'), bullets(n.systems.map((s) => w.system(n.requestType, s)))),
        ...whenAny(
          n.failed,
          p('In diesen Systemen konnten wir Ihre Anfrage noch nicht ausführen:'),
          bullets(distinct(n.failed)),
          p('Wir arbeiten daran und schreiben Ihnen erneut, sobald Ihre Anfrage auch dort ausgeführt ist.'),
        ),
        ...whenAny(
          n.retained,
          p('Die folgenden Daten müssen wir aus rechtlichen Gründen aufbewahren:'),
          bullets(n.retained.map((r) => `${r.system}: ${r.reason} (Rechtsgrundlage: ${r.legalBasis})`)),
          p('Wir verwenden diese Daten nur noch für den genannten Zweck und löschen sie, sobald die Aufbewahrungspflicht endet.'),
        ),
        ...optInDone(n.requestType, 'de', w.controller.privacyContact),
        ...undo(n, 'de', w.controller.privacyContact),
        w.remedies(n.jurisdiction),
      ],
    }),
    en: (n, w) => ({
      subject: `Request partly carried out: ${w.type(n.requestType)}`,
      blocks: [
        p('We have carried out part of your request.'),
        facts(['Request', w.type(n.requestType)]),
        ...filedBy(n, 'en'),
        ...whenAny(n.systems, p('What we did in each system:'), bullets(n.systems.map((s) => w.system(n.requestType, s)))),
        ...whenAny(
          n.failed,
          p('We could not yet carry out your request in these systems:'),
          bullets(distinct(n.failed)),
          p('We are working on it and will write to you again once your request has been carried out there too.'),
        ),
        ...whenAny(
          n.retained,
          p('We must keep the following data for legal reasons:'),
          bullets(n.retained.map((r) => `${r.system}: ${r.reason} (legal basis: ${r.legalBasis})`)),
          p('We use this data only for the purpose stated and delete it once the duty to keep it ends.'),
        ),
        ...optInDone(n.requestType, 'en', w.controller.privacyContact),
        ...undo(n, 'en', w.controller.privacyContact),
        w.remedies(n.jurisdiction),
      ],
    }),
  },

  extended: {
    de: (n, w) => ({
      subject: `Fristverlängerung für Ihre Anfrage: ${w.type(n.requestType)}`,
      blocks: [
        p('wir benötigen mehr Zeit, um Ihre Anfrage zu bearbeiten, und verlängern deshalb die Frist für unsere Antwort.'),
        facts(['Anfrage', w.type(n.requestType)], ['Neue Frist', w.date(n.newDueAt)], ['Grund', n.reason]),
        w.remedies(n.jurisdiction),
      ],
    }),
    en: (n, w) => ({
      subject: `We need more time for your request: ${w.type(n.requestType)}`,
      blocks: [
        p('We need more time to process your request and are therefore extending the deadline for our answer.'),
        facts(['Request', w.type(n.requestType)], ['New deadline', w.date(n.newDueAt)], ['Reason', n.reason]),
        w.remedies(n.jurisdiction),
      ],
    }),
  },

  denied: {
    de: (n, w) => ({
      subject: `Wir können Ihre Anfrage nicht ausführen: ${w.type(n.requestType)}`,
      blocks: [
        p('wir können Ihre Anfrage nicht ausführen.'),
        facts(['Anfrage', w.type(n.requestType)], ['Grund', w.denial(n.code)], ['Erläuterung', n.reason]),
        ...filedBy(n, 'de'),
        ...(n.code === 'unverified' ? [p('Sie können jederzeit eine neue Anfrage stellen.')] : []),
        w.remedies(n.jurisdiction),
      ],
    }),
    en: (n, w) => ({
      subject: `We cannot carry out your request: ${w.type(n.requestType)}`,
      blocks: [
        p('We cannot carry out your request.'),
        facts(['Request', w.type(n.requestType)], ['Ground', w.denial(n.code)], ['Reason', n.reason]),
        ...filedBy(n, 'en'),
        ...(n.code === 'unverified' ? [p('You may file a new request at any time.')] : []),
        w.remedies(n.jurisdiction),
      ],
    }),
  },

  cancelled: {
    de: (n, w) => ({
      subject: `Anfrage storniert: ${w.type(n.requestType)}`,
      blocks: [
        p(
          n.byAgent
            ? `Ihr bevollmächtigter Vertreter ${n.byAgent.name} hat die Anfrage zurückgezogen, die er für Sie gestellt hatte. Wir führen sie deshalb nicht weiter aus.`
            : 'Ihre Anfrage wurde storniert. Wir führen sie deshalb nicht weiter aus.',
        ),
        facts(['Anfrage', w.type(n.requestType)], ['Eingegangen am', w.date(n.receivedAt)], ['Geltendes Recht', w.law(n.jurisdiction)]),
        ...(n.byAgent ? [] : filedBy(n, 'de')),
        p(
          `Haben Sie das so gewollt, müssen Sie nichts tun. Andernfalls können Sie jederzeit eine neue Anfrage stellen oder uns unter ${w.controller.privacyContact} schreiben. Ihre Rechte bleiben davon unberührt.`,
        ),
      ],
    }),
    en: (n, w) => ({
      subject: `Request cancelled: ${w.type(n.requestType)}`,
      blocks: [
        p(
          n.byAgent
            ? `${n.byAgent.name}, your authorized agent, has withdrawn the request it filed for you. We will therefore not carry it out any further.`
            : 'Your request has been cancelled. We will therefore not carry it out any further.',
        ),
        facts(['Request', w.type(n.requestType)], ['Received on', w.date(n.receivedAt)], ['Applicable law', w.law(n.jurisdiction)]),
        ...(n.byAgent ? [] : filedBy(n, 'en')),
        p(
          `If this is what you wanted, there is nothing you need to do. If not, you may file a new request at any time or write to us at ${w.controller.privacyContact}; your rights under the ${w.law(n.jurisdiction)} are unaffected.`,
        ),
      ],
    }),
  },

  'export-ready': {
    de: (n, w) => ({
      subject: 'Ihre Daten stehen zum Herunterladen bereit',
      blocks: [
        p('die Kopie Ihrer Daten ist fertig. Sie erhalten sie als ZIP-Datei mit maschinenlesbaren JSON- und CSV-Dateien und einer Beschreibung des Inhalts.'),
        { kind: 'action', label: 'Daten herunterladen', url: n.downloadUrl },
        p(
          `Der Link ist bis ${w.dateTime(n.expiresAt)} gültig und erlaubt ${n.maxDownloads} Downloads: Er öffnet eine Seite, auf der Sie jeden Download mit einem Klick auf die Schaltfläche starten. Er ist nur für Sie bestimmt; bitte leiten Sie diese E-Mail nicht weiter.`,
        ),
      ],
    }),
    en: (n, w) => ({
      subject: 'Your data is ready to download',
      blocks: [
        p('The copy of your data is ready. It is a ZIP file with machine-readable JSON and CSV files and a description of its contents.'),
        { kind: 'action', label: 'Download your data', url: n.downloadUrl },
        p(
          `The link is valid until ${w.dateTime(n.expiresAt)} and gives ${n.maxDownloads} downloads: it opens a page where each download starts with a click on the button. It is meant for you alone; please do not forward this email.`,
        ),
      ],
    }),
  },

  'policy-changed': {
    de: (n, w) => ({
      subject: 'Wir haben unsere Datenschutzerklärung geändert',
      blocks: [
        p(`wir haben unsere Datenschutzerklärung geändert. Die neue Fassung gilt ab dem ${w.date(n.effectiveAt)}.`),
        facts(['Version', n.version], ['Gültig ab', w.date(n.effectiveAt)]),
        p('Das Wichtigste in Kürze:'),
        p(n.summary),
        { kind: 'action', label: 'Datenschutzerklärung lesen', url: n.url },
        p('Sie erhalten diese E-Mail, weil die Änderung die Verarbeitung Ihrer Daten betrifft.'),
      ],
    }),
    en: (n, w) => ({
      subject: 'We have updated our privacy policy',
      blocks: [
        p(`We have updated our privacy policy. The new version takes effect on ${w.date(n.effectiveAt)}.`),
        facts(['Version', n.version], ['Effective from', w.date(n.effectiveAt)]),
        p('What changes, in brief:'),
        p(n.summary),
        { kind: 'action', label: 'Read the privacy policy', url: n.url },
        p('You receive this email because the change affects how we process your data.'),
      ],
    }),
  },

  'task-opened': {
    de: (n, w) => ({
      subject: `Aufgabe für ${n.system}: ${TASK_ACTION_WORDS[n.action].de} bis ${w.dateTime(n.dueAt)}`,
      blocks: [
        p(
          `eine Betroffenenanfrage braucht Ihren Teil in ${n.system}. Das System wird von Hand bearbeitet; bitte erledigen Sie die Aufgabe und melden Sie das Ergebnis.`,
        ),
        facts(
          ['Anfrage', n.requestId],
          ['Aufgabe', n.taskId],
          ['System', n.system],
          ['Zu tun', TASK_ACTION_WORDS[n.action].de],
          ...(n.categories?.length ? [['Datenkategorien', n.categories.join(', ')] as const] : []),
          ...(n.purposes?.length ? [['Zwecke', n.purposes.join(', ')] as const] : []),
          ['Zu melden bis', w.dateTime(n.dueAt)],
        ),
        p('So gehen Sie vor (aus der Registrierung des Systems):'),
        p(n.instructions),
        p(
          `Diese E-Mail nennt keine Person. Wen die Anfrage betrifft, lesen Sie in der Anfrage über die API (GET /v1/requests/${n.requestId}, mit dem API-Schlüssel oder IAM).`,
        ),
        p(
          `Melden Sie das Ergebnis mit POST ${n.reportTo} (mit dem API-Schlüssel im Header x-api-key oder IAM) und einem JSON-Inhalt wie ${REPORT_EXAMPLE}. Ergebnis ist done, not-found, retained (mit den Regeln, die die Daten halten) oder failed (mit einem Fehler). Ohne Meldung bis zur Frist gilt die Aufgabe als fehlgeschlagen.`,
        ),
      ],
    }),
    en: (n, w) => ({
      subject: `Task for ${n.system}: ${TASK_ACTION_WORDS[n.action].en} by ${w.dateTime(n.dueAt)}`,
      blocks: [
        p(`A data-subject request needs your part in ${n.system}. The system is worked by hand: please carry out the task and report the result.`),
        facts(
          ['Request', n.requestId],
          ['Task', n.taskId],
          ['System', n.system],
          ['To do', TASK_ACTION_WORDS[n.action].en],
          ...(n.categories?.length ? [['Categories of data', n.categories.join(', ')] as const] : []),
          ...(n.purposes?.length ? [['Purposes', n.purposes.join(', ')] as const] : []),
          ['Report by', w.dateTime(n.dueAt)],
        ),
        p("How to do it (from the system's registration):"),
        p(n.instructions),
        p(
          `This mail names no person. Whom the request concerns is in the request, read through the API (GET /v1/requests/${n.requestId}, with the API key or IAM).`,
        ),
        p(
          `Report the result with POST ${n.reportTo} (with the API key in the x-api-key header, or IAM) and a JSON body such as ${REPORT_EXAMPLE}. The outcome is done, not-found, retained (with the rules that keep the data) or failed (with an error). A task not reported by its deadline counts as failed.`,
        ),
      ],
    }),
  },
  'objection-stopped': objectionStopped,
};

/** What a task asks of a system, as a contact reads it. */
const TASK_ACTION_WORDS: Record<TaskAction, Record<Locale, string>> = {
  export: { de: 'die Daten der Person exportieren', en: "export the person's data" },
  delete: { de: 'die Daten der Person löschen', en: "delete the person's data" },
  anonymise: { de: 'die Daten der Person anonymisieren', en: "anonymise the person's data" },
  'stop-processing': { de: 'die Verarbeitung für die genannten Zwecke beenden', en: 'stop processing for the purposes concerned' },
  'opt-out-of-sale': { de: 'den Widerspruch gegen Verkauf und Weitergabe vermerken', en: 'record the opt-out of sale and sharing' },
  'opt-in-to-sale': {
    de: 'den Widerspruch gegen Verkauf und Weitergabe aufheben (die Person hat wieder eingewilligt)',
    en: 'lift the opt-out of sale and sharing (the person opted in again)',
  },
};

/** The report's body, the same in every language: JSON is not translated. */
const REPORT_EXAMPLE = '{"outcome": "done", "records": 3}';

function frameFor(locale: Locale, controller: ControllerInfo): Frame {
  return locale === 'de'
    ? {
        locale,
        greeting: 'Guten Tag,',
        closing: ['Mit freundlichen Grüßen', 'Ihr Datenschutzteam', controller.name],
        footer: [
          `${controller.name}, ${controller.postalAddress} · Fragen zum Datenschutz: ${controller.privacyContact}`,
          'Diese E-Mail ist eine Servicenachricht zum Datenschutz und enthält keine Werbung.',
        ],
        privacyNotice: { label: 'Datenschutzhinweise', url: controller.privacyNoticeUrl },
        buttonFallback: 'Falls die Schaltfläche nicht funktioniert, öffnen Sie diese Adresse:',
      }
    : {
        locale,
        greeting: 'Hello,',
        closing: ['Kind regards,', 'The privacy team', controller.name],
        footer: [
          `${controller.name}, ${controller.postalAddress} · Privacy questions: ${controller.privacyContact}`,
          'This email is a privacy service message and contains no advertising.',
        ],
        privacyNotice: { label: 'Privacy notice', url: controller.privacyNoticeUrl },
        buttonFallback: 'If the button does not work, open this address:',
      };
}

/** The date formatters throw RangeError; a notice reports a date it cannot show as a NoticeError. */
function noticeDate(format: () => string): string {
  try {
    return format();
  } catch (error) {
    if (error instanceof RangeError) throw new NoticeError(`A notice date cannot be shown: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Where a subject may turn when they disagree with how their request was handled, per law and
 * language. GDPR: the supervisory authority and the courts (Art. 12(4), 77, 79). CCPA: a second look
 * by us (the appeal the controller offers through its privacy contact), the California agencies the
 * controller names (the CPPA, the Attorney General), and the promise of no discrimination
 * (Cal. Civ. Code § 1798.125). Neither cites the other law.
 */
const REMEDIES: Record<Jurisdiction, Record<Locale, (controller: ControllerInfo) => string>> = {
  gdpr: {
    de: (controller) =>
      `Sie haben das Recht, sich bei einer Datenschutz-Aufsichtsbehörde zu beschweren und einen gerichtlichen Rechtsbehelf einzulegen. Die für uns zuständige Aufsichtsbehörde ist:\n${authorityText(controller.authorities.gdpr, 'de')}`,
    en: (controller) =>
      `You have the right to lodge a complaint with a supervisory authority and to seek a judicial remedy. The supervisory authority responsible for us is:\n${authorityText(controller.authorities.gdpr, 'en')}`,
  },
  ccpa: {
    de: (controller) =>
      [
        `Wenn Sie mit unserer Entscheidung nicht einverstanden sind, antworten Sie auf diese E-Mail oder schreiben Sie an ${controller.privacyContact}; wir prüfen Ihre Anfrage dann erneut.`,
        `Wenn Sie meinen, dass wir Ihre Anfrage nicht so behandelt haben, wie es der California Consumer Privacy Act verlangt, können Sie sich außerdem wenden an:\n${authorityText(controller.authorities.ccpa, 'de')}`,
        'Wir benachteiligen Sie nicht dafür, dass Sie Ihre Rechte nach dem California Consumer Privacy Act ausüben (Cal. Civ. Code § 1798.125).',
      ].join('\n\n'),
    en: (controller) =>
      [
        `If you disagree with our decision, reply to this email or write to ${controller.privacyContact}, and we will review your request again.`,
        `If you believe we have not handled your request as the California Consumer Privacy Act requires, you may also contact:\n${authorityText(controller.authorities.ccpa, 'en')}`,
        'We will not discriminate against you for exercising your rights under the California Consumer Privacy Act (Cal. Civ. Code § 1798.125).',
      ].join('\n\n'),
  },
};

function wordsFor(locale: Locale, controller: ControllerInfo, requestTimeZone: string | undefined): Words {
  const timeZone = requestTimeZone ?? controller.timeZone ?? DEFAULT_TIME_ZONE;
  return {
    controller,
    date: (value) => noticeDate(() => formatDate(value, locale, timeZone)),
    dateTime: (value) => noticeDate(() => formatInstant(value, locale, timeZone)),
    type: (type) => REQUEST_TYPE_NAMES[type][locale],
    impersonal: (type) => IMPERSONAL_REQUEST_TYPE_NAMES[type][locale],
    law: (jurisdiction) => JURISDICTION_NAMES[jurisdiction][locale],
    denial: (code) => DENIAL_EXPLANATIONS[code][locale],
    system: (type, summary) => systemLine(type, summary, locale),
    remedies: (jurisdiction) => p(REMEDIES[jurisdiction][locale](controller)),
  };
}

/**
 * Renders `notice` for `locale` as subject, plain text and HTML, with times in `timeZone` (the
 * request's: the zone its deadlines are counted in; the controller's when the notice has no request).
 * Throws NoticeError when a date is malformed or a link is not an http(s) URL, so a broken notice is
 * never sent.
 */
export function renderNotice(notice: Notice, locale: Locale, controller: ControllerInfo, timeZone?: string): RenderedNotice {
  // TypeScript cannot correlate COPY[kind] with the narrowed notice; the Copy type guarantees the pairing.
  const write = COPY[notice.kind][locale] as (notice: Notice, words: Words) => Letter;
  return layOut(write(notice, wordsFor(locale, controller, timeZone)), frameFor(locale, controller));
}
