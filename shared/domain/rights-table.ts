// Every right × jurisdiction the API accepts, in one typed table: what the law gives, what
// privacy-ops does, where, how fast and what the subject is told. docs/rights.md is written from
// it (`npm run rights-table`) and the tests walk it against the filing rules, the deadline engine,
// the planner and the notice catalogue, so a change in any of them shows up as a changed table.
import type { SystemAction } from '../fulfilment/model.js';
import type { NoticeKind } from '../notices/catalogue.js';
import { JURISDICTIONS, type Jurisdiction, type RequestType, typesFiledUnder } from './request-model.js';
import type { VerificationLevel } from './verification-policy.js';

/** A length of time as the deadline engine counts it from the day of receipt. */
export type Period = { months: number } | { days: number } | { businessDays: number };

/** Which systems of the inventory a request reaches when its scope names none. */
export type Reach =
  | { kind: 'action'; action: SystemAction }
  | { kind: 'erasure' }
  | { kind: 'purposes'; purposes: readonly string[] }
  | { kind: 'objection'; purposes: readonly string[] }
  | { kind: 'sells-or-shares' }
  | { kind: 'inventory-only' };

export interface RightDeadline {
  /** When the answer is due, counted from the day of receipt. */
  due: Period;
  /** When receipt must be confirmed, where the law sets a separate time. */
  acknowledge?: Period;
  /** The latest answer once extended, counted from receipt; absent where the law allows no extension. */
  extendedTo?: Period;
  /** Whether a date on a weekend or public holiday moves to the next working day. */
  rollsToWorkingDay: boolean;
  /** The provision the deadline engine names as the basis (`deadlineBasis`). */
  source: string;
}

export interface RightRow {
  type: RequestType;
  jurisdiction: Jurisdiction;
  /** The provision that gives the right. */
  legalBasis: string;
  /** What privacy-ops does once the request is verified. */
  does: string;
  /** The systems it reaches when the request names no scope. */
  reach: Reach;
  verification: VerificationLevel;
  deadline: RightDeadline;
  /** A different deadline for requests with another scope (a GDPR objection to more than direct marketing). */
  otherScope?: {
    when: string;
    scope: { systems?: readonly string[]; purposes?: readonly string[] };
    deadline: RightDeadline;
    /** The verification that scope needs, where it differs from the row's. */
    verification?: VerificationLevel;
  };
  /** The notices the subject can get for it, in the order they come. */
  notices: readonly NoticeKind[];
  /** Where what the code does falls short of what the law asks; shown in the table, never hidden. */
  gap?: string;
  /** Where the law leaves a choice: what privacy-ops chose, and the provisions it rests on. */
  choice?: string;
}

const GDPR_PERIOD: RightDeadline = {
  due: { months: 1 },
  extendedTo: { months: 3 },
  rollsToWorkingDay: true,
  source: 'GDPR Art. 12(3): one month, extendable by two further months',
};

const CCPA_KNOW_OR_DELETE: RightDeadline = {
  acknowledge: { businessDays: 10 },
  due: { days: 45 },
  extendedTo: { days: 90 },
  rollsToWorkingDay: false,
  source: 'Cal. Civ. Code 1798.130(a)(2); 11 CCR 7021: confirm in 10 business days, answer in 45 days, once extendable to 90',
};

/** Rights that take effect without delay: the next working day, nothing to extend. */
const gdprWithoutDelay = (source: string): RightDeadline => ({ due: { businessDays: 1 }, rollsToWorkingDay: true, source });

const GDPR_CONSENT_WITHDRAWAL = gdprWithoutDelay('GDPR Art. 7(3): a withdrawal of consent takes effect without delay; due the next working day, no extension');
const GDPR_MARKETING_OBJECTION = gdprWithoutDelay(
  'GDPR Art. 21(2)-(3): an objection to direct marketing takes effect without delay; due the next working day, no extension',
);
const GDPR_SALE_OPT_OUT = gdprWithoutDelay(
  'GDPR Art. 7(3), 21(3): opting out of a sale or sharing withdraws the consent to it, or objects to it for direct marketing, and takes effect without delay; due the next working day, no extension',
);

