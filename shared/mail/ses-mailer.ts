// The mailer adapter on Amazon SES (API v2): one SendEmail call per message, simple content.
import { traced } from '../tracer.js';
import { SendEmailCommand, SESv2Client, SESv2ServiceException, type MessageHeader, type MessageTag, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { MailError, type Mailer, type OutgoingMail } from './mailer.js';

export interface SesMailerOptions {
  /** The verified sender address (or `Name <address>`). */
  from: string;
  /** Where replies go; the sender when absent. */
  replyTo?: string;
  /** Configuration set whose event destination receives bounces and complaints. */
  configurationSetName?: string;
  client?: SESv2Client;
}

let moduleClient: SESv2Client | undefined;

/** One client per module, shared by every SesMailer that was not given its own. */
function defaultClient(): SESv2Client {
  moduleClient ??= traced(new SESv2Client({ maxAttempts: 5 }));
  return moduleClient;
}

const CHARSET = 'UTF-8';

// SES limits (MessageHeader and MessageTag in the SESv2 API reference).
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]{1,126}$/;
const HEADER_VALUE = /^[\x20-\x7e]{0,995}$/;
const MAX_HEADER_LENGTH = 996;
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;

/** Failures that may pass if the same message is sent again later. */
const RETRYABLE_ERRORS = new Set(['TooManyRequestsException', 'ThrottlingException', 'InternalServiceErrorException']);

function messageHeaders(headers: Record<string, string>): MessageHeader[] {
  return Object.entries(headers).map(([name, value]) => {
    // The name is checked before it may appear in a message; values (unsubscribe links) never do.
    if (!HEADER_NAME.test(name)) throw new MailError('A custom header has a name SES does not accept.', { code: 'InvalidHeader' });
    if (!HEADER_VALUE.test(value) || name.length + value.length > MAX_HEADER_LENGTH) {
      throw new MailError(`The value of header ${name} is not printable ASCII within SES limits.`, { code: 'InvalidHeader' });
    }
    return { Name: name, Value: value };
  });
}

export function messageTags(tags: Record<string, string>): MessageTag[] {
  return Object.entries(tags).map(([name, value]) => {
    if (!TAG_PART.test(name) || !TAG_PART.test(value)) {
      throw new MailError('An email tag may hold only letters, digits, underscores and dashes.', { code: 'InvalidTag' });
    }
    return { Name: name, Value: value };
  });
}

/** An SDK failure as a MailError whose message names the failure but never the recipient. */
export function translateSendError(error: unknown): MailError {
  if (error instanceof SESv2ServiceException) {
    const retryable = error.$fault === 'server' || error.$retryable !== undefined || RETRYABLE_ERRORS.has(error.name);
    return new MailError(`SES did not send the message: ${error.name}.`, { cause: error, retryable, code: error.name });
  }
  // Network failures and timeouts: the message may not have reached SES.
  const name = error instanceof Error ? error.name : 'UnknownError';
  return new MailError(`Sending the message through SES failed: ${name}.`, { cause: error, retryable: true, code: name });
}

/** Sends mail through SES v2 `SendEmail`; custom headers and tags travel as SES headers and email tags. */
export class SesMailer implements Mailer {
  private readonly client: SESv2Client;
  private readonly from: string;
  private readonly replyTo: string | undefined;
  private readonly configurationSetName: string | undefined;

  constructor(options: SesMailerOptions) {
    this.client = options.client ?? defaultClient();
    this.from = options.from;
    this.replyTo = options.replyTo;
    this.configurationSetName = options.configurationSetName;
  }

  async send(message: OutgoingMail): Promise<{ messageId: string }> {
    const input = this.commandInput(message);
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(new SendEmailCommand(input)));
    } catch (error) {
      throw translateSendError(error);
    }
    if (!messageId) throw new MailError('SES accepted the message but returned no message id.', { code: 'NoMessageId' });
    return { messageId };
  }

  private commandInput(message: OutgoingMail): SendEmailCommandInput {
    const headers = message.headers ? messageHeaders(message.headers) : [];
    const tags = message.tags ? messageTags(message.tags) : [];
    return {
      FromEmailAddress: this.from,
      ...(this.replyTo ? { ReplyToAddresses: [this.replyTo] } : {}),
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: CHARSET },
          Body: {
            Text: { Data: message.text, Charset: CHARSET },
            Html: { Data: message.html, Charset: CHARSET },
          },
          ...(headers.length > 0 ? { Headers: headers } : {}),
        },
      },
      ...(tags.length > 0 ? { EmailTags: tags } : {}),
      ...(this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {}),
    };
  }
}
