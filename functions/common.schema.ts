// Schema pieces every contract shares.
import * as z from 'zod';
import { normaliseEmail } from '../shared/subject.js';

/** Tolerance for a caller's clock running slightly ahead. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** An email address, trimmed and normalised so one person has one spelling. */
export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: 'must be an email address' }))
  .transform(normaliseEmail);

/** A short identifier of lower-case letters, digits and dashes, e.g. a purpose or a campaign. */
export const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and "-" (at most 64)');
