import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdas, type LambdaId } from '../../shared/lambdas.js';
import { fulfilmentDefinition, WORKFLOW_FUNCTIONS } from '../../shared/fulfilment/state-machine.js';
import { buildStack, roleStatements } from '../support/stack.js';

type State = {
  Type: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Comment?: string;
  ItemProcessor?: { States: Record<string, State> };
};

/** Every state of the definition, Map iterations included, with its name. */
function allStates(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : []),
  ]);
}

describe('the fulfilment workflow', () => {
  const definition = fulfilmentDefinition() as unknown as { States: Record<string, State> };
  const tasks = allStates(definition.States).filter(([, state]) => state.Type === 'Task');

  it('gives every Task a comment, a retry with backoff and a catch', () => {
    // Prepare: the tasks of the one definition

    // Act
    const lacking = tasks.filter(([, state]) => !state.Comment || !state.Retry?.length || !state.Catch?.length).map(([name]) => name);

    // Assess
    expect(tasks.length).toBeGreaterThanOrEqual(6);
    expect(lacking).toEqual([]);
  });

  it('leads every failure outside the per-system steps to one error path', () => {
    // Prepare
    const topLevel = Object.entries(definition.States).filter(([, state]) => state.Catch);

    // Act
    const targets = new Set(topLevel.flatMap(([name, state]) => (name === 'Mark the request for an operator' ? [] : state.Catch!.map((c) => c.Next))));

    // Assess
    expect([...targets]).toEqual(['Mark the request for an operator']);
    expect(definition.States['Mark the request for an operator']!.Catch![0]!.Next).toBe('Fulfilment failed');
    expect(definition.States['Fulfilment failed']!.Type).toBe('Fail');
  });

  it('records a system that fails for good as failed and goes on with the others', () => {
    // Prepare
    const perSystem = definition.States["Carry out each system's part"]!.ItemProcessor!.States;

    // Act
    const catches = Object.values(perSystem)
      .filter((state) => state.Type === 'Task')
      .map((state) => state.Catch![0]!.Next);

    // Assess
    expect(catches).toEqual(['Record that the system failed', 'Record that the system failed']);
    expect(perSystem['Record that the system failed']!.Type).toBe('Pass');
  });
});

describe('the fulfilment state machine in the stack', () => {
  let template: Template;
  let stack: ReturnType<typeof buildStack>['stack'];

  beforeAll(() => {
    ({ stack } = buildStack({ context: { 'privacy-ops:connectorTables': ['crm-profiles'], 'privacy-ops:connectorBuckets': ['company-chat'] } }));
    template = Template.fromStack(stack);
  });

  const statementsOf = (lambdaId: LambdaId) => roleStatements(template, stack.stateless.functions[lambdaId].role!);
  const actionsOf = (lambdaId: LambdaId) => statementsOf(lambdaId).flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));

  it('logs errors without execution data, traces, and times out', () => {
    // Prepare: the synthesized stack

    // Act
    const machines = template.findResources('AWS::StepFunctions::StateMachine');

    // Assess
    expect(Object.keys(machines)).toHaveLength(2);
    for (const machine of Object.values(machines)) {
      expect(machine.Properties).toMatchObject({
        LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
        TracingConfiguration: { Enabled: true },
      });
    }
  });

  it("substitutes each workflow function's ARN into the definition and may invoke exactly those", () => {
    // Prepare
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).find(
      (m) => 'PlanFulfilmentArn' in (m.Properties.DefinitionSubstitutions as object),
    );
    const substitutions = machine!.Properties.DefinitionSubstitutions as Record<string, unknown>;
    const [roleId] = (machine!.Properties.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    const invoked = roleStatements(template, roleId).filter(
      (st) => st.Action === 'lambda:InvokeFunction' || (Array.isArray(st.Action) && st.Action.includes('lambda:InvokeFunction')),
    );

    // Act
    const invokedFunctions = JSON.stringify(invoked);

    // Assess
    expect(Object.keys(substitutions).sort()).toEqual([
      'BundleExportArn',
      'CallSystemArn',
      'FinishRequestArn',
      'MarkFailedArn',
      'PlanFulfilmentArn',
      'RunConnectorArn',
    ]);
    for (const fn of WORKFLOW_FUNCTIONS) {
      const logicalId = stack.getLogicalId(stack.stateless.functions[fn].node.defaultChild as never);
      expect(invokedFunctions).toContain(logicalId);
    }
    for (const other of Object.keys(lambdas).filter((id) => !(WORKFLOW_FUNCTIONS as readonly string[]).includes(id))) {
      const logicalId = stack.getLogicalId(stack.stateless.functions[other as LambdaId].node.defaultChild as never);
      expect(invokedFunctions).not.toContain(`"${logicalId}"`);
    }
  });

  it('lets only the functions that start fulfilment start it, only the resume endpoint and the console actions look at a run, and only the report endpoint and the console task form resume a task', () => {
    // Prepare
    const ids = Object.keys(lambdas) as LambdaId[];

    // Act
    const starters = ids.filter((id) => actionsOf(id).includes('states:StartExecution')).sort();
    const reporters = ids.filter((id) => actionsOf(id).includes('states:SendTaskSuccess')).sort();
    const lookers = ids.filter((id) => actionsOf(id).includes('states:DescribeExecution')).sort();

    // Assess
    const workflow = (id: LambdaId) => (lambdas[id] as { workflow?: string }).workflow;
    expect(starters).toEqual(
      ids.filter((id) => ['start', 'resume', 'operate'].includes(workflow(id) ?? '') || (lambdas[id] as { startsCampaign?: boolean }).startsCampaign).sort(),
    );
    expect(starters).toEqual([
      'checkIdentity',
      'classifyMail',
      'confirmVerification',
      'consoleAct',
      'createRequest',
      'drpCreate',
      'filePrivacyRequest',
      'handInEmail',
      'identityCallback',
      'identityWebhook',
      'openDsrCreate',
      'preferencesPage',
      'publishPolicy',
      'receiveMail',
      'recordConsent',
      'resumeRequest',
    ]);
    expect(reporters).toEqual(['consoleCompleteTask', 'reportTaskResult']);
    expect(lookers).toEqual(['consoleAct', 'resumeRequest']);
  });

  it('grants the connectors the configured company tables and buckets, and only to the functions that use them', () => {
    // Prepare
    const ids = Object.keys(lambdas) as LambdaId[];

    // Act
    const touching = ids.filter((id) => JSON.stringify(statementsOf(id)).match(/table\/crm-profiles|company-chat/));

    // Assess
    expect(touching).toEqual(ids.filter((id) => (lambdas[id] as { usesConnectors?: boolean }).usesConnectors === true));
    expect(touching).toEqual(['runConnector', 'resolveSupportCase', 'eraseDeactivatedAccounts']);
    expect(actionsOf('runConnector')).toEqual(expect.arrayContaining(['dynamodb:BatchWriteItem', 's3:DeleteObject', 's3:ListBucket']));
  });
});
