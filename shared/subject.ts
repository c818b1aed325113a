// Subject identifiers, minimised: a keyed hash for lookups, a masked form for display.
import { createHmac } from 'node:crypto';

/** Lower-cases and trims an email address: the form every lookup and hash uses. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** HMAC-SHA256 of the normalised email: stable for lookups, useless without the key. */
export function subjectHash(key: Buffer, email: string): string {
  return createHmac('sha256', key).update(normaliseEmail(email)).digest('hex');
}

/** `anna.schmidt@example.com` → `a•••@example.com`: enough to recognise, too little to use. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