const CCPA_OPT_OUT: RightDeadline = {
  due: { businessDays: 15 },
  rollsToWorkingDay: false,
  source: '11 CCR 7026(f)(1): act on a request to opt out of sale or sharing within 15 business days',
};

const CCPA_OPT_IN: RightDeadline = {
  due: { businessDays: 15 },
  rollsToWorkingDay: false,
  source: '11 CCR 7028(a): a two-step opt-in, with no time of its own; held to the 15 business days of an opt-out (11 CCR 7026(f)(1))',
};

const CCPA_LIMIT: RightDeadline = { ...CCPA_OPT_OUT, source: '11 CCR 7026(f)(1), 7027(g)(1): act on an opt-out or a request to limit within 15 business days' };

/**
 * The notices a request can bring, from what it asks: a confirmation link where it must be
 * verified (and the lock after five wrong answers where identity questions are asked), the
 * download where it exports, the extension where the law allows one, and every ending.
 */
function noticesOf(verification: VerificationLevel, options: { exports?: boolean; extension: boolean }): NoticeKind[] {
  return [
    ...(verification === 'none' ? [] : (['verify-request', 'verified', 'expired'] as const)),
    ...(verification === 'email+knowledge' ? (['locked'] as const) : []),
    ...(options.extension ? (['extended'] as const) : []),
    ...(options.exports ? (['export-ready'] as const) : []),
    'completed',
    'partially-completed',
    'denied',
    'cancelled',
  ];
}

/** What the answer to a request carried out as filed adds: the subject did not confirm it, so it says how to undo it. */
const UNDO = ' The answer says what was done and, should the subject not have asked for it, how to undo it.';

