// GET /v1/audit/verification: what to verify, and the answer.
import * as z from 'zod';

const REQUEST_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const AuditVerificationQuery = z
  .strictObject({
    requestId: z
      .string()
      .regex(REQUEST_ID, 'must be a request id (a ULID)')
      .optional()
      .meta({ description: "One request's chain, against every anchor since it was filed" }),
    since: z.iso
      .date('must be a day, YYYY-MM-DD')
      .optional()
      .meta({ description: 'Every chain written to from this UTC day on, against the anchors of each day since' }),
  })
  .refine((query) => (query.requestId === undefined) !== (query.since === undefined), {
    message: 'give one of requestId and since',
    path: ['requestId'],
  })
  .meta({ id: 'AuditVerificationQuery' });
export type AuditVerificationQuery = z.infer<typeof AuditVerificationQuery>;

const ChainReport = z
  .object({
    requestId: z.string(),
    valid: z.boolean(),
    length: z.number().int().meta({ description: 'Events found' }),
    purged: z.literal(true).optional().meta({ description: "Past the chain's purge time: TTL removes it, and what is left is not judged" }),
    anchoredAt: z
      .object({ day: z.iso.date(), seq: z.number().int() })
      .optional()
      .meta({ description: 'The last anchor that names the chain, and the event it pins' }),
    brokenAt: z.number().int().optional().meta({ description: 'The first event at which the chain does not hold' }),
    reason: z.string().optional().meta({ description: 'How it breaks there: missing, out of order, edited, rewritten after anchoring, cut short' }),
  })
  .meta({ id: 'AuditChainReport' });

export const AuditVerificationResource = z
  .object({
    valid: z.boolean().meta({ description: 'Every chain checked and every anchor read holds' }),
    from: z.iso.date().meta({ description: 'The first day whose anchor was read' }),
    through: z.iso.date().meta({ description: "The last day whose anchor was read: yesterday (a day's anchor is written the day after)" }),
    anchors: z.object({
      checked: z.number().int(),
      missing: z.array(z.iso.date()).meta({ description: 'Days without an anchor (the anchoring did not run): their writes are checked by keyed hash only' }),
      broken: z.array(z.object({ day: z.iso.date(), reason: z.string() })),
    }),
    checkedChains: z.number().int(),
    chains: z.array(ChainReport).meta({ description: "For one request, its chain's report; since a day, the chains that do not hold" }),
  })
  .meta({ id: 'AuditVerification' });

/** A verification of one request whose third event was edited in the table after it was anchored. */
export const AUDIT_VERIFICATION_EXAMPLE: z.input<typeof AuditVerificationResource> = {
  valid: false,
  from: '2026-11-30',
  through: '2026-12-02',
  anchors: { checked: 3, missing: [], broken: [] },
  checkedChains: 1,
  chains: [
    {
      requestId: '01KBC6Z3Q4J5X8V9T0R1S2P3N4',
      valid: false,
      length: 5,
      anchoredAt: { day: '2026-12-01', seq: 4 },
      brokenAt: 3,
      reason: 'event 3 does not match its keyed hash: it was edited, or sealed without the audit key',
    },
  ],
};

/** The anchoring run's input: what EventBridge's schedule sends; none of it is read. */
export const AnchorInput = z.object({}).loose();
