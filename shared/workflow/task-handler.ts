// The middleware stack of the functions the workflow invokes: validated input, logs without payloads.
import { observability } from '../tracer.js';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger, loggableError } from '../logger.js';

/** Thrown when the workflow hands a step an input it cannot use: a definition fault, not retried into success. */
export class WorkflowInputError extends Error {
  override name = 'WorkflowInputError';
}

/**
 * Wraps a workflow step: the Lambda context on every log line (never the event: it names people),
 * the input checked against `schema`, and failures logged by name before they reach Step Functions,
 * whose Retry and Catch decide what happens next.
 */
export function taskHandler<TSchema extends z.ZodType, TResult>(schema: TSchema, step: (input: z.output<TSchema>) => Promise<TResult>) {
  return middy<unknown, TResult, Error, Context>()
    .use(observability())
    .use({
      onError: (request) => {
        if (request.error) logger.error('Workflow step failed', { error: loggableError(request.error) });
      },
    })
    .handler(async (event) => {
      const input = schema.safeParse(event);
      if (!input.success) {
        throw new WorkflowInputError(`The step's input does not match: ${input.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      }
      return step(input.data);
    });
}
