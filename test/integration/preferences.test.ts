// Marketing preferences against the local emulators: unsubscribe links, SES bounces, the marketing gate, consents.
// The routes are not wired into the local gateway yet, so the handlers and use cases are called directly.
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
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { marketingMail, unsubscribeLink } from '../../shared/preferences/unsubscribe.js';
import { tables } from '../../shared/resources.js';
import { subjectHash } from '../../shared/subject.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { apiEvent, lambdaContext } from '../support/lambda.js';

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
}

describe('marketing preferences through the local emulators', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;

  const mailsTo = async (address: string) => {
    const store = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as { emails: StoredMail[] };
    return store.emails.filter((e) => e.destination.to.includes(address));
  };
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
    render: (url: string) => ({
      subject: 'Neuigkeiten',
      text: `Neuigkeiten\n\nAbmelden: ${url}\n`,
      html: `<p>Neuigkeiten</p><p><a href="${url}">Abmelden</a></p>`,
    }),
    tags: { campaign: 'winter-2026' },
  });

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, throttling: false });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  });

  afterAll(async () => {
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
    expect(overview.history.map((e) => `${e.purpose}:${e.action}`)).toStrictEqual(['marketing:grant', 'marketing:withdraw', 'sale:grant']);
    expect(await suppressionList().reasonFor(email)).toBe('consent-withdrawal');
  });
});
