import { LocalChainKey } from '../../shared/audit/chain-key.js';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestStatus } from '../../shared/domain/request-model.js';
import type { Notice } from '../../shared/notices/catalogue.js';
import { deadlineStanding, planSweep, sweepDeadlines } from '../../shared/requests/deadline-sweep.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { requestRecord } from '../support/request-record.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');
const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));

afterEach(() => {
  documents.reset();
});

beforeEach(() => {
  // Closing a request also stamps its audit events with the purge time.
  documents.on(UpdateCommand).resolves({});
});

let counter = 0;
/** A stored request; every id is new unless given. */
function request(overrides: Partial<RequestRecord> & { dueAt?: string; timeZone?: string } = {}): RequestRecord {
  counter += 1;
  const { timeZone = 'Europe/Berlin', ...rest } = overrides;
  const dueAt = overrides.dueAt ?? '2026-04-10';
  return requestRecord('verified', {
    id: `01JREQUEST${String(counter).padStart(16, '0')}`,
    version: 3,
    receivedAt: '2026-02-10T08:00:00.000Z',
    subject: { email: 'marta.keller@example.org', locale: 'de' },
    verification: { level: 'email', state: 'verified' },
    deadlines: { timeZone, receivedOn: '2026-02-10', dueAt, basis: 'GDPR Art. 12(3)', extended: false },
    dueAt,
    auditSeq: 2,
    createdAt: '2026-02-10T08:00:00.000Z',
    updatedAt: '2026-02-10T08:00:00.000Z',
    ...rest,
  });
}

/** A request still waiting for its email confirmation, with its link valid until `validUntil`. */
const unconfirmed = (validUntil: string, overrides: Partial<RequestRecord> = {}) =>
  request({
    status: 'awaiting-verification',
    verification: { level: 'email', state: 'pending', tokenHash: 't'.repeat(64), linkValidUntil: validUntil, linkSentAt: '2026-03-01T08:00:00.000Z' },
    ...overrides,
  });

describe('deadlineStanding', () => {
  it.each([
    // [due date, now, near days, standing]
    ['2026-03-09', '2026-03-10T09:00:00.000Z', 5, 'overdue'],
    ['2026-03-10', '2026-03-10T09:00:00.000Z', 5, 'near-deadline'],
    ['2026-03-15', '2026-03-10T09:00:00.000Z', 5, 'near-deadline'],
    ['2026-03-16', '2026-03-10T09:00:00.000Z', 5, 'on-time'],
    ['2026-03-10', '2026-03-10T09:00:00.000Z', 0, 'near-deadline'],
    ['2026-03-11', '2026-03-10T09:00:00.000Z', 0, 'on-time'],
    // 23:30 UTC is already the next day in Berlin: the deadline of the 10th has passed there.
    ['2026-03-10', '2026-03-10T23:30:00.000Z', 5, 'overdue'],
  ] as const)('a request due %s is %s at %s with %i near days', (dueAt, now, nearDays, standing) => {
    // Prepare
    const due = request({ dueAt });

    // Act
    const result = deadlineStanding(due, new Date(now), nearDays);

    // Assess
    expect(result).toBe(standing);
  });

  it('judges a CCPA request on the calendar of Los Angeles', () => {
    // Prepare: 06:00 UTC on the 10th is still the 9th in California.
    const due = request({ dueAt: '2026-03-09', timeZone: 'America/Los_Angeles', jurisdiction: 'ccpa' });

    // Act
    const result = deadlineStanding(due, new Date('2026-03-10T06:00:00.000Z'), 5);

    // Assess
    expect(result).toBe('near-deadline');
  });
});

