// The local stand-in for EventBridge schedules: an interval per scheduled function in the lambda catalogue.
import { randomUUID } from 'node:crypto';
import type { LambdaSpec } from '../shared/lambdas.js';
import { lambdaContext, loadLambdaHandler } from './lambda-runner.js';

export interface LocalSchedulesOptions {
  projectRoot: string;
  lambdas: Readonly<Record<string, LambdaSpec>>;
  /** Overrides every schedule's interval; 0 turns the timers off. Default: as the catalogue says. */
  everyMs?: number;
  log?: (line: string) => void;
}

export interface LocalSchedules {
  /** Runs a scheduled function now, as its timer would, and returns what it returned. */
  run(lambdaId: string): Promise<unknown>;
  /** Stops the timers and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Starts one unref'd interval per scheduled function; a tick that finds the previous run still going is skipped. */
export function startLocalSchedules(options: LocalSchedulesOptions): LocalSchedules {
  const running = new Map<string, Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];

  const run = (lambdaId: string): Promise<unknown> => {
    const spec = options.lambdas[lambdaId];
    if (!spec?.schedule) return Promise.reject(new Error(`No scheduled local function ${lambdaId}`));
    const pending = running.get(lambdaId);
    if (pending) return pending;
    const started = (async () => {
      const handler = await loadLambdaHandler(options.projectRoot, spec.entry);
      const context = lambdaContext(`privacy-ops-${lambdaId}`, randomUUID(), spec.timeoutSeconds ?? 30);
      return handler({}, context, () => undefined);
    })().finally(() => running.delete(lambdaId));
    running.set(lambdaId, started);
    return started;
  };

  for (const [lambdaId, spec] of Object.entries(options.lambdas)) {
    if (!spec.schedule) continue;
    const everyMs = options.everyMs ?? spec.schedule.everyMinutes * 60_000;
    if (everyMs <= 0) continue;
    const timer = setInterval(() => {
      if (running.has(lambdaId)) return;
      run(lambdaId).catch((error: unknown) => options.log?.(`schedule ${lambdaId} failed: ${(error as Error).name}`));
    }, everyMs);
    // A timer alone never keeps the process alive.
    timer.unref();
    timers.push(timer);
  }

  return {
    run,
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
