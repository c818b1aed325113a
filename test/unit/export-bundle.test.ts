import { describe, expect, it } from 'vitest';
import { bundleKey, ExportBundleError, planBundle } from '../../shared/fulfilment/export-bundle.js';
import type { SystemOutcome } from '../../shared/fulfilment/model.js';
import { dataSystem as system } from '../support/data-system.js';

const outcome = (systemId: string, extra: Partial<SystemOutcome>): SystemOutcome => ({ systemId, action: 'export', outcome: 'done', records: 0, ...extra });

describe('planBundle', () => {
  it('sorts export outcomes into exported, not found and failed, and skips other actions', () => {
    // Prepare
    const systems = ['crm', 'chat', 'billing', 'tracker', 'ads'].map((id) => system(id));
    const outcomes = [
      outcome('crm', { records: 2, partKey: 'exports/r/parts/crm.jsonl' }),
      outcome('chat', { outcome: 'not-found' }),
      outcome('billing', { outcome: 'failed', error: 'timeout' }),
      outcome('tracker', { records: 3 }),
      outcome('ads', { action: 'delete', records: 1 }),
    ];

    // Act
    const plan = planBundle(systems, outcomes);

    // Assess
    expect(plan.map((p) => [p.system.systemId, p.result, p.partKey])).toEqual([
      ['crm', 'exported', 'exports/r/parts/crm.jsonl'],
      ['chat', 'not-found', undefined],
      ['billing', 'failed', undefined],
      ['tracker', 'failed', undefined],
    ]);
  });

  it.each([
    { note: 'a system id that is a path', outcomes: [outcome('../etc', {})], message: 'cannot name a file' },
    { note: 'a system id that is a reserved name', outcomes: [outcome('manifest', {})], message: 'cannot name a file' },
    { note: 'two outcomes whose files would collide', outcomes: [outcome('crm', {}), outcome('CRM', {})], message: 'Two export outcomes' },
    { note: 'a system the inventory lacks', outcomes: [outcome('ghost', {})], message: 'not in the inventory' },
  ])('refuses $note', ({ outcomes, message }) => {
    expect(() => planBundle([system('crm'), system('CRM')], outcomes)).toThrow(message);
  });

  it('refuses a request id that would leave the exports prefix', () => {
    expect(() => bundleKey('../other')).toThrow(ExportBundleError);
    expect(bundleKey('01JEXPORT00000000000000000')).toBe('exports/01JEXPORT00000000000000000/bundle.zip');
  });
});
