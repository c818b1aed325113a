// Sends one notice from the catalogue: render for the recipient's locale, then hand to the mailer.
import type { Locale } from '../domain/request-model.js';
import { renderNotice, type ControllerInfo, type Notice } from '../notices/catalogue.js';
import type { Mailer, OutgoingMail } from './mailer.js';

/**
 * Renders `notice` in `locale` (times in `extra.timeZone`, the request's) and mails it to `to`;
 * resolves with the message id. The mail is tagged with the notice kind so delivery events can be
 * counted per kind.
 */
export async function sendNotice(
  mailer: Mailer,
  to: string,
  notice: Notice,
  locale: Locale,
  controller: ControllerInfo,
  extra: Pick<OutgoingMail, 'headers' | 'tags'> & { timeZone?: string | undefined } = {},
): Promise<string> {
  const rendered = renderNotice(notice, locale, controller, extra.timeZone);
  const { messageId } = await mailer.send({
    to,
    ...rendered,
    ...(extra.headers ? { headers: extra.headers } : {}),
    tags: { notice: notice.kind, ...extra.tags },
  });
  return messageId;
}
