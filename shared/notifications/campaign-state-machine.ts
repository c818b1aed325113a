// The policy-notice campaign workflow, declared once in the Amazon States Language: the CDK
// StateMachine and the local executor both run this definition.
import type { LambdaId } from '../lambdas.js';
import { RETRY_LAMBDA_SERVICE, RETRY_TASK_FAILED } from '../workflow-retries.js';
import { MAX_SEGMENTS } from './model.js';

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
 * The directory is split into parts (segments of a parallel Scan) and a distributed Map runs one
 * child execution per part, all at once. Each child loops over its part, one page per step: send
 * the next page → more? → wait as long as the step says its share of the send rate needs → send
 * the next page … A page that SES refused for the 24-hour sending quota pauses its part until the
 * quota allows more, then runs again (its sent recipients' markers make it skip them): the
 * campaign resumes by itself the next day. When every part is done, the campaign is marked completed. The state carries
 * only the version, the part, the cursor and the pacing schedule, never people. A step that fails
 * for good fails its part and with it the Map, which marks the campaign failed; the markers let a
 * new run resume it without mailing anyone twice.
 *
 * Input: `{ version, segments: [0, 1, …, n - 1], segmentCount: n }`.
 */
export function campaignDefinition() {
  return {
    Comment: 'privacy-ops: email every active account about a material change of the privacy policy, at a steady rate',
    StartAt: 'Send to every part of the directory',
    States: {
      'Send to every part of the directory': {
        Type: 'Map',
        Comment: 'One child execution per part of the account directory, all parts at once, each at its share of the send rate',
        ItemsPath: '$.segments',
        ItemSelector: {
          'version.$': '$.version',
          'segment.$': '$$.Map.Item.Value',
          'segments.$': '$.segmentCount',
          cursor: null,
          pace: null,
        },
        MaxConcurrency: MAX_SEGMENTS,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Send the next page',
          States: {
            'Send the next page': {
              Type: 'Task',
              Comment:
                'Reads one page of active accounts in this part, skips bounced and complained addresses, claims each marker and sends in bulk per language',
              Resource: LAMBDA_INVOKE,
              Parameters: invoke('sendCampaignPage', {
                'version.$': '$.version',
                'segment.$': '$.segment',
                'segments.$': '$.segments',
                'cursor.$': '$.cursor',
                'pace.$': '$.pace',
              }),
              ResultSelector: {
                'version.$': '$.Payload.version',
                'segment.$': '$.Payload.segment',
                'segments.$': '$.Payload.segments',
                'cursor.$': '$.Payload.cursor',
                'pace.$': '$.Payload.pace',
                'more.$': '$.Payload.more',
                'waitSeconds.$': '$.Payload.waitSeconds',
                'pausedUntil.$': '$.Payload.pausedUntil',
              },
              Retry: RETRY,
              Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Part failed' }],
              Next: 'Are there more accounts?',
            },
            'Are there more accounts?': {
              Type: 'Choice',
              Comment: 'The part has more pages while the step hands back a cursor; a page SES refused for the 24-hour quota runs again once the quota allows',
              Choices: [
                { Variable: '$.pausedUntil', IsNull: false, Next: 'Wait until the 24-hour quota allows more' },
                { Variable: '$.more', BooleanEquals: true, Next: 'Wait to keep the send rate' },
              ],
              Default: 'Part sent',
            },
            'Wait until the 24-hour quota allows more': {
              Type: 'Wait',
              Comment: "Pauses the part until the notices of its day have left SES's rolling 24-hour window; the campaign's status says until when",
              TimestampPath: '$.pausedUntil',
              Next: 'Send the next page',
            },
            'Wait to keep the send rate': {
              Type: 'Wait',
              Comment: "Paces the pages: as long as the notices already handed over need at this part's share of the rate",
              SecondsPath: '$.waitSeconds',
              Next: 'Send the next page',
            },
            'Part sent': { Type: 'Succeed', Comment: 'Every active account of this part was reached' },
            'Part failed': {
              Type: 'Fail',
              Comment: 'A page failed after its retries; the Map fails and the campaign is marked failed',
              Error: 'CampaignPartFailed',
              Cause: 'A page of the campaign failed after its retries.',
            },
          },
        },
        ResultPath: null,
        Retry: [RETRY_LAMBDA_SERVICE],
        Catch: TO_FAILED,
        Next: 'Mark the campaign completed',
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
        Cause: "A campaign step failed after its retries; see the campaign's status.",
      },
    },
  };
}
