// The house Lambda: one place for runtime, architecture, bundling, logs, tracing and grants.
import { ArnFormat, type CfnElement, Duration, Stack, Token } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type AddToPrincipalPolicyResult, ManagedPolicy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Access, AuditAccess, BucketAccess, PrefixAccess } from '../../shared/lambdas.js';
import { NOTICE_POINTER_GRANT } from '../../shared/intake/notice-pointers.js';
import { auditKey } from '../../shared/resources.js';
import { settings, settingsEnvironment, type SettingId } from '../../shared/config.js';
import { LAMBDA_NODE_OPTIONS, browserScriptFlags, bundleSettings } from '../bundling.js';
import { acceptFinding } from '../nag.js';
import { houseLogGroup, type LogSettings } from './log-groups.js';

export interface PrivacyFunctionProps {
  projectRoot: string;
  /** Handler module relative to the project root; it exports `handler`. */
  entry: string;
  description: string;
  memorySize?: number;
  timeoutSeconds?: number;
  logs: LogSettings;
  environment?: Record<string, string>;
  /** Files copied beside the bundle: name in the bundle → path from the project root. */
  files?: Readonly<Record<string, string>>;
  /** Browser scripts built beside the bundle with esbuild: name in the bundle → entry from the project root. */
  scripts?: Readonly<Record<string, string>>;
}

/** Reading a table: items, queries and scans, and the description the SDK's document client may ask for. */
const TABLE_READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:GetItem',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
/** Writing a table: put, update and delete items. */
const TABLE_WRITE_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
/** Appending to a table: new items only (the store conditions each put on the item not existing). */
const TABLE_APPEND_ACTIONS = ['dynamodb:PutItem'];
/** The data key for reading encrypted items and objects. */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
/** The data key for writing them: no `kms:ReEncrypt*`, no `kms:GenerateDataKey*` family. */
const KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * Bundling hooks that, after esbuild has bundled the function, copy `files` into the bundle's folder
 * and build `scripts` there with the project's own esbuild and the browser settings.
 */
export function afterBundlingHooks(files: Readonly<Record<string, string>> = {}, scripts: Readonly<Record<string, string>> = {}) {
  const quote = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      ...Object.entries(files).map(([name, from]) => `cp ${quote(join(inputDir, from))} ${quote(join(outputDir, name))}`),
      ...Object.entries(scripts).map(([name, entry]) =>
        [join(inputDir, 'node_modules', '.bin', 'esbuild'), ...browserScriptFlags(join(inputDir, entry), join(outputDir, name))].map(quote).join(' '),
      ),
    ],
  };
}

/** The name of the one inline policy on a house function's role that holds all its grants. */
export const GRANTS_POLICY_NAME = 'grants';

/**
 * A function's execution role that keeps every grant made to it in one inline policy on the role
 * itself (`Policies`), where CDK's own role would add a separate `AWS::IAM::Policy` (its
 * DefaultPolicy): the same permissions and quota, one CloudFormation resource fewer per function
 * (docs/adr/0036-function-grants-inline-on-the-role.md).
 */
export class FunctionGrantsRole extends Role {
  /** Rendered at synthesis, so grants made after the function was built appear too. */
  private readonly grantsDocument: PolicyDocument;

  constructor(scope: Construct, id: string) {
    // No `minimize` of its own: like CDK's DefaultPolicy, the document merges statements as the
    // `@aws-cdk/aws-iam:minimizePolicies` feature flag says.
    const grants = new PolicyDocument();
    super(scope, id, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
      inlinePolicies: { [GRANTS_POLICY_NAME]: grants },
    });
    this.grantsDocument = grants;
  }

  /** Adds `statement` to the role's inline policy; whatever must wait for the grant waits for the role. */
  override addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    this.grantsDocument.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }
}

/** A NodejsFunction with the house defaults: Node 22 on ARM64, ESM bundle with source maps, X-Ray, bounded logs. */
export class PrivacyFunction extends NodejsFunction {
  /** The SES actions `allowSendEmail` granted; the configuration set is granted the same ones. */
  private sesActions: string[] = ['ses:SendEmail'];
  /** The execution role, which holds the function's grants inline; cdk-nag reports them on it. */
  private readonly grantsRole: FunctionGrantsRole;

