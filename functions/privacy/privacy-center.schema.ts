// What the privacy center's routes take: the page's query, the filing form, the challenge, the status link.
import * as z from 'zod';
import { LOCALES, REQUEST_TYPES } from '../../shared/domain/request-model.js';
import { REGIONS } from '../../shared/pages/privacy-center-texts.js';
import { CENTER_ASSETS } from '../../shared/pages/privacy-center-assets.js';
import { Email } from '../common.schema.js';

/** The center page's query: the language switch, and a right to fill in (the Shine the Light link). */
export const CenterQuery = z.object({
  lang: z.enum(LOCALES).optional().meta({ description: "The page's language; the browser's Accept-Language when absent" }),
  right: z.enum(REQUEST_TYPES).optional().meta({ description: 'A right to fill in' }),
});

/** The filing form; the person's language comes from the page (its `lang` query, else Accept-Language). */
export const CenterForm = z
  .object({
    right: z.enum(REQUEST_TYPES),
    email: Email,
    region: z.enum(REGIONS).meta({ description: 'Where the person lives: eu and elsewhere are handled under the GDPR, california under the CCPA' }),
    details: z.string().trim().max(2000).optional().meta({ description: 'What the person wants us to know (which use they object to, for example)' }),
    altcha: z.string().optional().meta({ description: "The proof-of-work widget's payload: base64 JSON of the challenge and its solution" }),
  })
  .meta({ id: 'PrivacyCenterForm' });

export type CenterForm = z.output<typeof CenterForm>;

/** A proof-of-work challenge as the widget fetches it (ALTCHA v2). */
export const ChallengeResource = z
  .object({
    parameters: z.object({
      algorithm: z.string(),
      nonce: z.string(),
      salt: z.string(),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: z.string(),
      keySignature: z.string().optional(),
      expiresAt: z.number().optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
    signature: z.string(),
  })
  .meta({ id: 'ProofOfWorkChallenge' });

/** The cancel button of a status page; any POST cancels, the field only says it came from the button. */
export const CancelForm = z.object({ cancel: z.literal('yes').optional().meta({ description: "The page's cancel button" }) }).meta({ id: 'CancelRequestForm' });

/** The download button of a status page; any POST asks for the download, the field only says it came from the button. */
export const StatusDownloadForm = z
  .object({ download: z.literal('yes').optional().meta({ description: "The page's download button" }) })
  .meta({ id: 'StatusDownloadForm' });

/** The widget's files and the center's stylesheet, served from this origin. */
export const AssetParams = z.object({ asset: z.enum(CENTER_ASSETS).meta({ description: 'One of the files the center page loads' }) });
