// Wiring: the consent register's store, apart from consents.ts so that the workflow's steps that
// write to it do not load the filing path and its deadline calendars.
import { tableName } from '../../shared/config.js';
import { once } from '../../shared/once.js';
import { DynamoConsentStore } from '../../shared/preferences/consent-store.js';

/** The consent register's events, under the subject's keyed hash. */
export const consentStore = /* @__PURE__ */ once(() => new DynamoConsentStore(tableName('consents')));
