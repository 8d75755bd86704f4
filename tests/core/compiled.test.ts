// The compiled rules (src/engine/compiled.ts) against json-rules-engine itself (src/engine/oracle.ts):
// - rule by rule, for fuzzed facts (every value a rule compares with, other values, wrong types,
//   UNKNOWN, missing), the same pass or fail in each run and the same result and value per leaf;
// - site by site, for the rules/tests fixture sites and fuzzed sites made by crossing them, the
//   same SiteResult and the same trace of every rule, from evaluate(), evaluateTraced() and
//   evaluateSync(), whether the shared traces are fresh or reused;
// - the SiteResult's text in the report (siteJsonText) is JSON.stringify's for the whole report, cut out.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/check.js';
import { Evaluator } from '../../src/engine/evaluate.js';
import { compileRule, runsOf } from '../../src/engine/compiled.js';
import { EngineOracle } from '../../src/engine/oracle.js';
import { UNKNOWN } from '../../src/engine/derived.js';
import { loadSiteBytes, type SiteRecord } from '../../src/input/sites.js';
import type { Condition, EngineRule } from '../../src/rules/ruleset.js';
import { siteJsonText } from '../../src/scale/json-bytes.js';
import { fuzz, TIMEOUT } from '../fuzz/config.js';

const AS_OF = '2026-11-22';
const ruleset = loadRules();
const RULES: EngineRule[] = [...ruleset.rules, ruleset.scope, ruleset.exclusion, ...ruleset.obligations];

function leavesOf(c: Condition): Extract<Condition, { fact: string }>[] {
  if ('all' in c) return c.all.flatMap(leavesOf);
  if ('any' in c) return c.any.flatMap(leavesOf);
  if ('not' in c) return leavesOf(c.not);
  return [c];
}

/** Values worth comparing: every value a rule names, near misses, other types, UNKNOWN. */
const VALUES: unknown[] = [UNKNOWN, true, false, 0, 1, -1, 0.5, 25, 100, '', 'unknown', 'x', '12', 'NaN', [], {}];
for (const r of RULES) {
  for (const l of leavesOf(r.conditions)) {
    for (const v of Array.isArray(l.value) ? l.value : [l.value]) if (v === null || typeof v !== 'object') VALUES.push(v);
  }
}
for (const p of ruleset.parameters.values()) if (p.value === null || typeof p.value !== 'object') VALUES.push(p.value);

/** A tree holding a value (or nothing) at each dotted path the rules read. */
function factTree(paths: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(...paths.map(() => fc.option(fc.constantFrom(...VALUES), { nil: undefined, freq: 4 }))).map((vals) => {
    const root: Record<string, unknown> = {};
    paths.forEach((path, i) => {
      if (vals[i] === undefined) return;
      const segs = path.split('.');
      let cur = root;
      for (const s of segs.slice(0, -1)) {
        const next = cur[s];
        if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[s] = {};
        cur = cur[s] as Record<string, unknown>;
      }
      cur[segs[segs.length - 1]!] = vals[i];
    });
    return root;
  });
}

const parameters: Record<string, unknown> = {};
for (const p of ruleset.parameters.values()) {
  const segs = p.name.split('.');
  let cur = parameters;
  for (const s of segs.slice(0, -1)) cur = (cur[s] ??= {}) as Record<string, unknown>;
  cur[segs[segs.length - 1]!] = p.value;
}

/** What a run gives: its value, or the error it throws (both must throw alike). */
async function settle<T>(f: () => T | Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await f() };
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

describe('compiled rules = json-rules-engine, rule by rule', () => {
  const oracle = new EngineOracle(RULES);
  for (const rule of RULES) {
    const compiled = compileRule(rule);
    const paths = (fact: string) => [...new Set(leavesOf(rule.conditions).filter((l) => l.fact === fact).map((l) => l.path))];
    it(`${rule.id}: the same pair of runs for fuzzed facts`, async () => {
      await fc.assert(
        fc.asyncProperty(factTree(paths('site')), factTree(paths('item')), factTree(paths('derived')), async (site, item, derived) => {
          const facts = { site, item, derived, parameters };
          expect(compiled(facts)).toEqual(runsOf(await oracle.runPair(rule, facts)));
        }),
        fuzz(150),
      );
    }, TIMEOUT);
  }

  it('a hand-made rule with every operator, not, an empty any and a parameter reference agrees too', async () => {
    const ops = ['equal', 'notEqual', 'in', 'notIn', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'isKnown'];
    const leaf = (operator: string, i: number): Condition => ({
      fact: 'site', path: `f${i}`, operator, description: '',
      value: operator === 'isKnown' ? i % 2 === 0 : operator.endsWith('n') || operator === 'notIn' ? ['a', 1, true] : i % 3 === 0 ? { fact: 'parameters', path: 'p' } : 3,
    } as unknown as Condition);
    const rule = {
      id: 'all-ops',
      conditions: { any: [{ all: ops.map(leaf) }, { not: { any: ops.map((o, i) => leaf(o, i + 20)) } }, { all: [{ any: [] }, { not: { all: [] } }] }] },
    } as unknown as EngineRule;
    const one = new EngineOracle([rule]);
    const compiled = compileRule(rule);
    const paths = [...Array(40).keys()].map((i) => `f${i}`);
    await fc.assert(
      fc.asyncProperty(factTree(paths), fc.constantFrom(...VALUES), async (site, p) => {
        const facts = { site, item: {}, derived: {}, parameters: { p } };
        expect(await settle(() => compiled(facts))).toEqual(await settle(async () => runsOf(await one.runPair(rule, facts))));
      }),
      fuzz(300),
    );
  }, TIMEOUT);
});

