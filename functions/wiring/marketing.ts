// Wiring: marketing mail and its unsubscribe links.
import { config, tableName } from '../../shared/config.js';
import { once } from '../../shared/once.js';
import { DynamoLinkStore } from '../../shared/links/link-store.js';
import { PREFERENCE_LINKS } from '../../shared/preferences/preference-links.js';
import { UNSUBSCRIBE_LINKS, type MarketingMailDeps, type UnsubscribeDeps } from '../../shared/preferences/unsubscribe.js';
import { preferenceLinkKey, subjectHashKey } from '../../shared/secrets.js';
import { now } from './aws.js';
import { mailer } from './mail.js';
import { suppressionList } from './suppressions.js';

const DAY_MS = 24 * 3600 * 1000;

const unsubscribeLinks = /* @__PURE__ */ once(() => new DynamoLinkStore({ tableName: tableName('tokens'), ...UNSUBSCRIBE_LINKS }));

/** The "manage my email preferences" links, issued beside the unsubscribe links. */
export const preferenceLinks = /* @__PURE__ */ once(() => new DynamoLinkStore({ tableName: tableName('tokens'), ...PREFERENCE_LINKS }));

/** What the unsubscribe pages need; they link to the same mail's preferences page. */
export const unsubscribeDeps = /* @__PURE__ */ once(
  (): UnsubscribeDeps => ({ links: unsubscribeLinks(), preferenceLinks: preferenceLinks(), suppressions: suppressionList(), now }),
);

/** What a marketing send needs: the suppression list, unsubscribe links and SES. */
export const marketingMailDeps = /* @__PURE__ */ once(
  (): MarketingMailDeps => ({
    suppressions: suppressionList(),
    links: unsubscribeLinks(),
    hashKey: subjectHashKey,
    publicBaseUrl: config('publicBaseUrl'),
    linkTtlMs: config('unsubscribeLinkDays') * DAY_MS,
    mailer: mailer(),
    preferences: { links: preferenceLinks(), linkKey: preferenceLinkKey },
    now,
  }),
);
