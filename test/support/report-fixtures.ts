// Report aggregates as the request store would hold them after given requests were written (each
// counted once, by the same aggregateDelta the store's transactions apply), for tests of the
// requests report, its forms and its page.
import type { Jurisdiction } from '../../shared/domain/request-model.js';
import { monthAggregatesOf } from '../../shared/reports/aggregate-store.js';
import { aggregateDelta, type Counters } from '../../shared/reports/aggregates.js';
import { type MonthAggregate, type RequestReport, requestReport } from '../../shared/reports/request-report.js';
import type { RequestRecord } from '../../shared/requests/record.js';

const MONTH_ID = 'report#month#';

/** What a CCPA request received on 2026-02-02 in Los Angeles carries (due 2026-03-19): spread into `requestRecord`'s extra. */
export const CCPA_FILED_2026_02_02 = {
  jurisdiction: 'ccpa' as Jurisdiction,
  deadlines: { timeZone: 'America/Los_Angeles', receivedOn: '2026-02-02', dueAt: '2026-03-19', basis: '', extended: false },
  dueAt: '2026-03-19',
} satisfies Partial<RequestRecord>;

/** Every aggregate item (month, week and totals, by id) after `records` were written, each once. */
export function aggregateItemsAfter(records: readonly RequestRecord[]): Map<string, Counters> {
  const items = new Map<string, Counters>();
  for (const record of records) {
    for (const [id, counters] of aggregateDelta(undefined, record)) {
      const into = items.get(id) ?? {};
      for (const [name, amount] of Object.entries(counters)) into[name] = (into[name] ?? 0) + amount;
      items.set(id, into);
    }
  }
  return items;
}

/** The month aggregates after `records` were written, as the report reads them. */
export function monthAggregatesAfter(records: readonly RequestRecord[]): MonthAggregate[] {
  return [...aggregateItemsAfter(records)]
    .filter(([id]) => id.startsWith(MONTH_ID))
    .flatMap(([id, counters]) => monthAggregatesOf(id.slice(MONTH_ID.length), counters));
}

/** The report of `year` as of `now` after `records` were written. */
export function reportAfter(records: readonly RequestRecord[], year: number, now: Date): RequestReport {
  return requestReport(monthAggregatesAfter(records), year, now);
}
