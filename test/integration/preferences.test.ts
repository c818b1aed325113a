// Marketing preferences against the local emulators: unsubscribe links, SES bounces, the marketing gate, consents.
// Most cases call the handlers and use cases directly; the consent register and the requests that
// change it ("one record") go through the local gateway and the fulfilment workflow, as a system would.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketingMailDeps } from '../../functions/wiring/marketing.js';
import { suppressionList } from '../../functions/wiring/suppressions.js';
import { handler as sesEvent } from '../../functions/notifications/ses-event.handler.js';
import { handler as showUnsubscribe } from '../../functions/notifications/show-unsubscribe.handler.js';
import { handler as postUnsubscribe } from '../../functions/notifications/unsubscribe.handler.js';
import { handler as queryConsents } from '../../functions/preferences/query-consents.handler.js';
import { handler as recordConsent } from '../../functions/preferences/record-consent.handler.js';
import { demoAccounts, knowledgeAnswers } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { marketingMail, unsubscribeLink } from '../../shared/preferences/unsubscribe.js';
import { tables } from '../../shared/resources.js';
import { subjectHash } from '../../shared/subject.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';
import { formPost, mailsTo as mailboxTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'preferences-integration-key';
const account = (id: string) => demoAccounts.find((a) => a.accountId === id)!;

interface ConsentOverview {
  purposes: Record<string, { state: string; gpc: boolean }>;
  history: { purpose: string; action: string; source: string; gpc: boolean }[];
}
interface FiledRequest {
  id: string;
  type: string;
  status: string;
  joined: boolean;
}
interface RequestView {
  id: string;
  type: string;
  status: string;
  channel: string;
  jurisdiction: string;
  subject: { locale: string };
  scope?: { purposes?: string[] };
}

describe('marketing preferences through the local emulators', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;

  const mailsTo = (address: string) => mailboxTo(runtime, address);
  const suppressionsOf = async (email: string) => {
    const hash = subjectHash(await subjectHashKey(), email);
    const { Items = [] } = await documents.send(new ScanCommand({ TableName: tables.suppressions.localName, ConsistentRead: true }));
    return Items.filter((item) => item.subjectHash === hash);
  };
  const unsubscribeEvent = (method: 'GET' | 'POST', url: string, body: string | null) => {
    const token = url.slice(url.lastIndexOf('/') + 1);
    return apiEvent({
      httpMethod: method,
      path: `/v1/unsubscribe/${token}`,
      resource: '/v1/unsubscribe/{token}',
      pathParameters: { token },
      headers: body === null ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
  };
  const news = (to: string) => ({
    to,
    locale: 'de' as const,
    render: ({ unsubscribeUrl: url }: { unsubscribeUrl: string }) => ({
      subject: 'Neuigkeiten',
      text: `Neuigkeiten\n\nAbmelden: ${url}\n`,
      html: `<p>Neuigkeiten</p><p><a href="${url}">Abmelden</a></p>`,
    }),
    tags: { campaign: 'winter-2026' },
  });

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    documents?.destroy();
    await runtime?.stop();
  });

  it('unsubscribes once from a one-click POST and once more from the page, leaving one suppression', async () => {
    // Prepare
    const email = 'unsubscriber@example.net';
    const link = await unsubscribeLink(email, marketingMailDeps(), { locale: 'de' });

    // Act
    const page = await showUnsubscribe(unsubscribeEvent('GET', link.url, null), lambdaContext());
    const afterGet = await suppressionsOf(email);
    const oneClick = await postUnsubscribe(unsubscribeEvent('POST', link.url, 'List-Unsubscribe=One-Click'), lambdaContext());
    const first = await suppressionsOf(email);
    const button = await postUnsubscribe(unsubscribeEvent('POST', link.url, 'unsubscribe=yes'), lambdaContext());
    const after = await suppressionsOf(email);

    // Assess
    expect(link.url).toMatch(new RegExp(`^${runtime.apiUrl}/v1/unsubscribe/[A-Za-z0-9_-]{43}$`));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="de">');
    expect(afterGet).toHaveLength(0);
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.headers?.['content-type']).toBe('text/plain; charset=utf-8');
    expect(button.statusCode).toBe(200);
    expect(button.body).toContain('Sie sind abgemeldet');
    expect(first).toStrictEqual([{ subjectHash: expect.any(String), reason: 'unsubscribe', at: expect.any(String) }]);
    expect(after).toStrictEqual(first);
  });

  it('answers an unknown token with the invalid page and 404', async () => {
    // Prepare
    const url = `${runtime.apiUrl}/v1/unsubscribe/${'Q'.repeat(43)}`;

    // Act
    const response = await postUnsubscribe(unsubscribeEvent('POST', url, 'List-Unsubscribe=One-Click'), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('This link is not valid');
  });

  it('suppresses the address of a permanent bounce that SES publishes through SNS', async () => {
    // Prepare
    const email = 'bounced@example.net';
    const message = {
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: email }], timestamp: '2026-11-25T09:00:00.000Z' },
    };
    const event = { Records: [{ Sns: { MessageId: 'sns-bounce-1', Message: JSON.stringify(message) } }] } as unknown as SNSEvent;

    // Act
    await sesEvent(event, lambdaContext());

    // Assess
    expect(await suppressionList().reasonFor(email)).toBe('bounce');
  });

  it('sends no marketing mail to a suppressed address and sends with both headers to another', async () => {
    // Prepare
    const suppressed = 'complained@example.net';
    const welcome = 'subscriber@example.net';
    await suppressionList().suppress(suppressed, 'complaint', new Date());

    // Act
    const refused = await marketingMail(news(suppressed), marketingMailDeps());
    const sent = await marketingMail(news(welcome), marketingMailDeps());

    // Assess
    expect(refused).toStrictEqual({ sent: false, reason: 'suppressed' });
    expect(await mailsTo(suppressed)).toHaveLength(0);
    expect(sent).toMatchObject({ sent: true, messageId: expect.any(String) });
    const [mail, ...more] = await mailsTo(welcome);
    expect(more).toHaveLength(0);
    const unsubscribe = mail!.headers?.find((h) => h.name === 'List-Unsubscribe')?.value ?? '';
    const url = /^<(http:\/\/localhost:\d+\/v1\/unsubscribe\/[A-Za-z0-9_-]{43})>$/.exec(unsubscribe)?.[1];
    expect(url).toBeDefined();
    expect(mail!.headers).toStrictEqual([
      { name: 'List-Unsubscribe', value: `<${url}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
    expect(mail!.body.text).toContain(url);

    // Act: the link in that mail works
    const oneClick = await postUnsubscribe(unsubscribeEvent('POST', url!, 'List-Unsubscribe=One-Click'), lambdaContext());
    const again = await marketingMail(news(welcome), marketingMailDeps());

    // Assess
    expect(oneClick.statusCode).toBe(200);
    expect(again).toStrictEqual({ sent: false, reason: 'suppressed' });
    expect(await mailsTo(welcome)).toHaveLength(1);
  });

  it('keeps consent history, derives the state and suppresses marketing on withdrawal', async () => {
    // Prepare
    const email = 'consenting@example.net';
    const post = (handler: typeof recordConsent, body: unknown, headers: Record<string, string> = {}) =>
      handler(apiEvent({ headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }), lambdaContext());

    // Act
    const granted = await post(recordConsent, { subject: { email }, purpose: 'marketing', action: 'grant', source: 'web-banner', at: '2026-01-10T10:00:00Z' });
    const withdrawn = await post(recordConsent, { subject: { email }, purpose: 'marketing', action: 'withdraw', source: 'api' });
    const gpc = await post(recordConsent, { subject: { email }, purpose: 'sale', action: 'grant', source: 'web-banner' }, { 'Sec-GPC': '1' });
    const query = await post(queryConsents, { email });

    // Assess
    expect([granted.statusCode, withdrawn.statusCode, gpc.statusCode]).toStrictEqual([201, 201, 201]);
    const overview = JSON.parse(query.body) as { purposes: Record<string, { state: string; gpc: boolean }>; history: { purpose: string; action: string }[] };
    expect(overview.purposes.marketing).toMatchObject({ state: 'withdrawn' });
    expect(overview.purposes.sale).toMatchObject({ state: 'opted-out', gpc: true });
    expect(overview.history.map((e) => `${e.purpose}:${e.action}`)).toEqual(
      expect.arrayContaining(['marketing:grant', 'marketing:withdraw', 'sale:grant', 'sale-and-sharing:opt-out']),
    );
    expect(overview.history.slice(0, 2).map((e) => `${e.purpose}:${e.action}`)).toStrictEqual(['marketing:grant', 'marketing:withdraw']);
    expect(await suppressionList().reasonFor(email)).toBe('consent-withdrawal');
  });

  describe('one record of consents and requests, through the local gateway', () => {
    const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
      fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
    const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) => api(path, { method: 'POST', body: JSON.stringify(body), headers });
    const consents = async (email: string) => (await (await postJson('/v1/consents/query', { email })).json()) as ConsentOverview;
    const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
    const fileRequest = async (body: Record<string, unknown>) => {
      const response = await postJson('/v1/requests', body);
      expect(response.status).toBe(202);
      return (await response.json()) as RequestView;
    };
    const confirm = async (email: string) => {
      const confirmed = await fetch(await newestLink(runtime, email, '/v1/verify/'), formPost({ confirm: 'yes' }));
      expect(confirmed.status).toBe(200);
    };

    it('writes a completed sale opt-out into the register, with the request as its source', async () => {
      // Prepare
      const maria = account('acc-2001');

      // Act
      const filed = await fileRequest({ type: 'sale-opt-out', jurisdiction: 'ccpa', subject: { email: maria.email } });
      await runtime.workflows.idle();
      const after = await read(filed.id);
      const overview = await consents(maria.email);

      // Assess
      expect(after.status).toBe('completed');
      expect(overview.purposes['sale-and-sharing']).toMatchObject({ state: 'opted-out' });
      expect(overview.history).toContainEqual(expect.objectContaining({ purpose: 'sale-and-sharing', action: 'opt-out', source: `request:${filed.id}` }));
    });

    it('stops answering "granted" once a consent-withdrawal request is carried out', async () => {
      // Prepare: Anna granted marketing, then withdraws it by a request, which she confirms
      const anna = account('acc-1001');
      const granted = await postJson('/v1/consents', {
        subject: { email: anna.email },
        purpose: 'marketing',
        action: 'grant',
        source: 'web-banner',
        at: '2026-01-10T10:00:00Z',
      });
      const before = await consents(anna.email);

      // Act
      // A withdrawal is carried out as filed (Art. 7(3)): no link to confirm.
      const filed = await fileRequest({ type: 'consent-withdrawal', jurisdiction: 'gdpr', subject: { email: anna.email }, scope: { purposes: ['marketing'] } });
      await runtime.workflows.idle();
      const after = await read(filed.id);
      const overview = await consents(anna.email);

      // Assess
      expect(granted.status).toBe(201);
      expect(before.purposes.marketing).toMatchObject({ state: 'granted' });
      expect(after.status).toBe('completed');
      expect(overview.purposes.marketing).toMatchObject({ state: 'withdrawn' });
      expect(overview.history.at(-1)).toMatchObject({ purpose: 'marketing', action: 'withdraw', source: `request:${filed.id}` });
    });

    it('files the withdrawal that stops a purpose systems serve, names it in the answer, and carries it out at once with no link', async () => {
      // Prepare
      const email = 'analytics.withdrawn@example.net';
      const withdrawal = { subject: { email, locale: 'en' }, purpose: 'analytics', action: 'withdraw', source: 'web-banner', jurisdiction: 'gdpr' };

      // Act
      const response = await postJson('/v1/consents', withdrawal);
      const body = (await response.json()) as { current: { state: string }; requests: FiledRequest[] };
      await runtime.workflows.idle();
      const request = await read(body.requests[0]!.id);
      const mails = await mailsTo(email);

      // Assess
      expect(response.status).toBe(201);
      expect(body.requests).toStrictEqual([{ id: expect.any(String), type: 'consent-withdrawal', status: 'verified', joined: false }]);
      expect(request).toMatchObject({ type: 'consent-withdrawal', channel: 'consent-register', scope: { purposes: ['analytics'] } });
      expect(['completed', 'partially-completed']).toContain(request.status);
      expect(mails.filter((m) => m.body.text?.includes('/v1/verify/'))).toStrictEqual([]);
      expect(mails.at(-1)!.body.text).toContain('If you did not ask for this, reply to this email');
    });

    it('files the objection that stops a purpose systems serve, names it in the answer, and joins it when asked again', async () => {
      // Prepare: an objection to support, which deletes data there, waits for the emailed link.
      const olivia = account('acc-3001');
      const withdrawal = {
        subject: { email: olivia.email, locale: 'en' },
        purpose: 'support',
        action: 'object',
        source: 'web-banner',
        jurisdiction: 'gdpr',
      };

      // Act
      const first = await postJson('/v1/consents', withdrawal);
      const firstBody = (await first.json()) as { current: { state: string }; requests: FiledRequest[] };
      const again = await postJson('/v1/consents', withdrawal);
      const againBody = (await again.json()) as { requests: FiledRequest[] };
      const request = await read(firstBody.requests[0]!.id);
      const mail = await newestLink(runtime, olivia.email, '/v1/verify/');

      // Assess
      expect(first.status).toBe(201);
      expect(firstBody.current.state).toBe('objected');
      expect(firstBody.requests).toStrictEqual([{ id: expect.any(String), type: 'objection', status: 'awaiting-verification', joined: false }]);
      expect(request).toMatchObject({
        type: 'objection',
        jurisdiction: 'gdpr',
        channel: 'consent-register',
        subject: { locale: 'en' },
        scope: { purposes: ['support'] },
      });
      expect(mail).toMatch(/\/v1\/verify\//);
      expect(again.status).toBe(201);
      expect(againBody.requests).toStrictEqual([{ id: firstBody.requests[0]!.id, type: 'objection', status: 'awaiting-verification', joined: true }]);
    });

    it('files nothing for a withdrawn purpose no system serves', async () => {
      // Prepare
      const email = 'surveyed@example.net';

      // Act
      const response = await postJson('/v1/consents', { subject: { email }, purpose: 'surveys', action: 'withdraw', source: 'api' });
      const body = (await response.json()) as { requests: FiledRequest[] };

      // Assess
      expect(response.status).toBe(201);
      expect(body.requests).toStrictEqual([]);
    });

    it('takes a Sec-GPC: 1 signal as an opt-out of sale and sharing: it files a sale opt-out, says which, and the register records it', async () => {
      // Prepare
      const james = account('acc-2002');

      // Act
      const response = await postJson(
        '/v1/consents',
        { subject: { email: james.email }, purpose: 'analytics', action: 'grant', source: 'web-banner' },
        { 'Sec-GPC': '1' },
      );
      const body = (await response.json()) as { current: { state: string; gpc: boolean }; requests: FiledRequest[] };
      await runtime.workflows.idle();
      const request = await read(body.requests[0]!.id);
      const overview = await consents(james.email);

      // Assess
      expect(response.status).toBe(201);
      expect(body.current).toMatchObject({ state: 'granted', gpc: true });
      expect(body.requests).toStrictEqual([{ id: expect.any(String), type: 'sale-opt-out', status: 'verified', joined: false }]);
      expect(request).toMatchObject({ type: 'sale-opt-out', jurisdiction: 'ccpa', status: 'completed' });
      expect(overview.purposes['sale-and-sharing']).toMatchObject({ state: 'opted-out' });
      expect(overview.history.filter((e) => e.purpose === 'sale-and-sharing').map((e) => e.source)).toStrictEqual(['web-banner', `request:${request.id}`]);
    });

    it('refuses a consent with an unknown law with a 400 naming the field, and files nothing', async () => {
      // Prepare
      const email = 'lawless@example.net';

      // Act
      const response = await postJson('/v1/consents', { subject: { email }, purpose: 'sale', action: 'opt-out', source: 'api', jurisdiction: 'pipeda' });
      const overview = await consents(email);

      // Assess
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(((await response.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toStrictEqual(['jurisdiction']);
      expect(overview.history).toStrictEqual([]);
    });

    it('sends no marketing mail to a person once their erasure is carried out, and says the address is suppressed', async () => {
      // Prepare: Jonas gets marketing before his deletion
      const lea = account('acc-1003');
      const jonas = account('acc-1002');
      const mail = (to: string) => postJson('/v1/marketing-emails', { to, locale: 'en', subject: 'Winter news', text: 'Our winter offers.' });
      const before = await mail(jonas.email);

      // Act
      const filed = await fileRequest({ type: 'deletion', jurisdiction: 'gdpr', subject: { email: jonas.email } });
      await confirm(jonas.email);
      const identity = await fetch(`${await newestLink(runtime, jonas.email, '/v1/verify/')}/identity`, formPost(knowledgeAnswers(jonas)));
      await runtime.workflows.idle();
      const erased = await read(filed.id);
      const after = await mail(jonas.email.toUpperCase());
      const other = await mail(lea.email);

      // Assess
      expect(before.status).toBe(202);
      expect(identity.status).toBe(200);
      expect(erased.status).toBe('partially-completed');
      expect(after.status).toBe(200);
      expect(await after.json()).toStrictEqual({ sent: false, reason: 'suppressed' });
      expect(other.status).toBe(202);
      expect(await suppressionsOf(jonas.email)).toStrictEqual([
        { subjectHash: expect.any(String), reason: 'erased', at: expect.any(String), requestId: filed.id },
      ]);
    });

    it('answers the requests a person filed before their erasure: each runs when confirmed and says what is still held', async () => {
      // Prepare: Maria asks for a copy and objects to the newsletter, then asks for erasure and confirms that first. The
      // objection is a GDPR one naming a system, which waits for her confirmation (one to marketing alone is carried out at once).
      const maria = account('acc-2001');
      const access = await fileRequest({ type: 'access', jurisdiction: 'ccpa', subject: { email: maria.email } });
      const objection = await fileRequest({ type: 'objection', jurisdiction: 'gdpr', subject: { email: maria.email }, scope: { systems: ['newsletter'] } });
      const deletion = await fileRequest({ type: 'deletion', jurisdiction: 'ccpa', subject: { email: maria.email } });
      const links = (await mailsTo(maria.email)).flatMap((m) => /(http:\/\/localhost:\d+\/v1\/verify\/[A-Za-z0-9_-]{43})/.exec(m.body.text ?? '')?.[1] ?? []);
      const [accessLink, objectionLink, deletionLink] = links.slice(-3);
      await fetch(deletionLink!, formPost({ confirm: 'yes' }));
      await fetch(`${deletionLink}/identity`, formPost(knowledgeAnswers(maria)));
      await runtime.workflows.idle();

      // Act: she confirms the earlier two after the erasure
      await fetch(objectionLink!, formPost({ confirm: 'yes' }));
      await fetch(accessLink!, formPost({ confirm: 'yes' }));
      const identity = await fetch(`${accessLink}/identity`, formPost(knowledgeAnswers(maria)));
      await runtime.workflows.idle();
      const [erased, objected, copied] = await Promise.all([read(deletion.id), read(objection.id), read(access.id)]);
      const outcomes = (copied as unknown as { fulfilment: { outcomes: { systemId: string; outcome: string }[] } }).fulfilment.outcomes;
      const overview = await consents(maria.email);

      // Assess
      expect(links).toHaveLength(3);
      expect(identity.status).toBe(200);
      expect(erased.status).toBe('partially-completed');
      expect(objected.status).toBe('completed');
      expect(overview.history).toContainEqual(expect.objectContaining({ purpose: 'marketing', action: 'object', source: `request:${objection.id}` }));
      expect(copied.status).toBe('completed');
      expect(outcomes.find((o) => o.systemId === 'crm-profiles')?.outcome).toBe('not-found');
      expect(outcomes.find((o) => o.systemId === 'billing')?.outcome).toBe('done');
      // She stays suppressed: one entry, whose reason the later objection replaced.
      expect((await suppressionsOf(maria.email)).map((s) => s.reason)).toStrictEqual(['objection']);
    });
  });
});
