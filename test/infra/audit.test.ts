// The audit trail's infrastructure: the KMS HMAC key, the write-once anchor bucket, and who may do
// what with the audit table, the key and the data key.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditKeyUse, lambdas, type LambdaId, type LambdaSpec } from '../../shared/lambdas.js';
import { AUDIT_RETENTION_DAYS } from '../../shared/resources.js';
import type { PrivacyOpsStack } from '../../infra/privacy-ops-stack.js';
import { buildStack, roleStatements } from '../support/stack.js';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const actionsOf = (statement: Statement) => [statement.Action].flat();

describe('the audit trail in the stack', () => {
  let stack: PrivacyOpsStack;
  let template: Template;
  /** Every statement of the identity policies attached to `lambdaId`'s role. */
  let statementsOf: (lambdaId: LambdaId) => Statement[];
  let ref: (construct: { node: { defaultChild?: unknown } }) => string;

  beforeAll(() => {
    ({ stack } = buildStack());
    template = Template.fromStack(stack);
    ref = (construct) => stack.getLogicalId(construct.node.defaultChild as never);
    statementsOf = (lambdaId) => roleStatements(template, stack.stateless.functions[lambdaId].role!);
  }, 300_000);

  it('keys the chains with a KMS HMAC key (HMAC_256) that only makes and checks MACs', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const hmacKeys = Object.values(template.findResources('AWS::KMS::Key', { Properties: { KeySpec: 'HMAC_256' } }));
    expect(hmacKeys).toHaveLength(1);
  });

  it('keeps the anchors in a versioned bucket with Object Lock in compliance mode for as long as the chains, refusing any unconditional put', () => {
    const bucketId = ref(stack.stateful.buckets.anchors);
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: AUDIT_RETENTION_DAYS } } },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ Prefix: 'anchors/', ExpirationInDays: AUDIT_RETENTION_DAYS + 1, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
          ]),
        },
      }),
      DeletionPolicy: 'Retain',
    });
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket).includes(bucketId))!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:PutObject', Condition: { Null: { 's3:if-none-match': 'true' } } }),
    );
  });

  it('uses governance mode in a stage without deletion protection, so a test stage can be torn down', () => {
    const { stack: unprotected } = buildStack({ context: { 'privacy-ops:deletionProtection': false } });
    Template.fromStack(unprotected).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: AUDIT_RETENTION_DAYS } } },
    });
  });

  it('grants no one UpdateItem, DeleteItem or BatchWriteItem on the audit table, and PutItem only to the functions that append', () => {
    const auditTable = ref(stack.stateful.tables.audit);
    const allStatements = Object.keys(template.findResources('AWS::IAM::Role')).flatMap((roleId) => roleStatements(template, roleId));
    const onAudit = allStatements.filter((st) => st.Effect === 'Allow' && JSON.stringify(st.Resource).includes(`"${auditTable}"`));
    expect(onAudit.length).toBeGreaterThan(0);
    expect(onAudit.flatMap(actionsOf).filter((action) => /dynamodb:(UpdateItem|DeleteItem|BatchWriteItem|\*)/.test(action))).toEqual([]);
    for (const [lambdaId, spec] of Object.entries(lambdas) as [LambdaId, LambdaSpec][]) {
      const puts = statementsOf(lambdaId)
        .filter((st) => JSON.stringify(st.Resource).includes(`"${auditTable}"`))
        .flatMap(actionsOf)
        .includes('dynamodb:PutItem');
      expect({ lambdaId, puts }).toEqual({ lambdaId, puts: spec.tables.audit === 'append' });
    }
  });

  it('lets the appending functions and the anchoring make MACs with the audit key, and only getAudit, verifyAudit and the console request page check them', () => {
    const auditKey = ref(stack.stateful.auditKey);
    for (const lambdaId of Object.keys(lambdas) as LambdaId[]) {
      const keyActions = statementsOf(lambdaId)
        .filter((st) => JSON.stringify(st.Resource).includes(`"${auditKey}"`))
        .flatMap(actionsOf)
        .sort();
      const use = auditKeyUse(lambdas[lambdaId]);
      expect({ lambdaId, keyActions }).toEqual({ lambdaId, keyActions: use === 'seal' ? ['kms:GenerateMac'] : use === 'verify' ? ['kms:VerifyMac'] : [] });
    }
    expect(auditKeyUse(lambdas.anchorAudit)).toBe('seal');
    expect(
      Object.entries(lambdas)
        .filter(([, spec]) => auditKeyUse(spec) === 'verify')
        .map(([id]) => id)
        .sort(),
    ).toEqual(['consoleRequest', 'getAudit', 'verifyAudit']);
  });

  it('lets the anchoring read and put anchors, never delete them, and the verifier only read them', () => {
    const anchors = ref(stack.stateful.buckets.anchors);
    const actionsOn = (lambdaId: LambdaId) =>
      statementsOf(lambdaId)
        .filter((st) => JSON.stringify(st.Resource).includes(`"${anchors}"`))
        .flatMap(actionsOf);
    expect(actionsOn('anchorAudit')).toContain('s3:PutObject');
    expect(actionsOn('anchorAudit').filter((action) => /Delete|PutObjectRetention|PutObjectLegalHold|Bypass/.test(action))).toEqual([]);
    expect(actionsOn('verifyAudit').filter((action) => /Put|Delete/.test(action))).toEqual([]);
    expect(actionsOn('verifyAudit')).toContain('s3:GetObject*');
  });

  it('runs the anchoring once a day', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: Match.stringLikeRegexp('^rate\\((1 day|1440 minutes)\\)$'),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [ref(stack.stateless.functions.anchorAudit), 'Arn'] } })],
    });
  });

  it('grants kms:ReEncrypt* and the kms:GenerateDataKey* family to no function or caller role: each key action is named', () => {
    const identityStatements = [
      ...Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]),
      ...Object.values(template.findResources('AWS::IAM::Role')).flatMap((role) =>
        ((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement),
      ),
    ];
    const kmsActions = new Set(identityStatements.flatMap(actionsOf).filter((action) => action.startsWith('kms:')));
    expect([...kmsActions].filter((action) => action.includes('*'))).toEqual([]);
    expect(kmsActions.has('kms:Decrypt')).toBe(true);
    expect(kmsActions.has('kms:GenerateDataKey')).toBe(true);
  });
});
