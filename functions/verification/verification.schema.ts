// What the subject pages take: the token in the path, and the knowledge-check form.
import * as z from 'zod';
import { CONFIRM_FIELD } from '../../shared/pages/subject-pages.js';

export const TokenParams = z.object({
  token: z.string().meta({ description: 'The unguessable token from the emailed link (43 URL-safe characters)' }),
});

/** The confirm button of the link's page; any POST confirms, the field only says it came from the button. */
export const ConfirmForm = z
  .object({ [CONFIRM_FIELD.name]: z.literal(CONFIRM_FIELD.value).optional().meta({ description: "The page's confirm button" }) })
  .meta({ id: 'ConfirmForm' });

const Field = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

/** The three facts: account email, billing address, last four digits of the card on file. */
export const IdentityForm = z
  .object({
    email: Field(254).pipe(z.email({ error: 'must be an email address' })),
    street: Field(200),
    postalCode: Field(20),
    city: Field(100),
    cardLast4: z
      .string()
      .trim()
      .regex(/^\d{4}$/, 'must be four digits'),
  })
  .meta({ id: 'IdentityForm' });

export type IdentityForm = z.output<typeof IdentityForm>;
