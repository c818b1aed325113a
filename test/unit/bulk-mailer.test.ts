import { SendBulkEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { DAILY_QUOTA_EXCEEDED, SesBulkMailer } from '../../shared/mail/bulk-mailer.js';
import { MailError } from '../../shared/mail/mailer.js';

const ses = mockClient(SESv2Client);

afterEach(() => {
  ses.reset();
});

describe('SesBulkMailer', () => {
  const content = { subject: 'Subject', text: 'Text', html: '<p>Html</p>' };
  const mailer = () =>
    new SesBulkMailer({ from: 'privacy@example.com', configurationSetName: 'privacy-ops-events', client: new SESv2Client({ region: 'eu-central-1' }) });

  it('sends inline template content to one destination per entry, with tags and the configuration set', async () => {
    // Prepare
    ses
      .on(SendBulkEmailCommand)
      .resolves({ BulkEmailEntryResults: [{ Status: 'SUCCESS', MessageId: 'm-1' }, { Status: 'FAILED', Error: 'x' }, { Status: 'TRANSIENT_FAILURE' }] });

    // Act
    const outcomes = await mailer().sendBulk({
      content,
      destinations: ['a@example.com', 'b@example.com', 'c@example.com'],
      tags: { notice: 'policy-changed' },
    });

    // Assess
    expect(outcomes).toEqual([
      { status: 'sent', messageId: 'm-1' },
      { status: 'failed', code: 'FAILED' },
      { status: 'retry', code: 'TRANSIENT_FAILURE' },
    ]);
    expect(ses).toReceiveCommandWith(SendBulkEmailCommand, {
      FromEmailAddress: 'privacy@example.com',
      ConfigurationSetName: 'privacy-ops-events',
      DefaultContent: { Template: { TemplateContent: { Subject: 'Subject', Text: 'Text', Html: '<p>Html</p>' }, TemplateData: '{}' } },
      BulkEmailEntries: [
        { Destination: { ToAddresses: ['a@example.com'] } },
        { Destination: { ToAddresses: ['b@example.com'] } },
        { Destination: { ToAddresses: ['c@example.com'] } },
      ],
      DefaultEmailTags: [{ Name: 'notice', Value: 'policy-changed' }],
    });
  });

  it('refuses more than 50 destinations and content with template markers, before calling SES', async () => {
    // Prepare
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@example.com`);

    // Act
    const tooMany = mailer().sendBulk({ content, destinations: many });
    const marked = mailer().sendBulk({ content: { ...content, text: 'Hello {{name}}' }, destinations: ['a@example.com'] });

    // Assess
    await expect(tooMany).rejects.toMatchObject({ name: 'MailError', code: 'TooManyDestinations' });
    await expect(marked).rejects.toMatchObject({ name: 'MailError', code: 'InvalidContent' });
    expect(ses).not.toHaveReceivedCommand(SendBulkEmailCommand);
  });

  it('turns a failed call into a MailError that does not quote the provider', async () => {
    // Prepare
    ses.on(SendBulkEmailCommand).rejects(new TooManyRequestsException({ message: 'Throttled for a@example.com', $metadata: {} }));

    // Act
    const error = (await mailer()
      .sendBulk({ content, destinations: ['a@example.com'] })
      .catch((thrown: unknown) => thrown)) as MailError;

    // Assess
    expect(error).toBeInstanceOf(MailError);
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain('@');
  });

  it('names a whole call refused for the 24-hour quota as such, and a rate refusal by its own name', async () => {
    // Prepare
    ses
      .on(SendBulkEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Daily message quota exceeded.', $metadata: {} }))
      .rejectsOnce(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} }));

    // Act
    const daily = (await mailer()
      .sendBulk({ content, destinations: ['a@example.com'] })
      .catch((thrown: unknown) => thrown)) as MailError;
    const rate = (await mailer()
      .sendBulk({ content, destinations: ['a@example.com'] })
      .catch((thrown: unknown) => thrown)) as MailError;

    // Assess
    expect(daily).toMatchObject({ name: 'MailError', code: DAILY_QUOTA_EXCEEDED, retryable: true });
    expect(rate).toMatchObject({ name: 'MailError', code: 'TooManyRequestsException', retryable: true });
  });
});
