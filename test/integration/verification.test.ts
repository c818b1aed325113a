// Verification as a subject meets it: the mail in the local mailbox, the link, the button, the three questions.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/demo-data.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { tables } from '../../shared/resources.js';
import { formPost, mailsTo as mailboxTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'verification-integration-key';

interface RequestView {
  id: string;
  status: string;
  subject: { accountId?: string };
  verification: { level: string; state: string; linkSentAt?: string; linkValidUntil?: string; failedAttempts?: number };
  denial?: { code: string };
}

interface AuditView {
  verification: { valid: boolean };
  events: { type: string; data: Record<string, unknown>; hash: string; prevHash: string }[];
}

const anna = demoAccounts.find((a) => a.accountId === 'acc-1001')!;
const maria = demoAccounts.find((a) => a.accountId === 'acc-2001')!;

/** Everything personal or secret the suite handles: none of it may reach a log. */
const secrets = new Set<string>();
for (const account of [anna, maria]) {
  secrets.add(account.email).add(account.name).add(account.billingAddress.street).add(account.cardLast4);
}

describe('verification through the local runtime', () => {
  let runtime: LocalRuntime;
  let documents: DynamoDBDocumentClient;
  const output: string[] = [];
  const accessLog: string[] = [];
  const restores: (() => void)[] = [];

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { 'x-api-key': API_KEY, ...init.headers } });
  const file = async (body: Record<string, unknown>) => {
    const response = await api('/v1/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(202);
    return (await response.json()) as RequestView;
  };
  const read = async (id: string) => (await (await api(`/v1/requests/${id}`)).json()) as RequestView;
  const audit = async (id: string) => (await (await api(`/v1/requests/${id}/audit`)).json()) as AuditView;
  const mailsTo = (address: string) => mailboxTo(runtime, address);
  /** The newest verification link mailed to `address`, as the subject would click it. */
  const linkFor = async (address: string) => {
    const link = await newestLink(runtime, address, '/v1/verify/');
    secrets.add(link.slice(link.lastIndexOf('/') + 1));
    return link;
  };
  const confirm = (link: string) => fetch(link, formPost({ confirm: 'yes' }));
  const answer = (link: string, fields: Record<string, string>) => fetch(`${link}/identity`, formPost(fields));
  const annaAnswers = {
    email: anna.email,
    street: 'Hauptstr. 12',
    postalCode: anna.billingAddress.postalCode,
    city: anna.billingAddress.city,
    cardLast4: anna.cardLast4,
  };
  const wrongAnswers = { ...annaAnswers, cardLast4: '9999' };

  /** A fresh subject address that the directory does not know. */
  let counter = 0;
  const stranger = () => {
    const email = `stranger.${++counter}@example.net`;
    secrets.add(email);
    return email;
  };

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return original(chunk as never, ...(rest as []));
      }) as typeof stream.write;
      restores.push(() => {
        stream.write = original;
      });
    }
    // The knowledge check as it stands without an identity provider: locking refuses the request (test/integration/identity-provider.test.ts has the provider).
    runtime = await startLocalRuntime({
      port: 0,
      memory: true,
      apiKey: API_KEY,
      throttling: false,
      identityProvider: false,
      accessLog: (line) => accessLog.push(line),
    });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  });

  afterAll(async () => {
    documents?.destroy();
    await runtime?.workflows.idle();
    await runtime?.stop();
    for (const restore of restores) restore();
  });

  it('takes a deletion request from the mailed link through the knowledge check to verified', async () => {
    // Prepare
    const filed = await file({ type: 'deletion', jurisdiction: 'gdpr', subject: { email: anna.email, name: anna.name } });
    const link = await linkFor(anna.email);
    const [mail] = await mailsTo(anna.email);

    // Act
    const shown = await fetch(link);
    const shownHtml = await shown.text();
    const afterGet = await read(filed.id);
    const confirmed = await confirm(link);
    const confirmedHtml = await confirmed.text();
    const verified = await answer(link, annaAnswers);
    const verifiedHtml = await verified.text();
    const after = await read(filed.id);
    const chain = await audit(filed.id);
    const executions = runtime.workflows.executions().filter((e) => e.name === `fulfil-${filed.id}`);

    // Assess
    expect(filed.verification).toMatchObject({ level: 'email+knowledge', state: 'pending', linkSentAt: expect.any(String) });
    expect(mail!.subject).toMatch(/Löschung|bestätigen|Anfrage/i);
    expect(mail!.body.html).toContain(link);
    expect(shown.status).toBe(200);
    expect(shownHtml).toContain('<html lang="de"');
    expect(shownHtml).toContain('method="post"');
    expect(afterGet).toMatchObject({ status: 'awaiting-verification', verification: { state: 'pending' } });
    expect(confirmed.status).toBe(200);
    expect(confirmedHtml).toContain('name="cardLast4"');
    expect(verified.status).toBe(200);
    expect(verifiedHtml).not.toContain('name="cardLast4"');
    expect(['verified', 'in-progress', 'completed', 'partially-completed']).toContain(after.status);
    expect(after).toMatchObject({ subject: { accountId: anna.accountId }, verification: { state: 'verified' } });
    expect(chain.verification.valid).toBe(true);
    expect(chain.events.map((e) => e.type).slice(0, 7)).toEqual([
      'request.received',
      'request.awaiting-verification',
      'verification.link-sent',
      'verification.email-confirmed',
      'verification.identity-confirmed',
      'request.verified',
      'fulfilment.requested',
    ]);
    expect(executions).toHaveLength(1);
    // What the chain says, without its hex hashes (which may hold any four digits by chance).
    const recorded = JSON.stringify(chain.events.map(({ hash: _hash, prevHash: _prevHash, ...event }) => event));
    expect(recorded).not.toContain(anna.cardLast4);
    expect(recorded).not.toContain('Haupt');
  });

  it('verifies a request for the recipients of the data with the emailed link alone, and a second press changes nothing', async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr', subject: { email, locale: 'en' } });
    const link = await linkFor(email);

    // Act
    const first = await confirm(link);
    const firstHtml = await first.text();
    const second = await confirm(link);
    const again = await fetch(link);
    const after = await read(filed.id);
    const chain = await audit(filed.id);

    // Assess
    expect(first.status).toBe(200);
    expect(firstHtml).toContain('<html lang="en"');
    expect(second.status).toBe(200);
    // A press after the request was already carried out shows that it is closed; before that, the same page.
    const secondHtml = await second.text();
    if (secondHtml !== firstHtml) expect(secondHtml).toContain('<title>Request closed');
    expect(again.status).toBe(200);
    expect(after.verification.state).toBe('verified');
    expect(chain.events.filter((e) => e.type === 'fulfilment.requested')).toHaveLength(1);
  });

  it('confirms once and starts fulfilment once when ten presses of one link arrive together', async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr', subject: { email } });
    const link = await linkFor(email);

    // Act
    const responses = await Promise.all(Array.from({ length: 10 }, () => confirm(link)));
    const pages = await Promise.all(responses.map((r) => r.text()));
    const chain = await audit(filed.id);

    // Assess
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    // One confirmation page; a press that arrives after the request was carried out shows that it is
    // closed, in the request's language (a stranger's address files in German).
    expect(new Set(pages.filter((page) => !/<title>(Request closed|Anfrage abgeschlossen)/.test(page))).size).toBe(1);
    expect(chain.events.filter((e) => e.type === 'request.verified')).toHaveLength(1);
    expect(chain.events.filter((e) => e.type === 'fulfilment.requested')).toHaveLength(1);
    expect(chain.verification.valid).toBe(true);
  });

  it('locks the request after five wrong answers, refuses it as unverified and tells the subject', async () => {
    // Prepare
    const filed = await file({ type: 'access', jurisdiction: 'ccpa', subject: { email: maria.email } });
    const link = await linkFor(maria.email);
    await confirm(link);
    const answers = {
      email: maria.email,
      street: maria.billingAddress.street,
      postalCode: maria.billingAddress.postalCode,
      city: maria.billingAddress.city,
      cardLast4: '0000',
    };

    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await answer(link, answers)).status);
    const afterLock = await answer(link, { ...answers, cardLast4: maria.cardLast4 });
    const after = await read(filed.id);
    const mails = await mailsTo(maria.email);

    // Assess
    expect(statuses).toEqual([422, 422, 422, 422, 403]);
    expect(afterLock.status).toBe(403);
    expect(after).toMatchObject({ status: 'denied', denial: { code: 'unverified' }, verification: { state: 'failed', failedAttempts: 5 } });
    expect(mails).toHaveLength(2);
    // A CCPA request: the mail names where a Californian may turn, never a GDPR supervisory authority.
    expect(mails[1]!.body.text).toMatch(/California Consumer Privacy Act requires, you may also contact/);
    expect(mails[1]!.body.text).not.toMatch(/supervisory authority|GDPR/i);
  });

  it('answers wrong details for a known account exactly as it answers details of no account', async () => {
    // Prepare
    const knownEmail = stranger();
    const unknownEmail = stranger();
    const known = await file({ type: 'portability', jurisdiction: 'gdpr', subject: { email: knownEmail, locale: 'en' } });
    const unknown = await file({ type: 'portability', jurisdiction: 'gdpr', subject: { email: unknownEmail, locale: 'en' } });
    const knownLink = await linkFor(knownEmail);
    const unknownLink = await linkFor(unknownEmail);
    await confirm(knownLink);
    await confirm(unknownLink);

    // Act
    const wrongForAnna = await answer(knownLink, wrongAnswers);
    const nobody = await answer(unknownLink, { ...wrongAnswers, email: 'no.such.account@example.org' });

    // Assess
    expect(wrongForAnna.status).toBe(422);
    expect(nobody.status).toBe(wrongForAnna.status);
    expect(await nobody.text()).toBe(await wrongForAnna.text());
    expect((await read(known.id)).verification.failedAttempts).toBe(1);
    expect((await read(unknown.id)).verification.failedAttempts).toBe(1);
  });

  it("does not verify a subject who answers with another customer's correct details", async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'deletion', jurisdiction: 'gdpr', subject: { email } });
    const link = await linkFor(email);
    await confirm(link);

    // Act
    const response = await answer(link, annaAnswers);

    // Assess
    expect(response.status).toBe(422);
    expect((await read(filed.id)).status).toBe('awaiting-verification');
  });

  it('shows the form again with a 400 for answers not filled in as asked, without using an attempt', async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'deletion', jurisdiction: 'gdpr', subject: { email } });
    const link = await linkFor(email);
    await confirm(link);

    // Act
    const response = await answer(link, { ...annaAnswers, cardLast4: '12ab', email: 'not-an-email' });
    const html = await response.text();

    // Assess
    expect(response.status).toBe(400);
    expect(html).toContain('name="cardLast4"');
    expect((await read(filed.id)).verification.failedAttempts).toBeUndefined();
  });

  it.each([
    { note: 'a malformed token', token: 'abc' },
    { note: 'an unknown token', token: 'A'.repeat(43) },
    { note: 'a token with a bad character', token: `${'A'.repeat(42)}!` },
  ])('answers $note with the one "not valid" page and a 404', async ({ token }) => {
    // Prepare
    const reference = await fetch(`${runtime.apiUrl}/v1/verify/${'B'.repeat(43)}`);

    // Act
    const shown = await fetch(`${runtime.apiUrl}/v1/verify/${token}`);
    const pressed = await fetch(`${runtime.apiUrl}/v1/verify/${token}`, formPost({ confirm: 'yes' }));
    const answered = await fetch(`${runtime.apiUrl}/v1/verify/${token}/identity`, formPost(annaAnswers));

    // Assess
    expect([shown.status, pressed.status, answered.status]).toEqual([404, 404, 404]);
    expect(shown.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await shown.text();
    expect(page).toBe(await reference.text());
    expect(page).not.toContain(token);
  });

  it('marks a request whose link ran out as expired, shows so, and lets the subject file again', async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'deletion', jurisdiction: 'gdpr', subject: { email, locale: 'en' } });
    const link = await linkFor(email);
    await documents.send(
      new UpdateCommand({
        TableName: tables.requests.localName,
        Key: { id: filed.id },
        UpdateExpression: 'SET verification.linkValidUntil = :past',
        ExpressionAttributeValues: { ':past': '2026-01-01T00:00:00.000Z' },
      }),
    );

    // Act
    const shown = await fetch(link);
    const pressed = await confirm(link);
    const after = await read(filed.id);
    const refiled = await file({ type: 'deletion', jurisdiction: 'gdpr', subject: { email, locale: 'en' } });

    // Assess
    expect(shown.status).toBe(410);
    expect(pressed.status).toBe(410);
    expect(after.status).toBe('expired');
    expect(refiled.id).not.toBe(filed.id);
    expect((await mailsTo(email)).map((m) => m.subject).join(' ')).toMatch(/expired/i);
  });

  it("mails an agent-filed request's link to the subject, and tells the agent only that it waits", async () => {
    // Prepare
    const email = stranger();
    const agentEmail = stranger();
    const permission = Buffer.from('%PDF-1.7\nsigned authorisation\n%%EOF').toString('base64');

    // Act
    const filed = await file({
      type: 'deletion',
      jurisdiction: 'ccpa',
      subject: { email },
      agent: { name: 'Rights Agency', email: agentEmail, permission: { contentType: 'application/pdf', base64: permission } },
    });
    const subjectMails = await mailsTo(email);
    const agentMails = await mailsTo(agentEmail);

    // Assess
    expect(filed.status).toBe('awaiting-verification');
    expect(subjectMails).toHaveLength(1);
    expect(subjectMails[0]!.body.text).toContain('/v1/verify/');
    expect(subjectMails[0]!.body.text).toContain('Rights Agency');
    expect(agentMails).toHaveLength(1);
    expect(agentMails[0]!.body.text).not.toContain('/v1/verify/');
    expect(agentMails[0]!.body.text).toContain(filed.id);
  });

  it('sends a new link on request, after which the old one no longer works', async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr', subject: { email } });
    const oldLink = await linkFor(email);

    // Act
    const resent = await api(`/v1/requests/${filed.id}/verification-link`, { method: 'POST' });
    const newLink = await linkFor(email);
    const old = await fetch(oldLink);
    const fresh = await fetch(newLink);

    // Assess
    expect(resent.status).toBe(202);
    expect(newLink).not.toBe(oldLink);
    expect(old.status).toBe(404);
    expect(fresh.status).toBe(200);
  });

  it.each([{ note: 'an unknown request', path: '/v1/requests/01J0000000000000000000000Z/verification-link', status: 404 }])(
    'refuses a new link for $note with $status problem+json',
    async ({ path, status }) => {
      // Prepare: the row

      // Act
      const response = await api(path, { method: 'POST' });

      // Assess
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    },
  );

  it('refuses a new link for a request no longer waiting for confirmation with 409', async () => {
    // Prepare
    const email = stranger();
    const filed = await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr', subject: { email } });
    await confirm(await linkFor(email));

    // Act
    const response = await api(`/v1/requests/${filed.id}/verification-link`, { method: 'POST' });

    // Assess
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves the pages with strict security headers', async () => {
    // Prepare
    const email = stranger();
    await file({ type: 'third-party-disclosure', jurisdiction: 'gdpr', subject: { email } });
    const link = await linkFor(email);

    // Act
    const response = await fetch(link);

    // Assess
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('content-security-policy')).toMatch(/form-action 'self'/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('never wrote a typed answer, address, card digit, email or token to a log', () => {
    // Prepare
    const logs = [...output, ...accessLog].join('\n');

    // Act
    // Short digit strings count only as whole tokens, so a port or a duration cannot pass for a card.
    const found = [...secrets].filter((secret) =>
      /^\d+$/.test(secret) ? new RegExp(`(?<![0-9A-Za-z])${secret}(?![0-9A-Za-z])`).test(logs) : logs.includes(secret),
    );

    // Assess
    expect(secrets.size).toBeGreaterThan(15);
    expect(logs).toContain('"level"');
    expect(found).toEqual([]);
  });
});
