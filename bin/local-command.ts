// What the operator commands (sweep, retention, replay-deletions) share: the options that pick local
// data, and running their work against the local emulators — the running `npm start`'s when there
// is one, else a runtime of their own on the same data.
import { resolve } from 'node:path';

/** The parseArgs options every command takes besides its own. */
export const LOCAL_OPTIONS = {
  local: { type: 'boolean' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Local unless told, or unless the environment points at AWS. */
export function wantsLocal(values: { local?: boolean }): boolean {
  return values.local ?? (!process.env.AWS_ENDPOINT_URL_DYNAMODB && !process.env.AWS_PROFILE && !process.env.AWS_ACCESS_KEY_ID);
}

/**
 * Runs `work` against the local emulators of the data in `dataDirOption` (default `.data/`),
 * saying which (unless `quiet`), and stops any runtime it started.
 */
export async function onLocalData<T>(dataDirOption: string | undefined, work: () => Promise<T>, options: { quiet?: boolean } = {}): Promise<T> {
  const say = (line: string) => {
    if (!options.quiet) console.log(line);
  };
  const { PROJECT_ROOT, localFunctionEnvironment, startLocalRuntime } = await import('../local/runtime.js');
  const { findRunningRuntime } = await import('../local/discovery.js');
  const dataDir = resolve(dataDirOption ?? resolve(PROJECT_ROOT, '.data'));
  const running = findRunningRuntime(dataDir);
  if (running) {
    Object.assign(process.env, localFunctionEnvironment(dataDir), running.environment);
    say(`Using the running local runtime at ${running.apiUrl}\n`);
    return work();
  }
  const runtime = await startLocalRuntime({ port: 0, memory: false, dataDir, scheduleEveryMs: 0 });
  say(`Local runtime started on the data in ${runtime.dataDir}\n`);
  try {
    return await work();
  } finally {
    await runtime.stop();
  }
}
