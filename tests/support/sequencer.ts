// The order test files start in: the longest first, so that the two workers both stay busy to the
// end instead of one finishing a long file alone. Vitest's own sequencer does this only from the
// durations it cached in an earlier run (node_modules/.vite/vitest), and a fresh checkout, as in
// .ci/run after `npm ci`, has none: it then orders by file size, which once left a 30-second file
// to start last. Here a file's cached duration is used when there is one, else its duration in
// LONGEST below, else a second.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each of the longest files took in a full run of npm test (2 December, the mean of two runs
 * on the shared 2-core machine at a load of 6 to 11; from the file's first hook to its last, its npm
 * install included).
 * Only the order matters: refresh it when a file becomes one of the longest.
 */
const LONGEST: Readonly<Record<string, number>> = {
  'tests/report/report-streamed.test.ts': 47,
  'tests/tui/tui-e2e-flows-100x30.test.ts': 29,
  'tests/tui/tui-e2e-flows-80x24.test.ts': 26,
  'tests/ci/streaming.test.ts': 26,
  'tests/report/verify-hostile.test.ts': 23,
  'tests/pkg/package.test.ts': 22,
  'tests/scale/output-pipe.test.ts': 19,
  'tests/tui/tui-screens.test.tsx': 19,
  'tests/report/report-verify.test.ts': 16,
  'tests/tui/tui-e2e.test.ts': 16,
  'tests/fuzz/evaluation.fuzz.test.ts': 15,
  'tests/core/compiled.test.ts': 14,
  'tests/scale/worker-crash.test.ts': 14,
  'tests/scale/parallel-output.test.ts': 14,
  'tests/ci/integration.test.ts': 13,
  'tests/hardening/loader-regressions.test.ts': 12,
  'tests/scale/sigint.test.ts': 12,
  'tests/core/kleene.test.ts': 10,
  'tests/hardening/output-links.test.ts': 9,
  'tests/fuzz/fast-path.fuzz.test.ts': 9,
  'tests/report/rules-tested.test.ts': 9,
  'tests/fuzz/site-input-names.fuzz.test.ts': 9,
  'tests/handling/marking.test.ts': 8,
  'tests/tui/tui-e2e-scope.test.ts': 8,
  'tests/core/ruleset-cache.test.ts': 8,
  'tests/ci/sarif.test.ts': 8,
  'tests/handling/redact.test.ts': 8,
  'tests/fuzz/site-input.fuzz.test.ts': 7,
  'tests/core/cli.test.ts': 6,
  'tests/scale/find-site.test.ts': 6,
};

/**
 * Files that spend most of their time waiting, not computing: a terminal being typed at (tmux, or
 * Ink's test renderer between keys), npm, git and bash, a language server, a paused pipe. Two of
 * them side by side leave a core idle, so they are spread out: every third file to start (one per
 * three workers) is one of these, while there are any.
 */
const WAITING: ReadonlySet<string> = new Set([
  'tests/tui/tui-e2e-flows-100x30.test.ts',
  'tests/tui/tui-e2e-flows-80x24.test.ts',
  'tests/tui/tui-e2e.test.ts',
  'tests/tui/tui-e2e-scope.test.ts',
  'tests/tui/tui-screens.test.tsx',
  'tests/pkg/package.test.ts',
  'tests/ci/integration.test.ts',
  'tests/ci/diff.test.ts',
  'tests/editor/yaml-language-server.test.ts',
  'tests/scale/output-pipe.test.ts',
  'tests/scale/sigint.test.ts',
]);

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const path = (f: TestSpecification): string => relative(this.ctx.config.root, f.moduleId).split('\\').join('/');
    const seconds = (f: TestSpecification): number => {
      const cached = cache.getFileTestResults(`${f.project.name}:${path(f)}`);
      return cached ? cached.duration / 1000 : (LONGEST[path(f)] ?? 1);
    };
    const failed = (f: TestSpecification): boolean => cache.getFileTestResults(`${f.project.name}:${path(f)}`)?.failed ?? false;
    const sorted = [...files].sort((a, b) =>
      // As vitest does: sequence.groupOrder first, then a file that failed last time, then the longest.
      a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || Number(failed(b)) - Number(failed(a)) || seconds(b) - seconds(a));
    if (sorted.some((f) => f.project.config.sequence.groupOrder !== sorted[0]!.project.config.sequence.groupOrder)) return sorted;
    const waiting = sorted.filter((f) => WAITING.has(path(f)));
    const computing = sorted.filter((f) => !WAITING.has(path(f)));
    const order: TestSpecification[] = [];
    while (waiting.length || computing.length) {
      const next = (order.length % 3 === 0 && waiting.length) || !computing.length ? waiting : computing;
      order.push(next.shift()!);
    }
    return order;
  }
}
