// The JSON Schemas shipped in schema/, compiled once on first use.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv } from './validate.js';

/** The package's schema/ folder (dist/input/ → ../../schema). */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

export type SchemaName = 'site' | 'rule' | 'scope-rule' | 'obligation' | 'sources' | 'parameters' | 'params-override' | 'suppliers';

export function readSchema(name: SchemaName | 'citation'): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_DIR + `${name}.schema.json`, 'utf8')) as Record<string, unknown>;
}

let ajv: ReturnType<typeof createAjv> | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

export function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    if (!ajv) {
      ajv = createAjv();
      ajv.addSchema(readSchema('citation'));
      // The rule schemas are one family: scope and obligation rules use the definition rule's conditions.
      ajv.addSchema(readSchema('rule'));
    }
    const schema = readSchema(name);
    v = ajv.getSchema(String(schema.$id)) ?? ajv.compile(schema);
    compiled.set(name, v);
  }
  return v;
}
