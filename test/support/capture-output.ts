// Runs in every test worker: copies everything the worker writes to stdout and stderr (log lines of
// the handlers, the local runtime, the tests) into test-results/logs/, for the log-hygiene check
// that runs after the whole suite (test/support/log-hygiene.ts).
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_DIR } from './log-hygiene.js';

const CAPTURED = Symbol.for('privacy-ops.captured-output');
const state = globalThis as { [CAPTURED]?: boolean };

if (!state[CAPTURED]) {
  state[CAPTURED] = true;
  mkdirSync(LOG_DIR, { recursive: true });
  const file = join(LOG_DIR, `worker-${process.pid}.log`);
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      try {
        appendFileSync(file, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array));
      } catch {
        // A full disk must not fail the test that logged; the check then finds less.
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
