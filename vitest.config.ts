import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Prints one line per suite skipped for a missing tool (tests/support/tools.ts).
    globalSetup: ['tests/support/global-setup.ts'],
    // Speed on the 2-core machine (issue 14): vitest's default is one worker per core less one,
    // i.e. a single worker here, so a file waiting on a child process (npm, chromium, tmux, a
    // spawned CLI) left the second core idle. Two forked workers keep both busy.
    pool: 'forks',
    maxWorkers: 2,
    // Each worker process keeps its module cache from one test file to the next instead of
    // importing and transforming src/ (ajv, yaml, json-rules-engine, ink) again for every file:
    // about 40% of the CPU time of the in-process suites. The tests keep no state between files
    // (no module mocks; process.chdir is always restored; tests/support/cli.ts serialises it).
    isolate: false,
  },
});
