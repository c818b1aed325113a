import { HeadObjectCommand, NotFound, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/fulfilment/download-export.handler.js';
import { handler as takeHandler } from '../../functions/fulfilment/take-export-download.handler.js';
import { S3ExportFiles } from '../../shared/fulfilment/export-download.js';
import { issueToken } from '../../shared/verification/tokens.js';
import { OTHER_CONTROLLER } from '../support/controllers.js';
import { apiEvent, captureOutput, lambdaContext } from '../support/lambda.js';

// Real clients with a region exist before the mocks, as the handler's adapters create theirs.
new S3Client({ region: 'eu-central-1' });
new DynamoDBClient({ region: 'eu-central-1' });
const s3 = mockClient(S3Client);
const documents = mockClient(DynamoDBDocumentClient);

const TABLE = 'privacy-ops-tokens-test';
const BUCKET = 'privacy-ops-data-test';
const KEY = 'exports/01JEXPORT00000000000000000/bundle.zip';

const link = issueToken();

const exportLink = (validUntil: string, extra: Record<string, unknown> = {}) => ({
  tokenHash: link.hash,
  purpose: 'export',
  requestId: '01JEXPORT00000000000000000',
  key: KEY,
  validUntil,
  expiresAt: Math.floor(Date.parse(validUntil) / 1000) + 86_400,
  ...extra,
});

const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
const anHourAgo = () => new Date(Date.now() - 3600 * 1000).toISOString();

async function open(token: string | undefined, headers: Record<string, string> = {}): Promise<{ result: APIGatewayProxyResult; output: string }> {
  const event = apiEvent({
    httpMethod: 'GET',
    resource: '/v1/exports/{token}',
    path: `/v1/exports/${token ?? ''}`,
    pathParameters: token === undefined ? null : { token },
    headers,
  });
  return captureOutput(async () => (await handler(event, lambdaContext())) as APIGatewayProxyResult);
}

/** The download button: a form POST to the link's own URL. */
async function take(token: string, headers: Record<string, string> = {}): Promise<{ result: APIGatewayProxyResult; output: string }> {
  const event = apiEvent({
    httpMethod: 'POST',
    resource: '/v1/exports/{token}',
    path: `/v1/exports/${token}`,
    pathParameters: { token },
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: 'download=yes',
  });
  return captureOutput(async () => (await takeHandler(event, lambdaContext())) as APIGatewayProxyResult);
}

beforeAll(() => {
  vi.stubEnv('TOKENS_TABLE', TABLE);
  vi.stubEnv('DATA_BUCKET', BUCKET);
  vi.stubEnv('CONTROLLER', JSON.stringify(OTHER_CONTROLLER));
  // The presigner signs with whatever credentials the client finds; these are never sent anywhere.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAEXAMPLEEXAMPLE00');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example-secret-access-key-not-a-real-one');
  vi.stubEnv('AWS_REGION', 'eu-central-1');
});

afterAll(() => {
  vi.unstubAllEnvs();
});

afterEach(() => {
  s3.reset();
  documents.reset();
});

describe('GET /v1/exports/{token}', () => {
  it('shows a valid link as a page with the download button and the downloads left, and counts no use', async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: exportLink(inAWeek(), { uses: 3 }) });
    s3.on(HeadObjectCommand).resolves({ ContentLength: 1234 });

    // Act
    const { result } = await open(link.token);

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers?.location).toBeUndefined();
    expect(result.body).toContain('<form method="post">');
    expect(result.body).toContain('name="download" value="yes"');
    expect(result.body).toContain('This link gives 2 more downloads');
    expect(result.body).toContain(`Responsible for your data: ${OTHER_CONTROLLER.name}`);
    expect(documents).toReceiveCommandWith(GetCommand, { TableName: TABLE, Key: { tokenHash: link.hash }, ConsistentRead: true });
    expect(s3).toReceiveCommandWith(HeadObjectCommand, { Bucket: BUCKET, Key: KEY });
    expect(documents).not.toReceiveCommand(UpdateCommand);
  });

  it('answers a link whose downloads are all taken with the 410 page in its language, and no button', async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: exportLink(inAWeek(), { uses: 5, locale: 'de' }) });
    s3.on(HeadObjectCommand).resolves({});

    // Act
    const { result } = await open(link.token);

    // Assess
    expect(result.statusCode).toBe(410);
    expect(result.body).toContain('Dieser Download-Link ist aufgebraucht');
    expect(result.body).not.toContain('<form');
  });

  it('answers an unknown token with the 404 page and touches no bundle', async () => {
    // Prepare
    documents.on(GetCommand).resolves({});

    // Act
    const { result } = await open(issueToken().token);

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    expect(result.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect(result.body).toContain('This download link is not valid');
    expect(result.body).not.toMatch(/<script|<img|<link/i);
    expect(s3).not.toReceiveAnyCommand();
  });

  it.each([
    { note: 'too short', token: 'abc' },
    { note: 'with characters no token has', token: `${'a'.repeat(42)}%` },
    { note: 'missing', token: undefined },
  ])('answers a malformed token ($note) with the 404 page without looking it up', async ({ token }) => {
    // Act
    const { result } = await open(token, { 'Accept-Language': 'de-DE,de;q=0.9' });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body).toContain('Dieser Download-Link ist nicht gültig');
    expect(documents).not.toReceiveAnyCommand();
    expect(s3).not.toReceiveAnyCommand();
  });

  it('answers an expired link with the 410 page in the language stored with it', async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: exportLink(anHourAgo(), { locale: 'de' }) });

    // Act
    const { result } = await open(link.token, { 'Accept-Language': 'en' });

    // Assess
    expect(result.statusCode).toBe(410);
    expect(result.headers?.location).toBeUndefined();
    expect(result.body).toContain('<html lang="de">');
    expect(result.body).toContain('Dieser Download-Link ist abgelaufen');
    expect(s3).not.toReceiveAnyCommand();
  });

  it.each([
    { locale: 'en', says: 'This copy of your data no longer exists' },
    { locale: 'de', says: 'Diese Kopie Ihrer Daten gibt es nicht mehr' },
  ])('answers a valid link whose bundle was deleted with the 410 page that says so ($locale)', async ({ locale, says }) => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: exportLink(inAWeek(), { locale }) });
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'NotFound', $metadata: { httpStatusCode: 404 } }));

    // Act
    const { result } = await open(link.token);

    // Assess
    expect(result.statusCode).toBe(410);
    expect(result.body).toContain(`<html lang="${locale}">`);
    expect(result.body).toContain(says);
    expect(result.headers?.location).toBeUndefined();
  });

  it('answers a failure on our side with the 500 page and never logs the token', async () => {
    // Prepare
    documents.on(GetCommand).rejects(new Error(`Throttled while reading ${link.hash} for ${link.token}`));

    // Act
    const { result, output } = await open(link.token);

    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body).toContain('Something went wrong on our side');
    expect(output).toContain('Page failed');
    expect(output).not.toContain(link.token);
  });
});

