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
import type {
  ConditionResult, DeterminationResult, Estate, ExclusionReason, ExclusionResult, Finding, LimbResult, Outcome, ParameterUse, Position,
  RuleTrace, ScopeResult, SiteResult, Verdict,
} from '../model.js';
import type { SiteRecord } from '../input/sites.js';
import type { Condition, EngineRule, LeafCondition, Ruleset } from '../rules/ruleset.js';
import { ruleLeaves } from '../rules/ruleset.js';
import { DERIVED_FACTS, UNKNOWN, type DerivedContext, type Known, type Stage } from './derived.js';
import { findingOf, FindingWords, type SupplierMatcher } from './findings.js';
import { createRegister, type Register } from './register.js';

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

/** What one rule found for one site (or one equipment item): for fixtures and coverage. */
export interface RuleRun {
  readonly rule: string;
  /** The equipment item's index, for equipment obligations. */
  readonly item?: number;
  readonly trace: RuleTrace;
}

/** Where each leaf of a rule reads its values: the site, the equipment item, or a derived fact. */
interface View {
  readonly site: SiteRecord;
  readonly ctx: DerivedContext;
  /** The equipment item and its index, for equipment obligations. */
  readonly item?: { readonly index: number; readonly data: Record<string, unknown> };
}

/** Which branch of the exclusion rule a met leaf stands for (the reasons shown beside it). */
const EXCLUSION_REASONS: Readonly<Record<string, ExclusionReason>> = {
  'derived.verdict': 'verdict',
  extend_measures: 'extend_measures',
  'determination.verdict': 'determination',
};

export class Evaluator {
  private readonly engines = new Map<string, InstanceType<typeof Engine>>();
  private readonly cache = new Map<string, Map<string, RulePair>>();
  private mode: Mode = 'pessimistic';
  private queue: Promise<unknown> = Promise.resolve();
  private readonly parameters: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private readonly leaves = new Map<string, LeafCondition[]>();
  private readonly matcher: SupplierMatcher;
  /** The supplier register (src/engine/register.ts): matches, near misses. */
  readonly register: Register;

