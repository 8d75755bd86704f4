// JSON text exactly as JSON.stringify(value, null, 2) (or JSON.stringify(value)) writes it, for
// values made of plain objects, arrays and primitives, with the text of shared parts remembered.
// Most of a site's report is the traces of its rules, and most of those are shared, unchanged,
// by every site with the same facts (src/engine/evaluate.ts): their text is made once per indent
// and reused, so a site's text is mostly a join of ready-made pieces.
// tests/scale/json-text.test.ts proves the text equal to JSON.stringify's on fuzzed values.

/** Objects (and arrays) whose contents never change once made: their text may be reused. */
const SHARED = new WeakSet<object>();

/** Say that `value` never changes again (nor anything inside it), so its text may be kept. */
export function markShared<T extends object>(value: T): T {
  SHARED.add(value);
  return value;
}

/** Kept texts: one table per indent (and one for the compact form). */
const TEXTS = new Map<string, WeakMap<object, string>>();

/**
 * `value` as JSON text. `indent` is the indent of the line the value starts on (its closing
 * bracket's), with `pretty` the text is JSON.stringify(value, null, 2)'s at that depth, otherwise
 * JSON.stringify(value)'s. Undefined for what JSON.stringify gives undefined for.
 */
export function jsonText(value: unknown, indent: string, pretty: boolean): string | undefined {
  const out: string[] = [];
  // The pieces are joined once, at the end: one flat string (not a rope of thousands of pieces,
  // which every later reader, such as the UTF-8 encoder, would have to flatten).
  return put(out, value, indent, pretty) ? out.join('') : undefined;
}

/** Append `value`'s text to `out`; false (nothing appended) for what JSON.stringify leaves out. */
function put(out: string[], value: unknown, indent: string, pretty: boolean): boolean {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return true;
    case 'number':
      out.push(Number.isFinite(value) ? String(value) : 'null');
      return true;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return true;
    case 'object':
      if (value === null) out.push('null');
      else putObject(out, value, indent, pretty);
      return true;
    case 'bigint':
      JSON.stringify(value); // throws, as JSON.stringify does
      return false;
    default:
      return false;
  }
}

function putObject(out: string[], value: object, indent: string, pretty: boolean): void {
  let texts: WeakMap<object, string> | undefined;
  if (SHARED.has(value)) {
    const k = pretty ? indent : '\0';
    texts = TEXTS.get(k);
    if (!texts) TEXTS.set(k, (texts = new WeakMap()));
    const kept = texts.get(value);
    if (kept !== undefined) {
      out.push(kept);
      return;
    }
  }
  const start = out.length;
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== Array.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Not a plain object or array (or it has toJSON): JSON.stringify's own text, at this depth.
    const own = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
    out.push(pretty ? own.replaceAll('\n', '\n' + indent) : own);
  } else if (Array.isArray(value)) {
    putArray(out, value, indent, pretty);
  } else {
    putRecord(out, value as Record<string, unknown>, indent, pretty);
  }
  if (texts) {
    const text = out.splice(start).join('');
    out.push(text);
    texts.set(value, text);
  }
}

function putArray(out: string[], value: readonly unknown[], indent: string, pretty: boolean): void {
  if (value.length === 0) {
    out.push('[]');
    return;
  }
  const inner = pretty ? indent + '  ' : '';
  const sep = pretty ? ',\n' + inner : ',';
  out.push(pretty ? '[\n' + inner : '[');
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out.push(sep);
    if (!put(out, value[i], inner, pretty)) out.push('null');
  }
  out.push(pretty ? '\n' + indent + ']' : ']');
}

function putRecord(out: string[], value: Record<string, unknown>, indent: string, pretty: boolean): void {
  const inner = pretty ? indent + '  ' : '';
  const sep = pretty ? ',\n' + inner : ',';
  const open = out.length;
  out.push(pretty ? '{\n' + inner : '{');
  let first = true;
  for (const key of Object.keys(value)) {
    const at = out.length;
    out.push(first ? '' : sep, JSON.stringify(key), pretty ? ': ' : ':');
    if (put(out, value[key], inner, pretty)) first = false;
    else out.length = at; // left out, as JSON.stringify leaves out undefined and functions
  }
  if (first) {
    out.length = open;
    out.push('{}');
  } else {
    out.push(pretty ? '\n' + indent + '}' : '}');
  }
}
