import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdas } from '../../shared/lambdas.js';
import { METRIC, METRICS_NAMESPACE } from '../../shared/metrics.js';
import { buildStack } from '../support/stack.js';

describe('PrivacyOpsStack operations', () => {
  let template: Template;
  let stack: ReturnType<typeof buildStack>['stack'];

  beforeAll(() => {
    // Prepare
    stack = buildStack().stack;
    template = Template.fromStack(stack);
  });

  it('runs the deadline sweep every hour from an EventBridge rule', () => {
    // Act
    const sweepId = stack.getLogicalId(stack.stateless.functions.sweepDeadlines.node.defaultChild as never);

    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweepId, 'Arn'] }, Input: '{}', RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }) })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [sweepId, 'Arn'] },
    });
    const sweepRules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) =>
      JSON.stringify(rule.Properties.Targets).includes(`"${sweepId}"`),
    );
    expect(sweepRules).toHaveLength(1);
  });

  it('alarms on any overdue request, to an encrypted topic operators subscribe to', () => {
    // Act
    const topics = template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'privacy-ops operator alerts' } });
    const [topicId] = Object.keys(topics);

    // Assess
    expect(topicId).toBeDefined();
    expect(topics[topicId!]!.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.overdueRequests,
      Dimensions: [{ Name: 'service', Value: 'privacy-ops' }],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: topicId }],
    });
    template.hasOutput('AlertsTopicArn', { Value: { Ref: topicId } });
  });

  it('alarms on any request whose acknowledgement is overdue, to the same topic', () => {
    // Act
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'privacy-ops operator alerts' } }));

    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.acknowledgementOverdueRequests,
      Dimensions: [{ Name: 'service', Value: 'privacy-ops' }],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it("alarms when a request's fulfilment failed and waits for an operator, to the same topic", () => {
    // Act
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'privacy-ops operator alerts' } }));

    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.openRequests,
      Dimensions: Match.arrayEquals([
        { Name: 'service', Value: 'privacy-ops' },
        { Name: 'status', Value: 'failed' },
      ]),
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('alarms when a mail has waited in the triage inbox longer than the configured days, by the hourly triage sweep, to the same topic', () => {
    // Act
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'privacy-ops operator alerts' } }));
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: METRIC.overdueTriageMails } }));

    // Assess
    // The sweep counts only the mails older than TRIAGE_ALARM_DAYS, so one is already too many; its period is the sweep's.
    expect(lambdas.sweepTriage.schedule.everyMinutes).toBe(60);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [{ Name: 'service', Value: 'privacy-ops' }],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
    });
    expect(alarms[0]!.Properties.AlarmDescription).toContain('TRIAGE_ALARM_DAYS');
  });

  it('has a dashboard with the sweep, filing, outcome, verification and campaign metrics', () => {
    // Act
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);

    // Assess
    for (const name of Object.values(METRIC)) expect(body, name).toContain(`\\"${name}\\"`);
    for (const dimension of ['status', 'type', 'outcome', 'reason', 'result']) expect(body, dimension).toContain(`\\"${dimension}\\"`);
    expect(body).toContain('Open requests by status');
    expect(body).toContain(METRICS_NAMESPACE);
  });
});
