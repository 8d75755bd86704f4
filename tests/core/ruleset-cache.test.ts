// The build's cache of the shipped rules (dist/rules/shipped-ruleset.json, src/rules/ruleset-cache.ts):
// what it gives is exactly what reading the folder in full gives, and it is used only for the bytes
// it was made from: a rule file edited, added or removed is read and checked afresh (its errors
// reported as ever). The cache is keyed on the built loader's code, so these tests use dist/, as
// the CLI does.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratch } from '../hardening/helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const AS_OF = '2026-11-22';

type RulesetModule = typeof import('../../src/rules/ruleset.js');
type CacheModule = typeof import('../../src/rules/ruleset-cache.js');
type CheckModule = typeof import('../../src/check.js');
let ruleset: RulesetModule;
let cache: CacheModule;
let check: CheckModule;

beforeAll(async () => {
  const cacheFile = join(ROOT, 'dist/rules/shipped-ruleset.json');
  if (!existsSync(cacheFile)) throw new Error('build first: npm run build (npm test does)');
  ruleset = (await import(join(ROOT, 'dist/rules/ruleset.js'))) as RulesetModule;
  cache = (await import(join(ROOT, 'dist/rules/ruleset-cache.js'))) as CacheModule;
  check = (await import(join(ROOT, 'dist/check.js'))) as CheckModule;
});

/** The shipped rules read in full, never from the cache. */
function fullLoad(dir: string): ReturnType<RulesetModule['loadRuleset']> {
  process.env.SITECHECK_RULES_CACHE = '0';
  try {
    return ruleset.loadRuleset(dir, check.SHIPPED_RULES_LABEL);
  } finally {
    delete process.env.SITECHECK_RULES_CACHE;
  }
}

function rulesCopy(): string {
  const dir = scratch('sitecheck-cache-rules-');
  cpSync(check.DEFAULT_RULES_DIR, dir, { recursive: true });
  return dir;
}

type CliResult = { status: number | null; stdout: string; stderr: string };

/**
 * Each of `cases` run through the built CLI's main() (what bin/sitecheck.js calls), one after the
 * other in one fresh Node process with `env` added: one process per setting of the cache rather
 * than one per command (each costs half a second of CPU to start), and still a process of its own
 * for each setting, since a process keeps the Ruleset it last loaded (src/rules/ruleset.ts).
 */
