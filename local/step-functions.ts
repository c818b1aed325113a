// A local Step Functions: the SDK's StartExecution / SendTask* calls over HTTP, executions run in-process
// by aws-local-stepfunctions on the same ASL definition the stack deploys.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import type { LambdaSpec } from '../shared/lambdas.js';
import { arnPlaceholder, fulfilmentDefinition, WORKFLOW_FUNCTIONS } from '../shared/fulfilment/state-machine.js';
import { CAMPAIGN_FUNCTIONS, campaignArnPlaceholder, campaignDefinition } from '../shared/notifications/campaign-state-machine.js';
import { StateMachine } from 'aws-local-stepfunctions';
import { loadLambdaHandler, lambdaContext } from './lambda-runner.js';

const REGION = 'eu-central-1';
const ACCOUNT = '000000000000';
const LOCAL_FUNCTION_ARN = (lambdaId: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${lambdaId}`;
const machineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
export const LOCAL_STATE_MACHINE_ARN = machineArn('privacy-ops-fulfilment');
export const LOCAL_CAMPAIGN_STATE_MACHINE_ARN = machineArn('privacy-ops-campaign');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Execution {
  name: string;
  arn: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  abort: () => void;
  startDate: Date;
  output?: string;
  error?: string;
  done: Promise<void>;
}

interface WaitingTask {
  resolve: (output: Json) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** An error with the name Step Functions matches Retry and Catch on. */
class TaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface LocalStepFunctions {
  endpoint: string;
  stateMachineArn: string;
  /** Resolves once no execution is running (tests wait on it). */
  idle(): Promise<void>;
  /** Executions by name, newest last. */
  executions(): Execution[];
  stop(): Promise<void>;
}

/** The machines the local Step Functions runs: each definition as the stack deploys it. */
const MACHINES = [
  { arn: LOCAL_STATE_MACHINE_ARN, definition: fulfilmentDefinition, placeholders: WORKFLOW_FUNCTIONS.map((fn) => [arnPlaceholder(fn), fn] as const) },
  {
    arn: LOCAL_CAMPAIGN_STATE_MACHINE_ARN,
    definition: campaignDefinition,
    placeholders: CAMPAIGN_FUNCTIONS.map((fn) => [campaignArnPlaceholder(fn), fn] as const),
  },
];

/**
 * A definition with each function's placeholder replaced by a local ARN naming the lambda. Step
 * Functions reads TimeoutSecondsPath and HeartbeatSecondsPath from the state's input; the local
 * executor reads them after Parameters, where that input sits under `Payload`.
 */
function localDefinition(definition: () => unknown, placeholders: readonly (readonly [string, string])[]): Json {
  let text = JSON.stringify(definition());
  for (const [placeholder, fn] of placeholders) text = text.replaceAll(`\${${placeholder}}`, LOCAL_FUNCTION_ARN(fn));
  text = text.replace(/"(TimeoutSecondsPath|HeartbeatSecondsPath)":"\$\.task\./g, '"$1":"$.Payload.task.');
  return JSON.parse(text) as Json;
}

/** Every Task state's name and resource, including those inside Map states. */
function taskStates(definition: Json): { name: string; resource: string }[] {
  const found: { name: string; resource: string }[] = [];
  const visit = (states: Record<string, Record<string, Json>>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') found.push({ name, resource: String(state.Resource) });
      const processor = (state.ItemProcessor ?? state.Iterator) as { States?: Record<string, Record<string, Json>> } | undefined;
      if (processor?.States) visit(processor.States);
    }
  };
  visit((definition as { States: Record<string, Record<string, Json>> }).States);
  return found;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify(body));
}

export async function startStepFunctions(options: {
  port: number;
  projectRoot: string;
  lambdas: Readonly<Record<string, LambdaSpec>>;
  log?: (line: string) => void;
}): Promise<LocalStepFunctions> {
  const executions = new Map<string, Execution>();
  const waiting = new Map<string, WaitingTask>();
  const timedOut = new Set<string>();

  const invoke = async (functionArn: string, payload: Json): Promise<Json> => {
    const lambdaId = functionArn.slice(functionArn.lastIndexOf(':') + 1);
    const spec = options.lambdas[lambdaId];
    if (!spec) throw new TaskError('Lambda.ResourceNotFoundException', `No local function ${lambdaId}`);
    const handler = await loadLambdaHandler(options.projectRoot, spec.entry);
    const context: Context = lambdaContext(`privacy-ops-${lambdaId}`, randomUUID(), spec.timeoutSeconds ?? 30);
    try {
      return (await handler(payload, context, () => undefined)) as Json;
    } catch (error) {
      // As Lambda reports a function error: the error's name is what Retry and Catch see.
      throw new TaskError((error as Error).name || 'Error', (error as Error).message);
    }
  };

  /** The local handlers of a definition's Task states, by state name. */
  const handlersOf = (definition: Json) => {
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const { name, resource } of taskStates(definition)) {
      const waits = resource.endsWith('.waitForTaskToken');
      handlers[name] = async (input) => {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: Record<string, Json> };
        if (!waits) return { StatusCode: 200, Payload: await invoke(FunctionName, Payload) };
        // The executor knows no task tokens: each waiting task gets its own, and its report resumes it here.
        const token = `local-${randomUUID()}`;
        const task = Payload.task as { timeoutSeconds?: number } | undefined;
        const result = new Promise<Json>((resolve, reject) => {
          const timer = setTimeout(
            () => {
              waiting.delete(token);
              timedOut.add(token);
            },
            (task?.timeoutSeconds ?? 3600) * 1000,
          );
          timer.unref();
          waiting.set(token, { resolve, reject, timer });
        });
        await invoke(FunctionName, { ...Payload, taskToken: token });
        return result;
      };
    }
    return handlers;
  };

  const machines = new Map(
    MACHINES.map(({ arn, definition, placeholders }) => {
      const local = localDefinition(definition, placeholders);
      return [
        arn,
        {
          name: arn.slice(arn.lastIndexOf(':') + 1),
          machine: new StateMachine(local as never, { validationOptions: { checkArn: false } }),
          handlers: handlersOf(local),
        },
      ];
    }),
  );

  const start = (stateMachineArn: string, name: string, input: Json): Execution => {
    const target = machines.get(stateMachineArn);
    if (!target) throw new ApiError('StateMachineDoesNotExist', `No local state machine ${stateMachineArn}.`);
    const arn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${target.name}:${name}`;
    if ([...executions.values()].some((e) => e.arn === arn)) throw new ApiError('ExecutionAlreadyExists', `Execution ${name} already exists.`);
    const run = target.machine.run(input as never, {
      context: { Task: { Token: 'local' } } as never,
      overrides: { taskResourceLocalHandlers: target.handlers as never },
    });
    const execution: Execution = { name, arn, status: 'RUNNING', startDate: new Date(), done: Promise.resolve(), abort: run.abort };
    execution.done = run.result.then(
      (output) => {
        if (execution.status === 'ABORTED') return;
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(output);
      },
      (error: Error) => {
        if (execution.status === 'ABORTED') return;
        execution.status = 'FAILED';
        execution.error = error.message;
        options.log?.(`workflow ${name} failed: ${error.name}`);
      },
    );
    executions.set(arn, execution);
    return execution;
  };

  const settle = (token: string, settle: (task: WaitingTask) => void) => {
    const task = waiting.get(token);
    if (!task) {
      if (timedOut.has(token)) throw new ApiError('TaskTimedOut', 'The task timed out.');
      throw new ApiError('TaskDoesNotExist', 'No task waits for this token.');
    }
    clearTimeout(task.timer);
    waiting.delete(token);
    settle(task);
  };

  const actions: Record<string, (body: Record<string, unknown>) => unknown> = {
    StartExecution: (body) => {
      const name = String(body.name ?? randomUUID());
      const execution = start(String(body.stateMachineArn), name, JSON.parse(String(body.input ?? '{}')) as Json);
      return { executionArn: execution.arn, startDate: execution.startDate.getTime() / 1000 };
    },
    DescribeExecution: (body) => {
      const execution = [...executions.values()].find((e) => e.arn === body.executionArn);
      if (!execution) throw new ApiError('ExecutionDoesNotExist', 'No such execution.');
      return {
        executionArn: execution.arn,
        stateMachineArn: execution.arn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, ''),
        name: execution.name,
        status: execution.status,
        startDate: execution.startDate.getTime() / 1000,
        ...(execution.output ? { output: execution.output } : {}),
      };
    },
    StopExecution: (body) => {
      const execution = [...executions.values()].find((e) => e.arn === body.executionArn);
      if (!execution) throw new ApiError('ExecutionDoesNotExist', 'No such execution.');
      if (execution.status === 'RUNNING') {
        execution.status = 'ABORTED';
        execution.abort();
      }
      return { stopDate: Date.now() / 1000 };
    },
    SendTaskSuccess: (body) => {
      settle(String(body.taskToken), (task) => task.resolve(JSON.parse(String(body.output ?? 'null')) as Json));
      return {};
    },
    SendTaskFailure: (body) => {
      settle(String(body.taskToken), (task) => task.reject(new TaskError(String(body.error ?? 'TaskFailed'), String(body.cause ?? ''))));
      return {};
    },
    SendTaskHeartbeat: (body) => {
      const token = String(body.taskToken);
      if (!waiting.has(token)) throw new ApiError(timedOut.has(token) ? 'TaskTimedOut' : 'TaskDoesNotExist', 'No task waits for this token.');
      return {};
    },
  };

  const server = createServer((req, res) => {
    const action = String(req.headers['x-amz-target'] ?? '').replace(/^AWSStepFunctions\./, '');
    readJson(req)
      .then((body) => {
        const handle = actions[action];
        if (!handle) throw new ApiError('UnknownOperationException', `The local Step Functions does not offer ${action}.`);
        reply(res, 200, handle(body));
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError) reply(res, 400, { __type: error.type, message: error.message });
        else reply(res, 500, { __type: 'InternalFailure', message: 'The local Step Functions failed.' });
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    stateMachineArn: LOCAL_STATE_MACHINE_ARN,
    idle: async () => {
      // Executions can start executions' follow-ups; wait until a pass finds none running.
      for (;;) {
        const running = [...executions.values()].filter((e) => e.status === 'RUNNING');
        if (running.length === 0) return;
        await Promise.all(running.map((e) => e.done));
      }
    },
    executions: () => [...executions.values()],
    stop: async () => {
      for (const task of waiting.values()) clearTimeout(task.timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
