// Lays a notice out twice from one description, as plain text and as minimal inline-styled HTML.
import type { Locale } from '../domain/request-model.js';
import { escapeHtml } from '../text/html.js';
import { NoticeError } from './notice-error.js';

/** One piece of a notice's body; every string is plain text, escaped only when laid out as HTML. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; rows: ReadonlyArray<readonly [label: string, value: string]> }
  | { kind: 'list'; items: readonly string[]; ordered?: boolean }
  | { kind: 'action'; label: string; url: string };

/** What surrounds every notice of one locale: salutation, closing, footer. */
export interface Frame {
  locale: Locale;
  greeting: string;
  closing: readonly string[];
  footer: readonly string[];
  /** The controller's privacy notice, linked at the end of the footer. */
  privacyNotice: { label: string; url: string };
  /** Shown under a button, before its address, for mail clients that do not show buttons. */
  buttonFallback: string;
}

export interface Letter {
  subject: string;
  blocks: readonly Block[];
}

export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

const COLOR_TEXT = '#1a1a1a';
const COLOR_MUTED = '#555555';
const COLOR_ACCENT = '#1f4e79';

const STYLE = {
  body: `margin:0;padding:24px;background-color:#ffffff;color:${COLOR_TEXT};font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;`,
  container: 'max-width:600px;margin:0 auto;',
  paragraph: 'margin:0 0 16px 0;',
  table: 'border-collapse:collapse;margin:0 0 16px 0;',
  th: 'text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:bold;',
  td: 'text-align:left;vertical-align:top;padding:4px 0;',
  list: 'margin:0 0 16px 0;padding-left:24px;',
  item: 'margin:0 0 8px 0;',
  button: `display:inline-block;padding:12px 20px;background-color:${COLOR_ACCENT};color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;`,
  buttonRow: 'margin:24px 0 8px 0;',
  fallback: `margin:0 0 16px 0;font-size:14px;color:${COLOR_MUTED};`,
  fallbackLink: `color:${COLOR_ACCENT};word-break:break-all;`,
  rule: 'border:none;border-top:1px solid #dddddd;margin:24px 0;',
  footer: `margin:0 0 8px 0;font-size:13px;color:${COLOR_MUTED};`,
  footerLink: `color:${COLOR_ACCENT};`,
} as const;

/**
 * Throws unless `url` is an absolute http(s) URL. Escaping keeps a URL inside its attribute, but
 * only the scheme check keeps a `javascript:` link out of a mail.
 */
function assertLinkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new NoticeError('A notice link is not an absolute URL.', { cause: error });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new NoticeError(`A notice link must use http or https, not ${parsed.protocol}`);
  }
}

/** Escapes text and keeps its line breaks. */
function htmlText(value: string): string {
  return escapeHtml(value).replace(/\r?\n/g, '<br>');
}

function blockAsText(block: Block): string | undefined {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'list':
      if (block.items.length === 0) return undefined;
      return block.items.map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${item}`).join('\n');
    case 'action':
      return `${block.label}:\n${block.url}`;
  }
}

function blockAsHtml(block: Block, frame: Frame): string | undefined {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="${STYLE.paragraph}">${htmlText(block.text)}</p>`;
    case 'facts': {
      const rows = block.rows
        .map(([label, value]) => `<tr><th scope="row" style="${STYLE.th}">${htmlText(label)}</th><td style="${STYLE.td}">${htmlText(value)}</td></tr>`)
        .join('');
      return `<table role="presentation" style="${STYLE.table}">${rows}</table>`;
    }
    case 'list': {
      if (block.items.length === 0) return undefined;
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items.map((item) => `<li style="${STYLE.item}">${htmlText(item)}</li>`).join('');
      return `<${tag} style="${STYLE.list}">${items}</${tag}>`;
    }
    case 'action': {
      const href = escapeHtml(block.url);
      return (
        `<p style="${STYLE.buttonRow}"><a href="${href}" style="${STYLE.button}">${htmlText(block.label)}</a></p>` +
        `<p style="${STYLE.fallback}">${htmlText(frame.buttonFallback)}<br><a href="${href}" style="${STYLE.fallbackLink}">${href}</a></p>`
      );
    }
  }
}

/** Renders a letter inside its frame; throws NoticeError when a link is not an http(s) URL. */
export function layOut(letter: Letter, frame: Frame): RenderedNotice {
  for (const block of letter.blocks) if (block.kind === 'action') assertLinkUrl(block.url);
  const { privacyNotice } = frame;
  assertLinkUrl(privacyNotice.url);
  const subject = letter.subject.replace(/\s+/g, ' ').trim();

  const textParts = [frame.greeting, ...letter.blocks.map(blockAsText).filter((part): part is string => part !== undefined), frame.closing.join('\n')];
  const text = `${textParts.join('\n\n')}\n\n-- \n${frame.footer.join('\n')}\n${privacyNotice.label}: ${privacyNotice.url}\n`;

  const htmlParts = [
    `<p style="${STYLE.paragraph}">${htmlText(frame.greeting)}</p>`,
    ...letter.blocks.map((block) => blockAsHtml(block, frame)).filter((part): part is string => part !== undefined),
    `<p style="${STYLE.paragraph}">${htmlText(frame.closing.join('\n'))}</p>`,
    `<hr style="${STYLE.rule}">`,
    ...frame.footer.map((line) => `<p style="${STYLE.footer}">${htmlText(line)}</p>`),
    `<p style="${STYLE.footer}"><a href="${escapeHtml(privacyNotice.url)}" style="${STYLE.footerLink}">${htmlText(privacyNotice.label)}</a></p>`,
  ];
  const html =
    `<!DOCTYPE html>\n<html lang="${frame.locale}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(subject)}</title>\n</head>\n` +
    `<body style="${STYLE.body}">\n<div style="${STYLE.container}">\n${htmlParts.join('\n')}\n</div>\n</body>\n</html>\n`;

  return { subject, text, html };
}
