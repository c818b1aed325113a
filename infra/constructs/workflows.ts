// The fulfilment state machine, from the one ASL definition in shared/, wired to the functions it runs.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LambdaId } from '../../functions/lambdas.js';
import { arnPlaceholder, fulfilmentDefinition, WORKFLOW_FUNCTIONS } from '../../shared/fulfilment/state-machine.js';
import { acceptFinding } from '../nag.js';
import type { PrivacyFunction } from './privacy-function.js';

export interface WorkflowsProps {
  functions: Record<LambdaId, PrivacyFunction>;
  logRetention: RetentionDays;
}

/** Longest a request's fulfilment may run: a manual task has 14 days, a webhook 3, with room for retries. */
export const FULFILMENT_TIMEOUT = Duration.days(30);

export class Workflows extends Construct {
  readonly fulfilment: StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const logs = new LogGroup(this, 'FulfilmentLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.fulfilment = new StateMachine(this, 'Fulfilment', {
      comment: 'privacy-ops: carry out a verified rights request in every system that holds the subject\'s data',
      definitionBody: DefinitionBody.fromString(JSON.stringify(fulfilmentDefinition())),
      definitionSubstitutions: Object.fromEntries(WORKFLOW_FUNCTIONS.map((fn) => [arnPlaceholder(fn), props.functions[fn].functionArn])),
      timeout: FULFILMENT_TIMEOUT,
      tracingEnabled: true,
      // States' inputs and outputs name people: the logs say what failed, never with which data.
      logs: { destination: logs, level: LogLevel.ERROR, includeExecutionData: false },
    });
    for (const fn of WORKFLOW_FUNCTIONS) props.functions[fn].grantInvoke(this.fulfilment);

    const policy = this.fulfilment.role.node.tryFindChild('DefaultPolicy') ?? this.fulfilment;
    for (const fn of WORKFLOW_FUNCTIONS) {
      const logicalId = Stack.of(this).getLogicalId(props.functions[fn].node.defaultChild as never);
      acceptFinding(policy, `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        'Invoking a function by version or alias needs <function>:*; the grant covers only this one workflow function.');
    }
    acceptFinding(policy, 'AwsSolutions-IAM5[Resource::*]',
      'Step Functions log delivery and X-Ray calls take no resource ARN; AWS documents "*" as the only value.');
    acceptFinding(this.fulfilment, 'AwsSolutions-SF1',
      'Execution data names data subjects, so the state machine logs errors only, without inputs or outputs; the audit chain records every step.');
  }
}
