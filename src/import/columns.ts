// The CSV columns sitecheck import accepts, derived from the site JSON Schema itself (so a new
// optional field in the schema is a new column with no code change): each scalar field is a dotted
// column name, such as classified_material.highest. Cell text becomes the field's JSON type by the
// schema: true/false for the yes/no/unknown fields, whole numbers for counts; an empty cell means
// the field is absent (not known), never false or zero.
import { readSchema } from '../input/schemas.js';

export interface Column {
  /** Dotted name, such as vetting.staff_total. */
  readonly name: string;
  readonly path: readonly string[];
  readonly boolean: boolean;
  readonly integer: boolean;
}

type Schema = Record<string, unknown>;

function deref(root: Schema, s: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    let target: unknown = root;
    for (const seg of ref.slice(2).split('/')) target = (target as Schema)[seg];
    return { ...deref(root, target as Schema), ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) };
  }
  return s;
}

function columnsOf(root: Schema, schema: Schema, prefix: string[]): Column[] {
  const out: Column[] = [];
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [key, raw] of Object.entries(props)) {
    const s = deref(root, raw);
    const path = [...prefix, key];
    if (s.type === 'object') {
      out.push(...columnsOf(root, s, path));
      continue;
    }
    if (s.type === 'array') continue; // lists (equipment) come from their own CSV
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const en = Array.isArray(s.enum) ? s.enum : [];
    out.push({ name: path.join('.'), path, boolean: en.includes(true) || en.includes(false), integer: types.includes('integer') });
  }
  return out;
}

let cache: { site: Column[]; equipment: Column[] } | undefined;

/** The columns of the sites CSV and of the equipment CSV (which also has the key column `site`). */
export function importColumns(): { site: Column[]; equipment: Column[] } {
  if (!cache) {
    const root = readSchema('site');
    const equipment = deref(root, (((root.properties as Schema).equipment as Schema).items as Schema));
    cache = { site: columnsOf(root, root, []), equipment: columnsOf(root, equipment, []) };
  }
  return cache;
}

export const EQUIPMENT_SITE_COLUMN = 'site';

/** Cell text as the field's value; undefined for an empty cell. Anything unrecognised stays text, for the schema to reject with its own message. */
export function cellValue(col: Column, cell: string): unknown {
  const t = cell.trim();
  if (t === '') return undefined;
  if (col.boolean && /^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (col.integer && /^[0-9]+$/.test(t)) return Number(t);
  return t;
}
