// What SES publishes to SNS about a sent mail (event publishing or identity notifications), reduced to what we act on.
import * as z from 'zod';
import { BOUNCE_TYPES, type SesNotification } from '../../shared/preferences/ses-events.js';
import { normaliseEmail } from '../../shared/subject.js';

/** `anna@example.com`, or `Anna <anna@example.com>` as some bounce reports quote it. */
const RecipientAddress = z
  .string()
  .trim()
  .max(320)
  .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an email address')
  .transform((value) => normaliseEmail(/<([^<>]+)>$/.exec(value)?.[1] ?? value));

const Recipients = z
  .array(z.looseObject({ emailAddress: RecipientAddress }))
  .min(1, 'must name at least one recipient')
  .max(1000);

const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

const EventType = z.string().regex(/^[A-Za-z]{1,40}$/, 'must be an SES event type such as Bounce or Complaint');

export const SesEventMessage = z
  .looseObject({
    eventType: EventType.optional().meta({ description: 'Set by configuration-set event publishing' }),
    notificationType: EventType.optional().meta({ description: 'Set by identity feedback notifications' }),
    bounce: z
      .looseObject({
        bounceType: z.enum(BOUNCE_TYPES),
        bouncedRecipients: Recipients,
        timestamp: Instant.optional(),
      })
      .optional(),
    complaint: z
      .looseObject({
        complainedRecipients: Recipients,
        timestamp: Instant.optional(),
      })
      .optional(),
  })
  .superRefine((message, context) => {
    const type = message.eventType ?? message.notificationType;
    if (type === undefined) context.addIssue({ code: 'custom', path: ['eventType'], message: 'is required (or notificationType)' });
    if (type === 'Bounce' && !message.bounce) context.addIssue({ code: 'custom', path: ['bounce'], message: 'is required for a Bounce' });
    if (type === 'Complaint' && !message.complaint) context.addIssue({ code: 'custom', path: ['complaint'], message: 'is required for a Complaint' });
  })
  .transform((message): SesNotification => {
    const type = message.eventType ?? message.notificationType ?? '';
    if (type === 'Bounce' && message.bounce) {
      const { bounceType, bouncedRecipients, timestamp } = message.bounce;
      return { type, bounceType, recipients: bouncedRecipients.map((r) => r.emailAddress), ...(timestamp ? { at: timestamp } : {}) };
    }
    if (type === 'Complaint' && message.complaint) {
      const { complainedRecipients, timestamp } = message.complaint;
      return { type, recipients: complainedRecipients.map((r) => r.emailAddress), ...(timestamp ? { at: timestamp } : {}) };
    }
    return { type: 'Other', eventType: type };
  })
  .meta({ id: 'SesEventMessage', description: 'An SES event notification as SNS delivers it (the Message, parsed)' });

export type SesEventMessage = z.input<typeof SesEventMessage>;

export const SesEventRecorded = z
  .object({
    suppressed: z.number().int().min(0).meta({ description: 'Addresses put on the suppression list' }),
    reason: z.enum(['bounce', 'complaint']).optional(),
  })
  .meta({ id: 'SesEventRecorded' });