function runAll(cases: readonly string[][], env: Record<string, string> = {}): CliResult[] {
  const script = `
import { Writable } from 'node:stream';
const { main } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/cli/main.js')).href)});
const capture = () => Object.assign(new Writable({ write(chunk, _enc, cb) { this.chunks.push(Buffer.from(chunk)); cb(); } }), { chunks: [] });
const text = (w) => Buffer.concat(w.chunks).toString('utf8');
const results = [];
for (const args of JSON.parse(process.argv[1])) {
  const stdout = capture();
  const stderr = capture();
  const status = await main(args, { stdout, stderr, stdin: process.stdin, env: process.env });
  results.push({ status, stdout: text(stdout), stderr: text(stderr) });
}
process.stdout.write(JSON.stringify(results));
`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`the CLI driver failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CliResult[];
}

describe('the shipped rules cache', () => {
  it('gives exactly the Ruleset a full read of the folder gives', () => {
    const full = fullLoad(check.DEFAULT_RULES_DIR);
    const cached = cache.cachedRuleset(check.DEFAULT_RULES_DIR, check.SHIPPED_RULES_LABEL, full.files, full.sha256);
    expect(cached).toBeDefined();
    expect(cached).toStrictEqual(full);
    expect(Object.keys(cached!)).toEqual(Object.keys(full));
    expect(cached!.sources).toBeInstanceOf(Map);
    expect([...cached!.sources.keys()]).toEqual([...full.sources.keys()]);
    expect([...cached!.parameters.keys()]).toEqual([...full.parameters.keys()]);
  });

  it('is used for the shipped rules, wherever they are, but only under the label it was made for', () => {
    const full = fullLoad(check.DEFAULT_RULES_DIR);
    const copy = rulesCopy();
    const there = cache.cachedRuleset(copy, check.SHIPPED_RULES_LABEL, full.files, full.sha256);
    expect(there?.dir).toBe(copy);
    expect(cache.cachedRuleset(copy, 'another-label', full.files, full.sha256)).toBeUndefined();
    // Another file list, one digest changed, a file more or less: another key.
    const other = full.files.map((f, i) => (i === 3 ? { ...f, sha256: '0'.repeat(64) } : f));
    expect(cache.cachedRuleset(copy, check.SHIPPED_RULES_LABEL, other, full.sha256)).toBeUndefined();
    expect(cache.cachedRuleset(copy, check.SHIPPED_RULES_LABEL, full.files.slice(1), full.sha256)).toBeUndefined();
    expect(cache.cachedRuleset(copy, check.SHIPPED_RULES_LABEL, [...full.files, { name: 'definition/extra.yaml', sha256: '1'.repeat(64) }], full.sha256)).toBeUndefined();
  });

  it('an edited rule file is read afresh: its new text is loaded, and its errors are reported', () => {
    const copy = rulesCopy();
    const file = join(copy, 'definition/ministerial-use.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('title: Routinely used by ministers', 'title: Routinely used by ministers (edited)'));
    const edited = ruleset.loadRuleset(copy, check.SHIPPED_RULES_LABEL);
    expect(edited.rules.find((r) => r.id === 'ministerial-use')!.title).toBe('Routinely used by ministers (edited)');
    writeFileSync(file, text.replace('limb: 3', 'limb: 1'));
    expect(() => ruleset.loadRuleset(copy, check.SHIPPED_RULES_LABEL)).toThrow(/limb 1 is already claimed/);
    writeFileSync(file, text);
    rmSync(join(copy, 'obligations/core-network.yaml'));
    const fewer = ruleset.loadRuleset(copy, check.SHIPPED_RULES_LABEL);
    expect(fewer.obligations.map((o) => o.id)).not.toContain('core-network');
    writeFileSync(join(copy, 'stray.yaml'), 'x: 1\n');
    expect(() => ruleset.loadRuleset(copy, check.SHIPPED_RULES_LABEL)).toThrow(/stray\.yaml is not a registry file/);
  });

  it('a damaged or missing cache file is not used', () => {
    const full = fullLoad(check.DEFAULT_RULES_DIR);
    const dir = scratch('sitecheck-cache-file-');
    const text = readFileSync(cache.RULESET_CACHE, 'utf8');
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, text.slice(0, text.length / 2));
    expect(cache.cachedRuleset(check.DEFAULT_RULES_DIR, check.SHIPPED_RULES_LABEL, full.files, full.sha256, truncated)).toBeUndefined();
    const otherKey = join(dir, 'other.json');
    writeFileSync(otherKey, text.replace(/^\{"key":"[0-9a-f]{64}"/, `{"key":"${'a'.repeat(64)}"`));
    expect(cache.cachedRuleset(check.DEFAULT_RULES_DIR, check.SHIPPED_RULES_LABEL, full.files, full.sha256, otherKey)).toBeUndefined();
    expect(cache.cachedRuleset(check.DEFAULT_RULES_DIR, check.SHIPPED_RULES_LABEL, full.files, full.sha256, join(dir, 'missing.json'))).toBeUndefined();
    // The right key over a body that is not a Ruleset (a damaged or hand-edited file): read the folder.
    const key = /^\{"key":"([0-9a-f]{64})"/.exec(text)![1];
    for (const body of ['{}', '{"rules":{},"sources":[],"parameters":[]}', '[]']) {
      const hollow = join(dir, 'hollow.json');
      writeFileSync(hollow, `{"key":"${key}","ruleset":${body}}`);
      expect(cache.cachedRuleset(check.DEFAULT_RULES_DIR, check.SHIPPED_RULES_LABEL, full.files, full.sha256, hollow)).toBeUndefined();
    }
    const same = join(dir, 'same.json');
    writeFileSync(same, text);
    expect(cache.cachedRuleset(check.DEFAULT_RULES_DIR, check.SHIPPED_RULES_LABEL, full.files, full.sha256, same)).toStrictEqual(full);
  });

  it('the CLI says the same with and without it, in every format and for rules list and test', () => {
    const cases = [
      ['check', '--as-of', AS_OF, '--format', 'json', 'sites/'],
      ['check', '--as-of', AS_OF, '--format', 'sarif', 'sites/'],
      ['check', '--as-of', AS_OF, 'sites/', 'tests/fixtures/bad/'],
      ['rules', 'list', '--format', 'json'],
      ['rules', 'test', '--coverage'],
      ['check', '--help'],
    ];
    const cached = runAll(cases);
    const full = runAll(cases, { SITECHECK_RULES_CACHE: '0' });
    for (const [i, args] of cases.entries()) {
      expect(cached[i]!.stdout.length, args.join(' ')).toBeGreaterThan(100);
      expect(cached[i], args.join(' ')).toEqual(full[i]);
    }
  });
});
