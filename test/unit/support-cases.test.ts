import { describe, expect, it } from 'vitest';
import { CASE_ID } from '../../shared/retention/support-cases.js';

describe('CASE_ID', () => {
  it.each([
    ['sc-1001-1', true],
    ['CASE.2026:17_a', true],
    ['-leading-dash', false],
    ['has space', false],
    ['a/b', false],
    ['', false],
    ['c'.repeat(128), true],
    ['c'.repeat(129), false],
  ])('judges %j as %s', (id, valid) => {
    // Act
    const result = CASE_ID.test(id);

    // Assess
    expect(result).toBe(valid);
  });
});
