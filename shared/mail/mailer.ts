// The mailer port: how the domain hands one finished email to whatever delivers it.

/** One rendered email to one recipient. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra message headers, e.g. List-Unsubscribe; printable ASCII only. */
  headers?: Record<string, string>;
  /** Labels that come back on delivery, bounce and complaint events (ids and kinds, never people). */
  tags?: Record<string, string>;
}

export interface Mailer {
  /** Sends `message`; resolves with the provider's message id, or throws MailError. */
  send(message: OutgoingMail): Promise<{ messageId: string }>;
}

export interface MailErrorOptions extends ErrorOptions {
  /** Whether sending the same message again later may succeed (throttling, an outage). */
  retryable?: boolean;
  /** The provider's name for the failure, e.g. `MessageRejected`. */
  code?: string;
}

/**
 * Base of every error a mailer throws. Its message names the failure, never the recipient; the
 * provider's own error, which may quote the address, travels only as `cause`.
 */
export class MailError extends Error {
  override name = 'MailError';
  readonly retryable: boolean;
  readonly code: string | undefined;

  constructor(message: string, options: MailErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
    this.code = options.code;
  }
}
