import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INBOUND_MAIL_PREFIX, INBOUND_MAIL_RETENTION_DAYS } from '../../shared/resources.js';
import { buildStack, roleStatements } from '../support/stack.js';

type Statement = { Sid?: string; Effect: string; Principal?: unknown; Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };

const ADDRESSES = ['privacy@example.com', 'datenschutz@example.com'];
const RULE_ARN = 'arn:aws:ses:eu-central-1:123456789012:receipt-rule-set/PrivacyOpsTest-intake:receipt-rule/PrivacyOpsTest-privacy-address';

/** The `Fn::Join` CloudFormation makes of an ARN with the partition in it, as text. */
const joined = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return JSON.stringify(value);
  return join[1]
    .map((part) => (typeof part === 'string' ? part : (part as { Ref?: string }).Ref === 'AWS::Partition' ? '<partition>' : JSON.stringify(part)))
    .join(join[0]);
};

const statementsOf = (template: Template, type: string, property: string): Statement[] =>
  Object.values(template.findResources(type)).flatMap((resource) => resource.Properties[property].Statement as Statement[]);

describe('PrivacyOpsStack email intake', () => {
  describe('with its own rule set', () => {
    let stack: ReturnType<typeof buildStack>['stack'];
    let template: Template;
    let bucketId: string;
    let receiverId: string;

    beforeAll(() => {
      // Prepare
      stack = buildStack({ context: { 'privacy-ops:emailIntake': { addresses: ADDRESSES } } }).stack;
      template = Template.fromStack(stack);
      bucketId = stack.getLogicalId(stack.stateful.buckets.data.node.defaultChild as never);
      receiverId = stack.getLogicalId(stack.stateless.functions.receiveMail.node.defaultChild as never);
    });

    it('creates a rule set named after the stack and makes it the active one, and none active once the stack is gone', () => {
      // Assess
      template.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'PrivacyOpsTest-intake' });
      const [activation] = Object.values(template.findResources('Custom::AWS'));
      const create = JSON.parse(joined(activation!.Properties.Create));
      const remove = JSON.parse(joined(activation!.Properties.Delete));
      expect(create).toMatchObject({ service: 'SES', action: 'setActiveReceiptRuleSet', parameters: { RuleSetName: 'PrivacyOpsTest-intake' } });
      expect(remove).toMatchObject({ service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} });
      const activating = Object.keys(template.findResources('AWS::IAM::Role'))
        .flatMap((roleId) => roleStatements(template, roleId))
        .filter((st) => JSON.stringify(st.Action).includes('ses:SetActiveReceiptRuleSet'));
      expect(activating.map((st) => st.Action)).toEqual(['ses:SetActiveReceiptRuleSet']);
    });

    it('takes in mail to the privacy addresses with spam and virus scanning, stored raw under inbound-mail/ and then handed to receiveMail', () => {
      // Assess
      template.hasResourceProperties('AWS::SES::ReceiptRule', {
        RuleSetName: { Ref: Match.anyValue() },
        Rule: {
          Name: 'PrivacyOpsTest-privacy-address',
          Enabled: true,
          ScanEnabled: true,
          Recipients: ADDRESSES,
          Actions: [
            { S3Action: { BucketName: { Ref: bucketId }, ObjectKeyPrefix: INBOUND_MAIL_PREFIX } },
            { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [receiverId, 'Arn'] }, InvocationType: 'Event' } },
          ],
        },
      });
      // SES's own client-side encryption would hand intake a message it cannot read: the bucket's default key applies.
      const [rule] = Object.values(template.findResources('AWS::SES::ReceiptRule'));
      expect(rule!.Properties.Rule.Actions[0].S3Action.KmsKeyArn).toBeUndefined();
    });

    it('lets SES put objects under inbound-mail/ only, for this account and this rule', () => {
      // Act
      const sesStatements = statementsOf(template, 'AWS::S3::BucketPolicy', 'PolicyDocument').filter(
        (st) => JSON.stringify(st.Principal) === JSON.stringify({ Service: 'ses.amazonaws.com' }),
      );

      // Assess
      expect(sesStatements).toHaveLength(1);
      const [statement] = sesStatements;
      expect(statement!.Effect).toBe('Allow');
      expect(statement!.Action).toBe('s3:PutObject');
      expect(statement!.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${INBOUND_MAIL_PREFIX}*`]] });
      expect(statement!.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': RULE_ARN } });
      // The rule is created only once SES may write: SES checks at CreateReceiptRule.
      const [ruleId] = Object.keys(template.findResources('AWS::SES::ReceiptRule'));
      const [policyId] = Object.keys(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }));
      const [invokeId] = Object.keys(template.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'ses.amazonaws.com' } }));
      expect(template.toJSON().Resources[ruleId!].DependsOn).toEqual(expect.arrayContaining([policyId, invokeId]));
    });

    it('lets SES use the data key through S3 for this rule only, to make and read data keys', () => {
      // Act
      const sesKeyStatements = statementsOf(template, 'AWS::KMS::Key', 'KeyPolicy').filter((st) => st.Sid === 'SesEncryptsInboundMail');

      // Assess
      expect(sesKeyStatements).toHaveLength(1);
      const [statement] = sesKeyStatements;
      expect(statement!.Principal).toEqual({ Service: 'ses.amazonaws.com' });
      expect([statement!.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      expect(statement!.Condition!.StringEquals).toEqual({ 'aws:SourceAccount': '123456789012', 'kms:ViaService': 's3.eu-central-1.amazonaws.com' });
      expect(joined((statement!.Condition!.ArnLike as Record<string, unknown>)['aws:SourceArn'])).toBe(RULE_ARN);
    });

    it('lets SES invoke receiveMail only for this account and this rule', () => {
      // Act
      const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter((p) => p.Properties.Principal === 'ses.amazonaws.com');

      // Assess
      expect(permissions).toHaveLength(1);
      expect(permissions[0]!.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [receiverId, 'Arn'] },
        SourceAccount: '123456789012',
      });
      expect(joined(permissions[0]!.Properties.SourceArn)).toBe(RULE_ARN);
    });

    it('expires raw mail under inbound-mail/ after the stated retention', () => {
      // Assess
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ Prefix: INBOUND_MAIL_PREFIX, ExpirationInDays: INBOUND_MAIL_RETENTION_DAYS, Status: 'Enabled' })]),
        },
      });
    });

    it('lets receiveMail read raw mail and write permission documents, and nothing else in the data bucket', () => {
      // Act
      const s3 = roleStatements(template, stack.stateless.functions.receiveMail.role!).filter((st) => JSON.stringify(st.Action).includes('s3:'));

      // Assess
      const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]] });
      expect(s3.map((st) => ({ ...st, Action: Array.isArray(st.Action) ? [...st.Action].sort() : st.Action }))).toEqual([
        { Effect: 'Allow', Action: 's3:GetObject', Resource: objects(INBOUND_MAIL_PREFIX) },
        { Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject'], Resource: objects('agent-permissions/') },
      ]);
      // Intake reads the addresses it receives at from the configuration.
      const fn = template.toJSON().Resources[receiverId].Properties;
      expect(fn.Environment.Variables.INTAKE_ADDRESSES).toBe(ADDRESSES.join(','));
    });

    it("keeps SES's runs of receiveMail that fail every retry in a queue encrypted with the stack's key for 14 days, with an alarm to the operators", () => {
      // Prepare
      const queueId = stack.getLogicalId(stack.emailIntake!.failedRuns.node.defaultChild as never);
      const keyId = stack.getLogicalId(stack.stateful.key.node.defaultChild as never);
      const topicId = stack.getLogicalId(stack.monitoring.alarmTopic.node.defaultChild as never);

      // Assess: the async invocation's on-failure destination
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: receiverId },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
      // Assess: the queue, its key and retention
      expect(template.toJSON().Resources[queueId].Properties).toMatchObject({
        KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        MessageRetentionPeriod: 14 * 86_400,
      });
      // Assess: receiveMail may send there and nothing else of the queue
      const onQueue = roleStatements(template, stack.stateless.functions.receiveMail.role!).filter((st) =>
        JSON.stringify(st.Resource).includes(`"${queueId}"`),
      );
      expect(onQueue.flatMap((st) => [st.Action].flat()).sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
      // Assess: the alarm on its depth, to the operators' topic
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
        Properties: {
          MetricName: string;
          Namespace: string;
          Threshold: number;
          ComparisonOperator: string;
          Dimensions: { Value: unknown }[];
          AlarmActions: unknown[];
        };
      }[];
      const onDepth = alarms.filter((alarm) => JSON.stringify(alarm.Properties.Dimensions ?? []).includes(`"${queueId}"`));
      expect(onDepth.map((alarm) => alarm.Properties)).toEqual([
        expect.objectContaining({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          AlarmActions: [{ Ref: topicId }],
        }),
      ]);
      template.hasOutput('IntakeFailedRunsQueueUrl', { Value: { Ref: queueId } });
    });

    it('prints the MX record the privacy addresses need', () => {
      // Assess
      template.hasOutput('InboundMailMx', { Value: '10 inbound-smtp.eu-central-1.amazonaws.com' });
    });
  });

  describe('with a named rule set', () => {
    it('adds its rule to that rule set and neither creates nor activates one', () => {
      // Prepare
      const { stack } = buildStack({ context: { 'privacy-ops:emailIntake': { addresses: ['privacy@example.com'], ruleSetName: 'company-inbound' } } });

      // Act
      const template = Template.fromStack(stack);

      // Assess
      template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
      template.resourceCountIs('Custom::AWS', 0);
      template.hasResourceProperties('AWS::SES::ReceiptRule', {
        RuleSetName: 'company-inbound',
        Rule: Match.objectLike({ Name: 'PrivacyOpsTest-privacy-address', Recipients: ['privacy@example.com'], ScanEnabled: true }),
      });
      const permission = Object.values(template.findResources('AWS::Lambda::Permission')).find((p) => p.Properties.Principal === 'ses.amazonaws.com');
      expect(joined(permission!.Properties.SourceArn)).toContain(':receipt-rule-set/company-inbound:receipt-rule/PrivacyOpsTest-privacy-address');
    });
  });

  describe('without email intake configured', () => {
    it('creates no receipt rule and gives SES no way into the bucket', () => {
      // Prepare
      const { stack } = buildStack();

      // Act
      const template = Template.fromStack(stack);

      // Assess
      template.resourceCountIs('AWS::SES::ReceiptRule', 0);
      template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
      template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1); // the SES-event subscriber's only
      const ses = statementsOf(template, 'AWS::S3::BucketPolicy', 'PolicyDocument').filter((st) => JSON.stringify(st.Principal).includes('ses.amazonaws.com'));
      expect(ses).toEqual([]);
    });
  });

  it('refuses a privacy address outside the SES identity’s domain', () => {
    // Act
    const synth = () => buildStack({ context: { 'privacy-ops:emailIntake': { addresses: ['privacy@elsewhere.example.net'] } } });

    // Assess
    expect(synth).toThrow(/privacy-ops:emailIntake\.addresses\.0: must be an address on the SES identity's domain example\.com/);
  });
});
