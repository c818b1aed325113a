// How sure we must be of who is asking, by request type and law (DESIGN.md §1, "Verification").
import type { AccessDepth, Jurisdiction, RequestType } from './request-model.js';

/**
 * `none`: act on the request as filed (a CCPA opt-out needs no verification).
 * `email`: the subject confirms through a single-use emailed link.
 * `email+knowledge`: the emailed link, then three facts the company holds (account email, billing
 * address, last four card digits), for requests that disclose or destroy specific data.
 */
export type VerificationLevel = 'none' | 'email' | 'email+knowledge';

/**
 * CCPA requests that are opt-outs in substance: opting out of sale or sharing, and the consent
 * withdrawals and objections that stop a use of personal information. 11 CCR 7026(d) (and 7027(f)
 * for limits) forbids asking for verification before acting on them; they are carried out at once.
 */
const CCPA_OPT_OUTS: readonly RequestType[] = ['sale-opt-out', 'consent-withdrawal', 'objection'];

/** The verification a request of `type` under `jurisdiction` needs; `accessDepth` matters only for access requests. */
export function requiredVerification(type: RequestType, jurisdiction: Jurisdiction, accessDepth: AccessDepth = 'copy'): VerificationLevel {
  if (jurisdiction === 'ccpa' && CCPA_OPT_OUTS.includes(type)) return 'none';
  switch (type) {
    case 'sale-opt-out':
      return 'none';
    case 'objection':
    case 'consent-withdrawal':
    case 'marketing-opt-out':
    case 'third-party-disclosure':
      return 'email';
    case 'access':
      return accessDepth === 'categories' ? 'email' : 'email+knowledge';
    case 'portability':
    case 'deletion':
      return 'email+knowledge';
  }
}
