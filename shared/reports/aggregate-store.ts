// Reads the report aggregates from the requests table by key (BatchGetItem): no scan, whatever the
// number of requests. The request store writes them (shared/requests/request-store.ts).
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { JURISDICTIONS, type Jurisdiction, REQUEST_TYPES, type RequestType } from '../domain/request-model.js';
import { type Counters, type IsoWeek, type Month, monthAggregateId, TOTALS_ID, weekAggregateId } from './aggregates.js';
import type { MonthAggregate } from './request-report.js';
import { type SummaryAggregates, type SummaryWindow, summaryKeys } from './request-summary.js';

/** BatchGetItem takes at most this many keys a call. */
const BATCH = 100;

export interface AggregateReaderOptions {
  requestsTable: string;
  client?: DynamoDBDocumentClient;
}

function countersOf(item: Record<string, unknown> | undefined): Counters {
  const counters: Counters = {};
  for (const [name, value] of Object.entries(item ?? {})) if (name !== 'id' && typeof value === 'number') counters[name] = value;
  return counters;
}

/** Splits a month item's `<law>.<type>.<counter>` attributes into one aggregate per law and type. */
export function monthAggregatesOf(month: Month, item: Record<string, unknown> | undefined): MonthAggregate[] {
  const byKey = new Map<string, MonthAggregate>();
  for (const [name, value] of Object.entries(countersOf(item))) {
    const [law, type, ...counter] = name.split('.');
    if (!(JURISDICTIONS as readonly string[]).includes(law!) || !(REQUEST_TYPES as readonly string[]).includes(type!) || counter.length === 0) continue;
    const key = `${law}.${type}`;
    const aggregate = byKey.get(key) ?? { month, law: law as Jurisdiction, type: type as RequestType, counters: {} };
    aggregate.counters[counter.join('.')] = value;
    byKey.set(key, aggregate);
  }
  return [...byKey.values()];
}

export class AggregateReader {
  private readonly documents: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(options: AggregateReaderOptions) {
    this.documents = options.client ?? sharedDocumentClient();
    this.table = options.requestsTable;
  }

  /** The items with `ids` (absent ones are left out), read in batches, unprocessed keys asked again. */
  private async items(ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    for (let start = 0; start < ids.length; start += BATCH) {
      let keys: Record<string, unknown>[] = ids.slice(start, start + BATCH).map((id) => ({ id }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
        if (attempt > 8) throw new Error('The report aggregates could not all be read: DynamoDB kept keys unprocessed.');
        const page = await this.documents.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of page.Responses?.[this.table] ?? []) found.set(String(item.id), item);
        keys = page.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return found;
  }

  /** The month aggregates of `months`, one per law and type counted in the month. */
  async months(months: readonly Month[]): Promise<MonthAggregate[]> {
    const found = await this.items(months.map((month) => monthAggregateId(month)));
    return months.flatMap((month) => monthAggregatesOf(month, found.get(monthAggregateId(month))));
  }

  /** The month aggregates of a calendar year. */
  async year(year: number): Promise<MonthAggregate[]> {
    return this.months(Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`));
  }

  /** What the summary at `now` over `window` reads. */
  async summary(now: Date, window?: SummaryWindow): Promise<SummaryAggregates> {
    const keys = summaryKeys(now, window);
    const weekIds = new Map<string, IsoWeek>(keys.weeks.map((week) => [weekAggregateId(week), week]));
    const [months, found] = await Promise.all([this.months(keys.months), this.items([...weekIds.keys(), TOTALS_ID])]);
    return {
      months,
      weeks: [...weekIds].filter(([id]) => found.has(id)).map(([id, week]) => ({ week, counters: countersOf(found.get(id)) })),
      totals: countersOf(found.get(TOTALS_ID)),
    };
  }
}
