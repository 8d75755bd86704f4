// A site's text in the JSON report written as UTF-8 bytes, with the text of what sites share made
// once. The conditions, facts and parameters of a rule's trace are shared, frozen, by every site
// with the same inputs (src/engine/evaluate.ts), and so are the rules' citations; their text at a
// given depth of the report is therefore the same for every site that has them. Each is
// stringified and encoded once, then copied as bytes: only the rest of a site (its name, file,
// positions, outcomes: about a fifth of its text on the bench inventory) is stringified per site.
// The bytes are exactly what `JSON.stringify(report, null, 2)` gives for the site (or
// `JSON.stringify(site)` compact): tests/scale/json-bytes.test.ts holds the two side by side on
// the bundled sites, generated ones and hostile strings.
import { randomBytes } from 'node:crypto';
import type { SiteResult } from '../model.js';

/** Where bytes go: a chunked buffer (a worker's file) or an output's buffer (Buffered). */
export interface ByteOut {
  /** Begin a site: room for at least `n` more bytes in one piece of memory. */
  reserve(n: number): void;
  /** Write a string as UTF-8 (room reserved). */
  string(s: string): void;
  /** Copy bytes (room reserved). */
  bytes(b: Uint8Array): void;
}

/**
 * Stands for a shared value inside a site's skeleton. Random for each process, so a site's own
 * strings cannot name it; and every occurrence is counted, so even one that did would only make
 * the site be written the plain way.
 */
const NONCE = `sitecheck-shared-${randomBytes(16).toString('hex')}`;
const QUOTED = `"${NONCE}"`;

/** The marker, for tests that forge it. */
export const markerForTests = (): string => NONCE;

/** A value that is not deeply frozen (so its text may change): written the plain way. */
const NOT_SHARED = new Uint8Array(0);
/** A value met once so far at its depth: written the plain way (most values that are met once are never met again). */
const SEEN = new Uint8Array(0);

/** A frozen value's bytes at one depth (−1: compact); `next`: at another depth. */
interface Entry {
  readonly depth: number;
  bytes: Uint8Array;
  readonly next: Entry | undefined;
}
const entries = new WeakMap<object, Entry>();
const INDENTS: string[] = [];
const indent = (depth: number): string => (INDENTS[depth] ??= '  '.repeat(depth));

function deeplyFrozen(v: object, seen = 0): boolean {
  if (!Object.isFrozen(v) || seen > 64) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== null && typeof x === 'object' && !deeplyFrozen(x, seen + 1)) return false;
  }
  return true;
}

function textOf(v: object, depth: number): Uint8Array {
  if (!deeplyFrozen(v)) return NOT_SHARED;
  let text = depth < 0 ? JSON.stringify(v) : JSON.stringify(v, null, 2);
  if (depth > 0) text = text.replaceAll('\n', `\n${indent(depth)}`);
  return Buffer.from(text, 'utf8');
}

/**
 * The bytes of a frozen value at `depth` (−1: compact): made the second time the value is met
 * there; NOT_SHARED the first time, and always for a value that may change.
 */
function sharedBytes(v: object, depth: number): Uint8Array {
  const first = entries.get(v);
  for (let e = first; e !== undefined; e = e.next) {
    if (e.depth !== depth) continue;
    if (e.bytes === SEEN) e.bytes = textOf(v, depth);
    return e.bytes;
  }
  entries.set(v, { depth, bytes: SEEN, next: first });
  return NOT_SHARED;
}

/**
 * The site as JSON.stringify sees it, with every deeply frozen, non-empty value met before
 * replaced by the marker (its bytes pushed to `pieces`, in the order JSON.stringify will meet the
 * markers). What holds no such value is not copied.
 */
function skeleton(v: unknown, depth: number, compact: boolean, pieces: Uint8Array[]): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v;
  if (Object.isFrozen(v)) {
    const b = sharedBytes(v, compact ? -1 : depth);
    if (b === NOT_SHARED) return v;
    if (b.length <= 2) return v; // [] or {}: nothing to save
    pieces.push(b);
    return NONCE;
  }
  const next = compact ? -1 : depth + 1;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x === null || typeof x !== 'object') continue;
      const y = skeleton(x, next, compact, pieces);
      if (y === x && out === undefined) continue;
      out ??= v.slice();
      out[i] = y;
    }
    return out ?? v;
  }
  let out: Record<string, unknown> | undefined;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const x = (v as Record<string, unknown>)[k];
    if (x === null || typeof x !== 'object') continue;
    const y = skeleton(x, next, compact, pieces);
    if (y === x && out === undefined) continue;
    out ??= { ...(v as Record<string, unknown>) };
    out[k] = y;
  }
  return out ?? v;
}

