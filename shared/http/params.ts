// Path parameters checked like bodies: a bad one is a 400 that names it.
import type { z } from 'zod';
import { BadRequestProblem } from './problem.js';
import { fieldErrors } from './middlewares.js';

export function parseParams<TSchema extends z.ZodType>(schema: TSchema, params: Record<string, string | undefined> | null): z.output<TSchema> {
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) throw new BadRequestProblem('The path is not valid.', fieldErrors(parsed.error));
  return parsed.data;
}
