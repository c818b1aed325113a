// planFulfilment, row by row: every request type against every kind of system the rule tells apart
// (what its connector supports, its retention rules, purposes and sales, its connector), and the
// request's scope.
import { describe, expect, it } from 'vitest';
import { REQUEST_TYPES, type RequestType } from '../../shared/domain/request-model.js';
import type { Connector, DataSystem, RetentionRule, SystemAction, TaskAction } from '../../shared/fulfilment/model.js';
import {
  DEFAULT_WEBHOOK_TIMEOUT_SECONDS,
  MANUAL_TIMEOUT_SECONDS,
  planFulfilment,
  WEBHOOK_HEARTBEAT_SECONDS,
  type PlanInput,
} from '../../shared/fulfilment/plan.js';
import { dataSystem } from '../support/data-system.js';

const REQUEST_ID = '01JPLAN0000000000000000000';
const INVOICES: RetentionRule[] = [{ category: 'invoices', keepFor: 'P10Y', legalBasis: '§ 147 AO, § 257 HGB' }];
const DAY = 24 * 3600;

/** Task ids in the order the plan asks for them. */
function taskIds() {
  let next = 0;
  return () => `task-${++next}`;
}

/** What the plan does with the one system it is given: a task's action, `retained`, or nothing. */
function planFor(type: RequestType, system: DataSystem, scope?: PlanInput['scope']): TaskAction | 'retained' | 'nothing' {
  const plan = planFulfilment({ requestId: REQUEST_ID, type, ...(scope ? { scope } : {}) }, [system], taskIds());
  expect(plan.tasks.length + plan.decided.length).toBeLessThanOrEqual(1);
  if (plan.decided[0]) return plan.decided[0].outcome === 'retained' ? 'retained' : expect.unreachable(`decided ${plan.decided[0].outcome}`);
  return plan.tasks[0]?.action ?? 'nothing';
}

/** For titles: what a system supports, and the purposes a request names. */
const supports = (actions: readonly SystemAction[]) => (actions.length ? actions.join(' + ') : 'no action');
const listed = (purposes: readonly string[] | undefined, none: string) => (purposes === undefined ? none : purposes.join(' + ') || 'an empty list');

const ACTION_SETS: SystemAction[][] = [
  [],
  ['export'],
  ['delete'],
  ['anonymise'],
  ['export', 'delete'],
  ['export', 'anonymise'],
  ['delete', 'anonymise'],
  ['export', 'delete', 'anonymise'],
];

