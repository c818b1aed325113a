import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHALLENGE_LIFETIME_SECONDS, issueChallenge, type ProofOfWorkDeps, verifyProof } from '../../shared/privacy-center/proof-of-work.js';
import { DynamoUsedChallenges, USED_CHALLENGE_PURPOSE } from '../../shared/privacy-center/used-challenges.js';

// The library also checks expiry against the machine's clock, so challenges are issued now (to the whole second).
const ISSUED = new Date(Math.floor(Date.now() / 1000) * 1000);
const KEY = Buffer.from('a-proof-of-work-key-of-forty-characters!!', 'utf8');

/** A browser's answer: the widget's payload for `challenge` with the solution found. */
async function solved(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution }), 'utf8').toString('base64');
}

describe('proof of work', () => {
  let now: Date;
  let used: Set<string>;
  let deps: ProofOfWorkDeps;

  beforeEach(() => {
    now = ISSUED;
    used = new Set();
    deps = {
      key: async () => KEY,
      used: {
        claim: async (id) => {
          if (used.has(id)) return false;
          used.add(id);
          return true;
        },
      },
      difficulty: 2_000,
      minSeconds: 3,
      now: () => now,
    };
  });

  const later = (seconds: number) => {
    now = new Date(ISSUED.getTime() + seconds * 1000);
  };

  it('issues a signed SHA-256 challenge that expires after twenty minutes and carries when it was issued', async () => {
    // Act
    const challenge = await issueChallenge(deps);

    // Assess
    expect(challenge.parameters).toMatchObject({
      algorithm: 'SHA-256',
      expiresAt: ISSUED.getTime() / 1000 + CHALLENGE_LIFETIME_SECONDS,
      data: { issuedAt: ISSUED.getTime() },
    });
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts a solved challenge once, a few seconds after it was issued', async () => {
    // Prepare
    const payload = await solved(await issueChallenge(deps));
    later(10);

    // Act
    const verdict = await verifyProof(payload, deps);

    // Assess
    expect(verdict).toBe('accepted');
    expect(used.size).toBe(1);
  });

  it.each([
    { case: 'no field at all', payload: undefined, verdict: 'missing' },
    { case: 'an empty field (JavaScript off)', payload: '  ', verdict: 'missing' },
    { case: 'text that is not base64 JSON', payload: 'not a payload', verdict: 'malformed' },
    { case: 'JSON without a solution', payload: Buffer.from('{"challenge":{}}').toString('base64'), verdict: 'malformed' },
    { case: 'a payload longer than any widget sends', payload: 'A'.repeat(9000), verdict: 'malformed' },
  ])('refuses $case as $verdict and remembers nothing', async ({ payload, verdict }) => {
    // Act
    const result = await verifyProof(payload, deps);

    // Assess
    expect(result).toBe(verdict);
    expect(used.size).toBe(0);
  });

  it('refuses a wrong solution: a key that is not the one the challenge asks for (what only the work finds)', async () => {
    // Prepare
    const challenge = await issueChallenge(deps);
    const solution = await solveChallenge({ challenge, deriveKey });
    const guessed = `${solution!.derivedKey.slice(0, -2)}${solution!.derivedKey.endsWith('00') ? '01' : '00'}`;
    const wrong = Buffer.from(JSON.stringify({ challenge, solution: { ...solution!, derivedKey: guessed } })).toString('base64');
    later(10);

    // Act
    const verdict = await verifyProof(wrong, deps);

    // Assess
    expect(verdict).toBe('wrong');
    expect(used.size).toBe(0);
  });

  it('refuses a challenge signed with another key, and one whose issue time was changed', async () => {
    // Prepare
    const foreign = await solved(await issueChallenge({ ...deps, key: async () => Buffer.from('another-key-another-key-another-key-1234') }));
    const challenge = await issueChallenge(deps);
    const solution = await solveChallenge({ challenge, deriveKey });
    const backdated = { ...challenge, parameters: { ...challenge.parameters, data: { issuedAt: ISSUED.getTime() - 60_000 } } };
    const edited = Buffer.from(JSON.stringify({ challenge: backdated, solution })).toString('base64');
    later(10);

    // Act
    const verdicts = [await verifyProof(foreign, deps), await verifyProof(edited, deps)];

    // Assess
    expect(verdicts).toEqual(['wrong', 'wrong']);
  });

  it('refuses an expired challenge, solved or not', async () => {
    // Prepare
    const payload = await solved(await issueChallenge(deps));
    later(CHALLENGE_LIFETIME_SECONDS + 1);

    // Act
    const verdict = await verifyProof(payload, deps);

    // Assess
    expect(verdict).toBe('expired');
    expect(used.size).toBe(0);
  });

  it('refuses a challenge used sooner than a person fills the form in, and takes it once they have', async () => {
    // Prepare
    const payload = await solved(await issueChallenge(deps));
    later(1);

    // Act
    const early = await verifyProof(payload, deps);
    later(5);
    const inTime = await verifyProof(payload, deps);

    // Assess
    expect([early, inTime]).toEqual(['too-fast', 'accepted']);
  });

  it('refuses a replayed proof: the second filing with the same solved challenge', async () => {
    // Prepare
    const payload = await solved(await issueChallenge(deps));
    later(10);
    await verifyProof(payload, deps);

    // Act
    const verdict = await verifyProof(payload, deps);

    // Assess
    expect(verdict).toBe('replayed');
  });
});

describe('DynamoUsedChallenges', () => {
  const documents = mockClient(DynamoDBDocumentClient);
  const store = new DynamoUsedChallenges('tokens', DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })));
  const until = new Date('2026-12-03T10:20:00.000Z');

  afterEach(() => {
    documents.reset();
  });

  it('writes the hash of the nonce once, conditionally, to expire with the challenge', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    const claimed = await store.claim('nonce-1', until);

    // Assess
    expect(claimed).toBe(true);
    expect(documents).toReceiveCommandWith(PutCommand, {
      TableName: 'tokens',
      Item: { tokenHash: expect.stringMatching(/^pow-[0-9a-f]{64}$/), purpose: USED_CHALLENGE_PURPOSE, expiresAt: until.getTime() / 1000 },
      ConditionExpression: 'attribute_not_exists(tokenHash)',
    });
  });

  it('answers false for a nonce already used', async () => {
    // Prepare
    documents.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));

    // Act
    const claimed = await store.claim('nonce-1', until);

    // Assess
    expect(claimed).toBe(false);
  });

  it('rethrows what it does not own', async () => {
    // Prepare
    documents.on(PutCommand).rejects(new Error('throttled'));

    // Act
    const claiming = store.claim('nonce-1', until);

    // Assess
    await expect(claiming).rejects.toThrow('throttled');
  });
});
