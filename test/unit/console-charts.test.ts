// The console's charts: the summary's series turned into what each chart draws, the same figures as
// tables with a sentence that sums them up, the page that holds them under its CSP, and the route's
// refusals of a query the summary does not allow.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterBundlingHooks } from '../../infra/constructs/privacy-function.js';
import { CHART_KEYS, type ChartData, chartDrawing, chartSummary, chartTable, formatValue, SERIES_LOOKS } from '../../shared/console/charts.js';
import { type ConsoleSession, sessionContext } from '../../shared/console/session.js';
import { lambdas } from '../../shared/lambdas.js';
import { CHARTS_CSP, renderChartsPage } from '../../shared/pages/console-charts-page.js';
import type { RequestSummary } from '../../shared/reports/request-summary.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const received: ChartData = {
  title: 'Requests received per week',
  description: 'Requests by the ISO week of their day of receipt.',
  unit: 'requests',
  x: { label: 'ISO week', values: ['2026-W47', '2026-W48', '2026-W49'] },
  series: [
    { key: 'access', label: 'Access', values: [3, 0, 4] },
    { key: 'portability', label: 'Data portability', values: [0, 0, 0] },
    { key: 'deletion', label: 'Deletion', values: [1, 5, 2] },
  ],
};

const onTime: ChartData = {
  title: 'Share of requests answered on time, per month',
  description: 'The share answered on or before the deadline in force; null where none was answered.',
  unit: 'share',
  x: { label: 'Month', values: ['2026-10', '2026-11', '2026-12'] },
  series: [
    { key: 'all', label: 'Both laws', values: [0.875, null, 1] },
    { key: 'gdpr', label: 'GDPR', values: [0.8, null, 1] },
    { key: 'ccpa', label: 'CCPA', values: [1, null, null] },
  ],
};

const medians: ChartData = {
  title: 'Median days to respond, by request type and law',
  description: 'Whole calendar days from receipt to answer; null where none was answered.',
  unit: 'days',
  x: { label: 'Request type', values: ['Access', 'Deletion'] },
  series: [
    { key: 'gdpr', label: 'GDPR', values: [19, 4.5] },
    { key: 'ccpa', label: 'CCPA', values: [null, 3] },
  ],
};

const openAndOverdue: ChartData = {
  title: 'Open and overdue requests at the end of each week',
  description: 'Requests not yet closed at the end of the week.',
  unit: 'requests',
  x: { label: 'ISO week', values: ['2026-W46', '2026-W47', '2026-W48'] },
  series: [
    { key: 'open', label: 'Open', values: [2, 9, 7] },
    { key: 'overdue', label: 'Overdue', values: [0, 1, 2] },
  ],
};

const summary: RequestSummary = {
  generatedAt: '2026-12-03T20:40:00.000Z',
  openNow: 7,
  receivedPerWeek: received,
  answeredOnTimePerMonth: onTime,
  medianDaysToClose: medians,
  openAndOverdue,
};

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrastOnWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('chartTable', () => {
  it('holds every series as a column and every x value as a row, counts as they are', () => {
    // Act
    const table = chartTable(received);

    // Assess
    expect(table.caption).toBe('Requests received per week');
    expect(table.columns).toEqual(['ISO week', 'Access', 'Data portability', 'Deletion']);
    expect(table.rows).toEqual([
      { label: '2026-W47', cells: ['3', '0', '1'] },
      { label: '2026-W48', cells: ['0', '0', '5'] },
      { label: '2026-W49', cells: ['4', '0', '2'] },
    ]);
    expect(table.note).toBeUndefined();
  });

  it('writes shares as percentages and a month without answers as a dash it explains', () => {
    // Act
    const table = chartTable(onTime);

    // Assess
    expect(table.rows.map((row) => row.cells)).toEqual([
      ['87.5%', '80%', '100%'],
      ['—', '—', '—'],
      ['100%', '100%', '—'],
    ]);
    expect(table.note).toBe('—: no request was answered that month.');
  });

  it('writes medians in days, halves kept', () => {
    expect(chartTable(medians).rows).toEqual([
      { label: 'Access', cells: ['19', '—'] },
      { label: 'Deletion', cells: ['4.5', '3'] },
    ]);
  });

  it.each([
    ['requests', 12, '12'],
    ['share', 0.9375, '93.8%'],
    ['share', 0, '0%'],
    ['days', 0, '0'],
    ['days', null, '—'],
  ] as const)('formats %s %s as %s', (unit, value, text) => {
    expect(formatValue(unit, value)).toBe(text);
  });
});

