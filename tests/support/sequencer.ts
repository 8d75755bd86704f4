// The order test files start in: the longest first, so that the two workers both stay busy to the
// end instead of one finishing a long file alone. Vitest's own sequencer does this only from the
// durations it cached in an earlier run (node_modules/.vite/vitest), and a fresh checkout, as in
// .ci/run after `npm ci`, has none: it then orders by file size, which once left a 30-second file
// to start last. Here a file's cached duration is used when there is one, else its duration in
// LONGEST below, else a second.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each of the longest files took in a full `npm test` on the 2-core machine (vitest's JSON
 * report). Only the order matters: refresh it when a file becomes one of the longest.
 */
const LONGEST: Readonly<Record<string, number>> = {
  'tests/tui/tui-e2e-flows-100x30.test.ts': 30,
  'tests/tui/tui-e2e-flows-80x24.test.ts': 25,
  'tests/pkg/package.test.ts': 20,
  'tests/tui/tui-e2e.test.ts': 18,
  'tests/ci/integration.test.ts': 12,
  'tests/scale/worker-crash.test.ts': 12,
  'tests/ci/worker-memory.test.ts': 12,
  'tests/report/verify-hostile.test.ts': 10,
  'tests/tui/tui-screens.test.tsx': 10,
  'tests/scale/parallel-output.test.ts': 9,
  'tests/handling/redact.test.ts': 8,
  'tests/scale/progress.test.ts': 8,
  'tests/core/kleene.test.ts': 8,
  'tests/scale/sigint.test.ts': 7,
  'tests/fuzz/evaluation.fuzz.test.ts': 7,
  'tests/scale/output-pipe.test.ts': 6,
  'tests/tui/tui-e2e-scope.test.ts': 6,
};

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const seconds = (f: TestSpecification): number => {
      const file = relative(this.ctx.config.root, f.moduleId).split('\\').join('/');
      const cached = cache.getFileTestResults(`${f.project.name}:${file}`);
      return cached ? cached.duration / 1000 : (LONGEST[file] ?? 1);
    };
    const failed = (f: TestSpecification): boolean => cache.getFileTestResults(`${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`)?.failed ?? false;
    return [...files].sort((a, b) =>
      // As vitest does: sequence.groupOrder first, then a file that failed last time, then the longest.
      a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || Number(failed(b)) - Number(failed(a)) || seconds(b) - seconds(a));
  }
}
