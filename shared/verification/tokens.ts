// Link tokens: 256 random bits in the URL, only their hash at rest, so a leaked table opens nothing.
import { createHash, randomBytes } from 'node:crypto';

/** 32 bytes in base64url without padding. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedToken {
  /** Goes into the emailed link and nowhere else. */
  token: string;
  /** What the store keeps. */
  hash: string;
}

/** A fresh token from the CSPRNG, and its hash. */
export function issueToken(): IssuedToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `token` could be one we issued; anything else is refused before any lookup. */
export function isWellFormedToken(token: string | undefined): token is string {
  return typeof token === 'string' && TOKEN_SHAPE.test(token);
}
