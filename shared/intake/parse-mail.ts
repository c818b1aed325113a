// Email intake, first step: a raw message (RFC 5322 / MIME) becomes the few facts the rules read.
import PostalMime, { type Address, type Attachment, type Email } from 'postal-mime';
import { MAX_PERMISSION_BYTES, PERMISSION_CONTENT_TYPES, type PermissionContentType } from '../requests/permission-documents.js';

/** SES receives messages up to 40 MB; nothing larger is parsed. */
export const MAX_MAIL_BYTES = 40 * 1024 * 1024;

/** An attachment as the rules see it: what it is, and whether it can stand as an agent's written authorization. */
export interface MailAttachment {
  filename: string | undefined;
  contentType: string;
  bytes: number;
  /** Set when the attachment may be kept as a permission document (PDF, PNG or JPEG, at most 2 MB, no virus verdict against it). */
  permission?: { contentType: PermissionContentType; content: Buffer };
  /** Why it cannot be a permission document, when it cannot. */
  refused?: 'type' | 'size' | 'virus';
}

/** What a mail says once parsed: the headers the rules need and the sender's own words. */
export interface ParsedMail {
  /** Size of the raw message. */
  bytes: number;
  /** Whether the MIME structure could not be read; such a mail keeps only its raw form and goes to triage. */
  malformed: boolean;
  /** Whether the message is larger than SES accepts and was not parsed. */
  tooLarge: boolean;
  /** `Message-ID`, without angle brackets. */
  messageId: string | undefined;
  /** The Message-IDs this mail answers (`In-Reply-To` then `References`), without angle brackets, newest first. */
  replyTo: string[];
  from: { address: string; name: string } | undefined;
  /** `Reply-To`, when it names another address than From. */
  replyAddress: string | undefined;
  to: string[];
  subject: string;
  /** The header values the no-answer rules read, by lower-case name. */
  headers: Record<
    'auto-submitted' | 'precedence' | 'list-id' | 'list-unsubscribe' | 'content-type' | 'x-autoreply' | 'x-auto-response-suppress',
    string | undefined
  >;
  /** The sender's own words: text (or the HTML's text), with quoted replies and signatures cut off. */
  text: string;
  /** Text of a forwarded message inside this one, and who it was from. */
  forwarded?: { from: string | undefined; text: string };
  attachments: MailAttachment[];
}

export interface ParseOptions {
  /** Whether a virus scan found something (SES's verdict other than PASS): then no attachment is kept. */
  virusFound?: boolean;
}

const NO_HEADERS: ParsedMail['headers'] = {
  'auto-submitted': undefined,
  precedence: undefined,
  'list-id': undefined,
  'list-unsubscribe': undefined,
  'content-type': undefined,
  'x-autoreply': undefined,
  'x-auto-response-suppress': undefined,
};

/**
 * Parses a raw message. Never throws on what a sender wrote: a message the MIME parser cannot read
 * comes back `malformed`, one over 40 MB `tooLarge`, both with empty text.
 */
export async function parseMail(raw: Uint8Array, options: ParseOptions = {}): Promise<ParsedMail> {
  const empty: ParsedMail = {
    bytes: raw.byteLength,
    malformed: false,
    tooLarge: false,
    messageId: undefined,
    replyTo: [],
    from: undefined,
    replyAddress: undefined,
    to: [],
    subject: '',
    headers: { ...NO_HEADERS },
    text: '',
    attachments: [],
  };
  if (raw.byteLength > MAX_MAIL_BYTES) return { ...empty, tooLarge: true };
  let email: Email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 32, forceRfc822Attachments: false });
  } catch {
    return { ...empty, malformed: true };
  }
  const header = (key: string): string | undefined => email.headers.find((h) => h.key === key)?.value.trim();
  const from = firstMailbox(email.from);
  const replyAddress = firstMailbox(email.replyTo?.[0]);
  const body = email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : '';
  const { own, forwarded } = splitForwarded(body);
  const malformed = !from && email.headers.length === 0;
  return {
    bytes: raw.byteLength,
    malformed,
    tooLarge: false,
    messageId: bareId(email.messageId),
    replyTo: [...messageIds(email.inReplyTo), ...messageIds(email.references).reverse()].filter((id, i, all) => all.indexOf(id) === i),
    from,
    replyAddress: replyAddress && from && replyAddress.address !== from.address ? replyAddress.address : undefined,
    to: (email.to ?? []).flatMap((a) => (a.address ? [a.address.toLowerCase()] : (a.group?.map((m) => m.address.toLowerCase()) ?? []))),
    subject: (email.subject ?? '').trim(),
    headers: {
      'auto-submitted': header('auto-submitted'),
      precedence: header('precedence'),
      'list-id': header('list-id'),
      'list-unsubscribe': header('list-unsubscribe'),
      'content-type': header('content-type'),
      'x-autoreply': header('x-autoreply') ?? header('x-autorespond'),
      'x-auto-response-suppress': header('x-auto-response-suppress'),
    },
    text: stripQuotes(own),
    ...(forwarded ? { forwarded: { from: forwarded.from, text: stripQuotes(forwarded.text) } } : {}),
    attachments: email.attachments.filter((a) => a.disposition !== 'inline' || !a.related).map((a) => attachment(a, options)),
  };
}