  constructor(scope: Construct, id: string, props: PrivacyFunctionProps) {
    const logGroup = houseLogGroup(scope, `${id}Logs`, props.logs);
    const role = new FunctionGrantsRole(scope, `${id}ServiceRole`);
    super(scope, id, {
      entry: join(props.projectRoot, props.entry),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: Duration.seconds(props.timeoutSeconds ?? 29),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        [settings.serviceName.envVar]: 'privacy-ops',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Traces hold timings, never payloads: responses may name people.
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        // Nor errors: an SDK error's message may quote what it was sent.
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: bundleSettings.target,
        minify: bundleSettings.minify,
        sourceMap: bundleSettings.sourcemap,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: bundleSettings.sourcesContent,
        mainFields: [...bundleSettings.mainFields],
        banner: bundleSettings.banner,
        // The SDK is bundled (not taken from the runtime) so each function ships the versions it was tested with.
        externalModules: [],
        forceDockerBundling: false,
        ...(props.files || props.scripts ? { commandHooks: afterBundlingHooks(props.files, props.scripts) } : {}),
      },
    });
    this.grantsRole = role;
    acceptFinding(
      role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "AWSLambdaBasicExecutionRole allows creating and writing any log group of the account; the function writes only to its own (LoggingConfig), which is KMS-encrypted and holds no personal data (the suite's log-hygiene scan is the control).",
    );
    acceptFinding(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords take no resource ARN; AWS documents "*" as the only value.',
    );
    // This rule reads only a role's inline policies, so it saw nothing while the grants were a separate policy.
    acceptFinding(
      role,
      'Serverless-LambdaStarPermissions',
      'The one statement on "*" is X-Ray\'s PutTraceSegments/PutTelemetryRecords, which take no resource ARN; every other grant names its resources (AwsSolutions-IAM5 still checks each wildcard in them), and test/infra/stack.test.ts holds it so.',
    );
    const pinned = 'The runtime is pinned to nodejs22.x, the release the code is built and tested for; it moves by a deliberate change.';
    acceptFinding(this, 'AwsSolutions-L1', pinned);
    acceptFinding(this, 'Serverless-LambdaLatestVersion', pinned);
    const noDlq =
      'Invoked synchronously (API Gateway, Step Functions with Retry and Catch to one failure path) or on a schedule whose next tick runs it again; the SES-event and mail-intake functions, invoked asynchronously, send failed runs to their dead-letter queues through on-failure destinations, each with an alarm.';
    acceptFinding(this, 'NIST.800.53.R5-LambdaDLQ', noDlq);
    acceptFinding(this, 'Serverless-LambdaDLQ', noDlq);
    acceptFinding(
      this,
      'NIST.800.53.R5-LambdaConcurrency',
      "No reserved concurrency: reserving it for each of the functions would carve up the account's pool; WAF per-client limits and the stage and route throttles bound the public load instead.",
    );
    acceptFinding(
      this,
      'NIST.800.53.R5-LambdaInsideVPC',
      'The functions reach only AWS service endpoints (TLS, SigV4) and the public internet for callbacks, which must never reach private addresses (checked per connection); there is no VPC resource to reach.',
    );
  }

  /**
   * Grants the least access `access` needs to `table` (and its indexes) and passes its name in
   * `envVar`: `append` reads and puts new items, and can neither update nor delete one.
   */
  bindTable(table: ITableV2, envVar: string, access: Access | AuditAccess | 'notices'): this {
    if (access === 'notices') return this.bindNoticePointers(table, envVar);
    const actions = [...TABLE_READ_ACTIONS, ...(access === 'readwrite' ? TABLE_WRITE_ACTIONS : access === 'append' ? TABLE_APPEND_ACTIONS : [])];
    table.grant(this, ...actions);
    if (table.encryptionKey) this.grantDataKey(table.encryptionKey, access === 'read' ? 'read' : 'write');
    this.addEnvironment(envVar, table.tableName);
    this.acceptGrantWildcards(
      [`Resource::<${this.logicalIdOf(table)}.Arn>/index/*`],
      "Queries need the table's indexes; CDK grants them as <table>/index/*, all of which belong to this one table.",
    );
    return this;
  }

  /**
   * Lets the function put the pointers from a notice's Message-ID to its request in the intake table
   * (`notice#…` items) and nothing else: no reads, no other item.
   */
  private bindNoticePointers(table: ITableV2, envVar: string): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...NOTICE_POINTER_GRANT.actions],
        resources: [table.tableArn],
        conditions: NOTICE_POINTER_GRANT.conditions,
      }),
    );
    if (table.encryptionKey) this.grantDataKey(table.encryptionKey, 'write');
    this.addEnvironment(envVar, table.tableName);
    return this;
  }

  /**
   * Grants `access` to `bucket` (`write`: put and delete, no reads; `append`: read and put, no
   * deletes) and passes its name in `envVar`.
   */
  bindBucket(bucket: IBucket, envVar: string, access: BucketAccess): this {
    if (typeof access === 'object') return this.bindBucketPrefixes(bucket, envVar, access);
    const wildcards = [`Resource::<${this.logicalIdOf(bucket)}.Arn>/*`];
    if (access !== 'write') {
      bucket.grantRead(this);
      wildcards.push('Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*');
    }
    if (access !== 'read') {
      const put = access === 'append' ? ['s3:PutObject'] : ['s3:PutObject', 's3:AbortMultipartUpload'];
      this.addToRolePolicy(new PolicyStatement({ actions: put, resources: [bucket.arnForObjects('*')] }));
      if (bucket.encryptionKey) this.grantDataKey(bucket.encryptionKey, 'write');
    }
    if (access === 'write' || access === 'readwrite') {
      bucket.grantDelete(this);
      wildcards.push('Action::s3:DeleteObject*');
    }
    this.addEnvironment(envVar, bucket.bucketName);
    this.acceptGrantWildcards(wildcards, 'Object-level S3 grants from CDK: action families and <bucket>/* stay inside this one private bucket.');
    return this;
  }

  /**
   * Objects under some prefixes only, action by action: get under `read`, put and delete under
   * `write`; no listing, and no other prefix of the bucket.
   */
  private bindBucketPrefixes(bucket: IBucket, envVar: string, access: PrefixAccess): this {
    const objects = (prefixes: readonly string[]) => prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
    const wildcards: string[] = [];
    if (access.read?.length) {
      this.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: objects(access.read) }));
      wildcards.push(...access.read.map((prefix) => `Resource::<${this.logicalIdOf(bucket)}.Arn>/${prefix}*`));
    }
    if (access.write?.length) {
      this.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'], resources: objects(access.write) }));
      wildcards.push(...access.write.map((prefix) => `Resource::<${this.logicalIdOf(bucket)}.Arn>/${prefix}*`));
    }
    if (bucket.encryptionKey) this.grantDataKey(bucket.encryptionKey, access.write?.length ? 'write' : 'read');
    this.addEnvironment(envVar, bucket.bucketName);
    this.acceptGrantWildcards(wildcards, 'Objects under one prefix of this one private bucket, named action by action.');
    return this;
  }

  /**
   * Use of the data key for an encrypted table or bucket, named action by action: CDK's grant
   * helpers would add `kms:ReEncrypt*` and `kms:GenerateDataKey*`, which nothing here needs.
   */
  private grantDataKey(key: IKey, use: 'read' | 'write'): void {
    key.grant(this, ...(use === 'read' ? KEY_READ_ACTIONS : [...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS]));
  }

  /**
   * Lets the function use the audit key (a KMS HMAC key) and passes its ARN in AUDIT_KEY_ARN:
   * `seal` may make keyed hashes, `verify` may only check them.
   */
  bindAuditKey(key: IKey, use: 'seal' | 'verify'): this {
    key.grant(this, use === 'seal' ? 'kms:GenerateMac' : 'kms:VerifyMac');
    this.addEnvironment(auditKey.envVar, key.keyArn);
    return this;
  }

  private logicalIdOf(resource: ITableV2 | IBucket): string {
    return Stack.of(this).getLogicalId(resource.node.defaultChild as CfnElement);
  }

  private acceptGrantWildcards(findings: readonly string[], reason: string): void {
    for (const finding of findings) acceptFinding(this.grantsRole, `AwsSolutions-IAM5[${finding}]`, reason);
  }

  /**
   * Lets the function send email as `senderAddress` through SES v2 (`SendEmail`; with `bulk`, also
   * `SendBulkEmail`), and nothing else there.
   */
  allowSendEmail(senderAddress: string, mode: true | 'bulk' = true): this {
    const domain = senderAddress.slice(senderAddress.lastIndexOf('@') + 1);
    const identity = (name: string) => Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    this.sesActions = mode === 'bulk' ? ['ses:SendEmail', 'ses:SendBulkEmail'] : ['ses:SendEmail'];
    this.addToRolePolicy(
      new PolicyStatement({
        actions: this.sesActions,
        resources: [identity(domain), identity(senderAddress)],
      }),
    );
    return this;
  }

  /** Sends through the configuration set `name`, whose bounce and complaint events feed the suppression list. */
  useConfigurationSet(name: string): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: this.sesActions,
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: name })],
      }),
    );
    this.setSettings({ sesConfigurationSet: name });
    return this;
  }

  /**
   * Lets the function read the company's account directory, a table outside this stack: with
   * `lookup`, one account by email through the `byEmail` index and nothing else (the public
   * knowledge check must not be able to list the directory); with `scan`, every account.
   */
  bindAccountDirectory(tableName: string, mode: 'lookup' | 'scan' | 'count'): this {
    const table = Stack.of(this).formatArn({ service: 'dynamodb', resource: 'table', resourceName: tableName });
    const grant = {
      lookup: new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table}/index/byEmail`] }),
      scan: new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [table] }),
      // The table's description, for its item count: no item is read.
      count: new PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [table] }),
    }[mode];
    this.addToRolePolicy(grant);
    this.setSettings({ accountDirectoryTable: tableName });
    return this;
  }

  /**
   * Lets the built-in connectors work in the company's own tables and buckets, named in the
   * deployment's configuration: read a subject's records, export, erase or mark them.
   */
  allowConnectors(tables: readonly string[], buckets: readonly string[]): this {
    const stack = Stack.of(this);
    if (tables.length) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: [
            'dynamodb:Query',
            'dynamodb:Scan',
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:BatchWriteItem',
            'dynamodb:DescribeTable',
          ],
          resources: tables.map((name) => stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: name })),
        }),
      );
    }
    if (buckets.length) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: buckets.map((name) => `arn:${stack.partition}:s3:::${name}`),
        }),
      );
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:GetObject', 's3:DeleteObject'],
          resources: buckets.map((name) => `arn:${stack.partition}:s3:::${name}/*`),
        }),
      );
      for (const name of buckets) {
        acceptFinding(
          this.grantsRole,
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${name}/*]`,
          "Subjects' objects sit under per-subject prefixes the inventory names; the grant stays inside this one configured bucket.",
        );
      }
    }
    return this;
  }

  /** Lets the function start executions of `workflow` and passes its ARN in STATE_MACHINE_ARN. */
  allowStartWorkflow(workflow: StateMachine): this {
    workflow.grantStartExecution(this);
    this.setSettings({ stateMachineArn: workflow.stateMachineArn });
    return this;
  }

  /** Lets the function stop fulfilment runs (a refused or cancelled request) of `workflow`, named `machineName`. */
  allowStopWorkflow(workflow: StateMachine, machineName: string): this {
    return this.allowOnFulfilmentRuns(['states:StopExecution'], workflow, machineName);
  }

  /** Lets the function see whether a request's fulfilment run is still going, and start a new one (an operator's resume). */
  allowResumeWorkflow(workflow: StateMachine, machineName: string): this {
    return this.allowStartWorkflow(workflow).allowOnFulfilmentRuns(['states:DescribeExecution'], workflow, machineName);
  }

  private allowOnFulfilmentRuns(actions: string[], workflow: StateMachine, machineName: string): this {
    const stack = Stack.of(this);
    const executions = `${machineName}:fulfil-*`;
    this.addToRolePolicy(
      new PolicyStatement({
        actions,
        resources: [stack.formatArn({ service: 'states', resource: 'execution', resourceName: executions, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
    );
    this.setSettings({ stateMachineArn: workflow.stateMachineArn });
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
    acceptFinding(
      this.grantsRole,
      `AwsSolutions-IAM5[Resource::arn:${partition}:states:${region}:${account}:execution:${executions}]`,
      'Fulfilment runs are named fulfil-<request id>[-<run>] at run time; the grant covers only those runs of the one fulfilment state machine.',
    );
    return this;
  }

  /** Lets the function start policy notice campaigns and passes the machine's ARN in CAMPAIGN_STATE_MACHINE_ARN. */
  allowStartCampaign(campaign: StateMachine): this {
    campaign.grantStartExecution(this);
    this.setSettings({ campaignStateMachineArn: campaign.stateMachineArn });
    return this;
  }

  /** Lets the function resume `workflow`'s waiting tasks (success, failure, heartbeat). */
  allowReportToWorkflow(workflow: StateMachine): this {
    workflow.grantTaskResponse(this);
    return this;
  }

  /** Sets the environment variables that carry `values`, named by the one settings map (shared/config.ts). */
  setSettings(values: { [K in SettingId]?: string }): this {
    for (const [name, value] of Object.entries(settingsEnvironment(values))) this.addEnvironment(name, value);
    return this;
  }

  /**
   * Lets the function read `secret` (one of the stack's own) and passes its ARN (never its value) in
   * `envVar`. The function may use the secret's key only through Secrets Manager, granted in its own
   * policy: CDK's `grantRead` would name the function's role in the key's policy instead, and a key
   * policy that names a role whose grants name the key is a dependency cycle once those grants sit on
   * the role itself. The key's policy lets IAM policies of the account grant its use, so the access is the same.
   */
  bindSecret(secret: ISecret, envVar: string): this {
    this.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secret.secretArn] }));
    if (secret.encryptionKey) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [secret.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
    this.addEnvironment(envVar, secret.secretArn);
    return this;
  }
}
