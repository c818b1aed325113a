import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as injectSesEvent } from '../../functions/notifications/inject-ses-event.handler.js';
import { handler as sesEvent } from '../../functions/notifications/ses-event.handler.js';
import { SesEventMessage } from '../../functions/notifications/ses-event.schema.js';
import { recordSesEvent, type SesNotification } from '../../shared/preferences/ses-events.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { subjectHash } from '../../shared/subject.js';
import { apiEvent, captureOutput, lambdaContext } from '../support/lambda.js';

const HASH_KEY = Buffer.from('k'.repeat(43));
const NOW = new Date('2026-11-25T10:00:00.000Z');
const LEA = 'lea.mueller@example.net';
const TOM = 'tom.baker@example.org';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const documents = mockClient(DynamoDBDocumentClient);

beforeAll(() => {
  process.env.SUPPRESSIONS_TABLE = 'suppressions';
  process.env.SUBJECT_HASH_KEY = HASH_KEY.toString();
});

afterEach(() => {
  documents.reset();
});

const permanentBounce = (recipients = [LEA]) => ({
  eventType: 'Bounce',
  mail: { messageId: 'm-1', timestamp: '2026-11-25T09:00:00.000Z', destination: recipients },
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress, action: 'failed', status: '5.1.1' })),
    timestamp: '2026-11-25T09:00:05.000Z',
    feedbackId: 'f-1',
  },
});

const complaint = () => ({
  notificationType: 'Complaint',
  mail: { messageId: 'm-2' },
  complaint: { complainedRecipients: [{ emailAddress: TOM }], timestamp: '2026-11-25T09:30:00.000Z', complaintFeedbackType: 'abuse' },
});

describe('SesEventMessage', () => {
  it.each([
    {
      note: 'a permanent bounce (event publishing)',
      message: permanentBounce(),
      expected: { type: 'Bounce', bounceType: 'Permanent', recipients: [LEA], at: '2026-11-25T09:00:05.000Z' },
    },
    {
      note: 'a transient bounce quoting a display name',
      message: { notificationType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'Lea <Lea.Mueller@Example.net>' }] } },
      expected: { type: 'Bounce', bounceType: 'Transient', recipients: [LEA] },
    },
    { note: 'a complaint (identity notification)', message: complaint(), expected: { type: 'Complaint', recipients: [TOM], at: '2026-11-25T09:30:00.000Z' } },
    { note: 'a delivery', message: { eventType: 'Delivery', delivery: { recipients: [LEA] } }, expected: { type: 'Other', eventType: 'Delivery' } },
  ] satisfies { note: string; message: unknown; expected: SesNotification }[])('reads $note', ({ message, expected }) => {
    // Prepare: the message is the row

    // Act
    const parsed = SesEventMessage.parse(message);

    // Assess
    expect(parsed).toStrictEqual(expected);
  });
});

describe('recordSesEvent', () => {
  const deps = () => ({ suppressions: new SuppressionList('suppressions', async () => HASH_KEY, client), now: () => NOW });

  it('puts each address of a permanent bounce on the list with reason bounce, once each', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});
    const event = SesEventMessage.parse(permanentBounce([LEA, TOM, LEA.toUpperCase()]));

    // Act
    const result = await recordSesEvent(event, deps());

    // Assess
    expect(result).toStrictEqual({ suppressed: 2, reason: 'bounce' });
    expect(documents).toReceiveCommandTimes(PutCommand, 2);
    for (const email of [LEA, TOM]) {
      expect(documents).toReceiveCommandWith(PutCommand, {
        TableName: 'suppressions',
        Item: { subjectHash: subjectHash(HASH_KEY, email), reason: 'bounce', at: '2026-11-25T09:00:05.000Z' },
      });
    }
  });

  it('puts a complaining address on the list with reason complaint', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    const result = await recordSesEvent(SesEventMessage.parse(complaint()), deps());

    // Assess
    expect(result).toStrictEqual({ suppressed: 1, reason: 'complaint' });
    expect(documents).toReceiveCommandWith(PutCommand, {
      Item: { subjectHash: subjectHash(HASH_KEY, TOM), reason: 'complaint', at: '2026-11-25T09:30:00.000Z' },
    });
  });

  it.each([
    { note: 'a transient bounce', event: { type: 'Bounce', bounceType: 'Transient', recipients: [LEA] } },
    { note: 'an undetermined bounce', event: { type: 'Bounce', bounceType: 'Undetermined', recipients: [LEA] } },
    { note: 'a delivery', event: { type: 'Other', eventType: 'Delivery' } },
  ] satisfies { note: string; event: SesNotification }[])('suppresses nobody on $note', async ({ event }) => {
    // Prepare: nothing to prepare

    // Act
    const result = await recordSesEvent(event, deps());

    // Assess
    expect(result).toStrictEqual({ suppressed: 0 });
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });

  it('uses the time of receipt when the event carries none', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    await recordSesEvent({ type: 'Complaint', recipients: [TOM] }, deps());

    // Assess
    expect(documents).toReceiveCommandWith(PutCommand, { Item: expect.objectContaining({ at: NOW.toISOString() }) });
  });
});

