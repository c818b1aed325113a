// The policy-change notice campaign, one page of the account directory per workflow step: skip the
// undeliverable, claim each recipient's marker, send in bulk per language, count, and say how long
// the workflow should wait so the configured send rate holds.
import { mapConcurrent } from '../concurrency.js';
import type { Locale } from '../domain/request-model.js';
import { loggableError, logger } from '../logger.js';
import { type BulkContent, type BulkMailer, type BulkOutcome, DAILY_QUOTA_EXCEEDED } from '../mail/bulk-mailer.js';
import { MailError } from '../mail/mailer.js';
import { renderNotice, type ControllerInfo } from '../notices/catalogue.js';
import { blocksTransactionalMail, type SuppressionReason } from '../preferences/suppression-list.js';
import { subjectHash } from '../subject.js';
import type { Audience, Recipient } from './audience.js';
import { MAX_PAGE_SIZE, MAX_SEGMENTS, type CampaignCounts, type PolicyVersion } from './model.js';
import type { RecipientMarkers } from './recipient-markers.js';

/** Marker claims in flight at once within a page. */
const CLAIM_CONCURRENCY = 32;

/** A schedule that fell this far behind starts over rather than catching up in one burst. */
export const MAX_LAG_SECONDS = 10;

/** SES counts its sending quota over a rolling 24 hours. */
export const QUOTA_WINDOW_SECONDS = 24 * 3600;

/**
 * A part resumes this long after its quota day has rolled out of SES's window, at least: its first
 * notices of the day must have left the window before the first page of the next day goes.
 */
export const QUOTA_RESUME_MARGIN_SECONDS = 60;

/**
 * A refusal the part's own day does not explain (other mail used up the quota, or the day is long
 * over) is tried again after this long: SES advises waiting up to ten minutes.
 */
export const QUOTA_RETRY_SECONDS = 600;

/** A page SES throttled for its send rate runs again after this long at least (or later, as the pace says). */
export const THROTTLE_WAIT_SECONDS = 10;

/** Refusals for the send rate: a destination's status, or the whole call after the SDK's own retries. */
const RATE_REFUSALS = new Set(['ACCOUNT_THROTTLED', 'TooManyRequestsException', 'ThrottlingException']);

export interface CampaignSettings {
  /** Notices handed to the mail provider per second, on average over the campaign. */
  sendsPerSecond: number;
  /** Accounts read per page, at most MAX_PAGE_SIZE. */
  pageSize: number;
}

/**
 * The pacing schedule the workflow carries from page to page: since when, and how many handed
 * over; and since when this part sends within SES's 24-hour quota (absent before its first page).
 */
export interface Pace {
  since: string;
  handed: number;
  day?: string;
}

export interface CampaignPageInput {
  version: string;
  /** Where the previous page left off; absent or null for the first page. */
  cursor?: string | null;
  pace?: Pace | null;
  /** Which part of the directory this run sends to (0 when absent), of `segments` parts (1 when absent). */
  segment?: number;
  segments?: number;
}

export interface CampaignPageResult {
  /** Where the next page starts; absent after the last page. */
  nextCursor?: string;
  sent: number;
  /** Skipped: the address bounced or its owner complained. */
  suppressed: number;
  /** Refused for good by the mail provider. */
  failed: number;
  /** Already claimed by an earlier run of this page: not sent again, not counted again. */
  skipped: number;
  /** Bulk calls made. */
  calls: number;
  /** How long the workflow waits before the next page so the send rate holds. */
  waitSeconds: number;
  pace: Pace;
  /**
   * Set when SES refused the page for the 24-hour quota: the page's unsent claims were given back,
   * and the same page runs again at this instant (whole seconds, as a Wait state takes it).
   */
  pausedUntil?: string;
  /**
   * Set when SES throttled the page for its send rate (after the SDK's retries): the unsent claims
   * were given back and the same page runs again after `waitSeconds`, skipping whom it reached.
   */
  unfinished?: true;
}

