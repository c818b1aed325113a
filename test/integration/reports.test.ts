// The requests report and the summary as the privacy team meets them: requests filed and closed
// through the local runtime, the figures read back over HTTP, a retried close, purged records, and
// the backfill of requests filed before the aggregates were kept.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainKey } from '../../functions/wiring/audit-key.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { backfillAggregates } from '../../shared/reports/backfill.js';
import type { RequestReport, ReportFigures } from '../../shared/reports/request-report.js';
import type { RequestSummary } from '../../shared/reports/request-summary.js';
import type { RequestRecord } from '../../shared/requests/record.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { tables } from '../../shared/resources.js';
import { parseCsv } from '../support/csv.js';
import { requestRecord } from '../support/request-record.js';

const API_KEY = 'reports-integration-key';
const YEAR = new Date().getUTCFullYear();

describe('the requests report through the local runtime', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  let filed = 0;
  const ids: string[] = [];

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });
  const file = async (type: string, jurisdiction: string): Promise<string> => {
    filed += 1;
    const response = await post('/v1/requests', { type, jurisdiction, subject: { email: `reports.case${filed}@example.com`, locale: 'en' } });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    ids.push(id);
    return id;
  };
  const report = async (year = YEAR): Promise<RequestReport> => {
    const response = await api(`/v1/reports/requests?year=${year}`);
    expect(response.status).toBe(200);
    return (await response.json()) as RequestReport;
  };
  const figures = (r: RequestReport, law: 'ccpa' | 'gdpr', key: string): ReportFigures =>
    (law === 'ccpa' ? [...r.ccpa.rows, ...r.ccpa.notCounted] : r.gdpr.rows).find((row) => row.key === key)!.figures;
  const store = () => new RequestStore({ requestsTable: tables.requests.localName, auditTable: tables.audit.localName, chainKey });
  const stored = async (id: string) => (await documents.send(new GetCommand({ TableName: tables.requests.localName, Key: { id } }))).Item as RequestRecord;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

    // CCPA: two opt-outs (carried out at once), a deletion denied as unverified, an access request cancelled.
    await file('sale-opt-out', 'ccpa');
    await file('sale-opt-out', 'ccpa');
    const deletion = await file('deletion', 'ccpa');
    const access = await file('access', 'ccpa');
    // GDPR: an access request denied as excessive, an objection left open, a marketing opt-out carried out.
    const gdprAccess = await file('access', 'gdpr');
    await file('deletion', 'gdpr');
    await file('marketing-opt-out', 'gdpr');
    await runtime.workflows.idle();
    expect((await post(`/v1/requests/${deletion}/deny`, { code: 'unverified', reason: 'The identity could not be confirmed.' })).status).toBe(200);
    expect((await post(`/v1/requests/${access}/cancel`, { reason: 'Withdrawn by the consumer.' })).status).toBe(200);
    expect((await post(`/v1/requests/${gdprAccess}/deny`, { code: 'excessive', reason: 'Filed again and again.' })).status).toBe(200);
    await runtime.workflows.idle();
  }, 180_000);

  afterAll(async () => {
    documents?.destroy();
    await runtime?.stop();
  });

  it('counts what was filed and how each request closed, by § 7102 category and, apart, by GDPR right', async () => {
    // Act
    const current = await report();

    // Assess
    expect(figures(current, 'ccpa', 'opt-out')).toMatchObject({ received: 2, compliedInWhole: 2, denied: 0, answered: 2, medianDays: 0, meanDays: 0 });
    expect(figures(current, 'ccpa', 'delete')).toMatchObject({
      received: 1,
      denied: 1,
      deniedByReason: expect.objectContaining({ unverified: 1 }),
      medianDays: 0,
    });
    expect(figures(current, 'ccpa', 'know')).toMatchObject({ received: 1, withdrawn: 1, answered: 0, medianDays: null, meanDays: null });
    expect(figures(current, 'gdpr', 'access')).toMatchObject({ received: 1, denied: 1, deniedByReason: expect.objectContaining({ excessive: 1 }) });
    expect(figures(current, 'gdpr', 'deletion')).toMatchObject({ received: 1, compliedInWhole: 0, denied: 0 });
    expect(figures(current, 'gdpr', 'marketing-opt-out')).toMatchObject({ received: 1, compliedInWhole: 1 });
    expect(current.counting.map((c) => c.figure)).toContain('median and mean days to respond');
  });

  it('serves the same figures as CSV and as a printable page', async () => {
    // Act
    const csv = await api(`/v1/reports/requests?year=${YEAR}`, { headers: { accept: 'text/csv' } });
    const page = await api(`/v1/reports/requests?year=${YEAR}&format=html`);

    // Assess
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parseCsv(await csv.text());
    const optOut = rows.find((row) => row[2] === 'ccpa' && row[3]!.startsWith('Requests to opt out'))!;
    expect(optOut[rows[0]!.indexOf('complied_in_whole')]).toBe('2');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain(`Data-subject requests in ${YEAR}`);
    expect(html).toContain('How each figure is counted');
    expect(html).not.toContain('reports.case');
  });

  it('counts a close once when it is sent again with the record read before it', async () => {
    // Prepare: a GDPR portability request, open while it waits for its confirmation, read once
    const id = await file('portability', 'gdpr');
    await runtime.workflows.idle();
    const open = (await store().get(id))!;
    expect(open.status).toBe('awaiting-verification');
    const before = figures(await report(), 'gdpr', 'portability');
    const closing = { type: 'request.cancelled', at: new Date().toISOString(), actor: { kind: 'operator' as const, id: 'reports-test' }, data: {} };

    // Act: the same close twice from the same read, as a retry sends it
    await store().transition(open, 'cancelled', [closing]);
    await store().transition(open, 'cancelled', [closing]);

    // Assess
    expect(before).toMatchObject({ received: 1, withdrawn: 0 });
    expect(figures(await report(), 'gdpr', 'portability')).toMatchObject({ received: 1, withdrawn: 1 });
    expect((await stored(id)).version).toBe(open.version + 1);
  });

  it('answers the summary from the aggregates, labelled for the charts', async () => {
    // Act
    const response = await api('/v1/reports/summary?weeks=8&months=3');

    // Assess
    expect(response.status).toBe(200);
    const summary = (await response.json()) as RequestSummary;
    expect(summary.receivedPerWeek.x.values).toHaveLength(8);
    const thisWeek = summary.receivedPerWeek.series.reduce((sum, s) => sum + s.values.at(-1)!, 0);
    expect(thisWeek).toBeGreaterThanOrEqual(filed);
    expect(summary.openNow).toBeGreaterThanOrEqual(1);
    expect(summary.answeredOnTimePerMonth.series.find((s) => s.key === 'all')!.values.at(-1)).toBe(1);
  });

  it('gives the same report after the request records are purged', async () => {
    // Prepare
    const before = await report();

    // Act: every request record deleted, as DynamoDB's TTL does 24 months after closing
    for (const id of ids) await documents.send(new DeleteCommand({ TableName: tables.requests.localName, Key: { id } }));

    // Assess
    expect((await api(`/v1/requests/${ids[0]}`)).status).toBe(404);
    expect(await report()).toEqual(before);
  });

  it('counts a request filed before the aggregates were kept once, however often the backfill runs', async () => {
    // Prepare: a request closed last year, stored as it was before counting, never counted
    const lastYear = YEAR - 1;
    const legacy = requestRecord('completed', {
      id: '01JLEGACY0000000000000000A',
      type: 'deletion',
      subjectHash: 'l'.repeat(64),
      deadlines: { timeZone: 'Europe/Berlin', receivedOn: `${lastYear}-03-02`, dueAt: `${lastYear}-04-02`, basis: 'GDPR Art. 12(3)', extended: false },
      dueAt: `${lastYear}-04-02`,
      receivedAt: `${lastYear}-03-02T08:00:00.000Z`,
      createdAt: `${lastYear}-03-02T08:00:00.000Z`,
      updatedAt: `${lastYear}-03-12T10:00:00.000Z`,
    });
    await documents.send(new PutCommand({ TableName: tables.requests.localName, Item: legacy }));
    expect(figures(await report(lastYear), 'gdpr', 'deletion').received).toBe(0);

    // Act
    const first = await backfillAggregates(store());
    const second = await backfillAggregates(store());

    // Assess
    expect(first.counted).toBe(1);
    expect(second.counted).toBe(0);
    expect(figures(await report(lastYear), 'gdpr', 'deletion')).toMatchObject({ received: 1, compliedInWhole: 1, medianDays: 10, meanDays: 10 });
    expect((await stored(legacy.id)).closedAt).toBe(`${lastYear}-03-12T10:00:00.000Z`);
  });

  it.each([
    ['no year', ''],
    ['a future year', `year=${YEAR + 1}`],
    ['a year out of range', 'year=1999'],
    ['a year that is not one', 'year=twenty'],
    ['an unknown format', `year=${YEAR}&format=pdf`],
  ])('refuses %s with a problem document', async (_, query) => {
    const response = await api(`/v1/reports/requests?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a caller without the key', async () => {
    const response = await fetch(`${runtime.apiUrl}/v1/reports/summary`);
    expect(response.status).toBe(401);
  });
});
