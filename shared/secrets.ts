// Secrets the functions need, read once per cold start.
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { requireEnv } from './config.js';
import { secrets } from './resources.js';

let subjectKey: Promise<Buffer> | undefined;

/**
 * The key of the subject hash. In AWS it lives in Secrets Manager (its ARN in
 * `SUBJECT_HASH_SECRET_ARN`); the local runtime, which has no Secrets Manager, passes the key
 * itself in `SUBJECT_HASH_KEY`.
 */
export function subjectHashKey(): Promise<Buffer> {
  subjectKey ??= (async () => {
    const spec = secrets.subjectHashKey;
    const direct = process.env[spec.localEnvVar];
    if (direct) return Buffer.from(direct, 'utf8');
    const secret = await getSecret(requireEnv(spec.envVar), { maxAge: 3600 });
    if (typeof secret !== 'string' || secret.length < 32) throw new Error('The subject hash key secret is missing or too short');
    return Buffer.from(secret, 'utf8');
  })();
  subjectKey.catch(() => {
    subjectKey = undefined;
  });
  return subjectKey;
}
