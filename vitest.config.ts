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
          expect: { poll: { timeout: 20_000 } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // expect.poll waits for state the app reaches on its own; vitest's 1 s default is a
          // timing assertion in disguise on a loaded 2-core machine (a missed state still fails).
          expect: { poll: { timeout: 20_000 } },
        },
      },
    ],
  },
});
