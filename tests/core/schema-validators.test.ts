// The built validators (dist/input/schema-validators.cjs, ajv's standalone code written by
// `npm run build`) against the schemas compiled at run time, as every process did before: on every
// real document and on fuzzed and hostile ones, both give the same answer and the same errors
// (keyword, paths, params, message, and the schema and data that verbose errors carry), so the
// messages made from them are the same. And the built ones are used only while they were built
// from exactly the schema files, ajv options and ajv version there are now.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { BUILT_VALIDATORS, builtValidators, compileAll, SCHEMA_DIR, SCHEMA_NAMES, schemaDigest, validator, type SchemaName } from '../../src/input/schemas.js';
import { FULL_SITE, UNKNOWN_SITE, scratch } from '../hardening/helpers.js';
import { fuzz, TIMEOUT } from '../fuzz/config.js';

const ROOT = join(import.meta.dirname, '../..');

let built: Partial<Record<SchemaName, ValidateFunction>>;
let compiled: Map<SchemaName, ValidateFunction>;
beforeAll(() => {
  if (!existsSync(BUILT_VALIDATORS)) throw new Error('build first: npm run build (npm test does)');
  const b = builtValidators();
  if (!b) throw new Error(`${BUILT_VALIDATORS} was built from other schemas: npm run build`);
  built = b;
  compiled = compileAll().validators;
});

/** What a validator says of a value: valid or not, and its errors, every field of them. */
function verdict(v: ValidateFunction, value: unknown): { valid: boolean; errors: unknown } {
  const valid = v(value) as boolean;
  return { valid, errors: structuredClone(v.errors ?? null) };
}

function same(name: SchemaName, value: unknown): void {
  const a = verdict(built[name]!, value);
  const b = verdict(compiled.get(name)!, value);
  expect(a).toEqual(b);
}

/** Every YAML file under a folder, as plain data, document by document. */
function documents(dir: string): unknown[] {
  const out: unknown[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, n.name);
      if (n.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(n.name)) {
        // (The hostile fixtures that yaml itself refuses are not documents to validate.)
        for (const doc of [parseAllDocuments(readFileSync(p, 'utf8'))].flat()) {
          if (!('errors' in doc) || doc.errors.length > 0) continue;
          try {
            out.push(doc.toJS({ maxAliasCount: 100 }));
          } catch {
            /* refused by yaml */
          }
        }
      }
    }
  };
  walk(dir);
  return out;
}

const RULE_FILES: Record<string, SchemaName> = { 'sources.yaml': 'sources', 'parameters.yaml': 'parameters', 'suppliers.yaml': 'suppliers' };
const FAMILY: Record<string, SchemaName> = { definition: 'rule', scope: 'scope-rule', obligations: 'obligation' };

/** The shipped rules, each with the schema it is checked against. */
function ruleDocuments(): [SchemaName, unknown][] {
  const dir = join(ROOT, 'rules');
  const out: [SchemaName, unknown][] = [];
  for (const [file, schema] of Object.entries(RULE_FILES)) out.push([schema, parseAllDocuments(readFileSync(join(dir, file), 'utf8'))[0]!.toJS()]);
  for (const [family, schema] of Object.entries(FAMILY)) {
    for (const n of readdirSync(join(dir, family))) out.push([schema, parseAllDocuments(readFileSync(join(dir, family, n), 'utf8'))[0]!.toJS()]);
  }
  return out;
}

const SITES = [...documents(join(ROOT, 'sites')), ...documents(join(ROOT, 'tests/fixtures')), ...[FULL_SITE, UNKNOWN_SITE].map((t) => parseAllDocuments(t)[0]!.toJS())];
const RULES = ruleDocuments();

