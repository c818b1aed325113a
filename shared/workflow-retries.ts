// What every workflow's Lambda tasks retry on.

/** Transient faults of the Lambda service itself, retried with backoff. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
];

/** The retrier for the Lambda service's own hiccups: quick, with jittered backoff. */
export const RETRY_LAMBDA_SERVICE = { ErrorEquals: LAMBDA_SERVICE_ERRORS, IntervalSeconds: 1, MaxAttempts: 4, BackoffRate: 2, JitterStrategy: 'FULL' };

/** The retrier for any other task failure (a throttled table, a network error): longer backoff. */
export const RETRY_TASK_FAILED = {
  ErrorEquals: ['States.TaskFailed'],
  IntervalSeconds: 2,
  MaxAttempts: 3,
  BackoffRate: 2,
  MaxDelaySeconds: 30,
  JitterStrategy: 'FULL',
};
