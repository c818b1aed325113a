// The unsubscribe footer every marketing mail sent through the API carries in its body, besides the
// RFC 8058 headers: a person reading the mail finds the way out without knowing about headers.
import type { Locale } from '../domain/request-model.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { html } from '../text/html.js';

const FOOTER: Record<Locale, { text: string; link: string }> = {
  de: { text: 'Sie möchten diese E-Mails nicht mehr erhalten? Abmelden:', link: 'Von diesen E-Mails abmelden' },
  en: { text: 'Rather not receive these emails? Unsubscribe:', link: 'Unsubscribe from these emails' },
};

/**
 * The company's content with the unsubscribe link added to its end (in HTML, before `</body>` when
 * there is one). Content without an HTML part gets one made from its text, paragraph by paragraph.
 */
export function withUnsubscribeFooter(
  content: Pick<OutgoingMail, 'subject' | 'text'> & { html?: string },
  unsubscribeUrl: string,
  locale: Locale,
): Pick<OutgoingMail, 'subject' | 'text' | 'html'> {
  const footer = FOOTER[locale];
  const text = `${content.text.trimEnd()}\n\n--\n${footer.text}\n${unsubscribeUrl}\n`;
  const body = content.html ?? textAsHtml(content.text);
  const block = html`<p style="font-size:12px;color:#555"><a href="${unsubscribeUrl}">${footer.link}</a></p>`.value;
  const end = body.search(/<\/body\s*>/i);
  const withFooter = end === -1 ? `${body}\n${block}` : `${body.slice(0, end)}${block}\n${body.slice(end)}`;
  return { subject: content.subject, text, html: withFooter };
}

function textAsHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => html`<p>${paragraph.split('\n').map((line, i) => [i > 0 ? html`<br>` : '', line])}</p>`.value)
    .join('\n');
}
