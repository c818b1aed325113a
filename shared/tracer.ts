// Powertools Tracer: X-Ray subsegments for each invocation and for the AWS SDK calls of the shared
// clients. Responses and errors' payloads are never recorded: they may name people.
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { config } from './config.js';
import { logger } from './logger.js';

/**
 * On in Lambda, where active tracing provides the X-Ray daemon; off everywhere else (the local
 * runtime, tests, benchmarks, commands), where there is no segment to add to, and wherever
 * POWERTOOLS_TRACE_ENABLED is `false`.
 */
export const tracer = new Tracer({
  serviceName: 'privacy-ops',
  enabled: config('lambdaFunctionName') !== undefined && config('traceEnabled'),
  captureHTTPsRequests: true,
});

/** Records `client`'s calls as subsegments (service, operation, status), without their payloads. */
export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}

/**
 * The middlewares every function starts with: the Lambda context on every log line (never the
 * event) and an X-Ray subsegment per invocation, without its response.
 */
export function observability() {
  return [injectLambdaContext(logger, { logEvent: false, resetKeys: true }), captureLambdaHandler(tracer, { captureResponse: false })];
}
