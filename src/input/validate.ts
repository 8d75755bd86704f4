// JSON Schema validation (ajv, draft 2020-12, strict, all errors) with every error mapped back to
// the YAML node it concerns and phrased for a procurement officer rather than a schema author.
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { InputError } from '../model.js';
import type { SourceDocument } from './yaml-source.js';
import { keyNodeAt, MAX_ERRORS_PER_FILE, nodeAt, nodePosition, parsePointer, pointer, snippet } from './yaml-source.js';
import { didYouMean } from '../util/suggest.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in ISO form (2025-02-30 is not). */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** ajv's options (part of the built validators' digest: see schemas.ts). */
export const AJV_OPTIONS = {
  strict: true,
  // The schemas are the package's own, checked by the tests; skipping the meta-schema check
  // saves compiling the draft 2020-12 meta-schema on every start.
  validateSchema: false,
  allErrors: true,
  verbose: true,
  allowUnionTypes: true,
  strictRequired: false,
  // Never coerce or fill in: a missing fact must stay missing.
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
} as const;

/** The formats the schemas use (the built validators are given these, not a copy of them). */
export const SCHEMA_FORMATS = { date: { type: 'string', validate: isIsoDate } } as const;

/** An ajv instance with the options and formats; `code` is ajv's code option (the build's standalone code). */
export function createAjv(code?: Record<string, unknown>): Ajv2020 {
  // ajv itself is loaded only here: a process using the built validators never loads it.
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...(code ? { code } : {}) });
  ajv.addFormat('date', SCHEMA_FORMATS.date);
  return ajv;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return snippet(value); // never more than a short, escaped part
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function list(values: readonly unknown[]): string {
  const words = values.map((v) => (typeof v === 'string' ? v : String(v)));
  if (words.length <= 1) return words.join('');
  return words.slice(0, -1).join(', ') + ' or ' + words[words.length - 1];
}

function typeWords(type: unknown): string {
  const names: Record<string, string> = {
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    object: 'a mapping of keys to values',
    array: 'a list',
    null: 'empty',
  };
  const types = Array.isArray(type) ? type : [type];
  return list(types.map((t) => names[String(t)] ?? String(t)));
}

/** Is this the "count or unknown" definition (integer ≥ 0, or the word unknown)? */
function isCountSchema(schema: unknown): boolean {
  const s = schema as { type?: unknown; pattern?: unknown };
  return Array.isArray(s?.type) && s.type.includes('integer') && s.pattern === '^unknown$';
}