export interface CampaignDeps {
  policies: {
    get(version: string): Promise<PolicyVersion | undefined>;
    recordProgress(version: string, counts: Partial<CampaignCounts>, cursor?: { segment: number; cursor: string | null }): Promise<void>;
    recordPause(version: string, until: Date): Promise<void>;
  };
  audience: Audience;
  suppressions: { reasonsFor(emails: readonly string[], options: { consistentRead: boolean }): Promise<Map<string, SuppressionReason>> };
  markers: RecipientMarkers;
  mailer: BulkMailer;
  /** Key of the subject hash that markers are filed under. */
  hashKey: () => Promise<Buffer>;
  controller: ControllerInfo;
  settings: CampaignSettings;
  now: () => Date;
}

/** A campaign step that cannot run: the version is unknown or needs no campaign. */
export class CampaignError extends Error {
  override name = 'CampaignError';
}

/**
 * Some destinations were refused for now (throttling, a paused account). Their markers were given
 * back and the page's progress kept; the workflow retries the step, which sends only those.
 */
export class CampaignRetryableError extends CampaignError {
  override name = 'CampaignRetryableError';
}

/**
 * When the next page may start: `handedNow` more notices went out in this page, on top of the
 * schedule `previous`. Waits round up to whole seconds (what a Wait state takes); since the
 * schedule is absolute, the rounding never accumulates over pages. A schedule more than
 * MAX_LAG_SECONDS behind (a slow page, a retry) restarts from now instead of bursting to catch up.
 */
export function nextPace(
  previous: Pace | null | undefined,
  handedNow: number,
  pageStartedAt: Date,
  now: Date,
  sendsPerSecond: number,
): { pace: Pace; waitSeconds: number } {
  if (!(sendsPerSecond > 0)) throw new RangeError('sendsPerSecond must be positive');
  const since = previous ? Date.parse(previous.since) : pageStartedAt.getTime();
  const day = previous?.day ?? previous?.since ?? pageStartedAt.toISOString();
  const handed = (previous?.handed ?? 0) + handedNow;
  const dueMs = since + (handed / sendsPerSecond) * 1000;
  const aheadSeconds = (dueMs - now.getTime()) / 1000;
  if (aheadSeconds < -MAX_LAG_SECONDS) return { pace: { since: now.toISOString(), handed: 0, day }, waitSeconds: 0 };
  return { pace: { since: new Date(since).toISOString(), handed, day }, waitSeconds: Math.max(0, Math.ceil(aheadSeconds)) };
}

/**
 * When a part that SES refused for the 24-hour quota sends again: once the notices of its day
 * (which began at `day`) have left SES's rolling window, plus a margin of a minute or the time one
 * page takes at the part's rate, whichever is longer, so the first page of the new day never
 * outruns the notices leaving the window. A refusal its day does not explain (the day is over, or
 * other mail used up the quota) is tried again after QUOTA_RETRY_SECONDS. Whole seconds, as a Wait
 * state takes them.
 */
export function quotaResumesAt(day: Date, now: Date, pageSeconds: number): Date {
  const margin = Math.max(QUOTA_RESUME_MARGIN_SECONDS, Math.ceil(pageSeconds));
  const nextDay = day.getTime() + (QUOTA_WINDOW_SECONDS + margin) * 1000;
  const retry = now.getTime() + QUOTA_RETRY_SECONDS * 1000;
  return new Date(Math.ceil(Math.max(nextDay, retry) / 1000) * 1000);
}

/** Whether SES refused for the 24-hour quota: a destination's status, or the whole call. */
const quotaRefusal = (error: unknown): boolean => error instanceof MailError && error.code === DAILY_QUOTA_EXCEEDED;