describe('ses-event handler (SNS)', () => {
  const snsEvent = (...messages: string[]): SNSEvent => ({
    Records: messages.map((Message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-central-1:000000000000:ses-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `sns-${i + 1}`,
        TopicArn: 'arn:aws:sns:eu-central-1:000000000000:ses-events',
        Subject: '',
        Message,
        Timestamp: '2026-11-25T09:00:06.000Z',
        SignatureVersion: '1',
        Signature: 'sig',
        SigningCertUrl: 'https://sns.example/cert.pem',
        UnsubscribeUrl: 'https://sns.example/unsubscribe',
        MessageAttributes: {},
      },
    })),
  });

  it('suppresses the addresses of every record and logs ids and counts, never addresses', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    const { output } = await captureOutput(() => sesEvent(snsEvent(JSON.stringify(permanentBounce()), JSON.stringify(complaint())), lambdaContext()));

    // Assess
    expect(documents).toReceiveCommandWith(PutCommand, { Item: expect.objectContaining({ subjectHash: subjectHash(HASH_KEY, LEA), reason: 'bounce' }) });
    expect(documents).toReceiveCommandWith(PutCommand, { Item: expect.objectContaining({ subjectHash: subjectHash(HASH_KEY, TOM), reason: 'complaint' }) });
    expect(output).toContain('"snsMessageId":"sns-1"');
    expect(output).toContain('"reason":"complaint"');
    expect(output).not.toContain(LEA);
    expect(output).not.toContain(TOM);
  });

  it.each([
    { note: 'not JSON', message: `bounce for ${LEA}`, names: 'is not JSON' },
    {
      note: 'a bounce without recipients',
      message: JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [] } }),
      names: 'bounce.bouncedRecipients',
    },
    { note: 'a bad address', message: JSON.stringify(permanentBounce([`${LEA} extra`])), names: 'bounce.bouncedRecipients[0].emailAddress' },
  ])('fails on a message that is $note, naming the path but not the address', async ({ message, names }) => {
    // Prepare: the message is the row

    // Act
    const error = await sesEvent(snsEvent(message), lambdaContext()).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );

    // Assess
    expect(error?.message).toContain(names);
    expect(error?.message).not.toContain(LEA);
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });
});

describe('inject-ses-event handler', () => {
  const post = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    injectSesEvent(apiEvent({ path: '/v1/ses-events', resource: '/v1/ses-events', headers, body }), lambdaContext());

  it('suppresses a permanent bounce and answers what it did', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    const response = await post(JSON.stringify(permanentBounce()));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toStrictEqual({ suppressed: 1, reason: 'bounce' });
    expect(documents).toReceiveCommandWith(PutCommand, { Item: expect.objectContaining({ subjectHash: subjectHash(HASH_KEY, LEA), reason: 'bounce' }) });
  });

  it.each([
    { note: 'no event type', body: { bounce: permanentBounce().bounce }, path: 'eventType' },
    { note: 'an event type that is not a word', body: { eventType: 'Bounce; drop' }, path: 'eventType' },
    { note: 'a Bounce without its bounce', body: { eventType: 'Bounce' }, path: 'bounce' },
    { note: 'a Complaint without its complaint', body: { notificationType: 'Complaint' }, path: 'complaint' },
    { note: 'an unknown bounce type', body: { ...permanentBounce(), bounce: { ...permanentBounce().bounce, bounceType: 'Soft' } }, path: 'bounce.bounceType' },
    {
      note: 'no bounced recipients',
      body: { ...permanentBounce(), bounce: { ...permanentBounce().bounce, bouncedRecipients: [] } },
      path: 'bounce.bouncedRecipients',
    },
    { note: 'a bad address', body: permanentBounce(['not-an-address']), path: 'bounce.bouncedRecipients[0].emailAddress' },
    { note: 'a bad complaint time', body: { ...complaint(), complaint: { ...complaint().complaint, timestamp: 'yesterday' } }, path: 'complaint.timestamp' },
  ])('refuses $note with a 400 naming $path', async ({ body, path }) => {
    // Prepare: the body is the row

    // Act
    const response = await post(JSON.stringify(body));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain(path);
    expect(response.body).not.toContain('not-an-address');
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });

  it('refuses a body that is not JSON with 415, and broken JSON with 400', async () => {
    // Prepare
    const bounce = JSON.stringify(permanentBounce());

    // Act
    const wrongType = await post(bounce, { 'Content-Type': 'text/plain' });
    const broken = await post('{"eventType":', { 'Content-Type': 'application/json' });

    // Assess
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.headers?.['content-type']).toBe('application/problem+json');
    expect(broken.statusCode).toBe(400);
    expect(documents).toReceiveCommandTimes(PutCommand, 0);
  });
});
