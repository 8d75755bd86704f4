// Three-valued evaluation on json-rules-engine.
//
// json-rules-engine is two-valued: left alone, an undefined fact can satisfy `notEqual`. Here a
// missing or `unknown` fact is never an answer. The safe path resolver turns it into the UNKNOWN
// marker, and every comparison operator is wrapped in a decorator that, for UNKNOWN, answers
// according to the run's mode. Each rule is run twice for a site:
//   - pessimistic: every unknown comparison counts against the rule;
//   - optimistic: every unknown comparison counts for it
// (comparisons under an odd number of `not`s are given the opposite answer). Because all, any and
// not are monotone in this sense, the pair of runs is exactly strong Kleene logic: the limb is met
// when even the pessimistic run passes, not-met when even the optimistic run fails, and unknown
// otherwise. Each leaf's own outcome is read the same way from the two runs' condition results.
// Runs are queued, so no Engine (json-rules-engine's is not safe for concurrent runs) ever runs two
// at once: one site at a time, one rule at a time, one mode at a time.
//
// Each rule has its own Engine (rules never feed one another), so each rule's pair of runs can be
// cached by the values of the facts that rule reads: evaluation is a pure function of those values
// (parameters are fixed for the Evaluator), so a cached answer is exactly the answer a run gives.
// On a real estate most sites share their few limb-1, 3 and 4 facts, and the runs are skipped.
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { ConditionResult, LimbResult, Outcome, ParameterUse, Position, SiteResult, Verdict } from '../model.js';
import type { SiteRecord } from '../input/sites.js';
import type { Condition, LeafCondition, RuleDef, Ruleset } from '../rules/ruleset.js';
import { ruleLeaves } from '../rules/ruleset.js';
import { DERIVED_FACTS, UNKNOWN, type Known } from './derived.js';
import { equipmentFindings, type SupplierMatcher, supplierMatcher } from './findings.js';

type Mode = 'optimistic' | 'pessimistic';

/** Paths already split into segments (rules read the same few paths for every site). */
const SPLIT_PATHS = new Map<string, readonly string[]>();

/**
 * The only way the engine reads a fact's value: a dotted path of own property names. No JSONPath,
 * no filters, no expressions; anything missing, null or `unknown` is UNKNOWN.
 */
export function safePathResolver(value: unknown, path: string): Known<unknown> {
  let cur: unknown = value;
  let segs = SPLIT_PATHS.get(path);
  if (!segs) {
    segs = path.split('.');
    if (SPLIT_PATHS.size < 10_000) SPLIT_PATHS.set(path, segs);
  }
  for (const seg of segs) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) {
      return UNKNOWN;
    }
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur === undefined || cur === null || cur === 'unknown' ? UNKNOWN : cur;
}

