import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, extendChain, GENESIS_HASH, hashEvent, sealEvent, verifyChain, type AuditEvent, type UnsealedEvent } from '../../shared/audit/chain.js';

const REQUEST_ID = '01JZ8Q4W6T3M2K9N5P7R1S0V2X';

type NewEvent = Omit<UnsealedEvent, 'seq' | 'prevHash'>;

const NEW_EVENTS: readonly NewEvent[] = [
  {
    requestId: REQUEST_ID,
    type: 'request.received',
    at: '2026-03-02T09:00:00.000Z',
    actor: { kind: 'system', id: 'api' },
    data: { channel: 'web', jurisdiction: 'gdpr' },
  },
  {
    requestId: REQUEST_ID,
    type: 'verification.requested',
    at: '2026-03-02T09:00:01.000Z',
    actor: { kind: 'workflow', id: 'verify' },
    data: { level: 'email' },
  },
  { requestId: REQUEST_ID, type: 'verification.confirmed', at: '2026-03-02T10:15:00.000Z', actor: { kind: 'subject' }, data: { attempts: 1, late: false } },
  {
    requestId: REQUEST_ID,
    type: 'request.completed',
    at: '2026-03-05T16:30:00.000Z',
    actor: { kind: 'operator', id: 'op-7' },
    data: { systems: 3, note: null },
  },
];

