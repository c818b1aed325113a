// The console's policy versions: each version published (material or not, its languages, whether it
// is in force), and for a material one its notice campaign as a bar, from the same campaignStatus
// GET /v1/policies/{version}/campaign answers with. The campaign counts those it reached; how many it
// will reach is known exactly only once it has gone through the whole directory, so while it runs the
// bar measures against the directory's size as DynamoDB last counted it, said to be an estimate, and
// without that count it says "running" rather than guess a share.
import type { Locale } from '../domain/request-model.js';
import type { PolicyVersion } from '../notifications/model.js';
import { campaignStatus, type CampaignStatus, type PolicyReader } from '../notifications/policies.js';

export interface CampaignBar {
  status: CampaignStatus;
  /** Everyone reached so far: sent + suppressed + failed (the API's `total`). */
  reached: number;
  /** The campaign went through the whole audience: the bar is full. */
  finished: boolean;
  /** Still going (running, or paused at the quota): the page's script keeps asking. */
  live: boolean;
  /**
   * While it runs: the directory's size as DynamoDB last counted it (refreshed about every six hours),
   * never below those reached; absent when the count is not known (the bar is then indeterminate).
   */
  estimate?: number;
  /** The figures as a sentence, for the bar's label and for a page without script. */
  summary: string;
  /** When paused at the SES 24-hour sending quota: that, and when it resumes by itself. */
  paused?: string;
}

export interface PolicyRow {
  version: string;
  url: string;
  effectiveAt: string;
  publishedAt: string;
  material: boolean;
  languages: Locale[];
  /** The version in force now. */
  inForce: boolean;
  campaign?: CampaignBar;
}

const STATE_TEXT: Record<CampaignStatus['state'], string> = {
  'not-needed': 'no campaign: the change is not material',
  running: 'running',
  paused: 'paused',
  completed: 'completed',
  failed: 'failed: an operator must look at its workflow',
};

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The bar of a campaign's status: how full, whether it still moves, and its figures in words. */
export function campaignBar(status: CampaignStatus, directorySize?: number): CampaignBar {
  const reached = status.sent + status.suppressed + status.failed;
  const live = status.state === 'running' || status.state === 'paused';
  const estimate = live && directorySize !== undefined && directorySize > 0 ? Math.max(directorySize, reached) : undefined;
  const of =
    status.state === 'completed'
      ? `of ${reached}, everyone it had to reach`
      : estimate !== undefined
        ? `of ${reached} reached so far, of about ${estimate} accounts in the directory (DynamoDB's count, refreshed about every six hours)`
        : live
          ? `of ${reached} reached so far`
          : `of ${reached} reached`;
  return {
    status,
    reached,
    finished: status.state === 'completed',
    live,
    ...(estimate !== undefined ? { estimate } : {}),
    summary: `${status.sent} sent, ${status.suppressed} suppressed, ${status.failed} failed ${of}; ${STATE_TEXT[status.state]}.`,
    ...(status.state === 'paused' && status.pausedUntil
      ? { paused: `Paused at the SES 24-hour sending quota: it resumes by itself at ${minute(status.pausedUntil)}.` }
      : {}),
  };
}

/** Every published version, latest taking effect first, with its campaign's bar when it is material. */
export async function policyVersions(
  store: PolicyReader & { list(): Promise<PolicyVersion[]> },
  now: Date,
  directorySize: () => Promise<number | undefined> = async () => undefined,
): Promise<PolicyRow[]> {
  const [versions, inForce, size] = await Promise.all([store.list(), store.inForceAt(now), directorySize()]);
  return Promise.all(
    versions.map(async (policy): Promise<PolicyRow> => {
      const campaign = policy.material ? campaignBar(await campaignStatus(store, policy.version, now), size) : undefined;
      return {
        version: policy.version,
        url: policy.url,
        effectiveAt: policy.effectiveAt,
        publishedAt: policy.publishedAt,
        material: policy.material,
        languages: (Object.keys(policy.summary) as Locale[]).sort(),
        inForce: inForce?.version === policy.version,
        ...(campaign ? { campaign } : {}),
      };
    }),
  );
}

/** One campaign's bar, for the page's script to move: NotFoundError for a version that does not exist. */
export async function campaignProgress(
  store: PolicyReader,
  version: string,
  now: Date,
  directorySize: () => Promise<number | undefined> = async () => undefined,
): Promise<CampaignBar> {
  const [status, size] = await Promise.all([campaignStatus(store, version, now), directorySize()]);
  return campaignBar(status, size);
}
