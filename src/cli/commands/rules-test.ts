// The output of `sitecheck rules test [--coverage]`: one line per fixture case (failures in full),
// problems with the fixture files, then the coverage table and a summary line.
import type { TestRun } from '../../rules/fixtures.js';
import type { Colors } from '../../util/color.js';

function pct(x: number): string {
  return `${Math.floor(x * 1000) / 10}%`;
}

/** Did the run pass? Failures, fixture problems, and (with coverage) a shortfall all fail it. */
export function testRunPassed(run: TestRun, coverage: boolean): boolean {
  return run.problems.length === 0 && run.results.every((r) => r.failures.length === 0) && (!coverage || run.covered >= run.minimum);
}

export function testRunText(run: TestRun, c: Colors, coverage: boolean): string {
  const lines: string[] = [];
  let file = '';
  for (const r of run.results) {
    if (r.file !== file) {
      file = r.file;
      lines.push(c.bold(file));
    }
    if (r.failures.length === 0) lines.push(`  ${c.green('✔')} ${r.name}`);
    else {
      lines.push(`  ${c.red('✘')} ${r.name}  ${c.dim(`(${r.file}:${r.line})`)}`);
      for (const f of r.failures) lines.push(`      ${f}`);
    }
  }
  if (run.problems.length) {
    lines.push('', c.bold(c.red('Fixture problems:')));
    for (const p of run.problems) lines.push(`  ${c.red('✖')} ${c.bold(`${p.file}:${p.line}`)}  ${p.message}`);
  }
  if (coverage) {
    lines.push('', c.bold('Condition coverage') + ' (each leaf condition seen both true and false):');
    for (const rule of run.coverage) {
      const n = rule.leaves.filter((l) => l.covered).length;
      lines.push(`  ${rule.label}  ${rule.rule}  ${n}/${rule.leaves.length} conditions  ${c.dim(`(${rule.cases} case${rule.cases === 1 ? '' : 's'} in its own file)`)}`);
      for (const l of rule.leaves) {
        const mark = l.covered ? c.green('✔') : c.red('✘');
        const seen = `true ${l.seen.met}, false ${l.seen['not-met']}, unknown ${l.seen.unknown}`;
        lines.push(`    ${mark} ${l.description}  ${c.dim(seen)}`);
      }
    }
    const ok = run.covered >= run.minimum;
    lines.push(`Coverage ${(ok ? c.green : c.red)(pct(run.covered))} (minimum ${pct(run.minimum)}, from ${run.minimumFrom})`);
  }
  const failed = run.results.filter((r) => r.failures.length).length;
  const files = new Set(run.results.map((r) => r.file)).size;
  lines.push(
    `${run.results.length} case${run.results.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: ${c.green(`${run.results.length - failed} passed`)}, ` +
      `${failed ? c.red(`${failed} failed`) : '0 failed'}${run.problems.length ? `, ${c.red(`${run.problems.length} fixture problem${run.problems.length === 1 ? '' : 's'}`)}` : ''}`,
  );
  return lines.join('\n') + '\n';
}
