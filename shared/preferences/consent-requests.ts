// The consent register and rights requests as one record: which request carries out a choice, and
// which register entries a carried-out request writes. Pure rules; consents.ts and fulfilment apply them.
import type { Jurisdiction, RequestType } from '../domain/request-model.js';
import { isMarketing, isSaleOrSharing, type ConsentAction, type ConsentState } from './consent-state.js';

/** The register's purpose for an opt-out of sale and sharing (a sale opt-out request, a GPC signal). */
export const SALE_AND_SHARING = 'sale-and-sharing';

/** Request types that change a person's choices, and so the register. */
export type ChoiceRequestType = Extract<RequestType, 'consent-withdrawal' | 'objection' | 'sale-opt-out' | 'marketing-opt-out'>;

/** A request that carries a register change out in the company's systems. */
export interface CarryingRequest {
  type: ChoiceRequestType;
  jurisdiction: Jurisdiction;
  /** The purpose the systems must stop; absent for opt-outs, whose type says it. */
  purposes?: string[];
}

export interface ChoiceInput {
  purpose: string;
  /** Where the purpose stands with the new event in the history. */
  current: ConsentState;
  /** Whether the new event decided that state (a back-dated event may not). */
  decides: boolean;
  /** The call carried `Sec-GPC: 1`. */
  gpc: boolean;
  /** The law the caller named, when it named one. */
  jurisdiction?: Jurisdiction;
}

/** What the inventory says about a purpose: whether any system serves it, whether any sells or shares. */
export interface InventoryFacts {
  servedPurposes: ReadonlySet<string>;
  /**
   * Purposes served by a system where an objection does something (stop or delete); absent, every
   * served purpose. An objection to a purpose served only where an objection does not apply files
   * nothing: filing refuses it (shared/fulfilment/objection-scope.ts), as it would change nothing.
   */
  objectionPurposes?: ReadonlySet<string>;
}

const ENDED: ReadonlySet<ConsentState> = new Set(['withdrawn', 'objected', 'opted-out']);

/**
 * The requests that carry out one register change: none for a grant or for a back-dated event that
 * does not decide the purpose; a sale opt-out (CCPA 1798.120) for a sale or sharing purpose that
 * ends, and for every GPC signal (CCPA regs § 7025: the signal is an opt-out of sale and sharing
 * whatever the call was about); a marketing opt-out, consent withdrawal or objection for any other
 * purpose that ends, but only when a system in the inventory serves it (else there is nothing to
 * carry out, and the register entry is the whole effect). Without a named law, opt-outs of sale are
 * CCPA and withdrawals and objections GDPR (Art. 7(3), Art. 21), the laws that give them.
 */
export function carryingRequests(choice: ChoiceInput, inventory: InventoryFacts): CarryingRequest[] {
  const requests: CarryingRequest[] = [];
  const ended = choice.decides && ENDED.has(choice.current);
  const saleEnded = ended && isSaleOrSharing(choice.purpose);
  if (saleEnded || choice.gpc) requests.push({ type: 'sale-opt-out', jurisdiction: choice.jurisdiction ?? 'ccpa' });
  if (!ended || saleEnded || !inventory.servedPurposes.has(choice.purpose)) return requests;
  if (choice.current === 'objected' && inventory.objectionPurposes && !inventory.objectionPurposes.has(choice.purpose)) return requests;
  const jurisdiction = choice.jurisdiction ?? 'gdpr';
  if (choice.current === 'opted-out' && isMarketing(choice.purpose)) {
    requests.push({ type: 'marketing-opt-out', jurisdiction });
  } else {
    const type = choice.current === 'withdrawn' ? 'consent-withdrawal' : 'objection';
    requests.push({ type, jurisdiction, purposes: [choice.purpose] });
  }
  return requests;
}

/** One register entry a carried-out request writes. */
export interface RequestChoice {
  purpose: string;
  action: ConsentAction;
}

/**
 * The register entries a carried-out request writes: a withdrawal per purpose it named, an
 * objection per purpose, an opt-out of sale and sharing, a grant of sale and sharing (a confirmed
 * opt-in), an opt-out of marketing. `defaultPurposes`
 * are those a withdrawal or objection naming none stops. Other types change no choice.
 */
export function choicesOfRequest(request: { type: RequestType; scope?: { purposes?: string[] } }, defaultPurposes: readonly string[]): RequestChoice[] {
  const purposes = request.scope?.purposes?.length ? request.scope.purposes : defaultPurposes;
  switch (request.type) {
    case 'consent-withdrawal':
      return purposes.map((purpose) => ({ purpose, action: 'withdraw' }));
    case 'objection':
      return purposes.map((purpose) => ({ purpose, action: 'object' }));
    case 'sale-opt-out':
      return [{ purpose: SALE_AND_SHARING, action: 'opt-out' }];
    case 'sale-opt-in':
      return [{ purpose: SALE_AND_SHARING, action: 'grant' }];
    case 'marketing-opt-out':
      return [{ purpose: 'marketing', action: 'opt-out' }];
    default:
      return [];
  }
}

/** The register's `source` for an entry a request wrote. */
export function requestSource(requestId: string): string {
  return `request:${requestId}`;
}
