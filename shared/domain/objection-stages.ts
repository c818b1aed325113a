// When an objection's parts are carried out: a pure function of its law and its scope resolved against the inventory.
import { isDirectMarketingObjection } from './deadlines.js';
import type { Jurisdiction } from './request-model.js';
import { requiredVerification, type ObjectionEffectAt, type VerificationScope } from './verification-policy.js';

/**
 * `at-once`: everything at filing, with no link (it only stops).
 * `after-link`: everything once the subject confirmed the emailed link.
 * `stop-then-erase`: the stop at filing, with no link; the deletion once the subject confirmed it.
 */
export type ObjectionStages = 'at-once' | 'after-link' | 'stop-then-erase';

/**
 * The stages of an objection. A GDPR objection to direct marketing is absolute and takes effect
 * without delay (Art. 21(3)): no link may hold up the stop. Where it also reaches a system that
 * deletes on objection, the deletion is an erasure (Art. 17(1)(c)) that a stranger must not cause
 * (Art. 5(1)(f), 32), so that part alone waits for the link. A CCPA objection that deletes somewhere
 * is a deletion in substance (Cal. Civ. Code 1798.105; 11 CCR 7062(a)) and waits as a whole: the
 * CCPA's opt-outs are carried out within 15 business days, which the link fits in.
 */
export function objectionStages(jurisdiction: Jurisdiction, scope: VerificationScope): ObjectionStages {
  if (requiredVerification('objection', jurisdiction, scope) === 'none') return 'at-once';
  // requiredVerification has refused a scope not resolved against the inventory: `reaches` is there.
  const reaches = scope.reaches as readonly ObjectionEffectAt[];
  const erases = reaches.some((reach) => reach.effect === 'delete');
  return jurisdiction === 'gdpr' && erases && isDirectMarketingObjection(scope) ? 'stop-then-erase' : 'after-link';
}
