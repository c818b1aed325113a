// The fulfilment workflow through Step Functions: starting it, and resuming a task that waits for a system.
import { traced } from '../tracer.js';
import {
  DescribeExecutionCommand,
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

/**
 * The execution name of a request's fulfilment run: one per run, so a second start of a run starts
 * nothing. The first run is `fulfil-<id>`; a resumed request's runs add their number.
 */
export function executionName(requestId: string, run = 1): string {
  return run === 1 ? `fulfil-${requestId}` : `fulfil-${requestId}-${run}`;
}

export class SfnWorkflowStarter implements WorkflowStarter {
  constructor(
    private readonly stateMachineArn: string,
    private readonly sfn: SFNClient = client(),
  ) {}

  async start(requestId: string, run = 1): Promise<WorkflowStart> {
    const name = executionName(requestId, run);
    try {
      await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify({ requestId }) }));
    } catch (error) {
      // Names are unique per state machine: the run exists already, which is what was asked for.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
    return { requestId, executionId: name };
  }
}

/** An execution's ARN is its state machine's, with `execution` for `stateMachine` and its name appended. */
function executionArn(stateMachineArn: string, requestId: string, run: number): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName(requestId, run)}`;
}

/** Where a fulfilment run stands: still going, over (however it ended), or never started. */
export type RunState = 'running' | 'ended' | 'missing';

export async function fulfilmentRunState(stateMachineArn: string, requestId: string, run = 1, sfn: SFNClient = client()): Promise<RunState> {
  try {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(stateMachineArn, requestId, run) }));
    return status === 'RUNNING' || status === 'PENDING_REDRIVE' ? 'running' : 'ended';
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return 'missing';
    throw error;
  }
}

/** Stops a request's fulfilment run; a run that does not exist or has ended is left as it is. */
export async function stopFulfilment(stateMachineArn: string, requestId: string, run = 1, sfn: SFNClient = client()): Promise<void> {
  try {
    await sfn.send(
      new StopExecutionCommand({
        executionArn: executionArn(stateMachineArn, requestId, run),
        error: 'RequestClosed',
        cause: 'The request was refused or cancelled.',
      }),
    );
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
