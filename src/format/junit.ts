// JUnit XML for CI test reports: one <testsuite> per input file, one <testcase> per site. Each
// input error and each finding that --fail-on names is a <failure>; an undetermined site that does
// not fail is <skipped>; the verdict, limb outcomes and other findings are the case's system-out.
//
// Valid against Jenkins' JUnit schemas (the xUnit plugin's junit-10.xsd and the junit-4.xsd it
// grew from, which is stricter): no testcase@file, testcase@line or testsuites@skipped; the file
// is the suite's `file` property and each case's system-out starts with its file and line;
// <skipped> carries its reason as text (junit-4 allows no attribute there). Every suite and case
// has a `time` (sitecheck does not time single sites: 0), so readers such as dorny/test-reporter
// show "0ms" rather than "NaNms". Written in one pass per file after one counting pass: linear.
import type { FailOn, InputError, Report, SiteResult } from '../model.js';
import type { Formatter, Sink } from './types.js';
import { errorProblem, siteProblems, type Problem } from './problems.js';
import { oneLine } from './escape.js';
import { xmlAttr, xmlText } from './xml.js';

interface Case {
  readonly name: string;
  readonly line: number;
  readonly site?: SiteResult;
  readonly problems: Problem[];
}

interface Suite {
  readonly file: string;
  readonly sites: SiteResult[];
  /** Input-error cases by name (one per invalid site, one for the file itself). */
  readonly errors: Map<string, Case>;
}

/** The site's verdict and limb outcomes, and what was found that does not fail: kept as the case's output. */
function siteOutput(file: string, c: Case): string[] {
  const lines = [`file: ${oneLine(file)}:${c.line}`];
  if (c.site) {
    const site = c.site;
    lines.push(`verdict: ${site.verdict}`);
    if (site.scope) lines.push(`scope: ${site.scope.outcome} (rule ${oneLine(site.scope.rule)}; source ${oneLine(site.scope.citation.source)})`);
    if (site.determination) lines.push(`determination: ${site.determination.verdict}${site.determination.agrees === false ? ' (disagrees with the verdict)' : ''}`);
    if (site.exclusion) lines.push(`exclusion: ${site.exclusion.outcome} (rule ${oneLine(site.exclusion.rule)})`);
    for (const l of site.limbs) lines.push(`limb ${l.limb} ${oneLine(l.rule)}: ${l.outcome}`);
    if (site.decidingFacts.length) lines.push(`would be decided by: ${oneLine(site.decidingFacts.join(', '))}`);
  }
  for (const p of c.problems) if (!p.fails && p.kind !== 'undetermined') lines.push(`${p.kind}: ${oneLine(p.file)}:${p.line}:${p.column}: ${p.message}`);
  return lines;
}

const fails = (c: Case): boolean => c.problems.some((p) => p.fails);
const skips = (c: Case): boolean => !fails(c) && c.problems.some((p) => p.kind === 'undetermined');

// Children in the order the Jenkins schemas give them: skipped?, failure*, system-out.
function writeCase(out: Sink, file: string, c: Case): void {
  out.write(`    <testcase classname="${xmlAttr(oneLine(file))}" name="${xmlAttr(c.name)}" time="0">\n`);
  const undetermined = c.problems.find((p) => p.kind === 'undetermined' && !p.fails);
  if (!fails(c) && undetermined) out.write(`      <skipped>${xmlText(undetermined.message)}</skipped>\n`);
  for (const p of c.problems) {
    if (p.fails) out.write(`      <failure type="${xmlAttr(p.kind)}" message="${xmlAttr(p.message)}">${xmlText(`${oneLine(p.file)}:${p.line}:${p.column}: ${p.message}`)}</failure>\n`);
  }
  out.write(`      <system-out>${xmlText(siteOutput(file, c).join('\n'))}</system-out>\n`);
  out.write('    </testcase>\n');
}

function errorCaseName(e: InputError): string {
  return e.site ? `${oneLine(e.site)} (invalid)` : '(file)';
}

export const junit: Formatter = (report: Report, { failOn, marking }, out) => {
  const set = new Set<FailOn>(failOn);
  const suites = new Map<string, Suite>();
  const suiteOf = (file: string): Suite => {
    let s = suites.get(file);
    if (!s) suites.set(file, (s = { file, sites: [], errors: new Map() }));
    return s;
  };
  for (const site of report.sites) suiteOf(site.file).sites.push(site);
  for (const e of report.errors) {
    const p = errorProblem(e, set);
    const errors = suiteOf(p.file).errors;
    const name = errorCaseName(e);
    let c = errors.get(name);
    if (!c) errors.set(name, (c = { name, line: p.line, problems: [] }));
    c.problems.push(p);
  }
  const siteCase = (site: SiteResult): Case => ({ name: oneLine(`${site.id} ${site.name}`), line: site.line, site, problems: Array.from(siteProblems(site, set)) });
  // Counting pass (the counts go in the opening tags), then the writing pass.
  const counts = new Map<string, { tests: number; failures: number; skipped: number }>();
  const totals = { tests: 0, failures: 0 };
  const files = Array.from(suites.keys()).sort();
  for (const file of files) {
    const s = suites.get(file)!;
    const n = { tests: s.sites.length + s.errors.size, failures: 0, skipped: 0 };
    for (const site of s.sites) {
      const c = siteCase(site);
      if (fails(c)) n.failures++;
      else if (skips(c)) n.skipped++;
    }
    for (const c of s.errors.values()) if (fails(c)) n.failures++;
    counts.set(file, n);
    totals.tests += n.tests;
    totals.failures += n.failures;
  }
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.write(`<testsuites name="sitecheck" tests="${totals.tests}" failures="${totals.failures}" errors="0" time="0">\n`);
  for (const file of files) {
    const s = suites.get(file)!;
    const n = counts.get(file)!;
    out.write(`  <testsuite name="${xmlAttr(oneLine(file))}" tests="${n.tests}" failures="${n.failures}" errors="0" skipped="${n.skipped}" time="0">\n`);
    out.write(`    <properties>\n      <property name="file" value="${xmlAttr(oneLine(file))}"/>\n${marking !== undefined ? `      <property name="marking" value="${xmlAttr(oneLine(marking))}"/>\n` : ''}    </properties>\n`);
    for (const site of s.sites) writeCase(out, file, siteCase(site));
    for (const c of s.errors.values()) writeCase(out, file, c);
    out.write('  </testsuite>\n');
  }
  out.write('</testsuites>\n');
};
