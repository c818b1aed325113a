// How a subject is written to and how a request's ending is told, as a subject meets it: the local
// runtime, real emulators, the mailbox and the pages behind the mailed link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { formPost, mailsTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'endings-integration-key';
const olivia = demoAccounts.find((a) => a.accountId === 'acc-3001')!;

interface RequestView {
  id: string;
  status: string;
  subject: { locale: string };
  verification: { failedAttempts?: number };
}

describe('language, time zone and endings through the local runtime', () => {
  let runtime: LocalRuntime;
  let counter = 0;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...init.headers } });
  const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  const file = async (body: Record<string, unknown>) => {
    const response = await post('/v1/requests', body);
    expect(response.status).toBe(202);
    return (await response.json()) as RequestView;
  };
  /** A subject the account directory does not know, with an address of its own. */
  const stranger = () => `endings.${++counter}@example.net`;
  const mails = (address: string) => mailsTo(runtime, address);
  const link = (address: string) => newestLink(runtime, address, '/v1/verify/');

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false });
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
  });

  it('writes to Olivia in English, the language her account is kept in, with times named by their zone', async () => {
    // Act
    const filed = await file({ type: 'deletion', jurisdiction: 'gdpr', subject: { email: olivia.email } });
    const [mail] = await mails(olivia.email);

    // Assess
    expect(filed.subject.locale).toBe('en');
    expect(mail!.subject).toBe('Please confirm your request: deletion of your data');
    expect(mail!.body.text).toMatch(/The link is valid until \w+ \d+, \d{4} at \d+:\d\d [AP]M \(Europe\/Berlin\)/);
    expect(mail!.body.text).not.toMatch(/GMT|MEZ/);
  });

  it('writes to a GDPR subject nobody named a language for in German, until their own browser asks for English', async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr', subject: { email } });
    const english = { 'accept-language': 'en-GB,en;q=0.9' };

    // Act
    const page = await fetch(await link(email), { headers: english });
    const confirmed = await fetch(await link(email), { ...formPost({ confirm: 'yes' }), headers: { ...formPost({}).headers, ...english } } as RequestInit);
    await runtime.workflows.idle();
    const subjects = (await mails(email)).map((m) => m.subject);

    // Assess
    expect(filed.subject.locale).toBe('de');
    expect(subjects[0]).toMatch(/^Bitte bestätigen Sie Ihre Anfrage/);
    expect(await page.text()).toContain('<html lang="en">');
    expect(await confirmed.text()).toContain('<html lang="en">');
    expect((await read(filed.id)).subject.locale).toBe('en');
    expect(subjects.slice(1)).toContain('Request confirmed: the recipients of your data');
  });

  it("shows a Californian the times of the request's own zone", async () => {
    // Prepare
    const email = stranger();

    // Act
    await file({ type: 'deletion', jurisdiction: 'ccpa', subject: { email } });
    const [mail] = await mails(email);

    // Assess
    expect(mail!.body.text).toContain('(America/Los_Angeles)');
    expect(mail!.body.text).not.toMatch(/GMT|PST|PDT|Europe\/Berlin/);
  });

  it('mails the subject of an agent-filed request once when the privacy team cancels it, naming the agent; the used link says it was cancelled', async () => {
    // Prepare
    const email = stranger();
    const permission = Buffer.from('%PDF-1.7\nsigned authorisation\n%%EOF').toString('base64');
    const filed = await file({
      type: 'deletion',
      jurisdiction: 'ccpa',
      subject: { email },
      agent: { name: 'Rights Agency', email: stranger(), permission: { contentType: 'application/pdf', base64: permission } },
    });
    const opened = await link(email);

    // Act
    const cancelled = await post(`/v1/requests/${filed.id}/cancel`, {});
    const again = await post(`/v1/requests/${filed.id}/cancel`, {});
    const page = await fetch(opened);
    const endings = (await mails(email)).filter((m) => /cancelled/i.test(m.subject));

    // Assess
    expect(cancelled.status).toBe(200);
    expect(again.status).toBe(409);
    expect(endings).toHaveLength(1);
    expect(endings[0]!.subject).toBe('Request cancelled: deletion of your data');
    expect(endings[0]!.body.text).toContain('Rights Agency filed this request on your behalf as your authorized agent.');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>This request is closed</h1>');
    expect(html).toContain('<dd>Cancelled</dd>');
    expect(html).not.toMatch(/carrying it out/);
  });

  it('mails the subject once, in German, when the privacy team refuses the request; the used link says it was refused', async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'access', jurisdiction: 'gdpr', subject: { email, locale: 'de' } });
    const opened = await link(email);

    // Act
    const denied = await post(`/v1/requests/${filed.id}/deny`, { code: 'excessive', reason: 'Dieselbe Anfrage kam jeden Tag.' });
    const page = await (await fetch(opened)).text();
    const endings = (await mails(email)).filter((m) => /nicht ausführen/.test(m.subject));

    // Assess
    expect(denied.status).toBe(200);
    expect(endings).toHaveLength(1);
    expect(endings[0]!.body.text).toContain('gerichtlichen Rechtsbehelf');
    expect(endings[0]!.body.text).not.toMatch(/CCPA|California/);
    expect(page).toContain('<h1>Diese Anfrage ist abgeschlossen</h1>');
    expect(page).toContain('<dd>Abgelehnt</dd>');
  });

  it('mails the subject once when the request is carried out, naming every recipient; the used link says how it ended, not that it is being carried out', async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr', subject: { email, locale: 'en' } });
    const opened = await link(email);
    await fetch(opened, formPost({ confirm: 'yes' }));
    await runtime.workflows.idle();

    // Act
    const closed = await read(filed.id);
    const page = await (await fetch(opened)).text();
    const endings = (await mails(email)).filter((m) => /^Request (completed|partly carried out)/.test(m.subject));

    // Assess
    expect(['completed', 'partially-completed']).toContain(closed.status);
    expect(endings).toHaveLength(1);
    expect(page).toContain('<h1>This request is closed</h1>');
    expect(page).toContain(closed.status === 'completed' ? '<dd>Carried out</dd>' : '<dd>Partly carried out</dd>');
    expect(page).not.toMatch(/We are now carrying out your request/);
    // A GDPR request for the recipients names those of any purpose, from every system (Art. 15(1)(c)).
    expect(endings[0]!.body.text).toContain('to these recipients or categories of recipients, for whatever purpose');
    expect(endings[0]!.body.text).toContain('Payment service provider (card payments)');
    expect(endings[0]!.body.text).toContain('Example Partner Media Ltd. (co-marketing newsletters)');
    expect(endings[0]!.body.text).not.toMatch(/In the past year|direct marketing purposes/);
  });

  it('sends a malformed identity form back with a message at each field, using no attempt', async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'deletion', jurisdiction: 'gdpr', subject: { email, locale: 'en' } });
    const opened = await link(email);
    await fetch(opened, formPost({ confirm: 'yes' }));

    // Act
    const response = await fetch(`${opened}/identity`, formPost({ email, street: '', postalCode: '10115', city: '', cardLast4: '12ab' }));
    const page = await response.text();

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page).toContain('<span class="field-error" id="identity-street-error">Enter the street and house number.</span>');
    expect(page).toContain('<span class="field-error" id="identity-city-error">Enter the city.</span>');
    expect(page).toContain('<span class="field-error" id="identity-card-last4-error">Enter exactly four digits, 0 to 9, such as 1234.</span>');
    expect(page).toMatch(/id="identity-card-last4"[^>]*aria-invalid="true"/);
    expect(page).not.toContain('12ab');
    expect((await read(filed.id)).verification.failedAttempts ?? 0).toBe(0);
  });

  it('answers an identity form too long to read with a page that says so', async () => {
    // Prepare
    const email = stranger();
    await file({ type: 'deletion', jurisdiction: 'gdpr', subject: { email, locale: 'de' } });
    const opened = await link(email);

    // Act
    const response = await fetch(`${opened}/identity`, formPost({ email, street: 'x'.repeat(20_000), postalCode: '1', city: 'y', cardLast4: '1234' }));

    // Assess
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<h1>Your answer was too long</h1>');
  });
});
