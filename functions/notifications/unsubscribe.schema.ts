// What the unsubscribe link's POST takes: a mail client's one-click body, or the page's button.
import * as z from 'zod';
import { UNSUBSCRIBE_FIELD } from '../../shared/pages/subject-pages.js';

/** Documents the two bodies; any POST to a valid link unsubscribes, the body only picks the answer. */
export const UnsubscribeForm = z
  .object({
    'List-Unsubscribe': z
      .literal('One-Click')
      .optional()
      .meta({ description: 'RFC 8058 one-click (urlencoded or multipart/form-data): answered with 200 text/plain' }),
    [UNSUBSCRIBE_FIELD.name]: z.literal(UNSUBSCRIBE_FIELD.value).optional().meta({ description: "The page's button: answered with the unsubscribed page" }),
  })
  .meta({ id: 'UnsubscribeForm' });
