// Email intake in AWS: an SES receipt rule for the privacy addresses stores each mail raw in the data
// bucket under inbound-mail/ and then invokes the intake function, which reads it from there. The rule
// goes in a named existing rule set, or in the stack's own, which the stack makes the active one (an
// account has one active rule set at a time).
import { Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { type IReceiptRuleSet, type ReceiptRuleActionConfig, type IReceiptRuleAction, ReceiptRule, ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { INBOUND_MAIL_PREFIX } from '../../shared/resources.js';
import { acceptFinding } from '../nag.js';
import { deadLetterAlarm, deadLetterQueue, queueDestination } from './dead-letters.js';
import type { PrivacyFunction } from './privacy-function.js';

export interface EmailIntakeProps {
  /** The privacy addresses the rule takes mail in at. */
  addresses: readonly string[];
  /** An existing rule set to add the rule to; absent, the stack creates its own and activates it. */
  ruleSetName?: string;
  /** The data bucket, encrypted with `key`: SES writes the raw mail under inbound-mail/. */
  bucket: Bucket;
  key: Key;
  /** The intake function SES invokes once the mail is stored. */
  receiver: PrivacyFunction;
  /** Where the alarm on mails intake could not take in notifies operators. */
  alarmTopic: ITopic;
}

/** The receipt rule for the privacy addresses, its S3 and Lambda actions, and what SES may do to take a mail in. */
export class EmailIntake extends Construct {
  readonly ruleSet: IReceiptRuleSet;
  readonly rule: ReceiptRule;
  /** The rule set's name, and the rule's: both fixed, so the grants can name the rule before it exists. */
  readonly ruleSetName: string;
  readonly ruleName: string;
  /** SES's invocations of intake that failed every retry: the event that names the stored mail, for a replay. */
  readonly failedRuns: Queue;
  readonly failedRunsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: EmailIntakeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.ruleSetName = props.ruleSetName ?? `${stack.stackName}-intake`;
    this.ruleName = `${stack.stackName}-privacy-address`;
    // SES checks at CreateReceiptRule that it may write and invoke: the grants name the rule by its
    // ARN, which must not depend on the rule itself (a cycle), hence the fixed names.
    const ruleArn = stack.formatArn({ service: 'ses', resource: 'receipt-rule-set', resourceName: `${this.ruleSetName}:receipt-rule/${this.ruleName}` });
    const fromThisRule = { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': ruleArn } };

    // SES puts the raw mail under inbound-mail/ only, for this account's rule.
    const bucketGrant = props.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesStoresInboundMail',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [props.bucket.arnForObjects(`${INBOUND_MAIL_PREFIX}*`)],
        conditions: fromThisRule,
      }),
    );
    // The bucket's default encryption is the data key: S3 asks KMS for a data key as SES, for this rule only.
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesEncryptsInboundMail',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { ...fromThisRule, StringEquals: { ...fromThisRule.StringEquals, 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }),
    );
    const invoke = new CfnPermission(this, 'SesInvokesIntake', {
      action: 'lambda:InvokeFunction',
      functionName: props.receiver.functionArn,
      principal: 'ses.amazonaws.com',
      sourceAccount: stack.account,
      sourceArn: ruleArn,
    });

    if (props.ruleSetName) {
      this.ruleSet = ReceiptRuleSet.fromReceiptRuleSetName(this, 'RuleSet', props.ruleSetName);
    } else {
      this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: this.ruleSetName });
      this.activate(this.ruleSetName);
    }

    this.rule = new ReceiptRule(this, 'PrivacyAddress', {
      ruleSet: this.ruleSet,
      receiptRuleName: this.ruleName,
      recipients: [...props.addresses],
      // SES's spam and virus verdicts travel with each mail; intake keeps a virus's attachments out.
      scanEnabled: true,
      // A person's mail must reach us whatever their provider does: SES takes it with or without TLS.
      tlsPolicy: TlsPolicy.OPTIONAL,
      enabled: true,
      actions: [storeRaw(props.bucket), invokeAsync(props.receiver)],
    });
    if (bucketGrant.policyDependable) this.rule.node.addDependency(bucketGrant.policyDependable);
    this.rule.node.addDependency(invoke);

    // SES invokes intake asynchronously: a run that fails Lambda's two retries would otherwise be
    // lost, its mail stored and never taken in. Its event (the SES record naming the stored mail) waits here.
    this.failedRuns = deadLetterQueue(
      this,
      'FailedRuns',
      props.key,
      "This queue is itself the on-failure destination of intake's runs; its alarm calls an operator, who replays them.",
    );
    props.receiver.configureAsyncInvoke({ retryAttempts: 2, onFailure: queueDestination(this.failedRuns, props.key) });
    this.failedRunsAlarm = deadLetterAlarm(
      this,
      'FailedRunsAlarm',
      this.failedRuns,
      props.alarmTopic,
      'privacy-ops: a mail to the privacy address was stored but intake failed on it after its retries; it is not taken in until an operator replays the queue (docs/operations.md#mail-intake-could-not-take-in)',
    );
  }

  /** Accepts the findings on the function CDK shares for AwsCustomResource calls (one per stack). */
  private acceptActivationFunction(): void {
    const shared = Stack.of(this).node.tryFindChild(AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '').replace(/^/, 'AWS'));
    if (!shared) return;
    for (const [id, reason] of Object.entries(ACTIVATION_FINDINGS)) acceptFinding(shared, id, reason);
  }

  /** Makes the stack's rule set the account's active one; deleting the stack leaves the account with none active. */
  private activate(ruleSetName: string): void {
    const call = (name?: string) => ({
      service: 'SES',
      action: 'setActiveReceiptRuleSet',
      parameters: name ? { RuleSetName: name } : {},
      physicalResourceId: PhysicalResourceId.of(`active-receipt-rule-set-${ruleSetName}`),
    });
    const activation = new AwsCustomResource(this, 'Activate', {
      onCreate: call(ruleSetName),
      onUpdate: call(ruleSetName),
      onDelete: call(),
      policy: AwsCustomResourcePolicy.fromStatements([
        // SetActiveReceiptRuleSet takes no resource ARN: "*" is the only value IAM accepts for it.
        new PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
    });
    activation.node.addDependency(this.ruleSet);
    this.acceptActivationFunction();
    acceptFinding(
      activation,
      'AwsSolutions-IAM5[Resource::*]',
      "ses:SetActiveReceiptRuleSet has no resource-level permissions; this custom resource calls it once at deploy, with the stack's own rule set.",
    );
  }
}

/** What cdk-nag finds in the function CDK shares for AwsCustomResource calls, and why it stands. */
const ACTIVATION_FINDINGS: Record<string, string> = {
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
    'The deploy-time function CDK provides for SDK calls writes only its own log; it reads no data and runs once per deployment.',
  'NIST.800.53.R5-LambdaConcurrency': 'CloudFormation invokes it once per deployment of the rule set; no concurrency to bound.',
  'NIST.800.53.R5-LambdaDLQ': 'CloudFormation waits for its answer and fails the deployment when it fails: nothing to keep in a queue.',
  'Serverless-LambdaDLQ': 'CloudFormation waits for its answer and fails the deployment when it fails: nothing to keep in a queue.',
  'NIST.800.53.R5-LambdaInsideVPC': 'It calls the SES API once at deployment and touches no data; a VPC would need endpoints for nothing.',
  'Serverless-LambdaDefaultMemorySize': "CDK's shared function for SDK calls; its one SES call at deployment needs no tuning.",
  'Serverless-LambdaTracing': 'A deploy-time call CloudFormation logs and reports; it serves no request to trace.',
};

/** The S3 action: the raw mail under inbound-mail/<SES message id>, encrypted by the bucket's default key (never SES's client-side encryption, which intake could not read). */
function storeRaw(bucket: Bucket): IReceiptRuleAction {
  return { bind: (): ReceiptRuleActionConfig => ({ s3Action: { bucketName: bucket.bucketName, objectKeyPrefix: INBOUND_MAIL_PREFIX } }) };
}

/** The Lambda action, asynchronous: SES does not wait for intake, and Lambda retries a failed run twice. */
function invokeAsync(fn: PrivacyFunction): IReceiptRuleAction {
  return { bind: (): ReceiptRuleActionConfig => ({ lambdaAction: { functionArn: fn.functionArn, invocationType: 'Event' } }) };
}
