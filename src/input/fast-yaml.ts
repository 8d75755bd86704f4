// The fast path for reading site files: the `yaml` package's own Parser builds the CST, and one
// walk over its tokens gives the plain values and the positions sitecheck needs, without building
// yaml's Document node tree (the composition and its garbage were most of the cost of a read).
//
// It handles only the plain YAML that site files are made of (block mappings and sequences of
// one-line plain or quoted scalars, string keys). A document with anything else — a comment,
// tag, anchor or alias, flow collection, block scalar, multi-line scalar, empty value, odd key,
// duplicate or forbidden key, control character, anything near a limit, any error — is marked as
// other and left to the full path (fast-load.ts); a file with a directive, `...`, a byte order
// mark, a tab, a carriage return, a bracket or brace anywhere, or a document count near the limit
// is left whole to it. So every error and every message comes from the full path, and
// tests/fuzz/fast-path.fuzz.test.ts proves the values and positions are the same as its own.
import { CST, isScalar, LineCounter, Parser, Schema, type ScalarTag } from 'yaml';
import type { Position } from '../model.js';
import { CONTROL_CHARACTER, type Limits } from './yaml-source.js';

export interface FastDocument {
  /** The document's CST (for composing it by the full path when its errors must be worded). */
  readonly token: CST.Document;
  /** 0-based index in the stream. */
  readonly index: number;
  /** The document as plain JSON data (what Document.toJS() gives). */
  readonly value: Record<string, unknown>;
  /** Where the document's contents start. */
  readonly position: Position;
  /** What scalarPositions() gives for the document: every mapping value by dotted path. */
  readonly positions: Map<string, Position>;
  /** The position of each item of the top-level `equipment` sequence (empty when there is none). */
  readonly equipmentPositions: Position[];
}

/** Gave up: the file is read by the full path. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

/** The core schema's scalar tags, as the full path resolves plain scalars (version 1.2, core). */
const CORE = new Schema({ schema: 'core', merge: false });
const PLAIN_TAGS = CORE.tags.filter((t): t is ScalarTag => t.default === true && !('collection' in t && t.collection) && t.test !== undefined);
const RESOLVE_OPTIONS = { intAsBigInt: false } as never;

/** Keys the full path refuses; the fast path leaves them to it. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Keys at most this long (the composer errors for implicit keys past 1024 characters). */
const MAX_KEY_SOURCE = 1000;

/**
 * Read YAML text to plain values and positions, document by document (a document the walk does
 * not handle is marked as other), or undefined when the whole file is left to the full path.
 */
export function fastParse(text: string, limits: Limits, lc: LineCounter = new LineCounter()): FastParse | undefined {
  // Whole-text refusals first, each a cheap native search. Without brackets the full path's
  // pre-parse scan of flow nesting can never fire (it counts brackets even in plain text).
  // Comments, anchors, tags, aliases, directives, block scalars and the rest are refused below,
  // token by token.
  if (
    text.length === 0 ||
    text.indexOf('\t') >= 0 ||
    text.indexOf('\r') >= 0 ||
    text.indexOf('\uFEFF') >= 0 ||
    text.indexOf('[') >= 0 ||
    text.indexOf('{') >= 0 ||
    CONTROL_CHARACTER.test(text)
  ) return undefined;
  const docs: (FastDocument | OtherDocument)[] = [];
  const walker = new Walker(lc, limits);
  try {
    let index = 0;
    for (const token of new Parser(lc.addNewLine).parse(text)) {
      // Anything between documents (a directive, `...`, a comment, an error) is the full path's.
      if (token.type !== 'document') return undefined;
      // Leave documents near the limit to the full path (it counts `---` markers before parsing).
      if (index >= limits.maxDocuments - 1) return undefined;
      try {
        docs.push(document(token, index, walker));
      } catch (e) {
        if (e !== GIVE_UP) throw e;
        docs.push({ token, index, other: true });
      }
      index++;
    }
  } catch {
    // Anything else (a stack overflow, a bug) is the full path's to report, too.
    return undefined;
  }
  return docs.length > 0 ? { docs } : undefined;
}

