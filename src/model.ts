// The result model: the one structure every consumer (CLI formats, TUI, reports) reads.
// Nothing outside src/engine re-evaluates a site; everything else renders these objects.

export type Verdict = 'sensitive' | 'not-sensitive' | 'undetermined';
export type Outcome = 'met' | 'not-met' | 'unknown';
export type FindingKind = 'prohibited-equipment' | 'removal-overdue' | 'equipment-at-risk';

export const VERDICTS: readonly Verdict[] = ['sensitive', 'not-sensitive', 'undetermined'];
export const FINDING_KINDS: readonly FindingKind[] = ['prohibited-equipment', 'removal-overdue', 'equipment-at-risk'];

/** A place in an input file; line and column are 1-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Citation {
  /** Source id in rules/sources.yaml. */
  readonly source: string;
  /** Volume/column/section, only where confirmed. */
  readonly pinpoint?: string;
  /** The exact words quoted from the source. */
  readonly quote: string;
  /** Title of the source (from the registry), for display. */
  readonly title?: string;
  readonly url?: string;
}

export interface ParameterUse {
  readonly value: number;
  /** True when the value is a local interpretation, found in no source. */
  readonly interpretation: boolean;
  readonly description: string;
  /** Where the value came from: the rules folder or a --params file. */
  readonly origin: string;
}

/** One leaf condition of a rule, with its three-valued outcome for this site. */
export interface ConditionResult {
  readonly fact: string;
  readonly operator: string;
  readonly value: unknown;
  readonly outcome: Outcome;
  /** Did the limb's outcome depend on this condition? (A not-met `all` needs only its not-met parts.) */
  readonly needed: boolean;
  /** The fact's value at this site, or undefined when it is not known. */
  readonly actual?: unknown;
  readonly description?: string;
}

export interface LimbResult {
  readonly limb: number;
  readonly rule: string;
  readonly title: string;
  readonly outcome: Outcome;
  /** Known facts the rule read, by dotted path (as written in the site file). */
  readonly facts: Readonly<Record<string, unknown>>;
  /** Facts the rule needed that are not known; empty unless the outcome is unknown. */
  readonly missing: readonly string[];
  /** Where each fact in `facts` is written in the site file. */
  readonly locations: Readonly<Record<string, Position>>;
  /** Parameters the rule used, by name. */
  readonly parameters: Readonly<Record<string, ParameterUse>>;
  readonly conditions: readonly ConditionResult[];
  readonly citation: Citation;
}

export interface Finding {
  readonly kind: FindingKind;
  readonly equipment: string;
  readonly message: string;
  readonly manufacturer: string;
  /** Id of the supplier-register entry that matched. */
  readonly supplier: string;
  readonly status: 'installed' | 'planned';
  readonly removalDue?: string;
  readonly line: number;
  readonly column: number;
}

export interface SiteResult {
  readonly id: string;
  readonly name: string;
  readonly organisation?: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** 0-based position of the document within its file. */
  readonly document: number;
  readonly verdict: Verdict;
  readonly limbs: readonly LimbResult[];
  readonly findings: readonly Finding[];
  /** For undetermined sites: the facts that would decide the verdict. Empty otherwise. */
  readonly decidingFacts: readonly string[];
}

export interface InputError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** JSON pointer into the document ("" for the whole document or file). */
  readonly path: string;
  readonly message: string;
  /** Stable machine code, such as `unknown-key` or `yaml-syntax`. */
  readonly code: string;
  /** Site id, when the error belongs to an identifiable site. */
  readonly site?: string;
}

export interface Summary {
  readonly sites: number;
  readonly sensitive: number;
  readonly 'not-sensitive': number;
  readonly undetermined: number;
  readonly errors: number;
  readonly findings: Readonly<Record<FindingKind, number>>;
}

/**
 * Something the directory walk passed over, reported rather than skipped in silence: a hidden site
 * file or folder (`.draft.yaml`, `.old/`), a link to nothing, a site-named pipe or device.
 */
export interface SkippedEntry {
  /** As shown to users, relative to the working directory; a folder ends in `/`. */
  readonly file: string;
  readonly reason: 'hidden' | 'broken-link' | 'not-a-file';
}

export interface Report {
  readonly tool: { readonly name: 'sitecheck'; readonly version: string };
  readonly rules: {
    readonly sha256: string;
    readonly parameters: Readonly<Record<string, number>>;
  };
  readonly asOf: string;
  readonly sites: readonly SiteResult[];
  readonly errors: readonly InputError[];
  /** What the walk passed over (present only when something was). */
  readonly skipped?: readonly SkippedEntry[];
  readonly summary: Summary;
}

export function summarise(sites: readonly SiteResult[], errors: readonly InputError[]): Summary {
  const findings: Record<FindingKind, number> = {
    'prohibited-equipment': 0,
    'removal-overdue': 0,
    'equipment-at-risk': 0,
  };
  const counts = { sensitive: 0, 'not-sensitive': 0, undetermined: 0 };
  for (const site of sites) {
    counts[site.verdict]++;
    for (const f of site.findings) findings[f.kind]++;
  }
  return { sites: sites.length, ...counts, errors: errors.length, findings };
}

/** What `--fail-on` may name. */
export type FailOn = 'errors' | 'undetermined' | FindingKind;
export const FAIL_ON_VALUES: readonly FailOn[] = ['errors', 'undetermined', ...FINDING_KINDS];
export const DEFAULT_FAIL_ON: readonly FailOn[] = ['errors', 'prohibited-equipment', 'removal-overdue'];

/** Does this site carry something that --fail-on names? */
export function siteFails(site: SiteResult, failOn: ReadonlySet<FailOn>): boolean {
  if (failOn.has('undetermined') && site.verdict === 'undetermined') return true;
  return site.findings.some((f) => failOn.has(f.kind));
}

/** The exit-code policy: 0 clean, 1 input errors or results --fail-on names. (2 is decided by the CLI.) */
export function exitCode(report: Report, failOn: readonly FailOn[]): 0 | 1 {
  const set = new Set(failOn);
  if (report.errors.length > 0 && set.has('errors')) return 1;
  return report.sites.some((s) => siteFails(s, set)) ? 1 : 0;
}