function firstMailbox(address: Address | undefined): { address: string; name: string } | undefined {
  const mailbox = address?.group ? address.group[0] : address;
  if (!mailbox?.address?.includes('@')) return undefined;
  return { address: mailbox.address.trim().toLowerCase(), name: mailbox.name ?? '' };
}

const bareId = (id: string | undefined): string | undefined => id?.trim().replace(/^<|>$/g, '') || undefined;

function messageIds(value: string | undefined): string[] {
  return [...(value ?? '').matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
}

function attachment(part: Attachment, options: ParseOptions): MailAttachment {
  const content = typeof part.content === 'string' ? Buffer.from(part.content, 'base64') : Buffer.from(part.content as ArrayBuffer);
  const contentType = part.mimeType.toLowerCase();
  const base = { filename: part.filename ?? undefined, contentType, bytes: content.byteLength };
  if (!(PERMISSION_CONTENT_TYPES as readonly string[]).includes(contentType)) return { ...base, refused: 'type' };
  if (content.byteLength > MAX_PERMISSION_BYTES) return { ...base, refused: 'size' };
  if (options.virusFound) return { ...base, refused: 'virus' };
  return { ...base, permission: { contentType: contentType as PermissionContentType, content } };
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
};

/** The text a person reads in an HTML mail: blocks become lines, quotes (`<blockquote>`) are dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<blockquote[\s\S]*?<\/blockquote\s*>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name] ?? whole;
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
}

const FORWARD_MARKERS = [
  /^-{2,}\s*(forwarded message|weitergeleitete nachricht|original message|ursprüngliche nachricht)\s*-{2,}\s*$/im,
  /^begin forwarded message:\s*$/im,
  /^anfang der weitergeleiteten (e-mail|nachricht):\s*$/im,
];

/** Splits off a forwarded message (its own From line and text) from what the forwarder wrote above it. */
function splitForwarded(body: string): { own: string; forwarded?: { from: string | undefined; text: string } } {
  for (const marker of FORWARD_MARKERS) {
    const match = marker.exec(body);
    if (!match || /original message|ursprüngliche nachricht/i.test(match[0])) continue;
    const rest = body.slice(match.index + match[0].length);
    const from = /^\s*(?:from|von):\s*(.*)$/im.exec(rest)?.[1];
    const address = from ? /[^\s<>"]+@[^\s<>"]+/.exec(from)?.[0]?.toLowerCase() : undefined;
    // The forwarded text starts after its header block (From/Date/Subject/To lines, then a blank line).
    const text = rest.replace(/^\s*(?:(?:from|von|date|datum|sent|gesendet|subject|betreff|to|an|cc):.*\n)+/i, '');
    return { own: body.slice(0, match.index), forwarded: { from: address, text } };
  }
  return { own: body };
}

const REPLY_HEADERS = [
  /^\s*on .{3,200}\bwrote:\s*$/im,
  /^\s*am .{3,200}\bschrieb .{0,200}:\s*$/im,
  /^\s*-{2,}\s*(original message|ursprüngliche nachricht)\s*-{2,}\s*$/im,
  /^\s*(from|von):\s.*\n\s*(sent|gesendet|date|datum):\s/im,
];

/** The sender's own text: everything above the first reply header, without `>` lines and the signature. */
export function stripQuotes(text: string): string {
  let own = text.replace(/\r\n?/g, '\n');
  for (const header of REPLY_HEADERS) {
    const match = header.exec(own);
    if (match) own = own.slice(0, match.index);
  }
  own = own
    .split('\n')
    .filter((line) => !/^\s*>/.test(line))
    .join('\n');
  const signature = /^-- ?$/m.exec(own);
  if (signature) own = own.slice(0, signature.index);
  return own.trim();
}
