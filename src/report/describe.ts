// Words shared by the HTML and Markdown reports: how values, outcomes and rule conditions read in
// plain English. Nothing here evaluates a site; it only describes the result model and the rules.
import type { Finding, Outcome, Report, SiteResult, Verdict } from '../model.js';
import type { Condition, Ruleset } from '../rules/ruleset.js';
import type { Provenance } from './provenance.js';
import { show } from '../format/symbols.js';

export { CONDITION_WORD, FINDING_SYMBOL, OUTCOME_SYMBOL, show, VERDICT_MEANING, VERDICT_SYMBOL } from '../format/symbols.js';

/** Everything a report renderer reads. */
export interface ReportInput {
  readonly report: Report;
  readonly ruleset: Ruleset;
  readonly provenance: Provenance;
}

export const VERDICT_LABEL: Record<Verdict, string> = { sensitive: 'Sensitive', 'not-sensitive': 'Not sensitive', undetermined: 'Undetermined' };
export const OUTCOME_WORD: Record<Outcome, string> = { met: 'met', 'not-met': 'not met', unknown: 'unknown' };

const OPERATOR_WORDS: Record<string, string> = {
  equal: 'is',
  notEqual: 'is not',
  in: 'is one of',
  notIn: 'is none of',
  lessThan: 'is less than',
  lessThanInclusive: 'is at most',
  greaterThan: 'is more than',
  greaterThanInclusive: 'is at least',
  isKnown: 'is known',
};

/** The formal reading of a leaf condition: `classified_material.highest is one of SECRET or TOP SECRET`. */
export function formalLeaf(fact: string, path: string, operator: string, value: unknown): string {
  const name = fact === 'derived' ? `derived.${path}` : path;
  if (operator === 'isKnown') return `${name} ${value === false ? 'is not known' : 'is known'}`;
  const ref = value as { fact?: string; path?: string } | null;
  const shown = ref && typeof ref === 'object' && !Array.isArray(ref) && ref.fact === 'parameters' ? `the parameter ${ref.path}` : show(value);
  return `${name} ${OPERATOR_WORDS[operator] ?? operator} ${shown}`;
}

/** A rule's conditions as a tree of plain-English lines: each leaf's description, under "all of", "any of", "not". */
export type ConditionNode =
  | { readonly kind: 'leaf'; readonly text: string; readonly formal: string }
  | { readonly kind: 'all' | 'any' | 'not'; readonly text: string; readonly children: readonly ConditionNode[] };

export function conditionTree(c: Condition): ConditionNode {
  if ('all' in c) return { kind: 'all', text: 'All of the following:', children: c.all.map(conditionTree) };
  if ('any' in c) return { kind: 'any', text: 'Any one of the following:', children: c.any.map(conditionTree) };
  if ('not' in c) return { kind: 'not', text: 'It is not the case that:', children: [conditionTree(c.not)] };
  return { kind: 'leaf', text: c.description, formal: formalLeaf(c.fact, c.path, c.operator, c.value) };
}

/** Limbs met, as "limbs 1, 3" (empty when none). */
export function limbsMet(limbs: readonly { limb: number; outcome: Outcome }[]): string {
  const met = limbs.filter((l) => l.outcome === 'met').map((l) => String(l.limb));
  return met.length ? `limb${met.length > 1 ? 's' : ''} ${met.join(', ')}` : '';
}

/** The anchor for a site's section. Site ids are restricted to [A-Za-z0-9._-], but escape anyway. */
export function siteAnchor(id: string): string {
  return `site-${id.replace(/[^A-Za-z0-9._-]/g, (ch) => `_${ch.codePointAt(0)!.toString(16)}`)}`;
}

export function sourceAnchor(id: string): string {
  return `source-${id.replace(/[^A-Za-z0-9._-]/g, (ch) => `_${ch.codePointAt(0)!.toString(16)}`)}`;
}

export function ruleAnchor(id: string): string {
  return `rule-${id.replace(/[^A-Za-z0-9._-]/g, (ch) => `_${ch.codePointAt(0)!.toString(16)}`)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Does a site get its full explanation in the report? Those with a finding (a conflict with the
 * determination is one), a recorded determination, an unknown limb or an unknown scope. The rest
 * get one compact row: every fact behind their verdict is known and nothing is asked of them.
 */
export function needsDetail(site: SiteResult): boolean {
  return site.findings.length > 0 || site.determination !== undefined || site.scope?.outcome === 'unknown' || site.limbs.some((l) => l.outcome === 'unknown');
}

/** A site's action items: met findings to act on (by the rule's title), and the facts to record to settle the rest. */
export interface SiteActions {
  /** Met findings, grouped by obligation rule: its title, severity and the equipment concerned. */
  readonly act: readonly { readonly rule: string; readonly title: string; readonly severity: Finding['severity']; readonly kind: string; readonly items: readonly string[] }[];
  /** Facts that, once recorded, would settle an undetermined verdict, an unknown scope or an at-risk finding. */
  readonly settle: readonly string[];
  /** What is unsettled, in words ("the verdict", "the scope", a rule's title). */
  readonly why: readonly string[];
}

export function siteActions(site: SiteResult, ruleset: Ruleset): SiteActions {
  const act = new Map<string, { rule: string; title: string; severity: Finding['severity']; kind: string; items: string[] }>();
  const settle = new Set<string>();
  const why: string[] = [];
  const title = (id: string): string => ruleset.obligations.find((o) => o.id === id)?.title ?? id;
  if (site.verdict === 'undetermined') {
    why.push('the verdict');
    for (const f of site.decidingFacts) settle.add(f);
  }
  if (site.scope?.outcome === 'unknown') {
    why.push('the scope');
    for (const f of site.scope.missing) settle.add(f);
  }
  for (const f of site.findings) {
    if (f.outcome === 'met') {
      const key = `${f.rule}\u0000${f.kind}`;
      let a = act.get(key);
      if (!a) act.set(key, (a = { rule: f.rule, title: title(f.rule), severity: f.severity, kind: f.kind, items: [] }));
      a.items.push(f.equipment ?? '(site)');
    } else {
      const t = title(f.rule);
      if (!why.includes(t)) why.push(t);
      for (const m of f.missing) settle.add(m);
    }
  }
  return { act: [...act.values()], settle: [...settle], why };
}

export const SCOPE_WORD: Record<'in-scope' | 'out-of-scope' | 'unknown', string> = { 'in-scope': 'in scope', 'out-of-scope': 'out of scope', unknown: 'not known' };
export const EXCLUSION_WORD: Record<Outcome, string> = { met: 'applies', 'not-met': 'does not apply', unknown: 'not known' };
