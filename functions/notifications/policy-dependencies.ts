// Wiring for the policy handlers and the campaign workflow's steps: adapters created once per cold start.
import { sharedDocumentClient } from '../../shared/aws/dynamodb.js';
import { once } from '../../shared/once.js';
import { optionalEnv, requireEnv } from '../../shared/config.js';
import { SesBulkMailer } from '../../shared/mail/bulk-mailer.js';
import { DEMO_CONTROLLER } from '../../shared/notices/catalogue.js';
import { DynamoAudience } from '../../shared/notifications/audience.js';
import { MAX_PAGE_SIZE, type CampaignDeps, type CampaignSettings, type FinishDeps } from '../../shared/notifications/campaign.js';
import { CAMPAIGN_STATE_MACHINE_ENV, SfnCampaignStarter } from '../../shared/notifications/campaign-starter.js';
import type { PublishDeps } from '../../shared/notifications/policies.js';
import { PolicyStore } from '../../shared/notifications/policy-store.js';
import { DynamoRecipientMarkers } from '../../shared/notifications/recipient-markers.js';
import { DEFAULT_SEGMENTS, MAX_SEGMENTS } from '../../shared/notifications/model.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { tables } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { ACCOUNT_DIRECTORY_ENV } from '../../shared/verification/account-directory.js';

const now = () => new Date();

const documents = sharedDocumentClient;

/** The policy versions and their campaign records on the configured table. */
export const policyStore = once(() => new PolicyStore(requireEnv(tables.policies.envVar), documents()));

/** Reads a positive number setting, or throws at start-up. */
function positiveSetting(name: string, fallback: string, max = Number.POSITIVE_INFINITY): number {
  const value = Number(optionalEnv(name, fallback));
  if (!(value > 0) || value > max) throw new Error(`The setting ${name} must be a number above 0${Number.isFinite(max) ? ` and at most ${max}` : ''}`);
  return value;
}

/** The campaign's pace: SES_SENDS_PER_SECOND should stay below the account's SES maximum send rate. */
export const campaignSettings = once((): CampaignSettings => ({
  sendsPerSecond: positiveSetting('CAMPAIGN_SENDS_PER_SECOND', '10'),
  pageSize: Math.floor(positiveSetting('CAMPAIGN_PAGE_SIZE', String(MAX_PAGE_SIZE), MAX_PAGE_SIZE)),
}));

export const publishDeps = once((): PublishDeps => ({
  store: policyStore(),
  campaigns: new SfnCampaignStarter(
    requireEnv(CAMPAIGN_STATE_MACHINE_ENV),
    Math.floor(positiveSetting('CAMPAIGN_SEGMENTS', String(DEFAULT_SEGMENTS), MAX_SEGMENTS)),
  ),
  now,
}));

export const campaignDeps = once((): CampaignDeps => ({
  policies: policyStore(),
  audience: new DynamoAudience(requireEnv(ACCOUNT_DIRECTORY_ENV), documents()),
  suppressions: new SuppressionList(requireEnv(tables.suppressions.envVar), subjectHashKey, documents()),
  markers: new DynamoRecipientMarkers(requireEnv(tables.campaignRecipients.envVar), now, documents()),
  mailer: new SesBulkMailer({
    from: requireEnv('SENDER_ADDRESS'),
    ...(process.env.SES_CONFIGURATION_SET ? { configurationSetName: process.env.SES_CONFIGURATION_SET } : {}),
  }),
  hashKey: subjectHashKey,
  controller: DEMO_CONTROLLER,
  settings: campaignSettings(),
  now,
}));

export const finishDeps = once((): FinishDeps => ({ policies: policyStore(), now }));
