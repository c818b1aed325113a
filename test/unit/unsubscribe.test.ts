import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as showUnsubscribe } from '../../functions/notifications/show-unsubscribe.handler.js';
import { handler as postUnsubscribe } from '../../functions/notifications/unsubscribe.handler.js';
import { SesMailer } from '../../shared/mail/ses-mailer.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { DynamoLinkStore, type UnsubscribeLinkRecord } from '../../shared/links/link-store.js';
import {
  marketingMail,
  UNSUBSCRIBE_LINKS,
  unsubscribe,
  unsubscribeLink,
  viewUnsubscribeLink,
  type MailLinks,
  type MarketingMailDeps,
} from '../../shared/preferences/unsubscribe.js';
import { PREFERENCE_LINKS, preferencesToken } from '../../shared/preferences/preference-links.js';
import { subjectHash } from '../../shared/subject.js';
import { hashToken, issueToken } from '../../shared/verification/tokens.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';
import { apiEvent, captureOutput, lambdaContext } from '../support/lambda.js';

const EMAIL = 'lea.mueller@example.net';
const HASH_KEY = Buffer.from('k'.repeat(43));
const LINK_KEY = Buffer.from('p'.repeat(43));
const NOW = new Date('2026-11-25T10:00:00.000Z');
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

beforeAll(() => {
  process.env.TOKENS_TABLE = 'tokens';
  process.env.SUPPRESSIONS_TABLE = 'suppressions';
  process.env.SUBJECT_HASH_KEY = HASH_KEY.toString();
  process.env.CONTROLLER = JSON.stringify(OTHER_CONTROLLER);
});

afterEach(() => {
  documents.reset();
  ses.reset();
});

const link = (overrides: Partial<UnsubscribeLinkRecord> = {}): UnsubscribeLinkRecord => ({
  tokenHash: 'h'.repeat(64),
  purpose: 'unsubscribe',
  subjectHash: subjectHash(HASH_KEY, EMAIL),
  locale: 'de',
  maskedEmail: 'l•••@example.net',
  issuedAt: '2026-11-01T10:00:00.000Z',
  validUntil: '2027-11-01T10:00:00.000Z',
  expiresAt: Date.parse('2027-11-01T10:00:00.000Z') / 1000,
  ...overrides,
});

const links = () => new DynamoLinkStore({ tableName: 'tokens', ...UNSUBSCRIBE_LINKS, client });

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

