// Privacy-policy versions: publish one (immutable; a material one starts its notice campaign), read
// the one in force at a time, and read a campaign's progress.
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { CampaignStarter } from './campaign-starter.js';
import { POLICY_VERSION, type Campaign, type CampaignState, type PolicyVersion } from './model.js';
import { PolicyVersionExistsError } from './policy-store.js';

/** A version may take effect this long before it reaches us: the caller's "now" travelled first. */
export const EFFECTIVE_AT_TOLERANCE_MS = 60_000;

/** What a caller publishes; the store adds when. */
export type PolicyPublication = Omit<PolicyVersion, 'publishedAt'>;

export interface PolicyReader {
  get(version: string): Promise<PolicyVersion | undefined>;
  inForceAt(at: Date): Promise<PolicyVersion | undefined>;
  campaign(version: string): Promise<Campaign | undefined>;
}

export interface PublishDeps {
  store: PolicyReader & { create(policy: PolicyVersion, campaign?: Campaign): Promise<void> };
  campaigns: CampaignStarter;
  now: () => Date;
}

/** The instant as `toISOString` writes it, so equal instants compare equal whatever their notation. */
const instant = (value: string): string => new Date(value).toISOString();

/** The URL as WHATWG serialises it (lower-case host, encoded path), so equal addresses compare equal. */
const normalUrl = (value: string): string => new URL(value).href;

/** Whether `published` is what `publication` asks for: the same url, instant, materiality and summaries. */
export function samePublication(publication: PolicyPublication, published: PolicyVersion): boolean {
  return (
    publication.version === published.version &&
    normalUrl(publication.url) === published.url &&
    instant(publication.effectiveAt) === instant(published.effectiveAt) &&
    publication.material === published.material &&
    publication.summary.de === published.summary.de &&
    publication.summary.en === published.summary.en
  );
}

function conflict(version: string, cause?: unknown): PolicyVersionExistsError {
  return new PolicyVersionExistsError(version, cause === undefined ? undefined : { cause });
}

/**
 * Publishes a version. Versions never change: the same version again with the same content
 * answers with the stored one (and makes sure its campaign runs: a start that failed before is
 * made up for); other content is refused with a conflict. A new version may not take effect in the
 * past. A material version gets a campaign record and its campaign workflow is started.
 */
export async function publishPolicy(publication: PolicyPublication, deps: PublishDeps): Promise<{ policy: PolicyVersion; created: boolean }> {
  const existing = await deps.store.get(publication.version);
  if (existing) return republished(publication, existing, deps);

  const now = deps.now();
  if (Date.parse(publication.effectiveAt) < now.getTime() - EFFECTIVE_AT_TOLERANCE_MS) {
    throw new InvalidInputError('effectiveAt must not lie in the past: a new version takes effect now or later.', 'effectiveAt');
  }
  const policy: PolicyVersion = {
    ...publication,
    url: normalUrl(publication.url),
    effectiveAt: instant(publication.effectiveAt),
    publishedAt: now.toISOString(),
  };
  const campaign: Campaign | undefined = policy.material
    ? { version: policy.version, state: 'running', total: 0, sent: 0, suppressed: 0, failed: 0, startedAt: policy.publishedAt }
    : undefined;
  try {
    await deps.store.create(policy, campaign);
  } catch (error) {
    if (!(error instanceof PolicyVersionExistsError)) throw error;
    // Someone published the same version a moment ago.
    const raced = await deps.store.get(publication.version);
    if (!raced) throw error;
    return republished(publication, raced, deps);
  }
  if (policy.material) await deps.campaigns.start(policy.version);
  return { policy, created: true };
}

async function republished(publication: PolicyPublication, existing: PolicyVersion, deps: PublishDeps) {
  if (!samePublication(publication, existing)) throw conflict(publication.version);
  if (existing.material) await deps.campaigns.start(existing.version);
  return { policy: existing, created: false };
}

/** The version in force at `at`; NotFoundError when none had taken effect by then. */
export async function policyInForce(store: PolicyReader, at: Date): Promise<PolicyVersion> {
  const policy = await store.inForceAt(at);
  if (!policy) throw new NotFoundError(`No policy version is in force at ${at.toISOString()}.`);
  return policy;
}

export interface CampaignStatus {
  version: string;
  state: CampaignState;
  total: number;
  sent: number;
  suppressed: number;
  failed: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** While `paused`: when the campaign resumes by itself. */
  pausedUntil: string | null;
}

/**
 * The progress of `version`'s campaign at `now`; `not-needed` for a version that is not material,
 * `paused` (with the instant it resumes) for a running campaign waiting for the 24-hour sending quota.
 */
export async function campaignStatus(store: PolicyReader, version: string, now: Date): Promise<CampaignStatus> {
  // A label no version can have names no version; the store is not asked.
  const policy = POLICY_VERSION.test(version) ? await store.get(version) : undefined;
  if (!policy) throw new NotFoundError(`Policy version ${version} does not exist.`);
  const empty = { total: 0, sent: 0, suppressed: 0, failed: 0, startedAt: null, finishedAt: null, pausedUntil: null };
  if (!policy.material) return { version, state: 'not-needed', ...empty };
  const campaign = await store.campaign(version);
  // Written with the version itself, so its absence is a fault; it reads as not yet started.
  if (!campaign) return { version, state: 'running', ...empty };
  const paused = campaign.state === 'running' && campaign.pausedUntil !== undefined && Date.parse(campaign.pausedUntil) > now.getTime();
  return {
    version,
    state: paused ? 'paused' : campaign.state,
    total: campaign.total,
    sent: campaign.sent,
    suppressed: campaign.suppressed,
    failed: campaign.failed,
    startedAt: campaign.startedAt,
    finishedAt: campaign.finishedAt ?? null,
    pausedUntil: paused ? (campaign.pausedUntil ?? null) : null,
  };
}

/** Where a version's campaign is read. */
export const campaignPath = (version: string): string => `/v1/policies/${encodeURIComponent(version)}/campaign`;

/** A version as the API shows it. */
export function policyView(policy: PolicyVersion) {
  return {
    version: policy.version,
    url: policy.url,
    effectiveAt: policy.effectiveAt,
    material: policy.material,
    summary: policy.summary,
    publishedAt: policy.publishedAt,
    links: { campaign: campaignPath(policy.version) },
  };
}
