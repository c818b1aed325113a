// The console's Charts page through the local runtime: requests filed and closed over the API, then
// the summary JSON, the page and its script as a signed-in viewer reads them, and what the three
// routes refuse: a system key, an expired session, a window the summary does not allow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { CHART_KEYS, chartTable } from '../../shared/console/charts.js';
import type { RequestSummary } from '../../shared/reports/request-summary.js';

const API_KEY = 'charts-integration-key';
const ROUTES = ['/console/charts', '/console/charts/summary', '/console/charts/charts.js'] as const;

describe('the Charts page through the local runtime', () => {
  let runtime: LocalRuntime;
  let viewer: string;
  let filed = 0;

  const api = (path: string, body?: unknown) =>
    fetch(`${runtime.apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const file = async (type: string, jurisdiction: string): Promise<string> => {
    filed += 1;
    const response = await api('/v1/requests', { type, jurisdiction, subject: { email: `charts.case${filed}@example.com`, locale: 'en' } });
    expect(response.status).toBe(202);
    return ((await response.json()) as { id: string }).id;
  };
  const asConsole = (path: string, cookie: string, accept = 'application/json') => fetch(`${runtime.apiUrl}${path}`, { headers: { cookie, accept } });
  const withoutTime = ({ generatedAt: _, ...rest }: RequestSummary) => rest;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    viewer = `privacy_ops_console=${await runtime.console.identity.idToken('privacy-viewer')}`;
    // Two opt-outs carried out at once, a deletion denied, two access requests left open.
    await file('sale-opt-out', 'ccpa');
    await file('sale-opt-out', 'ccpa');
    const deletion = await file('deletion', 'gdpr');
    await file('access', 'gdpr');
    await file('access', 'ccpa');
    await runtime.workflows.idle();
    expect((await api(`/v1/requests/${deletion}/deny`, { code: 'excessive', reason: 'Filed again and again.' })).status).toBe(200);
    await runtime.workflows.idle();
  }, 180_000);

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('gives a viewer the summary GET /v1/reports/summary gives a system, for the same window', async () => {
    // Act
    const fromConsole = await asConsole('/console/charts/summary?weeks=8&months=3', viewer);
    const system = await api('/v1/reports/summary?weeks=8&months=3');
    const summary = (await fromConsole.json()) as RequestSummary;

    // Assess
    expect(fromConsole.status).toBe(200);
    expect(fromConsole.headers.get('content-type')).toMatch(/^application\/json/);
    expect(fromConsole.headers.get('cache-control')).toBe('no-store');
    expect(withoutTime(summary)).toEqual(withoutTime((await system.json()) as RequestSummary));
    expect(summary.receivedPerWeek.x.values).toHaveLength(8);
    expect(summary.answeredOnTimePerMonth.x.values).toHaveLength(3);
    const thisWeek = (key: string) => summary.receivedPerWeek.series.find((s) => s.key === key)!.values.at(-1);
    expect([thisWeek('sale-opt-out'), thisWeek('deletion'), thisWeek('access'), thisWeek('portability')]).toEqual([2, 1, 2, 0]);
    expect(summary.openNow).toBe(2);
    const thisMonth = (key: string) => summary.answeredOnTimePerMonth.series.find((s) => s.key === key)!.values.at(-1);
    expect([thisMonth('all'), thisMonth('gdpr'), thisMonth('ccpa')]).toEqual([1, 1, 1]);
  });

  it("shows the page with the four charts' tables holding the summary's figures, its script allowed from this origin only", async () => {
    // Act
    const page = await asConsole('/console/charts?weeks=8&months=3', viewer, 'text/html');
    const body = await page.text();
    const summary = (await (await asConsole('/console/charts/summary?weeks=8&months=3', viewer)).json()) as RequestSummary;

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe/);
    expect(body.match(/<table>/g)).toHaveLength(4);
    for (const key of CHART_KEYS) {
      for (const row of chartTable(summary[key]).rows) {
        expect(body, key).toContain(`<tr><th scope="row">${row.label}</th>${row.cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`);
      }
    }
    expect(body).toContain('Open now: <strong>2</strong>');
    expect(body).toContain('<script src="/console/charts/charts.js" defer></script>');
  });

  it('serves the script, Chart.js inside, from this origin', async () => {
    // Act
    const script = await asConsole('/console/charts/charts.js', viewer, '*/*');
    const text = await script.text();

    // Assess
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toMatch(/^private/);
    expect(text).toContain('Chart.js v4');
    expect(text).toContain('data-summary');
  });

  it.each(ROUTES)('refuses %s to a system key and to an expired session with 401 problem+json', async (path) => {
    // Prepare
    const expired = `privacy_ops_console=${await runtime.console.identity.idToken('privacy-operator', { expiresInSeconds: 60, now: new Date(Date.now() - 2 * 3600_000) })}`;

    // Act
    const system = await fetch(`${runtime.apiUrl}${path}`, { headers: { 'x-api-key': API_KEY, accept: 'application/json' } });
    const late = await asConsole(path, expired);

    // Assess
    for (const response of [system, late]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(((await response.json()) as { status: number }).status).toBe(401);
    }
  });

  it.each([
    ['weeks=3', 'weeks'],
    ['months=0', 'months'],
    ['weeks=all', 'weeks'],
    ['year=2026', 'year'],
  ])('refuses %s with 400: problem+json naming the field to a script, a console page to a browser', async (query, field) => {
    // Act
    const json = await asConsole(`/console/charts/summary?${query}`, viewer);
    const page = await asConsole(`/console/charts?${query}`, viewer, 'text/html,application/xhtml+xml');

    // Assess
    expect(json.status).toBe(400);
    expect(json.headers.get('content-type')).toBe('application/problem+json');
    expect(((await json.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(field);
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('The query is not valid.');
  });
});
