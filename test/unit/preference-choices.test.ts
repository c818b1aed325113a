import { describe, expect, it } from 'vitest';
import type { ConsentState, PurposeState } from '../../shared/preferences/consent-state.js';
import {
  actionOf,
  answerOf,
  changesOf,
  grantableFromLink,
  listedPurposes,
  offeredAnswers,
  preferenceRows,
  purposeName,
  type PreferenceRow,
} from '../../shared/preferences/preference-choices.js';
import { formToken, formTokenMatches, preferencesToken } from '../../shared/preferences/preference-links.js';
import { isWellFormedToken } from '../../shared/verification/tokens.js';

const at = (state: ConsentState, since = '2026-11-01T10:00:00.000Z'): PurposeState => ({ state, since, gpc: false });

describe('listedPurposes', () => {
  it.each([
    { note: 'offered purposes without history', offered: ['marketing', 'analytics'], current: {}, listed: ['marketing', 'analytics'] },
    {
      note: 'offered first in their order, then the history alphabetically',
      offered: ['marketing'],
      current: { support: at('granted'), analytics: at('withdrawn'), marketing: at('granted') },
      listed: ['marketing', 'analytics', 'support'],
    },
    { note: 'a purpose offered twice once', offered: ['marketing', 'marketing'], current: {}, listed: ['marketing'] },
    { note: 'nothing offered: the history only', offered: [], current: { 'sale-and-sharing': at('opted-out') }, listed: ['sale-and-sharing'] },
  ] as { note: string; offered: string[]; current: Record<string, PurposeState>; listed: string[] }[])('lists $note', ({ offered, current, listed }) => {
    expect(listedPurposes(offered, current)).toStrictEqual(listed);
  });
});

describe('answerOf', () => {
  it.each([
    { state: undefined, answer: undefined },
    { state: 'granted', answer: 'yes' },
    { state: 'withdrawn', answer: 'no' },
    { state: 'objected', answer: 'no' },
    { state: 'opted-out', answer: 'no' },
  ] as const)('reads $state as $answer', ({ state, answer }) => {
    expect(answerOf(state)).toBe(answer);
  });
});

describe('offeredAnswers', () => {
  it.each([
    { purpose: 'analytics', state: undefined, offers: ['yes', 'no'] },
    { purpose: 'analytics', state: 'withdrawn', offers: ['yes', 'no'] },
    { purpose: 'analytics', state: 'objected', offers: ['yes', 'no'] },
    { purpose: 'marketing', state: undefined, offers: ['no'] },
    { purpose: 'marketing', state: 'withdrawn', offers: ['no'] },
    { purpose: 'marketing', state: 'granted', offers: ['yes', 'no'] },
    { purpose: 'email-marketing', state: 'opted-out', offers: ['no'] },
    { purpose: 'sale-and-sharing', state: 'opted-out', offers: ['no'] },
    { purpose: 'sale', state: 'granted', offers: ['yes', 'no'] },
    { purpose: 'targeted-advertising', state: undefined, offers: ['no'] },
  ] as const)('offers $offers for $purpose when $state', ({ purpose, state, offers }) => {
    expect(offeredAnswers(purpose, state)).toStrictEqual(offers);
    expect(grantableFromLink(purpose)).toBe(!['marketing', 'email-marketing', 'sale-and-sharing', 'sale', 'targeted-advertising'].includes(purpose));
  });
});

describe('actionOf', () => {
  it.each([
    { purpose: 'analytics', answer: 'yes', action: 'grant' },
    { purpose: 'analytics', answer: 'no', action: 'withdraw' },
    { purpose: 'marketing', answer: 'no', action: 'withdraw' },
    { purpose: 'sale-and-sharing', answer: 'no', action: 'opt-out' },
    { purpose: 'sharing', answer: 'no', action: 'opt-out' },
    { purpose: 'sale', answer: 'yes', action: 'grant' },
  ] as const)('records $action for $answer to $purpose', ({ purpose, answer, action }) => {
    expect(actionOf(purpose, answer)).toBe(action);
  });
});

