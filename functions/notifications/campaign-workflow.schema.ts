// What the campaign workflow hands each of its steps: checked on entry, since a definition change could break it.
import * as z from 'zod';
import { MAX_SEGMENTS, POLICY_VERSION } from '../../shared/notifications/model.js';

const Version = z.string().regex(POLICY_VERSION);

export const SendPageInput = z
  .object({
    version: Version,
    cursor: z.string().min(1).max(4096).nullable().optional(),
    pace: z.object({ since: z.iso.datetime(), handed: z.number().int().nonnegative(), day: z.iso.datetime().optional() }).nullable().optional(),
    segment: z
      .number()
      .int()
      .nonnegative()
      .max(MAX_SEGMENTS - 1),
    segments: z.number().int().positive().max(MAX_SEGMENTS),
  })
  .refine((input) => input.segment < input.segments, { message: 'segment must be below segments', path: ['segment'] });

export const CompleteCampaignInput = z.object({ version: Version });

export const MarkCampaignFailedInput = z.object({
  version: Version,
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
