// Wiring for marketing mail, unsubscribe links and SES events: adapters created once per cold start.
import { optionalEnv, requireEnv } from '../../shared/config.js';
import { SesMailer } from '../../shared/mail/ses-mailer.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { DynamoLinkStore } from '../../shared/links/link-store.js';
import { UNSUBSCRIBE_LINKS, type MarketingMailDeps, type UnsubscribeDeps } from '../../shared/preferences/unsubscribe.js';
import { tables } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';

const DAY_MS = 24 * 3600 * 1000;

let suppressions: SuppressionList | undefined;

/** The suppression list on the configured table. */
export function suppressionList(): SuppressionList {
  suppressions ??= new SuppressionList(requireEnv(tables.suppressions.envVar), subjectHashKey);
  return suppressions;
}

let links: DynamoLinkStore<'unsubscribe'> | undefined;

function unsubscribeLinks(): DynamoLinkStore<'unsubscribe'> {
  links ??= new DynamoLinkStore({ tableName: requireEnv(tables.tokens.envVar), ...UNSUBSCRIBE_LINKS });
  return links;
}

/** What the unsubscribe pages need. */
export function unsubscribeDeps(): UnsubscribeDeps {
  return { links: unsubscribeLinks(), suppressions: suppressionList(), now: () => new Date() };
}

let marketing: MarketingMailDeps | undefined;

/** What a marketing send needs: the suppression list, unsubscribe links and SES (with the configuration set that reports bounces). */
export function marketingMailDeps(): MarketingMailDeps {
  marketing ??= {
    suppressions: suppressionList(),
    links: unsubscribeLinks(),
    hashKey: subjectHashKey,
    publicBaseUrl: requireEnv('PUBLIC_BASE_URL'),
    linkTtlMs: Number(optionalEnv('UNSUBSCRIBE_LINK_DAYS', '365')) * DAY_MS,
    mailer: new SesMailer({
      from: requireEnv('SENDER_ADDRESS'),
      ...(process.env.SES_CONFIGURATION_SET ? { configurationSetName: process.env.SES_CONFIGURATION_SET } : {}),
    }),
    now: () => new Date(),
  };
  return marketing;
}
