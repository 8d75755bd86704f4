// The report flattened into the problems CI formats show one by one (GitHub annotations, JUnit
// failures, SARIF results): input errors, equipment findings and undetermined sites, each marked
// with whether --fail-on names it. Read only from the Report; nothing is re-evaluated here.
import type { FailOn, Finding, InputError, Report, SiteResult } from '../model.js';

type ProblemKind = 'input-error' | Finding['kind'] | 'undetermined';

export interface Problem {
  readonly kind: ProblemKind;
  readonly file: string;
  /** 1-based, never below 1. */
  readonly line: number;
  readonly column: number;
  /** A short title, such as "prohibited-equipment: HO-0001 CAM-12". */
  readonly title: string;
  readonly message: string;
  /** True when --fail-on names this kind of problem (it makes the exit code 1). */
  readonly fails: boolean;
  readonly site?: SiteResult;
  readonly finding?: Finding;
  readonly error?: InputError;
}

const atLeastOne = (n: number): number => (Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1);

export function siteLabel(site: SiteResult): string {
  return `${site.id} (${site.name})`;
}

function undeterminedMessage(site: SiteResult): string {
  const facts = site.decidingFacts.length ? site.decidingFacts.join(', ') : 'facts that are not recorded';
  return `${siteLabel(site)} is undetermined: no limb of the definition is met, and it would be decided by ${facts}`;
}

/** Every problem in the report, in report order: per site (file order) its findings, then input errors. */
export function problems(report: Report, failOn: readonly FailOn[]): Problem[] {
  const set = new Set(failOn);
  const out: Problem[] = [];
  for (const site of report.sites) {
    if (site.verdict === 'undetermined') {
      out.push({
        kind: 'undetermined', file: site.file, line: atLeastOne(site.line), column: atLeastOne(site.column),
        title: `undetermined: ${site.id}`, message: undeterminedMessage(site), fails: set.has('undetermined'), site,
      });
    }
    for (const f of site.findings) {
      out.push({
        kind: f.kind, file: site.file, line: atLeastOne(f.line), column: atLeastOne(f.column),
        title: `${f.kind}: ${site.id}${f.equipment ? ` ${f.equipment}` : ''}`, message: `${siteLabel(site)}: ${f.message}`, fails: set.has(f.kind), site, finding: f,
      });
    }
  }
  for (const e of report.errors) {
    out.push({
      kind: 'input-error', file: e.file, line: atLeastOne(e.line), column: atLeastOne(e.column),
      title: `input error${e.code ? ` (${e.code})` : ''}`, message: e.path ? `${e.message} (at ${e.path})` : e.message,
      fails: set.has('errors'), error: e,
    });
  }
  return out;
}
