// Policy versions and their notice campaigns, as the domain sees them.
import type { Locale } from '../domain/request-model.js';

/** The most parts a campaign splits the account directory into, each sent by a child run at its share of the rate. */
export const MAX_SEGMENTS = 64;

/** Parts a campaign runs in when not configured otherwise. */
export const DEFAULT_SEGMENTS = 4;

/** The most accounts one step reads: a page's sends must fit well inside one Lambda invocation. */
export const MAX_PAGE_SIZE = 500;

/** Version labels: letters, digits, `.`, `_` and `-`, as in 2026-03 or v4.1; `#` never occurs in one. */
export const POLICY_VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * How far a campaign has got; `not-needed` belongs to a version that is not material, `paused` to a
 * running campaign that reached the mail provider's 24-hour quota and resumes by itself.
 */
export const CAMPAIGN_STATES = ['not-needed', 'running', 'paused', 'completed', 'failed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** The states a campaign record holds; `not-needed` campaigns have no record, and `paused` is read from `pausedUntil`. */
export type RecordedCampaignState = Exclude<CampaignState, 'not-needed' | 'paused'>;

/** One published version of the privacy policy. Never changes once published. */
export interface PolicyVersion {
  version: string;
  /** Where the text of this version is published (https). */
  url: string;
  /** ISO 8601 instant from which this version applies. */
  effectiveAt: string;
  /** A material change: everyone it affects is told by email. */
  material: boolean;
  /** What changes, in brief, in each language notices are written in. */
  summary: Record<Locale, string>;
  /** ISO 8601 instant of publication. */
  publishedAt: string;
}

/** The counters of a campaign: everyone reached so far is exactly one of sent, suppressed, failed. */
export interface CampaignCounts {
  total: number;
  sent: number;
  suppressed: number;
  failed: number;
}

export interface Campaign extends CampaignCounts {
  version: string;
  state: RecordedCampaignState;
  startedAt: string;
  finishedAt?: string;
  /** Where the last finished page left off, to resume a failed campaign from. */
  cursor?: string;
  /** The name of the error that failed the campaign (never its message, which may quote data). */
  failure?: string;
  /** When the campaign last paused at the 24-hour sending quota, the instant it resumes. */
  pausedUntil?: string;
}

/** Final states never change again. */
export const CAMPAIGN_TRANSITIONS: Record<RecordedCampaignState, readonly RecordedCampaignState[]> = {
  running: ['completed', 'failed'],
  completed: [],
  failed: [],
};
