// Retention through the local runtime: closed requests purged after 24 months, resolved support
// cases deleted, deactivated accounts erased after their grace period.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoBucket, demoCaseId, demoTables, type DemoAccount } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { createS3Client } from '../../shared/aws/s3.js';
import { DeletionLedger } from '../../shared/fulfilment/deletion-ledger.js';
import { SystemStore } from '../../shared/fulfilment/system-store.js';
import { chainKey } from '../../functions/wiring/audit-key.js';
import { auditPurgeAt, RETENTION_AFTER_CLOSE_SECONDS, RequestStore } from '../../shared/requests/request-store.js';
import { AUDIT_RETENTION_DAYS, tables } from '../../shared/resources.js';
import { DynamoDeactivatedAccounts, eraseDeactivatedAccounts, type AccountRetentionDeps } from '../../shared/retention/deactivated-accounts.js';
import { RetentionLog, type RetentionEntry } from '../../shared/retention/retention-log.js';
import { subjectHashKey, systemSecretsKey } from '../../shared/secrets.js';
import { lambdaContext } from '../support/lambda.js';

const API_KEY = 'retention-integration-key';
const account = (id: string): DemoAccount => demoAccounts.find((a) => a.accountId === id)!;
const anna = account('acc-1001');
const jonas = account('acc-1002');
const lea = account('acc-1003');

