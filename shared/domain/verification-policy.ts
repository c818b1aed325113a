// How sure we must be of who is asking, by request type and law (DESIGN.md §1, "Verification").
import type { ObjectionEffect } from '../fulfilment/model.js';
import { isDirectMarketingObjection } from './deadlines.js';
import type { AccessDepth, Jurisdiction, RequestType } from './request-model.js';

/**
 * `none`: act on the request as filed, and tell the subject what was done and how to undo it.
 * `email`: the subject confirms through a single-use emailed link.
 * `email+knowledge`: the emailed link, then three facts the company holds (account email, billing
 * address, last four card digits), for requests that disclose or destroy specific data.
 */
export type VerificationLevel = 'none' | 'email' | 'email+knowledge';

/** One system an objection reaches, and what it does there as the inventory declares it. */
export interface ObjectionEffectAt {
  systemId: string;
  effect: ObjectionEffect;
}

/**
 * What a request asks for beyond its type: how deep an access goes, which purposes or systems an
 * objection names and, for an objection, what it does in each system it reaches (its scope
 * resolved against the data inventory, shared/fulfilment/objection-scope.ts).
 */
export interface VerificationScope {
  access?: AccessDepth;
  purposes?: readonly string[];
  systems?: readonly string[];
  reaches?: readonly ObjectionEffectAt[];
}

/** Thrown when an objection's verification is asked for without its resolved scope: a caller's mistake, never the subject's. */
export class UnresolvedObjectionError extends Error {
  override name = 'UnresolvedObjectionError';
  constructor() {
    super("An objection's verification needs its scope resolved against the data inventory");
  }
}

/**
 * The verification a request of `type` under `jurisdiction` needs; `scope` matters for access depth
 * and for objections, whose `reaches` must be given.
 *
 * Opt-outs and withdrawals are carried out as filed under both laws, and the subject is told what
 * was done and how to undo it. CCPA: 11 CCR 7026(d) (and 7027(f) for limits) forbids asking for
 * verification before acting on an opt-out in substance (of sale or sharing, a consent withdrawal,
 * an objection that only stops a use); a marketing unsubscribe may ask for nothing beyond the
 * address and one reply or page visit (CAN-SPAM, 16 CFR 316.5). GDPR: withdrawing consent must be
 * as easy as giving it (Art. 7(3)), an objection to direct marketing is absolute (Art. 21(3)), and
 * confirmation may be asked only on reasonable doubt about who is asking (Art. 12(6)); these stop a
 * use and disclose nothing, so a stranger gains nothing from them.
 *
 * An objection is an opt-out only where it stops: where a system it reaches deletes on objection
 * (live-chat transcripts), it destroys data like a deletion, which the CCPA lets a business carry
 * out only once the requester is verified to a reasonable degree (Cal. Civ. Code 1798.105,
 * 1798.140(ak); 11 CCR 7062(a)), and which under the GDPR a stranger must not be able to cause
 * (Art. 5(1)(f), 32). Such an objection waits for the emailed link under both laws: it discloses
 * nothing and removes only what the system declares, and the link proves control of the address
 * the subject's records are filed under. A GDPR objection to a purpose other than direct marketing
 * waits for the link as well, whatever it does: it is not absolute (Art. 21(1)), the controller
 * weighs its grounds, and the month of Art. 12(3) leaves the time.
 *
 * A sale opt-in (CCPA only) is a two-step opt-in (11 CCR 7028(a)): the request is the first step,
 * the emailed link, which says what opting in means, the separate confirmation.
 */
export function requiredVerification(type: RequestType, jurisdiction: Jurisdiction, scope: VerificationScope = {}): VerificationLevel {
  switch (type) {
    case 'sale-opt-out':
    case 'consent-withdrawal':
    case 'marketing-opt-out':
      return 'none';
    case 'objection':
      return objectionVerification(jurisdiction, scope);
    case 'sale-opt-in':
      // 11 CCR 7028(a): the person asks, then separately confirms the choice to opt in; the emailed link is that second step.
      return 'email';
    case 'third-party-disclosure':
      return 'email';
    case 'access':
      return scope.access === 'categories' ? 'email' : 'email+knowledge';
    case 'portability':
    case 'deletion':
      return 'email+knowledge';
  }
}

/** An objection: the link where it deletes anywhere (or, under the GDPR, reaches beyond direct marketing); nothing where it only stops. */
function objectionVerification(jurisdiction: Jurisdiction, scope: VerificationScope): VerificationLevel {
  if (scope.reaches === undefined) throw new UnresolvedObjectionError();
  if (scope.reaches.some((reach) => reach.effect === 'delete')) return 'email';
  if (jurisdiction === 'ccpa') return 'none';
  return isDirectMarketingObjection(scope) ? 'none' : 'email';
}
