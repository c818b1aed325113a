import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalChainKey } from '../../shared/audit/chain-key.js';
import { AggregateReader, monthAggregatesOf } from '../../shared/reports/aggregate-store.js';
import {
  AGGREGATION_VERSION,
  aggregateDelta,
  contribution,
  daysBetween,
  isoWeekOf,
  isoWeekStart,
  monthAggregateId,
  TOTALS_ID,
  weekAggregateId,
} from '../../shared/reports/aggregates.js';
import { backfillAggregates } from '../../shared/reports/backfill.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { requestRecord } from '../support/request-record.js';

const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const store = () => new RequestStore({ requestsTable: 'requests', auditTable: 'audit', client, chainKey: new LocalChainKey(Buffer.alloc(32, 5)) });
const event = { type: 'request.completed', at: '2026-03-20T10:00:00.000Z', actor: { kind: 'system' as const }, data: {} };

/** The updates of the one transaction written, as item id → counters added. */
function addedInTransaction(call = 0): Map<string, Record<string, number>> {
  const items = documents.commandCalls(TransactWriteCommand)[call]!.args[0].input.TransactItems!;
  const added = new Map<string, Record<string, number>>();
  for (const item of items) {
    const update = item.Update;
    if (update?.TableName !== 'requests' || !String(update.Key?.id).startsWith('report#')) continue;
    const counters: Record<string, number> = {};
    for (const [placeholder, name] of Object.entries(update.ExpressionAttributeNames!)) {
      counters[name] = update.ExpressionAttributeValues![placeholder.replace('#', ':')] as number;
    }
    added.set(String(update.Key!.id), counters);
  }
  return added;
}

afterEach(() => documents.reset());

describe('isoWeekOf', () => {
  it.each([
    ['2026-01-01', '2026-W01'],
    ['2025-12-29', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2026-03-01', '2026-W09'],
    ['2026-03-02', '2026-W10'],
    ['2024-12-30', '2025-W01'],
  ])('puts %s in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('starts every week on the Monday whose week it is', () => {
    for (const week of ['2026-W01', '2026-W10', '2026-W53', '2027-W01', '2025-W01']) {
      const monday = isoWeekStart(week);
      expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(isoWeekOf(monday)).toBe(week);
    }
  });
});

describe('contribution', () => {
  it('counts an open request as received in its month and week, and its deadline in the week it falls due', () => {
    // Prepare: received 1 March 2026 (Berlin), due 1 April
    const open = requestRecord('verified');

    // Act
    const delta = contribution(open);

    // Assess
    expect(Object.fromEntries(delta)).toEqual({
      [monthAggregateId('2026-03')]: { 'gdpr.access.received': 1 },
      [weekAggregateId('2026-W09')]: { 'received.gdpr.access': 1 },
      [weekAggregateId('2026-W14')]: { due: 1 },
      [TOTALS_ID]: { received: 1, due: 1 },
    });
  });

  it('counts an answer in the month it was given, with its whole days and whether it was on time', () => {
    // Prepare: answered 20 March in Berlin (19 days after receipt), before the due date
    const completed = requestRecord('completed', { closedAt: '2026-03-20T10:00:00.000Z' });

    // Act
    const delta = contribution(completed);

    // Assess
    expect(delta.get(monthAggregateId('2026-03'))).toEqual({
      'gdpr.access.received': 1,
      'gdpr.access.completed': 1,
      'gdpr.access.answered': 1,
      'gdpr.access.answeredOnTime': 1,
      'gdpr.access.daysTotal': 19,
      'gdpr.access.days.19': 1,
    });
    expect(delta.get(weekAggregateId('2026-W12'))).toEqual({ closed: 1 });
    expect(delta.get(weekAggregateId('2026-W14'))).toEqual({ due: 1, dueMet: 1 });
    expect(delta.get(TOTALS_ID)).toEqual({ received: 1, due: 1, closed: 1, dueMet: 1 });
  });

  it('dates a close by the day in the law’s time zone, not in UTC', () => {
    // Prepare: 23:30 UTC on 31 March is 1 April in Berlin, the due day
    const late = requestRecord('denied', { closedAt: '2026-03-31T23:30:00.000Z', denial: { code: 'excessive', reason: 'x' }, dueAt: '2026-03-31' });

    // Act
    const delta = contribution(late);

    // Assess
    expect(delta.get(monthAggregateId('2026-04'))).toEqual({
      'gdpr.access.denied': 1,
      'gdpr.access.denied.excessive': 1,
      'gdpr.access.answered': 1,
      'gdpr.access.daysTotal': 31,
      'gdpr.access.days.31': 1,
    });
    expect(delta.get(weekAggregateId('2026-W14'))).toEqual({ due: 1, closed: 1, closedLate: 1 });
  });

  it('counts an expired or cancelled request as closed, but not as answered', () => {
    for (const status of ['expired', 'cancelled'] as const) {
      const delta = contribution(requestRecord(status, { closedAt: '2026-03-10T10:00:00.000Z' }));
      expect(delta.get(monthAggregateId('2026-03'))).toEqual({ 'gdpr.access.received': 1, [`gdpr.access.${status}`]: 1 });
    }
  });

  it('puts answers past 365 days in one bucket, their days still in the total', () => {
    const slow = requestRecord('completed', { closedAt: '2027-04-01T10:00:00.000Z', dueAt: '2026-04-01' });
    expect(contribution(slow).get(monthAggregateId('2027-04'))).toMatchObject({
      'gdpr.access.days.over': 1,
      'gdpr.access.daysTotal': daysBetween('2026-03-01', '2027-04-01'),
    });
  });
});

