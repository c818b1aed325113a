// Wiring for the consent handlers: adapters created once per cold start, from configuration.
import { ulid } from 'ulid';
import { requireEnv } from '../../shared/config.js';
import { DynamoConsentStore } from '../../shared/preferences/consent-store.js';
import type { ConsentDeps } from '../../shared/preferences/consents.js';
import { SuppressionList } from '../../shared/preferences/suppression-list.js';
import { tables } from '../../shared/resources.js';
import { subjectHashKey } from '../../shared/secrets.js';

let deps: ConsentDeps | undefined;

export function consentDeps(): ConsentDeps {
  deps ??= {
    store: new DynamoConsentStore(requireEnv(tables.consents.envVar)),
    hashKey: subjectHashKey,
    suppressions: new SuppressionList(requireEnv(tables.suppressions.envVar), subjectHashKey),
    newId: () => ulid(),
    now: () => new Date(),
  };
  return deps;
}
