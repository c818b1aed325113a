import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { lambdas } from '../../shared/lambdas.js';
import { routes } from '../../functions/routes.js';
import { buckets, tables } from '../../shared/resources.js';
import { apiTemplate, buildStack, roleStatements, stacksOf, templatesText } from '../support/stack.js';
import { GRANTS_POLICY_NAME } from '../../infra/constructs/privacy-function.js';

/** What these tests read of each resource type; the template holds more. */
interface ResourceProperties {
  'AWS::DynamoDB::GlobalTable': {
    SSESpecification: unknown;
    Replicas: {
      PointInTimeRecoverySpecification: unknown;
      SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': string[] } };
      DeletionProtectionEnabled: boolean;
    }[];
  };
  'AWS::S3::BucketPolicy': { PolicyDocument: { Statement: unknown[] } };
  'AWS::Lambda::Function': {
    Description: string;
    Runtime: string;
    Architectures: string[];
    TracingConfig: unknown;
    Environment: { Variables: Record<string, unknown> };
    LoggingConfig: { LogGroup?: unknown };
    Code: { S3Key: unknown };
  };
  'AWS::SecretsManager::Secret': { SecretString?: unknown; GenerateSecretString?: unknown };
  'AWS::Logs::LogGroup': { RetentionInDays?: number };
  'AWS::ApiGateway::Method': { AuthorizationType: string };
  'AWS::ApiGateway::Resource': { PathPart: string };
  'AWS::ApiGateway::Stage': { AccessLogSetting: { Format: string }; MethodSettings: unknown[] };
}

const resourcesOf = <T extends keyof ResourceProperties>(template: Template, type: T) =>
  Object.values(template.findResources(type)) as { Properties: ResourceProperties[T] }[];

/**
 * The functions of the lambda catalogue: every function but the one CDK adds to make deploy-time SDK
 * calls (AwsCustomResource, which activates the intake's receipt rule set), held to its own findings.
 */
