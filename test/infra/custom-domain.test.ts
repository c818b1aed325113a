import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfig, stackNameFor } from '../../infra/config.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { exportLinkUrl } from '../../shared/fulfilment/export-links.js';
import { taskResultUrl } from '../../shared/fulfilment/system-tasks.js';
import { unsubscribeUrl } from '../../shared/preferences/unsubscribe.js';
import { drpDiscovery } from '../../shared/protocols/drp.js';
import { openDsrDiscovery } from '../../shared/protocols/opendsr.js';
import { verifyUrl } from '../../shared/verification/verify-request.js';
import { apiTemplate, buildStack, PROJECT_ROOT, templatesText } from '../support/stack.js';

/** The filled example configuration docs/deploy.md walks through. */
const EXAMPLE_FILE = 'docs/examples/privacy-ops.config.json';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties of many resource types, read as the template has them
type Resource = { Type: string; Properties: Record<string, any> };

/** Every route path of the synthesized API, rebuilt from its resource tree (`/v1/verify/{token}`), with its methods. */
function apiRoutes(template: Template): Map<string, string[]> {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const pathOf = (logicalId: string): string => {
    const { ParentId, PathPart } = resources[logicalId]!.Properties;
    const parent = ParentId.Ref ? pathOf(ParentId.Ref) : '';
    return `${parent}/${PathPart}`;
  };
  const routes = new Map<string, string[]>();
  for (const method of Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Method')) {
    const path = method.Properties.ResourceId.Ref ? pathOf(method.Properties.ResourceId.Ref) : '/';
    routes.set(path, [...(routes.get(path) ?? []), method.Properties.HttpMethod]);
  }
  return routes;
}

/** The route a URL's path reaches, API Gateway's way: literal segments first, one path parameter per `{…}` segment. */
function routeFor(routes: Map<string, string[]>, path: string): string | undefined {
  const segments = path.split('/').filter(Boolean);
  return [...routes.keys()].find((route) => {
    const parts = route.split('/').filter(Boolean);
    return parts.length === segments.length && parts.every((part, i) => part === segments[i] || (/^\{\w+\}$/.test(part) && segments[i] !== ''));
  });
}

/** The links the functions build from their PUBLIC_BASE_URL, each with the method its reader uses. */
function linksFrom(base: string): { what: string; url: string; method: string }[] {
  const drpBase = String(drpDiscovery(base).api_base);
  return [
    { what: 'verification link', url: verifyUrl(base, 'tok3n'), method: 'GET' },
    { what: 'export download link', url: exportLinkUrl(base, 'tok3n'), method: 'GET' },
    { what: 'unsubscribe link', url: unsubscribeUrl(base, 'tok3n'), method: 'POST' },
    { what: 'webhook reportTo', url: taskResultUrl(base, '01JTASK'), method: 'POST' },
    { what: 'DRP api_base', url: `${drpBase}/v1/data-rights-request`, method: 'POST' },
    { what: 'OpenDSR certificate', url: String(openDsrDiscovery(base).processor_certificate), method: 'GET' },
  ];
}

function functionEnvironments(template: Template): Record<string, string>[] {
  return Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => (fn as Resource).Properties.Environment.Variables);
}

