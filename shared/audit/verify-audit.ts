// Verifying the audit trail against its anchors: one request's chain, or every chain since a day.
import { mapConcurrent } from '../concurrency.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { RequestRecord } from '../requests/record.js';
import type { AnchorStore } from './anchor-store.js';
import { addDays, anchorDayOf, anchorHolds, daysFrom, isDay, type Anchor, type ChainHead } from './anchors.js';
import type { AuditLog } from './audit-log.js';
import { verifyChain, type AuditEvent, type ChainKey } from './chain.js';

export interface VerifyAuditDeps {
  log: AuditLog;
  anchors: AnchorStore;
  key: ChainKey;
  /** The request record, when it is still kept: its pointer to the chain's head is checked too. */
  request: (requestId: string) => Promise<RequestRecord | undefined>;
  now: Date;
}

/** Where one chain stands. */
export interface ChainReport {
  requestId: string;
  valid: boolean;
  /** Events found. */
  length: number;
  /** The chain is past its purge time: DynamoDB's TTL removes it, so what is left is not judged. */
  purged?: true;
  /** The last anchor that names the chain, and the event it pins. */
  anchoredAt?: { day: string; seq: number };
  /** The first event (by seq) at which the chain does not hold. */
  brokenAt?: number;
  reason?: string;
}

export interface AuditVerification {
  valid: boolean;
  /** The first and last day whose anchors were read (the last is yesterday: today's anchor is written tomorrow). */
  from: string;
  through: string;
  anchors: {
    checked: number;
    /** Days without an anchor: the anchoring did not run (writes of those days are checked by their keyed hashes only). */
    missing: string[];
    /** Anchors whose keyed hash or link to the anchor before does not hold. */
    broken: { day: string; reason: string }[];
  };
  /** Chains checked. */
  checkedChains: number;
  /** One request: its chain's report. Since a day: the chains that do not hold. */
  chains: ChainReport[];
}

/** Anchors read at once. */
const ANCHORS_AT_ONCE = 16;
/** Chains checked at once. */
const CHAINS_AT_ONCE = 4;

interface ReadAnchors {
  present: Anchor[];
  missing: string[];
  broken: { day: string; reason: string }[];
}

/** The anchors of `days`, each checked against its keyed hash, and each linked to the present one before it. */
async function readAnchors(deps: VerifyAuditDeps, days: readonly string[]): Promise<ReadAnchors> {
  const read = await mapConcurrent(days, ANCHORS_AT_ONCE, async (day) => {
    const anchor = await deps.anchors.get(day);
    return { day, anchor, holds: anchor ? (await anchorHolds(deps.key, anchor)) && anchor.day === day : false };
  });
  const result: ReadAnchors = { present: [], missing: [], broken: [] };
  let before: Anchor | undefined;
  for (const { day, anchor, holds } of read) {
    if (!anchor) {
      result.missing.push(day);
      continue;
    }
    const link = anchor.previous;
    if (!holds) result.broken.push({ day, reason: `the anchor of ${day} does not match its keyed hash` });
    else if (before && (link?.day !== before.day || link.hash !== before.hash)) {
      result.broken.push({ day, reason: `the anchor of ${day} does not link to the anchor of ${before.day}` });
    } else result.present.push(anchor);
    // The next anchor links to this one as stored, broken or not: one break is reported once.
    before = anchor;
  }
  return result;
}

/** Every head the anchors hold for `requestId`, in day order. */
function anchoredHeads(anchors: readonly Anchor[], requestId: string): { day: string; head: ChainHead }[] {
  return anchors.flatMap((anchor) => anchor.heads.filter((head) => head.requestId === requestId).map((head) => ({ day: anchor.day, head })));
}

