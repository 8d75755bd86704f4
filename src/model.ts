// The result model: the one structure every consumer (CLI formats, TUI, reports) reads.
// Nothing outside src/engine re-evaluates a site; everything else renders these objects.

export type Verdict = 'sensitive' | 'not-sensitive' | 'undetermined';
export type Outcome = 'met' | 'not-met' | 'unknown';
/**
 * A finding kind, such as `prohibited-equipment`. Kinds are data: each obligation rule in
 * rules/obligations/ names the kind it reports (and the kind of its at-risk form), so no list of
 * kinds is written in TypeScript. The kinds a ruleset can report are `FailOnSpec.kinds`.
 */
export type FindingKind = string;
export type ScopeOutcome = 'in-scope' | 'out-of-scope' | 'unknown';
export type Estate = 'central-government' | 'arms-length-body' | 'other-public-authority' | 'private' | 'unknown';
/** How a finding is shown: `error` (fails by default), `warning`, `note` (informational). From its rule. */
export type FindingSeverity = 'error' | 'warning' | 'note';

export const VERDICTS: readonly Verdict[] = ['sensitive', 'not-sensitive', 'undetermined'];
export const SCOPE_OUTCOMES: readonly ScopeOutcome[] = ['in-scope', 'out-of-scope', 'unknown'];

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
  /** A number (a threshold), a date (YYYY-MM-DD) or a word (an estate). */
  readonly value: number | string;
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

/** A limb's outcome: a RuleTrace (below) with the limb's number, rule, title and citation. */
export interface LimbResult extends RuleTrace {
  readonly limb: number;
  readonly rule: string;
  readonly title: string;
  readonly citation: Citation;
}

/**
 * What a rule (a limb, the scope rule, the exclusion rule, an obligation) found for one site or
 * one equipment item: its three-valued outcome and the conditions, facts and parameters behind it.
 */
export interface RuleTrace {
  readonly outcome: Outcome;
  /** Known facts the rule's deciding conditions read, by dotted path (`estate`, `equipment.0.network`). */
  readonly facts: Readonly<Record<string, unknown>>;
  /** Facts the rule needed that are not known; empty unless the outcome is unknown. */
  readonly missing: readonly string[];
  /** Where each fact in `facts` is written in the site file. */
  readonly locations: Readonly<Record<string, Position>>;
  readonly parameters: Readonly<Record<string, ParameterUse>>;
  readonly conditions: readonly ConditionResult[];
}

/** Does the instruction apply to this site at all? (policy.md, Scope.) */
export interface ScopeResult extends Omit<RuleTrace, 'outcome'> {
  readonly outcome: ScopeOutcome;
  /** The estate the rule used: the site's own, or the `scope.default_estate` parameter's. */
  readonly estate: Estate;
  readonly estateFrom: 'site' | 'parameter';
  /** The site's recorded scope judgement, when one is recorded (true or false). */
  readonly judgement?: boolean;
  /** The scope rule's id (a file in rules/scope/). */
  readonly rule: string;
  readonly title: string;
  readonly citation: Citation;
  /** Every citation of the rule, the first being `citation`. */
  readonly citations: readonly Citation[];
}

/** The department's decision of record, shown beside the computed verdict. */
export interface DeterminationResult {
  readonly verdict: 'sensitive' | 'not-sensitive';
  readonly by?: string;
  readonly on?: string;
  readonly reference?: string;
  /** Does it agree with the computed verdict? null when the computed verdict is undetermined. */
  readonly agrees: boolean | null;
}

/** Why the exclusion applies (each a met branch of the exclusion rule). */
export type ExclusionReason = 'verdict' | 'extend_measures' | 'determination';

/** Does the exclusion apply here: in scope and (sensitive, or measures extended, or determined sensitive)? */
export interface ExclusionResult extends RuleTrace {
  readonly rule: string;
  /** The branches that are met (empty unless the outcome is met). */
  readonly why: readonly ExclusionReason[];
}

