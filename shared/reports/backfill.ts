// Counts the requests filed before the report aggregates were kept: each one once, marked on the
// request in the same transaction, so the backfill can run again (or alongside live writes) safely.
import type { RequestStore } from '../requests/request-store.js';

export interface BackfillResult {
  /** Requests read. */
  read: number;
  /** Requests this run counted. */
  counted: number;
  /** Requests already counted (filed or written since the aggregates were kept, or by an earlier run). */
  already: number;
  /** Requests written by someone else twice while this run tried to count them: the next run counts them. */
  skipped: string[];
}

/** Walks every request (newest first) and counts the ones never counted. */
export async function backfillAggregates(store: RequestStore, pageSize = 100): Promise<BackfillResult> {
  const result: BackfillResult = { read: 0, counted: 0, already: 0, skipped: [] };
  let startKey: Record<string, string> | undefined;
  do {
    const page = await store.list({}, pageSize, startKey);
    for (const listed of page.items) {
      result.read++;
      let outcome = await store.countInAggregates(listed);
      if (outcome === 'changed') {
        // Written meanwhile: a write counts a request it finds uncounted, so read it again and see.
        const fresh = await store.get(listed.id);
        outcome = fresh ? await store.countInAggregates(fresh) : 'already';
      }
      if (outcome === 'counted') result.counted++;
      else if (outcome === 'already') result.already++;
      else result.skipped.push(listed.id);
    }
    startKey = page.lastKey;
  } while (startKey);
  return result;
}
