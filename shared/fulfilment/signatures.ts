// HMAC signatures between privacy-ops and webhook systems: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header both directions use. */
export const SIGNATURE_HEADER = 'x-privacy-ops-signature';

/** A signature older or newer than this is refused, so a captured call cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value that signs `body` at `now`. */
export function signBody(secret: string, body: string, now: Date): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${mac(secret, timestamp, body)}`;
}

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'stale' | 'mismatch';

/** Checks a signature header against `body` in constant time; says why it fails. */
export function checkSignature(header: string | undefined, secret: string, body: string, now: Date): SignatureCheck {
  if (!header) return 'missing';
  const parts = Object.fromEntries(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  const given = parts.v1;
  if (!Number.isInteger(timestamp) || typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return 'malformed';
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return 'stale';
  const expected = Buffer.from(mac(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex')) ? 'valid' : 'mismatch';
}