/** A fresh, valid chain of four events; every call builds new objects, so tests may edit them freely. */
function buildChain(): AuditEvent[] {
  return extendChain({ seq: 0, hash: GENESIS_HASH }, NEW_EVENTS);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type Tamper = (event: AuditEvent) => void;

const TAMPERS: Record<'data' | 'type' | 'at' | 'actor' | 'hash' | 'requestId' | 'prevHash', Tamper> = {
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
};

const tamperCases = Object.keys(TAMPERS).flatMap((field) => [1, 2, 3, 4].map((seq) => ({ field: field as keyof typeof TAMPERS, seq })));

describe('extendChain', () => {
  it('numbers a new chain 1..n and links the first event to the genesis hash', () => {
    // Prepare
    const head = { seq: 0, hash: GENESIS_HASH };

    // Act
    const chain = extendChain(head, NEW_EVENTS);

    // Assess
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    for (const event of chain) {
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(event.hash).toBe(hashEvent(event));
    }
    expect(new Set(chain.map((e) => e.hash)).size).toBe(chain.length);
  });

  it('keeps each event as given, adding only seq, prevHash and hash', () => {
    // Prepare
    const head = { seq: 0, hash: GENESIS_HASH };

    // Act
    const chain = extendChain(head, NEW_EVENTS);

    // Assess
    chain.forEach((event, i) => {
      const { seq, prevHash, hash, ...rest } = event;
      expect(rest).toEqual(NEW_EVENTS[i]);
      expect({ seq, prevHash, hash }).toEqual({ seq: i + 1, prevHash: expect.any(String), hash: expect.any(String) });
    });
  });

  it('continues the numbering and the links when appending to an existing head', () => {
    // Prepare
    const first = extendChain({ seq: 0, hash: GENESIS_HASH }, NEW_EVENTS.slice(0, 2));
    const head = first.at(-1)!;

    // Act
    const appended = extendChain({ seq: head.seq, hash: head.hash }, NEW_EVENTS.slice(2));

    // Assess
    expect(appended.map((e) => e.seq)).toEqual([3, 4]);
    expect(appended[0]!.prevHash).toBe(head.hash);
    expect(appended[1]!.prevHash).toBe(appended[0]!.hash);
    expect([...first, ...appended]).toEqual(buildChain());
    expect(verifyChain([...first, ...appended])).toEqual({ valid: true, length: 4 });
  });

  it('returns no events when given none', () => {
    // Prepare
    const head = { seq: 5, hash: 'a'.repeat(64) };

    // Act
    const chain = extendChain(head, []);

    // Assess
    expect(chain).toEqual([]);
  });
});

describe('hashEvent and sealEvent', () => {
  it('hashes SHA-256 over the canonical JSON of every field but the hash', () => {
    // Prepare
    const event: UnsealedEvent = {
      requestId: 'R1',
      seq: 1,
      type: 'request.received',
      at: '2026-03-02T09:00:00.000Z',
      actor: { kind: 'system', id: 'api' },
      data: { b: 1, a: 'x' },
      prevHash: GENESIS_HASH,
    };
    const expectedText =
      `{"actor":{"id":"api","kind":"system"},"at":"2026-03-02T09:00:00.000Z","data":{"a":"x","b":1},` +
      `"prevHash":"${GENESIS_HASH}","requestId":"R1","seq":1,"type":"request.received"}`;

    // Act
    const sealed = sealEvent(event);

    // Assess
    expect(sealed.hash).toBe(sha256(expectedText));
    expect(hashEvent(event)).toBe(sha256(expectedText));
    expect(hashEvent(sealed)).toBe(sealed.hash);
    expect(sealed).toEqual({ ...event, hash: sha256(expectedText) });
  });

  it('ignores fields outside the event, such as storage attributes', () => {
    // Prepare
    const [event] = buildChain();
    const stored = { ...event!, purgeAt: 1_800_000_000 } as AuditEvent;

    // Act
    const hash = hashEvent(stored);

    // Assess
    expect(hash).toBe(event!.hash);
  });
});

describe('verifyChain', () => {
  it('accepts a chain built by extendChain', () => {
    // Prepare
    const chain = buildChain();

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toEqual({ valid: true, length: 4 });
  });

  it('accepts a chain of one event', () => {
    // Prepare
    const chain = buildChain().slice(0, 1);

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toEqual({ valid: true, length: 1 });
  });

  it('refuses an empty chain', () => {
    // Prepare
    const chain: AuditEvent[] = [];

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toEqual({ valid: false, length: 0, reason: 'the chain is empty' });
    expect(result.brokenAt).toBeUndefined();
  });

  it.each(tamperCases)('finds a change to $field of event $seq at that event', ({ field, seq }) => {
    // Prepare
    const chain = buildChain();
    TAMPERS[field](chain[seq - 1]!);

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result.valid).toBe(false);
    expect(result.brokenAt).toBe(seq);
    expect(result.length).toBe(4);
    expect(result.reason).toEqual(expect.any(String));
  });

  it.each([1, 2, 3, 4])('finds a subtle change to the data of event %i', (seq) => {
    // Prepare: a number becomes the same digits as a string; a string gains a trailing space
    const chain = buildChain();
    const event = chain[seq - 1]!;
    const [key, value] = Object.entries(event.data)[0]!;
    event.data = { ...event.data, [key]: typeof value === 'string' ? `${value} ` : String(value) };

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toMatchObject({ valid: false, brokenAt: seq });
  });

  it('names the event whose hash no longer matches its content', () => {
    // Prepare
    const chain = buildChain();
    chain[1]!.data = { level: 'none' };

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toEqual({ valid: false, length: 4, brokenAt: 2, reason: 'the event does not match its hash' });
  });

  it('names the event whose link to the one before no longer holds', () => {
    // Prepare: event 2 is edited and re-sealed, so its own hash holds but event 3 points at the old one
    const chain = buildChain();
    const { hash: _old, ...unsealed } = chain[1]!;
    chain[1] = sealEvent({ ...unsealed, data: { level: 'none' } });

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toEqual({ valid: false, length: 4, brokenAt: 3, reason: 'the link to the previous event does not match' });
  });

  it.each([
    { removed: 1, brokenAt: 2 },
    { removed: 2, brokenAt: 3 },
    { removed: 3, brokenAt: 4 },
  ])('refuses the chain when event $removed is removed (breaks at event $brokenAt)', ({ removed, brokenAt }) => {
    // Prepare
    const chain = buildChain().filter((e) => e.seq !== removed);

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toMatchObject({ valid: false, length: 3, brokenAt });
  });

  it('refuses the chain when an event is removed and the rest renumbered', () => {
    // Prepare
    const chain = buildChain()
      .filter((e) => e.seq !== 2)
      .map((e, i) => ({ ...e, seq: i + 1 }));

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it("accepts a chain cut short at the end: only the request record's head pointer can show that", () => {
    // Prepare
    const chain = buildChain().slice(0, 3);

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toEqual({ valid: true, length: 3 });
  });

  it.each([
    { note: 'two neighbours swapped', order: [1, 3, 2, 4], brokenAt: 3 },
    { note: 'first and last swapped', order: [4, 2, 3, 1], brokenAt: 4 },
    { note: 'reversed', order: [4, 3, 2, 1], brokenAt: 4 },
    { note: 'rotated by one', order: [2, 3, 4, 1], brokenAt: 2 },
  ])('refuses reordered events ($note)', ({ order, brokenAt }) => {
    // Prepare
    const original = buildChain();
    const chain = order.map((seq) => original[seq - 1]!);

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toMatchObject({ valid: false, length: 4, brokenAt });
  });

  it('refuses reordered events even when their numbers are rewritten to 1..n', () => {
    // Prepare
    const original = buildChain();
    const chain = [original[0]!, original[2]!, original[1]!, original[3]!].map((e, i) => ({ ...e, seq: i + 1 }));

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('refuses a duplicated event', () => {
    // Prepare
    const original = buildChain();
    const chain = [original[0]!, original[1]!, original[1]!, original[2]!, original[3]!];

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toMatchObject({ valid: false, length: 5, brokenAt: 2 });
  });

  it('refuses a chain that does not start at the genesis hash', () => {
    // Prepare: a well-formed tail, appended after a head that is not part of the list
    const chain = extendChain({ seq: 0, hash: 'a'.repeat(64) }, NEW_EVENTS);

    // Act
    const result = verifyChain(chain);

    // Assess
    expect(result).toEqual({ valid: false, length: 4, brokenAt: 1, reason: 'the link to the previous event does not match' });
  });

  it('refuses the appended part on its own, since it does not start at seq 1', () => {
    // Prepare
    const first = buildChain().slice(0, 2);
    const appended = extendChain({ seq: 2, hash: first[1]!.hash }, NEW_EVENTS.slice(2));

    // Act
    const result = verifyChain(appended);

    // Assess
    expect(result).toMatchObject({ valid: false, length: 2 });
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

  it('makes the event hash independent of key order', () => {
    // Prepare
    const [event] = buildChain();
    const { hash, ...unsealed } = event!;
    const reordered = {
      type: unsealed.type,
      prevHash: unsealed.prevHash,
      data: Object.fromEntries(Object.entries(unsealed.data).reverse()),
      actor: { id: unsealed.actor.id, kind: unsealed.actor.kind },
      at: unsealed.at,
      seq: unsealed.seq,
      requestId: unsealed.requestId,
    } as UnsealedEvent;

    // Act
    const rehashed = hashEvent(reordered);

    // Assess
    expect(rehashed).toBe(hash);
  });
});