/** A document the walk left alone: the full path reads it (see fast-load.ts). */
export interface OtherDocument {
  readonly token: CST.Document;
  readonly index: number;
  readonly other: true;
}

export interface FastParse {
  readonly docs: readonly (FastDocument | OtherDocument)[];
}

function document(doc: CST.Document, index: number, walker: Walker): FastDocument {
  let marker = false;
  let newlineAfterMarker = false;
  for (const t of doc.start) {
    if (t.type === 'doc-start') marker = true;
    else if (t.type === 'newline') newlineAfterMarker ||= marker;
    else if (t.type !== 'space') throw GIVE_UP;
  }
  if (marker && !newlineAfterMarker) throw GIVE_UP;
  if (doc.end) for (const t of doc.end) if (t.type !== 'newline' && t.type !== 'space') throw GIVE_UP;
  const body = doc.value;
  if (!body || body.type !== 'block-map') throw GIVE_UP;
  const position = walker.start(body.offset);
  const value = walker.map(body, '', 0, true);
  return { token: doc, index, value, position, positions: walker.positions, equipmentPositions: walker.equipment };
}

/** First characters of every plain scalar the core schema reads as other than a string. */
const NOT_ALWAYS_STRING = new Set([...'~nNtTfF0123456789+-.']);
/** First characters after which a plain scalar has the composer complain (left to the full path). */
const BAD_PLAIN_START = new Set([...'\t,%|>@`']);

class Walker {
  positions = new Map<string, Position>();
  equipment: Position[] = [];
  /** The line the walk is on: offsets only ever grow, so positions need no search. */
  private line = 0;
  private readonly starts: number[];
  constructor(lc: LineCounter, private readonly limits: Limits) {
    this.starts = lc.lineStarts;
  }

  /** A new document, starting at `offset`: its own positions, and its position. */
  start(offset: number): Position {
    this.positions = new Map();
    this.equipment = [];
    return this.pos(offset);
  }

  /** What LineCounter.linePos gives, as a Position. */
  pos(offset: number): Position {
    const starts = this.starts;
    let i = this.line;
    if (starts[i]! > offset) throw GIVE_UP; // never: offsets only grow
    while (i + 1 < starts.length && starts[i + 1]! <= offset) i++;
    this.line = i;
    return { line: i + 1, column: offset - starts[i]! + 1 };
  }

  /** 0-based column of an offset. */
  private column(offset: number): number {
    return this.pos(offset).column - 1;
  }

  map(bm: CST.BlockMap, prefix: string, depth: number, top = false): Record<string, unknown> {
    // Well inside --max-depth (the full path reports a collection at that depth).
    if (depth >= this.limits.maxDepth - 1) throw GIVE_UP;
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const item of bm.items) {
      if (item.explicitKey) throw GIVE_UP;
      for (const t of item.start) if (t.type !== 'space' && t.type !== 'newline') throw GIVE_UP;
      const key = item.key;
      if (!key || !item.sep || item.value === undefined) throw GIVE_UP;
      if (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar') throw GIVE_UP;
      if (key.end && key.end.length > 0) throw GIVE_UP;
      if (this.column(key.offset) !== bm.indent) throw GIVE_UP;
      const name = this.keyName(key);
      if (seen.has(name)) throw GIVE_UP;
      seen.add(name);
      // The separator: the `:` and white space (a newline before a collection value).
      let indicator = false;
      let newline = false;
      for (const t of item.sep) {
        if (t.type === 'map-value-ind') {
          if (indicator) throw GIVE_UP;
          indicator = true;
        } else if (t.type === 'newline') {
          if (!indicator) throw GIVE_UP;
          newline = true;
        } else if (t.type !== 'space') throw GIVE_UP;
      }
      if (!indicator) throw GIVE_UP;
      const path = prefix + name;
      const v = item.value;
      this.positions.set(path, this.pos(v.offset));
      if (v.type === 'block-map') {
        if (!newline || v.indent <= bm.indent) throw GIVE_UP;
        out[name] = this.map(v, path + '.', depth + 1);
      } else if (v.type === 'block-seq') {
        if (!newline || v.indent < bm.indent) throw GIVE_UP;
        out[name] = this.seq(v, path + '.', depth + 1, top && name === 'equipment');
      } else {
        out[name] = this.scalar(v, false);
      }
    }
    return out;
  }

