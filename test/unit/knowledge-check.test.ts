import { describe, expect, it } from 'vitest';
import { answersMatch, normaliseAddressPart, type AccountFacts, type IdentityAnswers } from '../../shared/verification/knowledge-check.js';
import { hashToken, isWellFormedToken, issueToken } from '../../shared/verification/tokens.js';

const account: AccountFacts = {
  accountId: 'acc-1',
  email: 'anna.schmidt@example.com',
  billingAddress: { street: 'Hauptstraße 12', postalCode: '10115', city: 'Berlin' },
  cardLast4: '4242',
};
const right: IdentityAnswers = {
  email: 'anna.schmidt@example.com',
  address: { street: 'Hauptstraße 12', postalCode: '10115', city: 'Berlin' },
  cardLast4: '4242',
};

describe('normaliseAddressPart', () => {
  it.each([
    ['Hauptstraße 12', 'hauptstrasse 12'],
    ['Hauptstr. 12', 'hauptstrasse 12'],
    ['HAUPTSTR 12', 'hauptstrasse 12'],
    ['Haupt Straße 12', 'hauptstrasse 12'],
    ['  Hauptstrasse   12 ', 'hauptstrasse 12'],
    ['Berliner Str.12', 'berlinerstrasse 12'],
    ['Lindenallee 5 a', 'lindenallee 5a'],
    ['Lindenallee 5A', 'lindenallee 5a'],
    ['1450 Mission St.', '1450 mission street'],
    ['1450 mission street', '1450 mission street'],
    ['5th Ave', '5th avenue'],
    ['12 Ocean Blvd.', '12 ocean boulevard'],
    ['München', 'muenchen'],
    ['Muenchen', 'muenchen'],
    ['Am Markt 3,', 'am markt 3'],
    ['Strandweg 4', 'strandweg 4'],
    ['Hauptstraße 12\nHinterhaus', 'hauptstrasse 12 hinterhaus'],
  ])('writes %j as %j', (input, expected) => {
    // Prepare: the row

    // Act
    const result = normaliseAddressPart(input);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('answersMatch', () => {
  it('accepts the facts on file, however the address and email are spelled', () => {
    // Prepare
    const answers: IdentityAnswers = {
      email: '  Anna.Schmidt@Example.com ',
      address: { street: 'Hauptstr. 12', postalCode: '10 115', city: 'BERLIN' },
      cardLast4: ' 4242 ',
    };

    // Act
    const result = answersMatch(account, answers);

    // Assess
    expect(result).toBe(true);
  });

  it.each([
    { note: 'another email', change: { email: 'anna@example.com' } },
    { note: 'another street', change: { address: { ...right.address, street: 'Hauptstraße 13' } } },
    { note: 'another postal code', change: { address: { ...right.address, postalCode: '10117' } } },
    { note: 'another city', change: { address: { ...right.address, city: 'Potsdam' } } },
    { note: 'other card digits', change: { cardLast4: '4243' } },
    { note: 'empty card digits', change: { cardLast4: '' } },
  ])('refuses $note', ({ change }) => {
    // Prepare
    const answers = { ...right, ...change };

    // Act
    const result = answersMatch(account, answers);

    // Assess
    expect(result).toBe(false);
  });

  it('refuses any answers when there is no account, even ones that match the stand-in', () => {
    // Prepare
    const answers: IdentityAnswers = {
      email: 'nobody@invalid.invalid',
      address: { street: '\u0000', postalCode: '\u0000', city: '\u0000' },
      cardLast4: '\u0000\u0000\u0000\u0000',
    };

    // Act
    const result = answersMatch(undefined, answers);

    // Assess
    expect(result).toBe(false);
  });
});

describe('link tokens', () => {
  it('issues 256-bit URL-safe tokens whose hash alone is kept', () => {
    // Prepare
    const issued = Array.from({ length: 200 }, () => issueToken());

    // Act
    const tokens = new Set(issued.map((t) => t.token));

    // Assess
    expect(tokens.size).toBe(200);
    for (const { token, hash } of issued) {
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(isWellFormedToken(token)).toBe(true);
      expect(hash).toBe(hashToken(token));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).not.toContain(token);
    }
  });

  it.each([
    { token: undefined, note: 'no token' },
    { token: '', note: 'an empty one' },
    { token: 'abc', note: 'a short one' },
    { token: `${'A'.repeat(42)}=`, note: 'one with padding' },
    { token: `${'A'.repeat(42)}/`, note: 'one with a slash' },
    { token: 'A'.repeat(44), note: 'a long one' },
  ])('refuses $note before any lookup', ({ token }) => {
    // Prepare: the row

    // Act
    const result = isWellFormedToken(token);

    // Assess
    expect(result).toBe(false);
  });
});
