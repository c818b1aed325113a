// Fulfilment end to end: verified requests carried out in every demo system, webhooks included.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoTables, knowledgeAnswers } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { signBody, SIGNATURE_HEADER } from '../../shared/fulfilment/signatures.js';
import { formPost, mailsTo, newestLink } from '../support/mailbox.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { tables } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { readZip } from '../support/zip.js';

const API_KEY = 'fulfilment-integration-key';
const account = (id: string) => demoAccounts.find((a) => a.accountId === id)!;

interface RequestView {
  id: string;
  status: string;
  verification: { level: string; state: string };
  fulfilment?: { outcomes: { systemId: string; action: string; outcome: string; records: number; error?: string; retained?: unknown[] }[] };
}

/** A company system that answers over HTTP: it records each signed call and answers 202. */
interface Receiver {
  url: string;
  calls: { body: string; signature: string | undefined }[];
  server: Server;
}

async function startReceiver(): Promise<Receiver> {
  const calls: Receiver['calls'] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      calls.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers[SIGNATURE_HEADER] as string | undefined });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/privacy-tasks`, calls, server };
}

describe('fulfilment through the local runtime', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  let receiver: Receiver;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  const file = async (body: Record<string, unknown>) => {
    const response = await api('/v1/requests', { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(202);
    return (await response.json()) as RequestView;
  };
  /** Files a request for a demo customer and verifies it as they would, from the mailbox. */
  const fileAndVerify = async (accountId: string, body: Record<string, unknown>) => {
    const who = account(accountId);
    const filed = await file({ jurisdiction: who.jurisdiction, subject: { email: who.email }, ...body });
    const link = await newestLink(runtime, who.email, '/v1/verify/');
    await fetch(link, formPost({ confirm: 'yes' }));
    const identity = await fetch(`${link}/identity`, formPost(knowledgeAnswers(who)));
    expect(identity.status).toBe(200);
    return filed;
  };
  const items = async (table: string, key: string, value: string) =>
    (
      await documents.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': key },
          ExpressionAttributeValues: { ':v': value },
        }),
      )
    ).Items ?? [];

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    documents?.destroy();
    await new Promise((resolve) => receiver?.server.close(resolve));
    await runtime?.stop();
  });

  it('answers an access request with a download holding JSON and CSV for every system and a manifest', async () => {
    // Prepare
    const anna = account('acc-1001');

    // Act
    const filed = await fileAndVerify(anna.accountId, { type: 'access' });
    await runtime.workflows.idle();
    const after = await read(filed.id);
    const exportLink = await newestLink(runtime, anna.email, '/v1/exports/');
    const page = await fetch(exportLink);
    const download = await fetch(exportLink, { ...formPost({ download: 'yes' }), redirect: 'manual' });
    const zip = readZip(Buffer.from(await (await fetch(download.headers.get('location')!)).arrayBuffer()));
    const names = zip.map((entry) => entry.name);
    const exported = after.fulfilment!.outcomes.filter((o) => o.outcome === 'done').map((o) => o.systemId);

    // Assess
    expect(after.status).toBe('completed');
    expect(exported.sort()).toEqual(['billing', 'crm-profiles', 'live-chat', 'location-tracker', 'newsletter', 'support-tickets', 'web-analytics']);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect(download.status).toBe(303);
    expect(new URL(download.headers.get('location')!).searchParams.get('X-Amz-Expires')).toMatch(/^\d+$/);
    expect(Number(new URL(download.headers.get('location')!).searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
    for (const systemId of exported) expect(names).toEqual(expect.arrayContaining([`${systemId}.json`, `${systemId}.csv`]));
    expect(names).toEqual(expect.arrayContaining(['README.txt', 'manifest.json']));
    const profile = JSON.parse(zip.find((e) => e.name === 'crm-profiles.json')!.data.toString('utf8')) as { email?: string }[];
    expect(JSON.stringify(profile)).toContain(anna.email);
  });

  it('deletes a customer from every demo system but the invoices, and says why those stay', async () => {
    // Prepare
    const jonas = account('acc-1002');

    // Act
    const filed = await fileAndVerify(jonas.accountId, { type: 'deletion' });
    await runtime.workflows.idle();
    const after = await read(filed.id);
    const answer = (await mailsTo(runtime, jonas.email)).at(-1)!;

    // Assess
    expect(after.status).toBe('partially-completed');
    const outcome = (id: string) => after.fulfilment!.outcomes.find((o) => o.systemId === id)?.outcome;
    expect(outcome('billing')).toBe('retained');
    expect(outcome('crm-profiles')).toBe('done');
    expect(outcome('support-tickets')).toBe('done');
    expect(await items(demoTables.profiles.localName, 'accountId', jonas.accountId)).toEqual([]);
    expect(await items(demoTables.tickets.localName, 'accountId', jonas.accountId)).toEqual([]);
    expect(await items(demoTables.invoices.localName, 'accountId', jonas.accountId)).toHaveLength(2);
    expect(answer.body.text).toMatch(/147 AO/);
    expect(answer.body.text).toMatch(/Aufsichtsbehörde/);
  });

  it('carries out a sale opt-out at once, with no verification, in the systems that share data', async () => {
    // Prepare
    const james = account('acc-2002');

    // Act
    const filed = await file({ type: 'sale-opt-out', jurisdiction: 'ccpa', subject: { email: james.email } });
    await runtime.workflows.idle();
    const after = await read(filed.id);
    const subscription = await documents.send(new GetCommand({ TableName: demoTables.newsletter.localName, Key: { email: james.email } }));

    // Assess
    expect(after.status).toBe('completed');
    expect(after.fulfilment!.outcomes).toEqual([expect.objectContaining({ systemId: 'newsletter', action: 'opt-out-of-sale', outcome: 'done' })]);
    expect(subscription.Item).toMatchObject({ shareWithPartners: false, saleOptOut: true });
  });

  it('opts the subject back in to sale only once they confirm the emailed link (11 CCR 7028(a)): the opt-out lifted, consent granted, told in CCPA words', async () => {
    // Prepare: James opted out (the test above); the opt-in is the first step, the link the second.
    const james = account('acc-2002');
    const subscription = async () => (await documents.send(new GetCommand({ TableName: demoTables.newsletter.localName, Key: { email: james.email } }))).Item;
    const saleState = async () =>
      (
        (await (await api('/v1/consents/query', { method: 'POST', body: JSON.stringify({ email: james.email }) })).json()) as {
          purposes: Record<string, { state: string }>;
        }
      ).purposes['sale-and-sharing']?.state;
    const before = await subscription();

    // Act
    const filed = await file({ type: 'sale-opt-in', jurisdiction: 'ccpa', subject: { email: james.email } });
    await runtime.workflows.idle();
    const waiting = await read(filed.id);
    const whileWaiting = await subscription();
    const stateWhileWaiting = await saleState();
    const confirmation = (await mailsTo(runtime, james.email)).at(-1)!;
    await fetch(await newestLink(runtime, james.email, '/v1/verify/'), formPost({ confirm: 'yes' }));
    await runtime.workflows.idle();
    const after = await read(filed.id);
    const answer = (await mailsTo(runtime, james.email)).at(-1)!;

    // Assess
    expect(before).toMatchObject({ saleOptOut: true, shareWithPartners: false });
    expect(waiting).toMatchObject({ status: 'awaiting-verification', verification: { level: 'email', state: 'pending' } });
    expect(whileWaiting).toMatchObject({ saleOptOut: true, shareWithPartners: false });
    expect(stateWhileWaiting).toBe('opted-out');
    expect(confirmation.body.text).toContain('Under the California Consumer Privacy Act an opt-in takes two steps');
    expect(after.status).toBe('completed');
    expect(after.fulfilment!.outcomes).toEqual([{ systemId: 'newsletter', action: 'opt-in-to-sale', outcome: 'done', records: 1 }]);
    const lifted = await subscription();
    expect(lifted).toMatchObject({ shareWithPartners: true });
    expect(lifted).not.toHaveProperty('saleOptOut');
    expect(await saleState()).toBe('granted');
    expect(answer.subject).toBe('Request completed: opt-in to the sale or sharing of your data');
    expect(answer.body.text).toContain('your opt-out is lifted');
    expect(answer.body.text).not.toMatch(/GDPR|Art\. \d|supervisory/);
  });

  it.each([
    [
      'under the GDPR, with a 422 naming POST /v1/consents',
      { type: 'sale-opt-in', jurisdiction: 'gdpr', subject: { email: 'anna.schmidt@example.com' } },
      422,
      'jurisdiction',
    ],
    ['without a subject, with a 400', { type: 'sale-opt-in', jurisdiction: 'ccpa' }, 400, 'subject'],
    ['with a subject that is no email, with a 400', { type: 'sale-opt-in', jurisdiction: 'ccpa', subject: { email: 'not-an-address' } }, 400, 'subject.email'],
  ])('refuses a sale opt-in %s, filing and mailing nothing', async (_label, body, status, path) => {
    // Prepare
    const listed = async () => ((await (await api('/v1/requests?type=sale-opt-in')).json()) as { items: unknown[] }).items.length;
    const before = await listed();

    // Act
    const response = await api('/v1/requests', { method: 'POST', body: JSON.stringify(body) });
    const problem = (await response.json()) as { detail: string; errors: { path: string }[] };

    // Assess
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problem.errors.map((e) => e.path)).toContain(path);
    if (status === 422) expect(problem.detail).toContain('POST /v1/consents');
    expect(await listed()).toBe(before);
  });

  it('stops marketing on a CCPA objection at once, with no verification (11 CCR 7026(d)), and puts the subject on the suppression list', async () => {
    // Prepare
    const maria = account('acc-2001');
    const suppressions = new SuppressionList(tables.suppressions.localName, subjectHashKey);
    const before = await suppressions.isSuppressed(maria.email);

    // Act
    const filed = await file({ type: 'objection', jurisdiction: 'ccpa', subject: { email: maria.email } });
    await runtime.workflows.idle();
    const confirmationMails = (await mailsTo(runtime, maria.email)).filter((mail) => mail.body.text?.includes('/v1/verify/'));
    const after = await read(filed.id);
    const chain = (await (await api(`/v1/requests/${filed.id}/audit`)).json()) as { events: { type: string }[]; verification: { valid: boolean } };

    // Assess
    expect(filed.status).toBe('verified');
    expect(confirmationMails).toEqual([]);
    expect(before).toBe(false);
    expect(await suppressions.isSuppressed(maria.email)).toBe(true);
    expect(after.status).toBe('completed');
    expect(after.verification).toEqual({ level: 'none', state: 'not-required' });
    expect(chain.events.map((e) => e.type)).toContain('preferences.marketing-suppressed');
    expect(chain.verification.valid).toBe(true);
  });

  it('answers a Shine the Light request from the register of the year before', async () => {
    // Prepare
    const james = account('acc-2002');
    const lastYear = String(new Date().getUTCFullYear() - 1);
    const recorded = await api(`/v1/disclosures/${lastYear}/partner-media`, {
      method: 'PUT',
      body: JSON.stringify({ name: 'Example Partner Media Ltd.', address: '1 Market St, San Francisco, CA 94105', categories: ['name', 'email address'] }),
    });

    // Act
    const filed = await file({ type: 'third-party-disclosure', jurisdiction: 'ccpa', subject: { email: james.email } });
    await fetch(await newestLink(runtime, james.email, '/v1/verify/'), formPost({ confirm: 'yes' }));
    await runtime.workflows.idle();
    const after = await read(filed.id);
    const answer = (await mailsTo(runtime, james.email)).at(-1)!;
    const register = (await (await api(`/v1/disclosures/${lastYear}`)).json()) as { items: { recipientId: string }[] };

    // Assess
    expect(recorded.status).toBe(200);
    expect(register.items.map((i) => i.recipientId)).toEqual(['partner-media']);
    expect(after.status).toBe('completed');
    expect(answer.body.text).toContain('Example Partner Media Ltd., 1 Market St, San Francisco, CA 94105 (name, email address)');
  });

  it.each([
    { note: 'a year that is not one', path: '/v1/disclosures/25/partner', body: { name: 'A', address: 'B', categories: ['c'] }, field: 'year' },
    { note: 'a bad recipient id', path: '/v1/disclosures/2025/Partner_Media', body: { name: 'A', address: 'B', categories: ['c'] }, field: 'recipientId' },
    { note: 'no categories', path: '/v1/disclosures/2025/partner', body: { name: 'A', address: 'B', categories: [] }, field: 'categories' },
    { note: 'a missing address', path: '/v1/disclosures/2025/partner', body: { name: 'A', categories: ['c'] }, field: 'address' },
    {
      note: 'an unknown field',
      path: '/v1/disclosures/2025/partner',
      body: { name: 'A', address: 'B', categories: ['c'], email: 'x@example.com' },
      field: 'email',
    },
  ])('refuses a disclosure with $note with 400 naming $field', async ({ path, body, field }) => {
    // Prepare: the row

    // Act
    const response = await api(path, { method: 'PUT', body: JSON.stringify(body) });
    const problem = (await response.json()) as { errors?: { path: string }[] };

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(problem.errors?.map((e) => e.path)).toContain(field);
  });

  describe('a webhook system', () => {
    let secret: string;

    beforeAll(async () => {
      const registered = await api('/v1/systems/partner-crm', {
        method: 'PUT',
        body: JSON.stringify({
          name: 'Partner CRM',
          owner: 'Sales',
          categories: ['contact data'],
          connector: { kind: 'webhook', url: receiver.url },
          actions: ['export', 'delete'],
          purposes: ['sales'],
          retention: [],
        }),
      });
      expect(registered.status).toBe(201);
      secret = ((await registered.json()) as { signingSecret: string }).signingSecret;
    });

    it('gets a signed call, and completes its part through a signed report', async () => {
      // Prepare
      const olivia = account('acc-3001');
      const filed = await fileAndVerify(olivia.accountId, { type: 'access', scope: { systems: ['partner-crm', 'crm-profiles'] } });
      await expect.poll(() => receiver.calls.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      const call = receiver.calls.at(-1)!;
      const task = JSON.parse(call.body) as { taskId: string; subject: { email: string }; reportTo: string };
      const report = JSON.stringify({ outcome: 'done', data: [{ contact: olivia.email, stage: 'lead' }] });
      const post = (body: string, signature: string) =>
        fetch(task.reportTo, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body });

      // Act
      const forged = await post(report, signBody('not-the-secret', report, new Date()));
      const unsigned = await fetch(task.reportTo, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: report });
      const accepted = await post(report, signBody(secret, report, new Date()));
      const again = await post(report, signBody(secret, report, new Date()));
      await runtime.workflows.idle();
      const after = await read(filed.id);

      // Assess
      expect(call.signature).toBe(signBody(secret, call.body, new Date(Number(/t=(\d+)/.exec(call.signature!)![1]) * 1000)));
      expect(task.subject.email).toBe(olivia.email);
      expect(forged.status).toBe(401);
      expect(forged.headers.get('content-type')).toBe('application/problem+json');
      expect(unsigned.status).toBe(401);
      expect(accepted.status).toBe(202);
      expect(again.status).toBe(409);
      expect(after.status).toBe('completed');
      expect(after.fulfilment!.outcomes).toEqual(expect.arrayContaining([expect.objectContaining({ systemId: 'partner-crm', outcome: 'done', records: 1 })]));
    });

    it('refuses reports for unknown tasks and malformed reports', async () => {
      // Prepare
      const body = JSON.stringify({ outcome: 'done' });

      // Act
      const unknown = await api('/v1/tasks/01J0000000000000000000000Z/result', {
        method: 'POST',
        body,
        headers: { [SIGNATURE_HEADER]: signBody(secret, body, new Date()) },
      });
      const malformed = await api('/v1/tasks/01J0000000000000000000000Z/result', { method: 'POST', body: JSON.stringify({ outcome: 'finished' }) });
      const retainedWithoutRule = await api('/v1/tasks/01J0000000000000000000000Z/result', { method: 'POST', body: JSON.stringify({ outcome: 'retained' }) });

      // Assess
      expect(unknown.status).toBe(404);
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('outcome');
      expect(retainedWithoutRule.status).toBe(400);
    });

    it('times a system that never answers out into failed, leaving the request partially completed', async () => {
      // Prepare
      const registered = await api('/v1/systems/silent-partner', {
        method: 'PUT',
        body: JSON.stringify({
          name: 'Silent Partner',
          owner: 'Sales',
          categories: ['contact data'],
          connector: { kind: 'webhook', url: receiver.url, timeoutSeconds: 2 },
          actions: ['export', 'delete'],
          purposes: ['sales'],
          retention: [],
        }),
      });
      expect(registered.status).toBe(201);
      const lea = account('acc-1003');

      // Act
      const filed = await fileAndVerify(lea.accountId, { type: 'deletion', scope: { systems: ['silent-partner', 'support-tickets'] } });
      await runtime.workflows.idle();
      const after = await read(filed.id);

      // Assess
      expect(after.status).toBe('partially-completed');
      expect(after.fulfilment!.outcomes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ systemId: 'silent-partner', outcome: 'failed', error: 'States.Timeout' }),
          expect.objectContaining({ systemId: 'support-tickets', outcome: 'done' }),
        ]),
      );
    });
  });
});
