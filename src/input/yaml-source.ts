// Reading untrusted YAML: bytes → text → documents → plain JSON values, with every problem
// reported as an InputError that names the file, line, column and JSON path. Nothing here ever
// throws for bad input, and nothing in the input is ever run.
import {
  Document,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  visit,
  type Node as YamlNode,
} from 'yaml';
import type { InputError, Position } from '../model.js';

export interface Limits {
  /** Largest file read, in bytes. */
  readonly maxFileSize: number;
  /** Most documents in one file. */
  readonly maxDocuments: number;
  /** Deepest nesting of mappings and sequences. */
  readonly maxDepth: number;
  /** Most alias nodes (`*name`) expanded in one document. */
  readonly maxAliases: number;
  /** Longest string scalar, in characters. */
  readonly maxStringLength: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileSize: 1024 * 1024,
  maxDocuments: 10_000,
  maxDepth: 16,
  maxAliases: 50,
  maxStringLength: 10_000,
};

/** Keys that could reach an object's prototype if ever copied naively; refused outright. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface SourceDocument {
  readonly file: string;
  /** 0-based index in the stream. */
  readonly index: number;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The document as plain JSON data; present only when the document parsed cleanly. */
  readonly value: unknown;
  readonly position: Position;
}

export interface SourceFile {
  readonly documents: SourceDocument[];
  readonly errors: InputError[];
}

function error(file: string, pos: Position, path: string, code: string, message: string): InputError {
  return { file, line: pos.line, column: pos.column, path, code, message };
}

const START: Position = { line: 1, column: 1 };

/** Decode bytes as UTF-8, refusing binary data and invalid encodings. */
export function decodeText(file: string, bytes: Uint8Array, limits: Limits): { text?: string; error?: InputError } {
  if (bytes.length > limits.maxFileSize) {
    return {
      error: error(file, START, '', 'file-too-large',
        `file is ${bytes.length} bytes, over the limit of ${limits.maxFileSize} bytes (raise it with --max-file-size)`),
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return { error: error(file, positionInBytes(bytes, nul), '', 'binary-file', 'file holds binary data (a NUL byte), not YAML text') };
  }
  try {
    let text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    return { error: error(file, firstInvalidUtf8(bytes), '', 'not-utf8', 'file is not valid UTF-8 text; save it as UTF-8') };
  }
}

function positionInBytes(bytes: Uint8Array, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): Position {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Binary search for the shortest prefix that fails to decode.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid + 1), { stream: true });
      decoder.decode(); // reset
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return positionInBytes(bytes, lo);
}

/** Deepest bracket nesting of flow collections, found without parsing (guards the recursive composer). */
function flowDepthExceeds(text: string, max: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      else if (c === '\n' && quote === "'") continue;
      continue;
    }
    if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\n')) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
      continue;
    }
    if (c === '"' || c === "'") {
      // A quote only opens a string at the start of a scalar; inside plain text it is literal.
      const prev = i > 0 ? text[i - 1] : ' ';
      if (prev === ' ' || prev === '[' || prev === '{' || prev === ',' || prev === '\n' || prev === ':') quote = c;
    } else if (c === '[' || c === '{') {
      if (++depth > max) return i;
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/** The position of a node (its first character). */
export function nodePosition(node: unknown, lc: LineCounter): Position {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  const p = lc.linePos(range ? range[0] : 0);
  return { line: p.line, column: p.col };
}

/** JSON pointer from a list of keys/indices. */
export function pointer(path: readonly (string | number)[]): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Split a JSON pointer back into keys (numbers for array indices). */
export function parsePointer(ptr: string): (string | number)[] {
  if (ptr === '') return [];
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/**
 * Walk a document's nodes checking what the JSON Schema cannot: explicit tags, forbidden keys,
 * non-string keys, nesting depth, string length and alias count. Returns the problems found.
 */
function checkNodes(file: string, doc: Document.Parsed, lc: LineCounter, limits: Limits): InputError[] {
  const errors: InputError[] = [];
  let aliases = 0;
  const walk = (node: unknown, path: (string | number)[], depth: number): void => {
    if (errors.length >= 20) return;
    if (!isNode(node)) return;
    if (node.tag && !isAlias(node)) {
      errors.push(error(file, nodePosition(node, lc), pointer(path), 'yaml-tag',
        `YAML tags such as ${node.tag.startsWith('tag:yaml.org,2002:') ? '!!' + node.tag.slice(18) : node.tag} are not allowed in site data; write the plain value`));
      return;
    }
    if (isAlias(node)) {
      if (++aliases === limits.maxAliases + 1) {
        errors.push(error(file, nodePosition(node, lc), pointer(path), 'alias-limit',
          `more than ${limits.maxAliases} YAML aliases in one document; write the values out in full`));
      }
      return;
    }
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.value.length > limits.maxStringLength) {
        errors.push(error(file, nodePosition(node, lc), pointer(path), 'string-too-long',
          `text of ${node.value.length} characters is over the limit of ${limits.maxStringLength}`));
      }
      return;
    }
    if (isCollection(node)) {
      if (depth >= limits.maxDepth) {
        errors.push(error(file, nodePosition(node, lc), pointer(path), 'too-deep',
          `nested more than ${limits.maxDepth} levels deep; a site description is never this deep`));
        return;
      }
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = pair.key;
          if (isScalar(key) && key.tag) {
            errors.push(error(file, nodePosition(key, lc), pointer(path), 'yaml-tag', `YAML tags are not allowed in site data`));
            continue;
          }
          if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number' && typeof key.value !== 'boolean')) {
            errors.push(error(file, nodePosition(key ?? node, lc), pointer(path), 'bad-key', 'keys must be plain names'));
            continue;
          }
          const name = String(key.value);
          if (FORBIDDEN_KEYS.has(name)) {
            errors.push(error(file, nodePosition(key, lc), pointer([...path, name]), 'forbidden-key',
              `"${name}" is not allowed as a key`));
            continue;
          }
          walk(pair.value, [...path, name], depth + 1);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => walk(item, [...path, i], depth + 1));
      }
    }
  };
  walk(doc.contents, [], 0);
  return errors;
}

