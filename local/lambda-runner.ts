// How the local runtime runs a Lambda handler module: loaded once, called with a Lambda-like context.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context, Handler } from 'aws-lambda';

const loaded = new Map<string, Promise<Handler>>();

/** The `handler` export of the module at `entry` (relative to the project root), imported once. */
export function loadLambdaHandler(projectRoot: string, entry: string): Promise<Handler> {
  const url = pathToFileURL(join(projectRoot, entry)).href;
  let handler = loaded.get(url);
  if (!handler) {
    handler = import(url).then((module: { handler: Handler }) => module.handler);
    loaded.set(url, handler);
  }
  return handler;
}

/** A Lambda context for a local call, with the remaining time counting down from `timeoutSeconds`. */
export function lambdaContext(functionName: string, requestId: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