describe('POST /v1/exports/{token}', () => {
  it('takes one download and redirects to a presigned download that lives at most 15 minutes', async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: exportLink(inAWeek(), { uses: 1 }) });
    documents.on(UpdateCommand).resolves({});
    s3.on(HeadObjectCommand).resolves({ ContentLength: 1234 });

    // Act
    const { result } = await take(link.token);

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    const location = new URL(String(result.headers?.location));
    expect(location.protocol).toBe('https:');
    expect(`${location.hostname}${location.pathname}`).toContain(BUCKET);
    expect(location.pathname.endsWith(`/${KEY}`)).toBe(true);
    const expires = Number(location.searchParams.get('X-Amz-Expires'));
    expect(expires).toBeGreaterThan(0);
    expect(expires).toBeLessThanOrEqual(900);
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(location.searchParams.get('response-content-disposition')).toBe('attachment; filename="privacy-export.zip"');
    expect(documents).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE,
      Key: { tokenHash: link.hash },
      ConditionExpression: '#purpose = :purpose AND (attribute_not_exists(#uses) OR #uses < :max)',
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': 5, ':purpose': 'export' },
    });
  });

  it('answers the 410 page when another click took the last download first, and hands out no URL', async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: exportLink(inAWeek(), { uses: 4 }) });
    documents.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    s3.on(HeadObjectCommand).resolves({});

    // Act
    const { result } = await take(link.token);

    // Assess
    expect(result.statusCode).toBe(410);
    expect(result.headers?.location).toBeUndefined();
    expect(result.body).toContain('This download link has been used up');
  });

  it('takes nothing from an expired link or one whose copy was deleted', async () => {
    // Prepare
    documents
      .on(GetCommand)
      .resolvesOnce({ Item: exportLink(anHourAgo()) })
      .resolvesOnce({ Item: exportLink(inAWeek()) });
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'NotFound', $metadata: { httpStatusCode: 404 } }));

    // Act
    const expired = await take(link.token);
    const gone = await take(link.token);

    // Assess
    expect([expired.result.statusCode, gone.result.statusCode]).toStrictEqual([410, 410]);
    expect(gone.result.body).toContain('This copy of your data no longer exists');
    expect(documents).not.toReceiveCommand(UpdateCommand);
  });

  it('never logs the token of a link it serves', async () => {
    // Prepare
    documents.on(GetCommand).resolves({ Item: exportLink(inAWeek()) });
    documents.on(UpdateCommand).resolves({});
    s3.on(HeadObjectCommand).resolves({});

    // Act
    const { result, output } = await take(link.token);

    // Assess
    expect(result.statusCode).toBe(303);
    expect(output).toContain('01JEXPORT00000000000000000');
    expect(output).not.toContain(link.token);
  });
});

describe('S3ExportFiles', () => {
  const client = new S3Client({ region: 'eu-central-1', credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'example' } });

  it('rethrows what is not a missing bundle', async () => {
    // Prepare
    s3.on(HeadObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } }));
    const files = new S3ExportFiles(BUCKET, client);

    // Act
    const exists = files.exists(KEY);

    // Assess
    await expect(exists).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it.each([0, 901, Number.NaN])('refuses download URLs that live %s seconds', (seconds) => {
    expect(() => new S3ExportFiles(BUCKET, client, seconds)).toThrow(RangeError);
  });
});
