import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { clientLimits, pathPattern, UNSIGNED_CALLS_PER_WINDOW, WAF_WINDOW_SECONDS } from '../../infra/constructs/edge.js';
import { settings } from '../../shared/config.js';
import { lambdas, type LambdaId, type LambdaSpec } from '../../shared/lambdas.js';
import { selfSignedCertificate } from '../../shared/protocols/certificate.js';
import { processorKey } from '../../shared/protocols/signing.js';
import { noticePointerKey } from '../../shared/intake/notice-pointers.js';
import { secrets as secretSpecs } from '../../shared/resources.js';
import { apiTemplate, buildStack, roleStatements, stacksOf } from '../support/stack.js';

interface RateRule {
  Name: string;
  Action?: { Block?: { CustomResponse?: { ResponseCode: number; CustomResponseBodyKey: string } } };
  Statement: {
    RateBasedStatement?: { AggregateKeyType: string; Limit: number; EvaluationWindowSec: number; ScopeDownStatement: unknown };
    ManagedRuleGroupStatement?: { VendorName: string; Name: string; RuleActionOverrides?: { Name: string }[] };
  };
}

describe('pathPattern', () => {
  it.each([
    ['/v1/verify/{token}/identity', '/v1/verify/abc_DEF-123/identity', true],
    ['/v1/verify/{token}/identity', '/v1/v1/verify/abc/identity', true],
    ['/v1/verify/{token}/identity', '/v1/verify/a/b/identity', false],
    ['/v1/verify/{token}', '/v1/verify/abc/identity', false],
    ['/.well-known/gpc.json', '/.well-known/gpcXjson', false],
    ['/.well-known/gpc.json', '/.well-known/gpc.json', true],
  ])('%s matches %s: %s', (template, path, expected) => {
    expect(new RegExp(pathPattern(template)).test(path)).toBe(expected);
  });
});

describe('clientLimits', () => {
  it('gives each throttle of the route table one limit: the burst plus the rate over a window', () => {
    // Act
    const limits = clientLimits(routes);

    // Assess
    const identity = limits.find((limit) => limit.routes.some((route) => route.pathPattern === pathPattern('/v1/verify/{token}/identity')));
    expect(identity).toMatchObject({ limit: 1 * WAF_WINDOW_SECONDS + 5, pages: true });
    const throttled = routes.filter((route) => route.throttle);
    expect(limits.flatMap((limit) => limit.routes)).toHaveLength(throttled.length);
    expect(new Set(limits.map((limit) => limit.name)).size).toBe(limits.length);
  });

  it('marks a limit as pages only when a person opens its routes', () => {
    const limits = clientLimits([
      {
        method: 'POST',
        path: '/v1/agent/{id}',
        lambda: 'x',
        auth: 'public',
        summary: '',
        tags: [],
        responses: {},
        throttle: { rateLimit: 10, burstLimit: 40 },
      },
      {
        method: 'GET',
        path: '/v1/verify/{token}',
        lambda: 'x',
        auth: 'subject',
        summary: '',
        tags: [],
        responses: {},
        throttle: { rateLimit: 5, burstLimit: 20 },
      },
    ]);
    expect(limits.map((limit) => [limit.limit, limit.pages])).toEqual([
      [320, true],
      [640, false],
    ]);
  });
});

