// How sure we must be of who is asking, by request type (DESIGN.md §1, "Verification").
import type { AccessDepth, RequestType } from './request-model.js';

/**
 * `none`: act on the request as filed (opt-out of sale needs no verification under the CCPA).
 * `email`: the subject confirms through a single-use emailed link.
 * `email+knowledge`: the emailed link, then three facts the company holds (account email, billing
 * address, last four card digits), for requests that disclose or destroy specific data.
 */
export type VerificationLevel = 'none' | 'email' | 'email+knowledge';

/** The verification a request of `type` needs; `accessDepth` matters only for access requests. */
export function requiredVerification(type: RequestType, accessDepth: AccessDepth = 'copy'): VerificationLevel {
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