interface Problem {
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

interface Resolution {
  caseId: string;
  resolvedAt: string;
  complete: boolean;
  erased: number;
  systems: { systemId: string; outcome: string; records: number }[];
}

describe('retention through the local runtime', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  let s3: S3Client;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });
  const resolve = (caseId: string, body: unknown) => post(`/v1/support-cases/${caseId}/resolved`, body);
  const ticketsOf = async (accountId: string) =>
    ((
      await documents.send(
        new QueryCommand({
          TableName: demoTables.tickets.localName,
          KeyConditionExpression: 'accountId = :a',
          ExpressionAttributeValues: { ':a': accountId },
        }),
      )
    ).Items ?? []) as { ticketId: string; caseId?: string }[];
  const objectsUnder = async (prefix: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: demoBucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
  const itemOf = async (table: string, key: Record<string, unknown>) => (await documents.send(new GetCommand({ TableName: table, Key: key }))).Item;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
    s3 = createS3Client();
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    documents?.destroy();
    s3?.destroy();
    await runtime?.stop();
  });

  describe('closed requests', () => {
    const store = () => new RequestStore({ requestsTable: tables.requests.localName, auditTable: tables.audit.localName, chainKey });
    const fileDeletion = async (email: string) => {
      const response = await post('/v1/requests', { type: 'deletion', jurisdiction: 'gdpr', subject: { email, locale: 'en' } });
      expect(response.status).toBe(202);
      return ((await response.json()) as { id: string }).id;
    };
    const auditItems = async (requestId: string) =>
      ((
        await documents.send(
          new QueryCommand({
            TableName: tables.audit.localName,
            KeyConditionExpression: 'requestId = :id',
            ExpressionAttributeValues: { ':id': requestId },
          }),
        )
      ).Items ?? []) as { seq: number; purgeAt?: number }[];

    it('hides a request closed more than 24 months ago and its audit chain, before TTL removes them', async () => {
      // Prepare: a request cancelled 24 months and a day ago, as the store closes any request.
      const id = await fileDeletion('retention.old@example.com');
      const closedAt = new Date(Date.now() - RETENTION_AFTER_CLOSE_SECONDS * 1000 - 24 * 3600 * 1000);
      const requests = store();
      const record = (await requests.get(id))!;
      await requests.transition(
        record,
        'cancelled',
        [{ type: 'request.cancelled', at: closedAt.toISOString(), actor: { kind: 'operator' }, data: { wasRunning: false } }],
        {},
        closedAt,
      );

      // Act
      const read = await api(`/v1/requests/${id}`);
      const audit = await api(`/v1/requests/${id}/audit`);
      const listed = (await (await api('/v1/requests?status=cancelled&limit=100')).json()) as { items: { id: string }[] };

      // Assess: both answer 404 problem+json, though the items are still in the tables (TTL lags).
      expect(read.status).toBe(404);
      expect(read.headers.get('content-type')).toContain('application/problem+json');
      expect(audit.status).toBe(404);
      expect(audit.headers.get('content-type')).toContain('application/problem+json');
      expect(listed.items.map((item) => item.id)).not.toContain(id);
      expect(await itemOf(tables.requests.localName, { id })).toBeDefined();
      // Every event of the chain carries the chain's purge time from its writing (no event is ever updated): filing + 3 years.
      const events = await auditItems(id);
      expect(events.length).toBeGreaterThanOrEqual(2);
      const purgeAt = auditPurgeAt(record);
      expect(events.map((event) => event.purgeAt)).toEqual(events.map(() => purgeAt));
    });

    it('keeps a request closed today readable, its chain set to go 3 years after filing', async () => {
      // Prepare
      const id = await fileDeletion('retention.recent@example.com');

      // Act
      const cancelled = await post(`/v1/requests/${id}/cancel`, {});
      const read = await api(`/v1/requests/${id}`);
      const audit = await api(`/v1/requests/${id}/audit`);

      // Assess
      expect(cancelled.status).toBe(200);
      expect(read.status).toBe(200);
      expect(audit.status).toBe(200);
      expect(((await audit.json()) as { verification: { valid: boolean } }).verification.valid).toBe(true);
      const expected = Date.now() / 1000 + AUDIT_RETENTION_DAYS * 86_400;
      for (const event of await auditItems(id)) expect(Math.abs(event.purgeAt! - expected)).toBeLessThan(120);
    });
  });

  describe('POST /v1/support-cases/{caseId}/resolved', () => {
    it("deletes the case's ticket and chat transcript and nothing else, and logs counts without personal data", async () => {
      // Prepare: another case of the same account, which must stay.
      const caseId = demoCaseId(anna);
      await documents.send(
        new PutCommand({
          TableName: demoTables.tickets.localName,
          Item: { accountId: anna.accountId, ticketId: 'tkt-acc-1001-2', caseId: 'sc-1001-2', subject: 'Invoice address', status: 'open' },
        }),
      );
      await s3.send(
        new PutObjectCommand({
          Bucket: demoBucket,
          Key: `chat-transcripts/${anna.accountId}/chat-2.json`,
          Body: JSON.stringify({ caseId: 'sc-1001-2', messages: [] }),
        }),
      );

      // Act
      const response = await resolve(caseId, { accountId: anna.accountId });

      // Assess
      expect(response.status).toBe(200);
      const body = (await response.json()) as Resolution;
      expect(body).toMatchObject({ caseId, complete: true, erased: 2 });
      expect(body.systems).toEqual([
        { systemId: 'live-chat', outcome: 'done', records: 1 },
        { systemId: 'support-tickets', outcome: 'done', records: 1 },
      ]);
      expect((await ticketsOf(anna.accountId)).map((t) => t.caseId)).toEqual(['sc-1001-2']);
      expect(await objectsUnder(`chat-transcripts/${anna.accountId}/`)).toEqual([`chat-transcripts/${anna.accountId}/chat-2.json`]);
      expect(await itemOf(demoTables.profiles.localName, { accountId: anna.accountId })).toBeDefined();
      const logged = (await itemOf(tables.retentionLog.localName, { entryId: `case#${caseId}` })) as RetentionEntry;
      expect(logged).toMatchObject({ kind: 'support-case', caseId, erased: 2 });
      expect(JSON.stringify(logged)).not.toContain(anna.email);
      expect(JSON.stringify(logged)).not.toContain(anna.accountId);
    });

    it('answers a second report the same and deletes nothing more', async () => {
      // Prepare: resolved once; then a record tagged with the case turns up again.
      const caseId = demoCaseId(jonas);
      const first = await resolve(caseId, { accountId: jonas.accountId });
      expect(first.status).toBe(200);
      await documents.send(
        new PutCommand({
          TableName: demoTables.tickets.localName,
          Item: { accountId: jonas.accountId, ticketId: 'tkt-acc-1002-9', caseId, subject: 'Follow-up', status: 'open' },
        }),
      );

      // Act
      const second = await resolve(caseId, { accountId: jonas.accountId });

      // Assess
      expect(second.status).toBe(200);
      expect(await second.json()).toEqual(await first.json());
      expect((await ticketsOf(jonas.accountId)).map((t) => t.ticketId)).toEqual(['tkt-acc-1002-9']);
    });

    it('refuses the resolved case reported for another account with 409', async () => {
      // Prepare
      const caseId = demoCaseId(jonas);
      await resolve(caseId, { accountId: jonas.accountId });

      // Act
      const response = await resolve(caseId, { accountId: anna.accountId });

      // Assess
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });

    it('answers 404 for a case no support system knows', async () => {
      // Act
      const response = await resolve('case-unknown-1', { accountId: anna.accountId });

      // Assess
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(((await response.json()) as Problem).detail).toContain('case-unknown-1');
    });

    it.each([
      { note: 'a malformed case id', caseId: '-bad', body: { accountId: 'acc-1001' }, path: 'caseId' },
      { note: 'a case id too long', caseId: 'c'.repeat(129), body: { accountId: 'acc-1001' }, path: 'caseId' },
      { note: 'no account id', caseId: 'sc-1001-1', body: {}, path: 'accountId' },
      { note: 'an empty account id', caseId: 'sc-1001-1', body: { accountId: ' ' }, path: 'accountId' },
      { note: 'an unknown field', caseId: 'sc-1001-1', body: { accountId: 'acc-1001', email: 'x@example.com' }, path: 'email' },
    ])('answers 400 problem+json for $note', async ({ caseId, body, path }) => {
      // Act
      const response = await resolve(caseId, body);

      // Assess
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(((await response.json()) as Problem).errors?.map((e) => e.path)).toContain(path);
    });

    it('answers 400 problem+json for a body that is not JSON', async () => {
      // Act
      const response = await api('/v1/support-cases/sc-1001-1/resolved', { method: 'POST', body: '{accountId' });

      // Assess
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });

    it('refuses a call without the API key', async () => {
      // Act
      const response = await fetch(`${runtime.apiUrl}/v1/support-cases/sc-1001-1/resolved`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountId: 'acc-1001' }),
      });

      // Assess
      expect(response.status).toBe(401);
    });
  });

  describe('deactivated accounts', () => {
    const deps = (graceDays: number, documentsClient: DynamoDBDocumentClient): AccountRetentionDeps => ({
      accounts: new DynamoDeactivatedAccounts(demoTables.accounts.localName, documentsClient),
      systems: new SystemStore({ tableName: tables.systems.localName, secretKey: systemSecretsKey, client: documentsClient }),
      connectors: {
        documents: documentsClient,
        s3,
        dataBucket: '',
        ledger: new DeletionLedger({ tableName: tables.ledger.localName, client: documentsClient }),
        now: () => new Date(),
      },
      log: new RetentionLog({ tableName: tables.retentionLog.localName, client: documentsClient }),
      hashKey: subjectHashKey,
      graceDays,
      now: () => new Date(),
      newRunId: () => ulid(),
    });
    const leaRecords = async () => ({
      profile: await itemOf(demoTables.profiles.localName, { accountId: lea.accountId }),
      tickets: (await ticketsOf(lea.accountId)).length,
      invoices: (
        (
          await documents.send(
            new QueryCommand({
              TableName: demoTables.invoices.localName,
              KeyConditionExpression: 'accountId = :a',
              ExpressionAttributeValues: { ':a': lea.accountId },
            }),
          )
        ).Items ?? []
      ).length,
      objects: [
        ...(await objectsUnder(`chat-transcripts/${lea.accountId}/`)),
        ...(await objectsUnder(`tracker/${lea.accountId}/`)),
        ...(await objectsUnder(`analytics/${lea.accountId}.json`)),
      ].length,
    });

    it('leaves a deactivated account alone inside its grace period', async () => {
      // Prepare: lea was deactivated on 2026-09-15; a grace period of ten years has not passed.
      expect(lea.status).toBe('deactivated');

      // Act
      const summary = await eraseDeactivatedAccounts(deps(3650, documents));

      // Assess
      expect(summary).toMatchObject({ deactivated: 1, waiting: 1, erased: 0, incomplete: 0 });
      expect(await leaRecords()).toMatchObject({ tickets: 1, invoices: 2, objects: 3 });
      expect((await leaRecords()).profile).toBeDefined();
    });

    it('erases a deactivated account past the grace period in every system but keeps its invoices, once', async () => {
      // Prepare: the scheduled function as EventBridge calls it, with the default grace period of 30 days.
      const { handler } = await import('../../functions/retention/erase-deactivated-accounts.handler.js');
      const startedAt = new Date().toISOString();
      const event = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} } as never;

      // Act
      const first = await handler(event, lambdaContext());
      const second = await handler(event, lambdaContext());

      // Assess
      expect(first).toMatchObject({ deactivated: 1, erased: 1, alreadyErased: 0, incomplete: 0 });
      expect(second).toMatchObject({ deactivated: 1, erased: 0, alreadyErased: 1, records: 0 });
      expect(await leaRecords()).toEqual({ profile: undefined, tickets: 0, invoices: 2, objects: 0 });
      // Other accounts are untouched.
      expect(await itemOf(demoTables.profiles.localName, { accountId: 'acc-2001' })).toBeDefined();
      const entries = ((await documents.send(new ScanCommand({ TableName: tables.retentionLog.localName }))).Items ?? []) as RetentionEntry[];
      const accountEntries = entries.filter((entry) => entry.kind === 'account');
      expect(accountEntries).toHaveLength(1);
      expect(accountEntries[0]!.systems).toEqual(
        expect.arrayContaining([
          // The invoices the retention rule keeps, counted; backups are not asked, so not counted.
          { systemId: 'backups', outcome: 'retained', records: 0 },
          { systemId: 'billing', outcome: 'retained', records: 2 },
          { systemId: 'crm-profiles', outcome: 'done', records: 1 },
          { systemId: 'live-chat', outcome: 'done', records: 1 },
        ]),
      );
      expect(JSON.stringify(accountEntries)).not.toContain(lea.email);
      expect(JSON.stringify(accountEntries)).not.toContain(lea.accountId);
      // The deletion ledger has the erasures, to be re-applied after a backup restore.
      const ledger = new DeletionLedger({ tableName: tables.ledger.localName, client: documents });
      expect(await ledger.since('crm-profiles', startedAt)).toContainEqual(expect.objectContaining({ requestId: accountEntries[0]!.runId, erasure: 'delete' }));
    });
  });

  describe('system registration', () => {
    it('takes supportCases in a system registration only for a connector filing by accountId', async () => {
      // Prepare: registered last, over a table that exists, so the other tests never meet it.
      const registration = {
        name: 'Help centre',
        owner: 'Support',
        categories: ['correspondence'],
        actions: ['delete'],
        purposes: ['support'],
        retention: [],
        supportCases: { caseAttribute: 'caseRef' },
      };

      // Act
      const accepted = await api('/v1/systems/help-centre', {
        method: 'PUT',
        body: JSON.stringify({
          ...registration,
          connector: {
            kind: 'dynamodb',
            table: demoTables.tickets.localName,
            keyAttribute: 'accountId',
            sortKeyAttribute: 'ticketId',
            subjectKey: 'accountId',
          },
        }),
      });
      const refused = await api('/v1/systems/help-centre-hook', {
        method: 'PUT',
        body: JSON.stringify({ ...registration, connector: { kind: 'webhook', url: 'https://help.example.com/privacy' } }),
      });

      // Assess
      expect(accepted.status).toBe(201);
      expect(((await accepted.json()) as { supportCases?: unknown }).supportCases).toEqual({ caseAttribute: 'caseRef' });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(((await refused.json()) as Problem).errors?.map((e) => e.path)).toEqual(['supportCases']);
    });
  });
});
