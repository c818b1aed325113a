// Marketing mail as a company system and a mail client meet it: POST /v1/marketing-emails, the
// RFC 8058 headers in the local mailbox, and a one-click POST to the link, all over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { mailsTo as mailboxTo } from '../support/mailbox.js';

const API_KEY = 'marketing-integration-key';

interface Problem {
  errors?: { path: string; message: string }[];
}

describe('marketing email through the local runtime', () => {
  let runtime: LocalRuntime;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const send = (body: unknown) => api('/v1/marketing-emails', { method: 'POST', body: JSON.stringify(body) });
  const mailsTo = (address: string) => mailboxTo(runtime, address);
  /** What `curl -X POST -d 'List-Unsubscribe=One-Click' <link>` sends. */
  const oneClick = (url: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  const newsletter = (to: string, locale: 'de' | 'en' = 'en') => ({
    to,
    locale,
    subject: 'Winter news',
    text: 'Our winter release is out.\n\nRead what is new.',
    campaign: 'winter-news',
  });

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('mails with both RFC 8058 headers; a one-click POST to the link suppresses the address, and a second is harmless', async () => {
    // Prepare
    const reader = 'newsletter.reader@example.net';
    const sent = await send(newsletter(reader, 'de'));
    const [mail] = await mailsTo(reader);
    const header = (name: string) => mail?.headers?.find((h) => h.name === name)?.value;
    const url = /^<(http:\/\/localhost:\d+\/v1\/unsubscribe\/[A-Za-z0-9_-]{43})>$/.exec(header('List-Unsubscribe') ?? '')?.[1];

    // Act
    const first = await oneClick(url!);
    const second = await oneClick(url!);
    const page = await fetch(url!);
    const suppressed = await send(newsletter(reader, 'de'));

    // Assess
    expect(sent.status).toBe(202);
    expect(await sent.json()).toMatchObject({ sent: true, messageId: expect.any(String) });
    expect(url).toBeDefined();
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail!.body.text).toContain('Our winter release is out.');
    expect(mail!.body.text).toContain(`Abmelden:\n${url}`);
    expect(mail!.body.html).toContain(`<a href="${url}">Von diesen E-Mails abmelden</a>`);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(await first.text());
    expect(page.status).toBe(200);
    expect(suppressed.status).toBe(200);
    expect(await suppressed.json()).toStrictEqual({ sent: false, reason: 'suppressed' });
    expect(await mailsTo(reader)).toHaveLength(1);
  });

  it("keeps the company's HTML and puts the footer before </body>", async () => {
    // Prepare
    const reader = 'html.reader@example.net';

    // Act
    const sent = await send({ ...newsletter(reader), html: '<html><body><h1>Winter news</h1></body></html>' });
    const [mail] = await mailsTo(reader);

    // Assess
    expect(sent.status).toBe(202);
    expect(mail!.body.html).toMatch(
      /^<html><body><h1>Winter news<\/h1><p [^>]*><a href="http:\/\/localhost:\d+\/v1\/unsubscribe\/[A-Za-z0-9_-]{43}">Unsubscribe from these emails<\/a> · <a href="http:\/\/localhost:\d+\/v1\/preferences\/[A-Za-z0-9_-]{43}">Manage my email preferences<\/a><\/p>\n<\/body><\/html>$/,
    );
  });

  it('still sends transactional notices to an unsubscribed address', async () => {
    // Prepare
    const reader = 'unsubscribed.requester@example.net';
    await send(newsletter(reader));
    const url = /<([^>]+)>/.exec((await mailsTo(reader))[0]!.headers!.find((h) => h.name === 'List-Unsubscribe')!.value)![1]!;
    await oneClick(url);

    // Act
    const filed = await api('/v1/requests', { method: 'POST', body: JSON.stringify({ type: 'access', jurisdiction: 'gdpr', subject: { email: reader } }) });

    // Assess
    expect(filed.status).toBe(202);
    const mails = await mailsTo(reader);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.body.text).toContain('/v1/verify/');
  });

  it.each([
    ['no recipient', { to: undefined }, 'to'],
    ['a malformed recipient', { to: 'not-an-address' }, 'to'],
    ['an unknown language', { locale: 'fr' }, 'locale'],
    ['a subject of two lines', { subject: 'Winter\r\nBcc: everyone@example.net' }, 'subject'],
    ['an empty text', { text: '  ' }, 'text'],
    ['a campaign label with spaces', { campaign: 'winter news' }, 'campaign'],
    ['an unknown field', { bcc: 'everyone@example.net' }, ''],
  ])('refuses a mail with %s with 400 naming the field, and sends nothing', async (_label, change, field) => {
    // Prepare
    const to = 'refused.reader@example.net';

    // Act
    const response = await send({ ...newsletter(to), ...change });

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Problem;
    if (field) expect(problem.errors?.map((e) => e.path)).toContain(field);
    expect(JSON.stringify(problem)).not.toContain(to);
    expect(await mailsTo(to)).toHaveLength(0);
  });

  it('refuses a caller without the API key and a body that is not JSON', async () => {
    // Act
    const anonymous = await fetch(`${runtime.apiUrl}/v1/marketing-emails`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newsletter('x@example.net')),
    });
    const notJson = await api('/v1/marketing-emails', {
      method: 'POST',
      body: 'to=x@example.net',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(anonymous.status).toBe(401);
    expect([400, 415]).toContain(notJson.status);
    expect(notJson.headers.get('content-type')).toBe('application/problem+json');
  });
});
