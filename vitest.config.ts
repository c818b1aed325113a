import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
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
