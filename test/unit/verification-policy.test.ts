import { describe, expect, it } from 'vitest';
import { ACCESS_DEPTHS, JURISDICTIONS, REQUEST_TYPES, type AccessDepth, type Jurisdiction, type RequestType } from '../../shared/domain/request-model.js';
import { requiredVerification, type VerificationLevel } from '../../shared/domain/verification-policy.js';

interface PolicyCase {
  type: RequestType;
  jurisdiction: Jurisdiction;
  depth?: AccessDepth;
  expected: VerificationLevel;
  note: string;
}

// biome-ignore format: one row per type and law
const cases: PolicyCase[] = [
  { type: 'sale-opt-out', jurisdiction: 'ccpa', expected: 'none', note: '11 CCR 7026(d): an opt-out of sale needs no verification' },
  { type: 'sale-opt-out', jurisdiction: 'gdpr', expected: 'none', note: 'stopping a disclosure harms no one' },
  { type: 'objection', jurisdiction: 'ccpa', expected: 'none', note: '11 CCR 7026(d), 7027(f): an opt-out or limit in substance' },
  { type: 'objection', jurisdiction: 'gdpr', expected: 'email', note: 'nothing is disclosed or destroyed' },
  { type: 'consent-withdrawal', jurisdiction: 'ccpa', expected: 'none', note: '11 CCR 7026(d): an opt-out in substance' },
  { type: 'consent-withdrawal', jurisdiction: 'gdpr', expected: 'email', note: 'nothing is disclosed or destroyed' },
  { type: 'marketing-opt-out', jurisdiction: 'ccpa', expected: 'email', note: 'CAN-SPAM unsubscribe, not a CCPA opt-out' },
  { type: 'marketing-opt-out', jurisdiction: 'gdpr', expected: 'email', note: 'nothing is disclosed or destroyed' },
  { type: 'third-party-disclosure', jurisdiction: 'ccpa', expected: 'email', note: 'only categories and recipients are named' },
  { type: 'third-party-disclosure', jurisdiction: 'gdpr', expected: 'email', note: 'only categories and recipients are named' },
  { type: 'access', jurisdiction: 'gdpr', depth: 'categories', expected: 'email', note: 'categories only, no specific pieces' },
  { type: 'access', jurisdiction: 'ccpa', depth: 'categories', expected: 'email', note: 'categories only, no specific pieces' },
  { type: 'access', jurisdiction: 'gdpr', depth: 'copy', expected: 'email+knowledge', note: 'a copy discloses specific data' },
  { type: 'access', jurisdiction: 'ccpa', expected: 'email+knowledge', note: 'the default depth is a copy' },
  { type: 'access', jurisdiction: 'gdpr', expected: 'email+knowledge', note: 'the default depth is a copy' },
  { type: 'portability', jurisdiction: 'gdpr', expected: 'email+knowledge', note: 'discloses specific data' },
  { type: 'portability', jurisdiction: 'ccpa', expected: 'email+knowledge', note: 'discloses specific data' },
  { type: 'deletion', jurisdiction: 'gdpr', expected: 'email+knowledge', note: 'destroys specific data' },
  { type: 'deletion', jurisdiction: 'ccpa', expected: 'email+knowledge', note: 'destroys specific data' },
];

describe('requiredVerification', () => {
  it.each(cases)('asks $expected for $type under $jurisdiction ($note)', ({ type, jurisdiction, depth, expected }) => {
    // Prepare: the inputs are the row

    // Act
    const level = depth === undefined ? requiredVerification(type, jurisdiction) : requiredVerification(type, jurisdiction, depth);

    // Assess
    expect(level).toBe(expected);
  });

  it('has a row above for every request type under every law', () => {
    // Prepare
    const covered = new Set(cases.map((c) => `${c.type}/${c.jurisdiction}`));

    // Act
    const missing = REQUEST_TYPES.flatMap((type) => JURISDICTIONS.map((jurisdiction) => `${type}/${jurisdiction}`)).filter((key) => !covered.has(key));

    // Assess
    expect(missing).toEqual([]);
  });

  it.each(
    REQUEST_TYPES.filter((type) => type !== 'access').flatMap((type) =>
      JURISDICTIONS.flatMap((jurisdiction) => ACCESS_DEPTHS.map((depth) => ({ type, jurisdiction, depth }))),
    ),
  )('ignores access depth $depth for $type under $jurisdiction', ({ type, jurisdiction, depth }) => {
    // Prepare
    const withoutDepth = requiredVerification(type, jurisdiction);

    // Act
    const withDepth = requiredVerification(type, jurisdiction, depth);

    // Assess
    expect(withDepth).toBe(withoutDepth);
  });
});
