// Wiring: the "manage my email preferences" page: its links, the consent register, the inventory's names, the deletion ledger.
import { config } from '../../shared/config.js';
import { DeletionLedger } from '../../shared/fulfilment/deletion-ledger.js';
import { once } from '../../shared/once.js';
import type { PreferencesPageDeps } from '../../shared/preferences/preferences-page.js';
import { preferenceLinkKey } from '../../shared/secrets.js';
import { now } from './aws.js';
import { consentStore } from './consent-register.js';
import { preferenceLinks } from './marketing.js';
import { systemStore } from './systems.js';

/** What opening the page needs: the link, the register's history, the inventory's purpose names and the ledger. */
export const preferencesPageDeps = /* @__PURE__ */ once(
  (): PreferencesPageDeps => ({
    links: preferenceLinks(),
    linkKey: preferenceLinkKey,
    consents: consentStore(),
    systems: systemStore(),
    erasures: new DeletionLedger(),
    offeredPurposes: config('preferencePurposes'),
    now,
  }),
);
