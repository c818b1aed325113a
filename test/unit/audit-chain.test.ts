import { createHash, createHmac } from 'node:crypto';
import { GenerateMacCommand, KMSClient, KMSInvalidMacException, VerifyMacCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  eventDigest,
  extendChain,
  GENESIS_HASH,
  sealEvent,
  verifyChain,
  type AuditEvent,
  type UnsealedEvent,
} from '../../shared/audit/chain.js';
import { AUDIT_MAC_ALGORITHM, KmsChainKey, LocalChainKey } from '../../shared/audit/chain-key.js';

const REQUEST_ID = '01JZ8Q4W6T3M2K9N5P7R1S0V2X';
const KEY_BYTES = Buffer.alloc(32, 7);
const KEY = new LocalChainKey(KEY_BYTES);
/** Another key: what an insider without the audit key would seal with. */
const OTHER_KEY = new LocalChainKey(Buffer.alloc(32, 9));

type NewEvent = Omit<UnsealedEvent, 'seq' | 'prevHash'>;

const NEW_EVENTS: readonly NewEvent[] = [
  {
    requestId: REQUEST_ID,
    type: 'request.received',
    at: '2026-03-02T09:00:00.000Z',
    actor: { kind: 'system', id: 'api' },
    data: { channel: 'web', jurisdiction: 'gdpr' },
    purgeAt: 1_867_000_000,
  },
  {
    requestId: REQUEST_ID,
    type: 'verification.requested',
    at: '2026-03-02T09:00:01.000Z',
    actor: { kind: 'workflow', id: 'verify' },
    data: { level: 'email' },
    purgeAt: 1_867_000_000,
  },
  {
    requestId: REQUEST_ID,
    type: 'verification.confirmed',
    at: '2026-03-02T10:15:00.000Z',
    actor: { kind: 'subject' },
    data: { attempts: 1, late: false },
    purgeAt: 1_867_000_000,
  },
  {
    requestId: REQUEST_ID,
    type: 'request.completed',
    at: '2026-03-05T16:30:00.000Z',
    actor: { kind: 'operator', id: 'op-7' },
    data: { systems: 3, note: null },
    purgeAt: 1_867_000_000,
  },
];

