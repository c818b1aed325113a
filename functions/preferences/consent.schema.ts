// The consent contract: what POST /v1/consents and POST /v1/consents/query take and answer.
import * as z from 'zod';
import { CLOCK_SKEW_MS, Email, Slug } from '../common.schema.js';
import { JURISDICTIONS, LOCALES, REQUEST_STATUSES } from '../../shared/domain/request-model.js';
import { CONSENT_ACTIONS, CONSENT_STATES, SALE_OR_SHARING_PURPOSES } from '../../shared/preferences/consent-state.js';

const Purpose = Slug.meta({
  description: `The purpose, e.g. marketing or analytics; ${SALE_OR_SHARING_PURPOSES.join(', ')} count as sale or sharing (GPC applies)`,
});

const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:30:00Z' });

export const RecordConsentBody = z
  .strictObject({
    subject: z.strictObject({
      email: Email,
      locale: z.enum(LOCALES).optional().meta({ description: "The language of the mails of a request the choice files; the law's default when absent" }),
    }),
    purpose: Purpose,
    action: z.enum(CONSENT_ACTIONS).meta({ description: 'opt-out: of sale and sharing for a sale or sharing purpose, else of the purpose (e.g. marketing)' }),
    jurisdiction: z.enum(JURISDICTIONS).optional().meta({
      description: 'The law of a request the choice files; when absent, ccpa for sale, sharing and GPC opt-outs, gdpr for withdrawals and objections',
    }),
    source: Slug.meta({ description: 'Where the person expressed it, e.g. web-banner or api' }),
    at: Instant.refine((value) => Date.parse(value) <= Date.now() + CLOCK_SKEW_MS, 'must not lie in the future')
      .optional()
      .meta({ description: 'When the person expressed it; now when absent' }),
  })
  .meta({
    id: 'RecordConsentBody',
    description:
      "Send the browser's Sec-GPC: 1 header along when it came with one: it is an opt-out of sale and sharing and files a sale-opt-out request. A withdrawal, objection or opt-out of a purpose that systems serve files the request that carries it out.",
  });

export type RecordConsentBody = z.output<typeof RecordConsentBody>;

/** Emails never travel in URLs, so the lookup is a POST. */
/** Headers `POST /v1/consents` reads: the browser's Global Privacy Control signal, passed along. */
export const RecordConsentHeaders = z.object({
  'Sec-GPC': z
    .string()
    .optional()
    .meta({ description: 'The Sec-GPC header of the browser the choice came from, as it came: `1` records the GPC signal with the event', example: '1' }),
});

export const ConsentQueryBody = z.strictObject({ email: Email }).meta({ id: 'ConsentQueryBody' });

const PurposeStateResource = z.object({
  state: z.enum(CONSENT_STATES),
  since: z.string().meta({ description: 'When the deciding event happened' }),
  gpc: z.boolean(),
});

const ConsentEventResource = z.object({
  purpose: z.string(),
  action: z.enum(CONSENT_ACTIONS),
  source: z.string(),
  at: z.string(),
  recordedAt: z.string(),
  gpc: z.boolean(),
  evidence: z
    .string()
    .optional()
    .meta({ description: 'What shows the person made the choice: preferences-link:<id> for the preferences page behind a marketing mail' }),
});

const FiledRequestResource = z.object({
  id: z.string().meta({ description: 'Read it with GET /v1/requests/{id}' }),
  type: z.enum(['consent-withdrawal', 'objection', 'sale-opt-out', 'marketing-opt-out']),
  status: z.enum(REQUEST_STATUSES),
  joined: z.boolean().meta({ description: 'The subject already had this request open: the choice joined it instead of filing a second' }),
});

export const ConsentRecordedResource = z
  .object({
    event: ConsentEventResource,
    current: PurposeStateResource,
    requests: z.array(FiledRequestResource).meta({ description: 'The requests that carry the choice out in the systems; empty when none must' }),
  })
  .meta({ id: 'ConsentRecorded' });

export const ConsentOverviewResource = z
  .object({
    purposes: z.record(z.string(), PurposeStateResource),
    history: z.array(ConsentEventResource).meta({ description: 'Every event, oldest first' }),
  })
  .meta({ id: 'ConsentOverview' });

export const GpcSupportResource = z.object({ gpc: z.boolean(), lastUpdate: z.string().meta({ description: 'YYYY-MM-DD' }) }).meta({ id: 'GpcSupport' });