/** Checks one chain: its keyed hashes and links, every head the anchors pin, and the request's own pointer to its head. */
async function checkChain(
  deps: VerifyAuditDeps,
  requestId: string,
  anchored: readonly { day: string; head: ChainHead }[],
  record: RequestRecord | undefined,
): Promise<ChainReport> {
  const stored = await deps.log.chain(requestId);
  // Events appended after the record was read belong to a later state: the chain is judged as of the record.
  const events: AuditEvent[] = record ? stored.filter((event) => event.seq <= record.auditSeq) : stored;
  const last = anchored.at(-1);
  const base: ChainReport = {
    requestId,
    valid: true,
    length: events.length,
    ...(last ? { anchoredAt: { day: last.day, seq: last.head.seq } } : {}),
  };
  const purgeAt = last?.head.purgeAt ?? events[0]?.purgeAt;
  if (purgeAt !== undefined && purgeAt * 1000 <= deps.now.getTime()) return { ...base, purged: true };
  const broken = (brokenAt: number, reason: string): ChainReport => ({ ...base, valid: false, brokenAt, reason });

  const chain = await verifyChain(deps.key, events);
  const breaks: { brokenAt: number; reason: string }[] = [];
  if (!chain.valid && events.length > 0) breaks.push({ brokenAt: chain.brokenAt!, reason: chain.reason! });
  for (const { day, head } of anchored) {
    const event = events[head.seq - 1];
    if (event?.seq !== head.seq) breaks.push({ brokenAt: head.seq, reason: `event ${head.seq} is gone, though the anchor of ${day} holds it` });
    else if (event.hash !== head.hash) {
      breaks.push({ brokenAt: head.seq, reason: `event ${head.seq} is not the one the anchor of ${day} holds: the chain was rewritten after it was anchored` });
    }
  }
  if (record && (events.length !== record.auditSeq || events.at(-1)?.hash !== record.auditHead)) {
    const brokenAt = Math.min(events.length, record.auditSeq) + 1;
    breaks.push({ brokenAt, reason: `the chain does not end where the request says it does (event ${record.auditSeq})` });
  }
  if (events.length === 0 && breaks.length === 0) breaks.push({ brokenAt: 1, reason: 'the chain is empty' });
  const first = breaks.sort((a, b) => a.brokenAt - b.brokenAt)[0];
  return first ? broken(first.brokenAt, first.reason) : base;
}

const yesterdayOf = (now: Date) => addDays(anchorDayOf(now), -1);

/**
 * Verifies one request's chain against every anchor since the request was filed, and against the
 * request's pointer to its head. NotFound is the caller's to raise: `record` is the request as read.
 */
export async function verifyRequestAudit(deps: VerifyAuditDeps, record: RequestRecord): Promise<AuditVerification> {
  const from = anchorDayOf(new Date(record.createdAt));
  const through = yesterdayOf(deps.now);
  const anchors = await readAnchors(deps, daysFrom(from, through));
  const report = await checkChain(deps, record.id, anchoredHeads(anchors.present, record.id), record);
  return {
    valid: report.valid && anchors.broken.length === 0,
    from,
    through,
    anchors: { checked: anchors.present.length + anchors.broken.length, missing: anchors.missing, broken: anchors.broken },
    checkedChains: 1,
    chains: [report],
  };
}

/** The longest span one verification reads: the anchors of as long as a chain is kept. */
export const MAX_VERIFY_DAYS = 3 * 366;

/**
 * Verifies every chain written to since `since` (a UTC day): the anchors of each day from then to
 * yesterday (keyed hash, link to the one before), every chain they name against the heads they
 * hold, and the chains written to on days without an anchor (today, a missed run) by their keyed
 * hashes and links.
 */
export async function verifyAuditSince(deps: VerifyAuditDeps, since: string): Promise<AuditVerification> {
  const today = anchorDayOf(deps.now);
  if (!isDay(since)) throw new InvalidInputError('since must be a day, YYYY-MM-DD.', 'since');
  if (since > today) throw new InvalidInputError('since may not lie in the future.', 'since');
  if (since < addDays(today, -MAX_VERIFY_DAYS)) throw new InvalidInputError(`since may lie at most ${MAX_VERIFY_DAYS} days back.`, 'since');
  const through = yesterdayOf(deps.now);
  const anchors = await readAnchors(deps, daysFrom(since, through));
  const unanchored = [...anchors.missing, ...anchors.broken.map((entry) => entry.day), today];
  const written = await mapConcurrent(unanchored, ANCHORS_AT_ONCE, (day) => deps.log.writtenOn(day));
  const requestIds = [
    ...new Set([...anchors.present.flatMap((anchor) => anchor.heads.map((head) => head.requestId)), ...written.flat().map((head) => head.requestId)]),
  ].sort();
  const reports = await mapConcurrent(requestIds, CHAINS_AT_ONCE, async (requestId) =>
    checkChain(deps, requestId, anchoredHeads(anchors.present, requestId), await deps.request(requestId)),
  );
  const broken = reports.filter((report) => !report.valid);
  return {
    valid: broken.length === 0 && anchors.broken.length === 0,
    from: since,
    through,
    anchors: { checked: anchors.present.length + anchors.broken.length, missing: anchors.missing, broken: anchors.broken },
    checkedChains: reports.length,
    chains: broken,
  };
}

/** What to verify: one request's chain, or every chain written to since a day. */
export type AuditScope = { requestId: string; since?: undefined } | { since: string; requestId?: undefined };

/** Verifies the scope asked for; NotFoundError for a request that is not (or no longer) kept. */
export async function verifyAudit(deps: VerifyAuditDeps, scope: AuditScope): Promise<AuditVerification> {
  if (scope.since !== undefined) return verifyAuditSince(deps, scope.since);
  const record = await deps.request(scope.requestId);
  if (!record) throw new NotFoundError('No request with this id.');
  return verifyRequestAudit(deps, record);
}
