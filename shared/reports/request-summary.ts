// The summary behind the console's charts, from the stored aggregates: a few hundred counters read
// by key, whatever the number of requests.
import { addDays } from '../domain/deadlines.js';
import { JURISDICTIONS, REQUEST_TYPES, type Jurisdiction } from '../domain/request-model.js';
import { capitalise, IMPERSONAL_REQUEST_TYPE_NAMES } from '../text/vocabulary.js';
import { type Counters, COUNTER, type IsoWeek, isoWeekOf, isoWeekStart, type Month } from './aggregates.js';
import { daysToRespond, sumCounters } from './days-to-respond.js';
import type { MonthAggregate } from './request-report.js';

/** One ISO week's counters, as stored. */
export interface WeekAggregate {
  week: IsoWeek;
  counters: Counters;
}

/** What the summary is computed from. */
export interface SummaryAggregates {
  months: readonly MonthAggregate[];
  weeks: readonly WeekAggregate[];
  /** The all-time counters: received, closed, due, dueMet, closedLate. */
  totals: Counters;
}

export interface SummaryWindow {
  /** Weeks shown, the current one last. */
  weeks: number;
  /** Months shown, the current one last. */
  months: number;
}

export const DEFAULT_SUMMARY_WINDOW: SummaryWindow = { weeks: 26, months: 12 };

/**
 * How far past today the week counters are read: no deadline in force lies further ahead (the
 * longest is three months from receipt, and receipt is never in the future), so the open and
 * overdue counts going back from the all-time totals miss nothing.
 */
export const WEEKS_AHEAD = 30;

export const LAW_LABELS: Record<Jurisdiction, string> = { gdpr: 'GDPR', ccpa: 'CCPA' };

export interface ChartSeries {
  key: string;
  label: string;
  values: (number | null)[];
}

/** One chart's data: labels for its axis and each series, ready to hand to a charting library. */
export interface Chart {
  title: string;
  description: string;
  unit: 'requests' | 'share' | 'days';
  x: { label: string; values: string[] };
  series: ChartSeries[];
}

export interface RequestSummary {
  generatedAt: string;
  /** Requests open now (all-time received less closed). */
  openNow: number;
  receivedPerWeek: Chart;
  answeredOnTimePerMonth: Chart;
  medianDaysToClose: Chart;
  openAndOverdue: Chart;
}

/** The week `offset` weeks after `week`. */
export function shiftWeek(week: IsoWeek, offset: number): IsoWeek {
  return isoWeekOf(addDays(isoWeekStart(week), offset * 7));
}

function shiftMonth(month: Month, offset: number): Month {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(year, number - 1 + offset, 1));
  return d.toISOString().slice(0, 7);
}

/** The weeks and months whose aggregates the summary reads at `now`. */
export function summaryKeys(now: Date, window: SummaryWindow = DEFAULT_SUMMARY_WINDOW): { weeks: IsoWeek[]; months: Month[] } {
  const today = now.toISOString().slice(0, 10);
  const thisWeek = isoWeekOf(today);
  const thisMonth = today.slice(0, 7);
  return {
    weeks: Array.from({ length: window.weeks + WEEKS_AHEAD }, (_, i) => shiftWeek(thisWeek, i - window.weeks + 1)),
    months: Array.from({ length: window.months }, (_, i) => shiftMonth(thisMonth, i - window.months + 1)),
  };
}

const typeLabel = (type: (typeof REQUEST_TYPES)[number]) => capitalise(IMPERSONAL_REQUEST_TYPE_NAMES[type].en, 'en');
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/**
 * The summary at `now` over `window`: requests received per week by type; the share answered on
 * time per month, by law and overall; median days to respond by type and law over the months
 * shown; open and overdue requests at the end of each week before the current one.
 */