/** A fresh, valid chain of four events; every call builds new objects, so tests may edit them freely. */
function buildChain(): Promise<AuditEvent[]> {
  return extendChain(KEY, { seq: 0, hash: GENESIS_HASH }, NEW_EVENTS);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (digest: string) => createHmac('sha256', KEY_BYTES).update(Buffer.from(digest, 'hex')).digest('hex');

type Tamper = (event: AuditEvent) => void;

const TAMPERS: Record<'data' | 'type' | 'at' | 'actor' | 'hash' | 'requestId' | 'prevHash' | 'purgeAt', Tamper> = {
  data: (event) => {
    event.data = { ...event.data, injected: 'yes' };
  },
  type: (event) => {
    event.type = `${event.type}.edited`;
  },
  at: (event) => {
    event.at = '2020-01-01T00:00:00.000Z';
  },
  actor: (event) => {
    event.actor = { kind: 'operator', id: 'someone-else' };
  },
  hash: (event) => {
    event.hash = `${event.hash.slice(0, -1)}${event.hash.endsWith('0') ? '1' : '0'}`;
  },
  requestId: (event) => {
    event.requestId = '01JZ8Q4W6T3M2K9N5P7R1S0V2Y';
  },
  prevHash: (event) => {
    event.prevHash = 'f'.repeat(64);
  },
  // A purge time brought forward would let TTL remove the event early.
  purgeAt: (event) => {
    event.purgeAt = 1_700_000_000;
  },
};

const tamperCases = Object.keys(TAMPERS).flatMap((field) => [1, 2, 3, 4].map((seq) => ({ field: field as keyof typeof TAMPERS, seq })));

describe('extendChain', () => {
  it('numbers a new chain 1..n, links the first event to the genesis hash and keys every hash', async () => {
    // Prepare
    const head = { seq: 0, hash: GENESIS_HASH };

    // Act
    const chain = await extendChain(KEY, head, NEW_EVENTS);

    // Assess
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    for (const event of chain) {
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(event.hash).toBe(hmac(eventDigest(event)));
      // Not the plain SHA-256 of the content: without the key nobody can compute it.
      expect(event.hash).not.toBe(eventDigest(event));
    }
    expect(new Set(chain.map((e) => e.hash)).size).toBe(chain.length);
  });

  it('keeps each event as given, adding only seq, prevHash and hash', async () => {
    // Prepare
    const head = { seq: 0, hash: GENESIS_HASH };

    // Act
    const chain = await extendChain(KEY, head, NEW_EVENTS);

    // Assess
    chain.forEach((event, i) => {
      const { seq, prevHash, hash, ...rest } = event;
      expect(rest).toEqual(NEW_EVENTS[i]);
      expect({ seq, prevHash, hash }).toEqual({ seq: i + 1, prevHash: expect.any(String), hash: expect.any(String) });
    });
  });

  it('continues the numbering and the links when appending to an existing head', async () => {
    // Prepare
    const first = await extendChain(KEY, { seq: 0, hash: GENESIS_HASH }, NEW_EVENTS.slice(0, 2));
    const head = first.at(-1)!;

    // Act
    const appended = await extendChain(KEY, { seq: head.seq, hash: head.hash }, NEW_EVENTS.slice(2));

    // Assess
    expect(appended.map((e) => e.seq)).toEqual([3, 4]);
    expect(appended[0]!.prevHash).toBe(head.hash);
    expect(appended[1]!.prevHash).toBe(appended[0]!.hash);
    expect([...first, ...appended]).toEqual(await buildChain());
    expect(await verifyChain(KEY, [...first, ...appended])).toEqual({ valid: true, length: 4 });
  });

  it('returns no events when given none', async () => {
    // Prepare
    const head = { seq: 5, hash: 'a'.repeat(64) };

    // Act
    const chain = await extendChain(KEY, head, []);

    // Assess
    expect(chain).toEqual([]);
  });
});

describe('eventDigest and sealEvent', () => {
  it('keys the SHA-256 of the canonical JSON of every sealed field with HMAC-SHA-256', async () => {
    // Prepare
    const event: UnsealedEvent = {
      requestId: 'R1',
      seq: 1,
      type: 'request.received',
      at: '2026-03-02T09:00:00.000Z',
      actor: { kind: 'system', id: 'api' },
      data: { b: 1, a: 'x' },
      prevHash: GENESIS_HASH,
      purgeAt: 1_867_000_000,
    };
    const expectedText =
      `{"actor":{"id":"api","kind":"system"},"at":"2026-03-02T09:00:00.000Z","data":{"a":"x","b":1},` +
      `"prevHash":"${GENESIS_HASH}","purgeAt":1867000000,"requestId":"R1","seq":1,"type":"request.received"}`;

    // Act
    const sealed = await sealEvent(KEY, event);

    // Assess
    expect(eventDigest(event)).toBe(sha256(expectedText));
    expect(sealed).toEqual({ ...event, hash: hmac(sha256(expectedText)) });
  });

  it('ignores fields outside the event, such as the day it was written on', async () => {
    // Prepare
    const [event] = await buildChain();
    const stored = { ...event!, anchorDay: '2026-03-02' } as AuditEvent;

    // Act
    const digest = eventDigest(stored);

    // Assess
    expect(digest).toBe(eventDigest(event!));
  });
});

describe('verifyChain', () => {
  it('accepts a chain built by extendChain', async () => {
    // Prepare
    const chain = await buildChain();

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toEqual({ valid: true, length: 4 });
  });

  it('accepts a chain of one event', async () => {
    // Prepare
    const chain = (await buildChain()).slice(0, 1);

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toEqual({ valid: true, length: 1 });
  });

  it('refuses an empty chain', async () => {
    // Prepare
    const chain: AuditEvent[] = [];

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toEqual({ valid: false, length: 0, reason: 'the chain is empty' });
    expect(result.brokenAt).toBeUndefined();
  });

  it.each(tamperCases)('finds a change to $field of event $seq at that event', async ({ field, seq }) => {
    // Prepare
    const chain = await buildChain();
    TAMPERS[field](chain[seq - 1]!);

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result.valid).toBe(false);
    expect(result.brokenAt).toBe(seq);
    expect(result.length).toBe(4);
    expect(result.reason).toEqual(expect.any(String));
  });

  it.each([1, 2, 3, 4])('finds a subtle change to the data of event %i', async (seq) => {
    // Prepare: a number becomes the same digits as a string; a string gains a trailing space
    const chain = await buildChain();
    const event = chain[seq - 1]!;
    const [key, value] = Object.entries(event.data)[0]!;
    event.data = { ...event.data, [key]: typeof value === 'string' ? `${value} ` : String(value) };

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toMatchObject({ valid: false, brokenAt: seq });
  });

  it('names the edited event whose keyed hash no longer matches its content', async () => {
    // Prepare
    const chain = await buildChain();
    chain[1]!.data = { level: 'none' };

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toEqual({
      valid: false,
      length: 4,
      brokenAt: 2,
      reason: 'event 2 does not match its keyed hash: it was edited, or sealed without the audit key',
    });
  });

  it('names the event whose link to the one before no longer holds', async () => {
    // Prepare: event 2 is edited and re-sealed with the key, so its own hash holds but event 3 points at the old one
    const chain = await buildChain();
    const { hash: _old, ...unsealed } = chain[1]!;
    chain[1] = await sealEvent(KEY, { ...unsealed, data: { level: 'none' } });

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toEqual({ valid: false, length: 4, brokenAt: 3, reason: 'event 3 does not link to event 2' });
  });

  describe('re-keyed: a chain rewritten consistently by someone without the audit key', () => {
    it('refuses a whole chain sealed under another key, at its first event', async () => {
      // Prepare: every link holds, but under a key that is not the audit key
      const chain = await extendChain(OTHER_KEY, { seq: 0, hash: GENESIS_HASH }, NEW_EVENTS);

      // Act
      const result = await verifyChain(KEY, chain);

      // Assess
      expect(result).toMatchObject({ valid: false, brokenAt: 1, reason: expect.stringContaining('sealed without the audit key') });
    });

    it('refuses an edited event re-hashed with plain SHA-256 and its successors relinked', async () => {
      // Prepare: what the unkeyed chain allowed: edit event 2, recompute it and every hash after it
      const chain = await buildChain();
      let previous = chain[0]!.hash;
      for (const event of chain.slice(1)) {
        if (event.seq === 2) event.data = { level: 'none' };
        event.prevHash = previous;
        event.hash = eventDigest(event);
        previous = event.hash;
      }

      // Act
      const result = await verifyChain(KEY, chain);

      // Assess
      expect(result).toMatchObject({ valid: false, brokenAt: 2 });
    });

    it('refuses a tail appended under another key', async () => {
      // Prepare
      const first = (await buildChain()).slice(0, 2);
      const forged = await extendChain(OTHER_KEY, { seq: 2, hash: first[1]!.hash }, NEW_EVENTS.slice(2));

      // Act
      const result = await verifyChain(KEY, [...first, ...forged]);

      // Assess
      expect(result).toMatchObject({ valid: false, brokenAt: 3 });
    });
  });

  it.each([
    { removed: 1, brokenAt: 1 },
    { removed: 2, brokenAt: 2 },
    { removed: 3, brokenAt: 3 },
  ])('names event $removed as missing when it is deleted', async ({ removed, brokenAt }) => {
    // Prepare
    const chain = (await buildChain()).filter((e) => e.seq !== removed);

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toMatchObject({ valid: false, length: 3, brokenAt, reason: expect.stringContaining(`event ${removed} is missing`) });
  });

  it('refuses the chain when an event is removed and the rest renumbered', async () => {
    // Prepare
    const chain = (await buildChain()).filter((e) => e.seq !== 2).map((e, i) => ({ ...e, seq: i + 1 }));

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it("accepts a chain cut short at the end: only the request's head pointer and the anchors can show that", async () => {
    // Prepare
    const chain = (await buildChain()).slice(0, 3);

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toEqual({ valid: true, length: 3 });
  });

  it.each([
    { note: 'two neighbours swapped', order: [1, 3, 2, 4], brokenAt: 2 },
    { note: 'first and last swapped', order: [4, 2, 3, 1], brokenAt: 1 },
    { note: 'reversed', order: [4, 3, 2, 1], brokenAt: 1 },
    { note: 'rotated by one', order: [2, 3, 4, 1], brokenAt: 1 },
  ])('refuses reordered events ($note)', async ({ order, brokenAt }) => {
    // Prepare
    const original = await buildChain();
    const chain = order.map((seq) => original[seq - 1]!);

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toMatchObject({ valid: false, length: 4, brokenAt });
  });

  it('refuses reordered events even when their numbers are rewritten to 1..n', async () => {
    // Prepare
    const original = await buildChain();
    const chain = [original[0]!, original[2]!, original[1]!, original[3]!].map((e, i) => ({ ...e, seq: i + 1 }));

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('refuses a duplicated event', async () => {
    // Prepare
    const original = await buildChain();
    const chain = [original[0]!, original[1]!, original[1]!, original[2]!, original[3]!];

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toMatchObject({ valid: false, length: 5, brokenAt: 3 });
  });

  it('refuses a chain that does not start at the genesis hash', async () => {
    // Prepare: a well-formed tail, appended after a head that is not part of the list
    const chain = await extendChain(KEY, { seq: 0, hash: 'a'.repeat(64) }, NEW_EVENTS);

    // Act
    const result = await verifyChain(KEY, chain);

    // Assess
    expect(result).toEqual({ valid: false, length: 4, brokenAt: 1, reason: 'event 1 does not link to event 0' });
  });

  it('refuses the appended part on its own, since it does not start at seq 1', async () => {
    // Prepare
    const first = (await buildChain()).slice(0, 2);
    const appended = await extendChain(KEY, { seq: 2, hash: first[1]!.hash }, NEW_EVENTS.slice(2));

    // Act
    const result = await verifyChain(KEY, appended);

    // Assess
    expect(result).toMatchObject({ valid: false, length: 2, brokenAt: 1 });
  });
});

describe('LocalChainKey', () => {
  it('refuses key material shorter than 32 bytes', () => {
    // Prepare
    const short = Buffer.alloc(31, 1);

    // Act
    const build = () => new LocalChainKey(short);

    // Assess
    expect(build).toThrow('at least 32 bytes');
  });

  it('says no to a MAC that is not 64 hex characters, and refuses a digest that is not', async () => {
    // Prepare
    const digest = sha256('x');

    // Act
    const verdicts = await Promise.all([KEY.verify(digest, 'zz'), KEY.verify(digest, hmac(digest).toUpperCase())]);

    // Assess
    expect(verdicts).toEqual([false, false]);
    await expect(KEY.mac('not hex')).rejects.toThrow(TypeError);
  });
});

describe('KmsChainKey', () => {
  const kms = mockClient(KMSClient);
  const KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  afterEach(() => kms.reset());

  it('makes the keyed hash with GenerateMac (HMAC_SHA_256) over the 32 digest bytes', async () => {
    // Prepare
    const digest = sha256('event');
    kms.on(GenerateMacCommand).resolves({ Mac: Buffer.from('ab'.repeat(32), 'hex'), MacAlgorithm: AUDIT_MAC_ALGORITHM, KeyId: KEY_ARN });

    // Act
    const mac = await new KmsChainKey(KEY_ARN, kms as unknown as KMSClient).mac(digest);

    // Assess
    expect(mac).toBe('ab'.repeat(32));
    expect(kms).toReceiveCommandWith(GenerateMacCommand, { KeyId: KEY_ARN, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(digest, 'hex') });
  });

  it('checks a keyed hash with VerifyMac', async () => {
    // Prepare
    const digest = sha256('event');
    kms.on(VerifyMacCommand).resolves({ MacValid: true, KeyId: KEY_ARN });

    // Act
    const holds = await new KmsChainKey(KEY_ARN, kms as unknown as KMSClient).verify(digest, 'cd'.repeat(32));

    // Assess
    expect(holds).toBe(true);
    expect(kms).toReceiveCommandWith(VerifyMacCommand, {
      KeyId: KEY_ARN,
      MacAlgorithm: 'HMAC_SHA_256',
      Message: Buffer.from(digest, 'hex'),
      Mac: Buffer.from('cd'.repeat(32), 'hex'),
    });
  });

  it('answers false when KMS says the MAC is invalid (KMSInvalidMacException), and passes on other errors', async () => {
    // Prepare
    const digest = sha256('event');
    const key = new KmsChainKey(KEY_ARN, kms as unknown as KMSClient);
    kms
      .on(VerifyMacCommand)
      .rejectsOnce(new KMSInvalidMacException({ message: 'invalid', $metadata: {} }))
      .rejectsOnce(new Error('throttled'));

    // Act
    const first = await key.verify(digest, 'cd'.repeat(32));
    const second = key.verify(digest, 'cd'.repeat(32));

    // Assess
    expect(first).toBe(false);
    await expect(second).rejects.toThrow('throttled');
  });

  it('asks KMS nothing for a MAC that is not 64 hex characters', async () => {
    // Prepare
    const key = new KmsChainKey(KEY_ARN, kms as unknown as KMSClient);

    // Act
    const holds = await key.verify(sha256('event'), 'not-a-mac');

    // Assess
    expect(holds).toBe(false);
    expect(kms).not.toHaveReceivedCommand(VerifyMacCommand);
  });
});

describe('canonicalJson', () => {
  it('gives the same text whatever the key order, at every depth', () => {
    // Prepare
    const a = { z: 1, a: { y: [1, { d: 2, c: 3 }], b: null }, m: 'text' };
    const b = { m: 'text', a: { b: null, y: [1, { c: 3, d: 2 }] }, z: 1 };

    // Act
    const left = canonicalJson(a);
    const right = canonicalJson(b);

    // Assess
    expect(left).toBe(right);
    expect(left).toBe('{"a":{"b":null,"y":[1,{"c":3,"d":2}]},"m":"text","z":1}');
  });

  it('keeps the order of array items', () => {
    // Prepare
    const forward = [1, 2, 3];
    const backward = [3, 2, 1];

    // Act
    const left = canonicalJson(forward);
    const right = canonicalJson(backward);

    // Assess
    expect(left).not.toBe(right);
    expect(left).toBe('[1,2,3]');
  });

  it('leaves out undefined properties, as JSON.stringify does', () => {
    // Prepare
    const withUndefined = { kind: 'subject', id: undefined };

    // Act
    const text = canonicalJson(withUndefined);

    // Assess
    expect(text).toBe('{"kind":"subject"}');
    expect(text).toBe(canonicalJson({ kind: 'subject' }));
  });

  it.each([
    { value: 'a "quoted" \\ value', expected: '"a \\"quoted\\" \\\\ value"' },
    { value: 42, expected: '42' },
    { value: true, expected: 'true' },
    { value: null, expected: 'null' },
    { value: { 'key "x"': 1 }, expected: '{"key \\"x\\"":1}' },
  ])('encodes $value as JSON does', ({ value, expected }) => {
    // Prepare: the value is the row

    // Act
    const text = canonicalJson(value);

    // Assess
    expect(text).toBe(expected);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('makes the event digest independent of key order', async () => {
    // Prepare
    const [event] = await buildChain();
    const { hash, ...unsealed } = event!;
    const reordered = {
      type: unsealed.type,
      prevHash: unsealed.prevHash,
      data: Object.fromEntries(Object.entries(unsealed.data).reverse()),
      actor: { id: unsealed.actor.id, kind: unsealed.actor.kind },
      at: unsealed.at,
      seq: unsealed.seq,
      requestId: unsealed.requestId,
      purgeAt: unsealed.purgeAt,
    } as UnsealedEvent;

    // Act
    const digest = eventDigest(reordered);

    // Assess
    expect(digest).toBe(eventDigest(unsealed));
    expect(await KEY.verify(digest, hash)).toBe(true);
  });
});