describe('unsubscribeLink', () => {
  it('stores only the token hash and the subject hash, and returns the RFC 8058 headers', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});
    const deps = { links: links(), hashKey: async () => HASH_KEY, publicBaseUrl: 'https://privacy.example.com/', now: () => NOW };

    // Act
    const issued = await unsubscribeLink(EMAIL, deps, { locale: 'de' });

    // Assess
    const token = /^https:\/\/privacy\.example\.com\/v1\/unsubscribe\/([A-Za-z0-9_-]{43})$/.exec(issued.url)?.[1];
    expect(token).toBeDefined();
    expect(issued.headers).toStrictEqual({ 'List-Unsubscribe': `<${issued.url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    const item = documents.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(item).toStrictEqual({
      tokenHash: hashToken(token!),
      purpose: 'unsubscribe',
      subjectHash: subjectHash(HASH_KEY, EMAIL),
      locale: 'de',
      maskedEmail: 'l•••@example.net',
      issuedAt: NOW.toISOString(),
      validUntil: '2027-11-25T10:00:00.000Z',
      expiresAt: Date.parse('2027-11-25T10:00:00.000Z') / 1000,
    });
    expect(JSON.stringify(item)).not.toContain(token!);
    expect(JSON.stringify(item)).not.toContain(EMAIL);
  });
});

describe('marketingMail', () => {
  const deps = (): MarketingMailDeps => ({
    links: links(),
    suppressions: new SuppressionList('suppressions', async () => HASH_KEY, client),
    mailer: new SesMailer({ from: 'news@example.com', client: new SESv2Client({ region: 'eu-central-1' }) }),
    hashKey: async () => HASH_KEY,
    publicBaseUrl: 'https://privacy.example.com',
    preferences: { links: new DynamoLinkStore({ tableName: 'tokens', ...PREFERENCE_LINKS, client }), linkKey: async () => LINK_KEY },
    now: () => NOW,
  });
  const message = {
    to: EMAIL,
    locale: 'en' as const,
    render: ({ unsubscribeUrl: url, preferencesUrl }: MailLinks) => ({
      subject: 'News',
      text: `News\n\nUnsubscribe: ${url}\nPreferences: ${preferencesUrl}\n`,
      html: `<p>News</p><p><a href="${url}">Unsubscribe</a> <a href="${preferencesUrl}">Preferences</a></p>`,
    }),
    tags: { campaign: 'winter-2026' },
  };

  it('sends nothing, and issues no link, to a suppressed address', async () => {
    // Prepare
    documents.on(GetCommand, { TableName: 'suppressions' }).resolves({ Item: { subjectHash: 'x', reason: 'bounce', at: NOW.toISOString() } });

    // Act
    const result = await marketingMail(message, deps());

    // Assess
    expect(result).toStrictEqual({ sent: false, reason: 'suppressed' });
    expect(documents).toReceiveCommandWith(GetCommand, { TableName: 'suppressions', Key: { subjectHash: subjectHash(HASH_KEY, EMAIL) }, ConsistentRead: true });
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('sends to an address not on the list with both headers, the link in the body and a marketing tag', async () => {
    // Prepare
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    // Act
    const result = await marketingMail(message, deps());

    // Assess
    expect(result).toStrictEqual({ sent: true, messageId: 'm-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    const headers = input.Content?.Simple?.Headers ?? [];
    const url = /<(https:\/\/privacy\.example\.com\/v1\/unsubscribe\/[A-Za-z0-9_-]{43})>/.exec(
      headers.find((h) => h.Name === 'List-Unsubscribe')?.Value ?? '',
    )?.[1];
    expect(url).toBeDefined();
    expect(headers).toStrictEqual([
      { Name: 'List-Unsubscribe', Value: `<${url}>` },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
    expect(input.Content?.Simple?.Body?.Text?.Data).toContain(url);
    expect(input.EmailTags).toStrictEqual([
      { Name: 'campaign', Value: 'winter-2026' },
      { Name: 'mail', Value: 'marketing' },
    ]);
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'tokens',
      Item: expect.objectContaining({ tokenHash: hashToken(url!.slice(-43)), purpose: 'unsubscribe' }),
    });
  });

  it("puts the same mail's preferences link in the body, derived from the unsubscribe token, with the address only sealed", async () => {
    // Prepare
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });

    // Act
    await marketingMail(message, deps());

    // Assess
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    const text = input.Content?.Simple?.Body?.Text?.Data ?? '';
    const unsubscribeToken = /\/v1\/unsubscribe\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    const preferences = /Preferences: (https:\/\/privacy\.example\.com\/v1\/preferences\/([A-Za-z0-9_-]{43}))\n/.exec(text);
    expect(preferences?.[2]).toBe(preferencesToken(unsubscribeToken!));
    const stored = documents.commandCalls(PutCommand).map((call) => call.args[0].input.Item!);
    const record = stored.find((item) => item.purpose === 'preferences')!;
    expect(record).toStrictEqual({
      tokenHash: hashToken(preferences![2]!),
      purpose: 'preferences',
      subjectHash: subjectHash(HASH_KEY, EMAIL),
      sealedEmail: expect.stringMatching(/^v1\./),
      locale: 'en',
      maskedEmail: 'l•••@example.net',
      issuedAt: NOW.toISOString(),
      validUntil: '2027-11-25T10:00:00.000Z',
      expiresAt: Date.parse('2027-11-25T10:00:00.000Z') / 1000,
    });
    expect(JSON.stringify(stored)).not.toContain(EMAIL);
    expect(JSON.stringify(stored)).not.toContain(preferences![2]!);
  });
});

describe('unsubscribe', () => {
  it('suppresses the subject with reason unsubscribe, and answers a repeat the same way', async () => {
    // Prepare
    const { token, hash } = issueToken();
    documents.on(GetCommand).resolves({ Item: link({ tokenHash: hash }) });
    documents.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const deps = { links: links(), suppressions: new SuppressionList('suppressions', async () => HASH_KEY, client), now: () => NOW };

    // Act
    const first = await unsubscribe(token, deps);
    const second = await unsubscribe(token, deps);

    // Assess
    expect(first).toStrictEqual({ page: 'unsubscribed', locale: 'de', maskedEmail: 'l•••@example.net' });
    expect(second).toStrictEqual(first);
    expect(documents).toReceiveCommandTimes(PutCommand, 2);
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'suppressions',
      Item: { subjectHash: subjectHash(HASH_KEY, EMAIL), reason: 'unsubscribe', at: NOW.toISOString() },
      ConditionExpression: 'attribute_not_exists(subjectHash) OR #reason <> :reason',
      ExpressionAttributeValues: { ':reason': 'unsubscribe' },
    });
  });

  it.each([
    { note: 'a link of another purpose', item: { ...link(), purpose: 'verify' } },
    { note: 'a link past its time that DynamoDB has not deleted yet', item: link({ validUntil: '2026-11-25T09:59:59.999Z' }) },
    { note: 'a link ending this very moment', item: link({ validUntil: NOW.toISOString() }) },
    { note: 'a link whose end cannot be read', item: link({ validUntil: 'someday' }) },
    { note: 'no link', item: undefined },
  ])('answers $note as invalid on view and post, and suppresses nobody', async ({ item }) => {
    // Prepare
    const { token, hash } = issueToken();
    documents.on(GetCommand).resolves({ Item: item && { ...item, tokenHash: hash } });
    const deps = { links: links(), suppressions: new SuppressionList('suppressions', async () => HASH_KEY, client), now: () => NOW };

    // Act
    const viewed = await viewUnsubscribeLink(token, deps);
    const posted = await unsubscribe(token, deps);

    // Assess
    expect(viewed).toStrictEqual({ page: 'invalid' });
    expect(posted).toStrictEqual({ page: 'invalid' });
    expect(documents).toReceiveCommandWith(GetCommand, { TableName: 'tokens', Key: { tokenHash: hash } });
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });

  it.each([undefined, 'short', `${'a'.repeat(42)}!`])('refuses the malformed token %s without a lookup', async (token) => {
    // Prepare
    const deps = { links: links(), suppressions: new SuppressionList('suppressions', async () => HASH_KEY, client), now: () => NOW };

    // Act
    const outcome = await unsubscribe(token, deps);

    // Assess
    expect(outcome).toStrictEqual({ page: 'invalid' });
    expect(documents.calls()).toHaveLength(0);
  });
});

describe('unsubscribe handlers', () => {
  const event = (method: 'GET' | 'POST', token: string, body: string | null = null, headers: Record<string, string> = {}) =>
    apiEvent({ httpMethod: method, path: `/v1/unsubscribe/${token}`, resource: '/v1/unsubscribe/{token}', pathParameters: { token }, body, headers });
  const known = () => {
    const { token, hash } = issueToken();
    // The handlers read the real clock: a link valid far beyond it. The mail had no preferences link.
    documents.on(GetCommand).resolves({});
    documents
      .on(GetCommand, { TableName: 'tokens', Key: { tokenHash: hash } })
      .resolves({ Item: link({ tokenHash: hash, validUntil: '2099-01-01T00:00:00.000Z' }) });
    return token;
  };
  const urlencoded = { 'Content-Type': 'application/x-www-form-urlencoded' };

  it("shows the page with its button in the subject's language and changes nothing", async () => {
    // Prepare
    const token = known();

    // Act
    const response = await showUnsubscribe(event('GET', token), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<html lang="de">');
    expect(response.body).toContain('<button type="submit" name="unsubscribe" value="yes">Abmelden</button>');
    expect(response.body).toContain('l•••@example.net');
    expect(response.body).toContain(`Verantwortlich für Ihre Daten: ${OTHER_CONTROLLER.name}`);
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });

  it("links the page, before and after the button, to the same mail's preferences page when the mail has one", async () => {
    // Prepare
    const token = known();
    const derived = preferencesToken(token);
    documents
      .on(GetCommand, { TableName: 'tokens', Key: { tokenHash: hashToken(derived) } })
      .resolves({ Item: { tokenHash: hashToken(derived), purpose: 'preferences', validUntil: '2099-01-01T00:00:00.000Z' } });
    documents.on(PutCommand).resolves({});

    // Act
    const shown = await showUnsubscribe(event('GET', token), lambdaContext());
    const posted = await postUnsubscribe(event('POST', token, 'unsubscribe=yes', urlencoded), lambdaContext());

    // Assess
    for (const response of [shown, posted]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(`<a href="../preferences/${derived}">Alle Ihre E-Mail-Einstellungen und Einwilligungen ansehen und ändern</a>`);
    }
  });

  it('leaves the preferences link out when the mail came without one', async () => {
    // Prepare
    const token = known();

    // Act
    const shown = await showUnsubscribe(event('GET', token), lambdaContext());

    // Assess
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain('../preferences/');
  });

  it.each([
    { note: 'unknown', token: 'A'.repeat(43) },
    { note: 'malformed', token: 'not-a-token' },
  ])('answers an $note token with the invalid page and 404 on GET and POST', async ({ token }) => {
    // Prepare
    documents.on(GetCommand).resolves({});

    // Act
    const shown = await showUnsubscribe(event('GET', token, null, { 'Accept-Language': 'de-DE,de;q=0.9' }), lambdaContext());
    const posted = await postUnsubscribe(event('POST', token, 'List-Unsubscribe=One-Click', urlencoded), lambdaContext());

    // Assess
    for (const response of [shown, posted]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers?.['content-type']).toBe('text/html; charset=utf-8');
    }
    expect(shown.body).toContain('Dieser Link ist nicht gültig');
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });

  it.each([
    { note: 'urlencoded', body: 'List-Unsubscribe=One-Click', headers: urlencoded, base64: false },
    { note: 'urlencoded in base64', body: Buffer.from('List-Unsubscribe=One-Click').toString('base64'), headers: urlencoded, base64: true },
    {
      note: 'multipart, as in the RFC 8058 example',
      body: '---FormBoundaryjWmhtjORrn\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n---FormBoundaryjWmhtjORrn--\r\n',
      headers: { 'Content-Type': 'multipart/form-data; boundary=-FormBoundaryjWmhtjORrn' },
      base64: false,
    },
  ])('unsubscribes at once on a one-click POST ($note) and answers 200 in plain text', async ({ body, headers, base64 }) => {
    // Prepare
    const token = known();
    documents.on(PutCommand).resolves({});

    // Act
    const response = await postUnsubscribe({ ...event('POST', token, body, headers), isBase64Encoded: base64 }, lambdaContext());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toBe('Unsubscribed.\n');
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'suppressions',
      Item: expect.objectContaining({ reason: 'unsubscribe', subjectHash: subjectHash(HASH_KEY, EMAIL) }),
    });
  });

  it("unsubscribes from the page's button and shows the unsubscribed page; a second POST answers the same", async () => {
    // Prepare
    const token = known();
    documents.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const first = await postUnsubscribe(event('POST', token, 'unsubscribe=yes', urlencoded), lambdaContext());
    const second = await postUnsubscribe(event('POST', token, 'unsubscribe=yes', urlencoded), lambdaContext());

    // Assess
    for (const response of [first, second]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers?.['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<h1>Sie sind abgemeldet</h1>');
    }
    expect(documents).toReceiveCommandTimes(PutCommand, 2);
  });

  it('logs neither the token nor the address', async () => {
    // Prepare
    const token = known();
    documents.on(PutCommand).rejects(new Error(`Throttled for ${EMAIL}`));

    // Act
    const { result, output } = await captureOutput(() => postUnsubscribe(event('POST', token, 'List-Unsubscribe=One-Click', urlencoded), lambdaContext()));

    // Assess
    expect(result.statusCode).toBe(500);
    expect(output).toContain('Page failed');
    expect(output).not.toContain(token);
    expect(output).not.toContain(EMAIL);
  });
});
