// Wiring: marketing mail and its unsubscribe links.
import { config, tableName } from '../../shared/config.js';
import { once } from '../../shared/once.js';
import { DynamoLinkStore } from '../../shared/links/link-store.js';
import { UNSUBSCRIBE_LINKS, type MarketingMailDeps, type UnsubscribeDeps } from '../../shared/preferences/unsubscribe.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { now } from './aws.js';
import { mailer } from './mail.js';
import { suppressionList } from './suppressions.js';

const DAY_MS = 24 * 3600 * 1000;

const unsubscribeLinks = /* @__PURE__ */ once(() => new DynamoLinkStore({ tableName: tableName('tokens'), ...UNSUBSCRIBE_LINKS }));

/** What the unsubscribe pages need. */
export const unsubscribeDeps = /* @__PURE__ */ once((): UnsubscribeDeps => ({ links: unsubscribeLinks(), suppressions: suppressionList(), now }));

/** What a marketing send needs: the suppression list, unsubscribe links and SES. */
export const marketingMailDeps = /* @__PURE__ */ once(
  (): MarketingMailDeps => ({
    suppressions: suppressionList(),
    links: unsubscribeLinks(),
    hashKey: subjectHashKey,
    publicBaseUrl: config('publicBaseUrl'),
    linkTtlMs: config('unsubscribeLinkDays') * DAY_MS,
    mailer: mailer(),
    now,
  }),
);