function message(e: ErrorObject): string | undefined {
  const raw = parsePointer(e.instancePath).join('.');
  // A blank name or one with spaces or control characters is quoted, so the message still reads.
  const field = !e.instancePath ? 'the document' : raw.trim() === '' || /[\s\p{Cc}]/u.test(raw) ? JSON.stringify(raw) : raw;
  const parent = e.parentSchema as Record<string, unknown> | undefined;
  switch (e.keyword) {
    case 'required':
      return `${field === 'the document' ? 'the site' : field} is missing the required field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((parent?.properties as object | undefined) ?? {});
      const hint = didYouMean(key, allowed);
      const where = field === 'the document' ? '' : ` in ${field}`;
      return `unknown field ${snippet(key)}${where}${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${allowed.join(', ')}`;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const hint = typeof e.data === 'string' ? didYouMean(e.data, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
      return `${field}: ${describe(e.data)} is not allowed; use ${list(allowed)}${hint ? ` (did you mean "${hint}"?)` : ''}`;
    }
    case 'type':
      if (isCountSchema(parent)) return `${field}: must be a whole number of 0 or more, or unknown (found ${describe(e.data)})`;
      // A whole document that is one string is most likely not a site file at all (a .env file, a
      // token): nothing of it is shown.
      return `${field}: must be ${typeWords((e.params as { type: unknown }).type)} (found ${!e.instancePath && typeof e.data === 'string' ? `a line of text, not shown` : describe(e.data)})`;
    case 'pattern':
      if (isCountSchema(parent)) return `${field}: must be a whole number of 0 or more, or unknown (found ${describe(e.data)})`;
      if (field === 'id' || field.endsWith('.id'))
        return `${field}: ${describe(e.data)} is not a valid id; use 1 to 64 letters, digits, dots, hyphens or underscores, starting with a letter or digit`;
      if (parent?.pattern === '\\S') return `${field}: must not be blank`;
      return `${field}: ${describe(e.data)} does not have the expected form`;
    case 'minimum':
      return `${field}: must be ${(e.params as { limit: number }).limit} or more (found ${describe(e.data)})`;
    case 'maximum':
      return `${field}: must be at most ${(e.params as { limit: number }).limit} (found ${describe(e.data)})`;
    case 'exclusiveMinimum':
      return `${field}: must be more than ${(e.params as { limit: number }).limit} (found ${describe(e.data)})`;
    case 'minLength':
      return `${field}: must not be empty`;
    case 'maxLength':
      return `${field}: is longer than ${(e.params as { limit: number }).limit} characters`;
    case 'maxItems':
      return `${field}: has more than ${(e.params as { limit: number }).limit} entries`;
    case 'minItems':
      return `${field}: needs at least ${(e.params as { limit: number }).limit} entries`;
    case 'uniqueItems':
      return `${field}: lists the same entry twice`;
    case 'format':
      if ((e.params as { format: string }).format === 'date')
        return `${field}: ${describe(e.data)} is not a real date in the form YYYY-MM-DD`;
      return `${field}: ${describe(e.data)} is not a valid ${(e.params as { format: string }).format}`;
    case 'const':
      return `${field}: must be ${describe((e.params as { allowedValue: unknown }).allowedValue)}`;
    case 'if':
    case 'anyOf':
    case 'oneOf':
      return undefined; // the branch errors say it better
    default:
      return `${field}: ${e.message ?? 'is not valid'}`;
  }
}

const CODES: Record<string, string> = {
  required: 'missing-field',
  additionalProperties: 'unknown-key',
  enum: 'bad-value',
  type: 'bad-type',
  pattern: 'bad-value',
  format: 'bad-value',
};

/**
 * Validate one parsed document. Errors point at the offending node: the key itself for an unknown
 * key, the parent mapping for a missing one, the value otherwise.
 */
export function validateDocument(validate: ValidateFunction, src: SourceDocument): InputError[] {
  if (validate(src.value)) return [];
  const out: InputError[] = [];
  const seen = new Set<string>();
  // A count that is the wrong type fails both `type` and `pattern`: say it once per field.
  for (const e of validate.errors ?? []) {
    if (out.length > MAX_ERRORS_PER_FILE) break; // the file's errors are capped with a summary later
    const text = message(e);
    if (text === undefined) continue;
    const path = parsePointer(e.instancePath);
    let node;
    let ptr = e.instancePath;
    if (e.keyword === 'additionalProperties') {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      node = keyNodeAt(src.doc, path, key);
      ptr = pointer([...path, key]);
    } else {
      node = nodeAt(src.doc, path);
    }
    const key = `${ptr}|${isCountSchema(e.parentSchema) ? 'count' : e.keyword + text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pos = nodePosition(node ?? src.doc.contents, src.lineCounter);
    out.push({
      file: src.file,
      line: pos.line,
      column: pos.column,
      path: ptr,
      code: CODES[e.keyword] ?? 'invalid',
      message: text,
    });
  }
  return out;
}

/** The classification tiers in order (Government Security Classifications Policy). */
const TIERS = ['OFFICIAL', 'SECRET', 'TOP SECRET'];

/**
 * (v2) Classification facts that contradict one another (site-format.md v2): `routinely_held`
 * above `highest`; `frequency: routine` with `routinely_held` below `highest`; `frequency:
 * occasional` or `never` with `routinely_held` equal to `highest`. Each is an input error naming
 * both lines. `at` gives where a value is written.
 */
export function classificationErrors(
  data: { readonly id?: unknown; readonly classified_material?: { readonly highest?: unknown; readonly frequency?: unknown; readonly routinely_held?: unknown } },
  file: string,
  at: (path: (string | number)[]) => { line: number; column: number },
): InputError[] {
  const c = data.classified_material;
  if (!c || typeof c !== 'object') return [];
  const rank = (v: unknown): number => (typeof v === 'string' ? TIERS.indexOf(v) : -1);
  const held = rank(c.routinely_held);
  if (held < 0) return [];
  const site = typeof data.id === 'string' ? { site: data.id } : {};
  const pos = at(['classified_material', 'routinely_held']);
  const line = (k: string): number => at(['classified_material', k]).line;
  const err = (message: string): InputError => ({ file, ...pos, path: '/classified_material/routinely_held', code: 'contradictory-facts', ...site, message });
  const highest = rank(c.highest);
  const rh = `classified_material.routinely_held (${String(c.routinely_held)}, line ${pos.line})`;
  if (highest >= 0 && held > highest) {
    return [err(`${rh} is above classified_material.highest (${String(c.highest)}, line ${line('highest')}): the highest classification ever held includes what is held routinely`)];
  }
  if (highest >= 0 && c.frequency === 'routine' && held < highest) {
    return [err(`${rh} is below classified_material.highest (${String(c.highest)}, line ${line('highest')}) although classified_material.frequency is routine (line ${line('frequency')}): material held routinely at ${String(c.highest)} makes ${String(c.highest)} the highest tier held routinely`)];
  }
  if (highest >= 0 && (c.frequency === 'occasional' || c.frequency === 'never') && held === highest) {
    return [err(`${rh} equals classified_material.highest (${String(c.highest)}, line ${line('highest')}) although classified_material.frequency is ${String(c.frequency)} (line ${line('frequency')}): the highest tier cannot be held both routinely and ${String(c.frequency) === 'never' ? 'never' : 'only occasionally'}`)];
  }
  return [];
}
