import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/support/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Vitest's default (one worker fewer than the cores) runs one file at a time on two cores, while
    // much of an integration file's time is spent waiting on DynamoDB Local, a browser or a retry:
    // two workers finish the suite about a fifth sooner there. The longest files start first.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongestFirst },
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // Every worker's output is kept and scanned for personal data once the suite is done.
    setupFiles: ['test/support/capture-output.ts'],
    globalSetup: ['test/support/log-hygiene.ts'],
    env: {
      AWS_REGION: 'eu-central-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
