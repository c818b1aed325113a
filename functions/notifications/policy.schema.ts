// The policy contract: the body of POST /v1/policies, the query of GET /v1/policies/current, and the
// policy and campaign resources.
import * as z from 'zod';
import { CAMPAIGN_STATES, POLICY_VERSION } from '../../shared/notifications/model.js';
const VERSION_MESSAGE = 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit';

/** Notices are sent as templates, in which `{{`/`}}` would be read as variables. */
const TEMPLATE_MARKER = /\{\{|\}\}/;

/** https only, without credentials or braces in it. */
function isPolicyUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && !/[{}]/.test(value);
}

const Summary = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(2000, 'must be at most 2000 characters')
  .refine((text) => !TEMPLATE_MARKER.test(text), 'must not contain "{{" or "}}"');

const Instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T00:00:00Z' });

export const PolicyVersionParams = z.object({
  version: z.string().regex(POLICY_VERSION, VERSION_MESSAGE).meta({ description: 'The policy version label' }),
});

export const PublishPolicyBody = z
  .strictObject({
    version: z.string().regex(POLICY_VERSION, VERSION_MESSAGE).meta({ description: 'The version label; a version is published once and never changes' }),
    url: z
      .string()
      .max(2048, 'must be at most 2048 characters')
      .refine(isPolicyUrl, 'must be an https URL without credentials or braces')
      .meta({ description: 'Where the text of this version is published' }),
    effectiveAt: Instant.meta({ description: 'When this version takes effect: now or later' }),
    material: z.boolean().meta({ description: 'A material change: every active account is told by email (a campaign starts)' }),
    summary: z.strictObject({ de: Summary, en: Summary }).meta({ description: 'What changes, in brief, in German and English: quoted in the notice' }),
  })
  .meta({ id: 'PublishPolicy' });

export type PublishPolicyBody = z.output<typeof PublishPolicyBody>;

export const CurrentPolicyQuery = z
  .strictObject({
    at: Instant.optional().meta({ description: 'The instant to ask about; now when absent' }),
  })
  .meta({ id: 'CurrentPolicyQuery' });

export const PolicyResource = z
  .object({
    version: z.string(),
    url: z.string(),
    effectiveAt: z.iso.datetime(),
    material: z.boolean(),
    summary: z.object({ de: z.string(), en: z.string() }),
    publishedAt: z.iso.datetime(),
    links: z.object({ campaign: z.string() }),
  })
  .meta({ id: 'Policy' });

export const CampaignResource = z
  .object({
    version: z.string(),
    state: z.enum(CAMPAIGN_STATES).meta({
      description: '`not-needed` for a version that is not material; `paused` while the campaign waits for the SES 24-hour sending quota, until `pausedUntil`',
    }),
    total: z.number().int().meta({ description: 'Active accounts reached so far: sent + suppressed + failed' }),
    sent: z.number().int(),
    suppressed: z.number().int().meta({ description: 'Skipped because the address bounced or its owner complained' }),
    failed: z.number().int().meta({ description: 'Refused for good by the mail provider' }),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    pausedUntil: z.iso.datetime().nullable().meta({ description: 'While `paused`: when the campaign resumes by itself' }),
  })
  .meta({ id: 'Campaign' });
