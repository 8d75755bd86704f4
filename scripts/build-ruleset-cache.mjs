#!/usr/bin/env node
// Run by `npm run build` after tsc and build-validators: loads the shipped rules in full (YAML,
// schemas, every cross-check) and writes them as loaded to dist/rules/shipped-ruleset.json, with
// the key src/rules/ruleset-cache.ts checks at every start (the rule files' names and bytes, the
// schemas, the loader's code, yaml's version). When the shipped rules do not load, or would not
// come back from JSON exactly as they were, no cache is written: sitecheck then reads the folder at
// every start, as it always did, and reports its problems.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

process.env.SITECHECK_RULES_CACHE = '0'; // the full load, never the cache being replaced
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { DEFAULT_RULES_DIR, SHIPPED_RULES_LABEL } = await import(dist('check.js'));
const { loadRuleset } = await import(dist('rules/ruleset.js'));
const { RULESET_CACHE, cachedRuleset, deserializeRuleset, rulesetKey, serializeRuleset } = await import(dist('rules/ruleset-cache.js'));

rmSync(RULESET_CACHE, { force: true });
let ruleset;
try {
  ruleset = loadRuleset(DEFAULT_RULES_DIR, SHIPPED_RULES_LABEL);
} catch (e) {
  process.stdout.write(`build-ruleset-cache: the shipped rules do not load, so no cache (sitecheck will say why):\n  ${String(e.message).split('\n').join('\n  ')}\n`);
  process.exit(0);
}
const key = rulesetKey(SHIPPED_RULES_LABEL, ruleset.files);
const text = serializeRuleset(ruleset, key);
const back = deserializeRuleset(text, ruleset.dir, ruleset.files, ruleset.sha256).ruleset;
if (!isDeepStrictEqual(back, ruleset) || JSON.stringify(Object.keys(back)) !== JSON.stringify(Object.keys(ruleset))) {
  process.stdout.write('build-ruleset-cache: the rules do not come back from JSON as they were (a value JSON cannot hold?), so no cache\n');
  process.exit(0);
}
const tmp = `${RULESET_CACHE}.tmp`;
writeFileSync(tmp, text);
renameSync(tmp, RULESET_CACHE);
// Read back as sitecheck will.
delete process.env.SITECHECK_RULES_CACHE;
const loaded = cachedRuleset(ruleset.dir, SHIPPED_RULES_LABEL, ruleset.files, ruleset.sha256);
if (!loaded || !isDeepStrictEqual(loaded, ruleset)) throw new Error('build-ruleset-cache: the cache written does not load back');
process.stdout.write(`wrote dist/rules/shipped-ruleset.json (${ruleset.files.length} files, ${(readFileSync(RULESET_CACHE).length / 1024).toFixed(0)} KB)\n`);
