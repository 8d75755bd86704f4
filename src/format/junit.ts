// JUnit XML for CI test reports: one <testsuite> per input file, one <testcase> per site. Each
// input error and each finding that --fail-on names is a <failure>; an undetermined site that does
// not fail is <skipped>; the verdict, limb outcomes and other findings are the case's system-out.
import type { InputError, Report, SiteResult } from '../model.js';
import type { Formatter } from './types.js';
import { problems, type Problem } from './problems.js';
import { xmlAttr, xmlText } from './xml.js';

interface Case {
  readonly name: string;
  readonly line: number;
  readonly site?: SiteResult;
  readonly problems: Problem[];
}

/** The site's verdict and limb outcomes, and what was found that does not fail: kept as the case's output. */
function siteOutput(c: Case): string[] {
  const lines: string[] = [];
  if (c.site) {
    lines.push(`verdict: ${c.site.verdict}`);
    for (const l of c.site.limbs) lines.push(`limb ${l.limb} ${l.rule}: ${l.outcome}`);
    if (c.site.decidingFacts.length) lines.push(`would be decided by: ${c.site.decidingFacts.join(', ')}`);
  }
  for (const p of c.problems.filter((x) => !x.fails && x.kind !== 'undetermined')) lines.push(`${p.kind}: ${p.file}:${p.line}:${p.column}: ${p.message}`);
  return lines;
}

// Children in the order the common JUnit schemas (Ant, Jenkins) give them: skipped, failure*, system-out.
function caseXml(file: string, c: Case): string[] {
  const out = [`    <testcase classname="${xmlAttr(file)}" name="${xmlAttr(c.name)}" file="${xmlAttr(file)}" line="${c.line}">`];
  const failing = c.problems.filter((p) => p.fails);
  const undetermined = c.problems.find((p) => p.kind === 'undetermined' && !p.fails);
  if (failing.length === 0 && undetermined) out.push(`      <skipped message="${xmlAttr(undetermined.message)}"/>`);
  for (const p of failing) {
    out.push(`      <failure type="${xmlAttr(p.kind)}" message="${xmlAttr(p.message)}">${xmlText(`${p.file}:${p.line}:${p.column}: ${p.message}`)}</failure>`);
  }
  const output = siteOutput(c);
  if (output.length) out.push(`      <system-out>${xmlText(output.join('\n'))}</system-out>`);
  out.push('    </testcase>');
  return out;
}

function errorCaseName(e: InputError): string {
  return e.site ? `${e.site} (invalid)` : '(file)';
}

export const junit: Formatter = (report: Report, { failOn }) => {
  const all = problems(report, failOn);
  const files = new Map<string, Case[]>();
  const casesOf = (file: string): Case[] => {
    let list = files.get(file);
    if (!list) files.set(file, (list = []));
    return list;
  };
  for (const site of report.sites) {
    casesOf(site.file).push({ name: `${site.id} ${site.name}`, line: site.line, site, problems: all.filter((p) => p.site === site) });
  }
  for (const p of all) {
    if (!p.error) continue;
    const cases = casesOf(p.file);
    const name = errorCaseName(p.error);
    let c = cases.find((x) => !x.site && x.name === name);
    if (!c) cases.push((c = { name, line: p.line, problems: [] }));
    c.problems.push(p);
  }
  const suites: string[] = [];
  let totals = { tests: 0, failures: 0, skipped: 0 };
  for (const file of [...files.keys()].sort()) {
    const cases = files.get(file)!;
    const failures = cases.filter((c) => c.problems.some((p) => p.fails)).length;
    const skipped = cases.filter((c) => !c.problems.some((p) => p.fails) && c.problems.some((p) => p.kind === 'undetermined')).length;
    totals = { tests: totals.tests + cases.length, failures: totals.failures + failures, skipped: totals.skipped + skipped };
    suites.push(
      `  <testsuite name="${xmlAttr(file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" file="${xmlAttr(file)}">`,
      ...cases.flatMap((c) => caseXml(file, c)),
      '  </testsuite>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sitecheck" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};
