// Builders for API Gateway REST (v1) proxy events and Lambda contexts in unit tests.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

export function apiEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/test',
    path: '/test',
    httpMethod: 'POST',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'gateway-request-id-0001', httpMethod: 'POST', resourcePath: '/test' } as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'privacy-ops-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:privacy-ops-test',
    memoryLimitInMB: '256',
    awsRequestId: 'lambda-request-id-0001',
    logGroupName: '/aws/lambda/privacy-ops-test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Everything written to stdout and stderr while `run` runs (Powertools Logger writes there). */
export async function captureOutput<T>(run: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const grab = (stream: NodeJS.WriteStream) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return original(chunk as never, ...(rest as []));
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const restoreOut = grab(process.stdout);
  const restoreErr = grab(process.stderr);
  try {
    const result = await run();
    return { result, output: chunks.join('') };
  } finally {
    restoreOut();
    restoreErr();
  }
}
