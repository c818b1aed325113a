// The audit chain: each event carries the hash of the one before, so any edit breaks the links.
import { createHash } from 'node:crypto';

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
  hash: string;
}

export type UnsealedEvent = Omit<AuditEvent, 'hash'>;

/** The `prevHash` of a chain's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every depth, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over every field of the event but its own hash. */
export function hashEvent(event: UnsealedEvent): string {
  const { requestId, seq, type, at, actor, data, prevHash } = event;
  return createHash('sha256').update(canonicalJson({ requestId, seq, type, at, actor, data, prevHash })).digest('hex');
}

export function sealEvent(event: UnsealedEvent): AuditEvent {
  return { ...event, hash: hashEvent(event) };
}

/**
 * Seals events that follow a chain whose last event has `seq` and `hash` (0 and GENESIS_HASH for
 * a new chain), numbering and linking them in order.
 */
export function extendChain(head: { seq: number; hash: string }, events: readonly Omit<UnsealedEvent, 'seq' | 'prevHash'>[]): AuditEvent[] {
  const sealed: AuditEvent[] = [];
  let previous = head;
  for (const event of events) {
    const next = sealEvent({ ...event, seq: previous.seq + 1, prevHash: previous.hash });
    sealed.push(next);
    previous = next;
  }
  return sealed;
}

export interface ChainVerification {
  valid: boolean;
  length: number;
  /** The first event whose hash or link does not hold. */
  brokenAt?: number;
  reason?: string;
}

/** Checks that events are numbered 1..n, each hash matches its content, and each links to the one before. */
export function verifyChain(events: readonly AuditEvent[]): ChainVerification {
  let previousHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const broken = (reason: string): ChainVerification => ({ valid: false, length: events.length, brokenAt: event.seq, reason });
    if (event.seq !== index + 1) return broken(`event ${index + 1} is missing or out of order`);
    if (event.prevHash !== previousHash) return broken('the link to the previous event does not match');
    if (hashEvent(event) !== event.hash) return broken('the event does not match its hash');
    previousHash = event.hash;
  }
  return { valid: events.length > 0, length: events.length, ...(events.length === 0 ? { reason: 'the chain is empty' } : {}) };
}
