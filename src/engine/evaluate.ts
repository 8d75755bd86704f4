// Three-valued evaluation of the rules (json-rules-engine data in rules/).
//
// json-rules-engine is two-valued: left alone, an undefined fact can satisfy `notEqual`. Here a
// missing or `unknown` fact is never an answer. The safe path resolver turns it into the UNKNOWN
// marker, and every comparison, for UNKNOWN, answers according to the run's mode. Each rule is
// run twice for a site:
//   - pessimistic: every unknown comparison counts against the rule;
//   - optimistic: every unknown comparison counts for it
// (comparisons under an odd number of `not`s are given the opposite answer). Because all, any and
// not are monotone in this sense, the pair of runs is exactly strong Kleene logic: the limb is met
// when even the pessimistic run passes, not-met when even the optimistic run fails, and unknown
// otherwise. Each leaf's own outcome is read the same way from the two runs' condition results.
//
// The pair of runs comes from the rule compiled once into a function (compiled.ts), which gives
// exactly what json-rules-engine's two runs give; `{ oracle }` runs json-rules-engine itself
// instead (oracle.ts), and the tests demand the same results from both.
import type {
  ConditionResult, DeterminationResult, Estate, ExclusionReason, ExclusionResult, Finding, LimbResult, Outcome, ParameterUse, Position,
  RuleTrace, ScopeResult, SiteResult, Verdict,
} from '../model.js';
import type { SiteRecord } from '../input/sites.js';
import type { Condition, EngineRule, LeafCondition, ObligationDef, Ruleset } from '../rules/ruleset.js';
import { ruleLeaves } from '../rules/ruleset.js';
import { DERIVED_FACTS, STAGES, UNKNOWN, type DerivedContext, type DerivedFact, type DerivedInput, type Known, type Stage } from './derived.js';
import { findingOf, FindingWords, type SupplierMatcher } from './findings.js';
import { createRegister, type Register } from './register.js';
import { compileRule, runsOf, type Runs } from './compiled.js';
import type { EngineOracle } from './oracle.js';
import { safePathResolver } from './path.js';

/** How a site's evaluation gets a rule's pair of runs over some facts. */
type Run = (rule: EngineRule, facts: Record<string, unknown>) => Runs;

/** Thrown by the oracle's Run when it has no answer yet (see evaluateTraced). */
const NEED_ANSWER = Symbol('need an answer');

/** The derived facts of each stage, in their order. */
const DERIVED_BY_STAGE = new Map<Stage, readonly DerivedFact[]>(STAGES.map((st) => [st, DERIVED_FACTS.filter((d) => d.stage === st)]));

export interface EvaluatorOptions {
  /** Run the rules on json-rules-engine itself (oracle.ts) instead of the compiled rules: for tests. */
  readonly oracle?: EngineOracle;
}

export { safePathResolver } from './path.js';

