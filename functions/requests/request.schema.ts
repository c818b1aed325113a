// The request contract: the body of POST /v1/requests, the request resource, lists and the audit chain.
import * as z from 'zod';
import { CLOCK_SKEW_MS, Email } from '../common.schema.js';
import { ACCESS_DEPTHS, JURISDICTIONS, LOCALES, REQUEST_STATUSES, REQUEST_TYPES } from '../../shared/domain/request-model.js';
import { MAX_PERMISSION_BYTES, PERMISSION_CONTENT_TYPES } from '../../shared/requests/permission-documents.js';
import { IDEMPOTENCY_KEY } from '../../shared/idempotency.js';
import { DENIAL_CODES } from '../../shared/text/vocabulary.js';
import { OUTCOMES, TASK_ACTIONS } from '../../shared/fulfilment/model.js';
import { TaskResource } from '../fulfilment/task.schema.js';

/** A request may reach the company up to a year before it is filed here, and never in the future. */
const MAX_BACKDATE_MS = 365 * 24 * 3600 * 1000;

const Label = (max: number) => z.string().trim().min(1).max(max);
const Identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be letters, digits, ".", "_", ":" or "-"');

export const CHANNELS = ['api', 'web', 'email', 'post', 'phone', 'chat', 'in-app', 'agent'] as const;

export const FileRequestBody = z
  .strictObject({
    type: z.enum(REQUEST_TYPES).meta({
      description: 'The right asked for; sale-opt-in under ccpa only (a GDPR consent is given through POST /v1/consents, else 422)',
    }),
    jurisdiction: z.enum(JURISDICTIONS),
    subject: z.strictObject({
      email: Email,
      name: Label(200).optional().meta({ description: "Accepted for the caller's records; not stored (data minimisation)" }),
      locale: z.enum(LOCALES).optional().meta({ description: 'Language of notices; defaults to de for gdpr, en for ccpa' }),
      accountId: Identifier.optional(),
    }),
    receivedAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:30:00Z' })
      .refine((value) => Date.parse(value) <= Date.now() + CLOCK_SKEW_MS, 'must not lie in the future')
      .refine((value) => Date.parse(value) >= Date.now() - MAX_BACKDATE_MS, 'must not be more than a year ago')
      .optional()
      .meta({ description: 'When the request reached the company, if before filing; the clock runs from here' }),
    channel: z.enum(CHANNELS).default('api'),
    agent: z
      .strictObject({
        name: Label(200),
        email: Email,
        permission: z.strictObject({
          contentType: z.enum(PERMISSION_CONTENT_TYPES),
          base64: z
            .base64({ error: 'must be base64' })
            .min(4)
            .max(Math.ceil(MAX_PERMISSION_BYTES / 3) * 4, `must decode to at most ${MAX_PERMISSION_BYTES} bytes`),
        }),
      })
      .optional()
      .meta({ description: 'An authorized agent filing for the subject, with the signed permission' }),
    scope: z
      .strictObject({
        systems: z.array(Identifier).min(1).max(100).optional(),
        purposes: z.array(Identifier).min(1).max(100).optional(),
        access: z.enum(ACCESS_DEPTHS).optional().meta({ description: 'For access: categories only, or a copy of the data (default)' }),
      })
      .optional(),
    details: z.string().max(2000).optional(),
  })
  .meta({ id: 'FileRequest' });

export type FileRequestBody = z.output<typeof FileRequestBody>;

const CalendarDate = z.iso.date();

