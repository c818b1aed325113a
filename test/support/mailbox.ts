// The local mailbox as a test reads it: what was sent to whom, and the links in it.
import type { LocalRuntime } from '../../local/runtime.js';

export interface MailboxEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** The headers the mail was sent with (List-Unsubscribe and the like), where the mailbox kept them. */
  headers?: { name: string; value: string }[];
}

/** Every mail sent to `address`, oldest first. */
export async function mailsTo(runtime: LocalRuntime, address: string): Promise<MailboxEmail[]> {
  return (await allMails(runtime)).filter((e) => e.destination.to.includes(address));
}

/** Every mail in the mailbox, oldest first. */
async function allMails(runtime: LocalRuntime): Promise<MailboxEmail[]> {
  return ((await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as { emails: MailboxEmail[] }).emails;
}

/**
 * For each address, the newest link to `path` (e.g. `/v1/verify/`) mailed to it, followed by a
 * 43-character token: one read of the mailbox for any number of recipients.
 */
export async function newestLinks(runtime: LocalRuntime, path: string): Promise<Map<string, string>> {
  const pattern = new RegExp(`(http://localhost:\\d+${path.replace(/\//g, '\\/')}[A-Za-z0-9_-]{43})`);
  const links = new Map<string, string>();
  for (const mail of await allMails(runtime)) {
    const link = pattern.exec(mail.body.text ?? '')?.[1];
    if (link) for (const to of mail.destination.to) links.set(to, link);
  }
  return links;
}

/** The newest link to `path` mailed to `address`. */
export async function newestLink(runtime: LocalRuntime, address: string, path: string): Promise<string> {
  const link = (await newestLinks(runtime, path)).get(address);
  if (!link) throw new Error(`No ${path} link in the mailbox`);
  return link;
}

/** A form post as a browser sends it. */
export function formPost(fields: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}
