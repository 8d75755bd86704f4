// `sitecheck rules test`: the rules' own fixtures. rules/tests/<rule-id>.yaml holds sites with the
// outcome expected of that rule (and, optionally, the verdict, other limbs, missing facts and
// findings). Every case runs through the real loader and the real Evaluator. Coverage: for each
// leaf condition of each rule, was it seen both true (met) and false (not-met) across all cases?
// The minimum is data: rules/tests/coverage.yaml.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Outcome, SiteResult } from '../model.js';
import { Evaluator } from '../engine/evaluate.js';
import { loadSiteBytes } from '../input/sites.js';
import { createAjv, validateDocument } from '../input/validate.js';
import { SCHEMA_DIR } from '../input/schemas.js';
import { DEFAULT_LIMITS, nodeAt, nodePosition, parseYaml } from '../input/yaml-source.js';
import { displayPath } from '../util/paths.js';
import { allRules, ruleLeaves, type Ruleset } from './ruleset.js';

export const COVERAGE_FILE = 'coverage.yaml';

export interface FixtureCase {
  readonly name: string;
  readonly as_of?: string;
  readonly site: Record<string, unknown>;
  /** For an equipment obligation: the item whose outcome is expected (0-based; default 0). */
  readonly item?: number;
  readonly expect: {
    readonly outcome: Outcome;
    readonly scope?: string;
    readonly verdict?: SiteResult['verdict'];
    readonly missing?: readonly string[];
    readonly limbs?: Readonly<Record<string, Outcome>>;
    readonly findings?: readonly string[];
  };
}

export interface CaseResult {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly name: string;
  /** Empty when the case passed. */
  readonly failures: readonly string[];
}

export interface LeafCoverage {
  readonly index: number;
  readonly description: string;
  readonly seen: Readonly<Record<Outcome, number>>;
  /** Seen both met and not-met. */
  readonly covered: boolean;
}

export interface RuleCoverage {
  readonly rule: string;
  /** "Limb 1", "Scope", "Exclusion", "Obligation (equipment)". */
  readonly label: string;
  readonly limb?: number;
  readonly cases: number;
  readonly leaves: readonly LeafCoverage[];
}

export interface FixtureProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface TestRun {
  readonly dir: string;
  readonly results: readonly CaseResult[];
  /** Problems with the fixture files themselves, and rules without fixtures. */
  readonly problems: readonly FixtureProblem[];
  readonly coverage: readonly RuleCoverage[];
  /** Fraction of leaf conditions covered, over all rules. */
  readonly covered: number;
  /** The minimum from coverage.yaml (1 when the file is absent). */
  readonly minimum: number;
  readonly minimumFrom: string;
}

const DEFAULT_AS_OF = '2026-01-01';

let validateFixture: ReturnType<ReturnType<typeof createAjv>['compile']> | undefined;

function readMinimum(dir: string, problems: FixtureProblem[]): { minimum: number; from: string } {
  const path = join(dir, COVERAGE_FILE);
  const from = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { minimum: 1, from: `${from} (absent: full coverage required)` };
  }
  const parsed = parseYaml(from, text);
  const doc = parsed.documents[0];
  const value = doc?.value as { minimum?: unknown } | undefined;
  const keys = value && typeof value === 'object' ? Object.keys(value) : [];
  if (parsed.errors.length || !doc || typeof value?.minimum !== 'number' || value.minimum < 0 || value.minimum > 1 || keys.length !== 1) {
    const e = parsed.errors[0];
    problems.push({ file: from, line: e?.line ?? 1, message: e?.message ?? 'must hold one key, minimum: a number from 0 to 1 (the share of leaf conditions seen both true and false)' });
    return { minimum: 1, from };
  }
  return { minimum: value.minimum, from };
}

/** Run every fixture under `<rules>/tests/`. */
/** Rules with no fixtures file (tests/<rule-id>.yaml in the rules folder): for `rules test` and `rules lint`. */
export function missingFixtures(ruleset: Ruleset): FixtureProblem[] {
  const dir = join(ruleset.dir, 'tests');
  return allRules(ruleset)
    .filter((r) => !existsSync(join(dir, `${r.id}.yaml`)) && !existsSync(join(dir, `${r.id}.yml`)))
    .map((r) => ({ file: displayPath(join(dir, `${r.id}.yaml`)), line: 1, message: `rule ${r.id} (${r.label.toLowerCase()}) has no fixtures: add tests/${r.id}.yaml (sites with their expected outcomes) to the rules folder` }));
}