describe('aggregateDelta', () => {
  it('moves only the deadline when a counted request is extended', () => {
    const before = requestRecord('in-progress', { aggregated: AGGREGATION_VERSION });
    const after = { ...before, dueAt: '2026-06-01' };
    expect(Object.fromEntries(aggregateDelta(before, after))).toEqual({
      [weekAggregateId('2026-W14')]: { due: -1 },
      [weekAggregateId('2026-W23')]: { due: 1 },
    });
  });

  it('adds a close to a counted request and nothing else', () => {
    const before = requestRecord('in-progress', { aggregated: AGGREGATION_VERSION });
    const after = requestRecord('partially-completed', { closedAt: '2026-03-02T10:00:00.000Z' });
    const delta = aggregateDelta(before, after);
    expect(delta.get(monthAggregateId('2026-03'))).toEqual({
      'gdpr.access.partially-completed': 1,
      'gdpr.access.answered': 1,
      'gdpr.access.answeredOnTime': 1,
      'gdpr.access.daysTotal': 1,
      'gdpr.access.days.1': 1,
    });
    expect(delta.get(TOTALS_ID)).toEqual({ closed: 1, dueMet: 1 });
  });

  it('adds nothing when a closed request is written again (a notice sent)', () => {
    const closed = requestRecord('completed', { closedAt: '2026-03-20T10:00:00.000Z', aggregated: AGGREGATION_VERSION });
    expect(aggregateDelta(closed, { ...closed, updatedAt: '2026-03-21T10:00:00.000Z' }).size).toBe(0);
  });

  it('counts the whole of a request that was never counted', () => {
    const before = requestRecord('in-progress');
    const after = requestRecord('completed', { closedAt: '2026-03-20T10:00:00.000Z' });
    expect(aggregateDelta(before, after)).toEqual(contribution(after));
  });
});

