// The signature of a hosted provider's webhook: HMAC-SHA256 over `timestamp.payload`, sent as
// `t=<unix seconds>,v1=<hex>`, checked in constant time within a replay window.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a signed webhook carries its signature in. */
export const SIGNATURE_HEADER = 'identity-signature';

/** How far an event's timestamp may lie from now, either way. */
export const REPLAY_WINDOW_SECONDS = 300;

export type SignatureCheck = 'valid' | 'malformed' | 'mismatch' | 'outside-window';

function mac(secret: Buffer | string, timestamp: number, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest();
}

/** The header value that signs `payload` at `timestamp` (unix seconds). */
export function signWebhook(secret: Buffer | string, payload: string, timestamp: number): string {
  return `t=${timestamp},v1=${mac(secret, timestamp, payload).toString('hex')}`;
}

/**
 * Whether `header` signs `payload` with `secret`: one of its `v1` values must match (a provider
 * rolling its secret sends two), and its time must lie within the window around `now`.
 */
export function checkWebhookSignature(
  header: string | undefined,
  payload: string,
  secret: Buffer | string,
  now: Date,
  windowSeconds = REPLAY_WINDOW_SECONDS,
): SignatureCheck {
  if (!header) return 'malformed';
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value ?? '');
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!) || signatures.length === 0) return 'malformed';
  const timestamp = Number(timestamps[0]);
  const expected = mac(secret, timestamp, payload);
  // Every candidate is compared, in constant time, whatever the outcome of the others.
  let matches = false;
  for (const signature of signatures) {
    const wellFormed = /^[0-9a-f]{64}$/i.test(signature);
    const given = wellFormed ? Buffer.from(signature, 'hex') : Buffer.alloc(expected.length);
    matches = (timingSafeEqual(given, expected) && wellFormed) || matches;
  }
  if (!matches) return 'mismatch';
  return Math.abs(now.getTime() / 1000 - timestamp) <= windowSeconds ? 'valid' : 'outside-window';
}
