// The unsubscribe footer every marketing mail sent through the API carries in its body, besides the
// RFC 8058 headers: a person reading the mail finds the way out without knowing about headers.
import type { Locale } from '../domain/request-model.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { html } from '../text/html.js';

const FOOTER: Record<Locale, { text: string; link: string; preferencesText: string; preferencesLink: string }> = {
  de: {
    text: 'Sie möchten diese E-Mails nicht mehr erhalten? Abmelden:',
    link: 'Von diesen E-Mails abmelden',
    preferencesText: 'Ihre E-Mail-Einstellungen und Einwilligungen verwalten:',
    preferencesLink: 'E-Mail-Einstellungen verwalten',
  },
  en: {
    text: 'Rather not receive these emails? Unsubscribe:',
    link: 'Unsubscribe from these emails',
    preferencesText: 'Manage your email preferences and consents:',
    preferencesLink: 'Manage my email preferences',
  },
};

/** The links a footer carries: the one-click unsubscribe link, and the same mail's preferences page when it has one. */
export interface FooterLinks {
  unsubscribeUrl: string;
  preferencesUrl?: string;
}

/**
 * The company's content with the unsubscribe link (and the preferences link beside it) added to its
 * end (in HTML, before `</body>` when there is one). Content without an HTML part gets one made from
 * its text, paragraph by paragraph.
 */
export function withUnsubscribeFooter(
  content: Pick<OutgoingMail, 'subject' | 'text'> & { html?: string },
  links: string | FooterLinks,
  locale: Locale,
): Pick<OutgoingMail, 'subject' | 'text' | 'html'> {
  const { unsubscribeUrl, preferencesUrl } = typeof links === 'string' ? { unsubscribeUrl: links, preferencesUrl: undefined } : links;
  const footer = FOOTER[locale];
  const preferencesText = preferencesUrl ? `${footer.preferencesText}\n${preferencesUrl}\n` : '';
  const text = `${content.text.trimEnd()}\n\n--\n${footer.text}\n${unsubscribeUrl}\n${preferencesText}`;
  const body = content.html ?? textAsHtml(content.text);
  const preferencesBlock = preferencesUrl ? html` · <a href="${preferencesUrl}">${footer.preferencesLink}</a>` : '';
  const block = html`<p style="font-size:12px;color:#555"><a href="${unsubscribeUrl}">${footer.link}</a>${preferencesBlock}</p>`.value;
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
