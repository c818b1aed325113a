// The contract of POST /v1/support-cases/{caseId}/resolved: the case, whose account, and what was deleted.
import * as z from 'zod';
import { CASE_ID } from '../../shared/retention/support-cases.js';

export const SupportCaseParams = z.object({
  caseId: z.string().regex(CASE_ID, 'must be 1 to 128 letters, digits, ".", "_", ":" or "-"').meta({ description: "The support desk's case id" }),
});

export const ResolveSupportCaseBody = z
  .strictObject({
    accountId: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(128, 'must be at most 128 characters')
      .meta({ description: 'The account the case belongs to: support systems file their records under it' }),
  })
  .meta({ id: 'ResolveSupportCase' });

export type ResolveSupportCaseBody = z.output<typeof ResolveSupportCaseBody>;

export const SupportCaseResolution = z
  .object({
    caseId: z.string(),
    resolvedAt: z.iso.datetime().meta({ description: "When the case's records were deleted (the first call)" }),
    complete: z.boolean().meta({ description: 'False when a system failed: nothing is recorded yet, and calling again deletes what is left' }),
    erased: z.number().int().meta({ description: 'Records deleted in all systems' }),
    systems: z.array(
      z.object({
        systemId: z.string(),
        outcome: z.enum(['done', 'retained', 'not-found', 'failed']),
        records: z.number().int(),
        error: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'SupportCaseResolution' });
