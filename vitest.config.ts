import { defineConfig } from 'vitest/config';

// Three suites, run in this order by `npm run verify`:
// unit (pure logic, colocated with the code), integration (real sockets, real servers),
// e2e (Debian's Chromium driven by playwright-core).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'scripts/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'apps/relay/src/**/*.test.ts',
            'apps/mail-bridge/src/**/*.test.ts',
            'apps/web/src/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
