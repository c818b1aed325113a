// Deadlines as a calling system and an operator meet them, through the local runtime: the dates
// before filing (GET /v1/deadlines), rights that take effect without delay, opt-outs carried out
// at once, and the acknowledgement deadline. Every expected date was worked out by hand.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import type { SweepReport } from '../../shared/requests/deadline-sweep.js';
import { tables } from '../../shared/resources.js';
import { mailsTo } from '../support/mailbox.js';

const API_KEY = 'deadlines-integration-key';
const DAY_MS = 24 * 3600 * 1000;
const CALIFORNIA = 'California holidays every reading agrees on (Gov. Code 6700-6701, Code Civ. Proc. 135, state offices closed)';
const GERMANY = 'nationwide public holidays of DE';

interface Problem {
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

interface RequestView {
  id: string;
  status: string;
  dueAt: string;
  acknowledgeBy?: string;
  acknowledgedAt?: string;
  acknowledgementOverdue?: boolean;
  extendableTo?: string;
  extended: boolean;
  overdue: boolean;
  deadlineBasis: string;
  verification: { level: string; state: string };
}

/** GDPR withdrawals of consent, hand-computed: receipt and the next German working day; one lies in the past year whenever the suite runs. */
const WITHDRAWALS = [
  { receivedAt: '2026-11-27T10:00:00Z', dueAt: '2026-11-30', note: 'a Friday, then the weekend' },
  { receivedAt: '2027-03-25T09:00:00Z', dueAt: '2027-03-30', note: 'Good Friday, the weekend, Easter Monday' },
  { receivedAt: '2027-12-24T09:00:00Z', dueAt: '2027-12-27', note: 'Christmas on the weekend' },
  { receivedAt: '2028-09-29T08:00:00Z', dueAt: '2028-10-02', note: 'a Friday, then the weekend' },
];

describe('deadlines through the local runtime', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  let filed = 0;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  /** Files a request for a new subject, so mailboxes never mix. */
  const file = async (body: Record<string, unknown>) => {
    filed += 1;
    const email = `deadline.case${filed}@example.com`;
    const response = await api('/v1/requests', { method: 'POST', body: JSON.stringify({ subject: { email, locale: 'en' }, ...body }) });
    expect(response.status).toBe(202);
    return { request: (await response.json()) as RequestView, email };
  };
  const deadlines = (query: string) => api(`/v1/deadlines?${query}`);

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  });

  afterAll(async () => {
    documents?.destroy();
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  describe('GET /v1/deadlines', () => {
    // biome-ignore format: a case is a row of the legal table
    it.each([
      {
        note: 'CCPA access: Thanksgiving skipped, the day after counts; 45 and 90 calendar days',
        query: 'type=access&jurisdiction=ccpa&receivedAt=2026-11-20T18:00:00Z',
        expected: { receivedOn: '2026-11-20', acknowledgeBy: '2026-12-07', dueAt: '2027-01-04', extendableTo: '2027-02-18', timeZone: 'America/Los_Angeles' },
        basis: [/^Cal\. Civ\. Code 1798\.130/, CALIFORNIA],
      },
      {
        note: 'CCPA sale opt-out: 15 business days, Labor Day skipped, no extension',
        query: 'type=sale-opt-out&jurisdiction=ccpa&receivedAt=2026-09-01T18:00:00Z',
        expected: { receivedOn: '2026-09-01', dueAt: '2026-09-23' },
        basis: [/^11 CCR 7026\(f\)\(1\)/, CALIFORNIA],
      },
      {
        note: 'GDPR withdrawal of consent: the next working day after Christmas, no extension',
        query: 'type=consent-withdrawal&jurisdiction=gdpr&receivedAt=2026-12-24T10:00:00Z',
        expected: { receivedOn: '2026-12-24', dueAt: '2026-12-28', timeZone: 'Europe/Berlin' },
        basis: [/^GDPR Art\. 7\(3\)/, GERMANY],
      },
      {
        note: 'GDPR objection naming no purpose is to direct marketing: Wed 1 Apr',
        query: 'type=objection&jurisdiction=gdpr&receivedAt=2026-03-31T10:00:00Z',
        expected: { receivedOn: '2026-03-31', dueAt: '2026-04-01' },
        basis: [/^GDPR Art\. 21\(2\)-\(3\)/, GERMANY],
      },
      {
        note: 'GDPR objection to analytics: one month, extendable',
        query: 'type=objection&jurisdiction=gdpr&receivedAt=2026-03-31T10:00:00Z&purposes=analytics,marketing',
        expected: { receivedOn: '2026-03-31', dueAt: '2026-04-30', extendableTo: '2026-06-30' },
        basis: [/^GDPR Art\. 12\(3\)/, GERMANY],
      },
      {
        note: 'a future receipt: GDPR access, Christmas 2027 on the weekend; extension Fri 25 Feb 2028',
        query: 'type=access&jurisdiction=gdpr&receivedAt=2027-11-25T09:00:00Z',
        expected: { receivedOn: '2027-11-25', dueAt: '2027-12-27', extendableTo: '2028-02-25' },
        basis: [/^GDPR Art\. 12\(3\)/, GERMANY],
      },
      {
        note: 'a receipt given with an offset is counted on the local day: 23:30 PST on 31 Dec',
        query: `type=objection&jurisdiction=ccpa&receivedAt=${encodeURIComponent('2026-12-31T23:30:00-08:00')}`,
        expected: { receivedOn: '2026-12-31', dueAt: '2027-01-25' },
        basis: [/^11 CCR 7026\(f\)\(1\), 7027\(g\)\(1\)/, CALIFORNIA],
      },
    ])('answers $note', async ({ query, expected, basis }) => {
      // Prepare
      const before = (await (await api('/v1/requests?limit=100')).json()) as { items: unknown[] };

      // Act
      const response = await deadlines(query);
      const body = (await response.json()) as Record<string, unknown> & { deadlineBasis: string };
      const after = (await (await api('/v1/requests?limit=100')).json()) as { items: unknown[] };

      // Assess
      expect(response.status).toBe(200);
      expect(body).toMatchObject(expected);
      if (!('acknowledgeBy' in expected)) expect(body.acknowledgeBy).toBeUndefined();
      if (!('extendableTo' in expected)) expect(body.extendableTo).toBeUndefined();
      expect(body.deadlineBasis).toMatch(basis[0]!);
      expect(body.deadlineBasis.endsWith(`holidays: ${basis[1]}`)).toBe(true);
      expect(after.items).toHaveLength(before.items.length);
    });

    it.each([
      { note: 'no type', query: 'jurisdiction=gdpr&receivedAt=2026-03-01T09:00:00Z', parameter: 'type' },
      { note: 'an unknown type', query: 'type=erasure&jurisdiction=gdpr&receivedAt=2026-03-01T09:00:00Z', parameter: 'type' },
      { note: 'no jurisdiction', query: 'type=access&receivedAt=2026-03-01T09:00:00Z', parameter: 'jurisdiction' },
      { note: 'an unknown jurisdiction', query: 'type=access&jurisdiction=uk&receivedAt=2026-03-01T09:00:00Z', parameter: 'jurisdiction' },
      { note: 'no receivedAt', query: 'type=access&jurisdiction=gdpr', parameter: 'receivedAt' },
      { note: 'a receivedAt without a time', query: 'type=access&jurisdiction=gdpr&receivedAt=2026-03-01', parameter: 'receivedAt' },
      { note: 'a receivedAt that is no date', query: 'type=access&jurisdiction=gdpr&receivedAt=yesterday', parameter: 'receivedAt' },
      { note: 'a receivedAt before the California list', query: 'type=access&jurisdiction=ccpa&receivedAt=2009-06-01T18:00:00Z', parameter: 'receivedAt' },
      { note: 'a receivedAt after the calendars end', query: 'type=access&jurisdiction=gdpr&receivedAt=2100-01-04T09:00:00Z', parameter: 'receivedAt' },
      { note: 'an extension running past the calendars', query: 'type=access&jurisdiction=gdpr&receivedAt=2099-12-01T09:00:00Z', parameter: 'receivedAt' },
      {
        note: 'a purpose that is no identifier',
        query: 'type=objection&jurisdiction=gdpr&receivedAt=2026-03-01T09:00:00Z&purposes=a%20b',
        parameter: 'purposes',
      },
      { note: 'an unknown parameter', query: 'type=access&jurisdiction=gdpr&receivedAt=2026-03-01T09:00:00Z&email=x', parameter: 'email' },
    ])('refuses $note with a 400 problem naming $parameter', async ({ query, parameter }) => {
      // Act
      const response = await deadlines(query);
      const problem = (await response.json()) as Problem;

      // Assess
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(problem.errors?.map((e) => e.path.replace(/\[\d+\]$/, ''))).toContain(parameter);
    });

    it('refuses a GDPR sale opt-in with a 422 naming the consent register, and answers the CCPA one with its 15 business days', async () => {
      // Act
      const gdpr = await deadlines('type=sale-opt-in&jurisdiction=gdpr&receivedAt=2026-03-02T09:00:00Z');
      const problem = (await gdpr.json()) as Problem & { detail: string };
      const ccpa = await deadlines('type=sale-opt-in&jurisdiction=ccpa&receivedAt=2026-03-02T18:00:00Z');
      const dates = (await ccpa.json()) as { dueAt: string; deadlineBasis: string; extendableTo?: string };

      // Assess
      expect(gdpr.status).toBe(422);
      expect(gdpr.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(problem.errors?.map((e) => e.path)).toEqual(['jurisdiction']);
      expect(problem.detail).toContain('POST /v1/consents');
      expect(ccpa.status).toBe(200);
      expect(dates.dueAt).toBe('2026-03-23');
      expect(dates.extendableTo).toBeUndefined();
      expect(dates.deadlineBasis).toMatch(/^11 CCR 7028\(a\)/);
    });

    it('answers only a system that shows its key', async () => {
      // Act
      const response = await fetch(`${runtime.apiUrl}/v1/deadlines?type=access&jurisdiction=gdpr&receivedAt=2026-03-01T09:00:00Z`);

      // Assess
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('rights that take effect without delay', () => {
    it('gives a GDPR withdrawal of consent the next working day, offers no extension, refuses one with 409, and carries it out at once', async () => {
      // Prepare
      const now = Date.now();
      const withdrawal = WITHDRAWALS.filter((c) => Date.parse(c.receivedAt) < now && Date.parse(c.receivedAt) > now - 360 * DAY_MS).at(-1);
      if (!withdrawal) throw new Error('Add a withdrawal case for the year before today');
      const { request } = await file({ type: 'consent-withdrawal', jurisdiction: 'gdpr', receivedAt: withdrawal.receivedAt });

      // Act
      const extend = await api(`/v1/requests/${request.id}/extend`, { method: 'POST', body: JSON.stringify({ reason: 'Many systems to update.' }) });
      const problem = (await extend.json()) as Problem;
      await runtime.workflows.idle();
      const after = await read(request.id);

      // Assess
      expect(request.dueAt).toBe(withdrawal.dueAt);
      expect(request.extendableTo).toBeUndefined();
      expect(request.deadlineBasis).toMatch(/^GDPR Art\. 7\(3\): a withdrawal of consent takes effect without delay/);
      expect(extend.status).toBe(409);
      expect(extend.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // Carried out at filing, it may already be closed when the extension is asked for: refused either way.
      expect(problem.detail).toMatch(
        /cannot be extended: (the law allows no extension.*GDPR Art\. 7\(3\)|the request is (verified|in-progress|completed|partially-completed))/,
      );
      expect(after).toMatchObject({ dueAt: withdrawal.dueAt, extended: false, overdue: false });
      expect(after.status).toMatch(/^(completed|partially-completed)$/);
    });

    it.each([
      { type: 'consent-withdrawal', jurisdiction: 'ccpa', basis: /15 business days/, source: '11 CCR 7026(d)' },
      { type: 'sale-opt-out', jurisdiction: 'ccpa', basis: /15 business days/, source: '11 CCR 7026(d)' },
      { type: 'marketing-opt-out', jurisdiction: 'ccpa', basis: /^CAN-SPAM/, source: '16 CFR 316.5' },
      { type: 'consent-withdrawal', jurisdiction: 'gdpr', basis: /^GDPR Art\. 7\(3\)/, source: 'Art. 7(3), 12(6)' },
      { type: 'marketing-opt-out', jurisdiction: 'gdpr', basis: /^GDPR Art\. 21\(2\)-\(3\)/, source: 'Art. 21(3), 12(6)' },
      { type: 'objection', jurisdiction: 'gdpr', basis: /^GDPR Art\. 21\(2\)-\(3\)/, source: 'Art. 21(3), 12(6)' },
      { type: 'sale-opt-out', jurisdiction: 'gdpr', basis: /^GDPR Art\. 7\(3\), 21\(3\)/, source: 'Art. 7(3), 21(3)' },
    ])(
      'carries out a $jurisdiction $type at once, with no confirmation link ($source), and its answer says how to undo it',
      async ({ type, jurisdiction, basis }) => {
        // Act
        const { request, email } = await file({ type, jurisdiction });
        await runtime.workflows.idle();
        const after = await read(request.id);
        const mails = await mailsTo(runtime, email);

        // Assess
        expect(request.status).toBe('verified');
        expect(request.verification).toEqual({ level: 'none', state: 'not-required' });
        expect(request.deadlineBasis).toMatch(basis);
        expect(after.status).toMatch(/^(completed|partially-completed)$/);
        expect(mails.filter((mail) => mail.body.text?.includes('/v1/verify/'))).toEqual([]);
        expect(mails).toHaveLength(1);
        expect(mails[0]!.body.text).toContain('We carried out this request at once, without first asking you to confirm it');
        expect(mails[0]!.body.text).toContain('If you did not ask for this, reply to this email or write to us at');
      },
    );

    it('still asks a GDPR objection that names a system, which deletes data there, to be confirmed by the emailed link', async () => {
      // Act
      const { request, email } = await file({ type: 'objection', jurisdiction: 'gdpr', scope: { systems: ['live-chat'] } });
      const mails = await mailsTo(runtime, email);

      // Assess
      expect(request.status).toBe('awaiting-verification');
      expect(request.verification).toMatchObject({ level: 'email' });
      expect(mails.map((mail) => mail.subject)).toEqual([expect.stringMatching(/^Please confirm your request/)]);
    });
  });

  describe('the acknowledgement deadline', () => {
    it('records the confirmation mail as the acknowledgement', async () => {
      // Act
      const { request, email } = await file({ type: 'access', jurisdiction: 'ccpa' });
      const audit = (await (await api(`/v1/requests/${request.id}/audit`)).json()) as { events: { type: string; at: string; data: Record<string, unknown> }[] };
      const mails = await mailsTo(runtime, email);

      // Assess
      expect(request.acknowledgeBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(request.acknowledgedAt).toBeDefined();
      expect(request.acknowledgementOverdue).toBe(false);
      expect(request.overdue).toBe(false);
      expect(mails).toHaveLength(1);
      const acknowledged = audit.events.find((e) => e.type === 'request.acknowledged');
      expect(acknowledged).toMatchObject({ at: request.acknowledgedAt, data: { acknowledgeBy: request.acknowledgeBy, onTime: true } });
    });

    it('flags a request whose acknowledgement did not go out in time: overdue in its view, listed, swept and counted', async () => {
      // Prepare: received 20 days ago, past its 10 business days, and its confirmation mail never went out
      const { request } = await file({ type: 'deletion', jurisdiction: 'ccpa', receivedAt: new Date(Date.now() - 20 * DAY_MS).toISOString() });
      await documents.send(
        new UpdateCommand({ TableName: tables.requests.localName, Key: { id: request.id }, UpdateExpression: 'REMOVE deadlines.acknowledgedAt' }),
      );

      // Act
      const view = await read(request.id);
      const listed = (await (await api('/v1/requests?overdue=true&limit=100')).json()) as { items: { id: string }[] };
      const report = (await runtime.schedules.run('sweepDeadlines')) as SweepReport;

      // Assess
      expect(view.dueAt > new Date().toISOString().slice(0, 10)).toBe(true);
      expect(view).toMatchObject({ acknowledgementOverdue: true, overdue: true });
      expect(view.acknowledgedAt).toBeUndefined();
      expect(listed.items.map((i) => i.id)).toContain(request.id);
      expect(report.acknowledgementOverdue).toContain(request.id);
      expect(report.overdue).not.toContain(request.id);
    });

    it('shows extendableTo only while an extension is still allowed', async () => {
      // Prepare
      const { request: fresh } = await file({ type: 'access', jurisdiction: 'ccpa' });
      const { request: pastFirstDeadline } = await file({
        type: 'portability',
        jurisdiction: 'ccpa',
        receivedAt: new Date(Date.now() - 50 * DAY_MS).toISOString(),
      });

      // Act
      const extend = await api(`/v1/requests/${fresh.id}/extend`, { method: 'POST', body: JSON.stringify({ reason: 'Records in many systems.' }) });
      const extended = await read(fresh.id);

      // Assess
      expect(fresh.extendableTo).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(extend.status).toBe(200);
      expect(extended).toMatchObject({ extended: true, dueAt: fresh.extendableTo });
      expect(extended.extendableTo).toBeUndefined();
      expect(pastFirstDeadline.extendableTo).toBeUndefined();
      expect(pastFirstDeadline.overdue).toBe(true);
    });
  });
});
