// Objections by scope, and deletions that count what they keep, through the local runtime as a company system and a subject would.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoBucket, demoTables, knowledgeAnswers } from '../../local/demo-data.js';
import { createS3Client } from '../../shared/aws/s3.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { tables } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { formPost, mailsTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'objection-integration-key';
const account = (id: string) => demoAccounts.find((a) => a.accountId === id)!;

interface Outcome {
  systemId: string;
  action: string;
  outcome: string;
  records: number;
  reason?: string;
  retained?: { category: string }[];
}
interface RequestView {
  id: string;
  status: string;
  verification?: { level: string; state: string };
  fulfilment?: { outcomes: Outcome[] };
}
interface Problem {
  type: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

describe('objections and kept records through the local runtime', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  let s3: S3Client;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  const post = (body: Record<string, unknown>) => api('/v1/requests', { method: 'POST', body: JSON.stringify(body) });
  /** Files an objection for a demo customer and confirms it from the mailbox, as they would; waits for fulfilment. */
  const objectAndConfirm = async (accountId: string, scope?: Record<string, string[]>) => {
    const who = account(accountId);
    const subject = { email: who.email, locale: who.locale };
    const response = await post({ type: 'objection', jurisdiction: who.jurisdiction, subject, ...(scope ? { scope } : {}) });
    expect(response.status).toBe(202);
    const filed = (await response.json()) as RequestView;
    // An objection that only stops is carried out at filing, with no link to confirm; one that deletes somewhere waits for it.
    if (filed.status === 'awaiting-verification') await fetch(await newestLink(runtime, who.email, '/v1/verify/'), formPost({ confirm: 'yes' }));
    await runtime.workflows.idle();
    return read(filed.id);
  };
  const outcomeOf = (view: RequestView, systemId: string) => view.fulfilment?.outcomes.find((o) => o.systemId === systemId);
  const chatObjects = async (accountId: string) =>
    (await s3.send(new ListObjectsV2Command({ Bucket: demoBucket, Prefix: `chat-transcripts/${accountId}/` }))).KeyCount ?? 0;
  const newsletterRows = async (email: string) =>
    (
      await documents.send(
        new QueryCommand({
          TableName: demoTables.newsletter.localName,
          KeyConditionExpression: 'email = :e',
          ExpressionAttributeValues: { ':e': email },
        }),
      )
    ).Items ?? [];

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    s3 = createS3Client();
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    documents?.destroy();
    s3?.destroy();
    await runtime?.stop();
  });

  it('deletes the live-chat transcripts on an objection naming live-chat, and says so, touching nothing else', async () => {
    // Prepare
    const anna = account('acc-1001');
    const suppressions = new SuppressionList(tables.suppressions.localName, subjectHashKey);
    const chatsBefore = await chatObjects(anna.accountId);

    // Act
    const after = await objectAndConfirm(anna.accountId, { systems: ['live-chat'] });
    const answer = (await mailsTo(runtime, anna.email)).at(-1)!;
    const register = (await (await api('/v1/consents/query', { method: 'POST', body: JSON.stringify({ email: anna.email }) })).json()) as {
      purposes: Record<string, { state: string }>;
    };

    // Assess
    expect(chatsBefore).toBeGreaterThan(0);
    expect(register.purposes.support?.state).toBe('objected');
    expect(register.purposes.marketing?.state).not.toBe('objected');
    expect(after.status).toBe('completed');
    expect(after.fulfilment!.outcomes).toEqual([{ systemId: 'live-chat', action: 'delete', outcome: 'done', records: chatsBefore }]);
    expect(await chatObjects(anna.accountId)).toBe(0);
    expect(await newsletterRows(anna.email)).not.toEqual([]);
    expect(await suppressions.isSuppressed(anna.email)).toBe(false);
    expect(answer.body.text).toContain('Live-Chat-Protokolle: gelöscht');
  });

  it('waits for the link before a CCPA objection deletes the live-chat transcripts, and deletes them once confirmed', async () => {
    // Prepare
    const maria = account('acc-2001');
    const chatsBefore = await chatObjects(maria.accountId);

    // Act
    const response = await post({ type: 'objection', jurisdiction: 'ccpa', subject: { email: maria.email }, scope: { systems: ['live-chat'] } });
    const filed = (await response.json()) as RequestView;
    await runtime.workflows.idle();
    const waiting = await read(filed.id);
    const chatsWhileWaiting = await chatObjects(maria.accountId);
    const link = await newestLink(runtime, maria.email, '/v1/verify/');
    await fetch(link, formPost({ confirm: 'yes' }));
    await runtime.workflows.idle();
    const after = await read(filed.id);
    const answer = (await mailsTo(runtime, maria.email)).at(-1)!;

    // Assess
    expect(response.status).toBe(202);
    expect(chatsBefore).toBeGreaterThan(0);
    expect(waiting.status).toBe('awaiting-verification');
    expect(waiting.verification).toMatchObject({ level: 'email', state: 'pending' });
    expect(waiting.fulfilment?.outcomes ?? []).toEqual([]);
    expect(chatsWhileWaiting).toBe(chatsBefore);
    expect(after.status).toBe('completed');
    expect(after.fulfilment!.outcomes).toEqual([{ systemId: 'live-chat', action: 'delete', outcome: 'done', records: chatsBefore }]);
    expect(await chatObjects(maria.accountId)).toBe(0);
    expect(answer.body.text).toContain('Live-chat transcripts: deleted');
    expect(answer.body.text).not.toMatch(/GDPR|Art\. \d/);
  });

  it('carries out at filing, with no link, a CCPA objection to marketing only, where every system stops', async () => {
    // Prepare
    const maria = account('acc-2001');
    const linksBefore = (await mailsTo(runtime, maria.email)).filter((m) => m.body.text?.includes('/v1/verify/')).length;

    // Act
    const response = await post({ type: 'objection', jurisdiction: 'ccpa', subject: { email: maria.email }, scope: { purposes: ['marketing'] } });
    const filed = (await response.json()) as RequestView;
    await runtime.workflows.idle();
    const after = await read(filed.id);
    const linksAfter = (await mailsTo(runtime, maria.email)).filter((m) => m.body.text?.includes('/v1/verify/')).length;

    // Assess
    expect(response.status).toBe(202);
    expect(filed.status).toBe('verified');
    expect(filed.verification).toMatchObject({ level: 'none', state: 'not-required' });
    expect(linksAfter).toBe(linksBefore);
    expect(after.status).toBe('completed');
    expect(after.fulfilment!.outcomes.map((o) => [o.systemId, o.action])).toEqual([
      ['newsletter', 'stop-processing'],
      ['web-analytics', 'stop-processing'],
    ]);
    expect(await chatObjects(maria.accountId)).toBe(0);
  });

  it('refuses at filing, with a 422 naming the known systems and purposes, an objection whose scope reaches no system', async () => {
    // Prepare
    const jonas = account('acc-1002');
    const mailsBefore = (await mailsTo(runtime, jonas.email)).length;
    const objections = async () => ((await (await api('/v1/requests?type=objection')).json()) as { items: { id: string }[] }).items.length;
    const filedBefore = await objections();

    // Act
    const unknown = await post({ type: 'objection', jurisdiction: 'gdpr', subject: { email: jonas.email }, scope: { systems: ['fax-archive'] } });
    const unknownProblem = (await unknown.json()) as Problem;
    const contractOnly = await post({ type: 'objection', jurisdiction: 'gdpr', subject: { email: jonas.email }, scope: { purposes: ['contract'] } });
    const contractProblem = (await contractOnly.json()) as Problem;
    const mismatch = await post({
      type: 'objection',
      jurisdiction: 'gdpr',
      subject: { email: jonas.email },
      scope: { systems: ['live-chat'], purposes: ['analytics'] },
    });
    const mismatchProblem = (await mismatch.json()) as Problem;
    const filedAfter = await objections();

    // Assess
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknownProblem.errors).toEqual([{ path: 'scope.systems[0]', message: 'is not a system in the data inventory' }]);
    expect(JSON.stringify(unknownProblem)).not.toContain('fax-archive');
    expect(unknownProblem.detail).toContain(
      'Known systems: backups, billing, crm-profiles, live-chat, location-tracker, newsletter, support-tickets, web-analytics.',
    );
    expect(unknownProblem.detail).toContain('Known purposes: analytics, contract, legal-obligation, marketing, security, support.');
    expect(contractOnly.status).toBe(422);
    expect(contractProblem.errors?.[0]?.path).toBe('scope');
    expect(contractProblem.errors?.[0]?.message).toMatch(/only systems where an objection does not apply: billing \(.*\); crm-profiles/);
    expect(mismatch.status).toBe(422);
    expect(mismatchProblem.errors?.[0]?.message).toBe('"live-chat" serves none of the purposes named (it serves support)');
    expect((await mailsTo(runtime, jonas.email)).length).toBe(mailsBefore);
    expect(filedAfter).toBe(filedBefore);
  });

  it('treats an objection naming the newsletter as one to direct marketing: stopped in every marketing system, and suppressed', async () => {
    // Prepare
    const james = account('acc-2002');
    const suppressions = new SuppressionList(tables.suppressions.localName, subjectHashKey);

    // Act
    const after = await objectAndConfirm(james.accountId, { systems: ['newsletter'] });

    // Assess
    expect(after.status).toBe('completed');
    expect(after.fulfilment!.outcomes.map((o) => [o.systemId, o.action])).toEqual([
      ['newsletter', 'stop-processing'],
      ['web-analytics', 'stop-processing'],
    ]);
    expect(await suppressions.isSuppressed(james.email)).toBe(true);
  });

  it('answers a system an objection does not reach with its reason, and carries it out where it does', async () => {
    // Prepare
    const olivia = account('acc-3001');

    // Act
    const after = await objectAndConfirm(olivia.accountId, { systems: ['live-chat', 'billing'] });
    const answer = (await mailsTo(runtime, olivia.email)).at(-1)!;

    // Assess
    expect(after.status).toBe('partially-completed');
    expect(outcomeOf(after, 'live-chat')).toMatchObject({ action: 'delete', outcome: 'done' });
    expect(outcomeOf(after, 'billing')).toMatchObject({ outcome: 'not-applicable', records: 0, reason: expect.stringContaining('§ 147 AO') });
    expect(answer.body.text).toMatch(/Billing and payments: your request does not apply here: Invoices and payments are kept/);
  });

  it('reports the invoices a deletion keeps with their count, in the request, its audit chain and the answer', async () => {
    // Prepare
    const lea = account('acc-1003');
    const response = await post({ type: 'deletion', jurisdiction: lea.jurisdiction, subject: { email: lea.email } });
    const filed = (await response.json()) as RequestView;
    const link = await newestLink(runtime, lea.email, '/v1/verify/');
    await fetch(link, formPost({ confirm: 'yes' }));
    await fetch(`${link}/identity`, formPost(knowledgeAnswers(lea)));

    // Act
    await runtime.workflows.idle();
    const after = await read(filed.id);
    const chain = (await (await api(`/v1/requests/${filed.id}/audit`)).json()) as {
      events: { type: string; data: Record<string, unknown> }[];
      verification: { valid: boolean };
    };
    const answer = (await mailsTo(runtime, lea.email)).at(-1)!;
    const invoices = await documents.send(
      new QueryCommand({
        TableName: demoTables.invoices.localName,
        KeyConditionExpression: 'accountId = :a',
        ExpressionAttributeValues: { ':a': lea.accountId },
      }),
    );

    // Assess
    expect(invoices.Items).toHaveLength(2);
    expect(after.status).toBe('partially-completed');
    expect(outcomeOf(after, 'billing')).toMatchObject({ action: 'delete', outcome: 'retained', records: 2, retained: [{ category: 'invoices' }] });
    expect(chain.events.find((e) => e.type === 'fulfilment.system-outcome' && e.data.systemId === 'billing')?.data).toMatchObject({
      outcome: 'retained',
      records: 2,
    });
    expect(chain.verification.valid).toBe(true);
    // Lea reads German: the system's German name and the German legal basis, from the inventory.
    expect(answer.body.text).toContain('Rechnungen und Zahlungen: 2 Datensätze aus rechtlichen Gründen aufbewahrt');
    expect(answer.body.text).toContain(
      'Rechnungen und Zahlungen: Rechnungen (Rechtsgrundlage: § 147 AO und § 257 HGB (Aufbewahrungspflichten nach Steuer- und Handelsrecht))',
    );
    expect(answer.body.text).not.toContain('Billing and payments');
  });
});