describe('chartDrawing', () => {
  it('stacks the weeks as bars and leaves out a type nobody asked for', () => {
    // Act
    const drawing = chartDrawing('receivedPerWeek', received);

    // Assess
    expect(drawing).toMatchObject({ kind: 'bar', stacked: true, labels: received.x.values, xTitle: 'ISO week', yTitle: 'Requests', unit: 'requests' });
    expect(drawing.datasets.map((d) => [d.key, d.values])).toEqual([
      ['access', [3, 0, 4]],
      ['deletion', [1, 5, 2]],
    ]);
    expect(drawing.yMax).toBeUndefined();
  });

  it('draws shares as lines from 0 to 100 %, every series kept with its gaps', () => {
    // Act
    const drawing = chartDrawing('answeredOnTimePerMonth', onTime);

    // Assess
    expect(drawing).toMatchObject({ kind: 'line', stacked: false, yMax: 1, unit: 'share' });
    expect(drawing.datasets.map((d) => d.values)).toEqual(onTime.series.map((s) => s.values));
  });

  it('puts the laws side by side in the medians, each law looking the same as in the shares', () => {
    // Act
    const bars = chartDrawing('medianDaysToClose', medians);
    const lines = chartDrawing('answeredOnTimePerMonth', onTime);

    // Assess
    expect(bars).toMatchObject({ kind: 'bar', stacked: false });
    for (const law of ['gdpr', 'ccpa']) {
      expect(bars.datasets.find((d) => d.key === law)!.look).toEqual(lines.datasets.find((d) => d.key === law)!.look);
    }
    expect(bars.datasets[0]!.look).not.toEqual(bars.datasets[1]!.look);
  });

  it('gives every series of a chart a look of its own', () => {
    const many: ChartData = { ...received, series: SERIES_LOOKS.map((_, i) => ({ key: `type-${i}`, label: `Type ${i}`, values: [1, 1, 1] })) };
    for (const key of CHART_KEYS) {
      const chart = key === 'receivedPerWeek' ? many : summary[key];
      const looks = chartDrawing(key, chart).datasets.map((d) => JSON.stringify(d.look));
      expect(new Set(looks).size, key).toBe(looks.length);
    }
  });
});

describe('the series looks', () => {
  it.each(SERIES_LOOKS.map((look) => [look.colour, look]))('%s stands at least 3:1 against the white plot (WCAG 1.4.11)', (_, look) => {
    expect(contrastOnWhite(look.colour)).toBeGreaterThanOrEqual(3);
  });

  it('tells bars apart by pattern and lines by dash and marker, not by colour alone', () => {
    expect(new Set(SERIES_LOOKS.map((look) => look.pattern)).size).toBe(SERIES_LOOKS.length);
    expect(new Set(SERIES_LOOKS.map((look) => `${look.dash.join(',')} ${look.marker}`)).size).toBe(SERIES_LOOKS.length);
  });
});

describe('chartSummary', () => {
  it.each([
    [
      'receivedPerWeek',
      received,
      '15 requests were received in the 3 weeks from 2026-W47 to 2026-W49, the most in 2026-W49 (6); the most frequent type was Deletion (8).',
    ],
    [
      'answeredOnTimePerMonth',
      onTime,
      'In 2026-12, the latest month with answers, 100% were answered on time (both laws); the lowest month was 2026-10 at 87.5%.',
    ],
    ['medianDaysToClose', medians, 'The longest median was Access under the GDPR, 19 days; the shortest was Deletion under the CCPA, 3 days.'],
    ['openAndOverdue', openAndOverdue, 'At the end of 2026-W48, 7 requests were open, 2 of them overdue; the most open at the end of a week was 9 (2026-W47).'],
  ] as const)('sums up %s from its figures', (key, chart, sentence) => {
    expect(chartSummary(key, chart)).toBe(sentence);
  });

  it.each([
    ['receivedPerWeek', 'No request was received in the 3 weeks from 2026-W47 to 2026-W49.'],
    ['answeredOnTimePerMonth', 'No request was answered in the 3 months from 2026-10 to 2026-12.'],
    ['medianDaysToClose', 'No request was answered in the months shown.'],
    ['openAndOverdue', 'No request was open at the end of any week from 2026-W46 to 2026-W48.'],
  ] as const)('says so when %s has nothing to show', (key, sentence) => {
    // Prepare
    const chart = summary[key];
    const empty = { ...chart, series: chart.series.map((s) => ({ ...s, values: s.values.map(() => (chart.unit === 'requests' ? 0 : null)) })) };

    // Act, Assess
    expect(chartSummary(key, empty)).toBe(sentence);
  });

  it('names the one cell when only one was answered, one month alone, and the latest month when it is the lowest', () => {
    const one = { ...medians, series: [{ key: 'gdpr', label: 'GDPR', values: [null, 1] }] };
    const month = { ...onTime, series: [{ key: 'all', label: 'Both laws', values: [null, 0.5, null] }] };
    expect(chartSummary('medianDaysToClose', one)).toBe('Only Deletion under the GDPR had answers: a median of 1 day.');
    expect(chartSummary('answeredOnTimePerMonth', month)).toBe('In 2026-11, the latest month with answers, 50% were answered on time (both laws).');
    const falling = { ...onTime, series: [{ key: 'all', label: 'Both laws', values: [0.9, 0.8, 0.5] }] };
    expect(chartSummary('answeredOnTimePerMonth', falling)).toBe(
      'In 2026-12, the latest month with answers, 50% were answered on time (both laws), the lowest of the months shown.',
    );
  });
});

