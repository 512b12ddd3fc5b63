// One test run for the whole repository: unit tests (*.test.ts) and integration tests against real
// servers (*.int.test.ts). Integration suites share databases, so files run one at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'apps/*/src/**/*.test.ts',
      // The web app's component tests (each opts into jsdom with a `@vitest-environment jsdom` comment).
      'apps/web/src/**/*.test.tsx',
      'packages/*/src/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits up to 10 s unless a test says otherwise (1 s by default): on a busy machine a check
    // that passes in milliseconds may need longer, and no test may fail on timing.
    expect: { poll: { timeout: 10_000 } },
    fileParallelism: false,
    pool: 'forks',
  },
});
