// The JSON Schemas shipped in schema/, as validators, made once on first use.
//
// Compiling them with ajv was a quarter of the cost of starting sitecheck (and of every worker
// thread). So `npm run build` also writes the validators ajv generates for them as code
// (dist/input/schema-validators.cjs, by scripts/build-validators.mjs, with ajv's standalone code),
// and each process loads that instead of compiling. It is only used when it was built from exactly
// these schema files, with these ajv options and this ajv version (a digest of all of them, worked
// out again at every start); otherwise, or when it is missing, the schemas are compiled at run time
// as before. Either way the validators are ajv's own code for the same schemas, so every error,
// its wording and its path are the same (tests/core/schema-validators.test.ts compares the two).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { AJV_OPTIONS, createAjv, SCHEMA_FORMATS } from './validate.js';

/** The package's schema/ folder (dist/input/ → ../../schema). */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

/** The built validators (from src/input/ and from dist/input/ alike: the package's dist/input/). */
export const BUILT_VALIDATORS = fileURLToPath(new URL('../../dist/input/schema-validators.cjs', import.meta.url));

export type SchemaName = 'site' | 'rule' | 'scope-rule' | 'obligation' | 'sources' | 'parameters' | 'params-override' | 'suppliers';

/** Every schema a validator is made for. */
export const SCHEMA_NAMES: readonly SchemaName[] = ['site', 'rule', 'scope-rule', 'obligation', 'sources', 'parameters', 'params-override', 'suppliers'];
/** The schemas the others refer to, added to ajv first: citations, and the rule family (scope and obligation rules use the definition rule's conditions). */
const SHARED = ['citation', 'rule'] as const;

function schemaText(name: SchemaName | 'citation', dir = SCHEMA_DIR): string {
  return readFileSync(join(dir, `${name}.schema.json`), 'utf8');
}

export function readSchema(name: SchemaName | 'citation'): Record<string, unknown> {
  return JSON.parse(schemaText(name)) as Record<string, unknown>;
}

/**
 * What the validators are made from: every schema file's name and text, ajv's options and ajv's
 * version. The built validators carry the digest they were built with.
 */
export function schemaDigest(dir = SCHEMA_DIR): string {
  // Worked out once per process and folder: the built validators and the rules cache both ask.
  let digest = digests.get(dir);
  if (digest === undefined) digests.set(dir, (digest = digestOf(dir)));
  return digest;
}
const digests = new Map<string, string>();

function digestOf(dir: string): string {
  const h = createHash('sha256');
  h.update(`ajv ${(createRequire(import.meta.url)('ajv/package.json') as { version: string }).version}\0${JSON.stringify(AJV_OPTIONS)}\0`);
  for (const name of [...SHARED, ...SCHEMA_NAMES]) h.update(`${name}\0${schemaText(name, dir)}\0`);
  return h.digest('hex');
}

/** An ajv instance holding every schema, each compiled (with `source`, what standalone code is made from). */
export function compileAll(code?: Record<string, unknown>): { ajv: ReturnType<typeof createAjv>; validators: Map<SchemaName, ValidateFunction> } {
  const ajv = createAjv(code);
  for (const name of SHARED) ajv.addSchema(readSchema(name));
  const validators = new Map<SchemaName, ValidateFunction>();
  for (const name of SCHEMA_NAMES) {
    const schema = readSchema(name);
    validators.set(name, ajv.getSchema(String(schema.$id)) ?? ajv.compile(schema));
  }
  return { ajv, validators };
}

/** The built module: its digest, and a function making the validators with the formats' code given. */
interface BuiltModule {
  readonly digest: string;
  readonly create: (formats: typeof SCHEMA_FORMATS) => Partial<Record<SchemaName, ValidateFunction>>;
}

/**
 * The built validators, or undefined when there are none or they were built from anything other
 * than what is here now (then the schemas are compiled at run time). SITECHECK_BUILT_SCHEMAS=0
 * turns them off (the tests compare the two).
 */
export function builtValidators(file = BUILT_VALIDATORS): Partial<Record<SchemaName, ValidateFunction>> | undefined {
  if (process.env.SITECHECK_BUILT_SCHEMAS === '0') return undefined;
  let built: BuiltModule;
  try {
    built = createRequire(import.meta.url)(file) as BuiltModule;
  } catch {
    return undefined; // not built (a build without the script, or run from the sources before one)
  }
  if (typeof built?.digest !== 'string' || typeof built.create !== 'function' || built.digest !== schemaDigest()) return undefined;
  try {
    return built.create(SCHEMA_FORMATS);
  } catch {
    return undefined; // ajv's runtime helpers it requires are not there: compile instead
  }
}

let built: Partial<Record<SchemaName, ValidateFunction>> | undefined | null = null;
let ajv: ReturnType<typeof createAjv> | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

export function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    if (built === null) built = builtValidators();
    v = built?.[name];
    if (!v) {
      if (!ajv) {
        ajv = createAjv();
        for (const shared of SHARED) ajv.addSchema(readSchema(shared));
      }
      const schema = readSchema(name);
      v = ajv.getSchema(String(schema.$id)) ?? ajv.compile(schema);
    }
    compiled.set(name, v);
  }
  return v;
}