describe('the Charts page', () => {
  const session: ConsoleSession = {
    sub: 'a1b2c3d4-0000-4000-8000-000000000000',
    email: 'vera@example.org',
    role: 'viewer',
    csrf: 'token',
    expiresAt: 2_000_000_000,
  };
  const page = renderChartsPage(summary, { weeks: 3, months: 3 }, session, OTHER_CONTROLLER);

  it('holds the four charts, each with its title, its sentence and its figures in a table that is open', () => {
    for (const key of CHART_KEYS) {
      const section = page.slice(page.indexOf(`<section class="chart-card" aria-labelledby="chart-${key}">`));
      const body = section.slice(0, section.indexOf('</section>'));
      expect(body, key).toContain(`<h2 id="chart-${key}">${summary[key].title}</h2>`);
      expect(body, key).toContain(`<p>${chartSummary(key, summary[key]).replaceAll("'", '&#39;')}</p>`);
      expect(body, key).toMatch(
        /<div class="chart-frame" data-chart="\w+" hidden><canvas role="img" aria-label="[^"]+ The figures are in the table below\."><\/canvas><\/div>/,
      );
      expect(body, key).toContain(`<details class="chart-data" data-table="${key}" open>`);
      for (const row of chartTable(summary[key]).rows) {
        expect(body, key).toContain(`<tr><th scope="row">${row.label}</th>${row.cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`);
      }
    }
    expect(page).not.toMatch(/\bnull\b/);
  });

  it('loads its one script from this origin and the figures from the console route, for the window shown', () => {
    expect(page).toContain('<script src="/console/charts/charts.js" defer></script>');
    expect(page.match(/<script\b[^>]*>([^<]*)<\/script>/g)).toEqual(['<script src="/console/charts/charts.js" defer></script>']);
    expect(page).toContain('data-summary="/console/charts/summary?weeks=3&amp;months=3"');
    expect(page).toContain('<a href="/console/charts">Charts</a>');
  });

  it('allows exactly its style blocks by hash, scripts from this origin only, and no inline script or eval', () => {
    const hashes = [...page.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`);
    expect(hashes).toHaveLength(2);
    expect(CHARTS_CSP).toContain(`style-src ${hashes.join(' ')}`);
    expect(CHARTS_CSP).toContain("script-src 'self'");
    expect(CHARTS_CSP).toContain("connect-src 'self'");
    expect(CHARTS_CSP).not.toMatch(/unsafe-(inline|eval)|https?:/);
  });
});

describe('the charts route', () => {
  type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
  let handler: Handler;
  const session = sessionContext({ sub: 'a1b2c3d4-0000-4000-8000-000000000000', role: 'viewer', csrf: 'token', expiresAt: 2_000_000_000 });
  const call = (resource: string, query: Record<string, string> | null, authorizer: Record<string, string | number> = session) =>
    handler(
      {
        resource,
        path: resource,
        httpMethod: 'GET',
        queryStringParameters: query,
        headers: { accept: 'application/json' },
        pathParameters: null,
        body: null,
        isBase64Encoded: false,
        requestContext: { authorizer },
      } as unknown as APIGatewayProxyEvent,
      { awsRequestId: 'test' } as Context,
    );

  beforeAll(async () => {
    process.env.REQUESTS_TABLE ??= 'requests';
    handler = (await import('../../functions/console/show-charts.handler.js')).handler as unknown as Handler;
  });

  it.each([
    ['too few weeks', { weeks: '3' }, 'weeks'],
    ['too many months', { months: '25' }, 'months'],
    ['weeks that are not a number', { weeks: 'many' }, 'weeks'],
    ['an unknown parameter', { year: '2026' }, 'year'],
  ])('refuses %s with 400 problem+json naming the field, before reading anything', async (_, query, path) => {
    for (const resource of ['/console/charts', '/console/charts/summary']) {
      // Act
      const response = await call(resource, query);

      // Assess
      expect(response.statusCode, resource).toBe(400);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      const problem = JSON.parse(response.body) as { errors: { path: string }[] };
      expect(problem.errors.map((e) => e.path)).toContain(path);
    }
  });

  it('refuses a call without a console session with 401 problem+json', async () => {
    const response = await call('/console/charts/summary', null, {});
    expect(response.statusCode).toBe(401);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });
});

describe('the charts script at deployment', () => {
  let outputDir: string;

  beforeAll(() => {
    outputDir = mkdtempSync(join(tmpdir(), 'charts-bundle-'));
  });
  afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

  it('is built beside the function bundle by the bundling hook, Chart.js and its licence inside, no eval', { timeout: 60_000 }, () => {
    // Prepare
    const commands = afterBundlingHooks({}, lambdas.consoleCharts.scripts).afterBundling(projectRoot, outputDir);

    // Act
    for (const command of commands) execSync(command, { stdio: 'pipe' });
    const script = readFileSync(join(outputDir, 'console-charts.js'), 'utf8');

    // Assess
    expect(commands).toHaveLength(1);
    expect(script).toContain('Chart.js v4');
    expect(script).toContain('Released under the MIT License');
    expect(script).toContain('data-summary');
    expect(script).not.toMatch(/\beval\(|new Function\(/);
  });
});
