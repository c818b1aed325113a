// The fulfilment workflow through Step Functions: starting it, and resuming a task that waits for a system.
import { traced } from '../tracer.js';
import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  ExecutionDoesNotExist,
  StopExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WorkflowStart, WorkflowStarter } from '../verification/workflow-starter.js';

let shared: SFNClient | undefined;
const client = () => (shared ??= traced(new SFNClient({ maxAttempts: 5 })));

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

/** Stops a request's fulfilment run; a run that does not exist or has ended is left as it is. */
export async function stopFulfilment(stateMachineArn: string, requestId: string, sfn: SFNClient = client()): Promise<void> {
  // An execution's ARN is its state machine's, with `execution` for `stateMachine` and its name appended.
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName(requestId)}`;
  try {
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'RequestClosed', cause: 'The request was refused or cancelled.' }));
  } catch (error) {
    if (!(error instanceof ExecutionDoesNotExist)) throw error;
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