describe('RequestStore and the report aggregates', () => {
  it('adds the filing to the aggregates in the transaction that writes the request', async () => {
    // Prepare
    documents.on(TransactWriteCommand).resolves({});
    const { auditSeq: _seq, auditHead: _head, ...request } = requestRecord('received', { version: 1 });

    // Act
    const created = await store().create(request, [{ ...event, type: 'request.received' }]);

    // Assess
    expect(created.aggregated).toBe(AGGREGATION_VERSION);
    expect(addedInTransaction().get(TOTALS_ID)).toEqual({ received: 1, due: 1 });
    expect(documents).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('counts a close once when the retry of a landed close finds its own write', async () => {
    // Prepare: the first attempt lands (its answer is lost), the SDK's retry fails on the version check
    const open = requestRecord('in-progress', { aggregated: AGGREGATION_VERSION });
    let landed: RequestRecord | undefined;
    documents
      .on(TransactWriteCommand)
      .callsFakeOnce((input: { TransactItems: { Put?: { Item: RequestRecord } }[] }) => {
        landed = input.TransactItems[0]!.Put!.Item;
        return {};
      })
      .rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }));
    documents.on(GetCommand).callsFake(() => ({ Item: landed }));
    const first = await store().transition(open, 'completed', [event], {}, new Date('2026-03-20T10:00:00.000Z'));

    // Act: the same close sent again with the record read before it
    const retried = await store().transition(open, 'completed', [event], {}, new Date('2026-03-20T10:00:05.000Z'));

    // Assess: the retry carried the same counters in a transaction DynamoDB cancelled as a whole, and
    // is taken as the write that landed; only the first transaction's counters were added
    expect(first.closedAt).toBe('2026-03-20T10:00:00.000Z');
    expect(addedInTransaction(0).get(TOTALS_ID)).toEqual({ closed: 1, dueMet: 1 });
    expect(addedInTransaction(1).get(TOTALS_ID)).toEqual({ closed: 1, dueMet: 1 });
    expect(retried.version).toBe(first.version);
    expect(documents).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('sends a transaction again when it met another on an aggregate item', async () => {
    // Prepare
    documents
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({ message: 'conflict', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] }),
      )
      .resolves({});
    const open = requestRecord('in-progress', { aggregated: AGGREGATION_VERSION });

    // Act
    const closed = await store().transition(open, 'cancelled', [event]);

    // Assess
    expect(closed.status).toBe('cancelled');
    expect(documents).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });
});

describe('backfillAggregates', () => {
  it('counts the requests never counted, marks them, leaves counted ones alone, and marks an open one for the queue index', async () => {
    // Prepare
    const uncounted = requestRecord('completed', { id: '01JOLD00000000000000000001', closedAt: undefined, updatedAt: '2026-03-20T10:00:00.000Z' });
    const counted = requestRecord('verified', { id: '01JNEW00000000000000000001', aggregated: AGGREGATION_VERSION });
    documents.on(TransactWriteCommand).resolves({});
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    documents.on(QueryCommand).resolves({ Items: [counted, uncounted] });

    // Act
    const result = await backfillAggregates(store());

    // Assess
    expect(result).toEqual({ read: 2, counted: 1, already: 1, skipped: [], queued: 1 });
    expect(documents).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { id: counted.id },
      UpdateExpression: 'SET #queue = :open',
      ConditionExpression: '#version = :version AND attribute_not_exists(#queue)',
      ExpressionAttributeValues: { ':open': 'open', ':version': counted.version },
    });
    expect(documents).toHaveReceivedCommandTimes(UpdateCommand, 1);
    const items = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update).toMatchObject({
      Key: { id: uncounted.id },
      ConditionExpression: '#version = :version AND attribute_not_exists(#aggregated)',
      ExpressionAttributeValues: { ':version': uncounted.version, ':next': uncounted.version + 1, ':closedAt': '2026-03-20T10:00:00.000Z' },
    });
    expect(addedInTransaction().get(TOTALS_ID)).toEqual({ received: 1, due: 1, closed: 1, dueMet: 1 });
  });
});

describe('AggregateReader', () => {
  it('reads a year as twelve month items by key and splits them by law and type', async () => {
    // Prepare
    documents.on(BatchGetCommand).resolves({
      Responses: { requests: [{ id: monthAggregateId('2026-03'), 'gdpr.access.received': 2, 'ccpa.deletion.received': 1, 'ccpa.deletion.days.4': 1 }] },
    });

    // Act
    const months = await new AggregateReader({ requestsTable: 'requests', client }).year(2026);

    // Assess
    expect(documents).toHaveReceivedCommandTimes(BatchGetCommand, 1);
    expect(documents.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!.requests!.Keys).toHaveLength(12);
    expect(months).toEqual([
      { month: '2026-03', law: 'gdpr', type: 'access', counters: { received: 2 } },
      { month: '2026-03', law: 'ccpa', type: 'deletion', counters: { received: 1, 'days.4': 1 } },
    ]);
  });

  it('ignores attributes that name no law and type', () => {
    expect(monthAggregatesOf('2026-03', { id: 'x', 'xx.access.received': 1, 'gdpr.nothing.received': 1, note: 'text' })).toEqual([]);
  });
});
