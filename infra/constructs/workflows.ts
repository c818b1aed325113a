// The state machines (fulfilment, policy-notice campaign), each from its one ASL definition in shared/,
// wired to the functions it runs.
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { houseLogGroup, type LogSettings } from './log-groups.js';
import { DefinitionBody, LogLevel, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LambdaId } from '../../shared/lambdas.js';
import { arnPlaceholder, fulfilmentDefinition, WORKFLOW_FUNCTIONS } from '../../shared/fulfilment/state-machine.js';
import { CAMPAIGN_FUNCTIONS, campaignArnPlaceholder, campaignDefinition } from '../../shared/notifications/campaign-state-machine.js';
import { acceptFinding, findingName } from '../nag.js';
import type { PrivacyFunction } from './privacy-function.js';

export interface WorkflowsProps {
  functions: Record<LambdaId, PrivacyFunction>;
  logs: LogSettings;
}

/** Longest a request's fulfilment may run: a manual task has 14 days, a webhook 3, with room for retries. */
export const FULFILMENT_TIMEOUT = Duration.days(30);

/** Longest a policy notice campaign may run: pages are paced to the configured send rate. */
export const CAMPAIGN_TIMEOUT = Duration.days(7);

/** The fulfilment state machine's name in a stack. */
export function fulfilmentMachineName(stackName: string): string {
  return `${stackName}-fulfilment`;
}

/** The campaign state machine's name in a stack. */
export function campaignMachineName(stackName: string): string {
  return `${stackName}-campaign`;
}

export class Workflows extends Construct {
  readonly fulfilment: StateMachine;
  readonly campaign: StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    this.fulfilment = this.machine('Fulfilment', {
      // A fixed name makes execution ARNs predictable, so stopping one can be granted narrowly.
      name: fulfilmentMachineName(stackName),
      comment: "privacy-ops: carry out a verified rights request in every system that holds the subject's data",
      definition: fulfilmentDefinition(),
      functions: WORKFLOW_FUNCTIONS,
      placeholder: arnPlaceholder,
      timeout: FULFILMENT_TIMEOUT,
      props,
    });

    const campaignName = campaignMachineName(stackName);
    this.campaign = this.machine('Campaign', {
      // A fixed name lets the machine be granted starting its own child runs without a cycle.
      name: campaignName,
      comment: 'privacy-ops: mail every active account the notice of a material privacy-policy change, paced and resumable',
      definition: campaignDefinition(),
      functions: CAMPAIGN_FUNCTIONS,
      placeholder: campaignArnPlaceholder,
      timeout: CAMPAIGN_TIMEOUT,
      props,
    });
    // The distributed Map runs each part of the directory as a child execution of this machine.
    const arn = (resource: string, resourceName: string) =>
      Stack.of(this).formatArn({ service: 'states', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.campaign.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [arn('stateMachine', campaignName)] }));
    const children = arn('execution', `${campaignName}/*`);
    this.campaign.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [children] }));
    acceptFinding(
      this.campaign.role.node.tryFindChild('DefaultPolicy') ?? this.campaign,
      `AwsSolutions-IAM5[Resource::${findingName(this, children)}]`,
      "A distributed Map names its child executions itself; the grant covers only this machine's own children.",
    );
  }

  private machine(
    id: string,
    spec: {
      name: string;
      comment: string;
      definition: unknown;
      functions: readonly LambdaId[];
      placeholder: (fn: never) => string;
      timeout: Duration;
      props: WorkflowsProps;
    },
  ): StateMachine {
    const logs = houseLogGroup(this, `${id}Logs`, spec.props.logs);
    const machine = new StateMachine(this, id, {
      stateMachineName: spec.name,
      comment: spec.comment,
      definitionBody: DefinitionBody.fromString(JSON.stringify(spec.definition)),
      definitionSubstitutions: Object.fromEntries(spec.functions.map((fn) => [spec.placeholder(fn as never), spec.props.functions[fn].functionArn])),
      timeout: spec.timeout,
      tracingEnabled: true,
      // States' inputs and outputs name people: the logs say what failed, never with which data.
      logs: { destination: logs, level: LogLevel.ERROR, includeExecutionData: false },
    });
    for (const fn of spec.functions) spec.props.functions[fn].grantInvoke(machine);
    const policy = machine.role.node.tryFindChild('DefaultPolicy') ?? machine;
    for (const fn of spec.functions) {
      const logicalId = Stack.of(this).getLogicalId(spec.props.functions[fn].node.defaultChild as never);
      acceptFinding(
        policy,
        `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        'Invoking a function by version or alias needs <function>:*; the grant covers only this one workflow function.',
      );
    }
    acceptFinding(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      'Step Functions log delivery and X-Ray calls take no resource ARN; AWS documents "*" as the only value.',
    );
    acceptFinding(
      machine,
      'AwsSolutions-SF1',
      'Execution data names data subjects, so the state machine logs errors only, without inputs or outputs; the audit chain records every step.',
    );
    return machine;
  }
}
