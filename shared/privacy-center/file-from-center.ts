// Filing from the privacy center: the proof of work first, then the one intake every channel uses
// (channel `web`), then the confirmation mail. The answer never tells a known address from an unknown one.
import type { Locale, Jurisdiction, RequestType } from '../domain/request-model.js';
import { logger } from '../logger.js';
import type { Region } from '../pages/privacy-center-texts.js';
import type { FileRequestInput, FileRequestOutcome } from '../requests/file-request.js';
import type { RequestRecord } from '../requests/record.js';
import { type ProofOfWorkDeps, type ProofVerdict, verifyProof } from './proof-of-work.js';

/**
 * The law a request from the center is handled under. Elsewhere is handled as the GDPR asks: the
 * company works under the GDPR and the CCPA only, and of the two the GDPR gives every person the
 * wider rights and the shorter deadlines (docs/privacy-center.md).
 */
export const REGION_LAW: Readonly<Record<Region, Jurisdiction>> = { eu: 'gdpr', california: 'ccpa', elsewhere: 'gdpr' };

export interface CenterFiling {
  type: RequestType;
  email: string;
  region: Region;
  details?: string;
  /** The proof-of-work widget's payload. */
  proof: string | undefined;
  /** The page's language: the request's mails speak it. */
  locale: Locale;
  acceptLanguage?: string;
}

export interface CenterFilingDeps {
  proof: ProofOfWorkDeps;
  file: (input: FileRequestInput) => Promise<FileRequestOutcome>;
  /** The confirmation mail, or fulfilment at once when none is needed. */
  afterFiled: (request: RequestRecord) => Promise<RequestRecord>;
}

/** What the person is answered: refused for the proof, or "check your email" (`atOnce` when no confirmation is needed). */
export type CenterFiled = { page: 'proof-refused'; verdict: Exclude<ProofVerdict, 'accepted'> } | { page: 'filed'; atOnce: boolean };

/**
 * Files one request from the center. A subject with the same request open gets no second one and
 * no second mail, and the person is answered the same as for a new one, as for an address nobody has.
 */
export async function fileFromCenter(filing: CenterFiling, deps: CenterFilingDeps): Promise<CenterFiled> {
  const verdict = await verifyProof(filing.proof, deps.proof);
  if (verdict !== 'accepted') {
    logger.info('Privacy center filing refused', { verdict });
    return { page: 'proof-refused', verdict };
  }
  const outcome = await deps.file({
    type: filing.type,
    jurisdiction: REGION_LAW[filing.region],
    subject: { email: filing.email, locale: filing.locale },
    channel: 'web',
    ...(filing.acceptLanguage ? { acceptLanguage: filing.acceptLanguage } : {}),
    ...(filing.details ? { details: filing.details } : {}),
  });
  if (!outcome.duplicateOf) await deps.afterFiled(outcome.request);
  logger.info('Filed from the privacy center', { requestId: outcome.request.id, type: filing.type, duplicate: Boolean(outcome.duplicateOf) });
  return { page: 'filed', atOnce: outcome.request.verification.level === 'none' };
}