/** What comes before each site but the first in the report's "sites" array. */
export function siteSeparator(compact: boolean): string {
  return compact ? ',' : ',\n    ';
}

/** Depth of a site in the report: `{` (0), `"sites": [` (1), each site (2). */
const SITE_DEPTH = 2;
const WRAP_HEAD = '{\n  "s": [\n    '.length;
const WRAP_TAIL = '\n  ]\n}'.length;

/** One site as it appears inside the report's "sites" array, after its first line's indent (a string). */
export function siteJsonText(site: SiteResult): string {
  const text = JSON.stringify({ s: [site] }, null, 2);
  return text.slice(WRAP_HEAD, text.length - WRAP_TAIL);
}

/**
 * Write one site's text in the JSON report (`compact`: as JSON.stringify(site) gives it) to `out`,
 * after `prefix` (the separator before it in the report), with one `reserve` for the whole first.
 * Returns how many of its bytes were copied from shared text (0 when written the plain way).
 */
export function writeSiteJson(site: SiteResult, out: ByteOut, compact = false, prefix = ''): number {
  const pieces: Uint8Array[] = [];
  const shape = skeleton(site, SITE_DEPTH, compact, pieces);
  let text: string;
  let from: number;
  let end: number;
  if (compact) {
    text = JSON.stringify(shape);
    from = 0;
    end = text.length;
  } else {
    text = JSON.stringify({ s: [shape] }, null, 2);
    from = WRAP_HEAD;
    end = text.length - WRAP_TAIL;
  }
  // Where the markers are: exactly one for each piece, or the site is written the plain way.
  const at: number[] = [];
  for (let i = text.indexOf(QUOTED, from); i !== -1 && i < end; i = text.indexOf(QUOTED, i + QUOTED.length)) at.push(i);
  if (at.length !== pieces.length) {
    const plain = compact ? JSON.stringify(site) : siteJsonText(site);
    out.reserve((prefix.length + plain.length) * 3);
    if (prefix) out.string(prefix);
    out.string(plain);
    return 0;
  }
  let shared = 0;
  for (const p of pieces) shared += p.length;
  out.reserve((prefix.length + end - from) * 3 + shared);
  if (prefix) out.string(prefix);
  for (let k = 0; k < at.length; k++) {
    out.string(text.slice(from, at[k]));
    out.bytes(pieces[k]!);
    from = at[k]! + QUOTED.length;
  }
  out.string(text.slice(from, end));
  return shared;
}

/**
 * Bytes in chunks that can be transferred to another thread (each its own ArrayBuffer, not
 * Buffer's shared pool); `view()` is what was written since the last `reserve` (a site is never
 * split between chunks: `reserve` is asked for its whole room first).
 */
export class ByteChunks implements ByteOut {
  private buf: Buffer | undefined;
  private at = 0;
  private start = 0;
  /** The next chunk's size: 64 KB at first (a file of one site needs no more), doubling to 1 MB. */
  private size = 1 << 16;
  readonly chunks: ArrayBuffer[] = [];
  reserve(n: number): void {
    if (!this.buf || this.at + n > this.buf.length) {
      // Not from Buffer's shared pool (so that it can be transferred), and not zero-filled.
      this.buf = Buffer.allocUnsafeSlow(Math.max(this.size, n));
      this.chunks.push(this.buf.buffer as ArrayBuffer);
      this.size = Math.min(this.size * 2, 1 << 20);
      this.at = 0;
    }
    this.start = this.at;
  }
  string(s: string): void {
    this.at += this.buf!.write(s, this.at);
  }
  bytes(b: Uint8Array): void {
    this.buf!.set(b, this.at);
    this.at += b.length;
  }
  /** The bytes written since the last `reserve`. */
  view(): Uint8Array {
    return new Uint8Array(this.buf!.buffer, this.start, this.at - this.start);
  }
}
