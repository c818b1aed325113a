// Wiring: the consent register, and the one filing path its changes take to become requests.
import { ulid } from 'ulid';
import { once } from '../../shared/once.js';
import type { ConsentDeps, RequestFiler } from '../../shared/preferences/consents.js';
import { fileRequest } from '../../shared/requests/file-request.js';
import { subjectHashKey } from '../../shared/secrets.js';
import { now } from './aws.js';
import { consentStore } from './consent-register.js';
import { afterFiled, filingDeps } from './filing.js';
import { suppressionList } from './suppressions.js';
import { systemStore } from './systems.js';

/** Files as the company's own systems do (POST /v1/requests): intake, then the confirmation mail or fulfilment at once. */
const requestFiler: RequestFiler = {
  async file({ type, jurisdiction, purposes, email, locale, channel }) {
    const outcome = await fileRequest(
      { type, jurisdiction, subject: { email, ...(locale ? { locale } : {}) }, channel, ...(purposes ? { scope: { purposes } } : {}) },
      { ...filingDeps({ kind: 'system', id: 'consent-register' }), inventory: systemStore() },
    );
    const request = outcome.duplicateOf ? outcome.request : await afterFiled(outcome.request);
    return { id: request.id, type, status: request.status, joined: Boolean(outcome.duplicateOf) };
  },
};

export const consentDeps = /* @__PURE__ */ once(
  (): ConsentDeps => ({
    store: consentStore(),
    hashKey: subjectHashKey,
    suppressions: suppressionList(),
    systems: systemStore(),
    requests: requestFiler,
    newId: () => ulid(),
    now,
  }),
);
