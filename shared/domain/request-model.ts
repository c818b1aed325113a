// The vocabulary of rights requests: types, jurisdictions, statuses.

export const REQUEST_TYPES = [
  'access',
  'portability',
  'deletion',
  'objection',
  'consent-withdrawal',
  'sale-opt-out',
  'sale-opt-in',
  'marketing-opt-out',
  'third-party-disclosure',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const JURISDICTIONS = ['gdpr', 'ccpa'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/**
 * The laws under which each request type is filed; a type absent here is filed under every law.
 * A sale opt-in is the CCPA's two-step opt-in (11 CCR 7028(a)); under the GDPR a disclosure for
 * value rests on consent, which the person gives through the consent register.
 */
const FILED_ONLY_UNDER: Partial<Record<RequestType, readonly Jurisdiction[]>> = { 'sale-opt-in': ['ccpa'] };

/** Whether a request of `type` is filed under `jurisdiction`: every type under both laws, a sale opt-in under the CCPA only. */
export function isFiledUnder(type: RequestType, jurisdiction: Jurisdiction): boolean {
  return FILED_ONLY_UNDER[type]?.includes(jurisdiction) ?? true;
}

/** The request types filed under `jurisdiction`, in the order of `REQUEST_TYPES` (by `isFiledUnder`). */
export function typesFiledUnder(jurisdiction: Jurisdiction): RequestType[] {
  return REQUEST_TYPES.filter((type) => isFiledUnder(type, jurisdiction));
}

/** Where the person's wish goes instead, for a type not filed under a law: said in the 422 that refuses it. */
export const INSTEAD_UNDER_LAW: Partial<Record<RequestType, string>> = {
  'sale-opt-in':
    'A sale opt-in is a CCPA right (11 CCR 7028). Under the GDPR a sale or sharing of data rests on consent, which the person gives through POST /v1/consents (purpose "sale-and-sharing", action "grant").',
};

export const REQUEST_STATUSES = [
  'received',
  'awaiting-verification',
  'verified',
  'in-progress',
  'completed',
  'partially-completed',
  'denied',
  'cancelled',
  'expired',
  'failed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** How much of the data an access request asks for (CCPA separates categories from specific pieces). */
export const ACCESS_DEPTHS = ['categories', 'copy'] as const;
export type AccessDepth = (typeof ACCESS_DEPTHS)[number];
