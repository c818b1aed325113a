// Wiring: the suppression list, which marketing, campaigns, consents and finishing requests share.
import { tableName } from '../../shared/config.js';
import { once } from '../../shared/once.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { subjectHashKey } from '../../shared/secrets.js';

/** Subjects (a keyed hash) that get no marketing mail, and why. */
export const suppressionList = /* @__PURE__ */ once(() => new SuppressionList(tableName('suppressions'), subjectHashKey));
