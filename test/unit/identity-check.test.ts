// Every row is written out by hand: a change to the rule shows up here as a failing row.
import { describe, expect, it } from 'vitest';
import { directoryStanding, identityProviderUse, type IdentityCheckFacts } from '../../shared/domain/identity-check.js';

const BASE: IdentityCheckFacts = {
  providerConfigured: true,
  type: 'deletion',
  level: 'email+knowledge',
  requiredForTypes: [],
  operatorRequired: false,
  directory: 'card-on-file',
  knowledgeCheckLocked: false,
};

const ROWS: ReadonlyArray<[string, Partial<IdentityCheckFacts>, ReturnType<typeof identityProviderUse>]> = [
  ['a person with a card on file: the knowledge check alone', {}, { use: 'not-used' }],
  ['a person with no card on file: offered', { directory: 'no-card' }, { use: 'offered' }],
  ['a person not in the account directory: offered', { directory: 'not-in-directory' }, { use: 'offered' }],
  ['the knowledge check locked: offered instead of a refusal', { knowledgeCheckLocked: true }, { use: 'offered' }],
  ['the type configured: required', { requiredForTypes: ['deletion'] }, { use: 'required', requiredBy: 'configuration' }],
  ['another type configured: not used', { requiredForTypes: ['portability'] }, { use: 'not-used' }],
  ['configured type, no card: still required', { requiredForTypes: ['deletion'], directory: 'no-card' }, { use: 'required', requiredBy: 'configuration' }],
  ['an operator asked: required', { operatorRequired: true }, { use: 'required', requiredBy: 'operator' }],
  [
    'an operator asked and the type is configured: the operator is named',
    { operatorRequired: true, requiredForTypes: ['deletion'] },
    { use: 'required', requiredBy: 'operator' },
  ],
  [
    'an operator asked on an email-only request: required',
    { level: 'email', type: 'third-party-disclosure', operatorRequired: true },
    { use: 'required', requiredBy: 'operator' },
  ],
  ['an email-only request with no card: not used', { level: 'email', type: 'third-party-disclosure', directory: 'no-card' }, { use: 'not-used' }],
  [
    'an email-only request of a configured type: not used (the type needs no identity)',
    { level: 'email', type: 'access', requiredForTypes: ['access'] },
    { use: 'not-used' },
  ],
  [
    'an opt-out an operator asked for: never (the law forbids verifying it)',
    { level: 'none', type: 'sale-opt-out', operatorRequired: true },
    { use: 'not-used' },
  ],
  ['no provider configured, no card: not used', { providerConfigured: false, directory: 'no-card' }, { use: 'not-used' }],
  ['no provider configured, locked: not used (the request is refused)', { providerConfigured: false, knowledgeCheckLocked: true }, { use: 'not-used' }],
  ['no provider configured, type configured: not used', { providerConfigured: false, requiredForTypes: ['deletion'] }, { use: 'not-used' }],
  ['no provider configured, operator asked: not used', { providerConfigured: false, operatorRequired: true }, { use: 'not-used' }],
];

describe('identityProviderUse', () => {
  it.each(ROWS)('%s', (_name, facts, expected) => {
    // Prepare / Act
    const decision = identityProviderUse({ ...BASE, ...facts });
    // Assess
    expect(decision).toEqual(expected);
  });
});

describe('directoryStanding', () => {
  it.each([
    [undefined, 'not-in-directory'],
    [{ cardLast4: '' }, 'no-card'],
    [{ cardLast4: '12' }, 'no-card'],
    [{ cardLast4: ' 4242 ' }, 'card-on-file'],
    [{ cardLast4: '4242' }, 'card-on-file'],
  ] as const)('reads %j as %s', (account, standing) => {
    expect(directoryStanding(account)).toBe(standing);
  });
});
