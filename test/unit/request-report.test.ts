import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient, BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JURISDICTIONS, REQUEST_TYPES, typesFiledUnder } from '../../shared/domain/request-model.js';
import { type Counters, monthAggregateId, weekAggregateId, TOTALS_ID } from '../../shared/reports/aggregates.js';
import { daysToRespond } from '../../shared/reports/days-to-respond.js';
import { reportCsv, reportFormat, reportSections } from '../../shared/reports/report-formats.js';
import { CCPA_CATEGORIES, CCPA_NOT_COUNTED, requestReport } from '../../shared/reports/request-report.js';
import { requestSummary, summaryKeys } from '../../shared/reports/request-summary.js';
import { monthAggregatesOf } from '../../shared/reports/aggregate-store.js';
import { requestRecord } from '../support/request-record.js';
import { aggregateItemsAfter, CCPA_FILED_2026_02_02, monthAggregatesAfter } from '../support/report-fixtures.js';
import { parseCsv } from '../support/csv.js';

const histogram = (days: Record<number, number>, over = 0, overDays = 0): Counters => {
  const counters: Counters = { answered: Object.values(days).reduce((a, b) => a + b, 0) + over, daysTotal: overDays };
  for (const [d, n] of Object.entries(days)) {
    counters[`days.${d}`] = n;
    counters.daysTotal! += Number(d) * n;
  }
  if (over) counters['days.over'] = over;
  return counters;
};

describe('daysToRespond', () => {
  it.each([
    ['one answer', { 7: 1 }, 7, 7],
    ['an odd count: the middle value', { 1: 1, 3: 1, 20: 1 }, 3, 8],
    ['an even count: the mean of the two middle values', { 2: 1, 5: 1, 9: 2 }, 7, 6.3],
    ['the two middle values in one bucket', { 4: 3, 40: 1 }, 4, 13],
    ['a zero-day answer', { 0: 2, 1: 1 }, 0, 0.3],
  ])('is exact for %s', (_, days, median, mean) => {
    expect(daysToRespond(histogram(days))).toEqual({ answered: expect.any(Number), medianDays: median, meanDays: mean });
  });

  it('agrees with the median of the values themselves, for any multiset', () => {
    // Prepare: deterministic multisets of whole days
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let round = 0; round < 200; round++) {
      const values = Array.from({ length: 1 + (next() % 40) }, () => next() % 120).sort((a, b) => a - b);
      const days: Record<number, number> = {};
      for (const v of values) days[v] = (days[v] ?? 0) + 1;
      const n = values.length;
      const expected = n % 2 ? values[(n - 1) / 2]! : (values[n / 2 - 1]! + values[n / 2]!) / 2;

      // Act
      const result = daysToRespond(histogram(days));

      // Assess
      expect(result.medianDays).toBe(expected);
      expect(result.meanDays).toBe(Math.round((values.reduce((a, b) => a + b, 0) / n) * 10) / 10);
    }
  });

  it('says only "at least" for a median past the histogram, and keeps the mean exact', () => {
    expect(daysToRespond(histogram({ 10: 1 }, 2, 800))).toEqual({ answered: 3, medianDays: null, medianAtLeastDays: 366, meanDays: 270 });
  });

  it('has no median and no mean without answers', () => {
    expect(daysToRespond({ received: 4 })).toEqual({ answered: 0, medianDays: null, meanDays: null });
  });
});

describe('the § 7102 mapping', () => {
  it('puts each CCPA request type in exactly one category or among the types not counted', () => {
    for (const type of typesFiledUnder('ccpa')) {
      const homes = CCPA_CATEGORIES.filter((c) => c.types.includes(type)).length + (CCPA_NOT_COUNTED.includes(type) ? 1 : 0);
      expect(homes, type).toBe(1);
    }
  });

  it.each([
    ['access', 'know'],
    ['portability', 'know'],
    ['deletion', 'delete'],
    ['sale-opt-out', 'opt-out'],
    ['objection', 'opt-out'],
    ['consent-withdrawal', 'opt-out'],
  ] as const)('counts %s as a request to %s', (type, category) => {
    expect(CCPA_CATEGORIES.find((c) => c.types.includes(type))?.key).toBe(category);
  });

  it('leaves Shine the Light, marketing unsubscribes and opt-ins back to sale out of § 7102', () => {
    expect([...CCPA_NOT_COUNTED].sort()).toEqual(['marketing-opt-out', 'sale-opt-in', 'third-party-disclosure']);
  });

  it('counts only types filed under the CCPA in its categories', () => {
    expect(CCPA_CATEGORIES.flatMap((c) => c.types).filter((type) => !typesFiledUnder('ccpa').includes(type))).toEqual([]);
  });
});

