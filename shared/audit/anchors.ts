// The daily anchor: the heads of every chain written to on one UTC day, keyed-hashed and linked to the
// anchor before it, kept write-once outside the table (S3 Object Lock), as CloudTrail's digest files do.
import { digestOf, type ChainKey } from './chain.js';

/** Where one chain stood at the end of a day: its last event then. */
export interface ChainHead {
  requestId: string;
  seq: number;
  hash: string;
  /** The chain's purge time: once it is past, the chain may be gone without having been tampered with. */
  purgeAt?: number;
}

export interface Anchor {
  version: 1;
  /** The UTC day (YYYY-MM-DD) whose writes it covers. */
  day: string;
  /** Every chain written to that day, by request id. */
  heads: ChainHead[];
  /** The anchor it follows and that anchor's keyed hash; null for the first. */
  previous: { day: string; hash: string } | null;
  /** The keyed hash (audit key) of everything above. */
  hash: string;
}

export type UnsealedAnchor = Omit<Anchor, 'hash'>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600 * 1000;

/** The UTC day of `date`, as YYYY-MM-DD: the day an event counts as written on. */
export function anchorDayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whether `text` is a calendar day YYYY-MM-DD. */
export function isDay(text: string): boolean {
  return DAY.test(text) && anchorDayOf(new Date(`${text}T00:00:00.000Z`)) === text;
}

/** The day `count` days after `day` (before, when negative). */
export function addDays(day: string, count: number): string {
  return anchorDayOf(new Date(Date.parse(`${day}T00:00:00.000Z`) + count * DAY_MS));
}

/** Every day from `from` to `to`, both included, in order; none when `from` is after `to`. */
export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The last event of each chain among `events`, ordered by request id. */
export function headsOf(events: readonly ChainHead[]): ChainHead[] {
  const heads = new Map<string, ChainHead>();
  for (const { requestId, seq, hash, purgeAt } of events) {
    const known = heads.get(requestId);
    if (!known || seq > known.seq) heads.set(requestId, { requestId, seq, hash, ...(purgeAt === undefined ? {} : { purgeAt }) });
  }
  return [...heads.values()].sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
}

/** The digest of an anchor's sealed fields. */
export function anchorDigest(anchor: UnsealedAnchor): string {
  const { version, day, heads, previous } = anchor;
  return digestOf({ version, day, heads, previous });
}

export async function sealAnchor(key: ChainKey, anchor: UnsealedAnchor): Promise<Anchor> {
  return { ...anchor, hash: await key.mac(anchorDigest(anchor)) };
}

/** Whether the anchor's keyed hash matches its content under `key`. */
export function anchorHolds(key: ChainKey, anchor: Anchor): Promise<boolean> {
  return key.verify(anchorDigest(anchor), anchor.hash);
}
