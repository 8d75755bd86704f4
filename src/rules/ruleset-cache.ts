// The shipped rules as loaded, cached by the build (dist/rules/shipped-ruleset.json, written by
// scripts/build-ruleset-cache.mjs after `npm run build`), so that a process or worker thread does
// not read 60 KB of YAML and check it again at every start: reading and checking the rules cost
// about as much as everything else at start-up put together.
//
// The policy stays in rules/: the cache is only ever used for exactly the bytes it was made from.
// At every load, loadRuleset reads every file of the folder and digests it, as it always did; the
// cache is used only when its key matches the key worked out then from
//   - the label the folder is shown under (file names in results are made from it),
//   - the name and SHA-256 of every file the loader reads (the same list, in the same order),
//   - schemaDigest(): every schema file, ajv's options and version,
//   - the text of the loader's own modules (below) and the yaml package's version,
// that is, from everything the loaded Ruleset is made from. A rule file edited, added or removed, a
// schema edited, the loader changed and rebuilt without this script, another yaml: the key differs
// and the folder is read and checked in full, as before (errors always come from that full load:
// only a load without problems is cached). The cache is written once, by the build, never at run
// time (an installed package may be read-only, and processes run side by side).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ruleset, RuleFile } from './ruleset.js';
import { schemaDigest } from '../input/schemas.js';

/** The cache file (from src/rules/ and from dist/rules/ alike: the package's dist/rules/). */
export const RULESET_CACHE = fileURLToPath(new URL('../../dist/rules/shipped-ruleset.json', import.meta.url));

/** The modules whose code makes a Ruleset from the files (relative to this one; .js or .ts as this is). */
const LOADER_MODULES = [
  './ruleset', './ruleset-cache', '../model', '../input/yaml-source', '../input/sites', '../input/validate', '../input/schemas',
  '../engine/derived', '../engine/register', '../util/paths',
];

/** What the Ruleset for these files is made from (see above). */
export function rulesetKey(label: string, files: readonly RuleFile[]): string {
  const h = createHash('sha256');
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  h.update(`sitecheck ruleset cache 1\0${label}\0`);
  for (const f of files) h.update(`${f.name}\0${f.sha256}\0`);
  h.update(`${schemaDigest()}\0yaml ${(createRequire(import.meta.url)('yaml/package.json') as { version: string }).version}\0`);
  for (const m of LOADER_MODULES) h.update(`${m}\0${readFileSync(new URL(m + ext, import.meta.url))}\0`);
  return h.digest('hex');
}

/** A Ruleset as JSON: its Maps as lists of entries; `dir`, `files` and `sha256` are the caller's. */
interface Stored {
  readonly key: string;
  readonly ruleset: Omit<Ruleset, 'dir' | 'files' | 'sha256' | 'sources' | 'parameters'> & {
    readonly sources: [string, unknown][];
    readonly parameters: [string, unknown][];
  };
}

export function serializeRuleset(ruleset: Ruleset, key: string): string {
  const { dir: _dir, files: _files, sha256: _sha, sources, parameters, ...rest } = ruleset;
  return JSON.stringify({ key, ruleset: { ...rest, sources: [...sources], parameters: [...parameters] } });
}

/** The Ruleset in the same shape (and key order) as loadRuleset makes it. */
export function deserializeRuleset(text: string, dir: string, files: readonly RuleFile[], sha256: string): { key: string; ruleset: Ruleset } {
  const { key, ruleset: r } = JSON.parse(text) as Stored;
  // A body that is not a Ruleset's shape (a damaged or hand-edited file, under the right key) is
  // refused here, so that the folder is read instead, not failed on later in the engine.
  const list = (v: unknown): boolean => Array.isArray(v);
  const record = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!record(r) || ![r.rules, r.sources, r.parameters, r.suppliers, r.supplierSuffixes, r.obligations].every(list)
    || ![r.scope, r.exclusion, r.failOn].every(record)) {
    throw new Error('the cached rules are not a Ruleset');
  }
  return {
    key,
    ruleset: {
      dir, rules: r.rules, sources: new Map(r.sources) as Ruleset['sources'], parameters: new Map(r.parameters) as Ruleset['parameters'],
      suppliers: r.suppliers, supplierSuffixes: r.supplierSuffixes, scope: r.scope, exclusion: r.exclusion, obligations: r.obligations,
      failOn: r.failOn, files, sha256,
    },
  };
}

/**
 * The cached Ruleset for these files under this label, or undefined (no cache, another key, or
 * turned off with SITECHECK_RULES_CACHE=0: the tests compare the two).
 */
export function cachedRuleset(dir: string, label: string, files: readonly RuleFile[], sha256: string, file = RULESET_CACHE): Ruleset | undefined {
  if (process.env.SITECHECK_RULES_CACHE === '0') return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // not built
  }
  try {
    // The key is the file's first field: compared before anything else is parsed.
    const m = /^\{"key":"([0-9a-f]{64})",/.exec(text);
    if (!m || m[1] !== rulesetKey(label, files)) return undefined;
    return deserializeRuleset(text, dir, files, sha256).ruleset;
  } catch {
    return undefined; // damaged: read the folder
  }
}
