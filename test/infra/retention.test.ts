import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildStack } from '../support/stack.js';

const functionEnvironment = (template: Template, logicalId: string) =>
  (template.toJSON().Resources[logicalId].Properties.Environment.Variables ?? {}) as Record<string, unknown>;

describe('PrivacyOpsStack retention', () => {
  it('runs the account retention daily from an EventBridge rule with the default grace period of 30 days', () => {
    // Prepare
    const { stack } = buildStack();
    const template = Template.fromStack(stack);
    const fnId = stack.getLogicalId(stack.stateless.functions.eraseDeactivatedAccounts.node.defaultChild as never);

    // Act
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) => JSON.stringify(rule.Properties.Targets).includes(`"${fnId}"`));

    // Assess
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties).toMatchObject({ ScheduleExpression: 'cron(30 3 * * ? *)', State: 'ENABLED' });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
    });
    expect(functionEnvironment(template, fnId)).toMatchObject({
      ACCOUNT_GRACE_DAYS: '30',
      ACCOUNT_DIRECTORY_TABLE: 'accounts',
      RETENTION_LOG_TABLE: { Ref: expect.stringMatching(/^StatefulRetentionLogTable/) },
    });
  });

  it('takes the grace period from the context key privacy-ops:accountGraceDays', () => {
    // Prepare
    const { stack } = buildStack({ context: { 'privacy-ops:accountGraceDays': 90 } });
    const template = Template.fromStack(stack);

    // Act
    const fnId = stack.getLogicalId(stack.stateless.functions.eraseDeactivatedAccounts.node.defaultChild as never);

    // Assess
    expect(functionEnvironment(template, fnId).ACCOUNT_GRACE_DAYS).toBe('90');
  });

  it.each([0, 2.5, 'soon', 4000])('refuses a grace period of %j at synth time', (value) => {
    // Act
    const synth = () => buildStack({ context: { 'privacy-ops:accountGraceDays': value } });

    // Assess
    expect(synth).toThrow(/privacy-ops:accountGraceDays must be a whole number of days/);
  });
});