export const RequestResource = z
  .object({
    id: z.string(),
    type: z.enum(REQUEST_TYPES),
    jurisdiction: z.enum(JURISDICTIONS),
    status: z.enum(REQUEST_STATUSES),
    channel: z.string(),
    filer: z
      .string()
      .optional()
      .meta({ description: 'Who filed it through an open protocol (`drp:<agent-id>`, `opendsr:<controller-id>`); absent when the company filed it' }),
    receivedAt: z.iso.datetime(),
    acknowledgeBy: CalendarDate.optional().meta({ description: 'The last day to confirm receipt, where the law sets one (CCPA: 10 business days)' }),
    acknowledgedAt: z.iso
      .datetime()
      .optional()
      .meta({ description: 'When receipt was confirmed to the subject (the confirmation mail); absent until it went out' }),
    acknowledgementOverdue: z
      .boolean()
      .optional()
      .meta({ description: 'Present with acknowledgeBy: true while the request is open, unacknowledged and past acknowledgeBy' }),
    dueAt: CalendarDate.meta({ description: 'The deadline in force: the last day, in timeZone' }),
    extendableTo: CalendarDate.optional().meta({
      description: 'The latest deadline an extension can give; shown only while one is allowed (open, not extended yet, first deadline not passed)',
    }),
    extended: z.boolean(),
    overdue: z.boolean().meta({ description: 'Open and past the deadline in force, or past acknowledgeBy with no acknowledgement sent' }),
    deadlineBasis: z.string(),
    timeZone: z.string(),
    subject: z.object({ email: z.string().meta({ description: 'Masked' }), locale: z.enum(LOCALES), accountId: z.string().optional() }),
    agent: z
      .object({
        name: z.string(),
        email: z.string(),
        permission: z.object({ contentType: z.string(), bytes: z.number().int() }),
      })
      .optional(),
    scope: z.object({ systems: z.array(z.string()).optional(), purposes: z.array(z.string()).optional(), access: z.enum(ACCESS_DEPTHS).optional() }).optional(),
    verification: z.object({
      level: z.enum(['none', 'email', 'email+knowledge']),
      state: z.enum(['not-required', 'pending', 'email-confirmed', 'verified', 'failed']),
      linkSentAt: z.iso.datetime().optional().meta({ description: 'When the confirmation link was mailed; absent if mailing failed (send a new one)' }),
      linkValidUntil: z.iso.datetime().optional(),
      failedAttempts: z.number().int().optional().meta({ description: 'Failed knowledge-check answers so far' }),
      identity: z
        .object({
          use: z.enum(['offered', 'required']),
          requiredBy: z.enum(['configuration', 'operator']).optional(),
          outcome: z
            .object({
              result: z.enum(['verified', 'failed', 'cancelled']),
              provider: z.enum(['oidc', 'hosted']),
              at: z.iso.datetime(),
              assurance: z.string().optional(),
              matched: z
                .array(z.enum(['name', 'email', 'address']))
                .meta({ description: 'Which facts the provider verified agreed (never the claims themselves)' }),
            })
            .optional(),
        })
        .optional()
        .meta({ description: 'The independent identity-verification provider, once offered or required: only its outcome is kept' }),
    }),
    fulfilment: z
      .object({
        finishedAt: z.iso
          .datetime()
          .optional()
          .meta({ description: 'When the fulfilment ended (or the request was cancelled or refused); absent while it runs' }),
        noticeSentAt: z.iso
          .datetime()
          .optional()
          .meta({ description: 'When the subject was mailed how the request ended; absent while that mail has not gone out (resume sends it)' }),
        outcomes: z.array(
          z.object({
            systemId: z.string(),
            action: z.enum(TASK_ACTIONS),
            outcome: z.enum(OUTCOMES),
            records: z.number().int().meta({ description: 'Records exported, deleted or stopped; for retained, the records kept' }),
            retained: z.array(z.object({ category: z.string(), keepFor: z.string(), legalBasis: z.string() })).optional(),
            reason: z.string().optional().meta({ description: 'For not-applicable: why the request does not reach the system, as it declares' }),
            error: z.string().optional(),
          }),
        ),
        tasks: z.array(TaskResource).optional().meta({
          description: "Each system's task of the current run (GET /v1/requests/{id} only): open ones with their due date, finished ones with their outcome",
        }),
      })
      .optional()
      .meta({
        description:
          'What each system did: done, retained (with the rule, legal basis and the records kept), not-found, failed, or not-applicable (an objection the system declares it does not act on, with the reason); for a cancelled or refused request, what ran before it stopped',
      }),
    denial: z.object({ code: z.enum(DENIAL_CODES), reason: z.string() }).optional(),
    duplicateOf: z.string().optional().meta({ description: 'Set when this filing repeated an open request: that request is returned' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    links: z.object({ self: z.string(), audit: z.string() }),
  })
  .meta({ id: 'Request' });

/** Headers `POST /v1/requests` reads. */
export const FileRequestHeaders = z.object({
  'Idempotency-Key': z.string().regex(IDEMPOTENCY_KEY).optional().meta({
    description:
      'Makes a retry safe: the same key with the same body within 24 hours answers as the first call did, without filing again; with another body it is refused (422). 1 to 255 printable ASCII characters, no spaces.',
    example: 'crm-ticket-48213',
  }),
});

export const RequestIdParams = z.object({ id: z.string().meta({ description: 'The request id (a ULID)' }) });

export const ListRequestsQuery = z
  .strictObject({
    status: z.enum(REQUEST_STATUSES).optional(),
    type: z.enum(REQUEST_TYPES).optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .meta({ id: 'ListRequestsQuery' });

export const RequestList = z.object({ items: z.array(RequestResource), nextCursor: z.string().optional() }).meta({ id: 'RequestList' });

export const AuditTrailResource = z
  .object({
    requestId: z.string(),
    verification: z.object({
      valid: z.boolean(),
      length: z.number().int(),
      brokenAt: z.number().int().optional(),
      reason: z.string().optional(),
    }),
    events: z.array(
      z.object({
        seq: z.number().int(),
        type: z.string(),
        at: z.iso.datetime(),
        actor: z.object({ kind: z.enum(['system', 'subject', 'operator', 'workflow']), id: z.string().optional() }),
        data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
        prevHash: z.string().meta({ description: 'The keyed hash of the event before (64 zeros for the first)' }),
        purgeAt: z.number().int().optional().meta({ description: 'Epoch seconds when the chain is purged (sealed with the event)' }),
        hash: z.string().meta({ description: 'HMAC-SHA-256 under the audit key (a KMS HMAC key) over the event and the keyed hash before it' }),
      }),
    ),
  })
  .meta({ id: 'AuditTrail' });

const Reason = z.string().trim().min(10, 'must say why, in at least 10 characters').max(2000);

export const ExtendRequestBody = z
  .strictObject({ reason: Reason.meta({ description: 'Why more time is needed: it is mailed to the subject' }) })
  .meta({ id: 'ExtendRequest' });

export const DenyRequestBody = z
  .strictObject({
    code: z.enum(DENIAL_CODES),
    reason: Reason.meta({ description: 'Why the request is refused: it is mailed to the subject with their right to complain' }),
  })
  .meta({ id: 'DenyRequest' });

/** The README's first call, as the OpenAPI document shows it: a deletion for Anna Schmidt, of the demo company. */
export const FILE_REQUEST_EXAMPLE = { type: 'deletion', jurisdiction: 'gdpr', subject: { email: 'anna.schmidt@example.com' } };

/** The answer the local runtime gave to FILE_REQUEST_EXAMPLE: the subject's address shows only masked. */
export const FILED_REQUEST_EXAMPLE = {
  id: '01M8Y16ZQMV70JY3320J0JXTMD',
  type: 'deletion',
  jurisdiction: 'gdpr',
  status: 'awaiting-verification',
  channel: 'api',
  receivedAt: '2026-12-03T13:24:00.269Z',
  dueAt: '2027-01-04',
  extendableTo: '2027-03-03',
  extended: false,
  overdue: false,
  deadlineBasis: 'GDPR Art. 12(3): one month, extendable by two further months',
  timeZone: 'Europe/Berlin',
  subject: { email: 'a•••@example.com', locale: 'de' },
  verification: {
    level: 'email+knowledge',
    state: 'pending',
    linkSentAt: '2026-12-03T13:24:00.683Z',
    linkValidUntil: '2026-12-10T13:24:00.539Z',
  },
  createdAt: '2026-12-03T13:24:00.269Z',
  updatedAt: '2026-12-03T13:24:00.539Z',
  links: { self: '/v1/requests/01M8Y16ZQMV70JY3320J0JXTMD', audit: '/v1/requests/01M8Y16ZQMV70JY3320J0JXTMD/audit' },
};

/** A filing refused field by field, as the local runtime answered an unknown type. */
export const INVALID_FILING_EXAMPLE = {
  type: 'urn:privacy-ops:problem:validation-failed',
  title: 'Bad Request',
  status: 400,
  detail: 'The request body is not valid.',
  correlationId: 'c0a5f035-66ed-41a6-a40b-97253a8f419d',
  errors: [
    {
      path: 'type',
      message:
        'Invalid option: expected one of "access"|"portability"|"deletion"|"objection"|"consent-withdrawal"|"sale-opt-out"|"sale-opt-in"|"marketing-opt-out"|"third-party-disclosure"',
    },
  ],
};

/** The reason a system gives when it extends, as in docs/api.md. */
export const EXTEND_REQUEST_EXAMPLE = { reason: 'Records are held in five systems, two of them archived.' };
