// How commands such as `npm run sweep` find a local runtime that is already running on the same data:
// the runtime leaves a file beside its data with its process id and the SDK settings that reach its emulators.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RUNTIME_FILE = 'runtime.json';

/** The settings a second process needs to reach the running emulators; the emulators' well-known keys only, no secrets. */
const SHARED_SETTINGS =
  /^(AWS_REGION|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_ENDPOINT_URL_\w+|S3_FORCE_PATH_STYLE|AWS_REQUEST_CHECKSUM_CALCULATION|AWS_RESPONSE_CHECKSUM_VALIDATION|STATE_MACHINE_ARN|CAMPAIGN_STATE_MACHINE_ARN|PUBLIC_BASE_URL)$/;

export interface RunningRuntime {
  pid: number;
  apiUrl: string;
  mailboxUrl: string;
  /** The endpoint settings to apply before creating SDK clients. */
  environment: Record<string, string>;
}

/** Records that this process serves `dataDir`; returns the function that removes the record again. */
export function announceRuntime(dataDir: string, urls: { apiUrl: string; mailboxUrl: string }): () => void {
  const environment = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => SHARED_SETTINGS.test(entry[0]) && entry[1] !== undefined),
  );
  const file = join(dataDir, RUNTIME_FILE);
  const record: RunningRuntime = { pid: process.pid, ...urls, environment };
  writeFileSync(file, JSON.stringify(record, null, 2), { mode: 0o600 });
  return () => {
    if (findRunningRuntime(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The runtime serving `dataDir`, if one is running; a record left by a runtime that died is ignored. */
export function findRunningRuntime(dataDir: string): RunningRuntime | undefined {
  const file = join(dataDir, RUNTIME_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as RunningRuntime;
    return Number.isInteger(record.pid) && isAlive(record.pid) ? record : undefined;
  } catch {
    return undefined;
  }
}
