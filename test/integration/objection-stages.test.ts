// An objection to direct marketing that reaches a system deleting on objection, through the local runtime
// as `npm start -- --ad-audiences` runs it: under the GDPR the stop at filing and the erasure once
// confirmed, each told to the subject once; under the CCPA the whole objection after the link.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoBucket, demoTables } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { localDate } from '../../shared/domain/deadlines.js';
import { createS3Client } from '../../shared/aws/s3.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { tables } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { formPost, mailsTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'objection-stages-integration-key';
const account = (id: string) => demoAccounts.find((a) => a.accountId === id)!;

interface Outcome {
  systemId: string;
  action: string;
  outcome: string;
  records: number;
}
interface Task {
  taskId: string;
  systemId: string;
  action: string;
  state: string;
  outcome?: string;
}
interface RequestView {
  id: string;
  status: string;
  dueAt: string;
  stopBy?: string;
  extendableTo?: string;
  overdue: boolean;
  stopOverdue?: boolean;
  deadlineBasis: string;
  stop?: { state: string; finishedAt?: string; noticeSentAt?: string; outcomes: Outcome[] };
  verification: { level: string; state: string };
  fulfilment?: { outcomes: Outcome[]; tasks?: Task[]; noticeSentAt?: string };
}

describe('an objection to direct marketing where a marketing system deletes on objection, through the local runtime', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  let s3: S3Client;
  const suppressions = new SuppressionList(tables.suppressions.localName, subjectHashKey);

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  const audienceEntry = async (accountId: string) =>
    s3.send(new HeadObjectCommand({ Bucket: demoBucket, Key: `ad-audiences/${accountId}.json` })).then(
      () => true,
      () => false,
    );
  const newsletterRows = async (email: string) =>
    (
      await documents.send(
        new QueryCommand({ TableName: demoTables.newsletter.localName, KeyConditionExpression: 'email = :e', ExpressionAttributeValues: { ':e': email } }),
      )
    ).Items ?? [];
  const register = async (email: string) =>
    ((await (await api('/v1/consents/query', { method: 'POST', body: JSON.stringify({ email }) })).json()) as { purposes: Record<string, { state: string }> })
      .purposes;
  const sortedOutcomes = (outcomes: Outcome[] | undefined) => (outcomes ?? []).map((o) => `${o.systemId}:${o.action}:${o.outcome}:${o.records}`).sort();

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, adAudiences: true, scheduleEveryMs: 0 });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    s3 = createS3Client();
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    documents?.destroy();
    s3?.destroy();
    await runtime?.stop();
  });

  it('under the GDPR stops marketing at filing, is not overdue before the erasure is confirmed, and erases once it is, each told once in German', async () => {
    // Prepare: received a week ago, so the stop's day (the next working day) has passed whatever today is.
    const anna = account('acc-1001');
    const receivedAt = new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString();
    const rowsBefore = await newsletterRows(anna.email);

    // Act: the objection is filed, and the stop runs with no link pressed.
    const response = await api('/v1/requests', {
      method: 'POST',
      body: JSON.stringify({ type: 'objection', jurisdiction: 'gdpr', subject: { email: anna.email }, receivedAt }),
    });
    const filed = (await response.json()) as RequestView;
    await runtime.workflows.idle();
    const stopped = await read(filed.id);
    const suppressedAfterStop = await suppressions.isSuppressed(anna.email);
    const rowsAfterStop = await newsletterRows(anna.email);
    const audienceAfterStop = await audienceEntry(anna.accountId);
    const registerAfterStop = await register(anna.email);
    const listedOverdue = (await (await api('/v1/requests?overdue=true&limit=100')).json()) as { items: { id: string }[] };
    const mailsAfterStop = await mailsTo(runtime, anna.email);

    // Act: the subject confirms the erasure through the link.
    await fetch(await newestLink(runtime, anna.email, '/v1/verify/'), formPost({ confirm: 'yes' }));
    await runtime.workflows.idle();
    const erased = await read(filed.id);
    const mails = await mailsTo(runtime, anna.email);

    // Assess: the filing. Its own clock: the stop's day, and the erasure's month (Art. 17(1)(c), 12(3)).
    expect(response.status).toBe(202);
    expect(filed.status).toBe('awaiting-verification');
    expect(filed.verification).toMatchObject({ level: 'email', state: 'pending' });
    expect(filed.stopBy! < localDate(new Date(), 'Europe/Berlin')).toBe(true);
    expect(filed.dueAt > localDate(new Date(), 'Europe/Berlin')).toBe(true);
    expect(filed.extendableTo).toBeDefined();
    expect(filed.deadlineBasis).toMatch(/^GDPR Art\. 21\(3\).*Art\. 17\(1\)\(c\), 12\(3\)/);

    // Assess: the stop, done at once without the link; the erasure waiting for it.
    expect(rowsBefore).not.toEqual([]);
    expect(stopped.status).toBe('awaiting-verification');
    expect(stopped.stop).toMatchObject({ state: 'done' });
    expect(stopped.stop?.noticeSentAt).toBeDefined();
    expect(sortedOutcomes(stopped.stop?.outcomes)).toEqual(['newsletter:stop-processing:done:1', 'web-analytics:stop-processing:done:1']);
    expect(stopped.fulfilment?.tasks?.map((t) => `${t.systemId}:${t.action}:${t.state}`)).toEqual([
      'newsletter:stop-processing:finished',
      'web-analytics:stop-processing:finished',
    ]);
    expect(suppressedAfterStop).toBe(true);
    expect(rowsAfterStop).toEqual([]);
    expect(registerAfterStop.marketing?.state).toBe('objected');
    expect(audienceAfterStop).toBe(true);
    expect(stopped.overdue).toBe(false);
    expect(stopped.stopOverdue).toBe(false);
    expect(listedOverdue.items.map((r) => r.id)).not.toContain(filed.id);
    expect(mailsAfterStop.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Bitte bestätigen Sie Ihre Anfrage/),
      'Ihr Widerspruch gegen Direktwerbung ist wirksam',
    ]);
    expect(mailsAfterStop[0]!.body.text).toContain('Ohne Ihre Bestätigung löschen wir nichts');
    expect(mailsAfterStop[0]!.body.text).not.toContain('Ohne Ihre Bestätigung geschieht nichts');
    expect(mailsAfterStop[1]!.body.text).toContain('Newsletter und Marketing: beendet');
    expect(mailsAfterStop[1]!.body.text).toContain('Werbezielgruppen');
    expect(mailsAfterStop[1]!.body.text).toContain('Art. 21 Abs. 3 DSGVO');

    // Assess: the erasure, and the one closing mail in German under the GDPR.
    expect(erased.status).toBe('completed');
    expect(await audienceEntry(anna.accountId)).toBe(false);
    expect(sortedOutcomes(erased.fulfilment?.outcomes)).toEqual([
      'ad-audiences:delete:done:1',
      'newsletter:stop-processing:done:1',
      'web-analytics:stop-processing:done:1',
    ]);
    expect(erased.fulfilment?.tasks?.map((t) => `${t.taskId.split('.').slice(1).join('.')}:${t.action}:${t.state}`)).toEqual([
      '1.newsletter:stop-processing:finished',
      '1.web-analytics:stop-processing:finished',
      '2.ad-audiences:delete:finished',
    ]);
    expect(erased.overdue).toBe(false);
    const stopMails = mails.filter((m) => m.subject === 'Ihr Widerspruch gegen Direktwerbung ist wirksam');
    const closing = mails.filter((m) => m.subject.startsWith('Anfrage erledigt'));
    expect(stopMails).toHaveLength(1);
    expect(closing).toHaveLength(1);
    expect(closing[0]!.body.text).toContain('Werbezielgruppen: gelöscht');
    expect(closing[0]!.body.text).toContain('Newsletter und Marketing: beendet');
    expect(closing[0]!.body.text).not.toMatch(/CCPA|California|Kalifornien|Civil Code/);
    expect(mails.at(-1)).toBe(closing[0]);
  });

  it('under the CCPA waits for the link before anything, then stops and deletes, in English with no GDPR reference', async () => {
    // Prepare
    const maria = account('acc-2001');
    const rowsBefore = await newsletterRows(maria.email);

    // Act
    const response = await api('/v1/requests', {
      method: 'POST',
      body: JSON.stringify({ type: 'objection', jurisdiction: 'ccpa', subject: { email: maria.email } }),
    });
    const filed = (await response.json()) as RequestView;
    await runtime.workflows.idle();
    const waiting = await read(filed.id);
    const rowsWhileWaiting = await newsletterRows(maria.email);
    await fetch(await newestLink(runtime, maria.email, '/v1/verify/'), formPost({ confirm: 'yes' }));
    await runtime.workflows.idle();
    const after = await read(filed.id);
    const mails = await mailsTo(runtime, maria.email);

    // Assess
    expect(response.status).toBe(202);
    expect(waiting.status).toBe('awaiting-verification');
    expect(waiting.stopBy).toBeUndefined();
    expect(waiting.stop).toBeUndefined();
    expect(waiting.deadlineBasis).toMatch(/^11 CCR 7026\(f\)\(1\), 7027\(g\)\(1\)/);
    expect(rowsWhileWaiting).toEqual(rowsBefore);
    expect(after.status).toBe('completed');
    expect(sortedOutcomes(after.fulfilment?.outcomes)).toEqual([
      'ad-audiences:delete:done:1',
      `newsletter:stop-processing:${rowsBefore.length > 0 ? 'done' : 'not-found'}:${rowsBefore.length}`,
      'web-analytics:stop-processing:done:1',
    ]);
    expect(await audienceEntry(maria.accountId)).toBe(false);
    expect(mails.map((m) => m.subject)).not.toContain('Your objection to direct marketing has taken effect');
    expect(mails.at(-1)!.body.text).toContain('Advertising audiences: deleted');
    expect(mails.at(-1)!.body.text).not.toMatch(/GDPR|DSGVO|Art\. \d/);
  });
});