describe("each law's part of the report", () => {
  const report = requestReport([], 2026, new Date('2027-01-15T00:00:00Z'));

  it.each(JURISDICTIONS)('lists under %s exactly the types filed under it, each once', (law) => {
    // Act
    const listed = reportSections(report)
      .filter((section) => section.law === law)
      .flatMap((section) => section.rows.flatMap((row) => row.types));

    // Assess
    expect([...listed].sort()).toEqual([...typesFiledUnder(law)].sort());
  });

  it('has no sale opt-in row in the GDPR part, which the GDPR files no such request for', () => {
    expect(report.gdpr.rows.map((row) => row.key)).not.toContain('sale-opt-in');
    expect(report.gdpr.rows).toHaveLength(REQUEST_TYPES.length - 1);
  });
});

describe('requestReport', () => {
  const ccpa = CCPA_FILED_2026_02_02;
  const records = [
    requestRecord('completed', { ...ccpa, type: 'access', closedAt: '2026-02-12T20:00:00.000Z' }),
    requestRecord('partially-completed', { ...ccpa, type: 'portability', closedAt: '2026-02-22T20:00:00.000Z' }),
    requestRecord('denied', { ...ccpa, type: 'deletion', closedAt: '2026-02-05T20:00:00.000Z', denial: { code: 'unverified', reason: 'x' } }),
    requestRecord('expired', { ...ccpa, type: 'deletion', closedAt: '2026-02-20T20:00:00.000Z' }),
    requestRecord('completed', { ...ccpa, type: 'sale-opt-out', closedAt: '2026-02-03T20:00:00.000Z' }),
    requestRecord('cancelled', { ...ccpa, type: 'objection', closedAt: '2026-02-03T20:00:00.000Z' }),
    requestRecord('completed', { ...ccpa, type: 'third-party-disclosure', closedAt: '2026-02-03T20:00:00.000Z' }),
    // Received in 2025, answered in 2026: answered in 2026, received in 2025.
    requestRecord('completed', {
      type: 'access',
      closedAt: '2026-01-10T10:00:00.000Z',
      deadlines: { ...requestRecord('verified').deadlines, receivedOn: '2025-12-20' },
      dueAt: '2026-01-20',
    }),
    requestRecord('in-progress', { type: 'deletion' }),
  ];
  const months = monthAggregatesAfter(records);
  const report = requestReport(months, 2026, new Date('2027-01-15T00:00:00Z'));
  const row = (rows: typeof report.ccpa.rows, key: string) => rows.find((r) => r.key === key)!.figures;

  it('counts requests to know: received, complied with in whole and in part, with median and mean days', () => {
    expect(row(report.ccpa.rows, 'know')).toMatchObject({
      received: 2,
      compliedInWhole: 1,
      compliedInPart: 1,
      denied: 0,
      answered: 2,
      medianDays: 15,
      meanDays: 15,
    });
  });

  it('counts denials by reason, an expired request among them as not confirmed, and leaves its days out', () => {
    expect(row(report.ccpa.rows, 'delete')).toMatchObject({
      received: 2,
      denied: 2,
      deniedByReason: { unverified: 1, 'not-confirmed': 1, excessive: 0 },
      answered: 1,
      medianDays: 3,
    });
  });

  it('counts opt-outs, objections and withdrawals of consent as requests to opt out, a cancelled one as withdrawn', () => {
    expect(row(report.ccpa.rows, 'opt-out')).toMatchObject({ received: 2, compliedInWhole: 1, withdrawn: 1, medianDays: 1 });
  });

  it('reports Shine the Light apart, and GDPR requests apart from the CCPA', () => {
    expect(row(report.ccpa.notCounted, 'third-party-disclosure')).toMatchObject({ received: 1, compliedInWhole: 1 });
    expect(row(report.gdpr.rows, 'access')).toMatchObject({ received: 0, compliedInWhole: 1, answered: 1, medianDays: 21 });
    expect(row(report.gdpr.rows, 'deletion')).toMatchObject({ received: 1, compliedInWhole: 0 });
    expect(report.complete).toBe(true);
  });

  it('counts each event in its own year', () => {
    const earlier = requestReport(months, 2025, new Date('2027-01-15T00:00:00Z'));
    expect(row(earlier.gdpr.rows, 'access')).toMatchObject({ received: 1, compliedInWhole: 0 });
  });

  it('marks the current year provisional', () => {
    expect(requestReport(months, 2026, new Date('2026-06-01T00:00:00Z')).complete).toBe(false);
  });

  it('writes CSV whose rows carry every figure and whose end says how each is counted', () => {
    // Act
    const lines = parseCsv(reportCsv(report));

    // Assess
    const header = lines[0]!;
    const know = lines.find((line) => line[3] === 'Requests to know')!;
    expect(know[header.indexOf('received')]).toBe('2');
    expect(know[header.indexOf('complied_in_part')]).toBe('1');
    expect(know[header.indexOf('median_days_to_respond')]).toBe('15');
    expect(lines.filter((line) => line[1] === 'GDPR Art. 5(2)').map((line) => line[4])).toEqual(typesFiledUnder('gdpr'));
    expect(lines.some((line) => line[0] === 'median and mean days to respond')).toBe(true);
  });
});

