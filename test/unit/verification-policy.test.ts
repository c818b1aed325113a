import { describe, expect, it } from 'vitest';
import { ACCESS_DEPTHS, REQUEST_TYPES, type AccessDepth, type RequestType } from '../../shared/domain/request-model.js';
import { requiredVerification, type VerificationLevel } from '../../shared/domain/verification-policy.js';

interface PolicyCase {
  type: RequestType;
  depth?: AccessDepth;
  expected: VerificationLevel;
  note: string;
}

const cases: PolicyCase[] = [
  { type: 'sale-opt-out', expected: 'none', note: 'CCPA opt-out of sale needs no verification' },
  { type: 'objection', expected: 'email', note: 'nothing is disclosed or destroyed' },
  { type: 'consent-withdrawal', expected: 'email', note: 'nothing is disclosed or destroyed' },
  { type: 'marketing-opt-out', expected: 'email', note: 'nothing is disclosed or destroyed' },
  { type: 'third-party-disclosure', expected: 'email', note: 'only categories and recipients are named' },
  { type: 'access', depth: 'categories', expected: 'email', note: 'categories only, no specific pieces' },
  { type: 'access', depth: 'copy', expected: 'email+knowledge', note: 'a copy discloses specific data' },
  { type: 'access', expected: 'email+knowledge', note: 'the default depth is a copy' },
  { type: 'portability', expected: 'email+knowledge', note: 'discloses specific data' },
  { type: 'deletion', expected: 'email+knowledge', note: 'destroys specific data' },
];

describe('requiredVerification', () => {
  it.each(cases)('asks $expected for $type ($note)', ({ type, depth, expected }) => {
    // Prepare: the inputs are the row

    // Act
    const level = depth === undefined ? requiredVerification(type) : requiredVerification(type, depth);

    // Assess
    expect(level).toBe(expected);
  });

  it('has a row above for every request type', () => {
    // Prepare
    const covered = new Set(cases.map((c) => c.type));

    // Act
    const missing = REQUEST_TYPES.filter((type) => !covered.has(type));

    // Assess
    expect(missing).toEqual([]);
  });

  it.each(REQUEST_TYPES.filter((type) => type !== 'access').flatMap((type) => ACCESS_DEPTHS.map((depth) => ({ type, depth }))))(
    'ignores access depth $depth for $type',
    ({ type, depth }) => {
      // Prepare
      const withoutDepth = requiredVerification(type);

      // Act
      const withDepth = requiredVerification(type, depth);

      // Assess
      expect(withDepth).toBe(withoutDepth);
    },
  );
});
