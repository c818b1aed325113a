import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE } from '../../bin/config-schema.js';
import { DEMO_CONFIG, DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { ConfigError, config } from '../../shared/config.js';
import {
  configSummary,
  deploymentConfigJsonSchema,
  exampleDomainKeys,
  MAX_PROCESSOR_CERTIFICATE_CHARS,
  parseDeploymentConfig,
} from '../../shared/deployment-config.js';
import { selfSignedCertificate } from '../../shared/protocols/certificate.js';
import { processorKey } from '../../shared/protocols/signing.js';

/** A company's own configuration, made up, with no example domain in it. */
const OWN = {
  controller: {
    name: 'Nordlicht Analytik AG',
    postalAddress: 'Hafenweg 7, 20457 Hamburg, Germany',
    privacyContact: 'datenschutz@nordlicht.test',
    privacyNoticeUrl: 'https://www.nordlicht.test/datenschutz',
    authorities: {
      gdpr: [{ name: { de: 'HmbBfDI', en: 'HmbBfDI' }, url: 'https://datenschutz-hamburg.de' }],
      ccpa: [{ name: { de: 'CPPA', en: 'CPPA' }, url: 'https://cppa.ca.gov' }],
    },
  },
  senderAddress: 'datenschutz@nordlicht.test',
  domain: 'privacy.nordlicht.test',
};

describe('deployment configuration', () => {
  it('matches the committed JSON Schema (npm run config-schema writes it)', () => {
    // Act
    const committed = JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, 'utf8'));

    // Assess
    expect(committed).toEqual(deploymentConfigJsonSchema());
  });

  it('fills in languages, calendars and the time zone notices show times in', () => {
    // Act
    const result = parseDeploymentConfig(OWN);

    // Assess
    expect(result).toEqual({
      config: expect.objectContaining({
        languages: ['de', 'en'],
        gdpr: { timeZone: 'Europe/Berlin', holidayRegion: 'DE' },
        ccpa: { timeZone: 'America/Los_Angeles', holidayRegion: 'US-CA' },
        controller: expect.objectContaining({ timeZone: 'Europe/Berlin' }),
      }),
    });
  });

  it('names every key at fault by its path', () => {
    // Prepare
    const broken = {
      ...OWN,
      controller: { ...OWN.controller, privacyNoticeUrl: 'not a url', authorities: { gdpr: [], ccpa: OWN.controller.authorities.ccpa } },
      languages: ['fr'],
      gdpr: { timeZone: 'Mars/Olympus' },
    };

    // Act
    const result = parseDeploymentConfig(broken);

    // Assess
    expect('problems' in result && result.problems.map((p) => p.key).sort()).toEqual([
      'controller.authorities.gdpr',
      'controller.privacyNoticeUrl',
      'gdpr.timeZone',
      'languages.0',
    ]);
  });

  it.each([
    { law: 'gdpr', region: 'US', note: 'a country the holiday table does not hold' },
    { law: 'gdpr', region: 'FR-75', note: 'a state of a country held only nationwide' },
    { law: 'ccpa', region: 'US-NY', note: 'a US state other than California' },
  ])('refuses $law holidays of $region, $note, naming the table', ({ law, region }) => {
    // Prepare
    const elsewhere = { ...OWN, [law]: { holidayRegion: region } };

    // Act
    const result = parseDeploymentConfig(elsewhere);

    // Assess
    expect(result).toEqual({
      problems: [
        {
          key: `${law}.holidayRegion`,
          message: expect.stringMatching(/^must be a region of the holiday table \(US-CA, AT, .*DE-BY.*\); bin\/holiday-table\.ts/),
        },
      ],
    });
  });

  it('takes a German state the holiday table holds', () => {
    // Act
    const result = parseDeploymentConfig({ ...OWN, gdpr: { holidayRegion: 'DE-HH' } });

    // Assess
    expect(result).toEqual({ config: expect.objectContaining({ gdpr: { timeZone: 'Europe/Berlin', holidayRegion: 'DE-HH' } }) });
  });

  it.each(['javascript:alert(1)', 'data:text/html,hello', 'ftp://www.nordlicht.test/datenschutz'])(
    'refuses %s as a privacy notice or an authority address: people follow those links',
    (url) => {
      // Prepare
      const gdpr = [{ ...OWN.controller.authorities.gdpr[0]!, url }];
      const broken = { ...OWN, controller: { ...OWN.controller, privacyNoticeUrl: url, authorities: { ...OWN.controller.authorities, gdpr } } };

      // Act
      const result = parseDeploymentConfig(broken);

      // Assess
      expect('problems' in result && result.problems).toEqual([
        { key: 'controller.privacyNoticeUrl', message: 'must be an http(s) URL' },
        { key: 'controller.authorities.gdpr.0.url', message: 'must be an http(s) URL' },
      ]);
    },
  );

  it('finds the example domains of the demo and none in a company of its own', () => {
    // Act
    const own = parseDeploymentConfig(OWN);

    // Assess
    expect(exampleDomainKeys(DEMO_CONFIG)).toEqual([
      'senderAddress',
      'domain',
      'controller.privacyContact',
      'controller.dpoContact',
      'controller.privacyNoticeUrl',
    ]);
    expect('config' in own && exampleDomainKeys(own.config)).toEqual([]);
  });

  it('takes a P-256 processor certificate for OpenDSR and refuses another key type, garbage and a chain too long for a function environment', () => {
    // Prepare
    const now = new Date('2026-12-01T00:00:00Z');
    const p256 = selfSignedCertificate(processorKey(Buffer.from('k'.repeat(64))), { domain: OWN.domain, organization: OWN.controller.name, now });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaKey = { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
    const rsa = selfSignedCertificate(rsaKey, { domain: OWN.domain, organization: OWN.controller.name, now });

    // Act
    const taken = parseDeploymentConfig({ ...OWN, openDsr: { certificatePem: p256 } });
    const refused = [rsa, 'not a certificate', p256.repeat(5)].map((certificatePem) => parseDeploymentConfig({ ...OWN, openDsr: { certificatePem } }));

    // Assess
    expect('config' in taken && taken.config.openDsr).toEqual({ certificatePem: p256 });
    expect('config' in taken && configSummary(taken.config, false)).toContain('OpenDSR certificate given');
    expect(refused.map((result) => 'problems' in result && result.problems.map((p) => p.key))).toEqual([
      ['openDsr.certificatePem'],
      ['openDsr.certificatePem'],
      ['openDsr.certificatePem'],
    ]);
    expect(p256.length).toBeLessThan(MAX_PROCESSOR_CERTIFICATE_CHARS);
  });

  it('sums up whom a stack speaks for without its postal address or contacts', () => {
    // Act
    const summary = configSummary(DEMO_CONFIG, true);

    // Assess
    expect(summary).toContain('(demo)');
    expect(summary).toContain(DEMO_CONTROLLER.name);
    expect(summary).toContain('domain privacy.example.com, sender privacy@example.com');
    expect(summary).toContain('gdpr (Europe/Berlin, holidays DE), ccpa (America/Los_Angeles, holidays US-CA); languages de, en');
    expect(summary).not.toContain(DEMO_CONTROLLER.postalAddress);
    expect(summary).not.toContain('dpo@');
    expect(summary).toContain('OpenDSR certificate none yet');
  });
});

describe('the CONTROLLER setting', () => {
  const saved = process.env.CONTROLLER;
  afterEach(() => {
    if (saved === undefined) delete process.env.CONTROLLER;
    else process.env.CONTROLLER = saved;
  });

  it('reads the controller from its JSON', () => {
    // Prepare
    process.env.CONTROLLER = JSON.stringify(DEMO_CONTROLLER);

    // Act
    const controller = config('controller');

    // Assess
    expect(controller).toEqual(DEMO_CONTROLLER);
  });

  it.each([
    ['missing', undefined, /CONTROLLER is missing/],
    ['not JSON', '{name:', /CONTROLLER must be JSON/],
    ['without a name', JSON.stringify({ ...DEMO_CONTROLLER, name: undefined }), /CONTROLLER/],
  ])('refuses a controller that is %s', (_what, value, message) => {
    // Prepare
    if (value === undefined) delete process.env.CONTROLLER;
    else process.env.CONTROLLER = value;

    // Act
    const read = () => config('controller');

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(message);
  });
});