describe('the built validators', () => {
  it('are the ones in use, and there is one for every schema', () => {
    for (const name of SCHEMA_NAMES) {
      expect(typeof built[name]).toBe('function');
      // A schema ajv compiled carries its compilation (schemaEnv); the built code is plain functions.
      expect((compiled.get(name) as { schemaEnv?: unknown }).schemaEnv).toBeDefined();
      expect((built[name] as { schemaEnv?: unknown }).schemaEnv).toBeUndefined();
      expect((validator(name) as { schemaEnv?: unknown }).schemaEnv).toBeUndefined();
    }
  });

  it('agree with the compiled schemas on every example site, fixture and shipped rule', () => {
    expect(SITES.length).toBeGreaterThan(20);
    for (const doc of SITES) same('site', doc);
    for (const [schema, doc] of RULES) same(schema, doc);
    // Each rule against every other family's schema, too: plenty of errors of every kind.
    for (const [, doc] of RULES) for (const name of SCHEMA_NAMES) same(name, doc);
    for (const doc of SITES) for (const name of SCHEMA_NAMES) same(name, doc);
  });

  // A real document with one value somewhere replaced, one key added or one removed.
  const leaf = fc.oneof(
    fc.constantFrom('unknown', 'SECRET', 'routine', '2025-02-30', '2025-04-30', '', ' ', 'x'.repeat(1200), -1, 0, 1.5, 1e309, null, true, false, [], {}),
    fc.jsonValue({ maxDepth: 3 }),
    fc.string(),
  );
  function mutate(doc: unknown, steps: { at: number; op: number; value: unknown; key: string }[]): unknown {
    const root = structuredClone(doc) as unknown;
    for (const s of steps) {
      const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach((x, i) => (nodes.push({ parent: v, key: i }), walk(x)));
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (nodes.push({ parent: v as Record<string, unknown>, key: k }), walk(x));
      };
      walk(root);
      if (nodes.length === 0) return root;
      const n = nodes[s.at % nodes.length]!;
      const target = n.parent as Record<string | number, unknown>;
      if (s.op % 3 === 0) target[n.key] = s.value;
      else if (s.op % 3 === 1 && !Array.isArray(n.parent)) delete target[n.key];
      else if (!Array.isArray(n.parent)) target[s.key] = s.value;
      else (n.parent as unknown[]).push(s.value);
    }
    return root;
  }
  const steps = fc.array(fc.record({ at: fc.nat(), op: fc.nat(), value: leaf, key: fc.oneof(fc.string(), fc.constantFrom('limb', 'id', 'value', 'conditions', 'extra')) }), { minLength: 1, maxLength: 4 });

  it('agree with the compiled schemas on mutated sites', () => {
    fc.assert(fc.property(fc.nat(SITES.length - 1), steps, (i, s) => same('site', mutate(SITES[i], s))), fuzz(400));
  }, TIMEOUT);

  it('agree with the compiled schemas on mutated rules, sources, parameters and suppliers', () => {
    fc.assert(fc.property(fc.nat(RULES.length - 1), steps, (i, s) => {
      const [schema, doc] = RULES[i]!;
      same(schema, mutate(doc, s));
    }), fuzz(400));
  }, TIMEOUT);

  it('agree with the compiled schemas on arbitrary values', () => {
    fc.assert(fc.property(fc.constantFrom(...SCHEMA_NAMES), fc.jsonValue({ maxDepth: 4 }), (name, value) => same(name, value)), fuzz(300));
  }, TIMEOUT);
});

describe('the guard', () => {
  it('a built module from other schemas, or a broken one, is not used', () => {
    // The copies sit beside the real one, where its require() of ajv's runtime resolves.
    const text = readFileSync(BUILT_VALIDATORS, 'utf8');
    expect(text).toContain(`exports.digest = ${JSON.stringify(schemaDigest())};`);
    const copy = (name: string, body: string): string => {
      const file = join(dirname(BUILT_VALIDATORS), `.test-${process.pid}-${name}.cjs`);
      writeFileSync(file, body);
      copies.push(file);
      return file;
    };
    const copies: string[] = [];
    try {
      expect(builtValidators(copy('other', text.replace(/exports\.digest = "[0-9a-f]+";/, `exports.digest = "${'0'.repeat(64)}";`)))).toBeUndefined();
      expect(builtValidators(copy('broken', 'this is not JavaScript'))).toBeUndefined();
      expect(builtValidators(copy('throws', text.replace('exports.create = function create(formats) {', 'exports.create = function create(formats) {\nrequire("./no-such-module");')))).toBeUndefined();
      expect(builtValidators(join(dirname(BUILT_VALIDATORS), 'missing.cjs'))).toBeUndefined();
      expect(typeof builtValidators(copy('same', text))?.site).toBe('function');
    } finally {
      for (const f of copies) rmSync(f, { force: true });
    }
  });

  it('an edited schema file changes the digest', () => {
    const dir = scratch('sitecheck-schema-');
    cpSync(SCHEMA_DIR, dir, { recursive: true });
    expect(schemaDigest(dir)).toBe(schemaDigest());
    for (const name of ['citation', 'rule', 'site', 'suppliers']) {
      const copy = scratch('sitecheck-schema-');
      cpSync(SCHEMA_DIR, copy, { recursive: true });
      const file = join(copy, `${name}.schema.json`);
      const before = readFileSync(file, 'utf8');
      writeFileSync(file, before.replace('{', '{"$comment": "edited", '));
      expect(readFileSync(file, 'utf8')).not.toBe(before);
      expect(schemaDigest(copy)).not.toBe(schemaDigest());
    }
  });
});
