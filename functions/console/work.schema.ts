// The payloads of the console's inbox, systems, policies and Shine the Light pages (the inbox's form is intake's: intake.schema.ts).
import * as z from 'zod';
import { POLICY_VERSION } from '../../shared/notifications/model.js';
import { CampaignResource } from '../notifications/policy.schema.js';

const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID');

/** The inbox after an action: the request filed, or that the mail was closed. */
export const ConsoleInboxQuery = z
  .strictObject({
    filed: Ulid.optional().meta({ description: 'The request just filed from a mail' }),
    dismissed: z.literal('true').optional().meta({ description: 'A mail was just closed as not a request' }),
  })
  .meta({ id: 'ConsoleInboxQuery' });

export const ConsoleCampaignParams = z.object({
  version: z.string().regex(POLICY_VERSION, 'must be a policy version label').meta({ description: 'The policy version label' }),
});

/** A campaign's progress as the policies page's bar shows it: the API's campaign, and its bar in words. */
export const ConsoleCampaignBar = z
  .object({
    status: CampaignResource,
    reached: z.number().int().meta({ description: 'Sent + suppressed + failed so far' }),
    finished: z.boolean().meta({ description: 'The campaign went through its whole audience: the bar is full' }),
    live: z.boolean().meta({ description: 'Running or paused: the page keeps asking' }),
    estimate: z.number().int().optional().meta({
      description: "While live: the account directory's size as DynamoDB last counted it (about every six hours), never below reached; absent when unknown",
    }),
    summary: z.string().meta({ description: 'The figures as a sentence' }),
    paused: z.string().optional().meta({ description: 'While paused at the SES 24-hour quota: when it resumes' }),
  })
  .meta({ id: 'ConsoleCampaignBar' });

/** The Shine the Light register's year: the one a request received now is answered from, when absent. */
export const ConsoleDisclosuresQuery = z
  .strictObject({
    year: z
      .string()
      .regex(/^\d{4}$/, 'must be a calendar year such as 2025')
      .transform(Number)
      .optional()
      .meta({ description: 'The calendar year; the one a request received now is answered from, when absent' }),
  })
  .meta({ id: 'ConsoleDisclosuresQuery' });
