// Wiring: policy versions, and the steps of the policy-change notice campaign.
import { config, tableName } from '../../shared/config.js';
import { DynamoAudience } from '../../shared/notifications/audience.js';
import type { CampaignDeps, CampaignSettings, FinishDeps } from '../../shared/notifications/campaign.js';
import { SfnCampaignStarter } from '../../shared/notifications/campaign-starter.js';
import type { PublishDeps } from '../../shared/notifications/policies.js';
import { PolicyStore } from '../../shared/notifications/policy-store.js';
import { DynamoRecipientMarkers } from '../../shared/notifications/recipient-markers.js';
import { once } from '../../shared/once.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { now } from './aws.js';
import { bulkMailer, controller } from './mail.js';
import { suppressionList } from './suppressions.js';

/** The policy versions and their campaign records. */
export const policyStore = /* @__PURE__ */ once(() => new PolicyStore(tableName('policies')));

/** The campaign's pace: CAMPAIGN_SENDS_PER_SECOND should stay below the account's SES maximum send rate. */
export const campaignSettings = /* @__PURE__ */ once(
  (): CampaignSettings => ({
    sendsPerSecond: config('campaignSendsPerSecond'),
    pageSize: config('campaignPageSize'),
  }),
);

export const publishDeps = /* @__PURE__ */ once(
  (): PublishDeps => ({
    store: policyStore(),
    campaigns: new SfnCampaignStarter(config('campaignStateMachineArn'), config('campaignSegments')),
    now,
  }),
);

export const campaignDeps = /* @__PURE__ */ once(
  (): CampaignDeps => ({
    policies: policyStore(),
    audience: new DynamoAudience(config('accountDirectoryTable')),
    suppressions: suppressionList(),
    markers: new DynamoRecipientMarkers(tableName('campaignRecipients'), now),
    mailer: bulkMailer(),
    hashKey: subjectHashKey,
    controller: controller(),
    settings: campaignSettings(),
    now,
  }),
);

export const finishCampaignDeps = /* @__PURE__ */ once((): FinishDeps => ({ policies: policyStore(), now }));