describe('the web ACL in front of the API', () => {
  let template: Template;
  let rules: RateRule[];

  beforeAll(() => {
    // The web ACL and the stage are in the API's nested stack.
    template = apiTemplate(buildStack().stack);
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0] as { Properties: { Rules: RateRule[] } };
    rules = acl.Properties.Rules;
  }, 300_000);

  it('is regional and guards the API stage', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    const association = Object.values(template.findResources('AWS::WAFv2::WebACLAssociation'))[0] as { Properties: { ResourceArn: unknown } };
    expect(JSON.stringify(association.Properties.ResourceArn)).toMatch(/restapis.*stages/);
  });

  it('limits each client address per route class, as the local gateway does per client', () => {
    const limits = clientLimits(routes);
    const rateRules = rules.filter((rule) => rule.Name.startsWith('PerClient-') && rule.Name !== 'PerClient-Unsigned');
    expect(rateRules.map((rule) => [rule.Name, rule.Statement.RateBasedStatement?.Limit])).toEqual(limits.map((limit) => [limit.name, limit.limit]));
    for (const rule of rateRules) {
      expect(rule.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', EvaluationWindowSec: WAF_WINDOW_SECONDS });
      expect(rule.Action?.Block?.CustomResponse?.ResponseCode).toBe(429);
    }
    const identityRule = rateRules.find((rule) =>
      JSON.stringify(rule.Statement).includes(JSON.stringify(pathPattern('/v1/verify/{token}/identity')).slice(1, -1)),
    );
    expect(identityRule?.Action?.Block?.CustomResponse?.CustomResponseBodyKey).toBe('ThrottledPage');
  });

  it('limits unsigned calls per client address, and leaves SigV4-signed company systems to their roles', () => {
    const unsigned = rules.find((rule) => rule.Name === 'PerClient-Unsigned');
    expect(unsigned?.Statement.RateBasedStatement?.Limit).toBe(UNSIGNED_CALLS_PER_WINDOW);
    expect(JSON.stringify(unsigned?.Statement.RateBasedStatement?.ScopeDownStatement)).toContain('AWS4-HMAC-SHA256');
  });

  it("runs AWS's managed common and known-bad-input rule groups", () => {
    const managed = rules.flatMap((rule) => (rule.Statement.ManagedRuleGroupStatement ? [rule.Statement.ManagedRuleGroupStatement] : []));
    expect(managed.map((group) => `${group.VendorName}/${group.Name}`)).toEqual([
      'AWS/AWSManagedRulesCommonRuleSet',
      'AWS/AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    expect(managed[0]?.RuleActionOverrides?.map((override) => override.Name)).toEqual(['SizeRestrictions_BODY']);
  });

  it('keeps no request samples or logs, which would hold client addresses and tokenised paths', () => {
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
    expect(JSON.stringify(template.findResources('AWS::WAFv2::WebACL'))).not.toContain('"SampledRequestsEnabled":true');
  });

  it('records no stage trace, whose URL would hold the emailed token', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: false });
  });
});

describe('the mail path', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildStack().stack);
  }, 300_000);

  it('sends only over TLS', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
  });

  it('keeps every bounce or complaint it cannot record in a dead-letter queue that raises an alarm', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const [queueId] = Object.keys(queues);
    expect(Object.keys(queues)).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { Dimensions?: { Value: unknown }[]; AlarmActions?: unknown[] };
    }[];
    const onQueue = alarms.filter((alarm) => JSON.stringify(alarm.Properties.Dimensions ?? []).includes(queueId!));
    expect(onQueue).toHaveLength(1);
    expect(onQueue[0]!.Properties.AlarmActions).toHaveLength(1);
  });

  it('lets AWS services use the data key only for this account and their own source', () => {
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0] as {
      Properties: { KeyPolicy: { Statement: { Principal: { Service?: string }; Condition?: Record<string, Record<string, unknown>> }[] } };
    };
    const byService = key.Properties.KeyPolicy.Statement.filter((statement) => statement.Principal.Service);
    const services = byService.map((statement) => statement.Principal.Service).sort();
    expect(services).toEqual(['cloudwatch.amazonaws.com', 'logs.eu-central-1.amazonaws.com', 'ses.amazonaws.com', 'sns.amazonaws.com']);
    const logs = byService.find((statement) => statement.Principal.Service?.startsWith('logs.'));
    expect(JSON.stringify(logs?.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
    for (const statement of byService.filter((candidate) => !candidate.Principal.Service?.startsWith('logs.'))) {
      expect(Object.keys(statement.Condition?.StringEquals ?? {})).toEqual(['aws:SourceAccount']);
      expect(Object.keys(statement.Condition?.ArnLike ?? {})).toEqual(['aws:SourceArn']);
    }
  });
});