describe('planFulfilment', () => {
  describe('access and portability', () => {
    it.each(
      (['access', 'portability'] as const).flatMap((type) =>
        ACTION_SETS.flatMap((actions) =>
          [[], INVOICES].map((retention) => ({
            type,
            actions,
            retention,
            supports: supports(actions),
            kept: retention.length ? 'with retention rules' : 'with none',
            expected: actions.includes('export') ? 'export' : 'nothing',
          })),
        ),
      ),
    )('$type: a system supporting $supports, $kept, gets $expected', ({ type, actions, retention, expected }) => {
      // Act
      const planned = planFor(type, dataSystem('crm', { actions, retention }));

      // Assess
      expect(planned).toBe(expected);
    });
  });

  describe('deletion', () => {
    const rows: { actions: SystemAction[]; retention: RetentionRule[]; expected: string }[] = [
      // No retention rule: delete where the connector can, else anonymise, else nothing is planned.
      { actions: [], retention: [], expected: 'nothing' },
      { actions: ['export'], retention: [], expected: 'nothing' },
      { actions: ['delete'], retention: [], expected: 'delete' },
      { actions: ['anonymise'], retention: [], expected: 'anonymise' },
      { actions: ['export', 'delete'], retention: [], expected: 'delete' },
      { actions: ['export', 'anonymise'], retention: [], expected: 'anonymise' },
      { actions: ['delete', 'anonymise'], retention: [], expected: 'delete' },
      { actions: ['export', 'delete', 'anonymise'], retention: [], expected: 'delete' },
      // A retention rule in a built-in connector's system: the connector is asked to delete, and counts what the rule keeps.
      { actions: [], retention: INVOICES, expected: 'delete' },
      { actions: ['export'], retention: INVOICES, expected: 'delete' },
      { actions: ['delete'], retention: INVOICES, expected: 'delete' },
      { actions: ['anonymise'], retention: INVOICES, expected: 'delete' },
      { actions: ['export', 'delete'], retention: INVOICES, expected: 'delete' },
      { actions: ['export', 'anonymise'], retention: INVOICES, expected: 'delete' },
      { actions: ['delete', 'anonymise'], retention: INVOICES, expected: 'delete' },
      { actions: ['export', 'delete', 'anonymise'], retention: INVOICES, expected: 'delete' },
    ];

    it.each(rows.map((row) => ({ ...row, supports: supports(row.actions), kept: row.retention.length ? 'with retention rules' : 'with none' })))(
      'a system supporting $supports, $kept, gets $expected',
      ({ actions, retention, expected }) => {
        // Act
        const planned = planFor('deletion', dataSystem('crm', { actions, retention }));

        // Assess
        expect(planned).toBe(expected);
      },
    );

    it.each([
      { note: 'a webhook', connector: { kind: 'webhook', url: 'https://billing.example.com/hook' } },
      { note: 'a manual', connector: { kind: 'manual', instructions: 'By hand.' } },
    ] satisfies { note: string; connector: Connector }[])(
      'settles a retained deletion in $note system without a task or a task id, naming the rules that keep the data',
      ({ connector }) => {
        // Prepare
        const newTaskId = taskIds();

        // Act
        const plan = planFulfilment(
          { requestId: REQUEST_ID, type: 'deletion' },
          [dataSystem('billing', { actions: ['anonymise'], retention: INVOICES, connector })],
          newTaskId,
        );

        // Assess
        expect(plan).toEqual({
          tasks: [],
          decided: [{ systemId: 'billing', action: 'delete', outcome: 'retained', records: 0, retained: INVOICES }],
          exports: false,
        });
        expect(newTaskId()).toBe('task-1');
      },
    );
  });

  describe('consent withdrawal', () => {
    it.each(
      (['consent-withdrawal'] as const).flatMap((type) =>
        [
          // Without purposes named, marketing is what stops.
          { purposes: ['marketing'], scope: undefined, expected: 'stop-processing' },
          { purposes: ['marketing', 'analytics'], scope: undefined, expected: 'stop-processing' },
          { purposes: ['analytics'], scope: undefined, expected: 'nothing' },
          { purposes: [], scope: undefined, expected: 'nothing' },
          { purposes: ['marketing'], scope: { purposes: [] }, expected: 'stop-processing' },
          { purposes: ['marketing'], scope: { systems: ['crm'] }, expected: 'stop-processing' },
          // Named purposes replace marketing.
          { purposes: ['analytics'], scope: { purposes: ['analytics'] }, expected: 'stop-processing' },
          { purposes: ['marketing', 'analytics'], scope: { purposes: ['analytics'] }, expected: 'stop-processing' },
          { purposes: ['marketing'], scope: { purposes: ['analytics'] }, expected: 'nothing' },
          { purposes: ['service delivery'], scope: { purposes: ['analytics', 'profiling'] }, expected: 'nothing' },
          { purposes: ['profiling'], scope: { purposes: ['analytics', 'profiling'] }, expected: 'stop-processing' },
        ].map((row) => ({ type, ...row, system: row.purposes.join(' + ') || 'no purpose', named: listed(row.scope?.purposes, 'no purposes') })),
      ),
    )('$type: a system for $system, the request naming $named, gets $expected', ({ type, purposes, scope, expected }) => {
      // Act
      const planned = planFor(type, dataSystem('crm', { purposes }), scope);

      // Assess
      expect(planned).toBe(expected);
    });
  });

  describe('marketing opt-out', () => {
    it.each(
      [
        { purposes: ['marketing'], scope: undefined, expected: 'stop-processing' },
        { purposes: ['analytics', 'marketing'], scope: undefined, expected: 'stop-processing' },
        { purposes: ['analytics'], scope: undefined, expected: 'nothing' },
        { purposes: [], scope: undefined, expected: 'nothing' },
        // It is about marketing only, whatever purposes the request names.
        { purposes: ['analytics'], scope: { purposes: ['analytics'] }, expected: 'nothing' },
        { purposes: ['marketing'], scope: { purposes: ['analytics'] }, expected: 'stop-processing' },
      ].map((row) => ({ ...row, system: row.purposes.join(' + ') || 'no purpose', named: listed(row.scope?.purposes, 'no purposes') })),
    )('a system for $system, the request naming $named, gets $expected', ({ purposes, scope, expected }) => {
      // Act
      const planned = planFor('marketing-opt-out', dataSystem('crm', { purposes }), scope);

      // Assess
      expect(planned).toBe(expected);
    });
  });

  describe('sale opt-out', () => {
    it.each([
      { sellsOrShares: true, expected: 'opt-out-of-sale' },
      { sellsOrShares: false, expected: 'nothing' },
    ])('a system that sells or shares: $sellsOrShares, gets $expected', ({ sellsOrShares, expected }) => {
      // Act
      const planned = planFor('sale-opt-out', dataSystem('ads', { sellsOrShares }));

      // Assess
      expect(planned).toBe(expected);
    });
  });

  describe('sale opt-in', () => {
    it.each([
      { sellsOrShares: true, expected: 'opt-in-to-sale' },
      { sellsOrShares: false, expected: 'nothing' },
    ])('a system that sells or shares: $sellsOrShares, gets $expected', ({ sellsOrShares, expected }) => {
      // Act
      const planned = planFor('sale-opt-in', dataSystem('ads', { sellsOrShares }));

      // Assess
      expect(planned).toBe(expected);
    });
  });

  describe('the types that ask no connector action, whatever the connector supports or the law keeps', () => {
    const everything = dataSystem('crm', {
      actions: ['export', 'delete', 'anonymise'],
      purposes: ['marketing', 'analytics'],
      retention: INVOICES,
      sellsOrShares: true,
      marketingRecipients: ['Partner GmbH'],
    });
    const nothing = dataSystem('crm', { actions: [], purposes: ['marketing'], retention: INVOICES, sellsOrShares: true });

    it.each([
      { type: 'objection', system: nothing, expected: 'stop-processing' },
      { type: 'consent-withdrawal', system: nothing, expected: 'stop-processing' },
      { type: 'marketing-opt-out', system: nothing, expected: 'stop-processing' },
      { type: 'sale-opt-out', system: nothing, expected: 'opt-out-of-sale' },
      { type: 'sale-opt-in', system: nothing, expected: 'opt-in-to-sale' },
      { type: 'third-party-disclosure', system: everything, expected: 'nothing' },
      { type: 'third-party-disclosure', system: nothing, expected: 'nothing' },
    ] satisfies { type: RequestType; system: DataSystem; expected: string }[])(
      '$type in a system supporting $system.actions, keeping invoices, gets $expected',
      ({ type, system, expected }) => {
        // Act
        const planned = planFor(type, system);

        // Assess
        expect(planned).toBe(expected);
      },
    );
  });

  describe('exports', () => {
    it.each(REQUEST_TYPES.map((type) => ({ type, exports: type === 'access' || type === 'portability' })))('is $exports for $type', ({ type, exports }) => {
      // Act
      const plan = planFulfilment({ requestId: REQUEST_ID, type }, [], taskIds());

      // Assess
      expect(plan).toEqual({ tasks: [], decided: [], exports });
    });
  });

  describe('time limits', () => {
    it.each([
      {
        note: 'DynamoDB',
        connector: { kind: 'dynamodb', table: 't', keyAttribute: 'pk', subjectKey: 'accountId' },
        timeoutSeconds: 900,
        heartbeatSeconds: 900,
      },
      { note: 'S3', connector: { kind: 's3', bucket: 'b', prefix: 'p/{accountId}/', subjectKey: 'accountId' }, timeoutSeconds: 900, heartbeatSeconds: 900 },
      {
        note: 'manual',
        connector: { kind: 'manual', instructions: 'By hand.' },
        timeoutSeconds: MANUAL_TIMEOUT_SECONDS,
        heartbeatSeconds: MANUAL_TIMEOUT_SECONDS,
      },
      {
        note: 'webhook',
        connector: { kind: 'webhook', url: 'https://crm.example.com/hook' },
        timeoutSeconds: DEFAULT_WEBHOOK_TIMEOUT_SECONDS,
        heartbeatSeconds: WEBHOOK_HEARTBEAT_SECONDS,
      },
      {
        note: 'webhook allowing an hour',
        connector: { kind: 'webhook', url: 'https://crm.example.com/hook', timeoutSeconds: 3600 },
        timeoutSeconds: 3600,
        heartbeatSeconds: 3600,
      },
      {
        note: 'webhook allowing a day',
        connector: { kind: 'webhook', url: 'https://crm.example.com/hook', timeoutSeconds: DAY },
        timeoutSeconds: DAY,
        heartbeatSeconds: DAY,
      },
      {
        note: 'webhook allowing a week',
        connector: { kind: 'webhook', url: 'https://crm.example.com/hook', timeoutSeconds: 7 * DAY },
        timeoutSeconds: 7 * DAY,
        heartbeatSeconds: WEBHOOK_HEARTBEAT_SECONDS,
      },
    ] satisfies { note: string; connector: Connector; timeoutSeconds: number; heartbeatSeconds: number }[])(
      'gives a $note task $timeoutSeconds s to finish and $heartbeatSeconds s between signs of work',
      ({ connector, timeoutSeconds, heartbeatSeconds }) => {
        // Act
        const plan = planFulfilment({ requestId: REQUEST_ID, type: 'access' }, [dataSystem('crm', { connector })], taskIds());

        // Assess
        expect(plan.tasks).toEqual([
          { taskId: 'task-1', requestId: REQUEST_ID, systemId: 'crm', action: 'export', connector: connector.kind, timeoutSeconds, heartbeatSeconds },
        ]);
      },
    );
  });

  describe('scope and order', () => {
    const inventory = [
      dataSystem('tracker', { actions: ['delete'] }),
      dataSystem('invoices', { actions: [], retention: INVOICES, connector: { kind: 'manual', instructions: 'By hand.' } }),
      dataSystem('billing', { actions: ['delete'], retention: INVOICES }),
      dataSystem('crm', { actions: ['anonymise'] }),
      dataSystem('archive', { actions: ['export'] }),
      dataSystem('ads', { actions: ['delete'] }),
    ];
    const planned = (scope?: PlanInput['scope']) => {
      const plan = planFulfilment({ requestId: REQUEST_ID, type: 'deletion', ...(scope ? { scope } : {}) }, inventory, taskIds());
      return {
        tasks: plan.tasks.map((task) => `${task.taskId} ${task.systemId} ${task.action}`),
        decided: plan.decided.map((outcome) => `${outcome.systemId} ${outcome.outcome}`),
      };
    };

    it.each([
      {
        note: 'no scope',
        scope: undefined,
        tasks: ['task-1 ads delete', 'task-2 billing delete', 'task-3 crm anonymise', 'task-4 tracker delete'],
        decided: ['invoices retained'],
      },
      {
        note: 'an empty list of systems',
        scope: { systems: [] },
        tasks: ['task-1 ads delete', 'task-2 billing delete', 'task-3 crm anonymise', 'task-4 tracker delete'],
        decided: ['invoices retained'],
      },
      {
        note: 'purposes only',
        scope: { purposes: ['analytics'] },
        tasks: ['task-1 ads delete', 'task-2 billing delete', 'task-3 crm anonymise', 'task-4 tracker delete'],
        decided: ['invoices retained'],
      },
      { note: 'the systems named', scope: { systems: ['tracker', 'billing'] }, tasks: ['task-1 billing delete', 'task-2 tracker delete'], decided: [] },
      { note: 'a system settled without a task named', scope: { systems: ['invoices'] }, tasks: [], decided: ['invoices retained'] },
      { note: 'one system named', scope: { systems: ['crm'] }, tasks: ['task-1 crm anonymise'], decided: [] },
      { note: 'a system not in the inventory', scope: { systems: ['ghost'] }, tasks: [], decided: [] },
      { note: 'an id differing in case', scope: { systems: ['CRM'] }, tasks: [], decided: [] },
    ])('plans every system in scope in id order, one task id each, given $note', ({ scope, tasks, decided }) => {
      // Act
      const plan = planned(scope);

      // Assess
      expect(plan).toEqual({ tasks, decided });
    });
  });
});
