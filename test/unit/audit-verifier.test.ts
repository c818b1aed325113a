import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anchorChains } from '../../shared/audit/anchor-chains.js';
import { S3AnchorStore } from '../../shared/audit/anchor-store.js';
import { sealAnchor, type Anchor } from '../../shared/audit/anchors.js';
import { DynamoAuditLog } from '../../shared/audit/audit-log.js';
import { eventDigest, extendChain, GENESIS_HASH, sealEvent, type AuditEvent } from '../../shared/audit/chain.js';
import { LocalChainKey } from '../../shared/audit/chain-key.js';
import { verifyAudit, type VerifyAuditDeps } from '../../shared/audit/verify-audit.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { requestRecord } from '../support/request-record.js';

const KEY = new LocalChainKey(Buffer.alloc(32, 5));
const OTHER_KEY = new LocalChainKey(Buffer.alloc(32, 6));
const PURGE_AT = Math.floor(Date.parse('2029-11-30T00:00:00.000Z') / 1000);
const REQUEST_A = '01KB0AAAAAAAAAAAAAAAAAAAAA';
const REQUEST_B = '01KB0BBBBBBBBBBBBBBBBBBBBB';

const dynamo = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const s3Client = new S3Client({ region: 'eu-central-1' });

type StoredEvent = AuditEvent & { anchorDay: string };

/** What the mocked table and bucket hold: events by request, request records, anchor objects by key. */
let events: StoredEvent[];
let requests: Map<string, RequestRecord>;
let objects: Map<string, string>;

function backTheMocks(): void {
  dynamo.on(QueryCommand).callsFake((input: { IndexName?: string; ExpressionAttributeValues: Record<string, string> }) => {
    const value = Object.values(input.ExpressionAttributeValues)[0];
    const items = input.IndexName === 'byAnchorDay' ? events.filter((e) => e.anchorDay === value) : events.filter((e) => e.requestId === value);
    return { Items: structuredClone(items).sort((a, b) => a.requestId.localeCompare(b.requestId) || a.seq - b.seq) };
  });
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const text = objects.get(input.Key);
    if (text === undefined) throw Object.assign(new Error('no such key'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    return { Body: { transformToString: async () => text } };
  });
  s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string; IfNoneMatch?: string }) => {
    if (input.IfNoneMatch === '*' && objects.has(input.Key))
      throw Object.assign(new Error('exists'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    objects.set(input.Key, input.Body);
    return {};
  });
  s3.on(ListObjectsV2Command).callsFake((input: { StartAfter?: string }) => ({
    Contents: [...objects.keys()].filter((key) => !input.StartAfter || key > input.StartAfter).map((Key) => ({ Key })),
    IsTruncated: false,
  }));
}

/** Appends events to a request's chain as the store does, written on `day`. */
async function append(requestId: string, day: string, types: readonly string[], key = KEY): Promise<void> {
  const chain = events.filter((e) => e.requestId === requestId);
  const head = chain.at(-1) ?? { seq: 0, hash: GENESIS_HASH };
  const sealed = await extendChain(
    key,
    head,
    types.map((type) => ({ requestId, type, at: `${day}T10:00:00.000Z`, actor: { kind: 'system' as const }, data: { step: type }, purgeAt: PURGE_AT })),
  );
  events.push(...sealed.map((event) => ({ ...event, anchorDay: day })));
  const last = sealed.at(-1)!;
  requests.set(requestId, requestRecord('in-progress', { id: requestId, createdAt: '2026-11-28T09:00:00.000Z', auditSeq: last.seq, auditHead: last.hash }));
}

const anchors = () => new S3AnchorStore('anchors', s3Client);
const deps = (now: string): VerifyAuditDeps => ({
  log: new DynamoAuditLog('audit', documents),
  anchors: anchors(),
  key: KEY,
  request: async (id) => requests.get(id),
  now: new Date(now),
});
/** Runs the daily anchoring as the schedule would at `now`. */
const anchorAt = (now: string) => anchorChains({ log: new DynamoAuditLog('audit', documents), anchors: anchors(), key: KEY, now: new Date(now) });
const eventOf = (requestId: string, seq: number) => events.find((e) => e.requestId === requestId && e.seq === seq)!;

/**
 * Two requests: A written on 28, 29 and 30 November (5 events), B on 29 November (2 events); the
 * anchors of 28, 29 and 30 November written each next morning.
 */