/** An instant as a Wait state's TimestampPath reads it: RFC 3339 in UTC, whole seconds. */
const waitTimestamp = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What one step hands the workflow: where the part goes on, whether it has more, and how long to wait first. */
export interface CampaignStepOutput {
  version: string;
  segment: number;
  segments: number;
  /** Where the next step starts: the next page, or this page again after a pause. */
  cursor: string | null;
  more: boolean;
  waitSeconds: number;
  /** When the part sends again after a pause at the 24-hour quota; null when it did not pause. */
  pausedUntil: string | null;
  pace: Pace;
  sent: number;
  suppressed: number;
  failed: number;
  skipped: number;
  calls: number;
}

/** The workflow's view of a page: the state a child execution carries to its next step. */
export function campaignStepOutput(input: CampaignPageInput & { segment: number; segments: number }, page: CampaignPageResult): CampaignStepOutput {
  return {
    version: input.version,
    segment: input.segment,
    segments: input.segments,
    cursor: page.pausedUntil || page.unfinished ? (input.cursor ?? null) : (page.nextCursor ?? null),
    more: page.nextCursor !== undefined || page.pausedUntil !== undefined || page.unfinished === true,
    waitSeconds: page.waitSeconds,
    pausedUntil: page.pausedUntil ?? null,
    pace: page.pace,
    sent: page.sent,
    suppressed: page.suppressed,
    failed: page.failed,
    skipped: page.skipped,
    calls: page.calls,
  };
}

/** The policy-changed notice for `locale`, rendered once per page and sent as every destination's content. */
export function policyNoticeContent(policy: PolicyVersion, locale: Locale, controller: ControllerInfo): BulkContent {
  return renderNotice(
    { kind: 'policy-changed', version: policy.version, url: policy.url, effectiveAt: policy.effectiveAt, summary: policy.summary[locale] },
    locale,
    controller,
  );
}

/** Email tags hold letters, digits, `_` and `-` only. */
const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_');

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

interface Candidate extends Recipient {
  hash: string;
  suppressed: boolean;
}

/**
 * Sends the notice of `version` to one page of active accounts. Each recipient's marker is claimed
 * before anything is sent, so a page run twice (a retry, a resumed campaign) mails nobody twice;
 * recipients whose address bounced or complained are skipped and counted, marketing opt-outs are
 * not (the notice is transactional). When a bulk call fails, the claims of everything not yet
 * handed over are given back before the error propagates, so nothing is lost either.
 */