const houseFunctions = (template: Template) =>
  Object.entries(template.findResources('AWS::Lambda::Function'))
    .filter(([logicalId]) => !logicalId.startsWith(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`))
    .map(([, fn]) => fn) as { Properties: ResourceProperties['AWS::Lambda::Function'] }[];

describe('PrivacyOpsStack', () => {
  let stack: ReturnType<typeof buildStack>['stack'];
  let template: Template;
  /** The nested stack of the REST API, its stage and its web ACL. */
  let api: Template;
  let assemblyDir: string;

  beforeAll(() => {
    // Prepare: one system route beside the real table proves how system routes are guarded. This
    // one synthesis bundles every function, as `cdk deploy` does.
    // Email intake is on: the receipt rule and its rule set's activation count against the stack's limit.
    const built = buildStack({
      bundle: true,
      context: { 'privacy-ops:emailIntake': { addresses: ['privacy@example.com'] } },
      routes: [...routes, { method: 'GET', path: '/v1/probe/{id}', lambda: 'health', auth: 'system', summary: 'probe', tags: [], responses: {} }],
    });
    stack = built.stack;
    template = Template.fromStack(stack);
    api = apiTemplate(stack);
    assemblyDir = built.outdir;
    // Bundling every function takes a minute or two on a small, busy machine.
  }, 600_000);

  describe('stateful resources', () => {
    it('creates every declared table with point-in-time recovery and the customer managed key', () => {
      const created = resourcesOf(template, 'AWS::DynamoDB::GlobalTable');
      expect(created).toHaveLength(Object.keys(tables).length);
      for (const table of created) {
        expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
        const replica = table.Properties.Replicas[0]!;
        expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
        expect(replica.SSESpecification.KMSMasterKeyId['Fn::GetAtt'][0]).toMatch(/^StatefulDataKey/);
        expect(replica.DeletionProtectionEnabled).toBe(true);
      }
    });

    it('gives the requests table its deadline and subject indexes, the sparse queue index with only what the queue reads, and a TTL', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: Match.arrayWith([
          Match.objectLike({ IndexName: 'byStatusDue' }),
          Match.objectLike({ IndexName: 'bySubject' }),
          Match.objectLike({
            IndexName: 'byQueue',
            KeySchema: [
              { AttributeName: 'queue', KeyType: 'HASH' },
              { AttributeName: 'dueAt', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status', 'type', 'jurisdiction', 'receivedAt', 'deadlines', 'immediateStop'] },
          }),
        ]),
        TimeToLiveSpecification: { AttributeName: 'purgeAt', Enabled: true },
      });
    });

    it('gives the tasks table its index by state and due date, its index by system and state, and a TTL', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [{ AttributeName: 'taskId', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'byState',
            KeySchema: [
              { AttributeName: 'state', KeyType: 'HASH' },
              { AttributeName: 'dueAt', KeyType: 'RANGE' },
            ],
          }),
          Match.objectLike({
            IndexName: 'bySystemState',
            KeySchema: [
              { AttributeName: 'systemId', KeyType: 'HASH' },
              { AttributeName: 'state', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['requestId'] },
          }),
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    });

    it('rotates the data key', () => {
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    });

    it('keeps the data bucket private, KMS-encrypted, expiring exports after 30 days and permission documents after 120', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ Prefix: 'exports/', ExpirationInDays: 30, Status: 'Enabled' }),
            Match.objectLike({ Prefix: 'agent-permissions/', ExpirationInDays: 120, Status: 'Enabled' }),
          ]),
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: `${buckets.data.localName}/` }),
      });
    });

    it('denies every request to each bucket that does not use TLS', () => {
      const policies = resourcesOf(template, 'AWS::S3::BucketPolicy');
      // Every declared bucket and the server access log bucket.
      expect(policies).toHaveLength(Object.keys(buckets).length + 1);
      for (const policy of policies) {
        expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
      }
    });

    it('retains data when deletion protection is on, and lets it go when it is off', () => {
      template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
      const unprotected = Template.fromStack(buildStack({ context: { 'privacy-ops:deletionProtection': false } }).stack);
      unprotected.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Delete',
        Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] }),
      });
    });
  });

  describe('functions', () => {
    it('passes secrets by ARN, never by value', () => {
      const [createRequest] = houseFunctions(template).filter((f) => f.Properties.Environment.Variables.SUBJECT_HASH_SECRET_ARN);
      expect(createRequest!.Properties.Environment.Variables.SUBJECT_HASH_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/SubjectHashKeySecret/) });
      expect(templatesText(stack)).not.toMatch(/SUBJECT_HASH_KEY"/);
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
        KmsKeyId: Match.anyValue(),
      });
    });

    it('holds no secret in any template: no key material, access keys or generated values, only references', () => {
      const text = templatesText(stack);
      expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(text).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
      expect(text).not.toMatch(/"(SecretString|Password|SecretAccessKey)"\s*:\s*"/);
      // Every secret is generated by Secrets Manager inside AWS, never written into the template.
      for (const secret of resourcesOf(template, 'AWS::SecretsManager::Secret')) {
        expect(secret.Properties.SecretString).toBeUndefined();
        expect(secret.Properties.GenerateSecretString).toBeDefined();
      }
      // No function is handed a value that looks like a key: 32 or more base64 or hex characters in one run.
      for (const fn of houseFunctions(template)) {
        const literals = Object.values(fn.Properties.Environment?.Variables ?? {}).filter((v): v is string => typeof v === 'string');
        expect(literals.filter((value) => /[A-Za-z0-9+/_-]{32,}/.test(value) && !/^arn:|^[a-z0-9-]+$/.test(value))).toEqual([]);
      }
    });

    // Measured with the route table, the probe route and email intake: the stack 376 resources, the
    // API's nested stack 305 (the stack was 470 while each function's grants were a policy of their
    // own, ADR 0036; 308 and 186 at the split, ADR 0016, from one stack of 493). Each new function
    // adds three to the stack (function, role with its grants, log group) and an event rule when
    // scheduled; each new route one method, a resource per new path segment and an invoke
    // permission per new function to the API's.
    it("keeps each stack at most 450 resources, with room under CloudFormation's 500 (the parent is 376 and the nested API 305)", () => {
      const figures = stacksOf(stack).map((each) => {
        const json = Template.fromStack(each).toJSON();
        return {
          stack: each.node.path,
          resources: Object.keys(json.Resources ?? {}).length,
          parameters: Object.keys(json.Parameters ?? {}).length,
          outputs: Object.keys(json.Outputs ?? {}).length,
        };
      });
      expect(figures.map((each) => each.stack)).toEqual(['PrivacyOpsTest', 'PrivacyOpsTest/Stateless/Api']);
      // CloudFormation's hard limits are 500 resources, 200 parameters and 200 outputs per template;
      // the API's parameters are one per function a route reaches, so they are held to 150, with room.
      for (const each of figures) {
        expect(each.resources, each.stack).toBeLessThanOrEqual(450);
        expect(each.parameters, each.stack).toBeLessThanOrEqual(150);
        expect(each.outputs, each.stack).toBeLessThanOrEqual(150);
      }
    });

    it('creates one function per declared lambda, on nodejs22.x and ARM64 with tracing and source maps', () => {
      const functions = houseFunctions(template);
      expect(functions).toHaveLength(Object.keys(lambdas).length);
      for (const fn of functions) {
        expect(fn.Properties.Runtime).toBe('nodejs22.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
        expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACER_CAPTURE_RESPONSE).toBe('false');
        expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACER_CAPTURE_ERROR).toBe('false');
        expect(fn.Properties.Environment.Variables.SENDER_ADDRESS).toBe('privacy@example.com');
        expect(JSON.parse(String(fn.Properties.Environment.Variables.CONTROLLER))).toEqual(DEMO_CONTROLLER);
        expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
      }
    });

    it('bundles every function into one ESM file with its source map', () => {
      for (const fn of houseFunctions(template)) {
        const assetDir = join(assemblyDir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
        expect(existsSync(join(assetDir, 'index.mjs')), assetDir).toBe(true);
        expect(existsSync(join(assetDir, 'index.mjs.map')), assetDir).toBe(true);
      }
    });

    it('copies the files a function reads at run time beside its bundle, and only into that function', () => {
      const withScript = houseFunctions(template).filter((fn) => {
        const assetDir = join(assemblyDir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
        return existsSync(join(assetDir, 'api-reference.js'));
      });
      expect(withScript.map((fn) => fn.Properties.Description)).toEqual([
        expect.stringMatching(/^privacy-ops: Serves the OpenAPI document .*\(GET \/openapi.json, GET \/docs, GET \/docs\/api-reference.js\)$/),
      ]);
    });

    it('builds the scripts a function serves to browsers beside its bundle, Chart.js inside, and only into that function', () => {
      const withCharts = houseFunctions(template).flatMap((fn) => {
        const script = join(assemblyDir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`, 'console-charts.js');
        return existsSync(script) ? [{ description: fn.Properties.Description, code: readFileSync(script, 'utf8') }] : [];
      });
      expect(withCharts.map((fn) => fn.description)).toEqual([expect.stringMatching(/^privacy-ops: Shows the console's charts .*\(GET \/console\/charts, /)]);
      expect(withCharts[0]!.code).toContain('Chart.js v4');
      expect(withCharts[0]!.code).not.toMatch(/^import |\bexport /m);
    });

    it('describes each function by what it does and the routes the route table gives it', () => {
      const descriptions = houseFunctions(template).map((fn) => fn.Properties.Description);
      expect(descriptions).toContain('privacy-ops: Files a rights request (POST /v1/requests)');
      expect(descriptions).toContain('privacy-ops: Workflow: records the outcomes, closes the request and mails the answer');
      for (const route of routes) {
        const named = `${route.method} ${route.path}`;
        const served = descriptions.filter((description) =>
          [`(${named})`, `(${named},`, ` ${named})`, ` ${named},`].some((form) => description.includes(form)),
        );
        expect(served, `${route.method} ${route.path}`).toHaveLength(1);
      }
    });

    it('keeps the demo company out of every function bundle: it reaches a function only through its CONTROLLER setting', () => {
      for (const fn of houseFunctions(template)) {
        const assetDir = join(assemblyDir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
        for (const file of ['index.mjs', 'index.mjs.map']) {
          const code = readFileSync(join(assetDir, file), 'utf8');
          for (const mark of [DEMO_CONTROLLER.name, 'BayLDA', 'demo.config.json']) expect(code.includes(mark), `${mark} in ${assetDir}/${file}`).toBe(false);
        }
      }
    });

    it("bounds log retention by the configured number of days, in the API's nested stack as well", () => {
      const groups = [...resourcesOf(template, 'AWS::Logs::LogGroup'), ...resourcesOf(api, 'AWS::Logs::LogGroup')];
      expect(resourcesOf(api, 'AWS::Logs::LogGroup')).toHaveLength(1);
      expect(groups.length).toBeGreaterThanOrEqual(Object.keys(lambdas).length + 1);
      for (const group of groups) expect(group.Properties.RetentionInDays).toBe(90);
    });

    it('grants each function exactly the tables, buckets and secrets it declares, and no others', () => {
      const { stack } = buildStack();
      const stackTemplate = Template.fromStack(stack);
      const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
      const tableIds = Object.fromEntries(Object.entries(stack.stateful.tables).map(([id, table]) => [logicalId(table), id]));
      const bucketIds = Object.fromEntries(Object.entries(stack.stateful.buckets).map(([id, bucket]) => [logicalId(bucket), id]));
      const secretIds = Object.fromEntries(Object.entries(stack.stateful.secrets).map(([id, secret]) => [logicalId(secret), id]));
      for (const [lambdaId, spec] of Object.entries(lambdas)) {
        const fn = stack.stateless.functions[lambdaId as keyof typeof lambdas];
        const referenced = JSON.stringify(roleStatements(stackTemplate, fn.role!));
        const used = (ids: Record<string, string>) =>
          Object.entries(ids)
            .filter(([cfnId]) => referenced.includes(`"${cfnId}"`))
            .map(([, id]) => id)
            .sort();
        expect({ lambdaId, tables: used(tableIds) }).toEqual({ lambdaId, tables: Object.keys(spec.tables).sort() });
        expect({ lambdaId, buckets: used(bucketIds) }).toEqual({ lambdaId, buckets: Object.keys(spec.buckets).sort() });
        expect({ lambdaId, secrets: used(secretIds) }).toEqual({ lambdaId, secrets: [...(('secrets' in spec ? spec.secrets : []) as string[])].sort() });
      }
    });

    it("lets the functions that read a secret use its key only through Secrets Manager, granted on their roles, and names no role in the key's policy", () => {
      const { stack } = buildStack();
      const stackTemplate = Template.fromStack(stack);
      const keyId = stack.getLogicalId(stack.stateful.key.node.defaultChild as never);
      const throughSecretsManager = {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com' } },
      };
      for (const [lambdaId, spec] of Object.entries(lambdas)) {
        const fn = stack.stateless.functions[lambdaId as keyof typeof lambdas];
        const statements = roleStatements(stackTemplate, fn.role!);
        const readsSecrets = (('secrets' in spec ? spec.secrets : []) as readonly string[]).length > 0;
        expect({ lambdaId, viaSecretsManager: statements.filter((st) => JSON.stringify(st).includes('kms:ViaService')) }).toEqual({
          lambdaId,
          viaSecretsManager: readsSecrets ? [throughSecretsManager] : [],
        });
      }
      const keyPolicy = JSON.stringify(stackTemplate.findResources('AWS::KMS::Key')[keyId]!.Properties.KeyPolicy);
      const functionRoles = Object.values(stack.stateless.functions).map((fn) => stack.getLogicalId(fn.role!.node.defaultChild as never));
      expect(functionRoles.filter((roleId) => keyPolicy.includes(`"${roleId}"`))).toEqual([]);
    });

    it('lets only the functions that mail send email, only as the configured sender, and the knowledge check find one account, never list them', () => {
      const { stack } = buildStack({ context: { 'privacy-ops:senderAddress': 'dpo@shop.example' } });
      const stackTemplate = Template.fromStack(stack);
      for (const [lambdaId, spec] of Object.entries(lambdas)) {
        const fn = stack.stateless.functions[lambdaId as keyof typeof lambdas];
        const statements = roleStatements(stackTemplate, fn.role!);
        const ses = statements.filter((st) => JSON.stringify(st.Action).includes('ses:'));
        const directory = statements.filter((st) => JSON.stringify(st.Resource).includes(':table/accounts'));
        const sending = 'sendsEmail' in spec ? spec.sendsEmail : undefined;
        const sends = sending !== undefined;
        const readsDirectory = 'readsAccountDirectory' in spec ? spec.readsAccountDirectory : undefined;
        expect({ lambdaId, ses: [...new Set(ses.flatMap((st) => st.Action))].sort() }).toEqual({
          lambdaId,
          ses: sending === 'bulk' ? ['ses:SendBulkEmail', 'ses:SendEmail'] : sends ? ['ses:SendEmail'] : [],
        });
        if (sends) {
          expect(JSON.stringify(ses[0]!.Resource)).toContain('identity/shop.example');
          expect(JSON.stringify(ses[0]!.Resource)).toContain('identity/dpo@shop.example');
        }
        // A lookup reaches one account through the email index; only scanning jobs may list the table;
        // counting describes the table and reads no item.
        const expected = { lookup: [['dynamodb:Query', true]], scan: [['dynamodb:Scan', false]], count: [['dynamodb:DescribeTable', false]] };
        expect({ lambdaId, directory: directory.map((st) => [st.Action, JSON.stringify(st.Resource).includes('/index/byEmail')]) }).toEqual({
          lambdaId,
          directory: readsDirectory ? expected[readsDirectory] : [],
        });
      }
    });

    it("keeps each function's grants in one inline policy on its own role, with no AWS::IAM::Policy of its own, and creates the function after the role", () => {
      const attachedTo = Object.values(template.findResources('AWS::IAM::Policy')).map((policy) => JSON.stringify(policy.Properties.Roles));
      const functions = template.findResources('AWS::Lambda::Function');
      const oversized: string[] = [];
      for (const [lambdaId, fn] of Object.entries(stack.stateless.functions)) {
        const roleId = stack.getLogicalId(fn.role!.node.defaultChild as never);
        const role = template.findResources('AWS::IAM::Role')[roleId]!.Properties as {
          ManagedPolicyArns: unknown[];
          Policies: { PolicyName: string; PolicyDocument: { Statement: unknown[] } }[];
        };
        expect({ lambdaId, attached: attachedTo.filter((roles) => roles.includes(`"${roleId}"`)).length }).toEqual({ lambdaId, attached: 0 });
        expect({ lambdaId, policies: role.Policies.map((policy) => policy.PolicyName) }).toEqual({ lambdaId, policies: [GRANTS_POLICY_NAME] });
        // X-Ray's is the one statement on "*" or on a whole service (cdk-nag's Serverless-LambdaStarPermissions is acknowledged for it).
        const statements = role.Policies[0]!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
        const starred = statements.filter(
          (st) => [st.Resource].flat().includes('*') || [st.Action].flat().some((action) => action === '*' || action.endsWith(':*')),
        );
        expect({ lambdaId, starred }).toEqual({
          lambdaId,
          starred: [{ Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' }],
        });
        expect(role.ManagedPolicyArns).toEqual([
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']] },
        ]);
        // IAM holds a role's inline policies to 10,240 characters together. CDK split a DefaultPolicy
        // that grew past 10,000 into managed policies; an inline policy is not split, so it is held here
        // with room (the largest, finishRequest's, is about 3,000; references count as the template writes them).
        if (JSON.stringify(role.Policies[0]!.PolicyDocument).length > 8000) oversized.push(lambdaId);
        expect({ lambdaId, dependsOn: functions[stack.getLogicalId(fn.node.defaultChild as never)]!.DependsOn }).toEqual({ lambdaId, dependsOn: [roleId] });
      }
      expect(oversized).toEqual([]);
      // Statements merge as before (@aws-cdk/aws-iam:minimizePolicies): one read of the three tables.
      const tableArn = (table: keyof typeof stack.stateful.tables) => ({
        'Fn::GetAtt': [stack.getLogicalId(stack.stateful.tables[table].node.defaultChild as never), 'Arn'],
      });
      const indexes = (table: keyof typeof stack.stateful.tables) => ({ 'Fn::Join': ['', [tableArn(table), '/index/*']] });
      expect(roleStatements(template, stack.stateless.functions.getRequest.role!)).toEqual([
        { Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
          Resource: [tableArn('requests'), tableArn('systems'), tableArn('tasks'), indexes('requests'), indexes('tasks')],
        },
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:DescribeKey'],
          Resource: { 'Fn::GetAtt': [stack.getLogicalId(stack.stateful.key.node.defaultChild as never), 'Arn'] },
        },
      ]);
    });

    it('lets read-only functions read but never write', () => {
      const { stack } = buildStack();
      const actions = roleStatements(Template.fromStack(stack), stack.stateless.functions.getRequest.role!).flatMap((st) => [st.Action].flat());
      expect(actions).toContain('dynamodb:GetItem');
      expect(actions.filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
    });
  });

  describe('REST API', () => {
    it('has exactly one method per route, each guarded as its auth kind says', () => {
      const methods = resourcesOf(api, 'AWS::ApiGateway::Method');
      expect(methods).toHaveLength(routes.length + 1);
      const byAuth = (auth: string) => methods.filter((m) => m.Properties.AuthorizationType === auth).length;
      expect(byAuth('AWS_IAM')).toBe(routes.filter((r) => r.auth === 'system').length + 1);
      expect(byAuth('NONE')).toBe(routes.filter((r) => r.auth !== 'system' && r.auth !== 'console').length);
      expect(byAuth('CUSTOM')).toBe(routes.filter((r) => r.auth === 'console').length);
    });

    it('builds the resource tree from the route paths', () => {
      const paths = [...routes.map((r) => r.path), '/v1/probe/{id}'];
      const prefixes = new Set(
        paths.flatMap((path) => {
          const segments = path.split('/').filter(Boolean);
          return segments.map((_, i) => segments.slice(0, i + 1).join('/'));
        }),
      );
      expect(resourcesOf(api, 'AWS::ApiGateway::Resource')).toHaveLength(prefixes.size);
      const parts = resourcesOf(api, 'AWS::ApiGateway::Resource').map((r) => r.Properties.PathPart);
      expect(parts).toEqual(expect.arrayContaining(['health', 'openapi.json', 'v1', 'requests', '{id}', 'audit', 'probe']));
    });

    it('writes access logs that hold no body, query string or client address', () => {
      const [stage] = resourcesOf(api, 'AWS::ApiGateway::Stage');
      const format: string = stage!.Properties.AccessLogSetting.Format;
      const fields = Object.values(JSON.parse(format) as Record<string, string>);
      expect(fields).toContain('$context.requestId');
      expect(fields).toContain('$context.resourcePath');
      // The concrete path may hold a subject's token; the resource template never does.
      expect(fields.filter((f) => /body|sourceIp|querystring|userAgent|^\$context\.path$/i.test(f))).toEqual([]);
      const throttled = routes.filter((route) => route.throttle);
      expect(stage!.Properties.MethodSettings).toEqual([
        expect.objectContaining({ HttpMethod: '*', DataTraceEnabled: false, LoggingLevel: 'ERROR', ThrottlingRateLimit: 50 }),
        ...throttled.map((route) =>
          expect.objectContaining({
            HttpMethod: route.method,
            ResourcePath: `/${route.path.replaceAll('/', '~1')}`,
            DataTraceEnabled: false,
            LoggingLevel: 'ERROR',
            ThrottlingRateLimit: route.throttle!.rateLimit,
            ThrottlingBurstLimit: route.throttle!.burstLimit,
          }),
        ),
      ]);
      expect(throttled.map((route) => route.path)).toEqual(expect.arrayContaining(['/v1/verify/{token}', '/v1/verify/{token}/identity']));
    });

    it('throttles every route: the stage for all, and each route a subject or an outside agent reaches on its own', () => {
      const [stage] = resourcesOf(api, 'AWS::ApiGateway::Stage');
      const settings = stage!.Properties.MethodSettings as {
        ResourcePath: string;
        HttpMethod: string;
        ThrottlingRateLimit?: number;
        ThrottlingBurstLimit?: number;
      }[];
      const stageWide = settings.find((setting) => setting.ResourcePath === '/*' && setting.HttpMethod === '*');
      expect(stageWide?.ThrottlingRateLimit).toBeGreaterThan(0);
      expect(stageWide?.ThrottlingBurstLimit).toBeGreaterThan(0);
      const ownLimit = (method: string, path: string) =>
        settings.some((s) => s.HttpMethod === method && s.ResourcePath === `/${path.replaceAll('/', '~1')}` && s.ThrottlingRateLimit! <= 10);
      // One-click unsubscribes (RFC 8058) come from mail providers in bursts after a send; refusing
      // them would leave people subscribed, so that route has only the stage's limit.
      const oneClick = (route: (typeof routes)[number]) => route.method === 'POST' && route.path === '/v1/unsubscribe/{token}';
      const reachedByOutsiders = routes.filter(
        (route) => (route.auth === 'subject' && !oneClick(route)) || route.path.startsWith('/v1/data-rights-request') || route.path.startsWith('/v1/agent/'),
      );
      expect(reachedByOutsiders.filter((route) => !ownLimit(route.method, route.path)).map((route) => `${route.method} ${route.path}`)).toEqual([]);
    });

    it('answers its own refusals with problem+json to a system and a page to a browser (test/infra/gateway-responses.test.ts has the details)', () => {
      api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: 'MISSING_AUTHENTICATION_TOKEN',
        StatusCode: '403',
        ResponseParameters: Match.objectLike({ 'gatewayresponse.header.cache-control': "'no-store'" }),
        ResponseTemplates: {
          'application/problem+json': Match.anyValue(),
          'application/json': Match.anyValue(),
          'text/html': Match.stringLikeRegexp('^<!doctype html>'),
        },
      });
      api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'THROTTLED', StatusCode: '429' });
    });
  });

  describe('configuration', () => {
    it('passes the configured sender to every function', () => {
      const custom = Template.fromStack(buildStack({ context: { 'privacy-ops:senderAddress': 'dpo@shop.example' } }).stack);
      for (const fn of resourcesOf(custom, 'AWS::Lambda::Function')) {
        expect(fn.Properties.Environment.Variables.SENDER_ADDRESS).toBe('dpo@shop.example');
      }
    });

    it('refuses a malformed sender address or retention at synth time', () => {
      expect(() => buildStack({ context: { 'privacy-ops:senderAddress': 'not an address' } })).toThrow(/senderAddress/);
      expect(() => buildStack({ context: { 'privacy-ops:logRetentionDays': 42 } })).toThrow(/logRetentionDays/);
      expect(() => buildStack({ context: { 'privacy-ops:deletionProtection': 'maybe' } })).toThrow(/deletionProtection/);
    });
  });
});
