// The deployment configuration: the company a stack speaks for, where its mail comes from and where
// its deadlines are counted. One schema checks it at synth (infra/config.ts) and generates the JSON
// Schema editors complete `privacy-ops.config.json` with (privacy-ops.config.schema.json).
import { X509Certificate } from 'node:crypto';
import * as z from 'zod/mini';
import { Controller, HolidayRegion, IdentityProvider, TimeZone, type ControllerInfo, type IdentityProviderInfo } from './config.js';
import { holidayRegions } from './domain/holidays.js';
import { LOCALES, type Jurisdiction, type Locale } from './domain/request-model.js';

/**
 * A region the functions have holidays for: the functions read the generated table, not date-holidays,
 * so a region outside it stops the synth here rather than the first filing.
 */
const TabulatedHolidayRegion = HolidayRegion.check(
  z.refine((region) => holidayRegions().includes(region), {
    error: () => `must be a region of the holiday table (${holidayRegions().join(', ')}); bin/holiday-table.ts adds others (docs/deadlines.md)`,
  }),
  z.describe('The public holidays that move a deadline: a country or country-state code the holiday table holds (docs/deadlines.md)'),
);

/** Where one law's deadlines are counted: a time zone and a public-holiday calendar. */
const Calendar = (timeZone: string, holidayRegion: string) =>
  z._default(
    z.object({
      timeZone: z._default(TimeZone.check(z.describe('The IANA time zone deadlines are counted in')), timeZone),
      holidayRegion: z._default(TabulatedHolidayRegion, holidayRegion),
    }),
    { timeZone, holidayRegion },
  );

/** A domain name such as privacy.shop.de. */
export const DomainName = z.string().check(z.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i, 'must be a domain name such as privacy.shop.de'));

/** An ACM certificate in the stack's own Region (a regional API domain takes no other). */
const CertificateArn = z
  .string()
  .check(
    z.regex(
      /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
      'must be an ACM certificate ARN such as arn:aws:acm:eu-central-1:111122223333:certificate/…',
    ),
  );

