// The yearly accountability report: CCPA regulations §7102 metrics and, kept apart, the GDPR
// Art. 5(2) figures, computed from the stored month aggregates alone.
import { type Jurisdiction, type RequestType, typesFiledUnder } from '../domain/request-model.js';
import { RIGHTS_TABLE } from '../domain/rights-table.js';
import { capitalise, DENIAL_CODES, IMPERSONAL_REQUEST_TYPE_NAMES } from '../text/vocabulary.js';
import { type Counters, COUNTER, type Month } from './aggregates.js';
import { type DaysToRespond, daysToRespond, sumCounters } from './days-to-respond.js';

/** One month's counters for one law and request type, as stored. */
export interface MonthAggregate {
  month: Month;
  law: Jurisdiction;
  type: RequestType;
  counters: Counters;
}

/** Why requests were denied: the operators' denial codes, and requests whose confirmation never came. */
export const DENIAL_REASONS = [...DENIAL_CODES, 'not-confirmed'] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];

export const DENIAL_REASON_LABELS: Record<DenialReason, string> = {
  unverified: 'identity could not be verified',
  'manifestly-unfounded': 'manifestly unfounded',
  excessive: 'excessive or repetitive',
  exemption: 'an exemption applies',
  'no-data': 'no personal information held',
  'not-confirmed': 'the confirmation link was never used (request expired)',
};

export interface ReportFigures extends DaysToRespond {
  received: number;
  compliedInWhole: number;
  compliedInPart: number;
  /** Denied by an operator (any code) or expired unconfirmed. */
  denied: number;
  deniedByReason: Record<DenialReason, number>;
  /** Cancelled: withdrawn by the person or their filer, or closed by an operator without an answer. */
  withdrawn: number;
  /** Answered within the deadline in force (the extended one where extended). */
  answeredOnTime: number;
}

export interface ReportRow {
  key: string;
  label: string;
  /** The request types the row counts. */
  types: RequestType[];
  /** The provisions the requests rest on. */
  basis: string;
  figures: ReportFigures;
}

export interface CountingRule {
  figure: string;
  rule: string;
}

export interface RequestReport {
  year: number;
  /** Whether the year is over: a report for the current year is provisional. */
  complete: boolean;
  ccpa: {
    title: string;
    /** §7102's three categories. */
    rows: ReportRow[];
    /** CCPA-jurisdiction requests §7102 does not ask about, per type. */
    notCounted: ReportRow[];
  };
  gdpr: {
    title: string;
    /** One row per request type filed under the GDPR. */
    rows: ReportRow[];
  };
  counting: CountingRule[];
}

/** How each CCPA request type counts under §7102; a type in no category is reported apart as not counted. */
export const CCPA_CATEGORIES: readonly { key: 'know' | 'delete' | 'opt-out'; label: string; types: RequestType[]; basis: string }[] = [
  {
    key: 'know',
    label: 'Requests to know',
    types: ['access', 'portability'],
    basis: 'Cal. Civ. Code 1798.100, 1798.110, 1798.130(a)(3)',
  },
  { key: 'delete', label: 'Requests to delete', types: ['deletion'], basis: 'Cal. Civ. Code 1798.105' },
  {
    key: 'opt-out',
    label: 'Requests to opt out of sale or sharing (and to limit)',
    types: ['sale-opt-out', 'objection', 'consent-withdrawal'],
    basis: 'Cal. Civ. Code 1798.120, 1798.121, 1798.135',
  },
];

/**
 * Types filed under the CCPA but outside §7102: Shine the Light (Civ. Code 1798.83), CAN-SPAM
 * unsubscribes and opt-ins back to sale.
 */
export const CCPA_NOT_COUNTED: readonly RequestType[] = typesFiledUnder('ccpa').filter((type) => !CCPA_CATEGORIES.some((c) => c.types.includes(type)));

