import { describe, expect, it } from 'vitest';
import { ACCESS_DEPTHS, JURISDICTIONS, REQUEST_TYPES, type Jurisdiction, type RequestType } from '../../shared/domain/request-model.js';
import { requiredVerification, type VerificationLevel, type VerificationScope } from '../../shared/domain/verification-policy.js';

interface PolicyCase {
  type: RequestType;
  jurisdiction: Jurisdiction;
  scope?: VerificationScope;
  expected: VerificationLevel;
  note: string;
}

// biome-ignore format: one row per type and law
const cases: PolicyCase[] = [
  { type: 'sale-opt-out', jurisdiction: 'ccpa', expected: 'none', note: '11 CCR 7026(d): an opt-out of sale needs no verification' },
  { type: 'sale-opt-out', jurisdiction: 'gdpr', expected: 'none', note: 'Art. 7(3): withdrawing consent to a disclosure is as easy as giving it' },
  { type: 'objection', jurisdiction: 'ccpa', expected: 'none', note: '11 CCR 7026(d), 7027(f): an opt-out or limit in substance' },
  { type: 'objection', jurisdiction: 'gdpr', expected: 'none', note: 'Art. 21(3), 12(6): an objection to direct marketing, with no doubt to resolve' },
  { type: 'objection', jurisdiction: 'gdpr', scope: { purposes: ['marketing', 'email-marketing'] }, expected: 'none', note: 'every purpose named is direct marketing' },
  { type: 'objection', jurisdiction: 'gdpr', scope: { systems: ['live-chat'] }, expected: 'email', note: 'a system named can delete data on objection' },
  { type: 'objection', jurisdiction: 'gdpr', scope: { purposes: ['support'] }, expected: 'email', note: 'an objection to another purpose can delete data' },
  { type: 'objection', jurisdiction: 'ccpa', scope: { systems: ['live-chat'] }, expected: 'none', note: '11 CCR 7026(d): the CCPA asks no verification of an opt-out' },
  { type: 'consent-withdrawal', jurisdiction: 'ccpa', expected: 'none', note: '11 CCR 7026(d): an opt-out in substance' },
  { type: 'consent-withdrawal', jurisdiction: 'gdpr', expected: 'none', note: 'Art. 7(3): as easy as giving consent' },
  { type: 'consent-withdrawal', jurisdiction: 'gdpr', scope: { purposes: ['analytics'] }, expected: 'none', note: 'Art. 7(3): for any purpose consented to' },
  { type: 'marketing-opt-out', jurisdiction: 'ccpa', expected: 'none', note: 'CAN-SPAM, 16 CFR 316.5: nothing beyond the address and one reply' },
  { type: 'marketing-opt-out', jurisdiction: 'gdpr', expected: 'none', note: 'Art. 21(3), 12(6): an objection to direct marketing' },
  { type: 'third-party-disclosure', jurisdiction: 'ccpa', expected: 'email', note: 'only categories and recipients are named' },
  { type: 'third-party-disclosure', jurisdiction: 'gdpr', expected: 'email', note: 'only categories and recipients are named' },
  { type: 'access', jurisdiction: 'gdpr', scope: { access: 'categories' }, expected: 'email', note: 'categories only, no specific pieces' },
  { type: 'access', jurisdiction: 'ccpa', scope: { access: 'categories' }, expected: 'email', note: 'categories only, no specific pieces' },
  { type: 'access', jurisdiction: 'gdpr', scope: { access: 'copy' }, expected: 'email+knowledge', note: 'a copy discloses specific data' },
  { type: 'access', jurisdiction: 'ccpa', expected: 'email+knowledge', note: 'the default depth is a copy' },
  { type: 'access', jurisdiction: 'gdpr', expected: 'email+knowledge', note: 'the default depth is a copy' },
  { type: 'portability', jurisdiction: 'gdpr', expected: 'email+knowledge', note: 'discloses specific data' },
  { type: 'portability', jurisdiction: 'ccpa', expected: 'email+knowledge', note: 'discloses specific data' },
  { type: 'deletion', jurisdiction: 'gdpr', expected: 'email+knowledge', note: 'destroys specific data' },
  { type: 'deletion', jurisdiction: 'ccpa', expected: 'email+knowledge', note: 'destroys specific data' },
];

describe('requiredVerification', () => {
  it.each(cases)('asks $expected for $type under $jurisdiction ($note)', ({ type, jurisdiction, scope, expected }) => {
    // Prepare: the inputs are the row

    // Act
    const level = scope === undefined ? requiredVerification(type, jurisdiction) : requiredVerification(type, jurisdiction, scope);

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
    const withDepth = requiredVerification(type, jurisdiction, { access: depth });

    // Assess
    expect(withDepth).toBe(withoutDepth);
  });
});
