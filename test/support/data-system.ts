// A registered system for tests that need one: a DynamoDB table keyed by account id that can
// export, with no retention rules; `extra` sets whatever the test is about.
import type { DataSystem } from '../../shared/fulfilment/model.js';

export function dataSystem(systemId: string, extra: Partial<DataSystem> = {}): DataSystem {
  return {
    systemId,
    name: `System ${systemId}`,
    owner: 'Platform team',
    categories: ['contact data'],
    connector: { kind: 'dynamodb', table: 't', keyAttribute: 'pk', subjectKey: 'accountId' },
    actions: ['export'],
    purposes: ['service delivery'],
    retention: [],
    sellsOrShares: false,
    marketingRecipients: [],
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...extra,
  };
}
