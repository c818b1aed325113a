// Bounces and complaints from SES: a permanent bounce or a complaint puts the address on the suppression list.
import type { SuppressionReason } from './suppression-list.js';

export const BOUNCE_TYPES = ['Permanent', 'Transient', 'Undetermined'] as const;
export type BounceType = (typeof BOUNCE_TYPES)[number];

/** An SES event notification, reduced to what decides a suppression; addresses are normalised. */
export type SesNotification =
  | { type: 'Bounce'; bounceType: BounceType; recipients: string[] /** ISO instant of the bounce. */; at?: string }
  | { type: 'Complaint'; recipients: string[] /** ISO instant of the complaint. */; at?: string }
  /** Deliveries, opens, rejects and the rest: nothing to suppress. */
  | { type: 'Other'; eventType: string };

export interface SesEventDeps {
  suppressions: { suppress(email: string, reason: SuppressionReason, at: Date): Promise<void> };
  now: () => Date;
}

export interface SesEventResult {
  /** How many addresses went on the suppression list. */
  suppressed: number;
  /** Why they did; absent when the event suppresses nobody. */
  reason?: Extract<SuppressionReason, 'bounce' | 'complaint'>;
}

/**
 * Records one SES notification: each address of a permanent bounce or of a complaint goes on the
 * suppression list. Transient and undetermined bounces pass: a full mailbox or a greylisting
 * server is no reason to stop writing to someone.
 */
export async function recordSesEvent(event: SesNotification, deps: SesEventDeps): Promise<SesEventResult> {
  const reason = suppressionReason(event);
  if (!reason || event.type === 'Other') return { suppressed: 0 };
  const at = event.at ? new Date(event.at) : deps.now();
  const recipients = [...new Set(event.recipients)];
  for (const email of recipients) await deps.suppressions.suppress(email, reason, at);
  return { suppressed: recipients.length, reason };
}

function suppressionReason(event: SesNotification): SesEventResult['reason'] {
  switch (event.type) {
    case 'Bounce':
      return event.bounceType === 'Permanent' ? 'bounce' : undefined;
    case 'Complaint':
      return 'complaint';
    case 'Other':
      return undefined;
  }
}
