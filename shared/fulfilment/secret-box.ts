// Encryption at rest for the small secrets the data inventory keeps (webhook signing secrets).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const HKDF_INFO = 'privacy-ops webhook secrets';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Below this the key material is too weak to derive an AES-256 key from. */
const MIN_KEY_MATERIAL_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** A sealed secret that cannot be opened: malformed, altered, sealed for another record, or under another key. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/**
 * AES-256-GCM with a key derived by HKDF-SHA256 from the configured key material, so the raw
 * secret serves no other purpose directly. A sealed value reads `v1.<iv>.<tag>.<ciphertext>`
 * (base64url). The `context` (e.g. the system id) is authenticated as associated data: a sealed
 * value copied onto another record does not open there.
 */
export class SecretBox {
  private readonly key: Buffer;

  /** `info` separates the keys of different uses of the box (HKDF's info); the webhook secrets' by default. */
  constructor(keyMaterial: Buffer, info: string = HKDF_INFO) {
    if (keyMaterial.byteLength < MIN_KEY_MATERIAL_BYTES) {
      throw new SecretBoxError(`The key material must be at least ${MIN_KEY_MATERIAL_BYTES} bytes.`);
    }
    this.key = Buffer.from(hkdfSync('sha256', keyMaterial, Buffer.alloc(0), info, KEY_BYTES));
  }

  /** Encrypts `plaintext` for the record named by `context`. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** Decrypts a value `seal` made for the same `context`; throws SecretBoxError when it cannot. */
  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((part) => BASE64URL.test(part))) {
      throw new SecretBoxError(`The sealed secret is not in the ${VERSION} format.`);
    }
    const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
    if (iv.byteLength !== IV_BYTES || tag.byteLength !== TAG_BYTES) {
      throw new SecretBoxError(`The sealed secret is not in the ${VERSION} format.`);
    }
    const decipher = createDecipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SecretBoxError('The sealed secret failed authentication: it was altered, belongs to another record, or was sealed under another key.', {
        cause: error,
      });
    }
  }
}
