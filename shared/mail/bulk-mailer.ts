// The bulk mailer port and its SES adapter: one message, the same for every destination, to up to
// 50 destinations per call (SES v2 SendBulkEmail with inline template content).
import { traced } from '../tracer.js';
import { SendBulkEmailCommand, SESv2Client, type BulkEmailEntryResult, type SendBulkEmailCommandInput } from '@aws-sdk/client-sesv2';
import { MailError } from './mailer.js';
import { messageTags, translateSendError } from './ses-mailer.js';

/** What every destination of one bulk call receives. */
export interface BulkContent {
  subject: string;
  text: string;
  html: string;
}

export interface BulkSend {
  content: BulkContent;
  /** One address per destination; at most `maxDestinations`. */
  destinations: readonly string[];
  /** Labels that come back on delivery, bounce and complaint events (ids and kinds, never people). */
  tags?: Record<string, string>;
}

/**
 * What became of one destination: handed over; refused for good; or refused for now (throttling,
 * a paused account), so the same destination may be tried again later.
 */
export type BulkOutcome = { status: 'sent'; messageId: string } | { status: 'failed'; code: string } | { status: 'retry'; code: string };

export interface BulkMailer {
  /** The most destinations one call takes. */
  readonly maxDestinations: number;
  /**
   * Sends `send.content` to each destination; resolves with one outcome per destination, in order.
   * Throws MailError when the call as a whole fails, in which case nothing may be assumed sent.
   */
  sendBulk(send: BulkSend): Promise<BulkOutcome[]>;
}

/** SES's limit on destinations per SendBulkEmail call. */
export const SES_MAX_BULK_DESTINATIONS = 50;

/**
 * The code of a refusal for the account's 24-hour sending quota, whether SES gives it as a
 * destination's status or refuses the whole call ("Daily message quota exceeded"): retrying within
 * minutes does not help, only the quota's window moving on does.
 */
export const DAILY_QUOTA_EXCEEDED = 'ACCOUNT_DAILY_QUOTA_EXCEEDED';

/** Per-destination statuses that may pass if the destination is tried again later. */
const RETRYABLE_STATUSES = new Set([
  'ACCOUNT_THROTTLED',
  'TRANSIENT_FAILURE',
  'ACCOUNT_DAILY_QUOTA_EXCEEDED',
  'ACCOUNT_SENDING_PAUSED',
  'CONFIGURATION_SET_SENDING_PAUSED',
]);

/** Handlebars markers: the content is sent as a template, so literal markers would be taken as variables. */
const TEMPLATE_MARKER = /\{\{|\}\}/;

let moduleClient: SESv2Client | undefined;

function defaultClient(): SESv2Client {
  moduleClient ??= traced(new SESv2Client({ maxAttempts: 5 }));
  return moduleClient;
}

export interface SesBulkMailerOptions {
  /** The verified sender address (or `Name <address>`). */
  from: string;
  /** Where replies go; the sender when absent. */
  replyTo?: string;
  /** Configuration set whose event destination receives bounces and complaints. */
  configurationSetName?: string;
  client?: SESv2Client;
}

function outcomeOf(result: BulkEmailEntryResult | undefined): BulkOutcome {
  if (result?.Status === 'SUCCESS' && result.MessageId) return { status: 'sent', messageId: result.MessageId };
  const code = result?.Status ?? 'NoResult';
  return RETRYABLE_STATUSES.has(code) ? { status: 'retry', code } : { status: 'failed', code };
}

/**
 * Sends through SES v2 `SendBulkEmail`. The content goes inline as the default template with no
 * variables, so SES renders it as it is; per-destination data is not needed for a notice that
 * reads the same for everyone of one language.
 */
export class SesBulkMailer implements BulkMailer {
  readonly maxDestinations = SES_MAX_BULK_DESTINATIONS;
  private readonly client: SESv2Client;

  constructor(private readonly options: SesBulkMailerOptions) {
    this.client = options.client ?? defaultClient();
  }

  async sendBulk(send: BulkSend): Promise<BulkOutcome[]> {
    if (send.destinations.length === 0) return [];
    if (send.destinations.length > this.maxDestinations) {
      throw new MailError(`A bulk call takes at most ${this.maxDestinations} destinations.`, { code: 'TooManyDestinations' });
    }
    const { subject, text, html } = send.content;
    if (TEMPLATE_MARKER.test(subject) || TEMPLATE_MARKER.test(text) || TEMPLATE_MARKER.test(html)) {
      throw new MailError('Bulk content must not contain template markers ({{ or }}).', { code: 'InvalidContent' });
    }
    const tags = send.tags ? messageTags(send.tags) : [];
    const input: SendBulkEmailCommandInput = {
      FromEmailAddress: this.options.from,
      ...(this.options.replyTo ? { ReplyToAddresses: [this.options.replyTo] } : {}),
      DefaultContent: { Template: { TemplateContent: { Subject: subject, Text: text, Html: html }, TemplateData: '{}' } },
      BulkEmailEntries: send.destinations.map((to) => ({ Destination: { ToAddresses: [to] } })),
      ...(tags.length > 0 ? { DefaultEmailTags: tags } : {}),
      ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
    };
    let results: BulkEmailEntryResult[] | undefined;
    try {
      ({ BulkEmailEntryResults: results } = await this.client.send(new SendBulkEmailCommand(input)));
    } catch (error) {
      if (error instanceof Error && /daily message quota exceeded/i.test(error.message)) {
        throw new MailError('SES refused the call: the 24-hour sending quota is used up.', { cause: error, retryable: true, code: DAILY_QUOTA_EXCEEDED });
      }
      throw translateSendError(error);
    }
    return send.destinations.map((_, index) => outcomeOf(results?.[index]));
  }
}
