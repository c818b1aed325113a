// The daily anchoring run: writes the anchor of every day since the last one, up to yesterday.
import type { AnchorStore } from './anchor-store.js';
import { addDays, anchorDayOf, daysFrom, headsOf, sealAnchor, type Anchor } from './anchors.js';
import type { AuditLog } from './audit-log.js';
import type { ChainKey } from './chain.js';

export interface AnchorDeps {
  log: AuditLog;
  anchors: AnchorStore;
  key: ChainKey;
  now: Date;
}

/** Days a run looks back for the last anchor, so that a few missed runs are caught up. */
export const ANCHOR_CATCH_UP_DAYS = 7;

export interface AnchorRun {
  /** Each day anchored by this run, with the number of chains it pins. */
  anchored: { day: string; chains: number }[];
  /** Days that had an anchor already (a run retried). */
  existing: string[];
}

/**
 * Anchors each day after the latest anchor (looking back ANCHOR_CATCH_UP_DAYS) up to yesterday, in
 * order, each linked to the one before; the first run anchors yesterday. A day with no writes gets an
 * anchor too, so a missing one always means a run that did not happen.
 */
export async function anchorChains(deps: AnchorDeps): Promise<AnchorRun> {
  const yesterday = addDays(anchorDayOf(deps.now), -1);
  let previous: Anchor | undefined = await deps.anchors.latestBefore(addDays(yesterday, 1), ANCHOR_CATCH_UP_DAYS);
  const run: AnchorRun = { anchored: [], existing: [] };
  for (const day of daysFrom(previous ? addDays(previous.day, 1) : yesterday, yesterday)) {
    const heads = headsOf(await deps.log.writtenOn(day));
    const anchor = await sealAnchor(deps.key, { version: 1, day, heads, previous: previous ? { day: previous.day, hash: previous.hash } : null });
    if ((await deps.anchors.put(anchor)) === 'written') {
      run.anchored.push({ day, chains: heads.length });
      previous = anchor;
    } else {
      run.existing.push(day);
      previous = await deps.anchors.get(day);
    }
  }
  return run;
}
