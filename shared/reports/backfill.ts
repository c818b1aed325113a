// Counts the requests filed before the report aggregates were kept: each one once, marked on the
// request in the same transaction, so the backfill can run again (or alongside live writes) safely.
// It also marks open requests written before the console's queue index for that index.
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
  /** Open requests written before the `byQueue` index, marked now so the console's queue lists them. */
  queued: number;
}

/** Walks every request (newest first), counts the ones never counted and marks open ones for the queue's index. */
export async function backfillAggregates(store: RequestStore, pageSize = 100): Promise<BackfillResult> {
  const result: BackfillResult = { read: 0, counted: 0, already: 0, skipped: [], queued: 0 };
  let startKey: Record<string, string> | undefined;
  do {
    const page = await store.list({}, pageSize, startKey);
    for (const listed of page.items) {
      result.read++;
      // Before counting, which moves the version the mark is conditioned on.
      if (await store.markQueued(listed)) result.queued++;
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
