// The deployment configuration: the company a stack speaks for, where its mail comes from and where
// its deadlines are counted. One schema checks it at synth (infra/config.ts) and generates the JSON
// Schema editors complete `privacy-ops.config.json` with (privacy-ops.config.schema.json).
import * as z from 'zod/mini';
import { Controller, HolidayRegion, TimeZone, type ControllerInfo } from './config.js';
import { LOCALES, type Jurisdiction, type Locale } from './domain/request-model.js';

/** Where one law's deadlines are counted: a time zone and a public-holiday calendar. */
const Calendar = (timeZone: string, holidayRegion: string) =>
  z._default(
    z.object({
      timeZone: z._default(TimeZone.check(z.describe('The IANA time zone deadlines are counted in')), timeZone),
      holidayRegion: z._default(HolidayRegion.check(z.describe('The public holidays that move a deadline: a country or country-state code')), holidayRegion),
    }),
    { timeZone, holidayRegion },
  );

/** A domain name such as privacy.shop.de. */
export const DomainName = z.string().check(z.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i, 'must be a domain name such as privacy.shop.de'));

export const DeploymentConfig = z.object({
  /** The JSON Schema an editor completes the file with; ignored otherwise. */
  $schema: z.optional(z.string()),
  controller: Controller.check(z.describe('The company every notice, page and export README speaks as')),
  senderAddress: z.email().check(z.describe('The From address of every email; its domain must be a verified SES identity')),
  replyToAddress: z.optional(z.email().check(z.describe('Where replies to an email go; the sender when absent'))),
  domain: DomainName.check(z.describe('The public domain of the links people click')),
  languages: z._default(z.array(z.enum(LOCALES)).check(z.minLength(1), z.describe('The languages notices, pages and export READMEs are written in')), [
    ...LOCALES,
  ]),
  gdpr: Calendar('Europe/Berlin', 'DE'),
  ccpa: Calendar('America/Los_Angeles', 'US-CA'),
});

export type DeploymentConfigInput = z.input<typeof DeploymentConfig>;

/** A checked deployment configuration; the controller always carries the time zone its notices show times in. */
export interface DeploymentSettings {
  controller: ControllerInfo;
  senderAddress: string;
  replyToAddress?: string;
  domain: string;
  languages: Locale[];
  gdpr: { timeZone: string; holidayRegion: string };
  ccpa: { timeZone: string; holidayRegion: string };
}

/** One key the configuration got wrong, by its path (`controller.name`), and what is wrong with it. */
export interface ConfigProblem {
  key: string;
  message: string;
}

/** Checks `input`; the problems name every key at fault, so one synth shows all of them. */
export function parseDeploymentConfig(input: unknown): { config: DeploymentSettings } | { problems: ConfigProblem[] } {
  const parsed = DeploymentConfig.safeParse(input);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((issue) => ({ key: issue.path.map(String).join('.') || '(root)', message: issue.message })) };
  }
  const { $schema: _schema, controller, ...rest } = parsed.data;
  return { config: { ...rest, controller: { ...controller, timeZone: controller.timeZone ?? rest.gdpr.timeZone } } };
}

/** The reserved example domains (RFC 2606) the demo uses, and their subdomains. */
const EXAMPLE_DOMAIN = /(^|\.)example\.(com|org)$/i;

const hostOf = (value: string): string => {
  if (value.includes('@')) return value.slice(value.lastIndexOf('@') + 1);
  try {
    return new URL(value).hostname;
  } catch {
    return value;
  }
};

/** The keys whose address, domain or URL lies under example.com or example.org: a configuration nobody set yet. */
export function exampleDomainKeys(config: DeploymentSettings): string[] {
  const { controller } = config;
  const authorities = (law: Jurisdiction) => controller.authorities[law].map((a, i) => [`controller.authorities.${law}.${i}.url`, a.url] as const);
  const candidates: Array<readonly [string, string | undefined]> = [
    ['senderAddress', config.senderAddress],
    ['replyToAddress', config.replyToAddress],
    ['domain', config.domain],
    ['controller.privacyContact', controller.privacyContact],
    ['controller.dpoContact', controller.dpoContact],
    ['controller.privacyNoticeUrl', controller.privacyNoticeUrl],
    ...authorities('gdpr'),
    ...authorities('ccpa'),
  ];
  return candidates.flatMap(([key, value]) => (value !== undefined && EXAMPLE_DOMAIN.test(hostOf(value)) ? [key] : []));
}

/** A few lines that say whom a synthesized stack speaks for: only the company's public identity. */
export function configSummary(config: DeploymentSettings, demo: boolean): string {
  const laws = (['gdpr', 'ccpa'] as const).map((law) => `${law} (${config[law].timeZone}, holidays ${config[law].holidayRegion})`);
  return [
    `privacy-ops${demo ? ' (demo)' : ''}: controller ${config.controller.name}`,
    `  domain ${config.domain}, sender ${config.senderAddress}${config.replyToAddress ? `, reply-to ${config.replyToAddress}` : ''}`,
    `  laws ${laws.join(', ')}; languages ${config.languages.join(', ')}`,
  ].join('\n');
}

/** The JSON Schema of the configuration file, as editors read it: what a file may hold, defaults left optional. */
export function deploymentConfigJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(DeploymentConfig, { io: 'input' }),
    title: 'privacy-ops deployment configuration',
    description: 'The company a privacy-ops stack speaks for (privacy-ops.config.json, named by privacy-ops:configFile in cdk.json).',
  };
}
