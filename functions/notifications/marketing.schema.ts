// The contract of POST /v1/marketing-emails: a company's marketing mail, sent through the suppression gate.
import * as z from 'zod';
import { LOCALES } from '../../shared/domain/request-model.js';
import { Email, Slug } from '../common.schema.js';

export const MarketingEmailBody = z
  .strictObject({
    to: Email,
    locale: z.enum(LOCALES).meta({ description: 'The language of the unsubscribe footer and page' }),
    subject: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((value) => !/[\r\n]/.test(value), 'must be one line'),
    text: z.string().trim().min(1).max(100_000).meta({ description: 'The plain-text part; an unsubscribe footer is added' }),
    html: z
      .string()
      .trim()
      .min(1)
      .max(200_000)
      .optional()
      .meta({ description: "The HTML part, trusted as the company's own markup; made from the text when absent; an unsubscribe footer is added" }),
    campaign: Slug.optional().meta({ description: 'Labels delivery, bounce and complaint events, e.g. winter-news' }),
  })
  .meta({ id: 'MarketingEmailBody', description: 'Nothing is sent to a suppressed address (unsubscribed, objected, bounced, complained)' });

export const MarketingEmailResult = z
  .discriminatedUnion('sent', [
    z.object({ sent: z.literal(true), messageId: z.string() }),
    z.object({ sent: z.literal(false), reason: z.literal('suppressed') }),
  ])
  .meta({ id: 'MarketingEmailResult' });