describe('purposeName', () => {
  it("takes the inventory's name, else the built-in one, else the other language's, else the purpose", () => {
    const inventory = { analytics: { de: 'Reichweitenmessung', en: 'audience measurement' }, support: { en: 'customer support' } };

    expect(purposeName('analytics', inventory)).toStrictEqual({ de: 'Reichweitenmessung', en: 'audience measurement' });
    expect(purposeName('marketing', inventory)).toStrictEqual({ de: 'Werbung per E-Mail', en: 'marketing emails' });
    expect(purposeName('marketing', { marketing: { de: 'Direktwerbung' } })).toStrictEqual({ de: 'Direktwerbung', en: 'marketing emails' });
    expect(purposeName('support', inventory)).toStrictEqual({ de: 'customer support', en: 'customer support' });
    expect(purposeName('loyalty-club', inventory)).toStrictEqual({ de: 'loyalty-club', en: 'loyalty-club' });
  });
});

describe('changesOf', () => {
  const rows: PreferenceRow[] = preferenceRows(['marketing', 'analytics'], { marketing: at('granted'), 'sale-and-sharing': at('granted') }, {});

  it.each([
    { note: 'nothing posted: no change', fields: {}, changes: [] },
    { note: 'the answers already recorded: no change', fields: { 'consent.marketing': 'yes' }, changes: [] },
    { note: 'a marketing withdrawal', fields: { 'consent.marketing': 'no' }, changes: [{ purpose: 'marketing', action: 'withdraw' }] },
    {
      note: 'a grant of a purpose never recorded, and an opt-out of sale and sharing',
      fields: { 'consent.analytics': 'yes', 'consent.sale-and-sharing': 'no' },
      changes: [
        { purpose: 'analytics', action: 'grant' },
        { purpose: 'sale-and-sharing', action: 'opt-out' },
      ],
    },
    { note: 'a no to a purpose never recorded', fields: { 'consent.analytics': 'no' }, changes: [{ purpose: 'analytics', action: 'withdraw' }] },
  ])('reads $note', ({ fields, changes }) => {
    expect(changesOf(fields, rows)).toStrictEqual({ ok: true, changes });
  });

  it.each([
    { note: 'a purpose the page did not list', fields: { 'consent.location': 'no' }, problem: 'unknown-purpose' },
    { note: 'a field that is no purpose', fields: { marketing: 'no' }, problem: 'malformed' },
    { note: 'an answer that is not yes or no', fields: { 'consent.marketing': 'maybe' }, problem: 'malformed' },
    { note: 'an answer sent twice', fields: { 'consent.marketing': ['no', 'yes'] }, problem: 'malformed' },
    {
      note: 'a grant the page does not offer (marketing again after a withdrawal)',
      rowsAt: { marketing: at('withdrawn') },
      fields: { 'consent.marketing': 'yes' },
      problem: 'not-offered',
    },
  ] as { note: string; fields: Record<string, unknown>; problem: string; rowsAt?: Record<string, PurposeState> }[])(
    'refuses $note, changing nothing',
    ({ fields, problem, rowsAt }) => {
      const these = rowsAt ? preferenceRows(['marketing'], rowsAt, {}) : rows;
      expect(changesOf(fields, these)).toStrictEqual({ ok: false, problem });
    },
  );
});

describe('preference link tokens', () => {
  const token = 'u'.repeat(43);

  it('derives a well-formed preferences token that differs from the unsubscribe token and is stable', () => {
    const derived = preferencesToken(token);
    expect(isWellFormedToken(derived)).toBe(true);
    expect(derived).not.toBe(token);
    expect(preferencesToken(token)).toBe(derived);
    expect(preferencesToken('v'.repeat(43))).not.toBe(derived);
  });

  it("accepts the page's form token only for its own link and key", () => {
    const key = Buffer.from('k'.repeat(43));
    const issued = formToken(key, token);

    expect(formTokenMatches(issued, key, token)).toBe(true);
    expect(formTokenMatches(issued, key, 'w'.repeat(43))).toBe(false);
    expect(formTokenMatches(issued, Buffer.from('x'.repeat(43)), token)).toBe(false);
    expect(formTokenMatches(`${issued.slice(0, -1)}${issued.endsWith('A') ? 'B' : 'A'}`, key, token)).toBe(false);
    expect(formTokenMatches(undefined, key, token)).toBe(false);
    expect(formTokenMatches(['a', 'b'], key, token)).toBe(false);
    expect(formTokenMatches('', key, token)).toBe(false);
  });
});