describe('the public edge and the mail identity of a company (docs/examples)', () => {
  let stack: ReturnType<typeof buildStack>['stack'];
  let template: Template;
  /** The nested stack of the REST API and its stage. */
  let api: Template;

  beforeAll(() => {
    // The bundles are the same for every configuration (the controller reaches a function as a setting,
    // never as code): stack.test.ts bundles them once and greps them for the demo company.
    ({ stack } = buildStack({ context: { 'privacy-ops:demo': false, 'privacy-ops:configFile': EXAMPLE_FILE } }));
    template = Template.fromStack(stack);
    api = apiTemplate(stack);
  }, 600_000);

  it('serves the API on the custom domain with TLS 1.2 at least, its root mapped onto the one stage', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'privacy.nordlicht.test',
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      RegionalCertificateArn: { Ref: Match.stringLikeRegexp('^CustomDomainCertificate') },
    });
    const mappings = Object.values(template.findResources('AWS::ApiGateway::BasePathMapping')) as Resource[];
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties.BasePath).toBeUndefined();
    // The domain stays in the stack; the API and its one stage are in the nested stack, whose outputs name them.
    const stages = api.findResources('AWS::ApiGateway::Stage');
    expect(Object.keys(stages)).toHaveLength(1);
    const [stageId, stage] = Object.entries(stages)[0]! as [string, Resource];
    const nestedOutput = (reference: { 'Fn::GetAtt': [string, string] }) => {
      const [nestedId, attribute] = reference['Fn::GetAtt'];
      expect(template.toJSON().Resources[nestedId].Type).toBe('AWS::CloudFormation::Stack');
      return api.toJSON().Outputs[attribute.replace(/^Outputs\./, '')].Value;
    };
    expect(nestedOutput(mappings[0]!.Properties.Stage)).toEqual({ Ref: stageId });
    expect(nestedOutput(mappings[0]!.Properties.RestApiId)).toEqual({ Ref: Object.keys(api.findResources('AWS::ApiGateway::RestApi'))[0] });
    expect(stage.Properties.StageName).not.toBe('v1');
  });

  it('issues the certificate with DNS validation in the hosted zone and aliases the domain there (A and AAAA)', () => {
    // Assess
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'privacy.nordlicht.test',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'privacy.nordlicht.test', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    for (const type of ['A', 'AAAA']) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'privacy.nordlicht.test.',
        Type: type,
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        AliasTarget: { DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomDomain[0-9A-F]{8}$'), 'RegionalDomainName'] }, HostedZoneId: Match.anyValue() },
      });
    }
  });

  it('turns off the default execute-api endpoint and serves regionally, where a WAF web ACL can attach', () => {
    // Assess
    api.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true, EndpointConfiguration: { Types: ['REGIONAL'] } });
    expect(template.toJSON().Outputs.ApiUrl.Value).toBe('https://privacy.nordlicht.test/');
  });

  it('gives every function a link base on the custom domain whose links each reach a route of the API', () => {
    // Prepare
    const routes = apiRoutes(api);
    const environments = functionEnvironments(template);
    const bases = new Set(environments.map((env) => env.PUBLIC_BASE_URL));

    // Assess
    expect(bases).toEqual(new Set(['https://privacy.nordlicht.test']));
    for (const base of bases) {
      for (const link of linksFrom(String(base))) {
        const url = new URL(link.url);
        expect(url.host, link.what).toBe('privacy.nordlicht.test');
        const route = routeFor(routes, url.pathname);
        expect(route, `${link.what} ${url.pathname}`).toBeDefined();
        expect(routes.get(route!), `${link.what} ${link.method} ${route}`).toContain(link.method);
      }
    }
  });

  it('finds no route for the doubled path the v1 stage made (/v1/v1/verify/…)', () => {
    // The route matcher of the test above must be able to fail.
    expect(routeFor(apiRoutes(api), '/v1/v1/verify/tok3n')).toBeUndefined();
    expect(routeFor(apiRoutes(api), '/v1/verify/tok3n')).toBe('/v1/verify/{token}');
  });

  it('creates the SES domain identity with Easy DKIM and the custom MAIL FROM domain, its records in the zone', () => {
    // Assess
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'nordlicht.test',
      DkimAttributes: { SigningEnabled: true },
      MailFromAttributes: { MailFromDomain: 'mail.nordlicht.test', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.stringLikeRegexp('^EmailEventsMail') } },
    });
    const records = Object.values(template.findResources('AWS::Route53::RecordSet')) as Resource[];
    expect(records.filter((r) => r.Properties.Type === 'CNAME')).toHaveLength(3);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'mail.nordlicht.test.',
      Type: 'MX',
      ResourceRecords: ['10 feedback-smtp.eu-central-1.amazonses.com'],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'mail.nordlicht.test.',
      Type: 'TXT',
      ResourceRecords: ['"v=spf1 include:amazonses.com ~all"'],
    });
    expect(Object.keys(template.toJSON().Outputs)).not.toContain(expect.stringMatching(/Dkim/));
  });

  it('carries no trace of the demo company in any template', () => {
    // Assess
    const text = templatesText(stack);
    expect(text).toContain('Nordlicht Analytik AG');
    for (const mark of [DEMO_CONTROLLER.name, DEMO_CONTROLLER.postalAddress, 'BayLDA', 'example.com', 'example.org', 'demo.config.json']) {
      expect(text).not.toContain(mark);
    }
  });
});

describe('an edge with a certificate given by ARN and no hosted zone', () => {
  let template: Template;
  const certificateArn = 'arn:aws:acm:eu-central-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

  beforeAll(() => {
    const { stack } = buildStack({
      context: { 'privacy-ops:demo': false, 'privacy-ops:configFile': EXAMPLE_FILE, 'privacy-ops:edge': { certificateArn } },
    });
    template = Template.fromStack(stack);
  }, 300_000);

  it('uses that certificate, writes no DNS records and says where to point the domain', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'privacy.nordlicht.test',
      RegionalCertificateArn: certificateArn,
      SecurityPolicy: 'TLS_1_2',
    });
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    expect(outputs.DomainTarget!.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CustomDomain[0-9A-F]{8}$/), 'RegionalDomainName'] });
    expect(outputs.DomainTarget!.Description).toContain('privacy.nordlicht.test');
  });

  it('prints the three DKIM records and the MAIL FROM records as outputs to create by hand', () => {
    // Assess
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const dkim = Object.keys(outputs).filter((key) => /DkimRecord\d/.test(key));
    expect(dkim).toHaveLength(3);
    expect(JSON.stringify(outputs[dkim[0]!]!.Value)).toContain('DkimDNSTokenName1');
    const mx = Object.entries(outputs).find(([key]) => key.includes('MailFromMx'))![1];
    expect(JSON.stringify(mx.Value)).toContain('mail.nordlicht.test MX 10 feedback-smtp.');
  });
});

