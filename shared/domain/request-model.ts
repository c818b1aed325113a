// The vocabulary of rights requests: types, jurisdictions, statuses.

export const REQUEST_TYPES = [
  'access',
  'portability',
  'deletion',
  'objection',
  'consent-withdrawal',
  'sale-opt-out',
  'marketing-opt-out',
  'third-party-disclosure',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const JURISDICTIONS = ['gdpr', 'ccpa'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

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
