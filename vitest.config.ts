import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import workspace packages by name; point those names at the sources so
// that a test never runs against a stale build.
const alias = {
  '@hutong/core': here('./packages/core/src/index.ts'),
  '@hutong/server': here('./packages/server/src/index.ts'),
  '@hutong/cli': here('./packages/cli/src/index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: [here('./scripts/test-env/global-setup.ts')],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          // Generous: tests that start worker threads or build a whole app take 10–30 s on a
          // loaded 2-core machine; a timeout here says nothing about the code under test.
          testTimeout: 60_000,
          // Building an app (every domain, every migration) in a beforeAll takes seconds on a
          // loaded 2-core machine; the default 10 s failed suites there for no fault of theirs.
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
