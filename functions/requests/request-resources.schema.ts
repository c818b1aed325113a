// What the request routes answer: the request resource, a page of them and the audit chain. Only the
// OpenAPI document loads these; a handler shapes its answer with shared/requests/request-view.ts.
import * as z from 'zod';
import { ACCESS_DEPTHS, JURISDICTIONS, LOCALES, REQUEST_STATUSES, REQUEST_TYPES } from '../../shared/domain/request-model.js';
import { DENIAL_CODES } from '../../shared/text/vocabulary.js';
import { OUTCOMES, TASK_ACTIONS } from '../../shared/fulfilment/model.js';
import { TaskResource } from '../fulfilment/task.schema.js';

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
    stopBy: CalendarDate.optional().meta({
      description:
        "A GDPR objection to direct marketing that also erases: the last day for its stop, carried out at filing (Art. 21(3): the next working day); dueAt is then the erasure's (Art. 17(1)(c), 12(3))",
    }),
    stop: z
      .object({
        state: z.enum(['pending', 'done']),
        finishedAt: z.iso.datetime().optional(),
        noticeSentAt: z.iso.datetime().optional().meta({ description: 'When the subject was mailed that marketing stopped' }),
        outcomes: z.array(
          z.object({
            systemId: z.string(),
            action: z.enum(TASK_ACTIONS),
            outcome: z.enum(OUTCOMES),
            records: z.number().int(),
            error: z.string().optional(),
          }),
        ),
      })
      .optional()
      .meta({ description: 'Present with stopBy: the stop carried out at filing, with no confirmation, and what each system did' }),
    stopOverdue: z.boolean().optional().meta({ description: 'Present with stopBy: true while the stop is not done and stopBy has passed' }),
    dueAt: CalendarDate.meta({ description: 'The deadline in force: the last day, in timeZone' }),
    extendableTo: CalendarDate.optional().meta({
      description: 'The latest deadline an extension can give; shown only while one is allowed (open, not extended yet, first deadline not passed)',
    }),
    extended: z.boolean(),
    overdue: z
      .boolean()
      .meta({ description: 'Open and past the deadline in force, past acknowledgeBy with no acknowledgement sent, or past stopBy with the stop not done' }),
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
          description:
            "Each system's task of the current run (GET /v1/requests/{id} only): open ones with their due date, finished ones with their outcome; for an objection that stops at filing and erases once confirmed, the stop's tasks too",
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
