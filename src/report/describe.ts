// Words shared by the HTML and Markdown reports: how values, outcomes and rule conditions read in
// plain English. Nothing here evaluates a site; it only describes the result model and the rules.
import type { Outcome, Report, Verdict } from '../model.js';
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