/**
 * Set a value at a dotted path in an object tree, building prototype-free objects as needed, so a
 * segment such as `__proto__` or `constructor` is an ordinary own property and never a prototype.
 */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segs = path.split('.');
  let cur = target;
  for (const seg of segs.slice(0, -1)) {
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) {
      Object.defineProperty(cur, seg, { value: Object.create(null), enumerable: true, writable: true, configurable: true });
    }
    cur = cur[seg] as Record<string, unknown>;
  }
  Object.defineProperty(cur, segs[segs.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
}

/** Rewrite a rule's conditions for the engine: comparisons go through the three-valued decorators. */
function rewrite(c: Condition, positive: boolean): unknown {
  if ('all' in c) return { all: c.all.map((x) => rewrite(x, positive)) };
  if ('any' in c) return { any: c.any.map((x) => rewrite(x, positive)) };
  if ('not' in c) return { not: rewrite(c.not, !positive) };
  const operator = c.operator === 'isKnown' ? 'isKnown' : `${positive ? 'k3' : 'k3neg'}:${c.operator}`;
  return { fact: c.fact, path: c.path, operator, value: c.value };
}

interface EngineLeaf {
  result?: boolean;
  factResult?: unknown;
}

function engineLeaves(c: unknown, out: EngineLeaf[] = []): EngineLeaf[] {
  const node = c as Record<string, unknown>;
  if (Array.isArray(node.all)) node.all.forEach((x) => engineLeaves(x, out));
  else if (Array.isArray(node.any)) node.any.forEach((x) => engineLeaves(x, out));
  else if (node.not) engineLeaves(node.not, out);
  else out.push(node as EngineLeaf);
  return out;
}

/**
 * Which leaves decided the outcome. Given each leaf's three-valued outcome, combine them up the
 * tree (strong Kleene) and mark, top-down, the leaves the result depends on: a not-met `all`
 * depends only on its not-met children, a met `any` only on its met children. The combined root
 * must agree with the engine's two runs; a disagreement is a bug and is thrown.
 */
function neededLeaves(root: Condition, outcomes: readonly Outcome[]): { outcome: Outcome; needed: boolean[] } {
  const needed = outcomes.map(() => false);
  let next = 0;
  type Node = { outcome: Outcome; children: Node[]; kind: 'all' | 'any' | 'not' | 'leaf'; index: number };
  const build = (c: Condition): Node => {
    if ('all' in c || 'any' in c) {
      const kind = 'all' in c ? 'all' : 'any';
      const children = ('all' in c ? c.all : (c as { any: readonly Condition[] }).any).map(build);
      const os = children.map((ch) => ch.outcome);
      const [win, lose] = kind === 'all' ? (['not-met', 'met'] as const) : (['met', 'not-met'] as const);
      const outcome: Outcome = os.includes(win) ? win : os.every((o) => o === lose) ? lose : 'unknown';
      return { outcome, children, kind, index: -1 };
    }
    if ('not' in c) {
      const child = build(c.not);
      const outcome: Outcome = child.outcome === 'met' ? 'not-met' : child.outcome === 'not-met' ? 'met' : 'unknown';
      return { outcome, children: [child], kind: 'not', index: -1 };
    }
    const index = next++;
    return { outcome: outcomes[index]!, children: [], kind: 'leaf', index };
  };
  const mark = (n: Node): void => {
    if (n.kind === 'leaf') {
      needed[n.index] = true;
      return;
    }
    const deciding = n.kind === 'all' ? 'not-met' : n.kind === 'any' ? 'met' : undefined;
    const only = deciding !== undefined && n.outcome === deciding;
    for (const ch of n.children) if (!only || ch.outcome === deciding) mark(ch);
  };
  const tree = build(root);
  mark(tree);
  return { outcome: tree.outcome, needed };
}

interface RunResult {
  readonly passed: boolean;
  readonly leaves: readonly EngineLeaf[];
}

interface RulePair {
  readonly pessimistic: RunResult;
  readonly optimistic: RunResult;
}

/** Most cached fact-value tuples kept per rule; the cache starts again when full. */
const CACHE_LIMIT = 50_000;

/**
 * One fact value in a cache key. Distinct values always give distinct text (the separator
 * \u0001 never appears: JSON escapes it), and UNKNOWN is distinct from every value.
 */
function cacheKeyPart(v: unknown): string | undefined {
  if (v === UNKNOWN) return 'u';
  if (typeof v === 'number') return Object.is(v, -0) ? 'n-0' : `n${String(v)}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  return undefined; // a list or mapping: not cached (rules compare plain values)
}

export class Evaluator {
  private readonly engines = new Map<string, InstanceType<typeof Engine>>();
  private readonly cache = new Map<string, Map<string, RulePair>>();
  private mode: Mode = 'pessimistic';
  private queue: Promise<unknown> = Promise.resolve();
  private readonly parameters: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private readonly leaves = new Map<string, LeafCondition[]>();
  private readonly matcher: SupplierMatcher;

  constructor(readonly ruleset: Ruleset) {
    const answerFor = (positive: boolean): boolean => (this.mode === 'optimistic') === positive;
    for (const p of ruleset.parameters.values()) setPath(this.parameters, p.name, p.value);
    for (const rule of ruleset.rules) {
      this.leaves.set(rule.id, ruleLeaves(rule));
      const engine = new Engine([], {
        allowUndefinedFacts: false,
        allowUndefinedConditions: false,
        replaceFactsInEventParams: false,
        pathResolver: safePathResolver as (value: object, path: string) => unknown,
      });
      engine.addOperatorDecorator('k3', (fact: unknown, value: unknown, next: (a: unknown, b: unknown) => boolean) =>
        fact === UNKNOWN ? answerFor(true) : next(fact, value));
      engine.addOperatorDecorator('k3neg', (fact: unknown, value: unknown, next: (a: unknown, b: unknown) => boolean) =>
        fact === UNKNOWN ? answerFor(false) : next(fact, value));
      // Whether a fact is known is itself always known.
      engine.addOperator('isKnown', (fact: unknown, value: unknown) => (fact !== UNKNOWN) === value);
      const props: RuleProperties = {
        name: rule.id,
        conditions: rewrite(rule.conditions, true) as TopLevelCondition,
        event: { type: rule.event.type, params: { rule: rule.id, limb: rule.limb } },
      };
      engine.addRule(props);
      this.engines.set(rule.id, engine);
      this.cache.set(rule.id, new Map());
    }
    this.matcher = supplierMatcher(ruleset.suppliers, ruleset.supplierSuffixes);
  }

  /** The supplier-register entry a manufacturer's name matches, if any (the matcher findings use). */
  matchSupplier(manufacturer: string): ReturnType<SupplierMatcher> {
    return this.matcher(manufacturer);
  }

  /** Evaluate one site. Calls are queued: the engine never runs two sites at once. */
  evaluate(site: SiteRecord, asOf: string): Promise<SiteResult> {
    const next = this.queue.then(() => this.evaluateNow(site, asOf));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(rule: RuleDef, mode: Mode, facts: Record<string, unknown>): Promise<RunResult> {
    this.mode = mode;
    const { results, failureResults } = await this.engines.get(rule.id)!.run(facts);
    const r = [...results, ...failureResults].find((x) => String(x.name) === rule.id);
    if (!r) throw new Error(`rule ${rule.id} produced no result`);
    // Keep only what limbResult reads, so cached entries stay small.
    return { passed: r.result === true, leaves: engineLeaves(r.conditions).map((l) => ({ result: l.result, factResult: l.factResult })) };
  }

  /** The pair of runs for one rule, from the cache when a site with the same fact values was seen. */
  private async runPair(rule: RuleDef, facts: Record<string, unknown>): Promise<RulePair> {
    const leaves = this.leaves.get(rule.id)!;
    let key: string | undefined = '';
    for (const l of leaves) {
      const part = cacheKeyPart(safePathResolver(facts[l.fact], l.path));
      if (part === undefined) {
        key = undefined;
        break;
      }
      key += part + '\u0001';
    }
    const cache = this.cache.get(rule.id)!;
    let pair = key === undefined ? undefined : cache.get(key);
    if (!pair) {
      pair = { pessimistic: await this.run(rule, 'pessimistic', facts), optimistic: await this.run(rule, 'optimistic', facts) };
      if (key !== undefined) {
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(key, pair);
      }
    }
    return pair;
  }

  private async evaluateNow(site: SiteRecord, asOf: string): Promise<SiteResult> {
    const get = (path: string): Known<unknown> => safePathResolver(site.data, path);
    const derived = Object.create(null) as Record<string, unknown>;
    for (const d of DERIVED_FACTS) setPath(derived, d.path, d.compute(get));
    const facts = { site: site.data, derived, parameters: this.parameters };
    const limbs: LimbResult[] = [];
    for (const rule of this.ruleset.rules) {
      const pair = await this.runPair(rule, facts);
      limbs.push(this.limbResult(rule, site, pair));
    }
    const verdict = verdictOf(limbs.map((l) => l.outcome));
    const decidingFacts = verdict === 'undetermined' ? [...new Set(limbs.filter((l) => l.outcome === 'unknown').flatMap((l) => l.missing))] : [];
    return {
      id: site.data.id,
      name: site.data.name,
      ...(site.data.organisation !== undefined ? { organisation: site.data.organisation } : {}),
      file: site.file,
      line: site.position.line,
      column: site.position.column,
      document: site.document,
      verdict,
      limbs,
      findings: equipmentFindings(site, verdict, asOf, this.matcher),
      decidingFacts,
    };
  }

  private limbResult(rule: RuleDef, site: SiteRecord, { pessimistic: pess, optimistic: opt }: RulePair): LimbResult {
    const outcome: Outcome = pess.passed ? 'met' : opt.passed ? 'unknown' : 'not-met';
    if (pess.passed && !opt.passed) throw new Error(`rule ${rule.id}: pessimistic run passed but optimistic failed`);
    const leaves = this.leaves.get(rule.id)!;
    const leafOutcomes: Outcome[] = leaves.map((_, i) => {
      const p = pess.leaves[i]?.result;
      const o = opt.leaves[i]?.result;
      return p === o ? (p ? 'met' : 'not-met') : 'unknown';
    });
    const { outcome: combined, needed } = neededLeaves(rule.conditions, leafOutcomes);
    if (combined !== outcome) throw new Error(`rule ${rule.id}: engine gave ${outcome}, conditions combine to ${combined}`);
    const facts: Record<string, unknown> = {};
    const locations: Record<string, Position> = {};
    const missing: string[] = [];
    const parameters: Record<string, ParameterUse> = {};
    const conditions: ConditionResult[] = leaves.map((leaf, i) => {
      const leafOutcome = leafOutcomes[i]!;
      const inputs = leaf.fact === 'derived' ? DERIVED_FACTS.find((d) => d.path === leaf.path)!.inputs : [leaf.path];
      for (const path of inputs) {
        const v = safePathResolver(site.data, path);
        if (v !== UNKNOWN) {
          if (needed[i]) {
            facts[path] = v;
            const pos = site.positions.get(path);
            if (pos) locations[path] = pos;
          }
        } else if (outcome === 'unknown' && leafOutcome === 'unknown' && !missing.includes(path)) {
          missing.push(path);
        }
      }
      const ref = leaf.value as { fact?: string; path?: string } | null;
      const param = ref && typeof ref === 'object' && !Array.isArray(ref) && ref.fact === 'parameters' && ref.path ? this.ruleset.parameters.get(ref.path) : undefined;
      if (param && needed[i]) {
        parameters[param.name] = { value: param.value, interpretation: param.interpretation, description: param.description, origin: param.origin };
      }
      const actual = leaf.fact === 'derived' ? derivedValue(pess.leaves[i]) : safePathResolver(site.data, leaf.path);
      return {
        fact: leaf.fact === 'derived' ? `derived.${leaf.path}` : leaf.path,
        operator: leaf.operator,
        value: param ? { parameter: param.name, value: param.value } : leaf.value,
        outcome: leafOutcome,
        needed: needed[i]!,
        ...(actual !== undefined && actual !== UNKNOWN ? { actual } : {}),
        description: leaf.description,
      };
    });
    return {
      limb: rule.limb,
      rule: rule.id,
      title: rule.title,
      outcome,
      facts,
      missing,
      locations,
      parameters,
      conditions,
      citation: rule.citation,
    };
  }
}

function derivedValue(leaf: EngineLeaf | undefined): unknown {
  const v = leaf?.factResult;
  return v === UNKNOWN ? undefined : v;
}

/** At least one limb met: sensitive. Every limb not met: not-sensitive. Otherwise undetermined. */
export function verdictOf(outcomes: readonly Outcome[]): Verdict {
  if (outcomes.includes('met')) return 'sensitive';
  if (outcomes.every((o) => o === 'not-met')) return 'not-sensitive';
  return 'undetermined';
}
