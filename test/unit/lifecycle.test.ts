// The allowed moves below are written out by hand, not read from TRANSITIONS, so a change to the
// map shows up here as a failing row.
import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, FINAL_STATUSES, isFinal, OPEN_STATUSES, TRANSITIONS } from '../../shared/domain/lifecycle.js';
import { REQUEST_STATUSES, type RequestStatus } from '../../shared/domain/request-model.js';
import { ConflictError, DomainError, TransitionError } from '../../shared/errors.js';

const ALLOWED: ReadonlyArray<readonly [RequestStatus, RequestStatus]> = [
  ['received', 'awaiting-verification'],
  ['received', 'verified'],
  ['received', 'denied'],
  ['received', 'cancelled'],
  ['received', 'failed'],
  ['awaiting-verification', 'verified'],
  ['awaiting-verification', 'expired'],
  ['awaiting-verification', 'denied'],
  ['awaiting-verification', 'cancelled'],
  ['awaiting-verification', 'failed'],
  ['verified', 'in-progress'],
  ['verified', 'denied'],
  ['verified', 'cancelled'],
  ['verified', 'failed'],
  ['in-progress', 'completed'],
  ['in-progress', 'partially-completed'],
  ['in-progress', 'denied'],
  ['in-progress', 'cancelled'],
  ['in-progress', 'failed'],
  ['failed', 'verified'],
  ['failed', 'denied'],
  ['failed', 'cancelled'],
];

const EXPECTED_FINAL: readonly RequestStatus[] = ['completed', 'partially-completed', 'denied', 'cancelled', 'expired'];
const EXPECTED_OPEN: readonly RequestStatus[] = ['received', 'awaiting-verification', 'verified', 'in-progress', 'failed'];

const isAllowed = (from: RequestStatus, to: RequestStatus) => ALLOWED.some(([f, t]) => f === from && t === to);

const ALL_PAIRS = REQUEST_STATUSES.flatMap((from) => REQUEST_STATUSES.map((to) => ({ from, to })));
const allowedPairs = ALL_PAIRS.filter(({ from, to }) => isAllowed(from, to));
const forbiddenPairs = ALL_PAIRS.filter(({ from, to }) => !isAllowed(from, to));

describe('the request lifecycle', () => {
  it('covers every pair of statuses: 22 allowed and 78 forbidden moves', () => {
    // Prepare: the tables above

    // Act
    const counts = { all: ALL_PAIRS.length, allowed: allowedPairs.length, forbidden: forbiddenPairs.length };

    // Assess
    expect(REQUEST_STATUSES).toHaveLength(10);
    expect(counts).toEqual({ all: 100, allowed: 22, forbidden: 78 });
  });

  it('has a transition entry for exactly the statuses of the request model', () => {
    // Prepare
    const expected = [...REQUEST_STATUSES].sort();

    // Act
    const keys = Object.keys(TRANSITIONS).sort();

    // Assess
    expect(keys).toEqual(expected);
  });

  it.each(allowedPairs)('allows $from -> $to', ({ from, to }) => {
    // Prepare: the pair is the row

    // Act
    const act = () => assertTransition(from, to);

    // Assess
    expect(act).not.toThrow();
    expect(canTransition(from, to)).toBe(true);
  });

  it.each(forbiddenPairs)('refuses $from -> $to with a TransitionError', ({ from, to }) => {
    // Prepare: the pair is the row
    let thrown: unknown;

    // Act
    try {
      assertTransition(from, to);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(TransitionError);
    expect(thrown).toBeInstanceOf(ConflictError);
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ from, to, kind: 'conflict', name: 'TransitionError' });
    expect((thrown as Error).message).toBe(`A request in status ${from} cannot move to ${to}.`);
    expect(canTransition(from, to)).toBe(false);
  });

  it.each(REQUEST_STATUSES.map((status) => ({ status })))('does not let $status move to itself', ({ status }) => {
    // Prepare: the status is the row

    // Act
    const act = () => assertTransition(status, status);

    // Assess
    expect(act).toThrow(TransitionError);
  });

  it.each(EXPECTED_FINAL.map((status) => ({ status })))('gives the final status $status no way out', ({ status }) => {
    // Prepare
    const refused = REQUEST_STATUSES.filter((to) => !canTransition(status, to));

    // Act
    const isFinalStatus = isFinal(status);

    // Assess
    expect(isFinalStatus).toBe(true);
    expect(TRANSITIONS[status]).toEqual([]);
    expect(refused).toEqual([...REQUEST_STATUSES]);
    for (const to of REQUEST_STATUSES) expect(() => assertTransition(status, to)).toThrow(TransitionError);
  });

  it.each(EXPECTED_OPEN.map((status) => ({ status })))('treats $status as open, with a way on', ({ status }) => {
    // Prepare
    const expectedTargets = ALLOWED.filter(([from]) => from === status).map(([, to]) => to);

    // Act
    const isFinalStatus = isFinal(status);

    // Assess
    expect(isFinalStatus).toBe(false);
    expect([...TRANSITIONS[status]].sort()).toEqual([...expectedTargets].sort());
  });

  it('lists exactly the final statuses in FINAL_STATUSES and the others in OPEN_STATUSES', () => {
    // Prepare
    const expectedFinal = [...EXPECTED_FINAL].sort();
    const expectedOpen = [...EXPECTED_OPEN].sort();

    // Act
    const final = [...FINAL_STATUSES].sort();
    const open = [...OPEN_STATUSES].sort();

    // Assess
    expect(final).toEqual(expectedFinal);
    expect(open).toEqual(expectedOpen);
    expect(final.filter((s) => open.includes(s))).toEqual([]);
    expect([...final, ...open].sort()).toEqual([...REQUEST_STATUSES].sort());
  });

  it('lets every open status reach some final status, and every final status be reached', () => {
    // Prepare
    const reachableFrom = (start: RequestStatus): Set<RequestStatus> => {
      const seen = new Set<RequestStatus>();
      const queue: RequestStatus[] = [start];
      while (queue.length > 0) {
        const current = queue.shift()!;
        for (const next of TRANSITIONS[current]) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      return seen;
    };

    // Act
    const fromReceived = reachableFrom('received');

    // Assess
    for (const status of EXPECTED_OPEN) {
      expect([...reachableFrom(status)].some((s) => EXPECTED_FINAL.includes(s))).toBe(true);
    }
    for (const status of [...EXPECTED_FINAL, 'awaiting-verification', 'verified', 'in-progress'] as const) {
      expect(fromReceived.has(status)).toBe(true);
    }
    expect(fromReceived.has('received')).toBe(false);
  });
});
