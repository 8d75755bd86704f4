// Nothing in an input file ever runs or reaches a prototype: not in site files (untrusted), not in
// a --params file (named on the command line), not in a rules folder (trusted, but still data).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSiteBytes } from '../../src/input/sites.js';
import { loadRuleset } from '../../src/rules/ruleset.js';
import { Evaluator, safePathResolver } from '../../src/engine/evaluate.js';
import { UNKNOWN } from '../../src/engine/derived.js';
import { DEFAULT_RULES_DIR } from '../../src/check.js';
import { folderWith, runCli, scratch } from './helpers.js';

/** Everything reachable on the shared prototypes, to compare before and after. */
function prototypeState(): string {
  const protos = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
  return JSON.stringify(protos.map((p) => Object.getOwnPropertyNames(p).sort()));
}

let before: string;
beforeEach(() => {
  before = prototypeState();
});
afterEach(() => {
  expect(prototypeState()).toBe(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
});

function rulesCopy(): string {
  const dir = scratch('sitecheck-rules-');
  cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
  return dir;
}

const POLLUTERS = [
  '__proto__:\n  polluted: yes\n',
  '"__proto__": {polluted: yes}\n',
  'vetting:\n  __proto__:\n    polluted: 1\n',
  'constructor:\n  prototype:\n    polluted: 1\n',
  'prototype: {polluted: 1}\n',
  'equipment:\n  - id: C-1\n    kind: nvr\n    manufacturer: x\n    status: installed\n    __proto__: {isAdmin: true}\n',
  'x: &p {polluted: 1}\n<<: *p\n', // merge keys are off: `<<` is just an unknown key
];

describe('prototype keys', () => {
  it.each(POLLUTERS)('a site file with %j is refused at its line, and pollutes nothing', (extra) => {
    const loaded = loadSiteBytes('p.yaml', `id: P-1\nname: Proto\n${extra}`);
    expect(loaded.sites).toEqual([]);
    expect(loaded.errors.length).toBeGreaterThan(0);
    expect(loaded.errors.every((e) => e.file === 'p.yaml' && e.line >= 3)).toBe(true);
  });

  it('forbidden keys are refused wherever they are in the tree', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const loaded = loadSiteBytes('k.yaml', `id: K-1\nname: k\nassessment:\n  ${key}: 1\n`);
      expect(loaded.errors).toMatchObject([{ code: 'forbidden-key', line: 4, column: 3, path: `/assessment/${key}` }]);
    }
  });

  it.each([
    ['__proto__.polluted: 0.5\n', /unknown parameter "__proto__\.polluted"/],
    ['constructor.prototype: 0.5\n', /unknown parameter "constructor\.prototype"/],
    ['__proto__:\n  polluted: 1\n', /"__proto__" is not allowed as a key/],
    ['developed_vetting.significant_proportion: 0.5\nconstructor: 1\n', /"constructor" is not allowed as a key/],
  ])('a --params file with %j is refused (exit 2, naming the file)', async (text, message) => {
    const dir = folderWith({ 'site.yaml': 'id: S-1\nname: s\n', 'params.yaml': text });
    const run = await runCli(['check', '--params', join(dir, 'params.yaml'), join(dir, 'site.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/params\.yaml:\d+:\d+/);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it.each([
    ['rule path', 'path: vetting.significant', 'path: constructor', /"constructor" is not a field of the site format/],
    ['rule path', 'path: vetting.significant', 'path: __proto__', /"__proto__" is not a field of the site format/],
    ['derived path', 'path: vetting.developed_vetting_proportion', 'path: constructor', /"constructor" is not a derived fact/],
    ['parameter reference', 'path: developed_vetting.significant_proportion', 'path: __proto__.polluted', /parameter "__proto__\.polluted" is not in parameters\.yaml/],
  ])('a %s naming a prototype key is refused when the rules load', (_what, from, to, message) => {
    const dir = rulesCopy();
    const file = join(dir, 'definition', 'developed-vetting.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
    expect(() => loadRuleset(dir)).toThrow(message);
  });

  it('a parameter whose name starts with __proto__ is an ordinary name: it works and pollutes nothing', async () => {
    // The parameters schema allows any lower-case dotted name, so "__proto__.share" is a legal (if
    // unwise) name. The evaluator keeps parameters in prototype-free objects, so it is just a name.
    const dir = rulesCopy();
    for (const name of ['parameters.yaml', 'definition/developed-vetting.yaml']) {
      const file = join(dir, name);
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('developed_vetting.significant_proportion', '__proto__.share'));
    }
    const ruleset = loadRuleset(dir);
    const site = loadSiteBytes('s.yaml', 'id: S-1\nname: s\nvetting: {staff_total: 100, developed_vetting: 50}\n').sites[0]!;
    const result = await new Evaluator(ruleset).evaluate(site, '2026-11-22');
    expect(result.limbs.find((l) => l.limb === 2)!.outcome).toBe('met');
    expect(result.verdict).toBe('sensitive');
  });
});

describe('no expressions are evaluated', () => {
  it.each(['$..[?(@.x)]', '$.classified_material.highest', 'vetting[0]', 'vetting.staff_total()', '$..*'])(
    'a rule path %j (JSONPath, filter or script) is refused by the rule schema',
    (path) => {
      const dir = rulesCopy();
      const file = join(dir, 'definition', 'ministerial-use.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('path: ministerial_use', `path: ${JSON.stringify(path)}`));
      expect(() => loadRuleset(dir)).toThrow(/ministerial-use\.yaml:\d+:\d+: .*path/s);
    },
  );

  it('the engine reads facts only by own-property dotted paths', () => {
    const data = { a: { b: 1 }, list: [{ x: 1 }] };
    expect(safePathResolver(data, 'a.b')).toBe(1);
    for (const path of ['$.a.b', '$..b', '$..[?(@.b)]', 'a[b]', 'list.0.x', 'constructor', '__proto__', 'a.constructor', 'toString', 'a.b.constructor']) {
      expect(safePathResolver(data, path)).toBe(UNKNOWN);
    }
  });

  it('even a JSONPath that got past the schema would not be evaluated by the engine', async () => {
    // Build the ruleset in memory, bypassing the rule schema, with JSONPath paths that the engine's
    // default resolver (jsonpath-plus) would answer: `$.ministerial_use` is "routine" to it.
    const ruleset = loadRuleset(DEFAULT_RULES_DIR);
    const rules = ruleset.rules.map((r) =>
      r.limb !== 3 ? r : { ...r, conditions: { all: [{ fact: 'site' as const, path: '$.ministerial_use', operator: 'equal', value: 'routine', description: 'x' }] } },
    );
    const site = loadSiteBytes('s.yaml', 'id: S-1\nname: s\nministerial_use: routine\n').sites[0]!;
    const result = await new Evaluator({ ...ruleset, rules }).evaluate(site, '2026-11-22');
    expect(result.limbs.find((l) => l.limb === 3)!.outcome).toBe('unknown'); // not "met": the path is not a field
  });

  it('site values that look like JSONPath or code are plain strings', async () => {
    const odd = ['$.constructor', '$..[?(@.constructor.constructor("return process")().exit())]', '${process.exit(3)}', '{{constructor}}', '`whoami`'];
    const text = [
      'id: J-1',
      `name: ${JSON.stringify(odd[0])}`,
      `organisation: ${JSON.stringify(odd[1])}`,
      `address: ${JSON.stringify(odd[2])}`,
      'ministerial_use: routine',
      'equipment:',
      `  - {id: E-1, kind: nvr, manufacturer: ${JSON.stringify(odd[3])}, model: ${JSON.stringify(odd[4])}, status: installed}`,
    ].join('\n');
    const dir = folderWith({ 'j.yaml': text });
    const run = await runCli(['check', '--format', 'json', dir]);
    expect(run.code).toBe(0);
    const site = JSON.parse(run.stdout).sites[0];
    expect(site).toMatchObject({ id: 'J-1', name: odd[0], organisation: odd[1], verdict: 'sensitive', findings: [] });
  });

  it('a site value equal to a rule path or parameter name is data, not a reference', async () => {
    // json-rules-engine treats {fact, path} objects in a condition's value as fact references; a
    // site cannot smuggle one in, because site values are never condition values.
    const text = 'id: R-1\nname: "{fact: parameters, path: developed_vetting.significant_proportion}"\nministerial_use: none\n';
    const dir = folderWith({ 'r.yaml': text });
    const run = await runCli(['check', '--format', 'json', dir]);
    const site = JSON.parse(run.stdout).sites[0];
    expect(site.name).toBe('{fact: parameters, path: developed_vetting.significant_proportion}');
    expect(site.verdict).toBe('undetermined');
  });
});

describe('YAML tags', () => {
  const TAGS = ['!!js/function "function () { return 1 }"', '!!js/undefined ""', '!!js/regexp /x/', '!!python/object:os.system ls',
    '!custom thing', '!!binary aGVsbG8=', '!!set {a, b}', '!!omap [a: 1]', '!!timestamp 2025-01-01', '!!str routine', '!<tag:yaml.org,2002:str> x'];

  it.each(TAGS)('%s in a site file is refused with file and line', (tagged) => {
    const loaded = loadSiteBytes('t.yaml', `id: T-1\nname: t\nministerial_use: ${tagged}\n`);
    expect(loaded.sites).toEqual([]);
    expect(loaded.errors[0]).toMatchObject({ file: 't.yaml', line: 3, code: 'yaml-tag' });
  });

  it('a tag in a --params file or a rules file is refused the same way', async () => {
    const dir = folderWith({ 'site.yaml': 'id: S-1\nname: s\n', 'params.yaml': 'developed_vetting.significant_proportion: !!js/function "() => 1"\n' });
    const run = await runCli(['check', '--params', join(dir, 'params.yaml'), join(dir, 'site.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/params\.yaml:1:\d+ +.*YAML tags/);

    const rules = rulesCopy();
    const file = join(rules, 'definition', 'ministerial-use.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('value: routine', 'value: !!js/function "() => true"'));
    expect(() => loadRuleset(rules)).toThrow(/ministerial-use\.yaml:\d+:\d+: .*YAML tags/);
  });
});
