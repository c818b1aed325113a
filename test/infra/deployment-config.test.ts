import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { buildStack, templatesText } from '../support/stack.js';

/** A company's own configuration file, made up, with no example domain in it. */
const OWN_CONFIG = {
  $schema: '../privacy-ops.config.schema.json',
  controller: {
    name: 'Nordlicht Analytik AG',
    postalAddress: 'Hafenweg 7, 20457 Hamburg, Germany',
    privacyContact: 'datenschutz@nordlicht.test',
    dpoContact: 'dpo@nordlicht.test',
    privacyNoticeUrl: 'https://www.nordlicht.test/datenschutz',
    authorities: {
      gdpr: [
        {
          name: { de: 'Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit', en: 'Hamburg Commissioner for Data Protection' },
          address: 'Ludwig-Erhard-Str. 22, 20459 Hamburg',
          url: 'https://datenschutz-hamburg.de',
        },
      ],
      ccpa: [{ name: { de: 'California Privacy Protection Agency', en: 'California Privacy Protection Agency' }, url: 'https://cppa.ca.gov' }],
    },
  },
  senderAddress: 'datenschutz@nordlicht.test',
  replyToAddress: 'privacy-team@nordlicht.test',
  domain: 'privacy.nordlicht.test',
  languages: ['de'],
  gdpr: { timeZone: 'Europe/Berlin', holidayRegion: 'DE-HH' },
  edge: { certificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0' },
};

type FunctionResource = { Properties: { Environment: { Variables: Record<string, string> } } };

describe('the deployment configuration at synth', () => {
  let configFile: string;

  beforeAll(() => {
    configFile = join(mkdtempSync(join(tmpdir(), 'privacy-ops-config-')), 'privacy-ops.config.json');
    writeFileSync(configFile, JSON.stringify(OWN_CONFIG));
  });

  it('refuses the demo configuration without the demo flag, naming the keys to set', () => {
    // Act
    const synth = () => buildStack({ context: { 'privacy-ops:demo': false } });

    // Assess
    expect(synth).toThrow(/example\.com or example\.org/);
    expect(synth).toThrow(
      /privacy-ops:senderAddress, privacy-ops:domain, privacy-ops:controller\.privacyContact, privacy-ops:controller\.dpoContact, privacy-ops:controller\.privacyNoticeUrl\..*privacy-ops:demo to true/s,
    );
  });

  it('refuses a configuration without a controller, naming the key and the file to name', () => {
    // Act: `-c privacy-ops:configFile=` unsets the file cdk.json names
    const synth = () => buildStack({ context: { 'privacy-ops:demo': false, 'privacy-ops:configFile': '' } });

    // Assess
    expect(synth).toThrow(/privacy-ops:controller: .*\nName the company's configuration file with privacy-ops:configFile/s);
  });

  it('names a malformed key of the file by its context key', () => {
    // Prepare
    const broken = join(mkdtempSync(join(tmpdir(), 'privacy-ops-config-')), 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...OWN_CONFIG, controller: { ...OWN_CONFIG.controller, privacyNoticeUrl: 'no url' } }));

    // Act
    const synth = () => buildStack({ context: { 'privacy-ops:demo': false, 'privacy-ops:configFile': broken } });

    // Assess
    expect(synth).toThrow(/privacy-ops:controller\.privacyNoticeUrl: /);
  });

  it('refuses an example domain set as a context key over a company file', () => {
    // Act
    const synth = () =>
      buildStack({ context: { 'privacy-ops:demo': false, 'privacy-ops:configFile': configFile, 'privacy-ops:senderAddress': 'privacy@example.org' } });

    // Assess
    expect(synth).toThrow(/still names the example domains.*privacy-ops:senderAddress\./s);
  });

  it('hands a company of its own from the file to every function, with no trace of the demo in any template', () => {
    // Act
    const { stack } = buildStack({ context: { 'privacy-ops:demo': false, 'privacy-ops:configFile': configFile } });
    const template = Template.fromStack(stack);

    // Assess
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as FunctionResource[];
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      const env = fn.Properties.Environment.Variables;
      expect(JSON.parse(env.CONTROLLER ?? '')).toEqual({ ...OWN_CONFIG.controller, timeZone: 'Europe/Berlin' });
      expect(env).toMatchObject({
        SENDER_ADDRESS: 'datenschutz@nordlicht.test',
        REPLY_TO_ADDRESS: 'privacy-team@nordlicht.test',
        PUBLIC_BASE_URL: 'https://privacy.nordlicht.test',
        GDPR_HOLIDAY_REGION: 'DE-HH',
      });
    }
    // The API's nested stack included: it names the domain the links use.
    const text = templatesText(stack);
    expect(text).toContain('privacy-ops-PrivacyOpsTest');
    for (const mark of [DEMO_CONTROLLER.name, DEMO_CONTROLLER.postalAddress, 'BayLDA', 'example.com', 'example.org']) expect(text).not.toContain(mark);
  }, 300_000);

  it('synthesizes the demo company with the demo flag that cdk.json sets', () => {
    // Act
    const { stack } = buildStack();

    // Assess
    const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as FunctionResource[];
    for (const fn of functions) expect(JSON.parse(fn.Properties.Environment.Variables.CONTROLLER ?? '')).toEqual(DEMO_CONTROLLER);
  }, 300_000);
});