/** Every fixture site of rules/tests, as site data. */
function fixtureSites(): Record<string, unknown>[] {
  const dir = join(__dirname, '..', '..', 'rules', 'tests');
  const out: Record<string, unknown>[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(dir, f), 'utf8')) as { cases?: { site?: Record<string, unknown> }[] };
    for (const c of doc.cases ?? []) if (c.site && typeof c.site === 'object') out.push(c.site);
  }
  return out;
}

function record(data: Record<string, unknown>, i: number): SiteRecord | undefined {
  const site = { id: `FX-${i}`, name: `fixture ${i}`, ...data };
  const loaded = loadSiteBytes('fx.yaml', stringify(site));
  return loaded.errors.length === 0 ? loaded.sites[0] : undefined;
}

const FIXTURES = fixtureSites();
/** Top-level fields of the fixture sites, each with every value the fixtures give it. */
const FIELDS = new Map<string, unknown[]>();
for (const s of FIXTURES) for (const [k, v] of Object.entries(s)) FIELDS.set(k, [...(FIELDS.get(k) ?? []), v]);
const FIELD_NAMES = [...FIELDS.keys()].sort();
/** A site made of fixture sites' fields, mixed (only sites the loader accepts are kept). */
const crossed = fc
  .tuple(...FIELD_NAMES.map((k) => fc.option(fc.constantFrom(...FIELDS.get(k)!), { nil: undefined, freq: 2 })))
  .map((vals) => Object.fromEntries(FIELD_NAMES.map((k, i) => [k, vals[i]]).filter(([, v]) => v !== undefined)) as Record<string, unknown>);

async function sameAsOracle(records: readonly SiteRecord[], fresh: Evaluator, reused: Evaluator, oracle: Evaluator): Promise<void> {
  for (const r of records) {
    const want = await oracle.evaluateTraced(r, AS_OF);
    expect(await fresh.evaluateTraced(r, AS_OF)).toEqual(want);
    const sync = reused.evaluateSync(r, AS_OF);
    expect(sync).toEqual(want.result);
    expect(await reused.evaluate(r, AS_OF)).toEqual(want.result);
    // The report's text for the site: JSON.stringify's, at the site's depth in the report.
    const whole = JSON.stringify({ s: [want.result] }, null, 2);
    expect(siteJsonText(sync)).toBe(whole.slice('{\n  "s": [\n    '.length, whole.length - '\n  ]\n}'.length));
  }
}

describe('compiled rules = json-rules-engine, site by site', () => {
  const oracle = new Evaluator(ruleset, { oracle: new EngineOracle(RULES) });
  const reused = new Evaluator(ruleset);

  it('every rules/tests fixture site gives the same result and traces', async () => {
    const records = FIXTURES.map(record).filter((r): r is SiteRecord => r !== undefined);
    expect(records.length).toBeGreaterThan(100);
    // Twice through the same Evaluator: the second time every shared trace comes from its cache.
    await sameAsOracle(records, new Evaluator(ruleset), reused, oracle);
    await sameAsOracle(records, reused, reused, oracle);
  }, TIMEOUT);

  it('sites crossed from the fixtures give the same result and traces', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(crossed, { minLength: 1, maxLength: 4 }), async (sites) => {
        const records = sites.map(record).filter((r): r is SiteRecord => r !== undefined);
        checked += records.length;
        await sameAsOracle(records, new Evaluator(ruleset), reused, oracle);
      }),
      fuzz(150, 5_000),
    );
    expect(checked).toBeGreaterThan(0);
  }, TIMEOUT);
});
