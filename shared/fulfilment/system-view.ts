// The API's view of a registered system: everything it said about itself, and never its signing secret.
import { objectionRule } from './objection-scope.js';
import type { StoredSystem } from './system-store.js';

/** Where a system's record lives in the API. */
export const systemPath = (systemId: string): string => `/v1/systems/${systemId}`;

/** Each connector's own fields, named one by one; a webhook shows whether it has a secret and since when, never the secret or its ciphertext. */
function connectorView(system: StoredSystem) {
  const { connector } = system;
  switch (connector.kind) {
    case 'dynamodb':
      return {
        kind: connector.kind,
        table: connector.table,
        keyAttribute: connector.keyAttribute,
        ...(connector.sortKeyAttribute !== undefined ? { sortKeyAttribute: connector.sortKeyAttribute } : {}),
        subjectKey: connector.subjectKey,
      };
    case 's3':
      return { kind: connector.kind, bucket: connector.bucket, prefix: connector.prefix, subjectKey: connector.subjectKey };
    case 'webhook':
      return {
        kind: connector.kind,
        url: connector.url,
        ...(connector.timeoutSeconds !== undefined ? { timeoutSeconds: connector.timeoutSeconds } : {}),
        secretSet: system.sealedSecret !== undefined,
        ...(system.secretIssuedAt ? { secretIssuedAt: system.secretIssuedAt } : {}),
      };
    case 'manual':
      return { kind: connector.kind, instructions: connector.instructions };
  }
}

export function systemView(system: StoredSystem) {
  return {
    systemId: system.systemId,
    name: system.name,
    ...(system.names !== undefined ? { names: system.names } : {}),
    owner: system.owner,
    ...(system.description !== undefined ? { description: system.description } : {}),
    ...(system.descriptions !== undefined ? { descriptions: system.descriptions } : {}),
    categories: system.categories,
    ...(system.categoryNames !== undefined ? { categoryNames: system.categoryNames } : {}),
    connector: connectorView(system),
    actions: system.actions,
    purposes: system.purposes,
    ...(system.purposeNames !== undefined ? { purposeNames: system.purposeNames } : {}),
    objection: objectionRule(system),
    retention: system.retention.map(({ category, keepFor, legalBasis, legalBases, categoryNames }) => ({
      category,
      ...(categoryNames !== undefined ? { categoryNames } : {}),
      keepFor,
      legalBasis,
      ...(legalBases !== undefined ? { legalBases } : {}),
    })),
    sellsOrShares: system.sellsOrShares,
    marketingRecipients: system.marketingRecipients,
    recipients: system.recipients ?? [],
    ...(system.supportCases !== undefined ? { supportCases: { caseAttribute: system.supportCases.caseAttribute } } : {}),
    ...(system.contact !== undefined
      ? { contact: { email: system.contact.email, ...(system.contact.locale !== undefined ? { locale: system.contact.locale } : {}) } }
      : {}),
    createdAt: system.createdAt,
    updatedAt: system.updatedAt,
    links: { self: systemPath(system.systemId) },
  };
}

export type SystemView = ReturnType<typeof systemView>;