describe('planSweep', () => {
  it('expires unconfirmed requests whose link ran out, and only those', () => {
    // Prepare
    const stale = unconfirmed('2026-03-09T09:00:00.000Z');
    const staleAfterEmail = unconfirmed('2026-03-10T08:59:59.000Z', {
      verification: { level: 'email+knowledge', state: 'email-confirmed', linkValidUntil: '2026-03-10T08:59:59.000Z' },
    });
    const fresh = unconfirmed('2026-03-12T09:00:00.000Z');
    const verified = request({ status: 'verified' });

    // Act
    const plan = planSweep([stale, staleAfterEmail, fresh, verified], NOW, 5);

    // Assess
    expect(plan.toExpire.map((r) => r.id)).toEqual([stale.id, staleAfterEmail.id]);
    expect(plan.open).toEqual({ received: 0, 'awaiting-verification': 1, verified: 1, 'in-progress': 0, failed: 0 });
  });

  it('reports overdue and near-deadline requests, most urgent first, and leaves on-time ones out', () => {
    // Prepare
    const longOverdue = request({ dueAt: '2026-03-02', status: 'in-progress' });
    const late = request({ dueAt: '2026-03-09' });
    const soon = request({ dueAt: '2026-03-13' });
    const sooner = request({ dueAt: '2026-03-11', status: 'received' });
    const later = request({ dueAt: '2026-04-01' });

    // Act
    const plan = planSweep([late, soon, later, longOverdue, sooner], NOW, 5);

    // Assess
    expect(plan.overdue).toEqual([longOverdue.id, late.id]);
    expect(plan.nearDeadline).toEqual([sooner.id, soon.id]);
    expect(plan.toExpire).toEqual([]);
    expect(plan.open).toEqual({ received: 1, 'awaiting-verification': 0, verified: 3, 'in-progress': 1, failed: 0 });
  });

  it('lists open requests whose acknowledgement deadline passed unacknowledged, most overdue first', () => {
    // Prepare: NOW is 2026-03-10 in Los Angeles too
    const ccpa = (acknowledgeBy: string, extra: { acknowledgedAt?: string; status?: RequestStatus } = {}) =>
      request({
        status: extra.status ?? 'awaiting-verification',
        verification: { level: 'email+knowledge', state: 'pending', linkValidUntil: '2026-03-20T00:00:00.000Z' },
        deadlines: {
          timeZone: 'America/Los_Angeles',
          receivedOn: '2026-02-20',
          acknowledgeBy,
          ...(extra.acknowledgedAt ? { acknowledgedAt: extra.acknowledgedAt } : {}),
          dueAt: '2026-04-06',
          extendedDueAt: '2026-05-21',
          basis: '1798.130',
          extended: false,
        },
        dueAt: '2026-04-06',
      });
    const late = ccpa('2026-03-09');
    const later = ccpa('2026-03-06');
    const dueToday = ccpa('2026-03-10');
    const acknowledged = ccpa('2026-03-06', { acknowledgedAt: '2026-02-20T18:00:00.000Z' });
    const closed = ccpa('2026-03-06', { status: 'cancelled' });

    // Act
    const plan = planSweep([late, dueToday, acknowledged, later, closed], NOW, 5);

    // Assess
    expect(plan.acknowledgementOverdue).toEqual([later.id, late.id]);
    expect(plan.overdue).toEqual([]);
  });

  it("flags a staged objection whose stop is late, not one whose stop is done, while its erasure's month runs", () => {
    // Prepare: NOW is Tue 2026-03-10 in Berlin; the stop was due Mon 2026-03-09, the erasure on 2026-04-09
    const staged = (state: 'pending' | 'done', stopBy: string, status: RequestStatus = 'awaiting-verification') =>
      request({
        status,
        type: 'objection',
        verification: { level: 'email', state: 'pending', linkValidUntil: '2026-03-14T00:00:00.000Z' },
        immediateStop: { state },
        deadlines: {
          timeZone: 'Europe/Berlin',
          receivedOn: '2026-03-06',
          stopBy,
          dueAt: '2026-04-09',
          extendedDueAt: '2026-06-08',
          basis: 'GDPR Art. 21(3)',
          extended: false,
        },
        dueAt: '2026-04-09',
      });
    const late = staged('pending', '2026-03-09');
    const done = staged('done', '2026-03-09');
    const dueToday = staged('pending', '2026-03-10');
    const confirmedLate = staged('pending', '2026-03-09', 'verified');
    const cancelled = staged('pending', '2026-03-09', 'cancelled');

    // Act
    const plan = planSweep([late, done, dueToday, confirmedLate, cancelled], NOW, 5);

    // Assess
    expect([...plan.overdue].sort()).toEqual([late.id, confirmedLate.id].sort());
    expect(plan.nearDeadline).toEqual([]);
  });

  it('does not report an expiring request as overdue, and ignores closed requests', () => {
    // Prepare
    const staleAndLate = unconfirmed('2026-03-01T00:00:00.000Z', { dueAt: '2026-03-02' });
    const closed = (['completed', 'denied', 'expired', 'cancelled'] as RequestStatus[]).map((status) => request({ status, dueAt: '2026-01-01' }));

    // Act
    const plan = planSweep([staleAndLate, ...closed], NOW, 5);

    // Assess
    expect(plan.toExpire.map((r) => r.id)).toEqual([staleAndLate.id]);
    expect(plan.overdue).toEqual([]);
    expect(Object.values(plan.open).reduce((a, b) => a! + b!, 0)).toBe(0);
  });
});