async function anchoredHistory(): Promise<void> {
  await append(REQUEST_A, '2026-11-28', ['request.received', 'request.awaiting-verification']);
  await anchorAt('2026-11-29T00:15:00.000Z');
  await append(REQUEST_A, '2026-11-29', ['verification.confirmed']);
  await append(REQUEST_B, '2026-11-29', ['request.received', 'request.awaiting-verification']);
  await anchorAt('2026-11-30T00:15:00.000Z');
  await append(REQUEST_A, '2026-11-30', ['request.in-progress', 'request.completed']);
  await anchorAt('2026-12-01T00:15:00.000Z');
}

const NOW = '2026-12-01T12:00:00.000Z';

beforeEach(() => {
  events = [];
  requests = new Map();
  objects = new Map();
  backTheMocks();
});
afterEach(() => {
  dynamo.reset();
  s3.reset();
});

describe('anchorChains', () => {
  it("anchors yesterday on the first run: each chain's last event of that day, keyed, with no anchor before it", async () => {
    // Prepare
    await append(REQUEST_A, '2026-11-28', ['request.received', 'request.awaiting-verification']);
    await append(REQUEST_B, '2026-11-28', ['request.received']);

    // Act
    const run = await anchorAt('2026-11-29T00:15:00.000Z');

    // Assess
    expect(run).toEqual({ anchored: [{ day: '2026-11-28', chains: 2 }], existing: [] });
    const anchor = JSON.parse(objects.get('anchors/2026-11-28.json')!) as Anchor;
    expect(anchor.previous).toBeNull();
    expect(anchor.heads).toEqual([
      { requestId: REQUEST_A, seq: 2, hash: eventOf(REQUEST_A, 2).hash, purgeAt: PURGE_AT },
      { requestId: REQUEST_B, seq: 1, hash: eventOf(REQUEST_B, 1).hash, purgeAt: PURGE_AT },
    ]);
    expect(anchor.hash).toBe((await sealAnchor(KEY, { version: 1, day: anchor.day, heads: anchor.heads, previous: null })).hash);
    expect(s3).toReceiveCommandWith(PutObjectCommand, { Bucket: 'anchors', Key: 'anchors/2026-11-28.json', IfNoneMatch: '*' });
    expect(dynamo).toReceiveCommandWith(QueryCommand, { IndexName: 'byAnchorDay', ExpressionAttributeValues: { ':day': '2026-11-28' } });
  });

  it('catches up the days a run missed, each linked to the anchor before, a day without writes too', async () => {
    // Prepare: 28 November anchored; the runs of 30 November and 1 December did not happen
    await append(REQUEST_A, '2026-11-28', ['request.received']);
    await anchorAt('2026-11-29T00:15:00.000Z');
    await append(REQUEST_A, '2026-11-30', ['verification.confirmed']);

    // Act
    const run = await anchorAt('2026-12-02T00:15:00.000Z');

    // Assess
    expect(run.anchored).toEqual([
      { day: '2026-11-29', chains: 0 },
      { day: '2026-11-30', chains: 1 },
      { day: '2026-12-01', chains: 0 },
    ]);
    const read = (day: string) => JSON.parse(objects.get(`anchors/${day}.json`)!) as Anchor;
    expect(read('2026-11-29').previous).toEqual({ day: '2026-11-28', hash: read('2026-11-28').hash });
    expect(read('2026-11-30').previous).toEqual({ day: '2026-11-29', hash: read('2026-11-29').hash });
    expect(read('2026-12-01').previous).toEqual({ day: '2026-11-30', hash: read('2026-11-30').hash });
  });

  it('writes nothing again when run twice on a day', async () => {
    // Prepare
    await append(REQUEST_A, '2026-11-28', ['request.received']);
    await anchorAt('2026-11-29T00:15:00.000Z');
    const first = objects.get('anchors/2026-11-28.json');

    // Act
    const again = await anchorAt('2026-11-29T06:00:00.000Z');

    // Assess
    expect(again).toEqual({ anchored: [], existing: [] });
    expect(objects.get('anchors/2026-11-28.json')).toBe(first);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
  });
});

