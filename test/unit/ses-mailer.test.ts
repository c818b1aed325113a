import { MessageRejected, SendEmailCommand, SESv2Client, TooManyRequestsException, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MailError, type OutgoingMail } from '../../shared/mail/mailer.js';
import { SesMailer } from '../../shared/mail/ses-mailer.js';

const RECIPIENT = 'lea.mueller@example.net';
const FROM = 'Example Software GmbH <privacy@example.com>';

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: RECIPIENT,
    subject: 'Bitte bestätigen Sie Ihre Anfrage: Löschung Ihrer Daten',
    text: 'Guten Tag,\n\nhttps://privacy.example.com/v1/verify/tok\n',
    html: '<!DOCTYPE html>\n<html lang="de"><body><p>Guten Tag,</p></body></html>\n',
    ...overrides,
  };
}

/** Runs `act` and returns the MailError it throws, or fails the test when it throws none. */
async function mailErrorOf(act: () => Promise<unknown>): Promise<MailError> {
  const error = await act().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(MailError);
  return error as MailError;
}

describe('SesMailer', () => {
  const ses = mockClient(SESv2Client);

  afterEach(() => {
    ses.reset();
    vi.restoreAllMocks();
  });

  it('sends simple UTF-8 content with headers, tags and the configuration set', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: '0100018e-ses-message-id' });
    const mailer = new SesMailer({ from: FROM, configurationSetName: 'privacy-ops-events', client: new SESv2Client({}) });
    const message = mail({
      headers: {
        'List-Unsubscribe': '<https://privacy.example.com/v1/unsubscribe/tok>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      tags: { notice: 'verify-request', request: '01JNQ8R2V4M7Y3W5X6Z8A9B0C1' },
    });

    // Act
    const result = await mailer.send(message);

    // Assess
    expect(result).toEqual({ messageId: '0100018e-ses-message-id' });
    expect(ses).toReceiveCommandExactlyOnceWith(SendEmailCommand, {
      FromEmailAddress: FROM,
      Destination: { ToAddresses: [RECIPIENT] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
          Headers: [
            { Name: 'List-Unsubscribe', Value: '<https://privacy.example.com/v1/unsubscribe/tok>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
      EmailTags: [
        { Name: 'notice', Value: 'verify-request' },
        { Name: 'request', Value: '01JNQ8R2V4M7Y3W5X6Z8A9B0C1' },
      ],
      ConfigurationSetName: 'privacy-ops-events',
    });
  });

  it('leaves out headers, tags and configuration set when there are none', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const mailer = new SesMailer({ from: FROM, client: new SESv2Client({}) });

    // Act
    await mailer.send(mail({ headers: {}, tags: {} }));

    // Assess
    const input: SendEmailCommandInput | undefined = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).toBeDefined();
    expect(Object.keys(input ?? {}).sort()).toEqual(['Content', 'Destination', 'FromEmailAddress']);
    expect(Object.keys(input?.Content?.Simple ?? {}).sort()).toEqual(['Body', 'Subject']);
  });

  it('creates one shared client with five attempts when given none', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    const first = new SesMailer({ from: FROM });
    const second = new SesMailer({ from: FROM });

    // Act
    const result = await first.send(mail());
    const client = Reflect.get(first, 'client') as SESv2Client;

    // Assess
    expect(result.messageId).toBe('m-2');
    expect(client).toBe(Reflect.get(second, 'client'));
    expect(await client.config.maxAttempts()).toBe(5);
  });

  it('turns a rejection into a MailError that neither names the recipient nor invites a retry', async () => {
    // Prepare
    const rejection = new MessageRejected({
      message: `Email address is not verified. The following identities failed the check: ${RECIPIENT}`,
      $metadata: { httpStatusCode: 400 },
    });
    ses.on(SendEmailCommand).rejects(rejection);
    const mailer = new SesMailer({ from: FROM, client: new SESv2Client({}) });

    // Act
    const error = await mailErrorOf(() => mailer.send(mail()));

    // Assess
    expect(error.name).toBe('MailError');
    expect(error.message).toBe('SES did not send the message: MessageRejected.');
    expect(error.message).not.toContain(RECIPIENT);
    expect(error.stack ?? '').not.toContain(RECIPIENT);
    expect(error.code).toBe('MessageRejected');
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe(rejection);
  });

  it('marks throttling as retryable', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'Too many requests', $metadata: {} }));
    const mailer = new SesMailer({ from: FROM, client: new SESv2Client({}) });

    // Act
    const error = await mailErrorOf(() => mailer.send(mail()));

    // Assess
    expect(error.code).toBe('TooManyRequestsException');
    expect(error.retryable).toBe(true);
  });

  it('translates a network failure without the recipient and marks it retryable', async () => {
    // Prepare
    const failure = new Error(`connect ECONNREFUSED while sending to ${RECIPIENT}`);
    ses.on(SendEmailCommand).rejects(failure);
    const mailer = new SesMailer({ from: FROM, client: new SESv2Client({}) });

    // Act
    const error = await mailErrorOf(() => mailer.send(mail()));

    // Assess
    expect(error.message).toBe('Sending the message through SES failed: Error.');
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(failure);
  });

  it('refuses a reply without a message id rather than report a send it cannot trace', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({});
    const mailer = new SesMailer({ from: FROM, client: new SESv2Client({}) });

    // Act
    const error = await mailErrorOf(() => mailer.send(mail()));

    // Assess
    expect(error.code).toBe('NoMessageId');
    expect(error.retryable).toBe(false);
  });

  it.each([
    ['a line break in a value', { 'X-Note': 'a\r\nBcc: someone@example.org' }],
    ['a colon in a name', { 'X-Bad:Name': 'v' }],
    ['a non-ASCII value', { 'X-Note': 'Grüße' }],
  ])('refuses a header with %s before calling SES', async (_label, headers) => {
    // Prepare
    const mailer = new SesMailer({ from: FROM, client: new SESv2Client({}) });

    // Act
    const error = await mailErrorOf(() => mailer.send(mail({ headers })));

    // Assess
    expect(error.code).toBe('InvalidHeader');
    expect(error.message).not.toContain('someone@example.org');
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('refuses a tag SES would reject, without quoting it', async () => {
    // Prepare
    const mailer = new SesMailer({ from: FROM, client: new SESv2Client({}) });

    // Act
    const error = await mailErrorOf(() => mailer.send(mail({ tags: { subject: RECIPIENT } })));

    // Assess
    expect(error.code).toBe('InvalidTag');
    expect(error.message).not.toContain(RECIPIENT);
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 0);
  });

  it('writes nothing about the recipient to stdout or stderr, on success or failure', async () => {
    // Prepare
    const written: string[] = [];
    const capture = (chunk: unknown): boolean => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    ses
      .on(SendEmailCommand)
      .resolvesOnce({ MessageId: 'm-3' })
      .rejectsOnce(new MessageRejected({ message: `Rejected: ${RECIPIENT}`, $metadata: {} }));
    const mailer = new SesMailer({ from: FROM, client: new SESv2Client({}) });

    // Act
    await mailer.send(mail());
    await mailErrorOf(() => mailer.send(mail()));

    // Assess
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 2);
    expect(written.join('')).not.toContain(RECIPIENT);
  });
});
