// The local mailbox as a test reads it: what was sent to whom, and the links in it.
import type { LocalRuntime } from '../../local/runtime.js';

export interface MailboxEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

/** Every mail sent to `address`, oldest first. */
export async function mailsTo(runtime: LocalRuntime, address: string): Promise<MailboxEmail[]> {
  const store = (await (await fetch(new URL('/store', runtime.mailboxUrl))).json()) as { emails: MailboxEmail[] };
  return store.emails.filter((e) => e.destination.to.includes(address));
}

/** The newest link to `path` (e.g. `/v1/verify/`) mailed to `address`, followed by a 43-character token. */
export async function newestLink(runtime: LocalRuntime, address: string, path: string): Promise<string> {
  const pattern = new RegExp(`(http://localhost:\\d+${path.replace(/\//g, '\\/')}[A-Za-z0-9_-]{43})`);
  const texts = (await mailsTo(runtime, address)).map((m) => m.body.text ?? '').reverse();
  for (const text of texts) {
    const link = pattern.exec(text)?.[1];
    if (link) return link;
  }
  throw new Error(`No ${path} link in the mailbox`);
}

/** A form post as a browser sends it. */
export function formPost(fields: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}
