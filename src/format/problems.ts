// The report flattened into the problems CI formats show one by one (GitHub annotations, JUnit
// failures, SARIF results): input errors, equipment findings and undetermined sites, each marked
// with whether --fail-on names it. Read only from the Report; nothing is re-evaluated here.
import type { FailOn, Finding, InputError, Report, SiteResult } from '../model.js';
import { oneLine } from './escape.js';

type ProblemKind = 'input-error' | Finding['kind'] | 'undetermined';

export interface Problem {
  readonly kind: ProblemKind;
  /** The file as named (a locator: encoded where it is used, shown through oneLine). */
  readonly file: string;
  /** 1-based, never below 1. */
  readonly line: number;
  readonly column: number;
  /** A short title, such as "prohibited-equipment: HO-0001 CAM-12" (site text escaped by oneLine). */
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
  return oneLine(`${site.id} (${site.name})`);
}

function undeterminedMessage(site: SiteResult): string {
  const facts = site.decidingFacts.length ? oneLine(site.decidingFacts.join(', ')) : 'facts that are not recorded';
  return `${siteLabel(site)} is undetermined: no limb of the definition is met, and it would be decided by ${facts}${site.scope ? ` (scope: ${site.scope.outcome})` : ''}`;
}

/** The obligation rule behind a finding and its source, as the messages end: " [rule x; source y]". */
export function findingBasis(f: Finding): string {
  const source = f.citation?.source;
  return oneLine(` [rule ${f.rule}${source ? `; source ${source}` : ''}]`);
}

/** Every problem in the report, in report order: per site (file order) its findings, then input errors. */
export function problems(report: Report, failOn: readonly FailOn[]): Problem[] {
  return Array.from(eachProblem(report, failOn));
}

/** The problems of one site, in order. */
export function* siteProblems(site: SiteResult, set: ReadonlySet<FailOn>): Generator<Problem> {
  if (site.verdict === 'undetermined') {
    yield {
      kind: 'undetermined', file: site.file, line: atLeastOne(site.line), column: atLeastOne(site.column),
      title: oneLine(`undetermined: ${site.id}`), message: undeterminedMessage(site), fails: set.has('undetermined'), site,
    };
  }
  for (const f of site.findings) {
    yield {
      kind: f.kind, file: site.file, line: atLeastOne(f.line), column: atLeastOne(f.column),
      title: oneLine(`${f.kind}: ${site.id}${f.equipment ? ` ${f.equipment}` : ''}`), message: `${siteLabel(site)}: ${oneLine(f.message)}${findingBasis(f)}`, fails: set.has(f.kind), site, finding: f,
    };
  }
}

/** The problem an input error is. */
export function errorProblem(e: InputError, set: ReadonlySet<FailOn>): Problem {
  return {
    kind: 'input-error', file: e.file, line: atLeastOne(e.line), column: atLeastOne(e.column),
    title: oneLine(`input error${e.code ? ` (${e.code})` : ''}`), message: oneLine(e.path ? `${e.message} (at ${e.path})` : e.message),
    fails: set.has('errors'), error: e,
  };
}

/** The problems one by one, in the order problems() lists them (nothing is collected). */
export function* eachProblem(report: Report, failOn: readonly FailOn[]): Generator<Problem> {
  const set = new Set(failOn);
  for (const site of report.sites) yield* siteProblems(site, set);
  for (const e of report.errors) yield errorProblem(e, set);
}
