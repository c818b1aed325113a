import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, optionalEnv, requireEnv } from '../../shared/config.js';

describe('requireEnv', () => {
  afterEach(() => {
    delete process.env.PRIVACY_OPS_TEST_SETTING;
  });

  it('returns a set value', () => {
    process.env.PRIVACY_OPS_TEST_SETTING = 'requests-table';
    expect(requireEnv('PRIVACY_OPS_TEST_SETTING')).toBe('requests-table');
  });

  it('throws a ConfigError naming a missing or empty setting', () => {
    expect(() => requireEnv('PRIVACY_OPS_TEST_SETTING')).toThrow(ConfigError);
    process.env.PRIVACY_OPS_TEST_SETTING = '';
    expect(() => requireEnv('PRIVACY_OPS_TEST_SETTING')).toThrow(/PRIVACY_OPS_TEST_SETTING/);
  });

  it('falls back only when a setting is absent', () => {
    expect(optionalEnv('PRIVACY_OPS_TEST_SETTING', 'fallback')).toBe('fallback');
    process.env.PRIVACY_OPS_TEST_SETTING = 'given';
    expect(optionalEnv('PRIVACY_OPS_TEST_SETTING', 'fallback')).toBe('given');
  });
});
