// Collects the skip lines of suites whose tool is missing (tests/support/tools.ts) and prints them,
// one per suite and tool, after the run.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'sitecheck-skips-'));
  const log = join(dir, 'skipped.txt');
  process.env.SITECHECK_SKIP_LOG = log;
  return () => {
    const lines = existsSync(log) ? [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))].sort() : [];
    if (lines.length) {
      const required = process.env.SITECHECK_REQUIRE_TOOLS === '1';
      process.stdout.write(`\n${lines.length} suite(s) ${required ? 'could not run (SITECHECK_REQUIRE_TOOLS=1: counted as failures)' : 'skipped for a missing tool'}:\n${lines.map((l) => `  ${l}\n`).join('')}`);
      // .ci/run reads this to fail the run when a suite was skipped.
      if (process.env.SITECHECK_SKIP_REPORT) writeFileSync(process.env.SITECHECK_SKIP_REPORT, lines.join('\n') + '\n');
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

