// The fulfilment state machine, from the one ASL definition in shared/, wired to the functions it runs.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LambdaId } from '../../functions/lambdas.js';
import { arnPlaceholder, fulfilmentDefinition, WORKFLOW_FUNCTIONS } from '../../shared/fulfilment/state-machine.js';
import { CAMPAIGN_FUNCTIONS, campaignArnPlaceholder, campaignDefinition } from '../../shared/notifications/campaign-state-machine.js';
import { acceptFinding } from '../nag.js';
import type { PrivacyFunction } from './privacy-function.js';

export interface WorkflowsProps {
  functions: Record<LambdaId, PrivacyFunction>;
  logRetention: RetentionDays;
}

/** Longest a request's fulfilment may run: a manual task has 14 days, a webhook 3, with room for retries. */
export const FULFILMENT_TIMEOUT = Duration.days(30);

/** Longest a policy notice campaign may run: pages are paced to the configured send rate. */
export const CAMPAIGN_TIMEOUT = Duration.days(7);

/** The fulfilment state machine's name in a stack. */
export function fulfilmentMachineName(stackName: string): string {
  return `${stackName}-fulfilment`;
}

export class Workflows extends Construct {
  readonly fulfilment: StateMachine;
  readonly campaign: StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const logs = new LogGroup(this, 'FulfilmentLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.fulfilment = new StateMachine(this, 'Fulfilment', {
      // A fixed name makes execution ARNs predictable, so stopping one can be granted narrowly.
      stateMachineName: fulfilmentMachineName(Stack.of(this).stackName),
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

    this.campaign = this.machine('Campaign', {
      comment: 'privacy-ops: mail every active account the notice of a material privacy-policy change, paced and resumable',
      definition: campaignDefinition(),
      functions: CAMPAIGN_FUNCTIONS,
      placeholder: campaignArnPlaceholder,
      timeout: CAMPAIGN_TIMEOUT,
      props,
    });
  }

  private machine(id: string, spec: {
    comment: string;
    definition: unknown;
    functions: readonly LambdaId[];
    placeholder: (fn: never) => string;
    timeout: Duration;
    props: WorkflowsProps;
  }): StateMachine {
    const logs = new LogGroup(this, `${id}Logs`, { retention: spec.props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const machine = new StateMachine(this, id, {
      comment: spec.comment,
      definitionBody: DefinitionBody.fromString(JSON.stringify(spec.definition)),
      definitionSubstitutions: Object.fromEntries(spec.functions.map((fn) => [spec.placeholder(fn as never), spec.props.functions[fn].functionArn])),
      timeout: spec.timeout,
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ERROR, includeExecutionData: false },
    });
    for (const fn of spec.functions) spec.props.functions[fn].grantInvoke(machine);
    const policy = machine.role.node.tryFindChild('DefaultPolicy') ?? machine;
    for (const fn of spec.functions) {
      const logicalId = Stack.of(this).getLogicalId(spec.props.functions[fn].node.defaultChild as never);
      acceptFinding(policy, `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        'Invoking a function by version or alias needs <function>:*; the grant covers only this one workflow function.');
    }
    acceptFinding(policy, 'AwsSolutions-IAM5[Resource::*]',
      'Step Functions log delivery and X-Ray calls take no resource ARN; AWS documents "*" as the only value.');
    acceptFinding(machine, 'AwsSolutions-SF1',
      'Execution data names people, so the state machine logs errors only, without inputs or outputs.');
    return machine;
  }
}
