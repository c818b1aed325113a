// What the "manage my email preferences" page takes: the language switch, and its form.
import * as z from 'zod';
import { LOCALES } from '../../shared/domain/request-model.js';
import { ANSWERS, FORM_TOKEN_FIELD, PURPOSE_FIELD_PREFIX } from '../../shared/preferences/preference-choices.js';

/** The page's query: the language switch. */
export const PreferencesQuery = z.object({
  lang: z.enum(LOCALES).optional().meta({ description: "The page's language; the language of the mail the link came in when absent" }),
});

/**
 * The page's form: its form token, and one answer per purpose it listed (`consent.<purpose>`, yes or
 * no). A purpose left out stays as it is; a field of another name is refused with the page again.
 */
export const PreferencesForm = z
  .object({ [FORM_TOKEN_FIELD]: z.string().min(1).meta({ description: 'The form token the page was served with' }) })
  .catchall(
    z.enum(ANSWERS).meta({ description: `\`${PURPOSE_FIELD_PREFIX}<purpose>\`: yes agrees to the purpose, no withdraws (opts out of a sale or sharing)` }),
  )
  .meta({ id: 'PreferencesForm' });