describe('log groups', () => {
  it('are encrypted with the data key and kept when the stack or its nested stack is deleted', () => {
    const { stack } = buildStack();
    const groups = stacksOf(stack).flatMap((each) => Object.values(Template.fromStack(each).findResources('AWS::Logs::LogGroup'))) as {
      Properties: { KmsKeyId?: unknown; RetentionInDays?: number };
      DeletionPolicy?: string;
    }[];
    expect(groups.length).toBeGreaterThan(50);
    expect(groups.filter((group) => !group.Properties.KmsKeyId || group.DeletionPolicy !== 'Retain' || !group.Properties.RetentionInDays)).toEqual([]);
  }, 300_000);
});

describe('caller roles', () => {
  it('gives each company system role execute-api:Invoke on its own routes only, and says which role is for what', () => {
    const { stack } = buildStack();
    // The roles are in the API's nested stack; their ARNs are outputs of the deployed stack.
    const outputs = Template.fromStack(stack).findOutputs('*');
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['FilerRoleArn', 'FulfilmentRoleArn', 'PublisherRoleArn', 'OperatorRoleArn']));
    const template = apiTemplate(stack);
    const filerRole = stack.stateless.apiStack.getLogicalId(stack.stateless.callerRoles.roles.filer.node.defaultChild as never);
    const [nestedId, attribute] = (outputs.FilerRoleArn!.Value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    expect(nestedId).toBe(stack.getLogicalId(stack.stateless.apiStack.nestedStackResource!));
    expect(template.toJSON().Outputs[attribute.replace(/^Outputs\./, '')].Value).toEqual({ 'Fn::GetAtt': [filerRole, 'Arn'] });
    const role = template.findResources('AWS::IAM::Role')[filerRole] as { Properties: { Policies: { PolicyDocument: { Statement: unknown[] } }[] } };
    const statements = role.Properties.Policies.flatMap(
      (policy) => policy.PolicyDocument.Statement as { Effect: string; Action: string; Resource: unknown[] }[],
    );
    expect(Object.values(template.findResources('AWS::IAM::Policy')).some((policy) => JSON.stringify(policy.Properties.Roles).includes(filerRole))).toBe(false);
    const text = (effect: string) => JSON.stringify(statements.filter((statement) => statement.Effect === effect).map((statement) => statement.Resource));
    expect(statements.every((statement) => statement.Action === 'execute-api:Invoke')).toBe(true);
    expect(text('Allow')).toContain('/POST/v1/requests"');
    expect(text('Allow')).not.toContain('/extend');
    expect(text('Deny')).toContain('/GET/v1/requests/*/audit');
  }, 300_000);
});