/** A Route 53 public hosted zone the stack writes its records in. */
const HostedZone = z.object({
  id: z.string().check(z.regex(/^Z[A-Z0-9]{1,31}$/, 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ'), z.describe('The hosted zone id')),
  name: DomainName.check(z.describe("The zone's domain name, such as nordlicht.de")),
});

/** The public edge: the custom domain's certificate and the DNS zone its records go in. */
const Edge = z.object({
  certificateArn: z.optional(
    CertificateArn.check(
      z.describe("An ACM certificate for the domain, in the stack's Region; the stack issues one with DNS validation in hostedZone when absent"),
    ),
  ),
  hostedZone: z.optional(
    HostedZone.check(z.describe('The Route 53 public hosted zone of the domain: the A/AAAA alias, certificate validation and SES records go there')),
  ),
});

/** The SES domain identity the mail is sent from. */
const Email = z.object({
  identityDomain: z.optional(DomainName.check(z.describe("The domain SES verifies with Easy DKIM; the sender address's domain when absent"))),
  mailFromDomain: z.optional(DomainName.check(z.describe('The custom MAIL FROM domain, a subdomain of the identity; mail.<identity> when absent'))),
});

/** An SES receipt rule set's name: letters, digits, dots, underscores and dashes, starting with a letter or digit. */
const RuleSetName = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be an SES receipt rule set name such as default-rule-set'));

/**
 * Email intake in AWS: the privacy addresses an SES receipt rule takes mail in at, and the rule set it
 * goes in. An account has one active rule set: name one that exists to add the rule to it, or leave
 * it out and the stack creates its own and makes it the active one.
 */
const EmailIntake = z.object({
  addresses: z
    .array(z.email())
    .check(
      z.minLength(1),
      z.maxLength(100),
      z.describe("The privacy addresses (such as privacy@nordlicht.de) whose mail SES stores and hands to intake; each on the SES identity's domain"),
    ),
  ruleSetName: z.optional(
    RuleSetName.check(
      z.describe("An existing receipt rule set to add the rule to (the account's active one); the stack creates and activates its own when absent"),
    ),
  ),
});

/**
 * Longest processor certificate the configuration takes: it travels in one function's environment,
 * which Lambda caps at 4 KB with the controller and the rest. A P-256 leaf certificate is about 1 KB.
 */
export const MAX_PROCESSOR_CERTIFICATE_CHARS = 2400;

/** Whether `pem` is one X.509 certificate for a P-256 key, the key type the KMS signing key has. */
function isP256Certificate(pem: string): boolean {
  try {
    return new X509Certificate(pem).publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

/** The OpenDSR processor: the certificate a CA issued for the stack's KMS signing key (docs/deploy.md). */
const OpenDsr = z.object({
  certificatePem: z.optional(
    z
      .string()
      .check(
        z.maxLength(MAX_PROCESSOR_CERTIFICATE_CHARS, `must be the leaf certificate alone, at most ${MAX_PROCESSOR_CERTIFICATE_CHARS} characters`),
        z.refine(isP256Certificate, 'must be a PEM X.509 certificate for an ECC P-256 key (the KMS signing key)'),
        z.describe(
          "The processor certificate (PEM) a certificate authority issued for the stack's OpenDSR signing key (npm run opendsr-csr makes the request); served at /opendsr/v2/certificate.pem",
        ),
      ),
  ),
  controllers: z.optional(
    z
      .record(
        z.string().check(z.regex(/^\d{12}$/, 'must be the AWS account id (12 digits) the controller signs its calls with')),
        z.string().check(z.minLength(1), z.maxLength(100)),
      )
      .check(
        z.describe(
          "The display names of the controllers that file through OpenDSR, by the AWS account that signs their calls: the subject's mails say which one a request came through (docs/protocols.md)",
        ),
      ),
  ),
});

/** The operator console's user pool (docs/console.md). */
const ConsoleSettings = z.object({
  signInDomainPrefix: z.optional(
    z.string().check(
      z.regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and hyphens, not starting or ending with a hyphen'),
      z.refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'must not contain aws, amazon or cognito (Cognito refuses them)'),
      z.describe(
        "The hosted sign-in's domain prefix: https://<prefix>.auth.<region>.amazoncognito.com; unique in the Region. The domain with dots as hyphens when absent",
      ),
    ),
  ),
});

const DeploymentFields = {
  controller: Controller.check(z.describe('The company every notice, page and export README speaks as')),
  senderAddress: z.email().check(z.describe('The From address of every email; its domain must be a verified SES identity')),
  replyToAddress: z.optional(z.email().check(z.describe('Where replies to an email go; the sender when absent'))),
  domain: DomainName.check(z.describe('The public domain of the links people click')),
  languages: z._default(z.array(z.enum(LOCALES)).check(z.minLength(1), z.describe('The languages notices, pages and export READMEs are written in')), [
    ...LOCALES,
  ]),
  gdpr: Calendar('Europe/Berlin', 'DE'),
  ccpa: Calendar('America/Los_Angeles', 'US-CA'),
  edge: z.optional(Edge.check(z.describe("The API's custom domain: required outside the demo"))),
  email: z.optional(Email.check(z.describe('The SES domain identity'))),
  openDsr: z.optional(OpenDsr.check(z.describe('The OpenDSR processor certificate'))),
  emailIntake: z.optional(
    EmailIntake.check(z.describe('Mail to the privacy addresses, received by SES in the Region of the stack (docs/deploy.md); none without it')),
  ),
  console: z.optional(ConsoleSettings.check(z.describe("The operator console's sign-in"))),
  identityProvider: z.optional(
    IdentityProvider.check(z.describe('The independent identity-verification provider (docs/identity-verification.md); none is offered when absent')),
  ),
};

/** A stage's name: it names the stack too (PrivacyOps-<stage>). */
export const StageName = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,23}$/, 'must be a short lower-case name such as prod or staging'));

