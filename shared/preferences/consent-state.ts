// Consent rules: from the append-only history of one subject's consent events to where each purpose stands.

/** `opt-out` is the CCPA's word: a sale or sharing opt-out, or a marketing opt-out. */
export const CONSENT_ACTIONS = ['grant', 'withdraw', 'object', 'opt-out'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

export const CONSENT_STATES = ['granted', 'withdrawn', 'objected', 'opted-out'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** Purposes that are a "sale" or "sharing" of personal information in the CCPA's sense (1798.120, 1798.140). */
export const SALE_OR_SHARING_PURPOSES = ['sale', 'sharing', 'sale-and-sharing', 'cross-context-behavioral-advertising', 'targeted-advertising'] as const;

/** Purposes whose end puts the subject on the marketing suppression list (GDPR Art. 21(3): a marketing objection is absolute). */
export const MARKETING_PURPOSES = ['marketing', 'email-marketing'] as const;

/** One recorded consent event; the history is never rewritten, only added to. */
export interface ConsentEvent {
  /** ULID, in recording order; breaks ties between events at the same instant. */
  eventId: string;
  purpose: string;
  action: ConsentAction;
  /** Where the person expressed it, e.g. `web-banner` or `api`; `request:<id>` when a rights request carried it out. */
  source: string;
  /** When the person expressed it (ISO, UTC). */
  at: string;
  /** When we recorded it (ISO, UTC). */
  recordedAt: string;
  /** The browser sent a Global Privacy Control signal (`Sec-GPC: 1`) with it. */
  gpc: boolean;
  /** What shows the person made the choice, e.g. `preferences-link:<the link's token hash, first 16>` for the preferences page. */
  evidence?: string;
}

export interface PurposeState {
  state: ConsentState;
  /** When the event that decided the state happened. */
  since: string;
  gpc: boolean;
}

export function isSaleOrSharing(purpose: string): boolean {
  return (SALE_OR_SHARING_PURPOSES as readonly string[]).includes(purpose);
}

export function isMarketing(purpose: string): boolean {
  return (MARKETING_PURPOSES as readonly string[]).includes(purpose);
}

/** The state one event leaves its purpose in. */
export function stateAfter(event: Pick<ConsentEvent, 'purpose' | 'action' | 'gpc'>): ConsentState {
  switch (event.action) {
    case 'grant':
      // CCPA regs § 7025: a GPC signal is a valid opt-out of sale/sharing and overrides the grant it came with.
      return event.gpc && isSaleOrSharing(event.purpose) ? 'opted-out' : 'granted';
    case 'withdraw':
      return 'withdrawn';
    case 'object':
      return 'objected';
    case 'opt-out':
      return 'opted-out';
  }
}

/** Events in the order they happened; events at the same instant in the order they were recorded. */
export function chronological(events: readonly ConsentEvent[]): ConsentEvent[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
}

/**
 * Where each purpose stands: the latest event per purpose decides. A withdrawal ends consent from
 * its own time on; the grants before it stay in the history, so processing then stays lawful.
 */
export function currentConsents(events: readonly ConsentEvent[]): Record<string, PurposeState> {
  const purposes: Record<string, PurposeState> = {};
  for (const event of chronological(events)) {
    purposes[event.purpose] = { state: stateAfter(event), since: event.at, gpc: event.gpc };
  }
  return purposes;
}