describe('the OpenDSR processor key', () => {
  type Statement = { Action: string | string[]; Resource: unknown };
  const certificatePem = selfSignedCertificate(processorKey(Buffer.from('s'.repeat(64))), {
    domain: 'privacy.example.com',
    organization: 'Example',
    now: new Date('2026-12-01T00:00:00Z'),
  });
  let built: ReturnType<typeof buildStack>;
  let template: Template;

  beforeAll(() => {
    built = buildStack({ context: { 'privacy-ops:openDsr': { certificatePem } } });
    template = Template.fromStack(built.stack);
  }, 300_000);

  const statementsOf = (lambdaId: LambdaId) => roleStatements(template, built.stack.stateless.functions[lambdaId].role!) as Statement[];
  const environmentOf = (lambdaId: LambdaId): Record<string, unknown> => {
    const id = built.stack.getLogicalId(built.stack.stateless.functions[lambdaId].node.defaultChild as never);
    return (template.findResources('AWS::Lambda::Function')[id] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties
      .Environment.Variables;
  };

  it('is an asymmetric ECC_NIST_P256 KMS key for signing, and no secret holds an OpenDSR key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret')) as { Properties: { Description: string } }[];
    expect(secrets.map((secret) => secret.Properties.Description).sort()).toEqual(
      Object.values(secretSpecs)
        .map((spec) => `privacy-ops: ${spec.description}`)
        .sort(),
    );
    expect(secrets.filter((secret) => /opendsr|processor|ecdsa/i.test(secret.Properties.Description))).toEqual([]);
  });

  it('lets exactly the functions that sign OpenDSR answers and callbacks call kms:Sign on it, and nothing more of it', () => {
    const keyId = built.stack.getLogicalId(built.stack.stateful.processorKey.node.defaultChild as never);
    for (const lambdaId of Object.keys(lambdas) as LambdaId[]) {
      const spec: LambdaSpec = lambdas[lambdaId];
      const onKey = statementsOf(lambdaId).filter((statement) => JSON.stringify(statement.Resource).includes(`"${keyId}"`));
      const signs = spec.processorKey === 'sign';
      expect({ lambdaId, actions: onKey.flatMap((statement) => [statement.Action].flat()) }).toEqual({ lambdaId, actions: signs ? ['kms:Sign'] : [] });
      expect({ lambdaId, keyId: environmentOf(lambdaId)[settings.openDsrSigningKeyId.envVar] !== undefined }).toEqual({ lambdaId, keyId: signs });
    }
    expect(
      ['openDsrCreate', 'openDsrStatus', 'openDsrCancel', 'dispatchProtocolCallbacks'].every(
        (id) => (lambdas[id as LambdaId] as LambdaSpec).processorKey === 'sign',
      ),
    ).toBe(true);
  });

  it('gives the public discovery and certificate functions no secret, no kms:Sign and no key id: the certificate comes from the configuration', () => {
    for (const lambdaId of ['openDsrDiscovery', 'openDsrCertificate'] as const) {
      const actions = statementsOf(lambdaId).flatMap((statement) => [statement.Action].flat());
      expect({ lambdaId, actions: actions.filter((action) => action.startsWith('secretsmanager:') || action.startsWith('kms:')) }).toEqual({
        lambdaId,
        actions: [],
      });
      expect(Object.keys(environmentOf(lambdaId)).filter((name) => /SECRET|KEY_ID|SEED/.test(name))).toEqual([]);
    }
    expect(environmentOf('openDsrCertificate')[settings.openDsrCertificatePem.envVar]).toBe(certificatePem);
    expect((Object.keys(lambdas) as LambdaId[]).filter((lambdaId) => environmentOf(lambdaId)[settings.openDsrCertificatePem.envVar] !== undefined)).toEqual([
      'openDsrCertificate',
    ]);
  });

  it('names the key in an output, for the certification request', () => {
    expect(Object.keys(template.findOutputs('OpenDsrSigningKeyArn'))).toEqual(['OpenDsrSigningKeyArn']);
  });
});

describe("the intake table's notice pointers", () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
  let built: ReturnType<typeof buildStack>;
  let template: Template;

  beforeAll(() => {
    built = buildStack();
    template = Template.fromStack(built.stack);
  }, 300_000);

  const statementsOf = (lambdaId: LambdaId) => roleStatements(template, built.stack.stateless.functions[lambdaId].role!) as Statement[];

  it('lets each function that mails notices put only notice# items in the intake table, and read nothing there', () => {
    // Prepare
    const tableId = built.stack.getLogicalId(built.stack.stateful.tables.inbox.node.defaultChild as never);
    const noticeFunctions = (Object.keys(lambdas) as LambdaId[]).filter((lambdaId) => (lambdas[lambdaId] as LambdaSpec).tables.inbox === 'notices');

    // Assess
    expect(noticeFunctions.length).toBeGreaterThan(5);
    for (const lambdaId of noticeFunctions) {
      const onTable = statementsOf(lambdaId).filter((statement) => JSON.stringify(statement.Resource).includes(`"${tableId}"`));
      expect({ lambdaId, onTable }).toEqual({
        lambdaId,
        onTable: [
          {
            Effect: 'Allow',
            Action: 'dynamodb:PutItem',
            Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
            Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['notice#*'] } },
          },
        ],
      });
    }
  });

  it('writes each pointer under the key the grant allows', () => {
    expect(noticePointerKey('<0100019A-ABC@eu-central-1.amazonses.com>')).toBe('notice#<0100019a-abc@eu-central-1.amazonses.com>');
  });
});
