// The policy-notice campaign workflow, declared once in the Amazon States Language: the CDK
// StateMachine and the local executor both run this definition.
import type { LambdaId } from '../../functions/lambdas.js';
import { RETRY_LAMBDA_SERVICE, RETRY_TASK_FAILED } from '../workflow-retries.js';

/** The functions the workflow invokes; each appears in the definition as `${<Id>Arn}`. */
export const CAMPAIGN_FUNCTIONS = ['sendCampaignPage', 'completeCampaign', 'markCampaignFailed'] as const satisfies readonly LambdaId[];
export type CampaignFunction = (typeof CAMPAIGN_FUNCTIONS)[number];

/** The substitution key of a function's ARN in the definition. */
export function campaignArnPlaceholder(fn: CampaignFunction): string {
  return `${fn[0]!.toUpperCase()}${fn.slice(1)}Arn`;
}

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';


/**
 * Retries: the service's hiccups quickly; destinations the mail provider refused for now (the
 * step gave their markers back) after a pause long enough for a throttle to lift; any other task
 * failure with backoff. A page is safe to run again: sent recipients' markers make it skip them.
 */
const RETRY = [
  RETRY_LAMBDA_SERVICE,
  { ErrorEquals: ['CampaignRetryableError'], IntervalSeconds: 30, MaxAttempts: 5, BackoffRate: 2, MaxDelaySeconds: 300, JitterStrategy: 'FULL' },
  RETRY_TASK_FAILED,
];

/** Every step leads here when it fails for good: one error path. */
const TO_FAILED = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Mark the campaign failed' }];

const invoke = (fn: CampaignFunction, payload: Record<string, unknown>) => ({
  FunctionName: `\${${campaignArnPlaceholder(fn)}}`,
  Payload: payload,
});

/**
 * A loop over the account directory, one page per step: send the next page → more? → wait as
 * long as the step says the send rate needs → send the next page … → mark the campaign completed.
 * The state carries only the version, the cursor and the pacing schedule, never people. A step
 * that fails for good marks the campaign failed; its markers and stored cursor let a new run
 * resume it without mailing anyone twice.
 *
 * Input: `{ version, cursor: null | string, pace: null }`.
 */
export function campaignDefinition() {
  return {
    Comment: 'privacy-ops: email every active account about a material change of the privacy policy, at a steady rate',
    StartAt: 'Send the next page',
    States: {
      'Send the next page': {
        Type: 'Task',
        Comment: 'Reads one page of active accounts, skips bounced and complained addresses, claims each marker and sends in bulk per language',
        Resource: LAMBDA_INVOKE,
        Parameters: invoke('sendCampaignPage', { 'version.$': '$.version', 'cursor.$': '$.cursor', 'pace.$': '$.pace' }),
        ResultSelector: {
          'version.$': '$.Payload.version',
          'cursor.$': '$.Payload.cursor',
          'pace.$': '$.Payload.pace',
          'more.$': '$.Payload.more',
          'waitSeconds.$': '$.Payload.waitSeconds',
        },
        Retry: RETRY,
        Catch: TO_FAILED,
        Next: 'Are there more accounts?',
      },
      'Are there more accounts?': {
        Type: 'Choice',
        Comment: 'The directory has more pages while the step hands back a cursor',
        Choices: [{ Variable: '$.more', BooleanEquals: true, Next: 'Wait to keep the send rate' }],
        Default: 'Mark the campaign completed',
      },
      'Wait to keep the send rate': {
        Type: 'Wait',
        Comment: 'Paces the pages: as long as the notices already handed over need at the configured rate',
        SecondsPath: '$.waitSeconds',
        Next: 'Send the next page',
      },
      'Mark the campaign completed': {
        Type: 'Task',
        Comment: 'Records that every active account was reached',
        Resource: LAMBDA_INVOKE,
        Parameters: invoke('completeCampaign', { 'version.$': '$.version' }),
        ResultPath: null,
        Retry: RETRY,
        Catch: TO_FAILED,
        End: true,
      },
      'Mark the campaign failed': {
        Type: 'Task',
        Comment: 'Records that the campaign stopped and the name of what stopped it, so an operator sees it and can resume it',
        Resource: LAMBDA_INVOKE,
        Parameters: invoke('markCampaignFailed', { 'version.$': '$.version', 'failure.$': '$.failure' }),
        ResultPath: null,
        Retry: RETRY,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.markFailure', Next: 'Campaign failed' }],
        Next: 'Campaign failed',
      },
      'Campaign failed': {
        Type: 'Fail',
        Comment: 'The campaign is left failed; its counters and cursor show how far it got',
        Error: 'CampaignFailed',
        Cause: 'A campaign step failed after its retries; see the campaign\'s status.',
      },
    },
  };
}
