// The deadline sweep's input: what EventBridge's schedule sends (its fields are not needed), or a manual run's override.
import * as z from 'zod';

export const SweepInput = z
  .object({
    /** Overrides the configured number of days before a deadline that count as near it. */
    nearDeadlineDays: z.number().int().min(0).max(90).optional(),
  })
  .loose();
export type SweepInput = z.infer<typeof SweepInput>;
