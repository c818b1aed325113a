// Median and mean days to respond from the stored histogram of whole days: exact, not estimated.
import { type Counters, COUNTER, HISTOGRAM_MAX_DAYS } from './aggregates.js';

export interface DaysToRespond {
  /** Requests answered (complied with in whole or in part, or denied). */
  answered: number;
  /** The median of their whole days to respond; null when none was answered, or when it lies past the histogram. */
  medianDays: number | null;
  /** Set instead of a median that lies past the histogram: the median is at least this many days. */
  medianAtLeastDays?: number;
  /** The mean, to one decimal; null when none was answered. */
  meanDays: number | null;
}

/** Adds counters into `into` (summing months, types or laws). */
export function sumCounters(into: Counters, from: Counters): Counters {
  for (const [counter, amount] of Object.entries(from)) into[counter] = (into[counter] ?? 0) + amount;
  return into;
}

/**
 * The median and mean of the days to respond held in `counters` (`answered`, `daysTotal` and one
 * `days.<n>` count per whole number of days, `days.over` past HISTOGRAM_MAX_DAYS). The histogram is
 * the exact multiset of the answers' whole days, so the median is exact: the middle value, or the
 * mean of the two middle values for an even count. The mean is the exact total over the count.
 */
export function daysToRespond(counters: Counters): DaysToRespond {
  const answered = counters[COUNTER.answered] ?? 0;
  if (answered <= 0) return { answered: 0, medianDays: null, meanDays: null };
  const meanDays = Math.round(((counters[COUNTER.daysTotal] ?? 0) / answered) * 10) / 10;
  const lowRank = Math.floor((answered + 1) / 2);
  const highRank = Math.floor(answered / 2) + 1;
  let low: number | undefined;
  let high: number | undefined;
  let seen = 0;
  for (let days = 0; days <= HISTOGRAM_MAX_DAYS && high === undefined; days++) {
    seen += counters[COUNTER.days(days)] ?? 0;
    if (low === undefined && seen >= lowRank) low = days;
    if (seen >= highRank) high = days;
  }
  // For an odd count both ranks are the middle one.
  const upper = answered % 2 === 1 ? low : high;
  if (low === undefined || upper === undefined) {
    // Past the histogram a value is only known to exceed it.
    const atLeast = ((low ?? HISTOGRAM_MAX_DAYS + 1) + HISTOGRAM_MAX_DAYS + 1) / 2;
    return { answered, medianDays: null, medianAtLeastDays: atLeast, meanDays };
  }
  return { answered, medianDays: (low + upper) / 2, meanDays };
}
