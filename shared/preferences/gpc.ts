// Global Privacy Control: the signal a browser sends, and what this site says about honouring it.

/** The GPC support resource (`/.well-known/gpc.json`, GPC specification section 3.3). */
export const GPC_SUPPORT = {
  gpc: true,
  /** The day the way we honour GPC last changed (YYYY-MM-DD); change it with the rule in consent-state.ts. */
  lastUpdate: '2026-11-25',
} as const;

/** Whether request headers (lower-cased names) carry a GPC signal: `Sec-GPC: 1`, and nothing else counts. */
export function hasGpcSignal(headers: Record<string, string | undefined> | null | undefined): boolean {
  return headers?.['sec-gpc']?.trim() === '1';
}
