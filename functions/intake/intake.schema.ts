// The email intake contract: the SES receipt event, a mail handed in, and the triage inbox.
import * as z from 'zod';
import { JURISDICTIONS, LOCALES, REQUEST_TYPES } from '../../shared/domain/request-model.js';
import { DISMISS_REASONS } from '../../shared/intake/inbox-store.js';
import { TRIAGE_ACTIONS } from '../../shared/console/triage.js';

const Status = z.object({ status: z.string().max(40) }).optional();

/** SES's Lambda action event: what intake reads of each record (the rest, addresses among it, is not read). */
export const SesReceiptEvent = z.object({
  Records: z
    .array(
      z.object({
        ses: z.object({
          mail: z.object({ messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/), timestamp: z.iso.datetime({ offset: true }) }),
          receipt: z.object({
            timestamp: z.iso.datetime({ offset: true }),
            spamVerdict: Status,
            virusVerdict: Status,
            spfVerdict: Status,
            dkimVerdict: Status,
            dmarcVerdict: Status,
          }),
        }),
      }),
    )
    .min(1),
});

const Verdict = z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'NOT_CHECKED']);

export const InboxMailResource = z
  .object({
    id: z.string(),
    receivedAt: z.iso.datetime().meta({ description: 'When the mail reached us: the clock of every request filed from it runs from here' }),
    outcome: z.enum(['filed', 'ignored', 'correspondence', 'triage']),
    state: z.string().meta({ description: 'open while it waits for a person; classified or dismissed once one acted; done when nobody had to' }),
    reason: z.string().optional().meta({ description: 'Why it was ignored or sent to a person' }),
    from: z.string().optional().meta({ description: 'The sender, masked' }),
    locale: z.enum(LOCALES),
    dueAt: z.iso.date().optional().meta({ description: 'The earliest deadline that may already run from receipt' }),
    excerpt: z.string().optional().meta({ description: 'The start of the mail, email addresses and long numbers masked' }),
    rights: z.array(z.enum(REQUEST_TYPES)).meta({ description: 'The rights the mail seemed to ask' }),
    why: z.array(z.string()).meta({ description: 'The phrase labels the decision rests on' }),
    requestIds: z.array(z.string()),
    authentication: z
      .object({ spf: Verdict, dkim: Verdict, dmarc: Verdict })
      .meta({ description: 'What SES (or locally mailauth) found; NOT_CHECKED for a mail handed in' }),
    answered: z.boolean(),
    closed: z
      .object({ as: z.enum(['classified', 'dismissed']), at: z.iso.datetime(), reason: z.enum(DISMISS_REASONS).optional(), by: z.string().optional() })
      .optional(),
  })
  .meta({ id: 'InboxMail' });

export const InboxList = z.object({ items: z.array(InboxMailResource) }).meta({ id: 'InboxList' });

export const InboxQuery = z
  .strictObject({
    state: z.enum(['open']).default('open').meta({ description: 'Only open mails are listed' }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .meta({ id: 'InboxQuery' });

export const InboxIdParams = z.strictObject({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a mail id (a ULID)') });

export const ClassifyMailBody = z
  .strictObject({
    rights: z
      .array(z.enum(REQUEST_TYPES))
      .min(1)
      .max(REQUEST_TYPES.length)
      .refine((rights) => new Set(rights).size === rights.length, 'must not name a right twice'),
    jurisdiction: z.enum(JURISDICTIONS),
    subjectEmail: z.email().max(254).optional().meta({ description: "Whose requests these are when not the sender's (an agent's mail)" }),
    locale: z.enum(LOCALES).optional().meta({ description: 'The language to answer in; the one the mail was read in when absent' }),
  })
  .meta({ id: 'ClassifyMailBody', example: { rights: ['deletion'], jurisdiction: 'gdpr' } });

export const ClassifiedMail = z.object({ mail: InboxMailResource, requestIds: z.array(z.string()) }).meta({ id: 'ClassifiedMail' });

export const DismissMailBody = z.strictObject({ reason: z.enum(DISMISS_REASONS) }).meta({ id: 'DismissMailBody', example: { reason: 'not-a-request' } });

/** A whole mail as it came (message/rfc822), up to 4 MB: larger mail reaches the privacy address over SMTP. */
export const InboundEmailBody = z.string().meta({ description: 'The mail, message/rfc822', format: 'binary' });

/** The scheduled sweep takes the scheduler's event and reads nothing from it. */
export const SweepTriageInput = z.unknown();

/** The console inbox's form token (the session's, from the page). */
const Csrf = z.string().min(1).max(200).meta({ description: "The session's form token, from the page the form is on" });

export const ConsoleTriageParams = z.object({
  id: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a mail id (a ULID)')
    .meta({ description: 'The mail id (a ULID)' }),
  action: z.enum(TRIAGE_ACTIONS).meta({ description: 'classify: file it as a request; dismiss: close it as not a request' }),
});

/** To classify: the request type and the law; to dismiss: why it is not a request. */
export const ConsoleTriageForm = z
  .strictObject({
    type: z.enum(REQUEST_TYPES).optional(),
    jurisdiction: z.enum(JURISDICTIONS).optional(),
    reason: z.enum(DISMISS_REASONS).optional(),
  })
  .meta({ id: 'ConsoleTriageForm' });

export const ConsoleTriagePosted = ConsoleTriageForm.extend({ csrf: Csrf }).meta({ id: 'ConsoleTriagePosted' });
