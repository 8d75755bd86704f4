// Changing facts in a site file as text, so that every line the change does not touch stays byte
// for byte as written (comments, order, spacing, quoting, the other documents). A fact already
// written is replaced where it stands; a fact not yet written gets a new line, placed among its
// siblings in the order the site schema lists them. Comments on a changed line (or just above it)
// are reported, so the officer can confirm or drop each one.
import { isMap, isScalar, parseAllDocuments, stringify, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { readSchema } from '../input/schemas.js';

export type FactValue = string | number | boolean;

export interface EditFlag {
  /** 1-based line of the comment in the new text. */
  readonly line: number;
  /** The comment as written (from `#`). */
  readonly comment: string;
  /** The fact whose line it sits on (or above). */
  readonly path: string;
  readonly where: 'end-of-line' | 'above';
}

export interface EditResult {
  readonly text: string;
  readonly flags: readonly EditFlag[];
}

export class EditError extends Error {}

interface SchemaNode {
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}

/** The keys the schema lists at a path, in its order. */
function schemaOrder(prefix: readonly string[]): string[] {
  let cur: SchemaNode | undefined = readSchema('site') as SchemaNode;
  for (const s of prefix) cur = cur?.properties?.[s];
  return Object.keys(cur?.properties ?? {});
}

const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (text: string, at: number): number => {
  const i = text.indexOf('\n', at);
  return i < 0 ? text.length : i;
};
const lineNo = (text: string, at: number): number => {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/** A value as YAML in flow position on one line (`unknown`, `true`, `1200`, `'TOP SECRET'`). */
export function scalarText(value: FactValue): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** A string value that may span lines, written as a literal block indented by `indent`. */
function blockText(value: string, indent: number): string {
  if (!value.includes('\n')) return scalarText(value);
  const pad = ' '.repeat(indent);
  const keep = value.endsWith('\n') ? '' : '-';
  return `|${keep}\n${value.replace(/\n$/, '').split('\n').map((l) => (l === '' ? '' : pad + l)).join('\n')}`;
}

/** Where a pair's text ends: just after the last line of its value. */
function pairEnd(text: string, pair: Pair): number {
  const node = (pair.value ?? pair.key) as { range?: [number, number, number] } | null;
  const end = node?.range?.[1] ?? (pair.key as Scalar).range?.[1] ?? 0;
  // A block value's range ends after its last newline; a scalar's, at its last character.
  const at = end > 0 && text[end - 1] === '\n' ? end - 1 : end;
  return Math.min(text.length, lineEnd(text, at) + 1);
}

/** The start of a pair's line, before any comment lines directly above it. */
function pairStart(text: string, pair: Pair): number {
  let start = lineStart(text, (pair.key as Scalar).range![0]);
  while (start > 0) {
    const prev = lineStart(text, start - 1);
    if (!/^\s*#/.test(text.slice(prev, start - 1))) break;
    start = prev;
  }
  return start;
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** Comments on the line of a node (after it) and on the comment lines directly above its key. */
function commentsAt(text: string, keyAt: number, valueEnd: number, path: string): EditFlag[] {
  const flags: EditFlag[] = [];
  let start = lineStart(text, keyAt);
  const above: EditFlag[] = [];
  while (start > 0) {
    const prev = lineStart(text, start - 1);
    const line = text.slice(prev, start - 1);
    if (!/^\s*#/.test(line)) break;
    above.unshift({ line: lineNo(text, prev), comment: line.trim(), path, where: 'above' });
    start = prev;
  }
  for (const a of above) flags.push(a);
  const rest = text.slice(valueEnd, lineEnd(text, valueEnd));
  const m = /^\s+(#.*)$/.exec(rest);
  if (m) flags.push({ line: lineNo(text, valueEnd), comment: m[1]!.trimEnd(), path, where: 'end-of-line' });
  return flags;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  // From the end, so earlier offsets stay right; inserts at the same place keep their order.
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.i - a.i);
  for (const { e } of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The indentation of a block map's keys (its first key's column), and of one level more. */
function mapIndent(text: string, map: YAMLMap): number | undefined {
  const first = map.items[0];
  const at = first && isScalar(first.key) ? first.key.range?.[0] : undefined;
  return at === undefined ? undefined : at - lineStart(text, at);
}

/**
 * Set `changes` (dotted path → value) in document `document` of `text`. Only the lines of the
 * changed facts change; a fact not yet written is added as new lines. Throws EditError when the
 * file cannot be edited that way (a flow mapping `{…}`, a fact whose parent is not a mapping).
 */
export function editSiteText(text: string, document: number, changes: Readonly<Record<string, FactValue>>): EditResult {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length === 0) throw new EditError('the file is empty');
  const doc = docs[document] as Document.Parsed | undefined;
  if (!doc) throw new EditError(`the file no longer has site number ${document + 1}`);
  if (doc.errors.length > 0) throw new EditError(`the file no longer parses: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents) || doc.contents.flow) throw new EditError('the site is not written as a block mapping (key: value lines)');
  const edits: Edit[] = [];
  const flagsAt: { at: number; keyAt: number; valueEnd: number; path: string }[] = [];
  // New keys under the same parent are gathered, so that two new siblings go in schema order.
  const inserts = new Map<YAMLMap, { prefix: string[]; keys: Map<string, string> }>();
  // Sub-trees to add under a key that is itself new: parent key path → nested values.
  for (const [path, value] of Object.entries(changes)) {
    const segs = path.split('.');
    const node = doc.getIn(segs, true);
    if (isScalar(node) && node.range) {
      const [start, end] = node.range;
      const keyAt = (doc.getIn(segs.slice(0, -1), true) as YAMLMap | undefined)?.items?.find((p) => keyOf(p) === segs.at(-1))?.key as Scalar | undefined;
      const indent = keyAt?.range ? keyAt.range[0] - lineStart(text, keyAt.range[0]) + 2 : 2;
      const replacement = typeof value === 'string' ? blockText(value, indent) : scalarText(value);
      // A block scalar's range runs to the end of its last line: keep that line's newline.
      const stop = (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && text[end - 1] === '\n' ? end - 1 : end;
      edits.push({ start, end: stop, text: replacement });
      flagsAt.push({ at: start, keyAt: keyAt?.range?.[0] ?? start, valueEnd: stop, path });
      continue;
    }
    if (node !== undefined && node !== null) throw new EditError(`${path} is written as a ${isMap(node) ? 'mapping' : 'list'}, not a single value`);
    // Find the deepest mapping on the path that exists.
    let depth = segs.length - 1;
    let parent: unknown = doc.getIn(segs.slice(0, depth), true);
    while (depth > 0 && (parent === undefined || parent === null)) {
      depth--;
      parent = depth === 0 ? doc.contents : doc.getIn(segs.slice(0, depth), true);
    }
    if (depth === 0) parent = doc.contents;
    if (!isMap(parent)) throw new EditError(`cannot add ${path}: ${segs.slice(0, depth).join('.')} is not a mapping`);
    if (parent.flow) throw new EditError(`cannot add ${path}: ${segs.slice(0, depth).join('.') || 'the site'} is written as {…} on one line`);
    const entry = inserts.get(parent) ?? { prefix: segs.slice(0, depth), keys: new Map<string, string>() };
    inserts.set(parent, entry);
    entry.keys.set(segs.slice(depth).join('.'), JSON.stringify(value));
  }
  for (const [map, { prefix, keys }] of inserts) {
    const indent = mapIndent(text, map) ?? (prefix.length === 0 ? 0 : 2 * prefix.length);
    // Group the new paths by their first key under this mapping.
    const groups = new Map<string, [string[], FactValue][]>();
    for (const [rest, json] of keys) {
      const r = rest.split('.');
      const list = groups.get(r[0]!) ?? [];
      list.push([r.slice(1), JSON.parse(json) as FactValue]);
      groups.set(r[0]!, list);
    }
    const order = schemaOrder(prefix);
    const rank = (k: string): number => {
      const i = order.indexOf(k);
      return i < 0 ? order.length : i;
    };
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    for (const [key, values] of [...groups].sort((a, b) => rank(a[0]) - rank(b[0]))) {
      const pad = ' '.repeat(indent);
      let block: string;
      if (values.length === 1 && values[0]![0].length === 0) {
        const v = values[0]![1];
        block = `${pad}${key}: ${typeof v === 'string' ? blockText(v, indent + 2) : scalarText(v)}`;
      } else {
        const childOrder = schemaOrder([...prefix, key]);
        const sorted = [...values].sort((a, b) => {
          const ia = childOrder.indexOf(a[0][0]!), ib = childOrder.indexOf(b[0][0]!);
          return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
        });
        block = [`${pad}${key}:`, ...sorted.map(([rest, v]) => `${pad}  ${rest.join('.')}: ${typeof v === 'string' ? blockText(v, indent + 4) : scalarText(v)}`)].join('\n');
        if (sorted.some(([rest]) => rest.length > 1)) throw new EditError(`cannot add ${key} three levels deep`);
      }
      block = block.split('\n').join(newline) + newline;
      const before = map.items.filter((p) => rank(keyOf(p) ?? '') <= rank(key));
      const after = map.items.filter((p) => rank(keyOf(p) ?? '') > rank(key));
      let at: number;
      if (before.length > 0) at = pairEnd(text, before[before.length - 1]!);
      else if (after.length > 0) at = pairStart(text, after[0]!);
      else at = pairEnd(text, map.items[map.items.length - 1]!);
      // A file (or document) that does not end in a newline: start the new line first.
      if (at > 0 && text[at - 1] !== '\n') block = newline + block.slice(0, -newline.length);
      edits.push({ start: at, end: at, text: block });
    }
  }
  const out = applyEdits(text, edits);
  // Flags, found in the new text: each changed value's line and the comments just above it.
  const flags: EditFlag[] = [];
  for (const f of flagsAt) {
    const shift = edits.filter((e) => e.start < f.at).reduce((n, e) => n + e.text.length - (e.end - e.start), 0);
    const mine = edits.find((e) => e.start === f.at)!;
    for (const l_ of commentsAt(out, f.keyAt + shift, f.at + shift + mine.text.length, f.path)) flags.push(l_);
  }
  // The edit must say what was asked: read it back.
  const check = parseAllDocuments(out);
  const again = Array.isArray(check) ? check[document] : undefined;
  if (!again || again.errors.length > 0) throw new EditError('the changed file would not parse');
  for (const [path, value] of Object.entries(changes)) {
    const got = again.getIn(path.split('.'));
    if (got !== value) throw new EditError(`the changed file would not say ${path}: ${scalarText(value)}`);
  }
  for (let i = 0; i < (Array.isArray(check) ? check.length : 0); i++) {
    if (i !== document && JSON.stringify(check[i]!.toJS()) !== JSON.stringify(docs[i]!.toJS())) throw new EditError('the change would touch another site in the file');
  }
  return { text: out, flags };
}

/** Drop the comments named by line (1-based, in `text`): whole comment lines go, end-of-line ones are cut. */
export function dropComments(text: string, flags: readonly EditFlag[]): string {
  const lines = text.split('\n');
  const gone = new Set<number>();
  for (const f of flags) {
    const i = f.line - 1;
    if (f.where === 'above') gone.add(i);
    else {
      const l = lines[i]!;
      const at = l.lastIndexOf(f.comment);
      if (at >= 0) lines[i] = l.slice(0, at).trimEnd() + (l.endsWith('\r') ? '\r' : '');
    }
  }
  return lines.filter((_, i) => !gone.has(i)).join('\n');
}

/** The keys the schema lists for an equipment item, in its order. */
function equipmentOrder(): string[] {
  const s = readSchema('site') as { properties?: { equipment?: { items?: SchemaNode } } };
  return Object.keys(s.properties?.equipment?.items?.properties ?? {});
}

/**
 * Add equipment items at the end of the site's `equipment` list (or a new `equipment:` list, placed
 * in schema order), keys in schema order; every other line stays byte for byte.
 */
export function appendEquipment(text: string, document: number, items: readonly Readonly<Record<string, FactValue>>[]): string {
  if (items.length === 0) return text;
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length === 0) throw new EditError('the file is empty');
  const doc = docs[document] as Document.Parsed | undefined;
  if (!doc || doc.errors.length > 0 || !isMap(doc.contents) || doc.contents.flow) throw new EditError('the site is not written as a block mapping (key: value lines)');
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const order = equipmentOrder();
  const render = (dash: number): string => items.map((item) => {
    const keys = Object.keys(item).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return keys.map((k, i) => `${' '.repeat(dash)}${i === 0 ? '- ' : '  '}${k}: ${scalarText(item[k]!)}`).join(newline);
  }).join(newline) + newline;
  const map = doc.contents;
  const pair = map.items.find((p) => keyOf(p) === 'equipment');
  let at: number;
  let block: string;
  if (pair) {
    const seq = pair.value as { items?: unknown[]; flow?: boolean; range?: [number, number, number] } | null;
    if (!seq || !Array.isArray(seq.items) || seq.flow) throw new EditError('equipment is not written as a list of `- id: …` entries');
    const first = seq.items[0] as { range?: [number, number, number] } | undefined;
    const keyAt = (pair.key as Scalar).range![0];
    const dash = first?.range ? first.range[0] - lineStart(text, first.range[0]) - 2 : keyAt - lineStart(text, keyAt) + 2;
    at = pairEnd(text, pair);
    block = render(Math.max(0, dash));
  } else {
    const rank = (k: string): number => {
      const o = schemaOrder([]);
      const i = o.indexOf(k);
      return i < 0 ? o.length : i;
    };
    const before = map.items.filter((p) => rank(keyOf(p) ?? '') <= rank('equipment'));
    const after = map.items.filter((p) => rank(keyOf(p) ?? '') > rank('equipment'));
    at = before.length > 0 ? pairEnd(text, before[before.length - 1]!) : after.length > 0 ? pairStart(text, after[0]!) : text.length;
    block = `equipment:${newline}${render(2)}`;
  }
  if (at > 0 && text[at - 1] !== '\n') block = newline + block.slice(0, -newline.length);
  const out = text.slice(0, at) + block + text.slice(at);
  const again = parseAllDocuments(out);
  const got = Array.isArray(again) ? (again[document]?.toJS() as { equipment?: unknown[] } | undefined)?.equipment : undefined;
  const canon = (o: unknown): string => JSON.stringify(Object.fromEntries(Object.entries(o as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))));
  if (!Array.isArray(got) || got.slice(-items.length).map(canon).join('\n') !== items.map(canon).join('\n')) {
    throw new EditError('the changed file would not list the new equipment as intended');
  }
  return out;
}

/**
 * Remove equipment items (by position in the list) from document `document`: their lines go, every
 * other line stays byte for byte. Removing the last item leaves `equipment: []`.
 */
export function removeEquipment(text: string, document: number, indexes: readonly number[]): string {
  if (indexes.length === 0) return text;
  const docs = parseAllDocuments(text);
  const doc = Array.isArray(docs) ? (docs[document] as Document.Parsed | undefined) : undefined;
  if (!doc || doc.errors.length > 0 || !isMap(doc.contents)) throw new EditError('the site is not written as a block mapping (key: value lines)');
  const pair = doc.contents.items.find((p) => keyOf(p) === 'equipment');
  const seq = pair?.value as { items?: { range?: [number, number, number] }[]; flow?: boolean } | null | undefined;
  if (!pair || !seq || !Array.isArray(seq.items) || seq.flow) throw new EditError('equipment is not written as a list of `- id: …` entries');
  const gone = new Set(indexes);
  if (seq.items.every((_, i) => gone.has(i))) {
    // Every item goes: the list itself stays, empty, on the key's line.
    const keyAt = (pair.key as Scalar).range![0];
    const start = lineStart(text, keyAt);
    const end = pairEnd(text, pair);
    const nl = text.includes('\r\n') ? '\r\n' : '\n';
    return text.slice(0, start) + `${text.slice(start, keyAt)}equipment: []${nl}` + text.slice(end);
  }
  const cuts: [number, number][] = [];
  seq.items.forEach((item, i) => {
    if (!gone.has(i) || !item.range) return;
    const start = lineStart(text, item.range[0]);
    const endAt = item.range[1] > 0 && text[item.range[1] - 1] === '\n' ? item.range[1] - 1 : item.range[1];
    cuts.push([start, Math.min(text.length, lineEnd(text, endAt) + 1)]);
  });
  let out = text;
  for (const [a, b] of cuts.sort((x, y) => y[0] - x[0])) out = out.slice(0, a) + out.slice(b);
  const again = parseAllDocuments(out);
  const got = Array.isArray(again) ? (again[document]?.toJS() as { equipment?: unknown[] } | undefined)?.equipment : undefined;
  if (!Array.isArray(got) || got.length !== seq.items.length - gone.size) throw new EditError('the changed file would not list the equipment as intended');
  return out;
}
