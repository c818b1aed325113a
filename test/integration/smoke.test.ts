// The post-deploy smoke test (`npm run smoke -- --local`) against the local runtime over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSmoke } from '../../bin/smoke-cli.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';

const API_KEY = 'smoke-test-key';

describe('npm run smoke -- --local', () => {
  let runtime: LocalRuntime;

  /** Runs the smoke test in-process against the local runtime, collecting what it prints. */
  const smoke = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSmoke(argv, {
      env: {},
      fetch: (input, init) => fetch(input, init),
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      aws: () => {
        throw new Error('--local must not reach AWS');
      },
    });
    return { code, lines: out, err: err.join('\n') };
  };

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, memory: true, apiKey: API_KEY, throttling: false, scheduleEveryMs: 0 });
    // Starting the emulators takes long on a busy machine.
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('passes every HTTP check against the running API and skips what only AWS has', async () => {
    // Act
    const { code, lines } = await smoke('--local', '--url', runtime.apiUrl, '--api-key', API_KEY);

    // Assess
    expect(code).toBe(0);
    const status = Object.fromEntries(
      lines.filter((line) => /^(ok|FAIL|skip) /.test(line)).map((line) => [line.slice(6, line.indexOf(':')), line.slice(0, 4).trim()]),
    );
    expect(status).toEqual({
      health: 'ok',
      'OpenAPI document': 'ok',
      'system call': 'ok',
      'verification link': 'ok',
      'SES identity': 'skip',
      alarms: 'skip',
    });
    expect(lines.at(-1)).toBe('All checks passed.');
  });

  it('fails the system call with a key the runtime does not know, and exits 1', async () => {
    // Act
    const { code, lines } = await smoke('--local', '--url', runtime.apiUrl, '--api-key', 'not-the-key');

    // Assess
    expect(code).toBe(1);
    expect(lines.find((line) => line.includes('system call'))).toMatch(/^FAIL {2}system call: GET \/v1\/systems answered 401/);
    expect(lines.find((line) => line.includes('health'))).toMatch(/^ok /);
  });

  it('fails every HTTP check when nothing answers at the URL', async () => {
    // Act
    const { code, lines } = await smoke('--local', '--url', 'http://127.0.0.1:9', '--api-key', API_KEY);

    // Assess
    expect(code).toBe(1);
    expect(lines.filter((line) => line.startsWith('FAIL  ') && line.includes('cannot reach http://127.0.0.1:9'))).toHaveLength(4);
  });
});
