// JUnit XML for CI test reports: one <testsuite> per input file, one <testcase> per site. Each
// input error and each finding that --fail-on names is a <failure>; an undetermined site that does
// not fail is <skipped>; the verdict, limb outcomes and other findings are the case's system-out.
//
// Valid against Jenkins' JUnit schemas (the xUnit plugin's junit-10.xsd and the junit-4.xsd it
// grew from, which is stricter): no testcase@file, testcase@line or testsuites@skipped; the file
// is the suite's `file` property and each case's system-out starts with its file and line;
// <skipped> carries its reason as text (junit-4 allows no attribute there). Every suite and case
// has a `time` (sitecheck does not time single sites: 0), so readers such as dorny/test-reporter
// show "0ms" rather than "NaNms". Streamed: each case is written as its site comes, spooled
// compressed (src/format/spool.ts) until the counts for the opening tags are known: linear.
import type { FailOn, InputError, SiteResult } from '../model.js';
import { whole, type Sink, type StreamingFormatter } from './types.js';
import { Spool } from './spool.js';
import { errorProblem, siteProblems, type Problem } from './problems.js';
import { oneLine } from './escape.js';
import { xmlAttr, xmlText } from './xml.js';

interface Case {
  readonly name: string;
  readonly line: number;
  readonly site?: SiteResult;
  readonly problems: Problem[];
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

/** One file's suite as the sites come: its counts so far and where its cases are in the spool. */
interface Suite {
  tests: number;
  failures: number;
  skipped: number;
  /** Ranges [start, end) of spool records: the file's site cases, in report order. */
  readonly ranges: number[];
  /** Input-error cases by name (one per invalid site, one for the file itself). */
  readonly errors: Map<string, Case>;
}

export const junitStream: StreamingFormatter = (_head, { failOn, marking }, out) => {
  const set = new Set<FailOn>(failOn);
  const suites = new Map<string, Suite>();
  const suiteOf = (file: string): Suite => {
    let s = suites.get(file);
    if (!s) suites.set(file, (s = { tests: 0, failures: 0, skipped: 0, ranges: [], errors: new Map() }));
    return s;
  };
  // The counts go in the opening tags, so each case is written as its site comes but spooled
  // (compressed) until the end, when the suites are written in file order.
  const spool = new Spool();
  const caseText = (file: string, c: Case): string => {
    let text = '';
    writeCase({ write: (chunk) => void (text += chunk) }, file, c);
    return text;
  };
  return {
    site(site) {
      const s = suiteOf(site.file);
      const c: Case = { name: oneLine(`${site.id} ${site.name}`), line: site.line, site, problems: Array.from(siteProblems(site, set)) };
      s.tests++;
      if (fails(c)) s.failures++;
      else if (skips(c)) s.skipped++;
      const at = spool.add(caseText(site.file, c));
      const r = s.ranges;
      if (r.length > 0 && r[r.length - 1] === at) r[r.length - 1] = at + 1;
      else r.push(at, at + 1);
    },
    end(tail) {
      for (const e of tail.errors) {
        const p = errorProblem(e, set);
        const errors = suiteOf(p.file).errors;
        const name = errorCaseName(e);
        let c = errors.get(name);
        if (!c) errors.set(name, (c = { name, line: p.line, problems: [] }));
        c.problems.push(p);
      }
      const totals = { tests: 0, failures: 0 };
      const files = Array.from(suites.keys()).sort();
      for (const file of files) {
        const s = suites.get(file)!;
        s.tests += s.errors.size;
        for (const c of s.errors.values()) if (fails(c)) s.failures++;
        totals.tests += s.tests;
        totals.failures += s.failures;
      }
      out.write('<?xml version="1.0" encoding="UTF-8"?>\n');
      out.write(`<testsuites name="sitecheck" tests="${totals.tests}" failures="${totals.failures}" errors="0" time="0">\n`);
      for (const file of files) {
        const s = suites.get(file)!;
        out.write(`  <testsuite name="${xmlAttr(oneLine(file))}" tests="${s.tests}" failures="${s.failures}" errors="0" skipped="${s.skipped}" time="0">\n`);
        out.write(`    <properties>\n      <property name="file" value="${xmlAttr(oneLine(file))}"/>\n${marking !== undefined ? `      <property name="marking" value="${xmlAttr(oneLine(marking))}"/>\n` : ''}    </properties>\n`);
        for (let k = 0; k < s.ranges.length; k += 2) for (const text of spool.range(s.ranges[k]!, s.ranges[k + 1]!)) out.write(text);
        for (const c of s.errors.values()) writeCase(out, file, c);
        out.write('  </testsuite>\n');
      }
      out.write('</testsuites>\n');
    },
  };
};

export const junit = whole(junitStream);