/** How each figure is counted: served with every form of the report. */
export const COUNTING_RULES: readonly CountingRule[] = [
  {
    figure: 'received',
    rule: "Requests whose day of receipt (the day the clock starts, in the controller's time zone for that law) falls in the year, whatever happened to them later; a duplicate filing answered with the open request is not a new request.",
  },
  {
    figure: 'complied with in whole',
    rule: 'Requests closed in the year as completed: every system did what was asked, or kept data only where a law requires it.',
  },
  {
    figure: 'complied with in part',
    rule: 'Requests closed in the year as partially completed: at least one system could not do what was asked.',
  },
  {
    figure: 'denied',
    rule: 'Requests closed in the year as denied by an operator (by the code the denial gave), plus requests that expired in the year because the person never used the confirmation link (reason: not confirmed).',
  },
  {
    figure: 'withdrawn',
    rule: 'Requests cancelled in the year; they are neither complied with nor denied.',
  },
  {
    figure: 'median and mean days to respond',
    rule: "Over the requests complied with in whole or in part or denied by an operator in the year: whole calendar days from the day of receipt to the day of the answer, both in the controller's time zone for that law. Expired and withdrawn requests got no substantive answer and are left out. Both figures are exact (from a count of answers per whole day); a median past 365 days is reported only as at least that.",
  },
  {
    figure: 'answered on time',
    rule: 'Answers given on or before the deadline in force that day (the extended deadline where the request was extended).',
  },
  {
    figure: 'year',
    rule: 'Each figure is counted in the year its event happened: receipt in the year of receipt, an answer in the year of the answer. A request received in one year and answered in the next is received in the first and answered in the second. Figures come from aggregates kept as requests are filed and closed, so they stay the same after the request records are purged 24 months after closing.',
  },
];

function figuresOf(counters: Counters): ReportFigures {
  const count = (name: string) => counters[name] ?? 0;
  const deniedByReason = Object.fromEntries(DENIAL_REASONS.map((reason) => [reason, 0])) as Record<DenialReason, number>;
  for (const code of DENIAL_CODES) deniedByReason[code] = count(COUNTER.deniedFor(code));
  // A denial always carries a code; one without would count in the total only.
  deniedByReason['not-confirmed'] = count(COUNTER.closedAs('expired'));
  return {
    received: count(COUNTER.received),
    compliedInWhole: count(COUNTER.closedAs('completed')),
    compliedInPart: count(COUNTER.closedAs('partially-completed')),
    denied: count(COUNTER.closedAs('denied')) + count(COUNTER.closedAs('expired')),
    deniedByReason,
    withdrawn: count(COUNTER.closedAs('cancelled')),
    answeredOnTime: count(COUNTER.answeredOnTime),
    ...daysToRespond(counters),
  };
}

/** The counters of `law` and `types` over the months of `year`. */
function countersOf(aggregates: readonly MonthAggregate[], year: number, law: Jurisdiction, types: readonly RequestType[]): Counters {
  const prefix = `${year}-`;
  return aggregates
    .filter((a) => a.law === law && types.includes(a.type) && a.month.startsWith(prefix))
    .reduce<Counters>((sum, a) => sumCounters(sum, a.counters), {});
}

function basisOf(type: RequestType, law: Jurisdiction): string {
  return RIGHTS_TABLE.find((row) => row.type === type && row.jurisdiction === law)?.legalBasis ?? '';
}

function typeRow(aggregates: readonly MonthAggregate[], year: number, law: Jurisdiction, type: RequestType): ReportRow {
  return {
    key: type,
    label: capitalise(IMPERSONAL_REQUEST_TYPE_NAMES[type].en, 'en'),
    types: [type],
    basis: basisOf(type, law),
    figures: figuresOf(countersOf(aggregates, year, law, [type])),
  };
}

/**
 * The report for calendar `year` from the month aggregates (any months may be given; only the
 * year's are read). `now` says whether the year is over.
 */
export function requestReport(aggregates: readonly MonthAggregate[], year: number, now: Date): RequestReport {
  return {
    year,
    complete: now.getUTCFullYear() > year,
    ccpa: {
      title: 'CCPA: request metrics (Cal. Code Regs. tit. 11, § 7102)',
      rows: CCPA_CATEGORIES.map((category) => ({
        key: category.key,
        label: category.label,
        types: [...category.types],
        basis: category.basis,
        figures: figuresOf(countersOf(aggregates, year, 'ccpa', category.types)),
      })),
      notCounted: CCPA_NOT_COUNTED.map((type) => typeRow(aggregates, year, 'ccpa', type)),
    },
    gdpr: {
      title: 'GDPR: data-subject requests, as evidence of compliance (Art. 5(2), Art. 12)',
      rows: typesFiledUnder('gdpr').map((type) => typeRow(aggregates, year, 'gdpr', type)),
    },
    counting: [...COUNTING_RULES],
  };
}