describe('verifyAudit of one request', () => {
  it('holds for an untouched chain, anchored through its last event', async () => {
    // Prepare
    await anchoredHistory();

    // Act
    const result = await verifyAudit(deps(NOW), { requestId: REQUEST_A });

    // Assess
    expect(result).toEqual({
      valid: true,
      from: '2026-11-28',
      through: '2026-11-30',
      anchors: { checked: 3, missing: [], broken: [] },
      checkedChains: 1,
      chains: [{ requestId: REQUEST_A, valid: true, length: 5, anchoredAt: { day: '2026-11-30', seq: 5 } }],
    });
  });

  it('finds an edited event where it was edited', async () => {
    // Prepare
    await anchoredHistory();
    eventOf(REQUEST_A, 3).data = { step: 'verification.skipped' };

    // Act
    const result = await verifyAudit(deps(NOW), { requestId: REQUEST_A });

    // Assess
    expect(result.valid).toBe(false);
    expect(result.chains[0]).toMatchObject({ valid: false, brokenAt: 3, reason: expect.stringContaining('does not match its keyed hash') });
  });

  it('finds a deleted event where it is missing', async () => {
    // Prepare
    await anchoredHistory();
    events = events.filter((e) => !(e.requestId === REQUEST_A && e.seq === 2));

    // Act
    const result = await verifyAudit(deps(NOW), { requestId: REQUEST_A });

    // Assess
    expect(result.chains[0]).toMatchObject({ valid: false, length: 4, brokenAt: 2, reason: 'event 2 is missing: event 3 follows event 1' });
  });

  it('finds deleted last events through the anchor, even when the request record was wound back to match', async () => {
    // Prepare: events 4 and 5 removed, and the request's head pointer set to event 3
    await anchoredHistory();
    events = events.filter((e) => !(e.requestId === REQUEST_A && e.seq > 3));
    requests.set(REQUEST_A, { ...requests.get(REQUEST_A)!, auditSeq: 3, auditHead: eventOf(REQUEST_A, 3).hash });

    // Act
    const result = await verifyAudit(deps(NOW), { requestId: REQUEST_A });

    // Assess
    expect(result.chains[0]).toMatchObject({ valid: false, length: 3, brokenAt: 5, reason: 'event 5 is gone, though the anchor of 2026-11-30 holds it' });
  });

  it('finds reordered events where the order breaks', async () => {
    // Prepare: events 2 and 3 swap places (their numbers swapped in the table)
    await anchoredHistory();
    const [second, third] = [eventOf(REQUEST_A, 2), eventOf(REQUEST_A, 3)];
    [second.seq, third.seq] = [3, 2];

    // Act
    const result = await verifyAudit(deps(NOW), { requestId: REQUEST_A });

    // Assess
    expect(result.chains[0]).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('finds a chain re-keyed by someone without the audit key, at its first event', async () => {
    // Prepare: the whole chain recomputed, consistently, under another key, and the record pointed at it
    await anchoredHistory();
    events = events.filter((e) => e.requestId !== REQUEST_A);
    await append(REQUEST_A, '2026-11-28', ['request.received', 'request.awaiting-verification', 'verification.confirmed'], OTHER_KEY);
    await append(REQUEST_A, '2026-11-28', ['request.in-progress', 'request.completed'], OTHER_KEY);

    // Act
    const result = await verifyAudit(deps(NOW), { requestId: REQUEST_A });

    // Assess
    expect(result.chains[0]).toMatchObject({ valid: false, brokenAt: 1, reason: expect.stringContaining('sealed without the audit key') });
  });

  it('finds a chain rewritten with the audit key itself after it was anchored, at the first event the anchors pin', async () => {
    // Prepare: an insider holding GenerateMac rewrites event 2 onwards, every link consistent
    await anchoredHistory();
    const chain = events.filter((e) => e.requestId === REQUEST_A);
    let previous = chain[0]!.hash;
    for (const event of chain.slice(1)) {
      const { hash: _old, anchorDay, ...unsealed } = event;
      const resealed = await sealEvent(KEY, { ...unsealed, prevHash: previous, ...(event.seq === 2 ? { data: { step: 'edited' } } : {}) });
      Object.assign(event, resealed, { anchorDay });
      previous = resealed.hash;
    }
    requests.set(REQUEST_A, { ...requests.get(REQUEST_A)!, auditHead: previous });

    // Act
    const result = await verifyAudit(deps(NOW), { requestId: REQUEST_A });

    // Assess
    expect(result.chains[0]).toMatchObject({
      valid: false,
      brokenAt: 2,
      reason: 'event 2 is not the one the anchor of 2026-11-28 holds: the chain was rewritten after it was anchored',
    });
  });

  it("finds an anchor whose content was changed, and a chain the request's head does not end", async () => {
    // Prepare
    await anchoredHistory();
    const anchor = JSON.parse(objects.get('anchors/2026-11-29.json')!) as Anchor;
    objects.set('anchors/2026-11-29.json', JSON.stringify({ ...anchor, heads: [] }));
    requests.set(REQUEST_A, { ...requests.get(REQUEST_A)!, auditSeq: 6 });

    // Act
    const result = await verifyAudit(deps(NOW), { requestId: REQUEST_A });

    // Assess
    expect(result.anchors.broken).toEqual([{ day: '2026-11-29', reason: 'the anchor of 2026-11-29 does not match its keyed hash' }]);
    expect(result.chains[0]).toMatchObject({ valid: false, brokenAt: 6, reason: 'the chain does not end where the request says it does (event 6)' });
  });

  it('says the anchors of days the anchoring missed are missing, and still judges the chain by its keyed hashes', async () => {
    // Prepare: no anchoring ever ran
    await append(REQUEST_A, '2026-11-28', ['request.received', 'request.awaiting-verification']);

    // Act
    const result = await verifyAudit(deps(NOW), { requestId: REQUEST_A });

    // Assess
    expect(result.valid).toBe(true);
    expect(result.anchors).toEqual({ checked: 0, missing: ['2026-11-28', '2026-11-29', '2026-11-30'], broken: [] });
    expect(result.chains[0]).toEqual({ requestId: REQUEST_A, valid: true, length: 2 });
  });

  it('does not judge a chain past its purge time, which TTL removes', async () => {
    // Prepare
    await anchoredHistory();
    events = events.filter((e) => !(e.requestId === REQUEST_A && e.seq <= 2));

    // Act
    const result = await verifyAudit(deps('2029-12-01T00:00:00.000Z'), { requestId: REQUEST_A });

    // Assess
    expect(result.chains[0]).toMatchObject({ requestId: REQUEST_A, valid: true, purged: true });
  });

  it('answers NotFound for a request that is not kept', async () => {
    // Prepare
    await anchoredHistory();

    // Act
    const thrown = await verifyAudit(deps(NOW), { requestId: '01KB0CCCCCCCCCCCCCCCCCCCCC' }).catch((error: unknown) => error);

    // Assess
    expect(thrown).toBeInstanceOf(NotFoundError);
  });
});

describe('verifyAudit since a day', () => {
  it('checks every anchored chain and the ones written to today, listing only those that break', async () => {
    // Prepare: B edited after anchoring; a chain written today is not anchored yet
    await anchoredHistory();
    const today = '01KB0DDDDDDDDDDDDDDDDDDDDD';
    await append(today, '2026-12-01', ['request.received']);
    const edited = eventOf(REQUEST_B, 2);
    edited.hash = await KEY.mac(eventDigest({ ...edited, data: { step: 'other' } }));

    // Act
    const result = await verifyAudit(deps(NOW), { since: '2026-11-28' });

    // Assess
    expect(result.valid).toBe(false);
    expect(result.checkedChains).toBe(3);
    expect(result.chains).toEqual([
      {
        requestId: REQUEST_B,
        valid: false,
        length: 2,
        anchoredAt: { day: '2026-11-29', seq: 2 },
        brokenAt: 2,
        reason: 'event 2 does not match its keyed hash: it was edited, or sealed without the audit key',
      },
    ]);
  });

  it('finds an anchor that does not link to the one before', async () => {
    // Prepare: the anchor of 30 November replaced by one, keyed, that names another predecessor
    await anchoredHistory();
    const anchor = JSON.parse(objects.get('anchors/2026-11-30.json')!) as Anchor;
    const { hash: _hash, ...unsealed } = anchor;
    objects.set('anchors/2026-11-30.json', JSON.stringify(await sealAnchor(KEY, { ...unsealed, previous: { day: '2026-11-28', hash: 'e'.repeat(64) } })));

    // Act
    const result = await verifyAudit(deps(NOW), { since: '2026-11-28' });

    // Assess
    expect(result.valid).toBe(false);
    expect(result.anchors.broken).toEqual([{ day: '2026-11-30', reason: 'the anchor of 2026-11-30 does not link to the anchor of 2026-11-29' }]);
  });

  it.each([
    { since: '2026-11-31', message: 'since must be a day, YYYY-MM-DD.' },
    { since: '2026-12-02', message: 'since may not lie in the future.' },
    { since: '2020-01-01', message: 'since may lie at most 1098 days back.' },
  ])('refuses since $since', async ({ since, message }) => {
    // Prepare: nothing stored

    // Act
    const thrown = await verifyAudit(deps(NOW), { since }).catch((error: unknown) => error);

    // Assess
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as Error).message).toBe(message);
  });
});
