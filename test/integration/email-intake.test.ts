// Email intake as a person meets it: a mail to the privacy address over SMTP, the threaded answer in
// the mailbox, the triage inbox, and an operator's hand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { sendSmtp } from '../support/smtp-client.js';

const API_KEY = 'intake-integration-key';

interface MailboxEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  headers?: Array<{ name: string; value: string }>;
  body: { text?: string };
}

const mail = (from: string, subject: string, messageId: string, body: string, extra: string[] = []) =>
  [
    `From: ${from}`,
    'To: privacy@example.com',
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    ...extra,
    '',
    body,
  ].join('\r\n');

describe('email intake through the local runtime', () => {
  let runtime: LocalRuntime;
  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, ...init.headers } });
  const mails = async (to: string): Promise<MailboxEmail[]> =>
    ((await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as { emails: MailboxEmail[] }).emails.filter((e) => e.destination.to.includes(to));

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0, accessLog: () => undefined });
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers a German deletion mail in German, threaded to it, with the link', async () => {
    const code = await sendSmtp(
      runtime.inboundMail.port,
      'anna.schmidt@example.com',
      'privacy@example.com',
      mail('Anna Schmidt <anna.schmidt@example.com>', 'Löschung', 'it-1@mail.example.net', 'Bitte löschen Sie alle meine Daten.'),
    );
    expect(code).toBe(221);
    const [answer] = await mails('anna.schmidt@example.com');
    expect(answer?.subject).toBe('Bitte bestätigen Sie Ihre Anfrage: Löschung Ihrer Daten');
    expect(answer?.headers).toEqual(
      expect.arrayContaining([
        { name: 'In-Reply-To', value: '<it-1@mail.example.net>' },
        { name: 'Auto-Submitted', value: 'auto-replied' },
      ]),
    );
    expect(answer?.body.text).toMatch(/So haben wir Ihre E-Mail verstanden: Sie bitten um Löschung Ihrer Daten/);
    expect(answer?.body.text).toMatch(/\/v1\/verify\/[A-Za-z0-9_-]{43}/);
  }, 60_000);

  it('refuses mail for any other address', async () => {
    expect(await sendSmtp(runtime.inboundMail.port, 'x@example.com', 'someone@example.com', mail('x@example.com', 'x', 'it-2@x', 'x'))).toBe(550);
  });

  it('answers no out-of-office mail', async () => {
    await sendSmtp(
      runtime.inboundMail.port,
      'james.chen@example.org',
      'privacy@example.com',
      mail('James Chen <james.chen@example.org>', 'Out of Office', 'it-3@x', 'Away. Please delete nothing.', ['Auto-Submitted: auto-replied']),
    );
    expect(await mails('james.chen@example.org')).toEqual([]);
  }, 60_000);

  it('puts a vague mail in the triage inbox; classifying it files with the original receipt time', async () => {
    await sendSmtp(
      runtime.inboundMail.port,
      'chris.doe@example.com',
      'privacy@example.com',
      mail('Chris Doe <chris.doe@example.com>', 'My data', 'it-4@x', "I'm worried about what you do with my information."),
    );
    const inbox = (await (await api('/v1/inbox?state=open')).json()) as { items: Array<{ id: string; receivedAt: string; from: string; excerpt: string }> };
    const item = inbox.items.find((i) => i.from === 'c•••@example.com');
    expect(item?.excerpt).toContain('worried');

    const classified = await api(`/v1/inbox/${item?.id}/classify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rights: ['access'], jurisdiction: 'ccpa' }),
    });
    expect(classified.status).toBe(201);
    const { requestIds } = (await classified.json()) as { requestIds: string[] };
    const request = (await (await api(`/v1/requests/${requestIds[0]}`)).json()) as { receivedAt: string; channel?: string };
    expect(request.receivedAt).toBe(item?.receivedAt);

    const again = await api(`/v1/inbox/${item?.id}/dismiss`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'spam' }),
    });
    expect(again.status).toBe(409);
  }, 60_000);

  it('refuses a hand-in that is not message/rfc822, an empty one, and a bad classification, with problem+json', async () => {
    const wrongType = await api('/v1/inbound-emails', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect([wrongType.status, wrongType.headers.get('content-type')]).toEqual([415, expect.stringMatching(/^application\/problem\+json/)]);
    const empty = await api('/v1/inbound-emails', { method: 'POST', headers: { 'content-type': 'message/rfc822' } });
    expect(empty.status).toBe(400);
    const badId = await api('/v1/inbox/not-an-id/classify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rights: ['access'], jurisdiction: 'gdpr' }),
    });
    expect(badId.status).toBe(400);
    const badBody = await api('/v1/inbox/01M8YGH52R4Y6GR5MMFRCYD1SH/classify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rights: ['access', 'access'], jurisdiction: 'eu' }),
    });
    expect(badBody.status).toBe(400);
    const unknown = await api('/v1/inbox/01M8YGH52R4Y6GR5MMFRCYD1SH/dismiss', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'spam' }),
    });
    expect(unknown.status).toBe(404);
  }, 60_000);

  it("records a reply to a request's closing notice on that request, found by the notice's Message-ID, and sends it to triage when it asks for something", async () => {
    // Prepare: an opt-out of sale is carried out at once and closed with a notice.
    const filed = await api('/v1/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'sale-opt-out', jurisdiction: 'ccpa', subject: { email: 'maria.garcia@example.com' } }),
    });
    expect(filed.status).toBe(202);
    const { id } = (await filed.json()) as { id: string };
    let status = '';
    for (let i = 0; i < 100 && status !== 'completed'; i++) {
      status = ((await (await api(`/v1/requests/${id}`)).json()) as { status: string }).status;
      if (status !== 'completed') await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('completed');
    const closing = (await mails('maria.garcia@example.com')).at(-1)!;
    // SES names a message <its id@<region>.amazonses.com> in the Message-ID header.
    const noticeId = `${closing.messageId}@email.amazonses.com`;

    // Act
    await sendSmtp(
      runtime.inboundMail.port,
      'maria.garcia@example.com',
      'privacy@example.com',
      mail(
        'Maria Garcia <maria.garcia@example.com>',
        `Re: ${closing.subject}`,
        'it-6@mail.example.net',
        'Thanks. Can you also tell me which data you still hold about me?',
        [`In-Reply-To: <${noticeId}>`, `References: <${noticeId}>`],
      ),
    );

    // Assess
    const audit = (await (await api(`/v1/requests/${id}/audit`)).json()) as { events: Array<{ type: string; data?: Record<string, unknown> }> };
    const correspondence = audit.events.filter((e) => e.type === 'correspondence.received');
    expect(correspondence).toHaveLength(1);
    expect(correspondence[0]?.data).toMatchObject({ automatic: false, asks: true });
    const inbox = (await (await api('/v1/inbox?state=open')).json()) as { items: Array<{ requestIds: string[]; reason?: string }> };
    expect(inbox.items.filter((i) => i.requestIds.includes(id))).toEqual([expect.objectContaining({ reason: 'reply-asks' })]);
    // The reply itself is not answered: a person reads it in triage.
    expect((await mails('maria.garcia@example.com')).at(-1)?.messageId).toBe(closing.messageId);
  }, 60_000);

  it('files a handed-in Shine the Light mail once, however often it is handed in', async () => {
    const raw = mail(
      'James Chen <james.chen@example.org>',
      'Shine the Light',
      'it-5@x',
      'Under California Civil Code 1798.83 (Shine the Light), which third parties received my personal information for their direct marketing?',
    );
    const first = await api('/v1/inbound-emails', { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: raw });
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ outcome: 'filed', rights: ['third-party-disclosure'] });
    const second = await api('/v1/inbound-emails', { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: raw });
    expect(second.status).toBe(200);
  }, 60_000);
});