  seq(bs: CST.BlockSequence, prefix: string, depth: number, equipment: boolean): unknown[] {
    if (depth >= this.limits.maxDepth - 1) throw GIVE_UP;
    const out: unknown[] = [];
    if (equipment) this.equipment = [];
    let i = 0;
    for (const item of bs.items) {
      let indicator = false;
      for (const t of item.start) {
        if (t.type === 'seq-item-ind') {
          if (indicator || this.column(t.offset) !== bs.indent) throw GIVE_UP;
          indicator = true;
        } else if (t.type !== 'space' && t.type !== 'newline') throw GIVE_UP;
      }
      const v = item.value;
      if (!indicator || v === undefined) throw GIVE_UP;
      if (equipment) this.equipment.push(this.pos(v.offset));
      const path = prefix + i + '.';
      if (v.type === 'block-map') {
        if (v.indent <= bs.indent) throw GIVE_UP;
        out.push(this.map(v, path, depth + 1));
      } else if (v.type === 'block-seq') {
        throw GIVE_UP; // `- - x`: left to the full path
      } else {
        out.push(this.scalar(v, false));
      }
      i++;
    }
    return out;
  }

  private keyName(key: CST.Token): string {
    if ((key as CST.FlowScalar).source.length > MAX_KEY_SOURCE) throw GIVE_UP;
    const value = this.scalar(key, true);
    if (typeof value !== 'string') throw GIVE_UP;
    if (FORBIDDEN_KEYS.has(value)) throw GIVE_UP;
    return value;
  }

  /** A one-line plain or quoted scalar as the core schema reads it. */
  private scalar(token: CST.Token, isKey: boolean): unknown {
    if (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar') throw GIVE_UP;
    if (token.source.indexOf('\n') >= 0) throw GIVE_UP;
    if (token.end) for (const t of token.end) if (t.type !== 'newline' && t.type !== 'space') throw GIVE_UP;
    const src = token.source;
    let text: string;
    if (token.type === 'scalar' && src.length > 0 && !BAD_PLAIN_START.has(src[0]!)) {
      text = src; // one line: nothing to fold
    } else if (token.type === 'double-quoted-scalar' && src.length >= 2 && src[src.length - 1] === '"' && src.indexOf('\\') < 0) {
      text = src.slice(1, -1); // no escapes
    } else if (token.type === 'single-quoted-scalar' && src.length >= 2 && src[src.length - 1] === "'" && src.indexOf("''") < 0) {
      text = src.slice(1, -1);
    } else {
      let failed = false;
      const res = CST.resolveAsScalar(token, true, () => {
        failed = true;
      });
      if (failed || !res) throw GIVE_UP;
      text = res.value;
    }
    if (text.length > this.limits.maxStringLength - 1) throw GIVE_UP;
    if (CONTROL_CHARACTER.test(text)) throw GIVE_UP;
    // A line break (from an escape such as "a\nb") is the full path's to judge, field by field.
    if (text.indexOf('\n') >= 0) throw GIVE_UP;
    if (token.type !== 'scalar') return text;
    if (text === '') throw GIVE_UP;
    if (!NOT_ALWAYS_STRING.has(text[0]!)) return text;
    for (const tag of PLAIN_TAGS) {
      if (tag.test!.test(text)) {
        if (isKey) throw GIVE_UP; // a key that is not a string (`1:`, `true:`, `null:`)
        let bad = false;
        const res = (tag.resolve as (s: string, onError: (m: string) => void, o: never) => unknown)(text, () => {
          bad = true;
        }, RESOLVE_OPTIONS);
        // Some tags resolve to a Scalar node (booleans, formatted floats), as composeScalar allows.
        const v = isScalar(res) ? res.value : res;
        if (bad || v === null || (typeof v !== 'number' && typeof v !== 'boolean')) throw GIVE_UP;
        if (typeof v === 'number' && !Number.isFinite(v)) throw GIVE_UP;
        return v;
      }
    }
    return text;
  }
}