describe('reportFormat', () => {
  it.each([
    [undefined, undefined, 'json'],
    [undefined, 'text/csv', 'csv'],
    [undefined, 'text/html,application/xhtml+xml,*/*;q=0.8', 'html'],
    [undefined, 'application/json, text/csv', 'json'],
    [undefined, 'text/csv;q=0.5, text/html', 'html'],
    [undefined, 'image/png', 'json'],
    ['csv', 'text/html', 'csv'],
  ] as const)('format %s with Accept %s gives %s', (format, accept, expected) => {
    expect(reportFormat(format, accept)).toBe(expected);
  });
});

describe('requestSummary', () => {
  const now = new Date('2026-03-25T12:00:00Z');
  const records = [
    requestRecord('verified'), // received W09, due 2026-04-01 (W14): open
    requestRecord('completed', { closedAt: '2026-03-10T10:00:00.000Z' }),
    // Due 2026-03-10 (W11), still open: overdue from the end of W11
    requestRecord('in-progress', { type: 'deletion', dueAt: '2026-03-10' }),
    // Due 2026-03-03 (W10), closed late on 2026-03-17 (W12)
    requestRecord('denied', { type: 'deletion', dueAt: '2026-03-03', closedAt: '2026-03-17T10:00:00.000Z', denial: { code: 'excessive', reason: 'x' } }),
  ];
  const items = aggregateItemsAfter(records);
  const keys = summaryKeys(now, { weeks: 6, months: 2 });
  const summary = requestSummary(
    {
      months: keys.months.flatMap((month) => monthAggregatesOf(month, items.get(monthAggregateId(month)))),
      weeks: keys.weeks.filter((week) => items.has(weekAggregateId(week))).map((week) => ({ week, counters: items.get(weekAggregateId(week))! })),
      totals: items.get(TOTALS_ID)!,
    },
    now,
    { weeks: 6, months: 2 },
  );
  const series = (chart: typeof summary.receivedPerWeek, key: string) => chart.series.find((s) => s.key === key)!.values;

  it('reads the weeks shown and the weeks ahead where deadlines may fall, and the months shown', () => {
    expect(keys.weeks[0]).toBe('2026-W08');
    expect(keys.weeks[5]).toBe('2026-W13');
    expect(keys.weeks).toHaveLength(36);
    expect(keys.months).toEqual(['2026-02', '2026-03']);
  });

  it('counts requests received per week by type', () => {
    expect(summary.receivedPerWeek.x.values).toEqual(['2026-W08', '2026-W09', '2026-W10', '2026-W11', '2026-W12', '2026-W13']);
    expect(series(summary.receivedPerWeek, 'access')).toEqual([0, 2, 0, 0, 0, 0]);
    expect(series(summary.receivedPerWeek, 'deletion')).toEqual([0, 2, 0, 0, 0, 0]);
  });

  it('gives the share answered on time per month, null where none was answered', () => {
    expect(series(summary.answeredOnTimePerMonth, 'all')).toEqual([null, 0.5]);
    expect(series(summary.answeredOnTimePerMonth, 'ccpa')).toEqual([null, null]);
  });

  it('gives the median days to respond by type and law', () => {
    const gdpr = series(summary.medianDaysToClose, 'gdpr');
    expect(gdpr[REQUEST_TYPES.indexOf('access')]).toBe(9);
    expect(gdpr[REQUEST_TYPES.indexOf('deletion')]).toBe(16);
    expect(series(summary.medianDaysToClose, 'ccpa').every((v) => v === null)).toBe(true);
  });

  it('counts open and overdue requests at the end of each full week', () => {
    expect(summary.openAndOverdue.x.values).toEqual(['2026-W08', '2026-W09', '2026-W10', '2026-W11', '2026-W12']);
    expect(series(summary.openAndOverdue, 'open')).toEqual([0, 4, 4, 3, 2]);
    expect(series(summary.openAndOverdue, 'overdue')).toEqual([0, 0, 1, 2, 1]);
    expect(summary.openNow).toBe(2);
  });

  it('labels every series', () => {
    for (const chart of [summary.receivedPerWeek, summary.answeredOnTimePerMonth, summary.medianDaysToClose, summary.openAndOverdue]) {
      expect(chart.title).not.toBe('');
      for (const s of chart.series) {
        expect(s.label).not.toBe('');
        expect(s.values).toHaveLength(chart.x.values.length);
      }
    }
  });
});

