import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Prints one line per suite skipped for a missing tool (tests/support/tools.ts).
    globalSetup: ['tests/support/global-setup.ts'],
  },
});
