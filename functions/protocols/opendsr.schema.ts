// The OpenDSR contract (formerly OpenGDPR): requests, status objects and discovery, with the specification's field names.
import * as z from 'zod';
import { CLOCK_SKEW_MS, Email } from '../common.schema.js';
import { JURISDICTIONS } from '../../shared/domain/request-model.js';
import { OPENDSR_IDENTITY_FORMATS, OPENDSR_REQUEST_TYPES, OPENDSR_STATUSES } from '../../shared/protocols/opendsr.js';

const Rfc3339 = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time, e.g. 2018-10-02T15:00:00Z' });

/** GUIDs in OpenDSR are lower-case UUID v4. */
export const SubjectRequestId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'must be a lower-case UUID v4');

/**
 * Where callbacks go: https, or plain http to this machine for a local run. Anything else would let
 * a caller point the processor at internal addresses.
 */
const CallbackUrl = z
  .url({ error: 'must be a URL' })
  .max(2048)
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  }, 'must be an https URL');

const Identity = z.object({
  identity_type: z.string().min(1).max(64),
  identity_value: z.string().min(1).max(512),
  identity_format: z.enum(OPENDSR_IDENTITY_FORMATS),
});

export const OpenDsrRequestBody = z
  .object({
    subject_request_id: SubjectRequestId,
    subject_request_type: z.enum(OPENDSR_REQUEST_TYPES),
    submitted_time: Rfc3339.refine((value) => Date.parse(value) <= Date.now() + CLOCK_SKEW_MS, 'must not lie in the future').refine(
      (value) => Date.parse(value) >= Date.now() - 365 * 24 * 3600 * 1000,
      'must not be more than a year ago',
    ),
    subject_identities: z.array(Identity).min(1).max(20),
    regulation: z
      .enum(JURISDICTIONS)
      .optional()
      .meta({ description: 'gdpr or ccpa: required from OpenDSR 2.0 on; a 1.x (OpenGDPR) request without it is gdpr' }),
    api_version: z
      .string()
      .regex(/^[12]\.\d+$/, 'must be an OpenDSR version such as 2.0 (or an OpenGDPR 1.x)')
      .optional()
      .meta({ description: '2.0 when absent' }),
    status_callback_urls: z.array(CallbackUrl).max(5).optional(),
    extensions: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.regulation === undefined && !body.api_version?.startsWith('1.')) {
      ctx.addIssue({ code: 'custom', path: ['regulation'], message: 'is required from OpenDSR 2.0 on: gdpr or ccpa' });
    }
    // The subject confirms the request by email, so a raw email identity is required.
    const index = body.subject_identities.findIndex((i) => i.identity_type === 'email' && i.identity_format === 'raw');
    if (index < 0) {
      ctx.addIssue({ code: 'custom', path: ['subject_identities'], message: 'must include an email identity in raw format' });
      return;
    }
    if (!Email.safeParse(body.subject_identities[index]!.identity_value).success) {
      ctx.addIssue({ code: 'custom', path: ['subject_identities', index, 'identity_value'], message: 'must be an email address' });
    }
  })
  .transform((body) => ({
    ...body,
    subject_identities: body.subject_identities.map((identity) =>
      identity.identity_type === 'email' && identity.identity_format === 'raw'
        ? { ...identity, identity_value: Email.parse(identity.identity_value) }
        : identity,
    ),
  }))
  .meta({ id: 'OpenDsrRequest' });

export type OpenDsrRequestBody = z.output<typeof OpenDsrRequestBody>;

export const OpenDsrParams = z.strictObject({ id: SubjectRequestId });

export const OpenDsrFiled = z
  .object({
    controller_id: z.string(),
    expected_completion_time: z.string(),
    received_time: z.string(),
    encoded_request: z.string(),
    subject_request_id: z.string(),
  })
  .meta({ id: 'OpenDsrFiled' });

export const OpenDsrStatusResource = z
  .object({
    controller_id: z.string(),
    expected_completion_time: z.string(),
    subject_request_id: z.string(),
    request_status: z.enum(OPENDSR_STATUSES),
    api_version: z.string(),
  })
  .meta({ id: 'OpenDsrStatus' });

export const OpenDsrCancelled = z
  .object({
    controller_id: z.string(),
    subject_request_id: z.string(),
    received_time: z.string(),
    api_version: z.string(),
  })
  .meta({ id: 'OpenDsrCancelled' });

export const OpenDsrDiscoveryResource = z
  .object({
    api_version: z.string(),
    supported_identities: z.array(z.object({ identity_type: z.string(), identity_format: z.string() })),
    supported_subject_request_types: z.array(z.enum(OPENDSR_REQUEST_TYPES)),
    processor_certificate: z.string(),
  })
  .meta({ id: 'OpenDsrDiscovery' });
