// The privacy center as a person meets it on the local runtime: the page, the proof of work, filing,
// the mailed link, the status page and cancelling; and every bad input each route can get.
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { demoAccounts, knowledgeAnswers } from '../../local/demo-data.js';
import { tables } from '../../shared/resources.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { mailsTo as mailboxTo, newestLink } from '../support/mailbox.js';

const API_KEY = 'privacy-center-integration-key';

const anna = demoAccounts.find((a) => a.accountId === 'acc-1001')!;
const maria = demoAccounts.find((a) => a.accountId === 'acc-2001')!;
const jonas = demoAccounts.find((a) => a.accountId === 'acc-1002')!;

/** Everything personal or secret the suite handles: none of it may reach a log. */
const secrets = new Set<string>([anna.email, maria.email, jonas.email, anna.billingAddress.street, anna.cardLast4, jonas.cardLast4]);

/** Seconds the server asks between fetching a challenge and filing with it (the default setting). */
const PERSON_SECONDS = 3;
// A small proof of work, so that solving it here never takes longer than a person's seconds on a busy machine.
process.env.PROOF_OF_WORK_DIFFICULTY = '2000';

describe('the privacy center on the local runtime', () => {
  let runtime: LocalRuntime;
  const output: string[] = [];
  const accessLog: string[] = [];
  const restores: (() => void)[] = [];

  const page = (path: string, headers: Record<string, string> = {}) => fetch(`${runtime.apiUrl}${path}`, { headers });
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${runtime.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  /** A challenge fetched and solved as the widget does it: the payload it puts in the form. */
  const solvedProof = async () => {
    const challenge = (await (await page('/privacy/challenge')).json()) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    return Buffer.from(JSON.stringify({ challenge, solution }), 'utf8').toString('base64');
  };
  const waitLikeAPerson = () => new Promise((resolve) => setTimeout(resolve, PERSON_SECONDS * 1000 + 200));
  const mailsTo = (address: string) => mailboxTo(runtime, address);
  const linkFor = async (address: string) => {
    const link = await newestLink(runtime, address, '/v1/verify/');
    const token = link.slice(link.lastIndexOf('/') + 1);
    secrets.add(token);
    return { link, token };
  };
  const requests = async () =>
    (
      (await (await fetch(`${runtime.apiUrl}/v1/requests`, { headers: { 'x-api-key': API_KEY } })).json()) as {
        items: { channel: string; type: string; status: string }[];
      }
    ).items;

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
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, accessLog: (line) => accessLog.push(line) });
  });

  afterAll(async () => {
    await runtime?.workflows.idle();
    await runtime?.stop();
    for (const restore of restores) restore();
  });

  it('shows the page in the browser language, in the one the switch asks for, and refuses a query it does not know', async () => {
    // Act
    const german = await page('/privacy', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    const switched = await page('/privacy?lang=en', { 'accept-language': 'de' });
    const bad = await page('/privacy?lang=fr');

    // Assess
    expect(german.status).toBe(200);
    expect(german.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await german.text()).toContain('<h1>Ihre Datenschutzrechte</h1>');
    expect(await switched.text()).toContain('<h1>Your privacy rights</h1>');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it("serves a challenge and the widget's files from its own origin, and refuses a file it does not have as problem+json", async () => {
    // Act
    const challenge = await page('/privacy/challenge');
    const widget = await page('/privacy/assets/altcha.js');
    const worker = await page('/privacy/assets/altcha-worker.js');
    const unknown = await page('/privacy/assets/other.js');

    // Assess
    expect(challenge.headers.get('cache-control')).toBe('no-store');
    expect(((await challenge.json()) as Challenge).parameters.algorithm).toBe('SHA-256');
    expect(widget.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await widget.text()).toContain('altcha-widget');
    expect(worker.status).toBe(200);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('sends a form back with a message at each field not filled in, and files nothing', async () => {
    // Act
    const answer = await post('/privacy?lang=en', { right: 'teleport', email: 'not-an-address', altcha: await solvedProof() });
    const body = await answer.text();

    // Assess
    expect(answer.status).toBe(400);
    expect(body).toContain('Choose one of the rights listed.');
    expect(body).toContain('Enter an email address in the form name@example.com.');
    expect(body).toContain('Choose where you live.');
    expect(await requests()).toEqual([]);
  });

  it('refuses a filing without a proof, with a wrong one, and one solved too fast, and files nothing', async () => {
    // Prepare
    const fields = { right: 'deletion', email: anna.email, region: 'eu' };
    const proof = await solvedProof();
    const decoded = JSON.parse(Buffer.from(proof, 'base64').toString('utf8')) as { challenge: Challenge; solution: { derivedKey: string } };
    decoded.solution.derivedKey = decoded.solution.derivedKey.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const wrong = Buffer.from(JSON.stringify(decoded)).toString('base64');

    // Act
    const none = await post('/privacy?lang=en', fields);
    const wrongly = await post('/privacy?lang=en', { ...fields, altcha: wrong });
    const hurried = await post('/privacy?lang=en', { ...fields, altcha: await solvedProof() });

    // Assess
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('The check against automated requests was not done.');
    expect(wrongly.status).toBe(403);
    expect(await wrongly.text()).toContain('did not work');
    expect(hurried.status).toBe(403);
    expect(await hurried.text()).toContain('faster than a person');
    expect(await requests()).toEqual([]);
  });

  it('files a deletion as a demo customer from the page, answers an unknown address the same, and refuses the proof used again', async () => {
    // Prepare
    const stranger = 'nobody.here@example.net';
    secrets.add(stranger);
    const proofs = [await solvedProof(), await solvedProof()];
    await waitLikeAPerson();

    // Act
    const known = await post('/privacy?lang=de', { right: 'deletion', email: anna.email, region: 'eu', altcha: proofs[0]! });
    const unknown = await post('/privacy?lang=de', { right: 'deletion', email: stranger, region: 'eu', altcha: proofs[1]! });
    const replayed = await post('/privacy?lang=de', { right: 'deletion', email: anna.email, region: 'eu', altcha: proofs[0]! });

    // Assess
    expect(known.status).toBe(200);
    const knownPage = (await known.text()).replace(/x-correlation-id.*$/m, '');
    expect(knownPage).toContain('Bitte prüfen Sie Ihre E-Mails');
    expect((await unknown.text()).replace(/x-correlation-id.*$/m, '')).toBe(knownPage);
    expect(replayed.status).toBe(403);
    expect(await replayed.text()).toContain('schon für eine andere Anfrage verwendet');
    const filed = await requests();
    expect(filed).toHaveLength(2);
    expect(filed.every((r) => r.channel === 'web' && r.type === 'deletion' && r.status === 'awaiting-verification')).toBe(true);
    expect(await mailsTo(anna.email)).toHaveLength(1);
  });

  it('takes Anna from the mailed link through confirmation to her status page, and follows it to the end', async () => {
    // Prepare
    const { link, token } = await linkFor(anna.email);
    await post(link.replace(runtime.apiUrl, ''), { confirm: 'yes' });

    // Act
    const verified = await post(`${link.replace(runtime.apiUrl, '')}/identity`, {
      email: anna.email,
      street: 'Hauptstr. 12',
      postalCode: anna.billingAddress.postalCode,
      city: anna.billingAddress.city,
      cardLast4: anna.cardLast4,
    });
    const verifiedPage = await verified.text();
    const href = /<a href="([^"]+)">Ihre Anfrage verfolgen/.exec(verifiedPage)?.[1];
    const statusUrl = new URL(href ?? '', `${link}/identity`);
    await runtime.workflows.idle();
    const status = await page(statusUrl.pathname);
    const statusPage = await status.text();

    // Assess
    expect(verified.status).toBe(200);
    expect(statusUrl.pathname).toBe(`/privacy/requests/${token}`);
    expect(status.status).toBe(200);
    expect(statusPage).toContain('Löschung Ihrer Daten');
    expect(statusPage).toContain('Sie haben Ihre Identität bestätigt.');
    expect(statusPage).toMatch(/Teilweise ausgeführt|Ausgeführt/);
    expect(statusPage).toContain('Wir haben Ihnen unsere Antwort per E-Mail geschickt.');
    expect(statusPage).not.toContain('<form');
  });

  it('cancels a request from its status page by the link alone and mails the cancellation; a second press shows how it ended', async () => {
    // Prepare
    await waitLikeAPerson();
    const proof = await solvedProof();
    await waitLikeAPerson();
    await post('/privacy?lang=en', { right: 'access', email: maria.email, region: 'california', altcha: proof });
    const { token } = await linkFor(maria.email);

    // Act
    const open = await page(`/privacy/requests/${token}`);
    const openPage = await open.text();
    const cancelled = await post(`/privacy/requests/${token}/cancel`, { cancel: 'yes' });
    const again = await post(`/privacy/requests/${token}/cancel`, { cancel: 'yes' });

    // Assess
    expect(openPage).toContain('Waiting for your confirmation');
    expect(openPage).toContain(`<form method="post" action="${token}/cancel">`);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('Your request is cancelled.');
    expect(await again.text()).toContain('can no longer be cancelled');
    const mails = await mailsTo(maria.email);
    expect(mails).toHaveLength(2);
    expect(mails.at(-1)!.subject).toMatch(/cancel/i);
  });

  it("downloads Jonas's copy from his status page, counted in the chain; refuses it past the export's end, and closes the page 30 days after the request", async () => {
    // Prepare: an access request, confirmed and verified through its mailed link, carried out.
    const filed = await fetch(`${runtime.apiUrl}/v1/requests`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'access', jurisdiction: 'gdpr', subject: { email: jonas.email, locale: 'en' } }),
    });
    const { id } = (await filed.json()) as { id: string };
    const { link, token } = await linkFor(jonas.email);
    await post(link.replace(runtime.apiUrl, ''), { confirm: 'yes' });
    await post(`${link.replace(runtime.apiUrl, '')}/identity`, knowledgeAnswers(jonas));
    await runtime.workflows.idle();
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const setOnRequest = (expression: string, values: Record<string, unknown>) =>
      documents.send(new UpdateCommand({ TableName: tables.requests.localName, Key: { id }, UpdateExpression: expression, ExpressionAttributeValues: values }));

    // Act
    const ready = await (await page(`/privacy/requests/${token}`)).text();
    const download = await fetch(`${runtime.apiUrl}/privacy/requests/${token}/download`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'download=yes',
    });
    const location = download.headers.get('location') ?? '';
    const bundle = Buffer.from(await (await fetch(location)).arrayBuffer());
    const chain = (await (await fetch(`${runtime.apiUrl}/v1/requests/${id}/audit`, { headers: { 'x-api-key': API_KEY } })).json()) as {
      events: { type: string; data: Record<string, unknown> }[];
    };
    const forged = await post(`/privacy/requests/${'x'.repeat(43)}/download`, { download: 'yes' });
    await setOnRequest('SET fulfilment.exportValidUntil = :past', { ':past': new Date(Date.now() - 1000).toISOString() });
    const expired = await post(`/privacy/requests/${token}/download`, { download: 'yes' });
    const expiredPage = await (await page(`/privacy/requests/${token}`)).text();
    await setOnRequest('SET closedAt = :long', { ':long': new Date(Date.now() - 31 * 24 * 3600 * 1000).toISOString() });
    const ended = await page(`/privacy/requests/${token}`);
    const endedDownload = await post(`/privacy/requests/${token}/download`, { download: 'yes' });
    documents.destroy();

    // Assess
    expect(ready).toContain(`<form method="post" action="${token}/download">`);
    expect(ready).toContain('Download my copy');
    expect(download.status).toBe(303);
    expect(download.headers.get('cache-control')).toBe('no-store');
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(bundle.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(chain.events.filter((e) => e.type === 'export.downloaded').map((e) => e.data)).toEqual([{ via: 'status-page', use: 1 }]);
    expect(forged.status).toBe(404);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/expired|no longer/i);
    expect(expiredPage).toContain('it is no longer available');
    expect(expiredPage).not.toContain('/download"');
    expect(ended.status).toBe(410);
    expect(await ended.text()).toContain('This page is no longer available');
    expect(endedDownload.status).toBe(410);
    expect(accessLog.join('\n')).not.toContain(token);
  });

  it('answers the download button of a request that has no copy with its status page (409)', async () => {
    // Prepare: Anna's deletion, finished above, bundles nothing.
    const { token } = await linkFor(anna.email);
    // Act
    const answer = await post(`/privacy/requests/${token}/download`, { download: 'yes' });
    // Assess
    expect(answer.status).toBe(409);
    expect(await answer.text()).toContain('Löschung Ihrer Daten');
  });

  it('shows the invalid-link page for a status or cancel link that is malformed or not in force', async () => {
    // Act
    const answers = await Promise.all([
      page('/privacy/requests/short'),
      page(`/privacy/requests/${'x'.repeat(43)}`),
      post(`/privacy/requests/${'x'.repeat(43)}/cancel`, { cancel: 'yes' }),
    ]);

    // Assess
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
    for (const answer of answers) expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('never wrote an address, a card digit, a proof or a token to a log', () => {
    // Prepare
    const logs = [...output, ...accessLog].join('\n');

    // Act
    const found = [...secrets].filter((secret) =>
      /^\d+$/.test(secret) ? new RegExp(`(?<![0-9A-Za-z])${secret}(?![0-9A-Za-z])`).test(logs) : logs.includes(secret),
    );

    // Assess
    expect(logs).toContain('Filed from the privacy center');
    expect(found).toEqual([]);
  });
});