describe('sweepDeadlines', () => {
  const store = () => new RequestStore({ requestsTable: 'requests', auditTable: 'audit', client, chainKey: new LocalChainKey(Buffer.alloc(32, 1)) });
  const byStatus = (status: RequestStatus) => ({ TableName: 'requests', IndexName: 'byStatusDue', ExpressionAttributeValues: { ':status': status } });

  function sent() {
    const notices: { to: string; notice: Notice }[] = [];
    return { notices, notify: async (to: string, notice: Notice) => void notices.push({ to, notice }) };
  }

  it('queries every open status through the deadline index, page by page, and never scans', async () => {
    // Prepare
    const first = request({ dueAt: '2026-03-01' });
    const second = request({ dueAt: '2026-03-12' });
    documents.on(QueryCommand).resolves({ Items: [] });
    documents
      .on(QueryCommand, byStatus('verified'))
      .resolvesOnce({ Items: [first], LastEvaluatedKey: { id: first.id } })
      .resolves({ Items: [second] });
    const { notify } = sent();

    // Act
    const report = await sweepDeadlines({ store: store(), notify, now: () => NOW, nearDeadlineDays: 5 });

    // Assess
    const queries = documents.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.every((q) => q.IndexName === 'byStatusDue')).toBe(true);
    expect(queries.map((q) => q.ExpressionAttributeValues?.[':status'])).toEqual([
      'received',
      'awaiting-verification',
      'verified',
      'verified',
      'in-progress',
      'failed',
    ]);
    expect(queries[3]!.ExclusiveStartKey).toEqual({ id: first.id });
    expect(report.overdue).toEqual([first.id]);
    expect(report.nearDeadline).toEqual([second.id]);
    expect(report.open.verified).toBe(2);
    expect(report.sweptAt).toBe(NOW.toISOString());
  });

  it('expires a stale unconfirmed request from a consistent read, with its audit event and the expired notice', async () => {
    // Prepare
    const stale = unconfirmed('2026-03-09T09:00:00.000Z');
    documents.on(QueryCommand).resolves({ Items: [] });
    documents.on(QueryCommand, byStatus('awaiting-verification')).resolves({ Items: [stale] });
    documents.on(GetCommand, { Key: { id: stale.id } }).resolves({ Item: stale });
    documents.on(TransactWriteCommand).resolves({});
    const { notices, notify } = sent();

    // Act
    const report = await sweepDeadlines({ store: store(), notify, now: () => NOW, nearDeadlineDays: 5 });

    // Assess
    expect(report.expired).toEqual([stale.id]);
    expect(report.open['awaiting-verification']).toBe(0);
    expect(documents).toReceiveCommandWith(GetCommand, { Key: { id: stale.id }, ConsistentRead: true });
    const items = documents.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put).toMatchObject({
      Item: { id: stale.id, status: 'expired', version: stale.version + 1 },
      ConditionExpression: 'version = :version AND #status = :status',
      ExpressionAttributeValues: { ':version': stale.version, ':status': 'awaiting-verification' },
    });
    expect(items.some((item) => item.Put?.Item?.type === 'request.expired')).toBe(true);
    expect(notices).toEqual([{ to: stale.subject.email, notice: { kind: 'expired', requestType: 'access' } }]);
  });

  it('leaves a request that was confirmed meanwhile, or written by someone else, for the next sweep', async () => {
    // Prepare
    const confirmedMeanwhile = unconfirmed('2026-03-09T09:00:00.000Z');
    const racing = unconfirmed('2026-03-09T09:00:00.000Z');
    documents.on(QueryCommand).resolves({ Items: [] });
    documents.on(QueryCommand, byStatus('awaiting-verification')).resolves({ Items: [confirmedMeanwhile, racing] });
    documents.on(GetCommand, { Key: { id: confirmedMeanwhile.id } }).resolves({ Item: { ...confirmedMeanwhile, status: 'verified' } });
    documents.on(GetCommand, { Key: { id: racing.id } }).resolves({ Item: racing });
    documents.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {} }));
    const { notices, notify } = sent();

    // Act
    const report = await sweepDeadlines({ store: store(), notify, now: () => NOW, nearDeadlineDays: 5 });

    // Assess
    expect(report.expired).toEqual([]);
    expect(report.deferred).toEqual([confirmedMeanwhile.id, racing.id]);
    expect(report.open).toMatchObject({ verified: 1, 'awaiting-verification': 1 });
    expect(documents).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(notices).toEqual([]);
  });

  it('keeps what the subject wrote out of the report', async () => {
    // Prepare
    const stale = unconfirmed('2026-03-09T09:00:00.000Z', { dueAt: '2026-03-01' });
    const late = request({ dueAt: '2026-03-01' });
    documents.on(QueryCommand).resolves({ Items: [] });
    documents.on(QueryCommand, byStatus('awaiting-verification')).resolves({ Items: [stale] });
    documents.on(QueryCommand, byStatus('verified')).resolves({ Items: [late] });
    documents.on(GetCommand).resolves({ Item: stale });
    documents.on(TransactWriteCommand).resolves({});

    // Act
    const report = await sweepDeadlines({ store: store(), notify: async () => undefined, now: () => NOW, nearDeadlineDays: 5 });

    // Assess
    const text = JSON.stringify(report);
    expect(text).toContain(late.id);
    expect(text).not.toMatch(/@|marta|keller|hhhh/i);
  });
});
