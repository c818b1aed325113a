// The privacy center's abuse control without tracking: a proof-of-work challenge (ALTCHA) the
// person's browser solves, signed by us, short-lived, not solvable in a hurry, and good for one filing.
import { type Challenge, createChallenge, randomInt, type Solution, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { deriveHmacKeySecret } from 'altcha-lib/frameworks/shared';

/** SHA-256 is what every browser computes natively (Web Crypto), so a phone solves it as fast as a laptop. */
export const PROOF_OF_WORK_ALGORITHM = 'SHA-256';

/** How long a challenge may be solved and used: enough to read the page and fill the form in. */
export const CHALLENGE_LIFETIME_SECONDS = 20 * 60;

/** Where used challenges are remembered until they would have expired anyway. */
export interface UsedChallenges {
  /** Marks `challengeId` as used until `until`; resolves false when it was used already. */
  claim(challengeId: string, until: Date): Promise<boolean>;
}

export interface ProofOfWorkDeps {
  /** The HMAC key that signs challenges (Secrets Manager in AWS, a local secret in the local runtime). */
  key: () => Promise<Buffer>;
  used: UsedChallenges;
  /** The highest counter a browser may have to reach: the work asked. */
  difficulty: number;
  /** Seconds that must pass between the challenge and the filing that uses it. */
  minSeconds: number;
  now: () => Date;
}

/** Why a proof was not accepted; `accepted` when it was. */
export type ProofVerdict = 'accepted' | 'missing' | 'malformed' | 'wrong' | 'expired' | 'too-fast' | 'replayed';

/** What the widget posts: its payload, base64 JSON of the challenge and the solution. */
interface Payload {
  challenge: Challenge;
  solution: Solution;
}

async function secrets(deps: Pick<ProofOfWorkDeps, 'key'>) {
  const master = (await deps.key()).toString('utf8');
  return { hmacSignatureSecret: master, hmacKeySignatureSecret: await deriveHmacKeySecret(master) };
}

/**
 * A new challenge for the widget: the counter the browser must find is random up to `difficulty`,
 * and the time it was issued travels in its signed data, so "solved too soon" can be told.
 */
export async function issueChallenge(deps: Pick<ProofOfWorkDeps, 'key' | 'difficulty' | 'now'>): Promise<Challenge> {
  const now = deps.now();
  const floor = Math.max(1, Math.floor(deps.difficulty / 2));
  return createChallenge({
    algorithm: PROOF_OF_WORK_ALGORITHM,
    cost: 1,
    counter: randomInt(deps.difficulty, floor),
    deriveKey,
    expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_SECONDS * 1000),
    data: { issuedAt: now.getTime() },
    ...(await secrets(deps)),
  });
}

function parsePayload(text: string): Payload | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const { challenge, solution } = value as Partial<Payload>;
    const parameters = challenge?.parameters;
    if (typeof parameters?.nonce !== 'string' || typeof parameters.salt !== 'string' || typeof challenge?.signature !== 'string') return undefined;
    if (typeof solution?.counter !== 'number' || typeof solution.derivedKey !== 'string') return undefined;
    return { challenge, solution };
  } catch {
    return undefined;
  }
}

/**
 * Checks the widget's payload: present and well-formed, signed by us and solved, not expired, not
 * solved sooner than `minSeconds` after it was issued, and never used before (only a payload that
 * passes every other check is remembered, so forged payloads cannot fill the store).
 */
export async function verifyProof(text: string | undefined, deps: ProofOfWorkDeps): Promise<ProofVerdict> {
  if (text === undefined || text.trim() === '') return 'missing';
  if (text.length > 8 * 1024) return 'malformed';
  const payload = parsePayload(text.trim());
  if (!payload) return 'malformed';
  let result: Awaited<ReturnType<typeof verifySolution>>;
  try {
    result = await verifySolution({ challenge: payload.challenge, solution: payload.solution, deriveKey, ...(await secrets(deps)) });
  } catch {
    // The library throws on parameters it cannot work with (an unknown algorithm, a bad cost): not ours.
    return 'malformed';
  }
  if (result.expired) return 'expired';
  if (!result.verified) return 'wrong';
  const now = deps.now();
  const expiresAt = (payload.challenge.parameters.expiresAt ?? 0) * 1000;
  // The library compares with the machine's clock; ours decides as well, so tests and a skewed clock agree.
  if (expiresAt <= now.getTime()) return 'expired';
  const issuedAt = Number(payload.challenge.parameters.data?.issuedAt);
  if (!Number.isFinite(issuedAt)) return 'wrong';
  if (now.getTime() - issuedAt < deps.minSeconds * 1000) return 'too-fast';
  const claimed = await deps.used.claim(payload.challenge.parameters.nonce, new Date(expiresAt));
  return claimed ? 'accepted' : 'replayed';
}