function yamlErrorCode(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'duplicate-key';
    case 'TAG_RESOLVE_FAILED':
      return 'yaml-tag';
    default:
      return 'yaml-syntax';
  }
}

function yamlErrorMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'the same key is written twice in one mapping';
  if (code === 'TAG_RESOLVE_FAILED') return `${message.replace('tag:yaml.org,2002:', '!!')}; YAML tags are not allowed in site data`;
  // The yaml package's messages are already plain; drop its trailing source excerpt if any.
  return message.split('\n')[0] ?? message;
}

/** Parse YAML text into documents. Documents with problems are reported and left out. */
export function parseYaml(file: string, text: string, limits: Limits = DEFAULT_LIMITS): SourceFile {
  const errors: InputError[] = [];
  const documents: SourceDocument[] = [];
  const deep = flowDepthExceeds(text, limits.maxDepth * 2);
  if (deep >= 0) {
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < deep; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    errors.push(error(file, { line, column: deep - lineStart + 1 }, '', 'too-deep',
      `brackets nested more than ${limits.maxDepth * 2} levels deep; a site description is never this deep`));
    return { documents, errors };
  }
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: true,
      strict: true,
      prettyErrors: false,
      merge: false,
      version: '1.2',
      schema: 'core',
    }) as Document.Parsed[];
  } catch (e) {
    errors.push(error(file, START, '', 'yaml-syntax', `the YAML parser gave up: ${(e as Error).message}`));
    return { documents, errors };
  }
  if (!Array.isArray(docs)) docs = [];
  if (docs.length > limits.maxDocuments) {
    errors.push(error(file, START, '', 'too-many-documents',
      `file holds ${docs.length} documents, over the limit of ${limits.maxDocuments}; split it into several files`));
    return { documents, errors };
  }
  docs.forEach((doc, index) => {
    const pos = nodePosition(doc.contents ?? doc, lineCounter);
    const problems: InputError[] = [];
    for (const e of [...doc.errors, ...doc.warnings]) {
      const p = lineCounter.linePos(e.pos[0]);
      let msg = yamlErrorMessage(e.code, e.message);
      if (e.code === 'DUPLICATE_KEY') {
        const key = /^\s*(?:-\s+)?([^:#]+?)\s*:/.exec(text.slice(e.pos[0], text.indexOf('\n', e.pos[0]) >>> 0))?.[1];
        if (key) msg = `the key "${key}" is written twice in the same mapping`;
      }
      problems.push(error(file, { line: p.line, column: p.col }, '', yamlErrorCode(e.code), msg));
    }
    if (problems.length === 0) problems.push(...checkNodes(file, doc, lineCounter, limits));
    if (problems.length > 0) {
      errors.push(...dedupe(problems));
      return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return; // empty document
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliases });
    } catch (e) {
      errors.push(error(file, pos, '', 'alias-limit', `YAML aliases expand too far (${(e as Error).message})`));
      return;
    }
    documents.push({ file, index, doc, lineCounter, value, position: pos });
  });
  return { documents, errors };
}

function dedupe(errors: InputError[]): InputError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.line}:${e.column}:${e.code}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The node at a JSON-pointer path, or the nearest ancestor that exists. */
export function nodeAt(doc: Document.Parsed, path: readonly (string | number)[]): YamlNode | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) return node as YamlNode;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
      node = node.items[key];
    } else {
      return isNode(node) ? node : undefined;
    }
  }
  return isNode(node) ? node : undefined;
}

/** The key node of `key` in the mapping at `path` (for unknown-key errors). */
export function keyNodeAt(doc: Document.Parsed, path: readonly (string | number)[], key: string): YamlNode | undefined {
  const parent = nodeAt(doc, path);
  if (!isMap(parent)) return parent;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return (pair?.key as YamlNode | undefined) ?? parent;
}

/** Positions of every scalar value in a document, by dotted path (`classified_material.highest`, `equipment.0.id`). */
export function scalarPositions(doc: Document.Parsed, lc: LineCounter): Map<string, Position> {
  const out = new Map<string, Position>();
  visit(doc, {
    Pair(_key, pair, path) {
      if (!isScalar(pair.key)) return;
      const keys: string[] = [];
      for (const ancestor of path) {
        if (isPair(ancestor) && isScalar(ancestor.key)) keys.push(String(ancestor.key.value));
      }
      // Sequence indices are not pairs: recover them from the parent chain.
      const segs: string[] = [];
      let k = 0;
      for (let i = 0; i < path.length; i++) {
        const a = path[i];
        if (isPair(a) && isScalar(a.key)) segs.push(keys[k++]!);
        else if (isSeq(a)) {
          const child = path[i + 1];
          const idx = (a.items as unknown[]).indexOf(child);
          if (idx >= 0) segs.push(String(idx));
        }
      }
      segs.push(String(pair.key.value));
      out.set(segs.join('.'), nodePosition(pair.value ?? pair.key, lc));
    },
  });
  return out;
}