/** One row per request type × jurisdiction the API accepts (all of them), GDPR first. */
export const RIGHTS_TABLE: readonly RightRow[] = [
  {
    type: 'access',
    jurisdiction: 'gdpr',
    legalBasis: 'GDPR Art. 15',
    does: 'Exports what every system holds on the subject into one bundle and mails a download link; `scope.access: categories` answers with the categories only.',
    reach: { kind: 'action', action: 'export' },
    verification: 'email+knowledge',
    deadline: GDPR_PERIOD,
    notices: noticesOf('email+knowledge', { exports: true, extension: true }),
  },
  {
    type: 'portability',
    jurisdiction: 'gdpr',
    legalBasis: 'GDPR Art. 20',
    does: 'Exports what every system holds in a structured, machine-readable bundle (JSON per system) and mails a download link.',
    reach: { kind: 'action', action: 'export' },
    verification: 'email+knowledge',
    deadline: GDPR_PERIOD,
    notices: noticesOf('email+knowledge', { exports: true, extension: true }),
  },
  {
    type: 'deletion',
    jurisdiction: 'gdpr',
    legalBasis: 'GDPR Art. 17',
    does: 'Deletes (or anonymises) the subject in every system, counts what a retention rule keeps and names its legal basis, and adds an `erased` suppression entry.',
    reach: { kind: 'erasure' },
    verification: 'email+knowledge',
    deadline: GDPR_PERIOD,
    notices: noticesOf('email+knowledge', { extension: true }),
  },
  {
    type: 'objection',
    jurisdiction: 'gdpr',
    legalBasis: 'GDPR Art. 21 (direct marketing absolutely, Art. 21(3))',
    does: `An objection to direct marketing only, where every system it reaches stops (none deletes), is carried out at once, with no confirmation link (Art. 12(6): no doubt to resolve; it stops marketing and discloses nothing). One to direct marketing that also reaches a system deleting on objection is carried out in two parts: the stop at once, with no link (suppression, and every marketing system stops; the subject is told once, \`objection-stopped\`), and the deletion only once the subject confirms the emailed link (Art. 17(1)(c); Art. 5(1)(f), 32: a stranger must not cause a deletion), answered with one closing mail. One naming a system or another purpose (Art. 21(1): weighed, not absolute) waits for the emailed link as a whole. Each system the scope reaches does what it declares (stop, delete, or not applicable with its reason); an objection to marketing also suppresses the address; refused at filing when it would change nothing.${UNDO}`,
    reach: { kind: 'objection', purposes: ['marketing'] },
    verification: 'none',
    deadline: GDPR_MARKETING_OBJECTION,
    otherScope: {
      when: 'naming a system, or a purpose other than direct marketing',
      scope: { systems: ['live-chat'] },
      deadline: GDPR_PERIOD,
      verification: 'email',
    },
    notices: [...noticesOf('email', { extension: true }), 'objection-stopped'],
    choice:
      'An objection to direct marketing that reaches a system which deletes on objection (`npm start -- --ad-audiences`) has two clocks. The stop is absolute and immediate (Art. 21(3)): it is carried out at filing and shown as `stopBy`, the next working day, flagged `stopOverdue` and listed by the sweep when it is not done by then. The deletion is an erasure the objection gives a right to (Art. 17(1)(c)); like every request under Articles 15 to 22 it is answered within one month of receipt, extendable by two further months (Art. 12(3)): that is `dueAt`, so the request is never overdue while the subject has not confirmed. The answer tells what the stop and the deletion did ([ADR 0030](adr/0030-an-objection-that-stops-then-erases.md)).',
  },
  {
    type: 'consent-withdrawal',
    jurisdiction: 'gdpr',
    legalBasis: 'GDPR Art. 7(3)',
    does: `Carried out at once, with no confirmation link (withdrawing is as easy as consenting, Art. 7(3); Art. 12(6)): stops processing in every system serving a withdrawn purpose (marketing when none is named), records the withdrawal in the consent register, and suppresses the address when marketing is withdrawn.${UNDO}`,
    reach: { kind: 'purposes', purposes: ['marketing'] },
    verification: 'none',
    deadline: GDPR_CONSENT_WITHDRAWAL,
    notices: noticesOf('none', { extension: false }),
  },
  {
    type: 'sale-opt-out',
    jurisdiction: 'gdpr',
    legalBasis:
      'No right of this name; carried out as a withdrawal of consent to the disclosure (Art. 7(3)) or an objection to it for direct marketing (Art. 21(3))',
    does: `Carried out at once, with no confirmation link: opts the subject out of sale and sharing in every system that sells or shares data, and records it in the consent register.${UNDO}`,
    reach: { kind: 'sells-or-shares' },
    verification: 'none',
    deadline: GDPR_SALE_OPT_OUT,
    notices: noticesOf('none', { extension: false }),
    choice:
      'The GDPR has no opt-out of sale, and so no deadline of its own. A disclosure of personal data for value rests on consent (Art. 6(1)(a)) or on a legitimate interest in direct marketing; opting out of it withdraws the one (Art. 7(3): at any time, as easily as given) or objects to the other (Art. 21(3): absolute). privacy-ops holds it to the deadline of those rights, the next working day with no extension, rather than the month Art. 12(3) allows at most for acting on a request: the opt-out is carried out at filing, and a disclosure resting on a legitimate interest of another kind (Art. 21(1)) is not what a sale is.',
  },
  {
    type: 'marketing-opt-out',
    jurisdiction: 'gdpr',
    legalBasis: 'GDPR Art. 21(2)–(3); § 7(3) UWG for email advertising',
    does: `Carried out at once, with no confirmation link (Art. 21(3), 12(6)): stops processing in every system serving marketing and puts the address on the suppression list.${UNDO}`,
    reach: { kind: 'purposes', purposes: ['marketing'] },
    verification: 'none',
    deadline: GDPR_MARKETING_OBJECTION,
    notices: noticesOf('none', { extension: false }),
  },
  {
    type: 'third-party-disclosure',
    jurisdiction: 'gdpr',
    legalBasis: 'GDPR Art. 15(1)(c) (recipients)',
    does: 'Answers with the recipients or categories of recipients of any purpose, with no time limit: those every system in the inventory declares (`recipients`, and `marketingRecipients`), and every disclosure the disclosure register holds, of any year; no system is asked.',
    reach: { kind: 'inventory-only' },
    verification: 'email',
    deadline: GDPR_PERIOD,
    notices: noticesOf('email', { extension: true }),
  },
  {
    type: 'access',
    jurisdiction: 'ccpa',
    legalBasis: 'Cal. Civ. Code 1798.100, 1798.110 (right to know)',
    does: 'Exports what every system holds into one bundle and mails a download link; `scope.access: categories` answers with the categories only.',
    reach: { kind: 'action', action: 'export' },
    verification: 'email+knowledge',
    deadline: CCPA_KNOW_OR_DELETE,
    notices: noticesOf('email+knowledge', { exports: true, extension: true }),
  },
  {
    type: 'portability',
    jurisdiction: 'ccpa',
    legalBasis: 'Cal. Civ. Code 1798.100(d), 1798.130(a)(3)(B)(iii) (portable format)',
    does: 'Exports what every system holds in a portable, machine-readable bundle and mails a download link.',
    reach: { kind: 'action', action: 'export' },
    verification: 'email+knowledge',
    deadline: CCPA_KNOW_OR_DELETE,
    notices: noticesOf('email+knowledge', { exports: true, extension: true }),
  },
  {
    type: 'deletion',
    jurisdiction: 'ccpa',
    legalBasis: 'Cal. Civ. Code 1798.105',
    does: 'Deletes (or anonymises) the subject in every system, counts what a retention rule keeps and names its legal basis, and adds an `erased` suppression entry.',
    reach: { kind: 'erasure' },
    verification: 'email+knowledge',
    deadline: CCPA_KNOW_OR_DELETE,
    notices: noticesOf('email+knowledge', { extension: true }),
  },
  {
    type: 'objection',
    jurisdiction: 'ccpa',
    legalBasis: 'No general objection; carried out as an opt-out of sharing (1798.120) or a limit on sensitive data (1798.121)',
    does: `Does in each system the scope reaches what the system declares (stop, delete, or not applicable with its reason); an objection to marketing also suppresses the address. Where every system reached stops (an opt-out or limit in substance, 11 CCR 7026(d)), it is carried out at once, with no confirmation link.${UNDO} Where any system reached deletes on objection (live-chat transcripts), it is a deletion in substance and waits for the emailed link (1798.105; 11 CCR 7062(a)): nothing is deleted before the subject confirms.`,
    reach: { kind: 'objection', purposes: ['marketing'] },
    verification: 'none',
    deadline: CCPA_LIMIT,
    otherScope: {
      when: 'reaching a system that deletes on objection',
      scope: { systems: ['live-chat'] },
      deadline: CCPA_LIMIT,
      verification: 'email',
    },
    notices: noticesOf('email', { extension: false }),
    choice:
      'The CCPA has no general objection; privacy-ops carries one out as an opt-out of sharing or a limit on use where it stops, which 11 CCR 7026(d) and 7027(f) forbid verifying. A system may declare that an objection deletes its data: that is a request to delete (1798.105), which a business carries out only once it has verified the requester to a reasonable degree of certainty (11 CCR 7062(a)). privacy-ops asks for the emailed link there, as for a GDPR objection that deletes: the request discloses nothing and deletes only what the system declares, and the link proves control of the address the records are filed under. The deadline stays the 15 business days of an opt-out, shorter than the 45 days of a deletion, so the date shown is on time under either reading.',
  },
  {
    type: 'consent-withdrawal',
    jurisdiction: 'ccpa',
    legalBasis: 'Cal. Civ. Code 1798.120, 1798.121; 11 CCR 7027',
    does: `Carried out at once, with no confirmation link: stops processing in every system serving a withdrawn purpose (marketing when none is named) and records the withdrawal in the consent register.${UNDO}`,
    reach: { kind: 'purposes', purposes: ['marketing'] },
    verification: 'none',
    deadline: CCPA_LIMIT,
    notices: noticesOf('none', { extension: false }),
  },
  {
    type: 'sale-opt-out',
    jurisdiction: 'ccpa',
    legalBasis: 'Cal. Civ. Code 1798.120, 1798.135; 11 CCR 7025 (GPC), 7026',
    does: `Opts the subject out of sale and sharing in every system that sells or shares data at once, with no confirmation, and records it in the consent register; a \`Sec-GPC: 1\` signal files one.${UNDO}`,
    reach: { kind: 'sells-or-shares' },
    verification: 'none',
    deadline: CCPA_OPT_OUT,
    notices: noticesOf('none', { extension: false }),
  },
  {
    type: 'sale-opt-in',
    jurisdiction: 'ccpa',
    legalBasis: 'Cal. Civ. Code 1798.120(c)-(d), 1798.135; 11 CCR 7028 (two-step opt-in)',
    does: 'Opts a person who opted out back in to the sale and sharing of their data once they confirm it: the request is the first step, the emailed link (which says what opting in means) the separate second one (11 CCR 7028(a)). Nothing changes before that. Then every system that sells or shares lifts its opt-out mark, the consent register records `sale-and-sharing: grant` with the request as source, counted from the confirmation, and the answer says how to opt out again.',
    reach: { kind: 'sells-or-shares' },
    verification: 'email',
    deadline: CCPA_OPT_IN,
    notices: noticesOf('email', { extension: false }),
    choice:
      'The CCPA sets no deadline for an opt-in; privacy-ops holds it to the 15 business days of an opt-out (11 CCR 7026(f)(1)), counted from receipt. The GDPR has no opt-in request: a sale or sharing rests on consent (Art. 6(1)(a)), which the person gives through `POST /v1/consents` (purpose `sale-and-sharing`, action `grant`); `POST /v1/requests` refuses `sale-opt-in` under `gdpr` with a `422` naming that route.',
  },
  {
    type: 'marketing-opt-out',
    jurisdiction: 'ccpa',
    legalBasis: 'CAN-SPAM, 15 U.S.C. 7704(a)(3)–(4)',
    does: `Carried out at once, with no confirmation link (16 CFR 316.5 allows asking for nothing beyond the address and one reply or page visit): stops processing in every system serving marketing and puts the address on the suppression list.${UNDO}`,
    reach: { kind: 'purposes', purposes: ['marketing'] },
    verification: 'none',
    deadline: {
      due: { businessDays: 10 },
      rollsToWorkingDay: false,
      source: 'CAN-SPAM, 15 U.S.C. 7704(a)(4): honour an unsubscribe within 10 business days',
    },
    notices: noticesOf('none', { extension: false }),
  },
  {
    type: 'third-party-disclosure',
    jurisdiction: 'ccpa',
    legalBasis: 'Cal. Civ. Code 1798.83 (“Shine the Light”)',
    does: 'Answers from the disclosure register: the third parties that received the subject’s data for their direct marketing in the calendar year before the request; no system is asked.',
    reach: { kind: 'inventory-only' },
    verification: 'email',
    deadline: { due: { days: 30 }, rollsToWorkingDay: false, source: 'Cal. Civ. Code 1798.83(b): answer within 30 days' },
    notices: noticesOf('email', { extension: false }),
  },
];

/** Every (type, jurisdiction) pair the API files (a sale opt-in under the CCPA only): the table must have exactly these. */
export const ACCEPTED_PAIRS: readonly [RequestType, Jurisdiction][] = JURISDICTIONS.flatMap((j) =>
  typesFiledUnder(j).map((t): [RequestType, Jurisdiction] => [t, j]),
);
