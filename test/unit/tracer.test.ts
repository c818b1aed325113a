import middy from '@middy/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../support/lambda.js';

const saved = { ...process.env };

afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  vi.resetModules();
});

/** shared/tracer.ts as a cold start with `env` sees it. */
async function freshModule(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.resetModules();
  return import('../../shared/tracer.js');
}

async function freshTracer(env: Record<string, string | undefined>) {
  return (await freshModule(env)).tracer;
}

describe('the tracer', () => {
  it('traces inside Lambda', async () => {
    // Act
    const tracer = await freshTracer({
      AWS_LAMBDA_FUNCTION_NAME: 'privacy-ops-getRequest',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      POWERTOOLS_TRACE_ENABLED: undefined,
    });

    // Assess
    expect(tracer.isTracingEnabled()).toBe(true);
  });

  it('stays off outside Lambda, and when switched off', async () => {
    // Act
    const outside = await freshTracer({ AWS_LAMBDA_FUNCTION_NAME: undefined, POWERTOOLS_TRACE_ENABLED: undefined });
    const switchedOff = await freshTracer({
      AWS_LAMBDA_FUNCTION_NAME: 'privacy-ops-getRequest',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      POWERTOOLS_TRACE_ENABLED: 'false',
    });

    // Assess
    expect(outside.isTracingEnabled()).toBe(false);
    expect(switchedOff.isTracingEnabled()).toBe(false);
  });

  it("leads every function's chain with the logger context and the tracer, never recording a response", async () => {
    // Prepare: tracing on, as in Lambda, with the X-Ray segment stood in for (there is no daemon
    // here); the tracer's own capture switch left at its default, so only the chain decides.
    const { tracer, observability } = await freshModule({
      AWS_LAMBDA_FUNCTION_NAME: 'privacy-ops-getRequest',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      POWERTOOLS_TRACE_ENABLED: undefined,
      POWERTOOLS_TRACER_CAPTURE_RESPONSE: undefined,
    });
    const handlerSegment = { close: vi.fn() };
    const lambdaSegment = { addNewSubsegment: vi.fn(() => handlerSegment) };
    vi.spyOn(tracer, 'getSegment').mockReturnValue(lambdaSegment as never);
    vi.spyOn(tracer, 'setSegment').mockImplementation(() => undefined);
    const annotations = vi.spyOn(tracer, 'putAnnotation').mockImplementation(() => undefined);
    const metadata = vi.spyOn(tracer, 'putMetadata').mockImplementation(() => undefined);
    const { logger } = await import('../../shared/logger.js');
    const logContext = vi.spyOn(logger, 'addContext');
    const context = lambdaContext();
    const response = { statusCode: 200, body: '{"status":"completed"}' };
    const handler = middy(async () => response).use(observability());

    // Act
    const result = await handler({}, context);

    // Assess: every log line carries the invocation's context; the invocation was traced, in a
    // subsegment of its own, and its response kept out of it.
    expect(result).toEqual(response);
    expect(logContext).toHaveBeenCalledWith(context);
    expect(lambdaSegment.addNewSubsegment).toHaveBeenCalledOnce();
    expect(annotations).toHaveBeenCalledWith('ColdStart', expect.any(Boolean));
    expect(handlerSegment.close).toHaveBeenCalledOnce();
    expect(metadata).not.toHaveBeenCalled();
  });
});
