import { afterEach, describe, expect, it } from 'vitest';
import { bucketName, checkSettings, ConfigError, config, secretSource, settings, settingsEnvironment, tableName, type SettingId } from '../../shared/config.js';

const touched = new Set<string>();

/** Sets (or, with undefined, unsets) an environment variable for this test only. */
function setEnv(name: string, value: string | undefined): void {
  touched.add(name);
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describe('config', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of touched) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    touched.clear();
  });

  it.each<[SettingId, unknown]>([
    ['verificationLinkDays', 7],
    ['unsubscribeLinkDays', 365],
    ['gdprTimeZone', 'Europe/Berlin'],
    ['gdprHolidayRegion', 'DE'],
    ['ccpaTimeZone', 'America/Los_Angeles'],
    ['ccpaHolidayRegion', 'US-CA'],
    ['drpBusinessId', 'privacy-ops'],
    ['nearDeadlineDays', 5],
    ['accountGraceDays', 30],
    ['campaignSendsPerSecond', 10],
    ['campaignPageSize', 500],
    ['campaignSegments', 4],
    ['s3ForcePathStyle', false],
    ['traceEnabled', true],
    ['sesConfigurationSet', undefined],
  ])('gives %s its default when unset or empty', (id, fallback) => {
    // Prepare
    setEnv(settings[id].envVar, undefined);

    // Act
    const unset = config(id);
    setEnv(settings[id].envVar, '');
    const empty = config(id);

    // Assess
    expect(unset).toEqual(fallback);
    expect(empty).toEqual(fallback);
  });

  it.each<[SettingId, string, unknown]>([
    ['publicBaseUrl', 'https://privacy.example.org', 'https://privacy.example.org'],
    ['senderAddress', 'privacy@example.org', 'privacy@example.org'],
    ['verificationLinkDays', '14', 14],
    ['accountGraceDays', '90', 90],
    ['nearDeadlineDays', '0', 0],
    ['campaignSendsPerSecond', '2.5', 2.5],
    ['s3ForcePathStyle', 'true', true],
    ['traceEnabled', 'false', false],
    ['gdprTimeZone', 'Europe/Dublin', 'Europe/Dublin'],
    ['ccpaHolidayRegion', 'US', 'US'],
  ])('reads %s from its variable', (id, text, expected) => {
    // Prepare
    setEnv(settings[id].envVar, text);

    // Act
    const value = config(id);

    // Assess
    expect(value).toEqual(expected);
  });

  it.each<[SettingId, string]>([
    ['accountGraceDays', '0'],
    ['accountGraceDays', '-5'],
    ['accountGraceDays', '2.5'],
    ['accountGraceDays', 'thirty'],
    ['accountGraceDays', '3651'],
    ['nearDeadlineDays', '91'],
    ['verificationLinkDays', '31'],
    ['campaignPageSize', '501'],
    ['campaignSegments', '65'],
    ['campaignSendsPerSecond', '0'],
    ['publicBaseUrl', 'not a url'],
    ['senderAddress', 'privacy-at-example.org'],
    ['gdprTimeZone', 'Mars/Olympus_Mons'],
    ['gdprHolidayRegion', 'germany'],
    ['s3ForcePathStyle', 'yes'],
  ])('refuses %s=%s with a ConfigError naming the variable', (id, text) => {
    // Prepare
    setEnv(settings[id].envVar, text);

    // Act
    const read = () => config(id);

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(settings[id].envVar);
  });

  it('names a required setting that is missing', () => {
    // Prepare
    setEnv(settings.publicBaseUrl.envVar, undefined);

    // Act
    const read = () => config('publicBaseUrl');

    // Assess
    expect(read).toThrow(new ConfigError('The setting PUBLIC_BASE_URL is missing'));
  });

  it('finds a malformed setting at start-up, and leaves unset ones to their readers', () => {
    // Prepare
    setEnv(settings.publicBaseUrl.envVar, undefined);
    setEnv(settings.nearDeadlineDays.envVar, 'soon');

    // Act
    const check = () => checkSettings();

    // Assess
    expect(check).toThrow(/NEAR_DEADLINE_DAYS/);
    setEnv(settings.nearDeadlineDays.envVar, '3');
    expect(check).not.toThrow();
  });

  it('reads table and bucket names from the variables the resources declare', () => {
    // Prepare
    setEnv('REQUESTS_TABLE', 'requests-under-test');
    setEnv('DATA_BUCKET', undefined);

    // Act
    const table = tableName('requests');
    const bucket = () => bucketName('data');

    // Assess
    expect(table).toBe('requests-under-test');
    expect(bucket).toThrow(new ConfigError('Missing required setting DATA_BUCKET'));
  });

  it('takes a secret from its local value before its ARN', () => {
    // Prepare
    setEnv('SUBJECT_HASH_KEY', undefined);
    setEnv('SUBJECT_HASH_SECRET_ARN', 'arn:aws:secretsmanager:eu-central-1:111111111111:secret:hash');

    // Act
    const fromArn = secretSource('subjectHashKey');
    setEnv('SUBJECT_HASH_KEY', 'local-key');
    const local = secretSource('subjectHashKey');

    // Assess
    expect(fromArn).toEqual({ arn: 'arn:aws:secretsmanager:eu-central-1:111111111111:secret:hash' });
    expect(local).toEqual({ value: 'local-key' });
  });

  it('names the variables of the settings it is given, and no others', () => {
    // Act
    const env = settingsEnvironment({ senderAddress: 'privacy@example.org', publicBaseUrl: 'https://privacy.example.org', sesConfigurationSet: undefined });

    // Assess
    expect(env).toEqual({ SENDER_ADDRESS: 'privacy@example.org', PUBLIC_BASE_URL: 'https://privacy.example.org' });
  });

  it('declares each environment variable once', () => {
    // Act
    const names = Object.values(settings).map((spec) => spec.envVar);

    // Assess
    expect(new Set(names).size).toBe(names.length);
  });
});
