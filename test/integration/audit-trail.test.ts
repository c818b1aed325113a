// The tamper-evident audit trail against the local runtime: keyed chains in DynamoDB Local, the daily
// anchor in the local S3, and `npm run verify-audit` and GET /v1/audit/verification finding an event
// changed or deleted directly in the table.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainKey } from '../../functions/wiring/audit-key.js';
import { addDays, anchorDayOf } from '../../shared/audit/anchors.js';
import type { AuditVerification } from '../../shared/audit/verify-audit.js';
import { RequestStore } from '../../shared/requests/request-store.js';
import { tables } from '../../shared/resources.js';
import { PROJECT_ROOT, startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';

const API_KEY = 'audit-trail-operator-key';
const run = promisify(execFile);

describe('the audit trail, tampered with in DynamoDB Local', () => {
  let runtime: LocalRuntime;
  let dataDir: string;
  let documents: DynamoDBDocumentClient;
  let requestId: string;
  const yesterday = addDays(anchorDayOf(new Date()), -1);

  const api = (path: string, init: RequestInit = {}) => fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, ...init.headers } });
  const verifyRoute = async (query: string) => {
    const response = await api(`/v1/audit/verification?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as AuditVerification;
  };
  /** `npm run verify-audit` as an operator runs it, against the running runtime's data. */
  const verifyAuditCli = async (...args: string[]) => {
    const cli = join(PROJECT_ROOT, 'node_modules/.bin/tsx');
    try {
      const { stdout } = await run(cli, ['bin/verify-audit.ts', ...args, '--local', '--data-dir', dataDir], { cwd: PROJECT_ROOT, env: process.env });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  };
  const eventKey = (seq: number) => ({ TableName: tables.audit.localName, Key: { requestId, seq } });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'privacy-ops-audit-'));
    runtime = await startLocalRuntime({ port: 0, memory: false, dataDir, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
    const filed = await api('/v1/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'deletion', jurisdiction: 'gdpr', subject: { email: 'audit.trail@example.com', locale: 'en' } }),
    });
    expect(filed.status).toBe(202);
    requestId = ((await filed.json()) as { id: string }).id;
    await runtime.workflows.idle();
    // As if filed yesterday, with two events written yesterday (the store's clock says so), so that the anchoring run pins them.
    const filedRecord = (await documents.send(new GetCommand({ TableName: tables.requests.localName, Key: { id: requestId } }))).Item!;
    await documents.send(new PutCommand({ TableName: tables.requests.localName, Item: { ...filedRecord, createdAt: `${yesterday}T11:00:00.000Z` } }));
    const store = new RequestStore({
      requestsTable: tables.requests.localName,
      auditTable: tables.audit.localName,
      chainKey,
      clock: () => new Date(`${yesterday}T12:00:00Z`),
    });
    const request = (await store.get(requestId))!;
    await store.record(request, [
      { type: 'operator.noted', at: new Date().toISOString(), actor: { kind: 'operator', id: 'audit-test' }, data: { note: 'first' } },
      { type: 'operator.noted', at: new Date().toISOString(), actor: { kind: 'operator', id: 'audit-test' }, data: { note: 'second' } },
    ]);
  }, 180_000);

  afterAll(async () => {
    documents?.destroy();
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('anchors yesterday with npm run verify-audit --anchor, and the untouched chain holds through its anchored head', async () => {
    // Act
    const { code, stdout } = await verifyAuditCli('--request', requestId, '--anchor', '--json');

    // Assess
    expect(code).toBe(0);
    const result = JSON.parse(stdout.slice(stdout.indexOf('{'))) as AuditVerification & { anchoring: { anchored: { day: string; chains: number }[] } };
    expect(result.anchoring.anchored).toEqual([{ day: yesterday, chains: 1 }]);
    expect(result.valid).toBe(true);
    const [chain] = result.chains;
    expect(chain).toMatchObject({ requestId, valid: true, anchoredAt: { day: yesterday, seq: chain!.length } });
    expect(chain!.length).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('finds an event changed in the table, by npm run verify-audit and by the route, at that event', async () => {
    // Prepare: an insider with table access rewrites what event 2 says
    const original = (await documents.send(new GetCommand(eventKey(2)))).Item!;
    await documents.send(
      new UpdateCommand({
        ...eventKey(2),
        UpdateExpression: 'SET #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'request.cancelled' },
      }),
    );

    try {
      // Act
      const cli = await verifyAuditCli('--request', requestId);
      const route = await verifyRoute(`requestId=${requestId}`);
      const since = await verifyRoute(`since=${yesterday}`);

      // Assess
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain(`BROKEN ${requestId} at event 2: event 2 does not match its keyed hash`);
      expect(cli.stdout).toContain('The audit trail does NOT hold.');
      expect(route.valid).toBe(false);
      expect(route.chains[0]).toMatchObject({ requestId, valid: false, brokenAt: 2 });
      expect(since.valid).toBe(false);
      expect(since.chains.map((chain) => [chain.requestId, chain.brokenAt])).toContainEqual([requestId, 2]);
    } finally {
      await documents.send(new PutCommand({ TableName: tables.audit.localName, Item: original }));
    }
  }, 120_000);

  it('finds the last event deleted from the table, though the request record was wound back to match, through the anchor', async () => {
    // Prepare: delete the last event and point the request at the one before, as an insider covering tracks would
    const request = (await documents.send(new GetCommand({ TableName: tables.requests.localName, Key: { id: requestId } }))).Item!;
    const last = Number(request.auditSeq);
    const before = (await documents.send(new GetCommand(eventKey(last - 1)))).Item!;
    await documents.send(new DeleteCommand(eventKey(last)));
    await documents.send(new PutCommand({ TableName: tables.requests.localName, Item: { ...request, auditSeq: last - 1, auditHead: before.hash } }));

    // Act
    const cli = await verifyAuditCli('--request', requestId);
    const route = await verifyRoute(`requestId=${requestId}`);
    const trail = (await (await api(`/v1/requests/${requestId}/audit`)).json()) as { verification: { valid: boolean } };

    // Assess: the chain alone still verifies; the anchor of yesterday shows what is gone
    expect(trail.verification.valid).toBe(true);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`BROKEN ${requestId} at event ${last}: event ${last} is gone, though the anchor of ${yesterday} holds it`);
    expect(route.chains[0]).toMatchObject({ valid: false, brokenAt: last });
  }, 120_000);

  it('answers bad input with 400 problem+json, an unknown request with 404, and a non-operator with 403', async () => {
    // Act
    const both = await api(`/v1/audit/verification?requestId=${requestId}&since=${yesterday}`);
    const neither = await api('/v1/audit/verification');
    const badDay = await api('/v1/audit/verification?since=2026-02-30');
    const future = await api(`/v1/audit/verification?since=${addDays(anchorDayOf(new Date()), 2)}`);
    const unknown = await api('/v1/audit/verification?requestId=01KB0CCCCCCCCCCCCCCCCCCCCC');
    const filer = await fetch(`${runtime.apiUrl}/v1/audit/verification?since=${yesterday}`, { headers: { 'x-api-key': runtime.roleKeys.filer } });

    // Assess
    for (const response of [both, neither, badDay, future]) {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(((await badDay.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('since');
    expect(((await future.json()) as { detail: string }).detail).toContain('since may not lie in the future');
    expect(unknown.status).toBe(404);
    expect(filer.status).toBe(403);
  });
});
