// The deadline sweep as operators meet it: `npm run sweep` beside a running local runtime, and the
// scheduled function the runtime's timer runs. Real emulators, HTTP, the mailbox.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import type { SweepReport } from '../../shared/requests/deadline-sweep.js';
import { tables } from '../../shared/resources.js';
import { mailsTo } from '../support/mailbox.js';

const API_KEY = 'sweep-integration-key';
const DAY_MS = 24 * 3600 * 1000;
const run = promisify(execFile);

interface RequestView {
  id: string;
  status: string;
  dueAt: string;
  overdue: boolean;
}

describe('deadline sweeps through the local runtime', () => {
  let runtime: LocalRuntime;
  let dataDir: string;
  let documents: DynamoDBDocumentClient;
  let filed = 0;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  /** Files a request for a new subject, so mailboxes never mix. */
  const file = async (body: Record<string, unknown>) => {
    filed += 1;
    const email = `sweep.case${filed}@example.com`;
    const response = await api('/v1/requests', { method: 'POST', body: JSON.stringify({ subject: { email, locale: 'en' }, ...body }) });
    expect(response.status).toBe(202);
    return { request: (await response.json()) as RequestView, email };
  };
  /** A request whose confirmation link ran out yesterday, still unconfirmed: what a subject who never clicked leaves. */
  const fileStale = async () => {
    const filedRequest = await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr' });
    await documents.send(
      new UpdateCommand({
        TableName: tables.requests.localName,
        Key: { id: filedRequest.request.id },
        UpdateExpression: 'SET verification.linkValidUntil = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - DAY_MS).toISOString() },
      }),
    );
    return filedRequest;
  };
  const sweepCommand = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'bin/sweep.ts'), '--local', '--data-dir', dataDir, ...args], {
      cwd: PROJECT_ROOT,
      timeout: 60_000,
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'privacy-ops-sweep-'));
    // Persisted, as `npm start` runs, so that the command finds this runtime; no timer, so the command does the work.
    runtime = await startLocalRuntime({ port: 0, memory: false, dataDir, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  });

  afterAll(async () => {
    documents?.destroy();
    await runtime?.workflows.idle();
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('`npm run sweep` on the running runtime expires a stale unconfirmed request and reports an overdue one', async () => {
    // Prepare
    const { request: stale, email } = await fileStale();
    const { request: late } = await file({ type: 'access', jurisdiction: 'gdpr', receivedAt: new Date(Date.now() - 70 * DAY_MS).toISOString() });
    const { request: onTime } = await file({ type: 'deletion', jurisdiction: 'gdpr' });

    // Act
    const { stdout } = await sweepCommand('--json');
    const report = JSON.parse(stdout) as SweepReport;

    // Assess
    expect(report.expired).toEqual([stale.id]);
    expect(report.overdue).toContain(late.id);
    expect(report.overdue).not.toContain(stale.id);
    expect(report.nearDeadline).not.toContain(onTime.id);
    expect(report.open['awaiting-verification']).toBeGreaterThanOrEqual(2);
    expect(stdout).not.toMatch(/@example\.com/);
    expect((await read(stale.id)).status).toBe('expired');
    expect((await read(late.id)).overdue).toBe(true);
    const audit = (await (await api(`/v1/requests/${stale.id}/audit`)).json()) as { verification: { valid: boolean }; events: { type: string }[] };
    expect(audit.events.map((e) => e.type)).toContain('request.expired');
    expect(audit.verification.valid).toBe(true);
    expect((await mailsTo(runtime, email)).map((m) => m.subject)).toContainEqual(expect.stringMatching(/^Confirmation link expired/));
  });

  it('prints the report as a table, ids only, and does not expire a request twice', async () => {
    // Prepare
    const { request: late } = await file({ type: 'deletion', jurisdiction: 'gdpr', receivedAt: new Date(Date.now() - 60 * DAY_MS).toISOString() });

    // Act
    const { stdout } = await sweepCommand('--near-days', '10');

    // Assess
    expect(stdout).toContain(`Using the running local runtime at ${runtime.apiUrl}`);
    expect(stdout).toContain('near deadline means due within 10 days');
    expect(stdout).toMatch(/awaiting-verification \|\s+\d+/);
    expect(stdout).toContain(late.id);
    expect(stdout).toContain('Expired now (verification window passed) (0)');
    expect(stdout).not.toMatch(/@/);
  });

  it('refuses a near-deadline setting that is not a number of days', async () => {
    // Act
    const failure = await sweepCommand('--near-days', 'soon').catch((error: { code: number; stderr: string }) => error);

    // Assess
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('--near-days must be a whole number') });
  });

  it('runs the scheduled function as its timer does: expires the stale request and returns the report', async () => {
    // Prepare
    const { request: stale, email } = await fileStale();

    // Act
    const report = (await runtime.schedules.run('sweepDeadlines')) as SweepReport;

    // Assess
    expect(report.expired).toEqual([stale.id]);
    expect((await read(stale.id)).status).toBe('expired');
    expect(await mailsTo(runtime, email)).toHaveLength(2);
  });
});
