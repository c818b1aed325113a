// The audit chain: each event carries a keyed hash (HMAC-SHA-256 under the audit key) over its content
// and the keyed hash of the one before, so an edit, a removal or a reordering breaks the links, and
// nobody without the key can compute a consistent replacement.
import { createHash } from 'node:crypto';
import { mapConcurrent } from '../concurrency.js';

export type ActorKind = 'system' | 'subject' | 'operator' | 'workflow';

export interface Actor {
  kind: ActorKind;
  /** Which system, operator or workflow acted; never a subject's identity. */
  id?: string;
}

/** Values an event may record: ids, codes, dates and counts, never personal data. */
export type AuditData = Record<string, string | number | boolean | null>;

export interface AuditEvent {
  requestId: string;
  seq: number;
  type: string;
  at: string;
  actor: Actor;
  data: AuditData;
  prevHash: string;
  /** Epoch seconds when DynamoDB's TTL removes the event: the same for every event of a chain, and sealed with it. */
  purgeAt?: number;
  /** The keyed hash (HMAC-SHA-256 under the audit key) of everything above. */
  hash: string;
}

export type UnsealedEvent = Omit<AuditEvent, 'hash'>;

/** The `prevHash` of a chain's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The audit key: makes and checks keyed hashes of 32-byte digests. In AWS a KMS HMAC key
 * (GenerateMac / VerifyMac), so the key never leaves KMS and each use is in CloudTrail; locally the
 * runtime's own key material.
 */
export interface ChainKey {
  /** The keyed hash of `digest` (64 hex characters), as 64 hex characters. */
  mac(digest: string): Promise<string>;
  /** Whether `mac` is the keyed hash of `digest` under this key. */
  verify(digest: string, mac: string): Promise<boolean>;
}

/** JSON with keys sorted at every depth, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 of `value`'s canonical JSON, in hex: what the audit key is applied to (KMS takes at most 4 KB). */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The digest of every sealed field of the event: all but its own hash (and whatever else a store adds). */
export function eventDigest(event: UnsealedEvent): string {
  const { requestId, seq, type, at, actor, data, prevHash, purgeAt } = event;
  return digestOf({ requestId, seq, type, at, actor, data, prevHash, purgeAt });
}

export async function sealEvent(key: ChainKey, event: UnsealedEvent): Promise<AuditEvent> {
  return { ...event, hash: await key.mac(eventDigest(event)) };
}

/**
 * Seals events that follow a chain whose last event has `seq` and `hash` (0 and GENESIS_HASH for
 * a new chain), numbering and linking them in order.
 */
export async function extendChain(
  key: ChainKey,
  head: { seq: number; hash: string },
  events: readonly Omit<UnsealedEvent, 'seq' | 'prevHash'>[],
): Promise<AuditEvent[]> {
  const sealed: AuditEvent[] = [];
  let previous = head;
  for (const event of events) {
    const next = await sealEvent(key, { ...event, seq: previous.seq + 1, prevHash: previous.hash });
    sealed.push(next);
    previous = next;
  }
  return sealed;
}

export interface ChainVerification {
  valid: boolean;
  length: number;
  /** The first event whose keyed hash or link does not hold, or the first one missing. */
  brokenAt?: number;
  reason?: string;
}

/** Keyed hashes checked at once: each is a KMS call in AWS. */
const VERIFY_AT_ONCE = 8;

/**
 * Checks that events are numbered 1..n, each links to the one before, and each keyed hash matches
 * its content under `key`. Says where the chain first breaks and how: an event missing or out of
 * order (deleted, reordered), a link that does not hold (an event put in or taken out), a keyed
 * hash that does not match (edited, or rewritten without the key).
 */
export async function verifyChain(key: ChainKey, events: readonly AuditEvent[]): Promise<ChainVerification> {
  const macsHold = await mapConcurrent(events, VERIFY_AT_ONCE, (event) => key.verify(eventDigest(event), event.hash));
  let previousHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const broken = (brokenAt: number, reason: string): ChainVerification => ({ valid: false, length: events.length, brokenAt, reason });
    if (event.seq !== index + 1) {
      return event.seq > index + 1
        ? broken(index + 1, `event ${index + 1} is missing: event ${event.seq} follows event ${index}`)
        : broken(index + 1, `event ${index + 1} is out of order: event ${event.seq} stands in its place`);
    }
    if (event.prevHash !== previousHash) return broken(event.seq, `event ${event.seq} does not link to event ${index}`);
    if (!macsHold[index]) return broken(event.seq, `event ${event.seq} does not match its keyed hash: it was edited, or sealed without the audit key`);
    previousHash = event.hash;
  }
  return { valid: events.length > 0, length: events.length, ...(events.length === 0 ? { reason: 'the chain is empty' } : {}) };
}
