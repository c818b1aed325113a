// Signatures of the open protocols: ECDSA P-256 over SHA-256 for what this processor says (OpenDSR),
// Ed25519 signed messages (libsodium's crypto_sign layout) for what DRP agents send.
import { createECDH, createHmac, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** The order of the P-256 group: a private scalar must lie in [1, n-1]. */
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

export interface ProcessorKey {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo PEM: what callers verify signatures with (and what a CA certifies). */
  publicKeyPem: string;
}

/**
 * The processor's P-256 key, derived from a secret seed, so that the key is as durable as the secret
 * (Secrets Manager generates and rotates it; nothing else has to be stored).
 */
export function processorKey(seed: Buffer): ProcessorKey {
  for (let counter = 0; ; counter++) {
    const candidate = createHmac('sha256', seed).update(`opendsr-processor-key/${counter}`).digest();
    const scalar = BigInt(`0x${candidate.toString('hex')}`);
    if (scalar === 0n || scalar >= P256_ORDER) continue;
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(candidate);
    const point = ecdh.getPublicKey();
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      d: candidate.toString('base64url'),
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    };
    const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
    const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    return { privateKey, publicKeyPem };
  }
}

/** Base64 ECDSA (DER) signature of the SHA-256 digest of `body`, as the OpenDSR signature headers carry it. */
export function signProcessorBody(key: ProcessorKey, body: string): string {
  return sign('sha256', Buffer.from(body, 'utf8'), key.privateKey).toString('base64');
}

/**
 * What signs this processor's OpenDSR answers and callbacks: ECDSA P-256 over the SHA-256 of the
 * exact body, base64 of the DER signature. In AWS the key never leaves KMS (KmsProcessorSigner);
 * the local runtime signs with a key derived from its own seed.
 */
export interface ProcessorSigner {
  sign(body: string): Promise<string>;
}

/** A signer holding its key in memory: the local runtime's. */
export function localProcessorSigner(key: ProcessorKey): ProcessorSigner {
  return { sign: async (body) => signProcessorBody(key, body) };
}

/** Checks a base64 OpenDSR signature against `body` with a public key PEM (what a controller does). */
export function verifyProcessorBody(publicKeyPem: string, body: string, signature: string): boolean {
  try {
    return verify('sha256', Buffer.from(body, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Ed25519 public keys are 32 bytes: hex-encoded in DRP before 0.9.1, Base64 since (the Service Directory's `verify_key`). */
export const ED25519_VERIFY_KEY = /^[0-9a-fA-F]{64}$/;
const ED25519_VERIFY_KEY_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/** A verify key in either encoding as the lower-case hex it is kept in; undefined when it is neither. */
export function verifyKeyHex(key: string): string | undefined {
  const text = key.trim();
  if (ED25519_VERIFY_KEY.test(text)) return text.toLowerCase();
  if (ED25519_VERIFY_KEY_BASE64.test(text)) return Buffer.from(text, 'base64').toString('hex');
  return undefined;
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_SIGNATURE_BYTES = 64;

/** Node's key object for a hex Ed25519 verify key. */
export function ed25519VerifyKey(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export type SignedMessageCheck = { valid: true; message: string } | { valid: false; reason: 'malformed' | 'mismatch' };

/**
 * Opens a libsodium-style signed message: base64 of a 64-byte Ed25519 signature followed by the
 * message it signs. Returns the message only when the signature holds for `verifyKeyHex`.
 */
export function openSignedMessage(base64: string, verifyKeyHex: string): SignedMessageCheck {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return { valid: false, reason: 'malformed' };
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.byteLength <= ED25519_SIGNATURE_BYTES) return { valid: false, reason: 'malformed' };
  const signature = bytes.subarray(0, ED25519_SIGNATURE_BYTES);
  const message = bytes.subarray(ED25519_SIGNATURE_BYTES);
  let ok = false;
  try {
    ok = verify(null, message, ed25519VerifyKey(verifyKeyHex), signature);
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  return ok ? { valid: true, message: message.toString('utf8') } : { valid: false, reason: 'mismatch' };
}

/** Signs `message` the libsodium way (signature, then message, base64): what a DRP agent sends. */
export function signMessage(message: string, privateKey: KeyObject): string {
  const bytes = Buffer.from(message, 'utf8');
  return Buffer.concat([sign(null, bytes, privateKey), bytes]).toString('base64');
}
