// POST /v1/inbound-emails: an operator hands in a mail that came another way (message/rfc822).
import { BadRequestProblem, UnsupportedMediaTypeProblem } from '../../shared/http/problem.js';
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { NOT_CHECKED } from '../../shared/intake/inbox-store.js';
import { handInMail, inboxView } from '../../shared/intake/triage.js';
import { rawMailStore, receiveMailDeps } from '../wiring/intake.js';

/** What one call may carry: Lambda takes 6 MB, and the body comes base64-encoded. Larger mail reaches the privacy address over SMTP. */
export const MAX_MAIL_BODY_BYTES = 4 * 1024 * 1024;

export const handler = httpHandler({ maxBodyBytes: MAX_MAIL_BODY_BYTES }, async ({ event }) => {
  if (!/^message\/rfc822\b/i.test(event.headers['content-type'] ?? '')) {
    throw new UnsupportedMediaTypeProblem('The request body must be one email (Content-Type: message/rfc822).');
  }
  const raw = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (raw.byteLength === 0) throw new BadRequestProblem('The request body must be one email; it is empty.', [{ path: 'body', message: 'is empty' }]);
  const { mail, duplicate } = await handInMail(raw, NOT_CHECKED, { raw: rawMailStore(), receive: receiveMailDeps() });
  return jsonResult(duplicate ? 200 : 202, inboxView(mail));
});
