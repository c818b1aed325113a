import { describe, expect, it } from 'vitest';
import { ACCESS_DEPTHS, isFiledUnder, JURISDICTIONS, REQUEST_TYPES, type Jurisdiction, type RequestType } from '../../shared/domain/request-model.js';
import {
  requiredVerification,
  UnresolvedObjectionError,
  type ObjectionEffectAt,
  type VerificationLevel,
  type VerificationScope,
} from '../../shared/domain/verification-policy.js';

const stops = (systemId: string): ObjectionEffectAt => ({ systemId, effect: 'stop' });
const deletes = (systemId: string): ObjectionEffectAt => ({ systemId, effect: 'delete' });
const notApplicable = (systemId: string): ObjectionEffectAt => ({ systemId, effect: 'not-applicable' });

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
  { type: 'objection', jurisdiction: 'ccpa', scope: { reaches: [stops('newsletter'), stops('web-analytics')] }, expected: 'none', note: '11 CCR 7026(d), 7027(f): stopping marketing is an opt-out in substance' },
  { type: 'objection', jurisdiction: 'ccpa', scope: { purposes: ['analytics'], reaches: [stops('web-analytics')] }, expected: 'none', note: '11 CCR 7026(d): a stop of any use is an opt-out in substance' },
  { type: 'objection', jurisdiction: 'ccpa', scope: { systems: ['live-chat'], reaches: [deletes('live-chat')] }, expected: 'email', note: '1798.105, 11 CCR 7062(a): it deletes, so the requester is verified first' },
  { type: 'objection', jurisdiction: 'ccpa', scope: { purposes: ['support'], reaches: [deletes('live-chat'), deletes('support-tickets')] }, expected: 'email', note: 'a purpose whose systems delete on objection' },
  { type: 'objection', jurisdiction: 'ccpa', scope: { systems: ['live-chat', 'billing'], reaches: [notApplicable('billing'), deletes('live-chat')] }, expected: 'email', note: 'one system deleting is enough' },
  { type: 'objection', jurisdiction: 'ccpa', scope: { systems: ['newsletter', 'billing'], reaches: [notApplicable('billing'), stops('newsletter')] }, expected: 'none', note: 'a system the objection does not reach changes nothing' },
  { type: 'objection', jurisdiction: 'ccpa', scope: { reaches: [stops('newsletter'), deletes('marketing-lists')] }, expected: 'email', note: 'even an objection to marketing, where a marketing system deletes' },
  { type: 'objection', jurisdiction: 'gdpr', scope: { reaches: [stops('newsletter'), stops('web-analytics')] }, expected: 'none', note: 'Art. 21(3), 12(6): an objection to direct marketing, with no doubt to resolve' },
  { type: 'objection', jurisdiction: 'gdpr', scope: { purposes: ['marketing', 'email-marketing'], reaches: [stops('newsletter')] }, expected: 'none', note: 'every purpose named is direct marketing' },
  { type: 'objection', jurisdiction: 'gdpr', scope: { reaches: [stops('newsletter'), deletes('marketing-lists')] }, expected: 'email', note: 'Art. 5(1)(f), 32: a marketing system deletes on objection' },
  { type: 'objection', jurisdiction: 'gdpr', scope: { systems: ['live-chat'], reaches: [deletes('live-chat')] }, expected: 'email', note: 'a system named deletes on objection' },
  { type: 'objection', jurisdiction: 'gdpr', scope: { purposes: ['support'], reaches: [deletes('live-chat'), deletes('support-tickets')] }, expected: 'email', note: 'an objection to another purpose that deletes' },
  { type: 'objection', jurisdiction: 'gdpr', scope: { purposes: ['analytics'], reaches: [stops('web-analytics')] }, expected: 'email', note: 'Art. 21(1): another purpose is weighed, not absolute, even where it only stops' },
  { type: 'objection', jurisdiction: 'gdpr', scope: { systems: ['newsletter'], reaches: [stops('newsletter'), stops('web-analytics')] }, expected: 'email', note: 'a named system: its purposes are weighed' },
  { type: 'consent-withdrawal', jurisdiction: 'ccpa', expected: 'none', note: '11 CCR 7026(d): an opt-out in substance' },
  { type: 'consent-withdrawal', jurisdiction: 'gdpr', expected: 'none', note: 'Art. 7(3): as easy as giving consent' },
  { type: 'consent-withdrawal', jurisdiction: 'gdpr', scope: { purposes: ['analytics'] }, expected: 'none', note: 'Art. 7(3): for any purpose consented to' },
  { type: 'marketing-opt-out', jurisdiction: 'ccpa', expected: 'none', note: 'CAN-SPAM, 16 CFR 316.5: nothing beyond the address and one reply' },
  { type: 'marketing-opt-out', jurisdiction: 'gdpr', expected: 'none', note: 'Art. 21(3), 12(6): an objection to direct marketing' },
  { type: 'sale-opt-in', jurisdiction: 'ccpa', expected: 'email', note: '11 CCR 7028(a): the link is the separate second step of a two-step opt-in' },
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

  it('has a row above for every request type under every law that files it', () => {
    // Prepare
    const covered = new Set(cases.map((c) => `${c.type}/${c.jurisdiction}`));

    // Act
    const missing = REQUEST_TYPES.flatMap((type) => JURISDICTIONS.filter((j) => isFiledUnder(type, j)).map((jurisdiction) => `${type}/${jurisdiction}`)).filter(
      (key) => !covered.has(key),
    );

    // Assess
    expect(missing).toEqual([]);
  });

  it.each(JURISDICTIONS)('refuses to guess for an objection under %s whose scope was not resolved against the inventory', (jurisdiction) => {
    // Act
    const unresolved = () => requiredVerification('objection', jurisdiction, { systems: ['live-chat'] });

    // Assess
    expect(unresolved).toThrow(UnresolvedObjectionError);
  });

  it.each(
    REQUEST_TYPES.filter((type) => type !== 'access' && type !== 'objection').flatMap((type) =>
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