describe('the demo company with cdk.json as it is', () => {
  it('synthesizes offline with the demo edge: the example.com zone, a DNS-validated certificate and the SES identity', () => {
    // Act
    const { stack } = buildStack();
    const template = Template.fromStack(stack);

    // Assess
    template.hasResourceProperties('AWS::ApiGateway::DomainName', { DomainName: 'privacy.example.com', SecurityPolicy: 'TLS_1_2' });
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.com', MailFromAttributes: { MailFromDomain: 'mail.example.com' } });
    apiTemplate(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
  }, 300_000);
});

describe('what the synth refuses of the edge and the mail setup', () => {
  const read = (context: Record<string, unknown>) => {
    const base = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context as Record<string, unknown>;
    return readConfig(new App({ context: { ...base, 'privacy-ops:demo': false, 'privacy-ops:configFile': EXAMPLE_FILE, ...context } }).node);
  };

  it('refuses a company without an edge, naming the keys to set', () => {
    // Prepare
    const { edge: _edge, stages: _stages, ...withoutEdge } = JSON.parse(readFileSync(join(PROJECT_ROOT, EXAMPLE_FILE), 'utf8'));
    const file = join(mkdtempSync(join(tmpdir(), 'privacy-ops-config-')), 'no-edge.json');
    writeFileSync(file, JSON.stringify(withoutEdge));

    // Act
    const synth = () => read({ 'privacy-ops:configFile': file });

    // Assess
    expect(synth).toThrow(/has no edge: set privacy-ops:edge\.certificateArn .* or privacy-ops:edge\.hostedZone/s);
    expect(() => read({ 'privacy-ops:configFile': file, 'privacy-ops:demo': true })).not.toThrow();
  });

  it('refuses an edge with neither a certificate nor a zone', () => {
    expect(() => read({ 'privacy-ops:configFile': '', 'privacy-ops:controller': DEMO_CONTROLLER, 'privacy-ops:edge': {} })).toThrow(
      /privacy-ops:edge: needs certificateArn, or a hostedZone/,
    );
  });

  it('refuses a sender that is not on the SES identity domain, naming the key', () => {
    // Act
    const synth = () => read({ 'privacy-ops:senderAddress': 'privacy@elsewhere.test', 'privacy-ops:email': { identityDomain: 'nordlicht.test' } });

    // Assess
    expect(synth).toThrow(/privacy-ops:senderAddress: must be an address on the SES identity's domain nordlicht\.test/);
  });

  it('refuses a domain outside the hosted zone its records would go in', () => {
    // Act
    const synth = () => read({ 'privacy-ops:domain': 'privacy.elsewhere.test' });

    // Assess
    expect(synth).toThrow(/privacy-ops:domain: must lie in the hosted zone nordlicht\.test/);
  });

  it('sets a stage over the file and names the stack after it', () => {
    // Act
    const staging = read({ 'privacy-ops:stage': 'staging' });
    const prod = read({ 'privacy-ops:stage': 'prod' });

    // Assess
    expect(staging).toMatchObject({
      stage: 'staging',
      domain: 'privacy-staging.nordlicht.test',
      senderAddress: 'datenschutz@staging.nordlicht.test',
      email: { identityDomain: 'staging.nordlicht.test', mailFromDomain: 'mail.staging.nordlicht.test' },
      edge: { hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'nordlicht.test' } },
    });
    expect(staging.controller.name).toBe('Nordlicht Analytik AG');
    expect(prod).toMatchObject({ stage: 'prod', domain: 'privacy.nordlicht.test', email: { identityDomain: 'nordlicht.test' } });
    expect([stackNameFor(staging.stage), stackNameFor(prod.stage), stackNameFor(undefined)]).toEqual(['PrivacyOps-staging', 'PrivacyOps-prod', 'PrivacyOps']);
  });

  it('refuses a stage the file does not hold, naming the ones it does', () => {
    expect(() => read({ 'privacy-ops:stage': 'qa' })).toThrow(/The stage qa \(privacy-ops:stage\) is not among the configuration's stages \(staging, prod\)/);
  });
});
