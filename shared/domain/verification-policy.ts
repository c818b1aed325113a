// How sure we must be of who is asking, by request type and law (DESIGN.md §1, "Verification").
import { isDirectMarketingObjection } from './deadlines.js';
import type { AccessDepth, Jurisdiction, RequestType } from './request-model.js';

/**
 * `none`: act on the request as filed, and tell the subject what was done and how to undo it.
 * `email`: the subject confirms through a single-use emailed link.
 * `email+knowledge`: the emailed link, then three facts the company holds (account email, billing
 * address, last four card digits), for requests that disclose or destroy specific data.
 */
export type VerificationLevel = 'none' | 'email' | 'email+knowledge';

/** What a request asks for beyond its type: how deep an access goes, which purposes or systems an objection names. */
export interface VerificationScope {
  access?: AccessDepth;
  purposes?: readonly string[];
  systems?: readonly string[];
}

/**
 * The verification a request of `type` under `jurisdiction` needs; `scope` matters for access depth
 * and for objections.
 *
 * Opt-outs and withdrawals are carried out as filed under both laws, and the subject is told what
 * was done and how to undo it. CCPA: 11 CCR 7026(d) (and 7027(f) for limits) forbids asking for
 * verification before acting on an opt-out in substance (of sale or sharing, a consent withdrawal,
 * an objection); a marketing unsubscribe may ask for nothing beyond the address and one reply or
 * page visit (CAN-SPAM, 16 CFR 316.5). GDPR: withdrawing consent must be as easy as giving it
 * (Art. 7(3)), an objection to direct marketing is absolute (Art. 21(3)), and confirmation may be
 * asked only on reasonable doubt about who is asking (Art. 12(6)); these stop a use, disclose
 * nothing and destroy nothing but marketing data, so a stranger gains nothing from them.
 */
export function requiredVerification(type: RequestType, jurisdiction: Jurisdiction, scope: VerificationScope = {}): VerificationLevel {
  switch (type) {
    case 'sale-opt-out':
    case 'consent-withdrawal':
    case 'marketing-opt-out':
      return 'none';
    case 'objection':
      // A GDPR objection naming a system or another purpose can delete data there (live-chat transcripts): the subject confirms it.
      return jurisdiction === 'ccpa' || isDirectMarketingObjection(scope) ? 'none' : 'email';
    case 'third-party-disclosure':
      return 'email';
    case 'access':
      return scope.access === 'categories' ? 'email' : 'email+knowledge';
    case 'portability':
    case 'deletion':
      return 'email+knowledge';
  }
}
