// The operator CLI (`npm run ops`) against the local runtime over HTTP.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOps } from '../../bin/ops-cli.js';
import { freePort } from '../../local/emulators.js';
import { PROJECT_ROOT, startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';

const API_KEY = 'operator-cli-key';
const run = promisify(execFile);

describe('npm run ops', () => {
  let runtime: LocalRuntime;
  const filed: Record<'overdue' | 'recent' | 'closed', string> = { overdue: '', recent: '', closed: '' };

  const post = async (path: string, body: unknown) =>
    fetch(`${runtime.apiUrl}${path}`, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const file = async (email: string, extra: Record<string, unknown>) => {
    const response = await post('/v1/requests', { type: 'deletion', jurisdiction: 'gdpr', subject: { email, locale: 'en' }, ...extra });
    expect(response.status).toBe(202);
    return ((await response.json()) as { id: string }).id;
  };
  /** Runs the CLI in-process, collecting what it prints. */
  const ops = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runOps(argv, {
      env: {},
      fetch: (input, init) => fetch(input, init),
      now: () => new Date(),
      out: (text) => out.push(text),
      err: (text) => err.push(text),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const against = () => ['--url', runtime.apiUrl, '--api-key', API_KEY];

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    filed.overdue = await file('ops.overdue@example.com', { receivedAt: '2026-01-31T10:00:00Z' });
    filed.recent = await file('ops.recent@example.com', { type: 'access', jurisdiction: 'ccpa' });
    filed.closed = await file('ops.closed@example.com', {});
    expect((await post(`/v1/requests/${filed.closed}/cancel`, {})).status).toBe(200);
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('lists open requests nearest deadline first, with days left or overdue, and no personal data', async () => {
    // Act
    const { code, out } = await ops('list', ...against());

    // Assess
    expect(code).toBe(0);
    const lines = out.split('\n');
    const overdueLine = lines.findIndex((line) => line.startsWith(filed.overdue));
    const recentLine = lines.findIndex((line) => line.startsWith(filed.recent));
    expect(overdueLine).toBeGreaterThan(1);
    expect(recentLine).toBeGreaterThan(overdueLine);
    expect(lines[0]).toMatch(/^id\s+\| type\s+\| jurisdiction \| status\s+\| due\s+\| +days$/);
    expect(lines[overdueLine]).toMatch(/\| deletion +\| gdpr +\| awaiting-verification \| 2026-03-02 \| +\d+ overdue$/);
    expect(lines[recentLine]).toMatch(/\| access +\| ccpa +\| awaiting-verification \| \d{4}-\d{2}-\d{2} \| +\d+ left$/);
    expect(out).not.toContain(filed.closed);
    expect(out).not.toContain('@example.com');
    expect(out).toMatch(/2 open, 1 overdue\.$/);
  });

  it('shows a request with its deadlines and audit timeline', async () => {
    // Act
    const { code, out } = await ops('show', filed.closed, ...against());

    // Assess
    expect(code).toBe(0);
    expect(out).toContain(`Request ${filed.closed}`);
    expect(out).toMatch(/status\s+cancelled/);
    expect(out).toMatch(/Timeline \(\d+ events; the chain verifies\):/);
    expect(out).toContain('request.cancelled');
    expect(out).not.toContain('@example.com');
  });

  it('says so when the request does not exist', async () => {
    // Act
    const { code, err } = await ops('show', '01ARZ3NDEKTSV4RRFFQ69G5FAV', ...against());

    // Assess
    expect(code).toBe(1);
    expect(err).toBe('No request with id 01ARZ3NDEKTSV4RRFFQ69G5FAV.');
  });

  it('says so when no API answers at the URL', async () => {
    // Prepare: a port nobody listens on.
    const url = `http://127.0.0.1:${await freePort()}`;

    // Act
    const { code, err } = await ops('list', '--url', url, '--api-key', API_KEY);

    // Assess
    expect(code).toBe(1);
    expect(err).toContain(`Cannot reach the privacy-ops API at ${url}`);
    expect(err).toContain('npm start');
  });

  it('says so when the API refuses the key', async () => {
    // Act
    const { code, err } = await ops('list', '--url', runtime.apiUrl, '--api-key', 'not-the-key');

    // Assess
    expect(code).toBe(1);
    expect(err).toContain('refused the API key (401)');
  });

  it.each([
    { note: 'no command', argv: [] },
    { note: 'an unknown command', argv: ['delete'] },
    { note: 'show without an id', argv: ['show'] },
    { note: 'an unknown flag', argv: ['list', '--verbose'] },
    { note: 'no API key', argv: ['list', '--url', 'http://localhost:3000'] },
  ])('exits 2 with the usage for $note', async ({ argv }) => {
    // Act
    const { code, err, out } = await ops(...argv);

    // Assess
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.length).toBeGreaterThan(0);
  });

  it('runs as the npm script does, reading the URL and key from the environment', async () => {
    // Act
    const { stdout } = await run(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), [join(PROJECT_ROOT, 'bin/ops.ts'), 'list'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PRIVACY_OPS_URL: runtime.apiUrl, PRIVACY_OPS_API_KEY: API_KEY },
    });

    // Assess
    expect(stdout).toContain(filed.overdue);
    expect(stdout).toContain(filed.recent);
  });
});
