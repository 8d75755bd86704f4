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
  type Node as YamlNode,
} from 'yaml';
import type { InputError, Position } from '../model.js';

export { DEFAULT_LIMITS, LIMIT_FLAGS, type Limits } from './limits.js';
import { DEFAULT_LIMITS, LIMIT_FLAGS, type Limits } from './limits.js';

/** Most problems reported for one file; past this, one summary error says how many were left out. */
export const MAX_ERRORS_PER_FILE = 100;

/** Keep the first MAX_ERRORS_PER_FILE errors of a file, and say how many more there were. */
export function capErrors(file: string, errors: readonly InputError[]): InputError[] {
  if (errors.length <= MAX_ERRORS_PER_FILE) return [...errors];
  const kept = errors.slice(0, MAX_ERRORS_PER_FILE);
  const last = kept[kept.length - 1]!;
  kept.push({
    file, line: last.line, column: last.column, path: '', code: 'too-many-errors',
    message: `only the first ${MAX_ERRORS_PER_FILE} problems in this file are listed; fix those and check again`,
  });
  return kept;
}

/**
 * Characters that would reach a terminal as commands rather than text: C0 controls other than tab
 * and newline, DEL, C1 controls, and the bidirectional overrides and isolates that reorder what a
 * reader sees ("Trojan Source"). Refused in every string and key, so no output ever echoes them.
 */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;

/**
 * The longest part of a value an error message quotes. A value that could not be read may be
 * something that was never meant to be shown (a secret in a file that is not a site file at all),
 * so a message shows at most this much of it, escaped.
 */
export const SNIPPET_LENGTH = 40;

/** Part of a value as an error message may show it: at most SNIPPET_LENGTH characters, escaped. */
export function clip(value: string): string {
  const chars = Array.from(value);
  const cut = chars.length > SNIPPET_LENGTH ? chars.slice(0, SNIPPET_LENGTH).join('') : value;
  return escapeControls(JSON.stringify(cut).slice(1, -1)) + (chars.length > SNIPPET_LENGTH ? '…' : '');
}

/** A value as an error message may quote it: clipped, escaped, in double quotes. */
export function snippet(value: string): string {
  return `"${clip(value)}"`;
}

function controlMessage(text: string, what: string): string {
  const c = CONTROL_CHARACTER.exec(text)![0];
  const code = 'U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  const kind = c === '\u2028' || c === '\u2029' ? 'a line or paragraph separator' : c === '\ufeff' ? 'a byte-order mark' : c.charCodeAt(0) >= 0x600 ? 'an invisible formatting or direction mark' : 'a control character';
  return `${what} holds ${kind} (${code}), which could change what a terminal or a page shows; remove it`;
}

/** Which string values may hold a line break (multi-line free text); every other value is one line. */
export type MultiLine = (path: readonly (string | number)[]) => boolean;

/**
 * Line breaks in values that are one line of text (every value `multiLine` does not allow). Run
 * with schema validation rather than before it, so that a site's other problems are still listed.
 */