/**
 * Set a value at a dotted path in an object tree, building prototype-free objects as needed, so a
 * segment such as `__proto__` or `constructor` is an ordinary own property and never a prototype.
 */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  let segs = SET_PATHS.get(path);
  if (!segs) {
    segs = path.split('.');
    if (SET_PATHS.size < 10_000) SET_PATHS.set(path, segs);
  }
  let cur = target;
  const last = segs.length - 1;
  for (let i = 0; i < last; i++) {
    const seg = segs[i]!;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) {
      Object.defineProperty(cur, seg, { value: Object.create(null), enumerable: true, writable: true, configurable: true });
    }
    cur = cur[seg] as Record<string, unknown>;
  }
  // On an object without a prototype every name (`__proto__` too) is an ordinary own property,
  // so a plain assignment does what defineProperty does (and is much cheaper).
  if (Object.getPrototypeOf(cur) === null && Object.prototype.hasOwnProperty.call(cur, segs[last]!) === false) cur[segs[last]!] = value;
  else Object.defineProperty(cur, segs[last]!, { value, enumerable: true, writable: true, configurable: true });
}
const SET_PATHS = new Map<string, readonly string[]>();

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
  private readonly compiled = new Map<string, (facts: Record<string, unknown>) => Runs>();
  private readonly parameters: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private readonly leaves = new Map<string, LeafCondition[]>();
  private readonly matcher: SupplierMatcher;
  private readonly oracle: EngineOracle | undefined;
  private readonly traces = new Map<string, Map<string, SharedTrace>>();
  /** Per rule, per leaf: its conditions as made (by item index, outcome, need and actual value). */
  private readonly conditionCaches = new Map<string, Map<string, ConditionResult>[]>();
  private readonly derivedByPath = new Map(DERIVED_FACTS.map((d) => [d.path, d]));
  /** Per rule, per leaf: the derived fact it reads (undefined for a site's or an item's own fact). */
  private readonly derivedOf = new Map<string, (DerivedFact | undefined)[]>();
  /** Rules with a derived leaf naming no derived fact (never after the lint): their traces are not shared. */
  private readonly unnamedDerived = new Set<string>();
  private readonly siteObligations: readonly ObligationDef[];
  private readonly itemObligations: readonly ObligationDef[];
  /** The supplier register (src/engine/register.ts): matches, near misses. */
  readonly register: Register;
  /** Deeply frozen copies of the rules' values that results show (citations, condition values). */
  private readonly frozenCopies = new WeakMap<object, unknown>();

  constructor(readonly ruleset: Ruleset, options: EvaluatorOptions = {}) {
    for (const p of ruleset.parameters.values()) setPath(this.parameters, p.name, p.value);
    const all: EngineRule[] = [...ruleset.rules, ruleset.scope, ruleset.exclusion, ...ruleset.obligations];
    for (const rule of all) {
      this.leaves.set(rule.id, ruleLeaves(rule));
      this.compiled.set(rule.id, compileRule(rule));
      this.traces.set(rule.id, new Map());
      this.conditionCaches.set(rule.id, this.leaves.get(rule.id)!.map(() => new Map()));
      this.derivedOf.set(rule.id, this.leaves.get(rule.id)!.map((l) => (l.fact === 'derived' ? this.derivedByPath.get(l.path) : undefined)));
      if (this.leaves.get(rule.id)!.some((l) => l.fact === 'derived' && !this.derivedByPath.has(l.path))) this.unnamedDerived.add(rule.id);
    }
    this.oracle = options.oracle;
    // (Each obligation with its citations deeply frozen: every finding shows them, and shares them.)
    const obligations = ruleset.obligations.map((o) => ({ ...o, citation: this.frozen(o.citation), citations: this.frozen(o.citations) }));
    this.siteObligations = obligations.filter((x) => x.applies === 'site');
    this.itemObligations = obligations.filter((x) => x.applies === 'equipment');
    this.register = createRegister(ruleset.suppliers, ruleset.supplierSuffixes);
    this.matcher = (name) => this.register.matchSupplier(name)?.supplier;
  }

  /** The supplier-register entry a manufacturer's name matches, if any (the matcher findings use). */
  matchSupplier(manufacturer: string): ReturnType<SupplierMatcher> {
    return this.matcher(manufacturer);
  }

  /** Evaluate one site. */
  evaluate(site: SiteRecord, asOf: string): Promise<SiteResult> {
    return this.evaluateTraced(site, asOf).then((r) => r.result);
  }

  /** Evaluate one site, with what every rule (limb, scope, exclusion, obligation per item) found. */
  async evaluateTraced(site: SiteRecord, asOf: string): Promise<{ result: SiteResult; runs: RuleRun[] }> {
    const oracle = this.oracle;
    if (!oracle) return this.evaluateTracedSync(site, asOf, true);
    // The evaluation is synchronous and deterministic; json-rules-engine is not. So it is run
    // again and again: each time the rules answered so far are answered from the oracle's earlier
    // answers, and the first one not yet answered is asked of the oracle, until it runs through.
    const answers: Runs[] = [];
    for (;;) {
      let k = 0;
      let wanted: Parameters<Run> | undefined;
      const run: Run = (rule, facts) => {
        if (k < answers.length) return answers[k++]!;
        wanted = [rule, facts];
        throw NEED_ANSWER;
      };
      try {
        return this.evaluateWith(site, asOf, true, run);
      } catch (e) {
        if (e !== NEED_ANSWER || !wanted) throw e;
      }
      answers.push(runsOf(await oracle.runPair(wanted[0], wanted[1])));
    }
  }

  /**
   * Evaluate one site at once (the compiled rules; not with an oracle). The same SiteResult as
   * evaluate() gives; only the traces of obligations that give no finding are never made.
   */
  evaluateSync(site: SiteRecord, asOf: string): SiteResult {
    return this.evaluateTracedSync(site, asOf, false).result;
  }

  private evaluateTracedSync(site: SiteRecord, asOf: string, wantRuns = true): { result: SiteResult; runs: RuleRun[] } {
    if (this.oracle) throw new Error('evaluateSync runs the compiled rules; this Evaluator runs the oracle');
    return this.evaluateWith(site, asOf, wantRuns, this.runCompiled);
  }

  private readonly runCompiled: Run = (rule, facts) => this.compiled.get(rule.id)!(facts);

  /** A site's evaluation, each rule's pair of runs got from `run`. */
  private evaluateWith(site: SiteRecord, asOf: string, wantRuns: boolean, run: Run): { result: SiteResult; runs: RuleRun[] } {
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
      for (const d of DERIVED_BY_STAGE.get(stage)!) setPath(derived, d.path, d.compute(ctx));
    };
    fill('facts');
    const facts = { site: site.data, item: Object.create(null) as object, derived, parameters: this.parameters };
    const runs: RuleRun[] = [];
    const traced = (rule: EngineRule, view: View, f: Record<string, unknown> = facts): RuleTrace => {
      const trace = this.trace(rule, view, run(rule, f));
      if (wantRuns) runs.push({ rule: rule.id, ...(view.item ? { item: view.item.index } : {}), trace });
      return trace;
    };

    // The definition: one rule per limb.
    const limbs: LimbResult[] = [];
    for (const rule of this.ruleset.rules) {
      const t = traced(rule, { site, ctx });
      // A recorded judgement is not a fact: it is never among the facts that would decide a site.
      const missing = t.missing.filter((m) => !rule.judgements.includes(m));
      limbs.push({ limb: rule.limb, rule: rule.id, title: rule.title, ...t, missing, citation: this.frozen(rule.citation) });
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
    const st = traced(scopeRule, { site, ctx });
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
      citation: this.frozen(scopeRule.citation),
      citations: this.frozen(scopeRule.citations),
    };
    ctx = { ...ctx, scope };
    fill('scope');
    const et = traced(this.ruleset.exclusion, { site, ctx });
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
    // An obligation's trace is made only when it gives a finding (or when every run is asked for).
    const obligation = (o: ObligationDef, view: View, f: Record<string, unknown> = facts): Finding | undefined => {
      if (wantRuns) return findingOf(o, traced(o, view, f), words, view.item?.index);
      const r = run(o, f);
      const outcome = outcomeOf(o, r);
      if (outcome === 'not-met' || (outcome === 'unknown' && !o.unknownKind)) return undefined;
      return findingOf(o, this.trace(o, view, r), words, view.item?.index);
    };
    for (const o of this.siteObligations) {
      const f = obligation(o, { site, ctx });
      if (f) findings.push(f);
    }
    const itemRules = this.itemObligations;
    for (const [index, data] of equipment.entries()) {
      const itemCtx: DerivedContext = { ...ctx, item: { index, get: (p) => safePathResolver(data, p) } };
      const itemDerived = Object.assign(Object.create(null) as Record<string, unknown>, derived);
      for (const df of DERIVED_BY_STAGE.get('equipment')!) setPath(itemDerived, df.path, df.compute(itemCtx));
      const itemFacts = { ...facts, item: data, derived: itemDerived };
      const atRisk = new Set<string>();
      for (const o of itemRules) {
        const f = obligation(o, { site, ctx: itemCtx, item: { index, data } }, itemFacts);
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

  /**
   * A rule's three-valued outcome over one site (or item), with its conditions, facts and parameters.
   * Everything but the locations is a function of the pair of runs and of each leaf's inputs (their
   * paths and values), so it is made once per rule for each such tuple and shared, frozen, by every
   * site with the same tuple; only the locations (where this site writes those facts) are its own.
   */
  private trace(rule: EngineRule, view: View, runs: Runs): RuleTrace {
    // A site's or item's own leaf reads exactly the value its run read (runs.factResults); a
    // derived leaf's inputs are read from the context. The key is made from those values.
    const derivedOf = this.derivedOf.get(rule.id)!;
    const item = view.item?.index;
    const inputs: (readonly DerivedInput[] | undefined)[] = new Array(derivedOf.length);
    let key: string | undefined = `${item ?? ''}:${runs.pessimistic ? 'P' : 'p'}${runs.optimistic ? 'O' : 'o'}`;
    for (let i = 0; i < derivedOf.length; i++) {
      const actual = keyPart(runs.factResults[i]);
      if (actual === undefined) {
        key = undefined;
        break;
      }
      key += `|${bit(runs.p[i])}${bit(runs.o[i])}${actual}`;
      const d = derivedOf[i];
      if (d === undefined) {
        if (this.unnamedDerived.has(rule.id)) key = undefined;
        if (key === undefined) break;
        continue;
      }
      const ins = d.read(view.ctx);
      inputs[i] = ins;
      for (const { path, value } of ins) {
        const part = keyPart(value);
        if (part === undefined) {
          key = undefined;
          break;
        }
        key += `${path.length}:${path}${part}`;
      }
      if (key === undefined) break;
    }
    const cache = this.traces.get(rule.id)!;
    let shared = key === undefined ? undefined : cache.get(key);
    if (!shared) {
      const leaves = this.leaves.get(rule.id)!;
      const all = leaves.map((leaf, i): readonly DerivedInput[] => {
        const d = derivedOf[i];
        if (d) return inputs[i] ?? d.read(view.ctx);
        // (A derived fact no rule may name: the rules' lint refuses it; read as the site's.)
        if (leaf.fact === 'derived') return [{ path: leaf.path, value: safePathResolver(view.site.data, leaf.path) }];
        return [{ path: leaf.fact === 'item' ? `equipment.${item ?? 0}.${leaf.path}` : leaf.path, value: runs.factResults[i] }];
      });
      shared = this.sharedTrace(rule, runs, all, item ?? 0);
      if (key !== undefined) {
        if (cache.size >= TRACE_CACHE_LIMIT) cache.clear();
        cache.set(key, shared);
      }
    }
    const locations: Record<string, Position> = {};
    for (const path of shared.factPaths) {
      const pos = view.site.positions.get(path);
      if (pos) locations[path] = pos;
    }
    return { outcome: shared.outcome, facts: shared.facts, missing: shared.missing, locations, parameters: shared.parameters, conditions: shared.conditions };
  }

  /**
   * A rule's value (a citation, a condition's list) as results show it: a deeply frozen copy, made
   * once, so that results share it and the JSON report can write its text once (json-bytes.ts).
   */
  private frozen<T>(value: T): T {
    if (value === null || typeof value !== 'object') return value;
    let copy = this.frozenCopies.get(value) as T | undefined;
    if (copy === undefined) {
      copy = deepFreeze(structuredClone(value));
      this.frozenCopies.set(value, copy);
    }
    return copy;
  }

  /** The parts of a trace that do not depend on where the site writes its facts (frozen: shared). */
  private sharedTrace(rule: EngineRule, runs: Runs, inputsOf: readonly (readonly DerivedInput[])[], itemIndex: number): SharedTrace {
    const outcome = outcomeOf(rule, runs);
    const leaves = this.leaves.get(rule.id)!;
    const leafOutcomes: Outcome[] = leaves.map((_, i) => {
      const p = runs.p[i];
      const o = runs.o[i];
      return p === o ? (p ? 'met' : 'not-met') : 'unknown';
    });
    const { outcome: combined, needed } = neededLeaves(rule.conditions, leafOutcomes);
    if (combined !== outcome) throw new Error(`rule ${rule.id}: engine gave ${outcome}, conditions combine to ${combined}`);
    const facts: Record<string, unknown> = {};
    const missing: string[] = [];
    const parameters: Record<string, ParameterUse> = {};
    const useParam = (name: string): void => {
      const param = this.ruleset.parameters.get(name);
      if (param) parameters[param.name] = freeze({ value: this.frozen(param.value), interpretation: param.interpretation, description: param.description, origin: param.origin });
    };
    const conditionCache = this.conditionCaches.get(rule.id)!;
    const conditions: ConditionResult[] = leaves.map((leaf, i) => {
      const leafOutcome = leafOutcomes[i]!;
      const inputs = inputsOf[i]!;
      for (const { path, value } of inputs) {
        if (path.startsWith('parameters.')) {
          if (needed[i]) useParam(path.slice('parameters.'.length));
          continue;
        }
        if (value !== UNKNOWN) {
          if (needed[i]) facts[path] = value;
        } else if (outcome === 'unknown' && leafOutcome === 'unknown' && needed[i] && !missing.includes(path)) {
          missing.push(path);
        }
      }
      const ref = leaf.value as { fact?: string; path?: string } | null;
      const param = ref && typeof ref === 'object' && !Array.isArray(ref) && ref.fact === 'parameters' && ref.path ? this.ruleset.parameters.get(ref.path) : undefined;
      if (param && needed[i]) useParam(param.name);
      const actual = leaf.fact === 'derived' && this.derivedByPath.has(leaf.path) ? derivedValue(runs.factResults[i]) : inputs[0]?.value;
      // Each condition is itself shared by every trace that has it (their text is kept once).
      const shownActual = actual !== undefined && actual !== UNKNOWN ? keyPart(actual) : '-';
      const ckey = shownActual === undefined ? undefined : `${itemIndex}:${leafOutcome}${needed[i] ? 'N' : 'n'}${shownActual}`;
      const known = ckey === undefined ? undefined : conditionCache[i]!.get(ckey);
      if (known) return known;
      const made = freeze({
        fact: leaf.fact === 'derived' ? `derived.${leaf.path}` : leaf.fact === 'item' ? `equipment.${itemIndex}.${leaf.path}` : leaf.path,
        operator: leaf.operator,
        value: param ? freeze({ parameter: param.name, value: this.frozen(param.value) }) : this.frozen(leaf.value),
        outcome: leafOutcome,
        needed: needed[i]!,
        ...(actual !== undefined && actual !== UNKNOWN ? { actual } : {}),
        description: leaf.description,
      });
      if (ckey !== undefined) {
        if (conditionCache[i]!.size >= TRACE_CACHE_LIMIT) conditionCache[i]!.clear();
        conditionCache[i]!.set(ckey, made);
      }
      return made;
    });
    return {
      outcome,
      facts: freeze(facts),
      factPaths: Object.keys(facts),
      missing: freeze(missing) as string[],
      parameters: freeze(parameters),
      conditions: freeze(conditions) as ConditionResult[],
    };
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Frozen: shared by the traces of many sites, so nothing may change it. */
function freeze<T extends object>(value: T): Readonly<T> {
  return Object.freeze(value);
}

/** What a rule's trace shares between sites (see Evaluator.trace). */
interface SharedTrace {
  readonly outcome: Outcome;
  readonly facts: Record<string, unknown>;
  /** The facts' paths, in order: where to look up this site's locations. */
  readonly factPaths: readonly string[];
  readonly missing: string[];
  readonly parameters: Record<string, ParameterUse>;
  readonly conditions: ConditionResult[];
}

/** Most shared traces (and conditions, per leaf) kept per rule; a cache starts again when full (bounded memory). */
const TRACE_CACHE_LIMIT = 500;

/**
 * One value in a trace key. Distinct values always give distinct text (a string carries its
 * length), and UNKNOWN and undefined are distinct from every value.
 */
function keyPart(v: unknown): string | undefined {
  if (v === UNKNOWN) return 'u';
  if (v === undefined) return 'v';
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'number') return Object.is(v, -0) ? 'n-0;' : `n${String(v)};`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  return undefined; // a list, a mapping, null: not shared (rules compare plain values)
}

const bit = (b: boolean | undefined): string => (b === true ? 'T' : b === false ? 'F' : 'v');

function derivedValue(v: unknown): unknown {
  return v === UNKNOWN ? undefined : v;
}

/** A rule's outcome from its pair of runs: met when even the pessimistic run passes, and so on. */
function outcomeOf(rule: EngineRule, runs: Runs): Outcome {
  if (runs.pessimistic && !runs.optimistic) throw new Error(`rule ${rule.id}: pessimistic run passed but optimistic failed`);
  return runs.pessimistic ? 'met' : runs.optimistic ? 'unknown' : 'not-met';
}

/** At least one limb met: sensitive. Every limb not met: not-sensitive. Otherwise undetermined. */
export function verdictOf(outcomes: readonly Outcome[]): Verdict {
  if (outcomes.includes('met')) return 'sensitive';
  if (outcomes.every((o) => o === 'not-met')) return 'not-sensitive';
  return 'undetermined';
}
