// Wiring: the consent register.
import { ulid } from 'ulid';
import { tableName } from '../../shared/config.js';
import { once } from '../../shared/once.js';
import { DynamoConsentStore } from '../../shared/preferences/consent-store.js';
import type { ConsentDeps } from '../../shared/preferences/consents.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { now } from './aws.js';
import { suppressionList } from './suppressions.js';

export const consentDeps = /* @__PURE__ */ once(
  (): ConsentDeps => ({
    store: new DynamoConsentStore(tableName('consents')),
    hashKey: subjectHashKey,
    suppressions: suppressionList(),
    newId: () => ulid(),
    now,
  }),
);
