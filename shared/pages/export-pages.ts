// The pages behind an export download link that cannot send the subject to the download.
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Locale } from '../domain/request-model.js';
import { html } from '../text/html.js';
import { renderDocument, subjectPageResponse, type PageController } from './layout.js';
import { renderSubjectPage } from './subject-pages.js';
import { SUBJECT_TEXTS } from './subject-texts.js';

/**
 * `invalid` stands for malformed and unknown tokens alike; `expired` for a link past its time;
 * `gone` for a link whose copy was deleted (an erasure); `used-up` for a link whose downloads are all taken.
 */
export type ExportLinkPageKind = 'invalid' | 'expired' | 'gone' | 'used-up';

/** The download button's field: its value arrives in the POST body, so the body is never empty. */
export const DOWNLOAD_FIELD = { name: 'download', value: 'yes' } as const;

interface NoticeText {
  title: string;
  heading: string;
  paragraphs: readonly string[];
}

const TEXTS: Record<Locale, Record<ExportLinkPageKind, NoticeText>> = {
  en: {
    invalid: {
      title: 'Link not valid',
      heading: 'This download link is not valid',
      paragraphs: [
        'The link may be incomplete. Please check that you opened the complete link from the email in which we told you that your data is ready.',
        'If it still does not work, reply to that email and we will send you a new link.',
      ],
    },
    expired: {
      title: 'Link expired',
      heading: 'This download link has expired',
      paragraphs: [
        'For your security, download links only work for a limited time.',
        'If you still need your data, reply to our email or file a new request for access to your data.',
      ],
    },
    'used-up': {
      title: 'Link used up',
      heading: 'This download link has been used up',
      paragraphs: [
        'For your security, each download link gives only a limited number of downloads, and this one has given them all.',
        'If you still need your data, reply to our email or file a new request for access to your data.',
      ],
    },
    gone: {
      title: 'Copy deleted',
      heading: 'This copy of your data no longer exists',
      paragraphs: [
        'We have deleted the copy of your data behind this link, for example because you asked us to erase your data.',
        'If you still need a copy of what we hold about you, file a new request for access to your data.',
      ],
    },
  },
  de: {
    invalid: {
      title: 'Link ungültig',
      heading: 'Dieser Download-Link ist nicht gültig',
      paragraphs: [
        'Der Link ist möglicherweise unvollständig. Bitte prüfen Sie, ob Sie den vollständigen Link aus der E-Mail geöffnet haben, mit der wir Ihnen mitgeteilt haben, dass Ihre Daten bereitstehen.',
        'Funktioniert er weiterhin nicht, antworten Sie auf diese E-Mail; wir schicken Ihnen dann einen neuen Link.',
      ],
    },
    expired: {
      title: 'Link abgelaufen',
      heading: 'Dieser Download-Link ist abgelaufen',
      paragraphs: [
        'Zu Ihrer Sicherheit sind Download-Links nur begrenzte Zeit gültig.',
        'Wenn Sie Ihre Daten noch benötigen, antworten Sie auf unsere E-Mail oder stellen Sie eine neue Anfrage auf Auskunft über Ihre Daten.',
      ],
    },
    'used-up': {
      title: 'Link aufgebraucht',
      heading: 'Dieser Download-Link ist aufgebraucht',
      paragraphs: [
        'Zu Ihrer Sicherheit erlaubt jeder Download-Link nur eine begrenzte Zahl von Downloads, und dieser hat sie alle gegeben.',
        'Wenn Sie Ihre Daten noch benötigen, antworten Sie auf unsere E-Mail oder stellen Sie eine neue Anfrage auf Auskunft über Ihre Daten.',
      ],
    },
    gone: {
      title: 'Kopie gelöscht',
      heading: 'Diese Kopie Ihrer Daten gibt es nicht mehr',
      paragraphs: [
        'Wir haben die Kopie Ihrer Daten hinter diesem Link gelöscht, zum Beispiel weil Sie uns gebeten haben, Ihre Daten zu löschen.',
        'Wenn Sie weiterhin wissen möchten, welche Daten wir über Sie haben, stellen Sie eine neue Anfrage auf Auskunft über Ihre Daten.',
      ],
    },
  },
};

/** The page for an export link that leads nowhere, as a complete HTML document in `locale`. */
export function exportLinkPage(kind: ExportLinkPageKind, locale: Locale, controller: PageController): string {
  const text = TEXTS[locale][kind];
  const { siteName } = SUBJECT_TEXTS[locale];
  return renderDocument({
    locale,
    title: `${text.title} – ${siteName}`,
    eyebrow: siteName,
    tone: 'stop',
    content: html`<h1>${text.heading}</h1>
${text.paragraphs.map(
  (paragraph) => html`<p>${paragraph}</p>
`,
)}`,
    controller,
  });
}

const DOWNLOAD_TEXTS: Record<Locale, { title: string; heading: string; intro: string; usesLeft: (n: number) => string; button: string }> = {
  en: {
    title: 'Download your data',
    heading: 'Your data is ready to download',
    intro: 'The copy of your data is a ZIP file with machine-readable JSON and CSV files and a description of its contents.',
    usesLeft: (n) => (n === 1 ? 'This link gives one more download.' : `This link gives ${n} more downloads; each click on the button below takes one.`),
    button: 'Download the ZIP file',
  },
  de: {
    title: 'Daten herunterladen',
    heading: 'Ihre Daten stehen zum Herunterladen bereit',
    intro: 'Die Kopie Ihrer Daten ist eine ZIP-Datei mit maschinenlesbaren JSON- und CSV-Dateien und einer Beschreibung des Inhalts.',
    usesLeft: (n) =>
      n === 1 ? 'Dieser Link erlaubt noch einen Download.' : `Dieser Link erlaubt noch ${n} Downloads; jeder Klick auf die Schaltfläche unten zählt als einer.`,
    button: 'ZIP-Datei herunterladen',
  },
};

/** The page behind a valid export link: what the download is, how many are left, and the button that takes one. Its form posts back to the page URL. */
export function exportDownloadPage(usesLeft: number, locale: Locale, controller: PageController): string {
  const text = DOWNLOAD_TEXTS[locale];
  const { siteName } = SUBJECT_TEXTS[locale];
  return renderDocument({
    locale,
    title: `${text.title} – ${siteName}`,
    eyebrow: siteName,
    tone: 'ok',
    content: html`<h1>${text.heading}</h1>
<p>${text.intro}</p>
<p>${text.usesLeft(usesLeft)}</p>
<form method="post">
<button type="submit" name="${DOWNLOAD_FIELD.name}" value="${DOWNLOAD_FIELD.value}">${text.button}</button>
</form>
`,
    controller,
  });
}

/** The page for a refusal before any link is known (404 and other 4xx), too many requests (429) or a failure on our side (5xx). */
export function exportErrorPage(status: number, locale: Locale, controller: PageController): APIGatewayProxyResult {
  if (status === 429) return subjectPageResponse(status, renderSubjectPage({ kind: 'rate-limited' }, locale, controller));
  if (status >= 500) return subjectPageResponse(status, renderSubjectPage({ kind: 'unavailable' }, locale, controller));
  return subjectPageResponse(status, exportLinkPage('invalid', locale, controller));
}