export function lineBreakErrors(src: SourceDocument, multiLine: MultiLine): InputError[] {
  const errors: InputError[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (errors.length >= 20 || !isNode(node) || isAlias(node)) return;
    if (isScalar(node)) {
      if (typeof node.value === 'string' && /[\n\r]/.test(node.value) && !multiLine(path)) {
        errors.push(error(src.file, nodePosition(node, src.lineCounter), pointer(path), 'line-break',
          `${path.length ? path.join('.') : 'the text'} holds a line break, and this field is one line of text (a line break would print a line of its own); write it on one line`));
      }
    } else if (isMap(node)) {
      for (const pair of node.items) if (isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(src.doc.contents, []);
  return errors;
}

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
        `file is ${bytes.length} bytes, over the limit of ${limits.maxFileSize} bytes (raise it with ${LIMIT_FLAGS.maxFileSize})`),
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
    // No collection spans a document marker: brackets left open in one document (a syntax error
    // there, or a `[` in plain text) do not count against the next.
    if (c === '-' && (i === 0 || text[i - 1] === '\n') && text.startsWith('---', i) && /^---(?:[ \t\r\n]|$)/.test(text.slice(i, i + 4))) {
      depth = 0;
      i += 2;
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
  const anchors = new Set<string>();
  const walk = (node: unknown, path: (string | number)[], depth: number): void => {
    if (errors.length >= 20) return;
    if (!isNode(node)) return;
    if (node.tag && !isAlias(node)) {
      errors.push(error(file, nodePosition(node, lc), pointer(path), 'yaml-tag',
        `YAML tags such as ${node.tag.startsWith('tag:yaml.org,2002:') ? '!!' + node.tag.slice(18) : node.tag} are not allowed in site data; write the plain value`));
      return;
    }
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        errors.push(error(file, nodePosition(node, lc), pointer(path), 'undefined-alias', undefinedAlias(node.source)));
        return;
      }
      if (++aliases === limits.maxAliases + 1) {
        errors.push(error(file, nodePosition(node, lc), pointer(path), 'alias-limit',
          `more than ${limits.maxAliases} YAML aliases in one document; write the values out in full (or raise the limit with ${LIMIT_FLAGS.maxAliases})`));
      }
      return;
    }
    if (node.anchor) anchors.add(node.anchor);
    if (isScalar(node)) {
      if (typeof node.value === 'string' && CONTROL_CHARACTER.test(node.value)) {
        errors.push(error(file, nodePosition(node, lc), pointer(path), 'control-character',
          controlMessage(node.value, path.length ? `${path.join('.')}:` : 'the text')));
        return;
      }
      if (typeof node.value === 'string' && node.value.length > limits.maxStringLength) {
        errors.push(error(file, nodePosition(node, lc), pointer(path), 'string-too-long',
          `text of ${node.value.length} characters is over the limit of ${limits.maxStringLength} (raise it with ${LIMIT_FLAGS.maxStringLength})`));
      }
      return;
    }
    if (isCollection(node)) {
      if (depth >= limits.maxDepth) {
        errors.push(error(file, nodePosition(node, lc), pointer(path), 'too-deep',
          `nested more than ${limits.maxDepth} levels deep; a site description is never this deep (raise the limit with ${LIMIT_FLAGS.maxDepth})`));
        return;
      }
      if (isMap(node)) {
        // Duplicate keys are found here in one pass (the yaml package's own check is quadratic in
        // the number of keys). Keys are compared as the property names they become, so `1` and
        // "1" are the same key: nothing is ever silently overwritten.
        const names = new Set<string>();
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
          if (key.anchor) anchors.add(key.anchor);
          if (CONTROL_CHARACTER.test(name)) {
            errors.push(error(file, nodePosition(key, lc), pointer(path), 'control-character', controlMessage(name, path.length ? `a key in ${path.join('.')}` : 'a key')));
            continue;
          }
          if (/[\n\r]/.test(name)) {
            errors.push(error(file, nodePosition(key, lc), pointer(path), 'line-break', `a key${path.length ? ` in ${path.join('.')}` : ''} holds a line break; keys are one line`));
            continue;
          }
          if (name.length > limits.maxStringLength) {
            errors.push(error(file, nodePosition(key, lc), pointer(path), 'string-too-long',
              `a key of ${name.length} characters is over the limit of ${limits.maxStringLength} (raise it with ${LIMIT_FLAGS.maxStringLength})`));
            continue;
          }
          if (names.has(name)) {
            errors.push(error(file, nodePosition(key, lc), pointer([...path, name]), 'duplicate-key',
              `the key ${snippet(name)} is written twice in the same mapping`));
            continue;
          }
          names.add(name);
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

function undefinedAlias(name: string): string {
  return `the alias *${clip(name)} names no anchor (&${clip(name)}) earlier in this document; an anchor is only seen by aliases after it in the same document (anchors do not carry over from one document to the next)`;
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
  if (code === 'TAG_RESOLVE_FAILED') return escapeControls(`${message.replace('tag:yaml.org,2002:', '!!')}; YAML tags are not allowed in site data`);
  // The yaml package's messages are already plain; drop its trailing source excerpt if any. They
  // can quote the input (`Unexpected scalar token in YAML stream: "…"`), so escape what they quote.
  const first = message.split('\n')[0] ?? message;
  const quoted = /^([^"]*?): "(.*)"$/s.exec(first);
  if (quoted) return `${escapeControls(quoted[1]!)}: ${snippet(quoted[2]!)}`;
  return first.length > 200 ? clip(first) : escapeControls(first);
}

/** Show control characters (as CONTROL_CHARACTER defines them) as \uNNNN escapes. */
export function escapeControls(text: string): string {
  return text.replace(new RegExp(CONTROL_CHARACTER.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Parse YAML text into documents. Documents with problems are reported and left out. */
export function parseYaml(file: string, original: string, limits: Limits = DEFAULT_LIMITS): SourceFile {
  const errors: InputError[] = [];
  const documents: SourceDocument[] = [];
  // A byte-order mark is only allowed as the file's first character (decodeText drops that one).
  // Anywhere else (files joined together leave one before a later `---`) the YAML parser would
  // read it as text and run two documents into one; it is taken out before parsing, and the
  // document it was in is refused at its line, so the documents around it are still read.
  const boms: { at: number; pos: Position }[] = [];
  let text = original;
  if (original.includes('\ufeff')) {
    for (let i = original.indexOf('\ufeff'); i >= 0; i = original.indexOf('\ufeff', i + 1)) boms.push({ at: i - boms.length, pos: positionInText(original, i) });
    text = original.replace(/\ufeff/g, '');
  }
  const deep = flowDepthExceeds(text, limits.maxDepth * 2);
  if (deep >= 0) {
    errors.push(error(file, positionInText(text, deep), '', 'too-deep',
      `brackets nested more than ${limits.maxDepth * 2} levels deep; a site description is never this deep (raise the limit with ${LIMIT_FLAGS.maxDepth})`));
    return { documents, errors };
  }
  // Likewise block nesting: the yaml package recurses once per level and, deep enough, runs out of
  // stack in places where it cannot recover (under a test runner, 2,000 levels crashed the process).
  const blockDeep = blockDepthExceeds(text, BLOCK_DEPTH_SCAN_LIMIT);
  if (blockDeep >= 0) {
    errors.push(error(file, positionInText(text, blockDeep), '', 'too-deep', TOO_DEEP_FOR_PARSER));
    return { documents, errors };
  }
  // Count document markers before parsing, so a stream of a million tiny documents is refused
  // without building a million documents. (A `---` at the start of a line always starts one.)
  const markers = countDocumentMarkers(text, limits.maxDocuments);
  if (markers > limits.maxDocuments) {
    errors.push(error(file, START, '', 'too-many-documents',
      `file holds more than ${limits.maxDocuments} documents; split it into several files (or raise the limit with ${LIMIT_FLAGS.maxDocuments})`));
    return { documents, errors };
  }
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: false, // checked in checkNodes, in linear time
      strict: true,
      prettyErrors: false,
      merge: false,
      version: '1.2',
      schema: 'core',
    }) as Document.Parsed[];
  } catch (e) {
    if (isStackOverflow(e)) errors.push(error(file, START, '', 'too-deep', TOO_DEEP_FOR_PARSER));
    else errors.push(error(file, START, '', 'yaml-syntax', escapeControls(`the YAML parser gave up: ${(e as Error).message}`)));
    return { documents, errors };
  }
  if (!Array.isArray(docs)) docs = [];
  if (docs.length > limits.maxDocuments) {
    errors.push(error(file, START, '', 'too-many-documents',
      `file holds ${docs.length} documents, over the limit of ${limits.maxDocuments}; split it into several files (or raise the limit with ${LIMIT_FLAGS.maxDocuments})`));
    return { documents, errors };
  }
  let bom = 0;
  docs.forEach((doc, index) => {
    const pos = nodePosition(doc.contents ?? doc, lineCounter);
    const problems: InputError[] = [];
    const end = index === docs.length - 1 ? Infinity : (doc.range?.[2] ?? 0);
    for (; bom < boms.length && boms[bom]!.at < end; bom++) {
      problems.push(error(file, boms[bom]!.pos, '', 'misplaced-bom',
        'a byte-order mark (U+FEFF) in the middle of the file (only the very start of a file may hold one; joining files together often leaves one); this document was not read: remove it'));
    }
    const version = doc.directives?.yaml;
    if (version?.explicit && version.version !== '1.2') {
      problems.push(error(file, directiveLine(text, doc.range?.[0] ?? 0, lineCounter), '', 'yaml-version',
        `%YAML ${clip(String(version.version))} is not read: site files are YAML 1.2 (under 1.1, 010 is 8 and yes is true); remove the directive or write %YAML 1.2`));
    }
    for (const e of [...doc.errors, ...doc.warnings]) {
      if (problems.length > MAX_ERRORS_PER_FILE) break;
      const p = lineCounter.linePos(e.pos[0]);
      const pos = { line: Math.max(1, p.line), column: Math.max(1, p.col) };
      const unclosed = /closing ["']quote|^Flow (sequence|map)/.test(e.message) ? unclosedAt(doc, e.pos[0], e.message, text, lineCounter) : undefined;
      if (/Maximum call stack size exceeded/.test(e.message)) problems.push(error(file, pos, '', 'too-deep', TOO_DEEP_FOR_PARSER));
      else if (unclosed) problems.push(error(file, unclosed.pos, '', unclosed.code, unclosed.message));
      else problems.push(error(file, pos, '', yamlErrorCode(e.code), yamlErrorMessage(e.code, e.message)));
    }
    if (problems.length === 0) for (const p of checkNodes(file, doc, lineCounter, limits)) problems.push(p);
    if (problems.length > 0) {
      // Past the cap, problems are not kept (capErrors says some were left out), but the
      // remaining documents are still read: a good site later in the file is still evaluated.
      for (const p of dedupe(problems)) if (errors.length <= MAX_ERRORS_PER_FILE) errors.push(p);
      return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return; // empty document
    let value: unknown;
    try {
      // The alias nodes themselves are counted in checkNodes; this bounds what they expand to (the
      // yaml package weighs an alias by the aliases inside what it names), so a few aliases that
      // name each other cannot build an exponentially large value.
      value = doc.toJS({ maxAliasCount: limits.maxAliases * 10 });
    } catch (e) {
      if (isStackOverflow(e)) {
        errors.push(error(file, pos, '', 'too-deep', TOO_DEEP_FOR_PARSER));
        return;
      }
      const unresolved = /^Unresolved alias[^:]*: (.*)$/s.exec((e as Error).message);
      if (unresolved) {
        errors.push(error(file, pos, '', 'undefined-alias', undefinedAlias(unresolved[1]!)));
        return;
      }
      errors.push(error(file, pos, '', 'alias-limit',
        `YAML aliases here expand to too much data; write the values out in full (or raise the limit with ${LIMIT_FLAGS.maxAliases})`));
      return;
    }
    documents.push({ file, index, doc, lineCounter, value, position: pos });
  });
  for (; bom < boms.length; bom++) {
    errors.push(error(file, boms[bom]!.pos, '', 'misplaced-bom', 'a byte-order mark (U+FEFF) in the middle of the file (only the very start of a file may hold one); remove it'));
  }
  return { documents, errors: capErrors(file, errors) };
}

/** The line of the last `%YAML` directive before a document's start. */
function directiveLine(text: string, docStart: number, lc: LineCounter): Position {
  const re = /^%YAML\b/gm;
  let at = -1;
  for (let m = re.exec(text); m && m.index < docStart; m = re.exec(text)) at = m.index;
  const p = lc.linePos(Math.max(0, at));
  return { line: p.line, column: p.col };
}

/**
 * For a "never closed" error (a quote or a flow collection), where it was opened and what it
 * swallowed: the parser reports such errors where it gave up, often many lines (and documents)
 * later, so the message is moved to the opening and names the documents it hid.
 */
function unclosedAt(doc: Document.Parsed, offset: number, message: string, text: string, lc: LineCounter): { pos: Position; code: string; message: string } | undefined {
  const kind = /quote/.test(message) ? 'quote' : /^Flow sequence/.test(message) ? 'seq' : 'map';
  let best: { start: number; end: number; quote?: string } | undefined;
  const visit = (node: unknown, depth: number): void => {
    if (!isNode(node) || depth > 1000) return;
    const r = (node as { range?: [number, number, number] }).range;
    if (r && r[0] < offset) {
      const match = kind === 'quote'
        ? isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')
        : (kind === 'seq' ? isSeq(node) : isMap(node)) && (node as { flow?: boolean }).flow === true;
      if (match && (!best || r[1] > best.end || (r[1] === best.end && r[0] > best.start))) {
        best = { start: r[0], end: r[1], ...(isScalar(node) ? { quote: node.type === 'QUOTE_DOUBLE' ? '"' : "'" } : {}) };
      }
    }
    if (isMap(node)) for (const pair of node.items) {
      visit(pair.key, depth + 1);
      visit(pair.value, depth + 1);
    }
    else if (isSeq(node)) for (const item of node.items) visit(isPair(item) ? item.value : item, depth + 1);
  };
  visit(doc.contents, 0);
  if (!best) return undefined;
  const open = lc.linePos(best.start);
  const pos = { line: open.line, column: open.col };
  if (kind !== 'quote') {
    const [o, c] = kind === 'seq' ? ['[', ']'] : ['{', '}'];
    return { pos, code: 'yaml-syntax', message: `Flow ${kind === 'seq' ? 'sequence (a list' : 'mapping (a mapping'} in brackets) opened here with ${o} is never closed with ${c}` };
  }
  const lastLine = lc.linePos(Math.max(best.start, Math.min(text.length, best.end) - 1)).line;
  const markers: number[] = [];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  re.lastIndex = best.start;
  for (let m = re.exec(text); m && m.index < best.end; m = re.exec(text)) markers.push(lc.linePos(m.index).line);
  const hidden = markers.length === 0 ? ''
    : `; the ${markers.length === 1 ? 'document' : `${markers.length} documents`} in lines ${markers[0]}–${lastLine} could not be read (they are inside the string)`;
  return { pos, code: 'yaml-syntax', message: `the quoted text opened here with ${best.quote} is never closed: the YAML parser reads on to line ${lastLine} as part of it${hidden}` };
}

const TOO_DEEP_FOR_PARSER = 'the YAML is nested too deeply to read (hundreds of levels); a site description is never this deep';

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** Block nesting past which a file is refused before parsing (well above any --max-depth). */
const BLOCK_DEPTH_SCAN_LIMIT = 400;

/**
 * An upper bound on block-collection nesting, found without parsing: one level per rise in
 * indentation still open, plus one per compact indicator (`- - - x`, `? ? x`) on a line. Returns
 * the offset where the bound first passes `max`, or -1.
 */
function blockDepthExceeds(text: string, max: number): number {
  const open: number[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && text[i] === ' ') i++;
    if (i < end && text[i] !== '#' && text[i] !== '\r') {
      const indent = i - start;
      while (open.length > 0 && open[open.length - 1]! >= indent) open.pop();
      open.push(indent);
      while (i + 1 < end && (text[i] === '-' || text[i] === '?' || text[i] === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        i += 2;
        while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
        open.push(i - start);
        if (open.length > max) return i;
      }
      if (open.length > max) return i;
    }
    start = end + 1;
  }
  return -1;
}

/** Lines that start with a document marker `---`; stops counting past `max`. */
function countDocumentMarkers(text: string, max: number): number {
  let n = 0;
  const re = /^---(?=[ \t\r\n]|$)/gm;
  while (re.exec(text) !== null) if (++n > max) break;
  return n;
}

/** 1-based line and column of a character offset in text. */
function positionInText(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
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
  // One direct walk of the node tree (the same pairs, paths and order as yaml's `visit`, which
  // was a tenth of the whole run at scale). Aliases are not followed, as `visit` does not.
  const out = new Map<string, Position>();
  const pairAt = (pair: { key: unknown; value: unknown }, prefix: string): void => {
    const key = pair.key;
    if (!isScalar(key)) return;
    const path = prefix + String(key.value);
    out.set(path, nodePosition(pair.value ?? key, lc));
    walk(pair.value, path + '.');
  };
  const walk = (node: unknown, prefix: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) pairAt(pair, prefix);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        // A pair written straight into a flow sequence (`[a: 1]`) takes no index, as with `visit`.
        if (isPair(item)) pairAt(item, prefix);
        else walk(item, prefix + i + '.');
      });
    }
  };
  walk(doc.contents, '');
  return out;
}
