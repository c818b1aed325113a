// What the request routes read: the body of POST /v1/requests, the list's query, an operator's extension and denial.
// What they answer is in request-resources.schema.ts, which only the OpenAPI document loads.
import * as z from 'zod';
import { CLOCK_SKEW_MS, Email } from '../common.schema.js';
import { ACCESS_DEPTHS, JURISDICTIONS, LOCALES, REQUEST_STATUSES, REQUEST_TYPES } from '../../shared/domain/request-model.js';
import { MAX_PERMISSION_BYTES, PERMISSION_CONTENT_TYPES } from '../../shared/requests/permission-documents.js';
import { IDEMPOTENCY_KEY } from '../../shared/idempotency.js';
import { DENIAL_CODES } from '../../shared/text/vocabulary.js';

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
