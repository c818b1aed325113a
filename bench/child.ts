// Measurements run in a child process of their own, so one benchmark's heap never colours another's.
import { spawn } from 'node:child_process';

/**
 * Runs `script --child ...args` under tsx and returns the JSON its last `marker` line carries.
 * The child prints that line to stdout when it is done; its progress goes to stderr.
 */
export function measureInChildProcess<T>(
  script: string,
  args: readonly string[],
  options: { marker: string; label: string; nodeArgs?: readonly string[]; env?: NodeJS.ProcessEnv },
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script, '--child', ...args], {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stdout.split('\n').findLast((text) => text.startsWith(options.marker));
      if (code !== 0 || line === undefined) {
        reject(new Error(`The ${options.label} child failed (exit ${code}):\n${stdout.slice(-4000)}`));
        return;
      }
      resolve(JSON.parse(line.slice(options.marker.length)) as T);
    });
  });
}