export async function runRuleTests(ruleset: Ruleset): Promise<TestRun> {
  const dir = join(ruleset.dir, 'tests');
  const problems: FixtureProblem[] = [];
  const results: CaseResult[] = [];
  const every = allRules(ruleset);
  const rulesById = new Map(every.map((r) => [r.id, r]));
  const leaves = new Map(every.map((r) => [r.id, ruleLeaves(r)]));
  const seen = new Map(every.map((r) => [r.id, ruleLeaves(r).map(() => ({ met: 0, 'not-met': 0, unknown: 0 }))]));
  const casesPerRule = new Map<string, number>(every.map((r) => [r.id, 0]));
  let names: string[] = [];
  try {
    if (statSync(dir).isDirectory()) names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && n !== COVERAGE_FILE).sort();
  } catch {
    problems.push({ file: displayPath(dir), line: 1, message: 'the rules folder has no tests/ folder of fixtures' });
  }
  const { minimum, from } = readMinimum(dir, problems);
  validateFixture ??= createAjv().compile(JSON.parse(readFileSync(join(SCHEMA_DIR, 'rule-test.schema.json'), 'utf8')) as object);
  const evaluator = new Evaluator(ruleset);

  for (const name of names) {
    const path = join(dir, name);
    const file = displayPath(path);
    const parsed = parseYaml(file, readFileSync(path, 'utf8'), { ...DEFAULT_LIMITS, maxDocuments: 1 });
    for (const e of parsed.errors) problems.push({ file, line: e.line, message: e.message });
    const src = parsed.documents[0];
    if (!src) {
      if (!parsed.errors.length) problems.push({ file, line: 1, message: 'the file holds no fixtures' });
      continue;
    }
    const schemaErrors = validateDocument(validateFixture, src);
    for (const e of schemaErrors) problems.push({ file, line: e.line, message: `${e.path ? `${e.path.slice(1).replace(/\//g, '.')}: ` : ''}${e.message}` });
    if (schemaErrors.length) continue;
    const fixture = src.value as { rule: string; cases: FixtureCase[] };
    const stem = name.replace(/\.ya?ml$/, '');
    const rule = rulesById.get(fixture.rule);
    if (fixture.rule !== stem) problems.push({ file, line: 1, message: `rule "${fixture.rule}" must match the file name "${stem}"` });
    if (!rule) {
      problems.push({ file, line: 1, message: `rule "${fixture.rule}" is not in the rules folder; rules: ${[...rulesById.keys()].join(', ')}` });
      continue;
    }
    for (const [i, c] of fixture.cases.entries()) {
      const line = nodePosition(nodeAt(src.doc, ['cases', i]), src.lineCounter).line;
      const failures: string[] = [];
      const siteText = stringify({ id: `FIXTURE-${i + 1}`, name: c.name, ...c.site });
      const loaded = loadSiteBytes(`${file} case ${i + 1}`, siteText);
      if (loaded.errors.length || loaded.sites.length !== 1) {
        failures.push(...loaded.errors.map((e) => `the site is not valid: ${e.path ? `${e.path.slice(1).replace(/\//g, '.')}: ` : ''}${e.message}`));
        results.push({ file, line, rule: rule.id, name: c.name, failures });
        continue;
      }
      const { result, runs } = await evaluator.evaluateTraced(loaded.sites[0]!, c.as_of ?? DEFAULT_AS_OF);
      casesPerRule.set(rule.id, (casesPerRule.get(rule.id) ?? 0) + 1);
      for (const r of runs) {
        const counts = seen.get(r.rule);
        r.trace.conditions.forEach((cond, j) => {
          if (counts?.[j]) counts[j]![cond.outcome]++;
        });
      }
      const item = c.item ?? 0;
      const own = runs.find((r) => r.rule === rule.id && (rule.applies !== 'equipment' || r.item === item))?.trace;
      if (!own) failures.push(`${rule.id}: the site has no equipment item ${item} for this rule to run on`);
      else if (own.outcome !== c.expect.outcome) failures.push(`${rule.id}: expected ${c.expect.outcome}, got ${own.outcome}`);
      if (c.expect.scope && result.scope?.outcome !== c.expect.scope) failures.push(`scope: expected ${c.expect.scope}, got ${result.scope?.outcome}`);
      if (c.expect.verdict && result.verdict !== c.expect.verdict) failures.push(`verdict: expected ${c.expect.verdict}, got ${result.verdict}`);
      if (c.expect.missing) {
        const want = [...c.expect.missing].sort();
        const got = [...(rule.family === 'definition' ? (result.limbs.find((l) => l.rule === rule.id)?.missing ?? []) : (own?.missing ?? []))].sort();
        if (want.join(',') !== got.join(',')) failures.push(`missing facts: expected [${want.join(', ')}], got [${got.join(', ')}]`);
      }
      for (const [id, outcome] of Object.entries(c.expect.limbs ?? {})) {
        const l = result.limbs.find((x) => x.rule === id);
        if (!l) failures.push(`limbs: there is no rule "${id}"`);
        else if (l.outcome !== outcome) failures.push(`${id}: expected ${outcome}, got ${l.outcome}`);
      }
      if (c.expect.findings) {
        const got = result.findings.map((f) => f.kind);
        if (got.join(',') !== c.expect.findings.join(',')) failures.push(`findings: expected [${c.expect.findings.join(', ')}], got [${got.join(', ')}]`);
      }
      results.push({ file, line, rule: rule.id, name: c.name, failures });
    }
  }

  problems.push(...missingFixtures(ruleset));
  const coverage: RuleCoverage[] = every.map((rule) => ({
    rule: rule.id,
    label: rule.label,
    ...(rule.limb !== undefined ? { limb: rule.limb } : {}),
    cases: casesPerRule.get(rule.id) ?? 0,
    leaves: leaves.get(rule.id)!.map((leaf, index) => {
      const s = seen.get(rule.id)![index]!;
      return { index, description: leaf.description, seen: s, covered: s.met > 0 && s['not-met'] > 0 };
    }),
  }));
  const all = coverage.flatMap((r) => r.leaves);
  const covered = all.length ? all.filter((l) => l.covered).length / all.length : 1;
  return { dir: displayPath(dir), results, problems, coverage, covered, minimum, minimumFrom: from };
}
