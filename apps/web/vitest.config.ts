import { defineConfig } from 'vitest/config';

// Pure modules of the web app (no runes): `npx vitest run -c apps/web/vitest.config.ts`.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], root: import.meta.dirname },
});
