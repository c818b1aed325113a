// The fulfilment workflow through Step Functions: starting it, and resuming a task that waits for a system.
import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WorkflowStart, WorkflowStarter } from '../verification/workflow-starter.js';

let shared: SFNClient | undefined;
const client = () => (shared ??= new SFNClient({ maxAttempts: 5 }));

/** The execution name of a request's fulfilment: one per request, so a second start starts nothing. */
export function executionName(requestId: string): string {
  return `fulfil-${requestId}`;
}

export class SfnWorkflowStarter implements WorkflowStarter {
  constructor(private readonly stateMachineArn: string, private readonly sfn: SFNClient = client()) {}

  async start(requestId: string): Promise<WorkflowStart> {
    const name = executionName(requestId);
    try {
      await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify({ requestId }) }));
    } catch (error) {
      // Names are unique per state machine: the run exists already, which is what was asked for.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
    return { requestId, executionId: name };
  }
}

/** Resumes tasks that wait for a system's report. */
export class SfnTaskReporter {
  constructor(private readonly sfn: SFNClient = client()) {}

  succeed(taskToken: string, output: unknown): Promise<unknown> {
    return this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  }

  fail(taskToken: string, error: string, cause: string): Promise<unknown> {
    return this.sfn.send(new SendTaskFailureCommand({ taskToken, error, cause }));
  }

  heartbeat(taskToken: string): Promise<unknown> {
    return this.sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
  }
}
