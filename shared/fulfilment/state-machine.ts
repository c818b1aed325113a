// The fulfilment workflow, declared once in the Amazon States Language: the CDK StateMachine and the
// local executor both run this definition.
import type { LambdaId } from '../lambdas.js';
import { RETRY_LAMBDA_SERVICE, RETRY_TASK_FAILED } from '../workflow-retries.js';

/** The functions the workflow invokes; each appears in the definition as `${<Id>Arn}`. */
export const WORKFLOW_FUNCTIONS = [
  'planFulfilment',
  'runConnector',
  'callSystem',
  'bundleExport',
  'finishRequest',
  'markFailed',
] as const satisfies readonly LambdaId[];
export type WorkflowFunction = (typeof WORKFLOW_FUNCTIONS)[number];

/** The substitution key of a function's ARN in the definition. */
export function arnPlaceholder(fn: WorkflowFunction): string {
  return `${fn[0]!.toUpperCase()}${fn.slice(1)}Arn`;
}

/** Systems worked on at once for one request: enough to be quick, few enough not to flood them. */
export const MAX_SYSTEMS_IN_PARALLEL = 4;

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_AND_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** Retries: the service's hiccups quickly, any other task failure (a throttled table, a network error) with longer backoff. */
const RETRY = [RETRY_LAMBDA_SERVICE, RETRY_TASK_FAILED];

/**
 * The error path's own step retries longer: while it fails, a request would stay open with no run
 * working on it. Its waits are capped (MaxDelaySeconds), so eight attempts take a few minutes at most.
 */
const RETRY_UNTIL_MARKED = [RETRY_LAMBDA_SERVICE, { ...RETRY_TASK_FAILED, MaxAttempts: 8 }];

/** Every step but the per-system ones leads here when it fails for good: one error path. */
const TO_OPERATOR = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Mark the request for an operator' }];

const invoke = (fn: WorkflowFunction, payload: Record<string, unknown>) => ({
  FunctionName: `\${${arnPlaceholder(fn)}}`,
  Payload: payload,
});

/** A per-system step that fails for good records a `failed` outcome for that system; the others go on. */
const SYSTEM_FAILED = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Record that the system failed' }];

/**
 * Plan (systems × action) → each system's part, at most MAX_SYSTEMS_IN_PARALLEL at once, by a
 * built-in connector or by the system itself (a webhook or a person, who report back through
 * POST /v1/tasks/{taskId}/result) → bundle the export → finish and tell the subject. A step that
 * fails for good marks the request `failed` for an operator, with what failed.
 */