export async function sendCampaignPage(input: CampaignPageInput, deps: CampaignDeps): Promise<CampaignPageResult> {
  const { version } = input;
  const startedAt = deps.now();
  const policy = await deps.policies.get(version);
  if (!policy) throw new CampaignError(`Policy version ${version} does not exist.`);
  if (!policy.material) throw new CampaignError(`Policy version ${version} is not material: it has no campaign.`);

  const part = { segment: input.segment ?? 0, of: input.segments ?? 1 };
  if (
    !(Number.isInteger(part.of) && part.of >= 1 && part.of <= MAX_SEGMENTS && Number.isInteger(part.segment) && part.segment >= 0 && part.segment < part.of)
  ) {
    throw new CampaignError(`Segment ${part.segment} of ${part.of} is not a part of the directory.`);
  }
  const page = await deps.audience.page(input.cursor ?? undefined, Math.min(deps.settings.pageSize, MAX_PAGE_SIZE), part);
  const key = await deps.hashKey();
  // Eventually consistent: half the read units, so a fast campaign does not exhaust the list's
  // partition; a bounce or complaint recorded within the last second may be missed (docs/scale.md).
  const emails = page.recipients.map((r) => r.email);
  const reasons = emails.length > 0 ? await deps.suppressions.reasonsFor(emails, { consistentRead: false }) : new Map<string, SuppressionReason>();
  const candidates: Candidate[] = page.recipients.map((recipient) => {
    const reason = reasons.get(recipient.email);
    return { ...recipient, hash: subjectHash(key, recipient.email), suppressed: reason !== undefined && blocksTransactionalMail(reason) };
  });
  // Every claim is waited for, so that when one fails (a throttled table) the others it made are
  // given back before the step fails: a claim that stayed would make the retry skip its recipient.
  const claims = await mapConcurrent(candidates, CLAIM_CONCURRENCY, (c) =>
    deps.markers.claim(version, c.hash, c.suppressed ? 'suppressed' : 'send').then(
      (won) => ({ won }),
      (error: unknown) => ({ error }),
    ),
  );
  const claimed = candidates.filter((_, index) => 'won' in claims[index]! && claims[index].won);
  const broken = claims.find((claim) => 'error' in claim);
  if (broken && 'error' in broken) {
    await giveBack(
      deps.markers,
      version,
      claimed.map((c) => c.hash),
    );
    throw broken.error;
  }
  const suppressed = claimed.filter((c) => c.suppressed);
  const toSend = claimed.filter((c) => !c.suppressed);

  const byLocale = new Map<Locale, Candidate[]>();
  for (const recipient of toSend) byLocale.set(recipient.locale, [...(byLocale.get(recipient.locale) ?? []), recipient]);
  const tags = { notice: 'policy-changed', campaign: tagValue(version) };

  // Claims not yet settled: given back if this step fails, so a later run picks them up.
  const unsettled = new Set(claimed.map((c) => c.hash));
  let sent = 0;
  let failed = 0;
  let calls = 0;
  let handed = 0;
  let quotaReached = false;
  let throttled = false;
  const refusedForNow: string[] = [];
  try {
    if (suppressed.length > 0) await deps.policies.recordProgress(version, { total: suppressed.length, suppressed: suppressed.length });
    for (const c of suppressed) unsettled.delete(c.hash);
    sending: for (const [locale, recipients] of byLocale) {
      const content = policyNoticeContent(policy, locale, deps.controller);
      for (const batch of chunk(recipients, deps.mailer.maxDestinations)) {
        let outcomes: BulkOutcome[];
        try {
          outcomes = await deps.mailer.sendBulk({ content, destinations: batch.map((r) => r.email), tags });
        } catch (error) {
          if (quotaRefusal(error)) quotaReached = true;
          else if (error instanceof MailError && RATE_REFUSALS.has(error.code ?? '')) throttled = true;
          else throw error;
          break sending;
        }
        calls++;
        const counts = { sent: 0, failed: 0 };
        outcomes.forEach((outcome, index) => {
          const hash = batch[index]!.hash;
          if (outcome.status === 'retry') refusedForNow.push(hash);
          else counts[outcome.status]++;
          if (outcome.status === 'retry' && outcome.code === DAILY_QUOTA_EXCEEDED) quotaReached = true;
          else if (outcome.status === 'retry' && RATE_REFUSALS.has(outcome.code)) throttled = true;
        });
        handed += counts.sent + counts.failed;
        await deps.policies.recordProgress(version, { total: counts.sent + counts.failed, ...counts });
        for (const [index, outcome] of outcomes.entries()) if (outcome.status !== 'retry') unsettled.delete(batch[index]!.hash);
        sent += counts.sent;
        failed += counts.failed;
        // Nothing more goes out today, or this second: the rest of the page waits with what was refused.
        if (quotaReached || throttled) break sending;
      }
    }
    if (quotaReached) {
      await giveBack(deps.markers, version, [...unsettled]);
      unsettled.clear();
      return await pausedPage(input, { sent, suppressed: suppressed.length, failed, skipped: candidates.length - claimed.length, calls }, startedAt, deps);
    }
    if (throttled) {
      await giveBack(deps.markers, version, [...unsettled]);
      unsettled.clear();
    } else if (unsettled.size > 0) {
      throw new CampaignRetryableError(`${refusedForNow.length} notices of policy version ${version} were refused for now; the page is to be retried.`);
    }
    if (!throttled) await deps.policies.recordProgress(version, {}, { segment: part.segment, cursor: page.nextCursor ?? null });
  } catch (error) {
    await giveBack(deps.markers, version, [...unsettled]);
    throw error;
  }

  // The parts run side by side, so each holds its share of the rate.
  const paced = nextPace(input.pace, handed, startedAt, deps.now(), deps.settings.sendsPerSecond / part.of);
  if (throttled) {
    const again: CampaignPageResult = {
      ...(input.cursor ? { nextCursor: input.cursor } : {}),
      sent,
      suppressed: suppressed.length,
      failed,
      skipped: candidates.length - claimed.length,
      calls,
      waitSeconds: Math.max(THROTTLE_WAIT_SECONDS, paced.waitSeconds),
      pace: paced.pace,
      unfinished: true,
    };
    logger.info('Campaign page throttled by the send rate; it runs again', { version, segment: part.segment, sent, calls, waitSeconds: again.waitSeconds });
    return again;
  }
  const result: CampaignPageResult = {
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    sent,
    suppressed: suppressed.length,
    failed,
    skipped: candidates.length - claimed.length,
    calls,
    // After the last page there is nothing to pace.
    waitSeconds: page.nextCursor ? paced.waitSeconds : 0,
    pace: paced.pace,
  };
  const { nextCursor: _cursor, pace: _pace, ...counts } = result;
  logger.info('Campaign page sent', { version, segment: part.segment, ...counts, more: page.nextCursor !== undefined });
  return result;
}

