import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { LambdaSpec } from '../../shared/lambdas.js';
import { PROJECT_ROOT } from '../../local/runtime.js';
import { startLocalSchedules, type LocalSchedules } from '../../local/schedules.js';

const state = globalThis as { localScheduleTicks?: number };
const tick: LambdaSpec = { entry: 'test/fixtures/tick.handler.ts', description: 'counts runs', tables: {}, buckets: {}, schedule: { everyMinutes: 60 } };
const unscheduled: LambdaSpec = { entry: 'test/fixtures/tick.handler.ts', description: 'no timer', tables: {}, buckets: {} };

describe('local schedules', () => {
  let schedules: LocalSchedules | undefined;

  afterEach(async () => {
    await schedules?.stop();
    state.localScheduleTicks = 0;
  });

  it('runs a scheduled function on its interval until stopped', async () => {
    // Prepare
    state.localScheduleTicks = 0;
    schedules = startLocalSchedules({ projectRoot: PROJECT_ROOT, lambdas: { tick }, everyMs: 25 });

    // Act
    await sleep(300);
    await schedules.stop();
    const atStop = state.localScheduleTicks;
    await sleep(100);

    // Assess
    expect(atStop).toBeGreaterThanOrEqual(2);
    expect(state.localScheduleTicks).toBe(atStop);
  });

  it('starts no timer when told 0, nor for a function without a schedule, yet runs one on demand', async () => {
    // Prepare
    state.localScheduleTicks = 0;
    schedules = startLocalSchedules({ projectRoot: PROJECT_ROOT, lambdas: { tick, unscheduled }, everyMs: 0 });

    // Act
    await sleep(100);
    const before = state.localScheduleTicks;
    const result = await schedules.run('tick');
    const refused = await schedules.run('unscheduled').catch((error: Error) => error.message);

    // Assess
    expect(before).toBe(0);
    expect(result).toBe(1);
    expect(refused).toMatch(/No scheduled local function unscheduled/);
  });
});