export function fulfilmentDefinition() {
  return {
    Comment: "privacy-ops: carry out a verified rights request in every system that holds the subject's data",
    StartAt: 'Plan the work in each system',
    States: {
      'Plan the work in each system': {
        Type: 'Task',
        Comment: 'Moves the request to in-progress and lists the systems and actions its type and scope call for',
        Resource: LAMBDA_INVOKE,
        Parameters: invoke('planFulfilment', { 'requestId.$': '$.requestId' }),
        ResultSelector: {
          'requestId.$': '$.Payload.requestId',
          'tasks.$': '$.Payload.tasks',
          'decided.$': '$.Payload.decided',
          'exports.$': '$.Payload.exports',
          'bundle.$': '$.Payload.bundle',
        },
        Retry: RETRY,
        Catch: TO_OPERATOR,
        Next: "Carry out each system's part",
      },
      "Carry out each system's part": {
        Type: 'Map',
        Comment: 'One iteration per system; a system that fails is recorded as failed and the others go on',
        ItemsPath: '$.tasks',
        MaxConcurrency: MAX_SYSTEMS_IN_PARALLEL,
        ItemSelector: { 'task.$': '$$.Map.Item.Value' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Does the system do its own part?',
          States: {
            'Does the system do its own part?': {
              Type: 'Choice',
              Comment: 'Webhook systems and people report back later; the others have a built-in connector',
              Choices: [
                { Variable: '$.task.connector', StringEquals: 'webhook', Next: 'Ask the system and wait for its report' },
                { Variable: '$.task.connector', StringEquals: 'manual', Next: 'Ask the system and wait for its report' },
              ],
              Default: 'Run the built-in connector',
            },
            'Run the built-in connector': {
              Type: 'Task',
              Comment: 'Exports, deletes, anonymises, stops processing or records a sale opt-out in a DynamoDB table or an S3 prefix',
              Resource: LAMBDA_INVOKE,
              Parameters: invoke('runConnector', { 'task.$': '$.task' }),
              OutputPath: '$.Payload',
              Retry: RETRY,
              Catch: SYSTEM_FAILED,
              End: true,
            },
            'Ask the system and wait for its report': {
              Type: 'Task',
              Comment: 'Calls the webhook (HMAC-signed) or notes the manual task, then waits for POST /v1/tasks/{taskId}/result',
              Resource: LAMBDA_INVOKE_AND_WAIT,
              Parameters: invoke('callSystem', { 'task.$': '$.task', 'taskToken.$': '$$.Task.Token' }),
              TimeoutSecondsPath: '$.task.timeoutSeconds',
              HeartbeatSecondsPath: '$.task.heartbeatSeconds',
              Retry: RETRY,
              Catch: SYSTEM_FAILED,
              End: true,
            },
            'Record that the system failed': {
              Type: 'Pass',
              Comment: 'The outcome of a system that could not do its part: visible to operators in the request',
              Parameters: {
                'systemId.$': '$.task.systemId',
                'action.$': '$.task.action',
                outcome: 'failed',
                records: 0,
                'error.$': '$.failure.Error',
              },
              End: true,
            },
          },
        },
        ResultPath: '$.outcomes',
        Catch: TO_OPERATOR,
        Next: 'Is there an export to bundle?',
      },
      'Is there an export to bundle?': {
        Type: 'Choice',
        Comment: 'Access and portability requests get a download; the others go straight to the answer',
        Choices: [{ Variable: '$.exports', BooleanEquals: true, Next: 'Bundle the export' }],
        Default: 'Finish the request and tell the subject',
      },
      'Bundle the export': {
        Type: 'Task',
        Comment: "Streams every system's records into one zip with JSON, CSV and a manifest",
        Resource: LAMBDA_INVOKE,
        Parameters: invoke('bundleExport', { 'requestId.$': '$.requestId', 'outcomes.$': '$.outcomes', 'decided.$': '$.decided' }),
        ResultSelector: { 'key.$': '$.Payload.key' },
        ResultPath: '$.bundle',
        Retry: RETRY,
        Catch: TO_OPERATOR,
        Next: 'Finish the request and tell the subject',
      },
      'Finish the request and tell the subject': {
        Type: 'Task',
        Comment: "Records each system's outcome, closes the request as completed or partially completed, and mails the answer",
        Resource: LAMBDA_INVOKE,
        Parameters: invoke('finishRequest', {
          'requestId.$': '$.requestId',
          'outcomes.$': '$.outcomes',
          'decided.$': '$.decided',
          'bundle.$': '$.bundle',
        }),
        ResultSelector: { 'status.$': '$.Payload.status' },
        ResultPath: '$.result',
        Retry: RETRY,
        Catch: TO_OPERATOR,
        End: true,
      },
      'Mark the request for an operator': {
        Type: 'Task',
        Comment: 'Records what failed and marks the request failed, so an operator sees it and can resume',
        Resource: LAMBDA_INVOKE,
        Parameters: invoke('markFailed', { 'requestId.$': '$.requestId', 'failure.$': '$.failure' }),
        ResultPath: null,
        Retry: RETRY_UNTIL_MARKED,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.markFailure', Next: 'Fulfilment failed' }],
        Next: 'Fulfilment failed',
      },
      'Fulfilment failed': {
        Type: 'Fail',
        Comment: 'The request is left failed, with the cause in its audit chain',
        Error: 'FulfilmentFailed',
        Cause: "A fulfilment step failed after its retries; see the request's audit chain.",
      },
    },
  };
}