export const DeploymentConfig = z.object({
  /** The JSON Schema an editor completes the file with; ignored otherwise. */
  $schema: z.optional(z.string()),
  ...DeploymentFields,
  stages: z.optional(
    z
      .record(StageName, z.partial(z.object(DeploymentFields)))
      .check(z.describe('Per stage (such as staging, prod), the keys that stage sets over the rest of the file; `-c privacy-ops:stage=<name>` picks one')),
  ),
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
  /** The custom domain's certificate and DNS zone; absent only in a demo. */
  edge?: { certificateArn?: string; hostedZone?: { id: string; name: string } };
  /** The SES domain identity and its custom MAIL FROM domain. */
  email: { identityDomain: string; mailFromDomain: string };
  /** The OpenDSR processor certificate, once a CA issued one for the stack's signing key. */
  openDsr?: { certificatePem?: string; controllers?: Record<string, string> };
  /** The privacy addresses SES receives mail at, and the existing rule set to add the rule to (else the stack's own). */
  emailIntake?: { addresses: string[]; ruleSetName?: string };
  /** The operator console's hosted sign-in. */
  console?: { signInDomainPrefix?: string };
  /** The independent identity-verification provider, when the deployment has one. */
  identityProvider?: IdentityProviderInfo;
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
  const { $schema: _schema, stages: _stages, controller, email, emailIntake, ...rest } = parsed.data;
  const identityDomain = (email?.identityDomain ?? domainOf(rest.senderAddress)).toLowerCase();
  const config: DeploymentSettings = {
    ...rest,
    controller: { ...controller, timeZone: controller.timeZone ?? rest.gdpr.timeZone },
    email: { identityDomain, mailFromDomain: (email?.mailFromDomain ?? `mail.${identityDomain}`).toLowerCase() },
    ...(emailIntake ? { emailIntake: { ...emailIntake, addresses: emailIntake.addresses.map((address) => address.toLowerCase()) } } : {}),
  };
  const problems = edgeAndEmailProblems(config);
  return problems.length > 0 ? { problems } : { config };
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Whether `name` is `parent` or lies under it. */
const within = (name: string, parent: string): boolean => {
  const [child, zone] = [name.toLowerCase(), parent.toLowerCase()];
  return child === zone || child.endsWith(`.${zone}`);
};

/**
 * What the edge and the mail setup cannot work with: a sender SES would refuse (its domain is not the
 * identity's), a MAIL FROM domain outside the identity, a domain outside the hosted zone its records go
 * in, or an edge with neither a certificate nor a zone to issue one in.
 */
export function edgeAndEmailProblems(config: DeploymentSettings): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { identityDomain, mailFromDomain } = config.email;
  if (!within(domainOf(config.senderAddress), identityDomain)) {
    problems.push({ key: 'senderAddress', message: `must be an address on the SES identity's domain ${identityDomain} (email.identityDomain)` });
  }
  if (mailFromDomain === identityDomain || !within(mailFromDomain, identityDomain)) {
    problems.push({ key: 'email.mailFromDomain', message: `must be a subdomain of the SES identity's domain ${identityDomain}` });
  }
  // SES receives only for domains it verified: the identity's.
  for (const [i, address] of (config.emailIntake?.addresses ?? []).entries()) {
    if (!within(domainOf(address), identityDomain)) {
      problems.push({ key: `emailIntake.addresses.${i}`, message: `must be an address on the SES identity's domain ${identityDomain} (email.identityDomain)` });
    }
  }
  const { edge } = config;
  if (edge && !edge.certificateArn && !edge.hostedZone) {
    problems.push({ key: 'edge', message: 'needs certificateArn, or a hostedZone the stack issues the certificate in' });
  }
  if (edge?.hostedZone && !within(config.domain, edge.hostedZone.name)) {
    problems.push({ key: 'domain', message: `must lie in the hosted zone ${edge.hostedZone.name} (edge.hostedZone.name)` });
  }
  return problems;
}

/** The configuration file with the keys of stage `stage` set over it: objects key by key, anything else as a whole. */
export function withStage(input: Record<string, unknown>, stage: string): Record<string, unknown> {
  const stages = (input.stages ?? {}) as Record<string, unknown>;
  const overrides = stages[stage];
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    const known = Object.keys(stages);
    throw new Error(
      `The stage ${stage} (privacy-ops:stage) is not among the configuration's stages${known.length ? ` (${known.join(', ')})` : ': it has none'}`,
    );
  }
  return merge(input, overrides as Record<string, unknown>);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
  }
  return out;
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
    `  OpenDSR certificate ${config.openDsr?.certificatePem ? 'given' : 'none yet: /opendsr/v2/certificate.pem answers 404 until openDsr.certificatePem is set (docs/deploy.md)'}`,
    `  email intake ${config.emailIntake ? `${config.emailIntake.addresses.join(', ')} (rule set ${config.emailIntake.ruleSetName ?? "the stack's own, activated"})` : 'none: mail is handed in with POST /v1/inbound-emails'}`,
    `  edge ${config.edge ? `https://${config.domain} (${config.edge.certificateArn ? 'certificate given' : `certificate issued in ${config.edge.hostedZone?.name}`})` : 'none: the execute-api endpoint only'}; SES identity ${config.email.identityDomain}, MAIL FROM ${config.email.mailFromDomain}`,
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
