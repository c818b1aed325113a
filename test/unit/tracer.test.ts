import { afterEach, describe, expect, it, vi } from 'vitest';

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

async function freshTracer(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.resetModules();
  return (await import('../../shared/tracer.js')).tracer;
}

describe('the tracer', () => {
  it('traces inside Lambda', async () => {
    // Act
    const tracer = await freshTracer({ AWS_LAMBDA_FUNCTION_NAME: 'privacy-ops-getRequest', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: undefined });

    // Assess
    expect(tracer.isTracingEnabled()).toBe(true);
  });

  it('stays off outside Lambda, and when switched off', async () => {
    // Act
    const outside = await freshTracer({ AWS_LAMBDA_FUNCTION_NAME: undefined, POWERTOOLS_TRACE_ENABLED: undefined });
    const switchedOff = await freshTracer({ AWS_LAMBDA_FUNCTION_NAME: 'privacy-ops-getRequest', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' });

    // Assess
    expect(outside.isTracingEnabled()).toBe(false);
    expect(switchedOff.isTracingEnabled()).toBe(false);
  });

  it('leads every function\'s chain with the logger context and the tracer, never recording a response', async () => {
    // Act
    const { observability } = await import('../../shared/tracer.js');
    const middlewares = observability();

    // Assess
    expect(middlewares).toHaveLength(2);
    for (const middleware of middlewares) expect(typeof middleware.before).toBe('function');
  });
});
