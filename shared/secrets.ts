// Secrets the functions need, read once per cold start.
import { hkdfSync } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { secretSource } from './config.js';
import type { SecretId } from './resources.js';

const cache = new Map<SecretId, Promise<Buffer>>();

/**
 * A secret's value. In AWS it lives in Secrets Manager (its ARN in the spec's `envVar`); the local
 * runtime, which has no Secrets Manager, passes the value itself in the spec's `localEnvVar`.
 */
export function readSecret(secretId: SecretId): Promise<Buffer> {
  let value = cache.get(secretId);
  if (!value) {
    value = (async () => {
      const source = secretSource(secretId);
      if ('value' in source) return Buffer.from(source.value, 'utf8');
      const secret = await getSecret(source.arn, { maxAge: 3600 });
      if (typeof secret !== 'string' || secret.length < 32) throw new Error(`The secret ${secretId} is missing or too short`);
      return Buffer.from(secret, 'utf8');
    })();
    value.catch(() => cache.delete(secretId));
    cache.set(secretId, value);
  }
  return value;
}

/** The key of the subject hash. */
export const subjectHashKey = (): Promise<Buffer> => readSecret('subjectHashKey');

/** The key that encrypts webhook signing secrets at rest. */
export const systemSecretsKey = (): Promise<Buffer> => readSecret('systemSecretsKey');

/** The key that signs the privacy center's proof-of-work challenges. */
export const proofOfWorkKey = (): Promise<Buffer> => readSecret('proofOfWorkKey');

let preferenceKey: Promise<Buffer> | undefined;

/**
 * The key that seals the address a preferences link keeps, and signs the preferences form: derived by
 * HKDF-SHA256 from the subject-hash key under its own label, so the functions that hash subjects need
 * no further secret, and the derived key serves no other use (docs/adr/0031).
 */
export const preferenceLinkKey = (): Promise<Buffer> => {
  preferenceKey ??= subjectHashKey().then((material) => Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), 'privacy-ops preference link key', 32)));
  preferenceKey.catch(() => {
    preferenceKey = undefined;
  });
  return preferenceKey;
};
