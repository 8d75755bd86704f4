// The rules' conditions, compiled once per rule into a plain function that gives exactly what the
// pair of json-rules-engine runs gives (see oracle.ts, which runs them, and evaluate.ts for the
// three-valued reading of the pair). The rules stay json-rules-engine data in rules/; only the
// runtime is replaced, because for sitecheck's rules it reduces to a few lines:
//   - every fact is a runtime (constant) fact, an object, read at `path` by the safe path resolver;
//   - a condition value `{fact, path}` is read the same way (json-rules-engine's getValue);
//   - a comparison is the engine's own operator (its fact-value validator, then its callback),
//     wrapped by the k3 / k3neg decorators, which answer for UNKNOWN by the run's mode;
//   - no condition has a priority, so every leaf of `all` and `any` is evaluated (the engine only
//     skips later priority sets), and an empty `all` or `any` passes, as prioritizeAndRun says.
// tests/core/compiled.test.ts runs json-rules-engine beside this on every rule, for fuzzed facts,
// and demands the same pair: the same pass or fail per mode and the same result per leaf.
import type { Condition, EngineRule } from '../rules/ruleset.js';
import { UNKNOWN } from './derived.js';
import { safePathResolver } from './path.js';

/** One leaf after a run: the operator's result and the fact's value (json-rules-engine's factResult). */
export interface EngineLeaf {
  readonly result?: boolean;
  readonly factResult?: unknown;
}

export interface RunResult {
  readonly passed: boolean;
  readonly leaves: readonly EngineLeaf[];
}

/** A rule's pessimistic and optimistic runs (see evaluate.ts). */
export interface RulePair {
  readonly pessimistic: RunResult;
  readonly optimistic: RunResult;
}

type Operator = { readonly cb: (a: unknown, b: unknown) => boolean; readonly valid: (a: unknown) => boolean };
const always = (): boolean => true;
const numberValidator = (a: unknown): boolean => Number.parseFloat(a as string).toString() !== 'NaN';
/** json-rules-engine's default operators (engine-default-operators.js), callback and validator alike. */
const OPERATORS: Readonly<Record<string, Operator>> = {
  equal: { cb: (a, b) => a === b, valid: always },
  notEqual: { cb: (a, b) => a !== b, valid: always },
  in: { cb: (a, b) => (b as unknown[]).indexOf(a) > -1, valid: always },
  notIn: { cb: (a, b) => (b as unknown[]).indexOf(a) === -1, valid: always },
  contains: { cb: (a, b) => (a as unknown[]).indexOf(b) > -1, valid: Array.isArray },
  doesNotContain: { cb: (a, b) => (a as unknown[]).indexOf(b) === -1, valid: Array.isArray },
  lessThan: { cb: (a, b) => (a as number) < (b as number), valid: numberValidator },
  lessThanInclusive: { cb: (a, b) => (a as number) <= (b as number), valid: numberValidator },
  greaterThan: { cb: (a, b) => (a as number) > (b as number), valid: numberValidator },
  greaterThanInclusive: { cb: (a, b) => (a as number) >= (b as number), valid: numberValidator },
};

type Facts = Readonly<Record<string, unknown>>;

/** A fact's value at a path, as the engine's almanac reads it (factValue with a path). */
function factValue(facts: Facts, fact: string, path: string | undefined): unknown {
  if (!Object.prototype.hasOwnProperty.call(facts, fact)) throw new Error(`Undefined fact: ${fact}`);
  const v = facts[fact];
  if (path && v !== null && v !== undefined && typeof v === 'object') return safePathResolver(v, path);
  return v;
}

/** Evaluated tree: each node writes its leaves' results and returns whether it passes, per mode. */
type Node = (facts: Facts, p: boolean[], o: boolean[], fr: unknown[]) => readonly [boolean, boolean];

function compileNode(c: Condition, positive: boolean, next: { i: number }): Node {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const children = (isAll ? (c as { all: readonly Condition[] }).all : (c as { any: readonly Condition[] }).any).map((x) => compileNode(x, positive, next));
    return (facts, p, o, fr) => {
      let pp = isAll;
      let oo = isAll;
      for (const ch of children) {
        const [cp, co] = ch(facts, p, o, fr);
        if (isAll) {
          pp &&= cp;
          oo &&= co;
        } else {
          pp ||= cp;
          oo ||= co;
        }
      }
      // An empty `any` passes in json-rules-engine (prioritizeAndRun of no conditions).
      if (!isAll && children.length === 0) return [true, true];
      return [pp, oo];
    };
  }
  if ('not' in c) {
    const child = compileNode(c.not, !positive, next);
    return (facts, p, o, fr) => {
      const [cp, co] = child(facts, p, o, fr);
      return [!cp, !co];
    };
  }
  const index = next.i++;
  const { fact, path, operator } = c;
  const value = c.value as unknown;
  const ref = value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact') ? (value as { fact: string; path?: string }) : undefined;
  const known = operator === 'isKnown';
  const op = known ? undefined : OPERATORS[operator];
  return (facts, p, o, fr) => {
    const rhs = ref ? factValue(facts, ref.fact, ref.path) : value;
    const v = factValue(facts, fact, path);
    let rp: boolean;
    let ro: boolean;
    if (known) {
      rp = ro = (v !== UNKNOWN) === rhs;
    } else if (!op) {
      throw new Error(`Unknown operator: ${positive ? 'k3' : 'k3neg'}:${operator}`);
    } else if (v === UNKNOWN) {
      // k3: an unknown comparison counts against the rule in the pessimistic run, for it in the
      // optimistic one; k3neg (under an odd number of `not`s) the other way round.
      rp = !positive;
      ro = positive;
    } else {
      rp = ro = op.valid(v) && op.cb(v, rhs);
    }
    p[index] = rp;
    o[index] = ro;
    fr[index] = v;
    return [rp, ro];
  };
}

/**
 * A rule's pair of runs, leaf by leaf: what RulePair says, without an object per leaf. `p` and `o`
 * are each leaf's result in the pessimistic and the optimistic run, `factResults` its fact value.
 */
export interface Runs {
  readonly pessimistic: boolean;
  readonly optimistic: boolean;
  readonly p: readonly (boolean | undefined)[];
  readonly o: readonly (boolean | undefined)[];
  readonly factResults: readonly unknown[];
}

/** The Runs of a RulePair (the oracle's answer, read the same way as the compiled rules' own). */
export function runsOf(pair: RulePair): Runs {
  return {
    pessimistic: pair.pessimistic.passed,
    optimistic: pair.optimistic.passed,
    p: pair.pessimistic.leaves.map((l) => l.result),
    o: pair.optimistic.leaves.map((l) => l.result),
    factResults: pair.pessimistic.leaves.map((l) => l.factResult),
  };
}

/** A rule compiled: its pair of runs over the given facts. */
export function compileRule(rule: EngineRule): (facts: Facts) => Runs {
  const counter = { i: 0 };
  const root = compileNode(rule.conditions, true, counter);
  const n = counter.i;
  return (facts) => {
    const p = new Array<boolean>(n);
    const o = new Array<boolean>(n);
    const factResults = new Array<unknown>(n);
    const [pessimistic, optimistic] = root(facts, p, o, factResults);
    return { pessimistic, optimistic, p, o, factResults };
  };
}