export interface Finding {
  readonly kind: FindingKind;
  /** The obligation rule that reported it (its file name in rules/obligations/). */
  readonly rule: string;
  /** `met`: every condition of the rule is met. `unknown`: the at-risk form, some condition unknown, none not-met. */
  readonly outcome: 'met' | 'unknown';
  readonly severity: FindingSeverity;
  /** Does the default --fail-on name this kind? (From the rule.) */
  readonly failsByDefault: boolean;
  /** The equipment item; absent for site-level findings (out-of-scope, determination-conflict). */
  readonly equipment?: string;
  readonly message: string;
  readonly manufacturer?: string;
  /** Id of the supplier-register entry that matched, when one did. */
  readonly supplier?: string;
  readonly status?: 'installed' | 'planned';
  readonly removalDue?: string;
  readonly line: number;
  readonly column: number;
  /** The rule's citation, and every further citation of the rule. */
  readonly citation: Citation;
  readonly citations: readonly Citation[];
  /** Known facts the rule used, by dotted path. */
  readonly facts: Readonly<Record<string, unknown>>;
  /** Facts that are not known; empty unless the outcome is unknown. */
  readonly missing: readonly string[];
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
  /** For undetermined sites: recorded judgements that would also settle it (`vetting.significant`). */
  readonly judgements?: readonly string[];
  /** (v2) Does the instruction apply here? */
  readonly scope?: ScopeResult;
  /** (v2) The department's determination, when the site records one. */
  readonly determination?: DeterminationResult;
  /** (v2) Does the exclusion apply (scope and verdict, extended measures or determination combined)? */
  readonly exclusion?: ExclusionResult;
  /** (v2) The site records that the department applies the same measures here. */
  readonly extendMeasures?: boolean;
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
  /** Findings by kind: every kind the rules can report, 0 when none was found. */
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
    readonly parameters: Readonly<Record<string, number | string>>;
  };
  readonly asOf: string;
  readonly sites: readonly SiteResult[];
  readonly errors: readonly InputError[];
  /** What the walk passed over (present only when something was). */
  readonly skipped?: readonly SkippedEntry[];
  readonly summary: Summary;
}

/** The finding kinds a ruleset can report and which of them fail by default (from the obligation rules). */
export interface FailOnSpec {
  /** Every finding kind, in rule order. */
  readonly kinds: readonly FindingKind[];
  /** What --fail-on may name: errors, undetermined and every kind. */
  readonly values: readonly FailOn[];
  /** The default --fail-on: errors and the kinds whose rules fail by default. */
  readonly defaults: readonly FailOn[];
}

export function failOnSpec(obligations: readonly { readonly kind: string; readonly unknownKind?: string; readonly failsByDefault: boolean; readonly unknownFailsByDefault?: boolean }[]): FailOnSpec {
  const kinds: string[] = [];
  const defaults: string[] = ['errors'];
  const add = (kind: string, fails: boolean): void => {
    if (!kinds.includes(kind)) kinds.push(kind);
    if (fails && !defaults.includes(kind)) defaults.push(kind);
  };
  for (const o of obligations) {
    add(o.kind, o.failsByDefault);
    if (o.unknownKind) add(o.unknownKind, o.unknownFailsByDefault === true);
  }
  return { kinds, values: ['errors', 'undetermined', ...kinds], defaults };
}

export function summarise(sites: readonly SiteResult[], errors: readonly InputError[], kinds: readonly FindingKind[] = []): Summary {
  const findings: Record<FindingKind, number> = {};
  for (const k of kinds) findings[k] = 0;
  const counts = { sensitive: 0, 'not-sensitive': 0, undetermined: 0 };
  for (const site of sites) {
    counts[site.verdict]++;
    for (const f of site.findings) findings[f.kind] = (findings[f.kind] ?? 0) + 1;
  }
  return { sites: sites.length, ...counts, errors: errors.length, findings };
}

/** What `--fail-on` may name: `errors`, `undetermined`, or a finding kind of the rules in use. */
export type FailOn = string;

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