  constructor(readonly ruleset: Ruleset) {
    const answerFor = (positive: boolean): boolean => (this.mode === 'optimistic') === positive;
    for (const p of ruleset.parameters.values()) setPath(this.parameters, p.name, p.value);
    const all: EngineRule[] = [...ruleset.rules, ruleset.scope, ruleset.exclusion, ...ruleset.obligations];
    for (const rule of all) {
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
        event: { type: 'rule-met', params: { rule: rule.id } },
      };
      engine.addRule(props);
      this.engines.set(rule.id, engine);
      this.cache.set(rule.id, new Map());
    }
    this.register = createRegister(ruleset.suppliers, ruleset.supplierSuffixes);
    this.matcher = (name) => this.register.matchSupplier(name)?.supplier;
  }

  /** The supplier-register entry a manufacturer's name matches, if any (the matcher findings use). */
  matchSupplier(manufacturer: string): ReturnType<SupplierMatcher> {
    return this.matcher(manufacturer);
  }

  /** Evaluate one site. Calls are queued: the engine never runs two sites at once. */
  evaluate(site: SiteRecord, asOf: string): Promise<SiteResult> {
    return this.evaluateTraced(site, asOf).then((r) => r.result);
  }

  /** Evaluate one site, with what every rule (limb, scope, exclusion, obligation per item) found. */
  evaluateTraced(site: SiteRecord, asOf: string): Promise<{ result: SiteResult; runs: RuleRun[] }> {
    const next = this.queue.then(() => this.evaluateNow(site, asOf));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(rule: EngineRule, mode: Mode, facts: Record<string, unknown>): Promise<RunResult> {
    this.mode = mode;
    const { results, failureResults } = await this.engines.get(rule.id)!.run(facts);
    const r = [...results, ...failureResults].find((x) => String(x.name) === rule.id);
    if (!r) throw new Error(`rule ${rule.id} produced no result`);
    // Keep only what the traces read, so cached entries stay small.
    return { passed: r.result === true, leaves: engineLeaves(r.conditions).map((l) => ({ result: l.result, factResult: l.factResult })) };
  }

  /** The pair of runs for one rule, from the cache when the same fact values were seen. */
  private async runPair(rule: EngineRule, facts: Record<string, unknown>): Promise<RulePair> {
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

  private async evaluateNow(site: SiteRecord, asOf: string): Promise<{ result: SiteResult; runs: RuleRun[] }> {
    const get = (path: string): Known<unknown> => safePathResolver(site.data, path);
    const equipment = (site.data.equipment ?? []) as unknown as Record<string, unknown>[];
    let ctx: DerivedContext = {
      get, asOf, equipment,
      param: (name) => this.ruleset.parameters.get(name)?.value,
      match: (name) => this.matcher(name),
      nearMiss: (name) => this.register.nearMiss(name)?.alias,
    };
    const derived = Object.create(null) as Record<string, unknown>;
    const fill = (stage: Stage): void => {
      for (const d of DERIVED_FACTS) if (d.stage === stage) setPath(derived, d.path, d.compute(ctx));
    };
    fill('facts');
    const facts = { site: site.data, item: Object.create(null) as object, derived, parameters: this.parameters };
    const runs: RuleRun[] = [];
    const traced = async (rule: EngineRule, view: View, f: Record<string, unknown> = facts): Promise<RuleTrace> => {
      const trace = this.trace(rule, view, await this.runPair(rule, f));
      runs.push({ rule: rule.id, ...(view.item ? { item: view.item.index } : {}), trace });
      return trace;
    };

    // The definition: one rule per limb.
    const limbs: LimbResult[] = [];
    for (const rule of this.ruleset.rules) {
      const t = await traced(rule, { site, ctx });
      // A recorded judgement is not a fact: it is never among the facts that would decide a site.
      const missing = t.missing.filter((m) => !rule.judgements.includes(m));
      limbs.push({ limb: rule.limb, rule: rule.id, title: rule.title, ...t, missing, citation: rule.citation });
    }
    const verdict = verdictOf(limbs.map((l) => l.outcome));
    const decidingFacts = verdict === 'undetermined' ? [...new Set(limbs.filter((l) => l.outcome === 'unknown').flatMap((l) => l.missing))] : [];
    const judgements = verdict === 'undetermined'
      ? [...new Set(this.ruleset.rules.filter((r, i) => limbs[i]!.outcome === 'unknown').flatMap((r) => r.judgements).filter((j) => get(j) === UNKNOWN))]
      : [];
    ctx = { ...ctx, verdict, decidingFacts };
    fill('verdict');

    // Scope, then the exclusion.
    const scopeRule = this.ruleset.scope;
    const st = await traced(scopeRule, { site, ctx });
    const ownEstate = get('estate');
    const defaultEstate = this.ruleset.parameters.get('scope.default_estate')?.value;
    const judgement = get('scope_judgement');
    const scope: ScopeResult = {
      ...st,
      outcome: st.outcome === 'met' ? 'in-scope' : st.outcome === 'not-met' ? 'out-of-scope' : 'unknown',
      estate: (ownEstate !== UNKNOWN ? ownEstate : typeof defaultEstate === 'string' ? defaultEstate : 'unknown') as Estate,
      estateFrom: ownEstate !== UNKNOWN ? 'site' : 'parameter',
      ...(typeof judgement === 'boolean' ? { judgement } : {}),
      rule: scopeRule.id,
      title: scopeRule.title,
      citation: scopeRule.citation,
      citations: scopeRule.citations,
    };
    ctx = { ...ctx, scope };
    fill('scope');
    const et = await traced(this.ruleset.exclusion, { site, ctx });
    const why = et.outcome === 'met'
      ? [...new Set(et.conditions.filter((c) => c.outcome === 'met' && c.needed && c.operator !== 'isKnown').map((c) => EXCLUSION_REASONS[c.fact]).filter((r): r is ExclusionReason => r !== undefined))]
      : [];
    const exclusion: ExclusionResult = { ...et, rule: this.ruleset.exclusion.id, why };
    ctx = { ...ctx, exclusion };
    fill('exclusion');

    const d = site.data.determination;
    const determination: DeterminationResult | undefined = d
      ? { verdict: d.verdict, ...(d.by ? { by: d.by } : {}), ...(d.on ? { on: d.on } : {}), ...(d.reference ? { reference: d.reference } : {}), agrees: verdict === 'undetermined' ? null : d.verdict === verdict }
      : undefined;
    const words = new FindingWords(site, this.ruleset, ctx, asOf, verdict, scope, exclusion, determination, this.matcher, this.register);

    // The obligations: site-level ones once, equipment ones once per item.
    const findings: Finding[] = [];
    for (const o of this.ruleset.obligations.filter((x) => x.applies === 'site')) {
      const t = await traced(o, { site, ctx });
      const f = findingOf(o, t, words, undefined);
      if (f) findings.push(f);
    }
    const itemRules = this.ruleset.obligations.filter((x) => x.applies === 'equipment');
    for (const [index, data] of equipment.entries()) {
      const itemCtx: DerivedContext = { ...ctx, item: { index, get: (p) => safePathResolver(data, p) } };
      const itemDerived = Object.assign(Object.create(null) as Record<string, unknown>, derived);
      for (const df of DERIVED_FACTS) if (df.stage === 'equipment') setPath(itemDerived, df.path, df.compute(itemCtx));
      const itemFacts = { ...facts, item: data, derived: itemDerived };
      const atRisk = new Set<string>();
      for (const o of itemRules) {
        const t = await traced(o, { site, ctx: itemCtx, item: { index, data } }, itemFacts);
        const f = findingOf(o, t, words, index);
        // One at-risk finding per item and kind (several rules share the at-risk form).
        if (!f || (f.outcome === 'unknown' && atRisk.has(f.kind))) continue;
        if (f.outcome === 'unknown') atRisk.add(f.kind);
        findings.push(f);
      }
    }

    const result: SiteResult = {
      id: site.data.id,
      name: site.data.name,
      ...(site.data.organisation !== undefined ? { organisation: site.data.organisation } : {}),
      file: site.file,
      line: site.position.line,
      column: site.position.column,
      document: site.document,
      verdict,
      limbs,
      findings,
      decidingFacts,
      ...(judgements.length ? { judgements } : {}),
      scope,
      ...(determination ? { determination } : {}),
      exclusion,
      ...(site.data.extend_measures !== undefined ? { extendMeasures: site.data.extend_measures } : {}),
    };
    return { result, runs };
  }

  /** A rule's three-valued outcome over one site (or item), with its conditions, facts and parameters. */
  private trace(rule: EngineRule, view: View, { pessimistic: pess, optimistic: opt }: RulePair): RuleTrace {
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
    const useParam = (name: string): void => {
      const param = this.ruleset.parameters.get(name);
      if (param) parameters[param.name] = { value: param.value, interpretation: param.interpretation, description: param.description, origin: param.origin };
    };
    const conditions: ConditionResult[] = leaves.map((leaf, i) => {
      const leafOutcome = leafOutcomes[i]!;
      const derivedFact = leaf.fact === 'derived' ? DERIVED_FACTS.find((d) => d.path === leaf.path)! : undefined;
      const inputs = derivedFact
        ? derivedFact.read(view.ctx)
        : leaf.fact === 'item'
          ? [{ path: `equipment.${view.item?.index ?? 0}.${leaf.path}`, value: safePathResolver(view.item?.data, leaf.path) }]
          : [{ path: leaf.path, value: safePathResolver(view.site.data, leaf.path) }];
      for (const { path, value } of inputs) {
        if (path.startsWith('parameters.')) {
          if (needed[i]) useParam(path.slice('parameters.'.length));
          continue;
        }
        if (value !== UNKNOWN) {
          if (needed[i]) {
            facts[path] = value;
            const pos = view.site.positions.get(path);
            if (pos) locations[path] = pos;
          }
        } else if (outcome === 'unknown' && leafOutcome === 'unknown' && needed[i] && !missing.includes(path)) {
          missing.push(path);
        }
      }
      const ref = leaf.value as { fact?: string; path?: string } | null;
      const param = ref && typeof ref === 'object' && !Array.isArray(ref) && ref.fact === 'parameters' && ref.path ? this.ruleset.parameters.get(ref.path) : undefined;
      if (param && needed[i]) useParam(param.name);
      const actual = derivedFact ? derivedValue(pess.leaves[i]) : inputs[0]?.value;
      return {
        fact: leaf.fact === 'derived' ? `derived.${leaf.path}` : leaf.fact === 'item' ? `equipment.${view.item?.index ?? 0}.${leaf.path}` : leaf.path,
        operator: leaf.operator,
        value: param ? { parameter: param.name, value: param.value } : leaf.value,
        outcome: leafOutcome,
        needed: needed[i]!,
        ...(actual !== undefined && actual !== UNKNOWN ? { actual } : {}),
        description: leaf.description,
      };
    });
    return { outcome, facts, missing, locations, parameters, conditions };
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
