// resolveObjection and the objection plan, row by row: which systems an objection's scope reaches,
// what each does there by the rule it declares, and which scopes are refused.
import { describe, expect, it } from 'vitest';
import type { DataSystem, RetentionRule } from '../../shared/fulfilment/model.js';
import { isScopeProblem, objectionRule, resolveObjection, type ObjectionScope } from '../../shared/fulfilment/objection-scope.js';
import { planFulfilment } from '../../shared/fulfilment/plan.js';
import { UnprocessableError } from '../../shared/errors.js';
import { dataSystem } from '../support/data-system.js';

const INVOICES: RetentionRule[] = [{ category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO' }];

/** An inventory shaped like the demo company's: each effect, a system serving two purposes, one that predates the rule. */
const inventory: DataSystem[] = [
  dataSystem('billing', {
    actions: ['export', 'delete'],
    purposes: ['contract', 'legal-obligation'],
    retention: INVOICES,
    objection: { effect: 'not-applicable', reason: 'tax law' },
  }),
  dataSystem('crm', { actions: ['export', 'delete'], purposes: ['contract'], objection: { effect: 'not-applicable', reason: 'the contract' } }),
  dataSystem('chat', { actions: ['export', 'delete'], purposes: ['support'], objection: { effect: 'delete' } }),
  dataSystem('tickets', { actions: ['export', 'anonymise'], purposes: ['support'], objection: { effect: 'delete' } }),
  dataSystem('newsletter', { actions: ['export', 'delete'], purposes: ['marketing'], objection: { effect: 'stop' } }),
  dataSystem('analytics', { actions: ['export', 'delete'], purposes: ['analytics', 'marketing'], objection: { effect: 'stop' } }),
  dataSystem('legacy-ads', { actions: ['delete'], purposes: ['profiling'] }),
];

/** What the objection reaches, as "system effect" in id order, plus whether it is one to direct marketing. */
function reach(scope: ObjectionScope | undefined, systems: readonly DataSystem[] = inventory) {
  const result = resolveObjection(scope, systems);
  if (isScopeProblem(result)) return expect.unreachable(`refused: ${JSON.stringify(result.problems)}`);
  return { targets: result.targets.map((t) => `${t.systemId} ${t.rule.effect}`), marketing: result.marketing, purposes: result.purposes };
}

describe('resolveObjection', () => {
  it.each([
    {
      note: 'no scope: an objection to direct marketing, in every system serving it',
      scope: undefined,
      targets: ['analytics stop', 'newsletter stop'],
      marketing: true,
      purposes: ['marketing'],
    },
    {
      note: 'a system only: that system, for every purpose it serves (the issue: live-chat deleted, nothing else)',
      scope: { systems: ['chat'] },
      targets: ['chat delete'],
      marketing: false,
      purposes: ['support'],
    },
    {
      note: 'a purpose only: every system serving it',
      scope: { purposes: ['support'] },
      targets: ['chat delete', 'tickets delete'],
      marketing: false,
      purposes: ['support'],
    },
    {
      note: 'a system and a purpose it serves: that system only',
      scope: { systems: ['tickets'], purposes: ['support'] },
      targets: ['tickets delete'],
      marketing: false,
      purposes: ['support'],
    },
    {
      note: 'a marketing system named: direct marketing, stopped everywhere (Art. 21(3))',
      scope: { systems: ['newsletter'] },
      targets: ['analytics stop', 'newsletter stop'],
      marketing: true,
      purposes: ['marketing'],
    },
    {
      note: 'marketing named with another system: that system too, and every marketing system',
      scope: { systems: ['chat', 'newsletter'], purposes: ['support', 'marketing'] },
      targets: ['analytics stop', 'chat delete', 'newsletter stop'],
      marketing: true,
      purposes: ['support', 'marketing'],
    },
    {
      note: 'analytics only: the system serving it, no suppression though it serves marketing too',
      scope: { purposes: ['analytics'] },
      targets: ['analytics stop'],
      marketing: false,
      purposes: ['analytics'],
    },
    {
      note: 'a system where it does not apply beside one where it does: both, the first to be told why',
      scope: { systems: ['billing', 'chat'] },
      targets: ['billing not-applicable', 'chat delete'],
      marketing: false,
      purposes: ['contract', 'legal-obligation', 'support'],
    },
    {
      note: 'a system registered before the rule: it stops processing',
      scope: { purposes: ['profiling'] },
      targets: ['legacy-ads stop'],
      marketing: false,
      purposes: ['profiling'],
    },
    {
      note: 'a purpose named twice: once',
      scope: { purposes: ['support', 'support'] },
      targets: ['chat delete', 'tickets delete'],
      marketing: false,
      purposes: ['support'],
    },
  ])('reaches, for $note', ({ scope, targets, marketing, purposes }) => {
    // Act
    const result = reach(scope);

    // Assess
    expect(result).toEqual({ targets, marketing, purposes });
  });

  it('reaches no system but still counts as a direct-marketing objection when no system serves marketing', () => {
    // Act
    const result = reach(undefined, [inventory[0]!, inventory[2]!]);

    // Assess
    expect(result).toEqual({ targets: [], marketing: true, purposes: ['marketing'] });
  });

  it('stops direct marketing in a marketing system that claims an objection does not apply there', () => {
    // Prepare
    const claims = dataSystem('mailer', { purposes: ['marketing'], objection: { effect: 'not-applicable', reason: 'none' } });

    // Act
    const result = reach({ purposes: ['marketing'] }, [claims]);

    // Assess
    expect(result.targets).toEqual(['mailer stop']);
  });

  it.each([
    {
      note: 'an unknown system',
      scope: { systems: ['chat', 'fax'] },
      problems: [{ path: 'scope.systems[1]', message: 'is not a system in the data inventory' }],
    },
    {
      note: 'an unknown purpose',
      scope: { purposes: ['astrology'] },
      problems: [{ path: 'scope.purposes[0]', message: 'is a purpose no system serves' }],
    },
    {
      note: 'a system id in another case',
      scope: { systems: ['CHAT'] },
      problems: [{ path: 'scope.systems[0]', message: 'is not a system in the data inventory' }],
    },
    {
      note: 'a named system serving none of the named purposes',
      scope: { systems: ['chat'], purposes: ['analytics'] },
      problems: [{ path: 'scope.systems[0]', message: '"chat" serves none of the purposes named (it serves support)' }],
    },
    {
      note: 'only systems where it does not apply',
      scope: { purposes: ['contract'] },
      problems: [{ path: 'scope', message: 'reaches only systems where an objection does not apply: billing (tax law); crm (the contract)' }],
    },
    {
      note: 'a system where it does not apply, named alone',
      scope: { systems: ['billing'] },
      problems: [{ path: 'scope', message: 'reaches only systems where an objection does not apply: billing (tax law)' }],
    },
  ])('refuses $note, naming what the inventory knows', ({ scope, problems }) => {
    // Act
    const result = resolveObjection(scope, inventory);

    // Assess
    expect(result).toEqual({
      problems,
      knownSystems: ['analytics', 'billing', 'chat', 'crm', 'legacy-ads', 'newsletter', 'tickets'],
      knownPurposes: ['analytics', 'contract', 'legal-obligation', 'marketing', 'profiling', 'support'],
    });
  });

  it('refuses a scope that reaches no system in an inventory serving none of its purposes', () => {
    // Prepare
    const systems = [dataSystem('crm', { purposes: ['contract'], objection: { effect: 'stop' } }), dataSystem('ads', { purposes: [] })];

    // Act
    const result = resolveObjection({ systems: ['ads'], purposes: ['contract'] }, systems);

    // Assess
    expect(isScopeProblem(result) && result.problems).toEqual([
      { path: 'scope.systems[0]', message: '"ads" serves none of the purposes named (it serves no purpose)' },
    ]);
  });

  it('knows direct marketing as a purpose in an empty inventory, and no system', () => {
    // Act
    const result = resolveObjection({ systems: ['crm'] }, []);

    // Assess
    expect(result).toMatchObject({ knownSystems: [], knownPurposes: ['marketing'] });
  });

  it('reads a system without a declared rule as one that stops processing', () => {
    // Act
    const rule = objectionRule(dataSystem('crm'));

    // Assess
    expect(rule).toEqual({ effect: 'stop' });
  });
});

describe('planFulfilment for an objection', () => {
  const ids = () => {
    let next = 0;
    return () => `task-${++next}`;
  };

  it('plans each system by its rule: delete (or anonymise where that is all it can), stop, and a not-applicable outcome with the reason', () => {
    // Act
    const plan = planFulfilment({ requestId: 'r1', type: 'objection', scope: { systems: ['billing', 'chat', 'tickets', 'newsletter'] } }, inventory, ids());

    // Assess
    expect(plan.tasks.map((t) => `${t.taskId} ${t.systemId} ${t.action}`)).toEqual([
      'task-1 analytics stop-processing',
      'task-2 chat delete',
      'task-3 newsletter stop-processing',
      'task-4 tickets anonymise',
    ]);
    expect(plan.decided).toEqual([{ systemId: 'billing', action: 'stop-processing', outcome: 'not-applicable', records: 0, reason: 'tax law' }]);
  });

  it('refuses to plan an objection the inventory no longer carries, so an operator decides', () => {
    // Prepare
    const shrunk = inventory.filter((s) => s.systemId !== 'chat');

    // Act
    const plan = () => planFulfilment({ requestId: 'r1', type: 'objection', scope: { systems: ['chat'] } }, shrunk, ids());

    // Assess
    expect(plan).toThrow(UnprocessableError);
  });
});
