import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/config.js';
import { accountGraceDays, ACCOUNT_GRACE_DAYS_ENV } from '../../shared/retention/deactivated-accounts.js';
import { CASE_ID } from '../../shared/retention/support-cases.js';

describe('accountGraceDays', () => {
  afterEach(() => {
    delete process.env[ACCOUNT_GRACE_DAYS_ENV];
  });

  it('defaults to 30 days', () => {
    // Prepare
    delete process.env[ACCOUNT_GRACE_DAYS_ENV];

    // Act
    const days = accountGraceDays();

    // Assess
    expect(days).toBe(30);
  });

  it('reads a whole number of days from ACCOUNT_GRACE_DAYS', () => {
    // Prepare
    process.env[ACCOUNT_GRACE_DAYS_ENV] = '90';

    // Act
    const days = accountGraceDays();

    // Assess
    expect(days).toBe(90);
  });

  it.each(['0', '-5', '2.5', 'thirty', '3651'])('refuses %s with a ConfigError', (value) => {
    // Prepare
    process.env[ACCOUNT_GRACE_DAYS_ENV] = value;

    // Act
    const read = () => accountGraceDays();

    // Assess
    expect(read).toThrow(ConfigError);
  });
});

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