export function requestSummary(aggregates: SummaryAggregates, now: Date, window: SummaryWindow = DEFAULT_SUMMARY_WINDOW): RequestSummary {
  const keys = summaryKeys(now, window);
  const shownWeeks = keys.weeks.slice(0, window.weeks);
  const weekCounters = new Map(aggregates.weeks.map((w) => [w.week, w.counters]));
  const inWeek = (week: IsoWeek, counter: string) => weekCounters.get(week)?.[counter] ?? 0;
  const months = keys.months;
  const shownMonths = new Set(months);
  const monthRows = aggregates.months.filter((m) => shownMonths.has(m.month));

  const receivedPerWeek: Chart = {
    title: 'Requests received per week',
    description: 'Requests by the ISO week of their day of receipt, both laws together, one series per request type.',
    unit: 'requests',
    x: { label: 'ISO week', values: shownWeeks },
    series: REQUEST_TYPES.map((type) => ({
      key: type,
      label: typeLabel(type),
      values: shownWeeks.map((week) => JURISDICTIONS.reduce((sum, law) => sum + inWeek(week, COUNTER.receivedAs(law, type)), 0)),
    })),
  };

  const answeredIn = (month: Month, laws: readonly Jurisdiction[]) =>
    monthRows.filter((m) => m.month === month && laws.includes(m.law)).reduce<Counters>((sum, m) => sumCounters(sum, m.counters), {});
  const onTimeShare = (laws: readonly Jurisdiction[]) =>
    months.map((month) => {
      const counters = answeredIn(month, laws);
      return share(counters[COUNTER.answeredOnTime] ?? 0, counters[COUNTER.answered] ?? 0);
    });
  const answeredOnTimePerMonth: Chart = {
    title: 'Share of requests answered on time, per month',
    description:
      'Of the requests answered in the month (complied with in whole or in part, or denied), the share answered on or before the deadline in force; null where none was answered.',
    unit: 'share',
    x: { label: 'Month', values: months },
    series: [
      { key: 'all', label: 'Both laws', values: onTimeShare(JURISDICTIONS) },
      ...JURISDICTIONS.map((law) => ({ key: law, label: LAW_LABELS[law], values: onTimeShare([law]) })),
    ],
  };

  const medianDaysToClose: Chart = {
    title: 'Median days to respond, by request type and law',
    description: `Whole calendar days from receipt to answer, over the requests answered from ${months[0]} to ${months.at(-1)}; null where none was answered (or, rarely, where the median lies past 365 days).`,
    unit: 'days',
    x: { label: 'Request type', values: REQUEST_TYPES.map(typeLabel) },
    series: JURISDICTIONS.map((law) => ({
      key: law,
      label: LAW_LABELS[law],
      values: REQUEST_TYPES.map(
        (type) =>
          daysToRespond(monthRows.filter((m) => m.law === law && m.type === type).reduce<Counters>((sum, m) => sumCounters(sum, m.counters), {})).medianDays,
      ),
    })),
  };

  // Going back from the all-time totals: what happened after a week is taken off what is true now.
  const totals = (counter: string) => aggregates.totals[counter] ?? 0;
  const receivedInWeek = (week: IsoWeek) =>
    REQUEST_TYPES.reduce((sum, type) => sum + JURISDICTIONS.reduce((s, law) => s + inWeek(week, COUNTER.receivedAs(law, type)), 0), 0);
  const closedWeeks = shownWeeks.slice(0, -1);
  const open: number[] = [];
  const overdue: number[] = [];
  let openAfter = 0;
  let overdueAfter = 0;
  for (let i = keys.weeks.length - 1; i >= 0; i--) {
    const week = keys.weeks[i]!;
    if (i < closedWeeks.length) {
      open.unshift(totals(COUNTER.received) - totals(COUNTER.closed) - openAfter);
      overdue.unshift(totals(COUNTER.due) - totals(COUNTER.dueMet) - totals(COUNTER.closedLate) - overdueAfter);
    }
    openAfter += receivedInWeek(week) - inWeek(week, COUNTER.closed);
    overdueAfter += inWeek(week, COUNTER.due) - inWeek(week, COUNTER.dueMet) - inWeek(week, COUNTER.closedLate);
  }
  const openAndOverdue: Chart = {
    title: 'Open and overdue requests at the end of each week',
    description: 'Requests not yet closed at the end of the week (Sunday), and of those the ones past the deadline in force; up to the last full week.',
    unit: 'requests',
    x: { label: 'ISO week', values: closedWeeks },
    series: [
      { key: 'open', label: 'Open', values: open },
      { key: 'overdue', label: 'Overdue', values: overdue },
    ],
  };

  return {
    generatedAt: now.toISOString(),
    openNow: totals(COUNTER.received) - totals(COUNTER.closed),
    receivedPerWeek,
    answeredOnTimePerMonth,
    medianDaysToClose,
    openAndOverdue,
  };
}