/**
 * The page SES refused for the 24-hour quota: what was handed over stays counted, the campaign
 * record says until when it pauses, and the workflow runs the same page again then, from a
 * schedule that starts over with the new day.
 */
async function pausedPage(
  input: CampaignPageInput,
  counts: Pick<CampaignPageResult, 'sent' | 'suppressed' | 'failed' | 'skipped' | 'calls'>,
  startedAt: Date,
  deps: CampaignDeps,
): Promise<CampaignPageResult> {
  const now = deps.now();
  const partRate = deps.settings.sendsPerSecond / (input.segments ?? 1);
  const day = new Date(input.pace?.day ?? input.pace?.since ?? startedAt.toISOString());
  const until = quotaResumesAt(day, now, Math.min(deps.settings.pageSize, MAX_PAGE_SIZE) / partRate);
  await deps.policies.recordPause(input.version, until);
  const resumeAt = waitTimestamp(until);
  logger.info('Campaign paused at the 24-hour sending quota', { version: input.version, segment: input.segment ?? 0, ...counts, pausedUntil: resumeAt });
  return {
    ...(input.cursor ? { nextCursor: input.cursor } : {}),
    ...counts,
    waitSeconds: Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 1000)),
    pace: { since: resumeAt, handed: 0, day: resumeAt },
    pausedUntil: resumeAt,
  };
}

/** Gives claims back; if even that fails, says how many stay claimed (an operator can clear them). */
async function giveBack(markers: RecipientMarkers, version: string, hashes: string[]): Promise<void> {
  if (hashes.length === 0) return;
  try {
    await markers.release(version, hashes);
  } catch (error) {
    logger.error('Campaign markers could not be given back', { version, markers: hashes.length, error: loggableError(error as Error) });
  }
}

/** Step Functions error names as stored: a plain token, never free text. */
function failureName(error: string | undefined): string {
  return error && /^[\w.:-]{1,128}$/.test(error) ? error : 'Error';
}

export interface FinishDeps {
  policies: { finish(version: string, to: 'completed' | 'failed', at: Date, failure?: string): Promise<unknown> };
  now: () => Date;
}

/** Marks the campaign of `version` completed (after its last page). */
export async function completeCampaign(version: string, deps: FinishDeps): Promise<void> {
  await deps.policies.finish(version, 'completed', deps.now());
}

/** Marks the campaign of `version` failed, with the name of the error that stopped it. */
export async function markCampaignFailed(version: string, failure: { Error?: string } | undefined, deps: FinishDeps): Promise<void> {
  await deps.policies.finish(version, 'failed', deps.now(), failureName(failure?.Error));
}
