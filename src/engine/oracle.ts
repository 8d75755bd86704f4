// json-rules-engine itself, running a rule's pair of runs (pessimistic, optimistic) the way
// sitecheck ran every rule before the rules were compiled (compiled.ts). It is the oracle the
// compiled rules are proven against (tests/core/compiled.test.ts), and `new Evaluator(ruleset,
// { oracle: true })` evaluates whole sites with it.
//
// Every comparison operator is wrapped in a decorator that, for UNKNOWN, answers according to the
// run's mode (k3 under an even number of `not`s, k3neg under an odd one); `isKnown` is its own
// operator. Runs are queued, so no Engine (json-rules-engine's is not safe for concurrent runs)
// ever runs two at once.
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { Condition, EngineRule } from '../rules/ruleset.js';
import { UNKNOWN } from './derived.js';
import { safePathResolver } from './path.js';
import type { EngineLeaf, RulePair, RunResult } from './compiled.js';

type Mode = 'optimistic' | 'pessimistic';

/** Rewrite a rule's conditions for the engine: comparisons go through the three-valued decorators. */
function rewrite(c: Condition, positive: boolean): unknown {
  if ('all' in c) return { all: c.all.map((x) => rewrite(x, positive)) };
  if ('any' in c) return { any: c.any.map((x) => rewrite(x, positive)) };
  if ('not' in c) return { not: rewrite(c.not, !positive) };
  const operator = c.operator === 'isKnown' ? 'isKnown' : `${positive ? 'k3' : 'k3neg'}:${c.operator}`;
  return { fact: c.fact, path: c.path, operator, value: c.value };
}

function engineLeaves(c: unknown, out: EngineLeaf[] = []): EngineLeaf[] {
  const node = c as Record<string, unknown>;
  if (Array.isArray(node.all)) node.all.forEach((x) => engineLeaves(x, out));
  else if (Array.isArray(node.any)) node.any.forEach((x) => engineLeaves(x, out));
  else if (node.not) engineLeaves(node.not, out);
  else out.push(node as EngineLeaf);
  return out;
}

export class EngineOracle {
  private readonly engines = new Map<string, InstanceType<typeof Engine>>();
  private mode: Mode = 'pessimistic';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(rules: readonly EngineRule[]) {
    const answerFor = (positive: boolean): boolean => (this.mode === 'optimistic') === positive;
    for (const rule of rules) {
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
    }
  }

  private async run(rule: EngineRule, mode: Mode, facts: Record<string, unknown>): Promise<RunResult> {
    this.mode = mode;
    const { results, failureResults } = await this.engines.get(rule.id)!.run(facts);
    const r = [...results, ...failureResults].find((x) => String(x.name) === rule.id);
    if (!r) throw new Error(`rule ${rule.id} produced no result`);
    return { passed: r.result === true, leaves: engineLeaves(r.conditions).map((l) => ({ result: l.result, factResult: l.factResult })) };
  }

  /** The pair of runs for one rule over these facts (queued: one run at a time). */
  runPair(rule: EngineRule, facts: Record<string, unknown>): Promise<RulePair> {
    const next = this.queue.then(async () => ({ pessimistic: await this.run(rule, 'pessimistic', facts), optimistic: await this.run(rule, 'optimistic', facts) }));
    this.queue = next.catch(() => undefined);
    return next;
  }
}