describe('the report routes', () => {
  const documents = mockClient(DynamoDBDocumentClient);
  let reportHandler: (event: APIGatewayProxyEvent, context: Context) => Promise<{ statusCode: number; headers?: Record<string, unknown>; body: string }>;
  let summaryHandler: typeof reportHandler;
  const call = (handler: typeof reportHandler, query: Record<string, string> | null, headers: Record<string, string> = {}) =>
    handler(
      { queryStringParameters: query, headers, pathParameters: null, body: null, isBase64Encoded: false } as unknown as APIGatewayProxyEvent,
      {
        awsRequestId: 'test',
      } as Context,
    );

  beforeAll(async () => {
    process.env.REQUESTS_TABLE ??= 'requests';
    reportHandler = (await import('../../functions/reports/request-report.handler.js')).handler as unknown as typeof reportHandler;
    summaryHandler = (await import('../../functions/reports/request-summary.handler.js')).handler as unknown as typeof reportHandler;
  });
  afterEach(() => documents.reset());

  it.each([
    ['no year', null, 'year'],
    ['a year that is not a number', { year: 'last' }, 'year'],
    ['a year before either law', { year: '2017' }, 'year'],
    ['a future year', { year: String(new Date().getUTCFullYear() + 1) }, 'year'],
    ['an unknown format', { year: '2026', format: 'pdf' }, 'format'],
    ['an unknown parameter', { year: '2026', detail: 'all' }, 'detail'],
  ])('refuses %s with a problem document naming what is wrong', async (_, query, path) => {
    // Act
    const response = await call(reportHandler, query);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toContain('application/problem+json');
    const problem = JSON.parse(response.body) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain(path);
    expect(documents).not.toHaveReceivedCommand(BatchGetCommand);
  });

  it.each([
    ['too few weeks', { weeks: '2' }],
    ['too many months', { months: '30' }],
    ['weeks that are not a number', { weeks: 'many' }],
  ])('refuses a summary with %s', async (_, query) => {
    const response = await call(summaryHandler, query);
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toContain('application/problem+json');
  });

  it('answers CSV when Accept asks for it, as a download named by the year', async () => {
    // Prepare
    documents.on(BatchGetCommand).resolves({ Responses: { requests: [{ id: monthAggregateId('2026-02'), 'ccpa.deletion.received': 3 }] } });

    // Act
    const response = await call(reportHandler, { year: '2026' }, { accept: 'text/csv' });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toContain('text/csv');
    expect(response.headers?.['content-disposition']).toBe('attachment; filename="requests-report-2026.csv"');
    expect(parseCsv(response.body).find((line) => line[3] === 'Requests to delete')?.[6]).toBe('3');
  });
});

describe('the report routes in the OpenAPI document', () => {
  type Operation = {
    parameters: { name: string; in: string; required?: boolean }[];
    responses: Record<string, { content?: Record<string, unknown> }>;
    tags: string[];
  };
  const document = JSON.parse(readFileSync(new URL('../../functions/openapi-document.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
  };

  it('documents the yearly report with its required year, its three forms and its problem answers', () => {
    const operation = document.paths['/v1/reports/requests']!.get!;
    expect(operation.parameters.find((p) => p.name === 'year')).toMatchObject({ in: 'query', required: true });
    expect(operation.parameters.map((p) => p.name)).toContain('format');
    expect(Object.keys(operation.responses['200']!.content!).sort()).toEqual(['application/json', 'text/csv', 'text/html']);
    expect(Object.keys(operation.responses['400']!.content!)).toEqual(['application/problem+json']);
    expect(operation.tags).toEqual(['reports']);
  });

  it('documents the summary with its window and its chart-ready answer', () => {
    const operation = document.paths['/v1/reports/summary']!.get!;
    expect(operation.parameters.map((p) => p.name).sort()).toEqual(['months', 'weeks']);
    expect(JSON.stringify(operation.responses['200']!.content!['application/json'])).toContain('RequestSummary');
    expect(Object.keys(operation.responses['400']!.content!)).toEqual(['application/problem+json']);
  });
});
