// The unit of work, the same in a worker thread and in the main thread: read one site file,
// evaluate its sites, and return what the output needs (never the parsed YAML documents).
import type { FindingKind, InputError, Position, SiteResult, Verdict } from '../model.js';
import type { Evaluator } from '../engine/evaluate.js';
import { loadSiteFile } from '../input/sites.js';
import type { Limits } from '../input/yaml-source.js';
import { displayPath } from '../util/paths.js';
import { ByteChunks, siteSeparator, writeSiteJson } from './json-bytes.js';
import type { Redactor } from '../handling/redact.js';
import { serialize } from 'node:v8';

const REPORT_KIND = { 'report-html': 'html', 'report-md': 'md', 'report-json': 'json' } as const;

/** What the summary and the exit code need to know about a site. */
export interface SiteOutline {
  readonly verdict: Verdict;
  readonly findings: readonly { readonly kind: FindingKind }[];
}

export interface SiteDone {
  readonly id: string;
  readonly position: Position;
  /** Where the id is written (for duplicate-id errors). */
  readonly idPosition: Position;
  readonly outline: SiteOutline;
  /**
   * 'json' and 'compact' modes: the site's text in the JSON report as UTF-8, beginning with the
   * separator that comes before it there (json-bytes.ts siteSeparator); 'report-*' modes: the
   * site's pieces (bytes once they have crossed from a worker).
   */
  readonly json?: string | Uint8Array;
  /** 'full' mode: the SiteResult itself. */
  readonly result?: SiteResult;
  /** 'serialized' mode: the SiteResult as v8.serialize bytes (see src/scale/site-bytes.ts). */
  readonly serialized?: Uint8Array;
}

export interface FileDone {
  readonly sites: SiteDone[];
  readonly errors: InputError[];
  /** sha256 of the file's bytes, as read (absent when it could not be read): the report's provenance. */
  readonly sha256?: string;
  /** 'json' and 'compact': the buffers the sites' texts are views of (transferred, not copied, to the main thread). */
  readonly transfer?: ArrayBuffer[];
}

/**
 * 'json': each site's text in the JSON report; 'compact': the same, unindented (--compact); 'full': SiteResults;
 * 'serialized': SiteResults as bytes; 'report-*': each site's pieces of `sitecheck report`'s file of
 * that kind (src/report/pieces.ts).
 */
export type OutputMode = 'json' | 'compact' | 'full' | 'serialized' | 'report-html' | 'report-md' | 'report-json';

export interface TaskContext {
  readonly evaluator: Evaluator;
  readonly asOf: string;
  readonly limits: Limits;
  readonly mode: OutputMode;
  /** --redact: applied to each site's result as it is made, before anything is encoded. */
  readonly redactor?: Redactor;
}

/** The report's pieces (src/report/pieces.ts), loaded only by `sitecheck report`'s runs: check never needs them. */
let reportPieces: Promise<typeof import('../report/pieces.js')> | undefined;

export async function checkFile(path: string, ctx: TaskContext): Promise<FileDone> {
  const sitePieces = ctx.mode.startsWith('report-') ? (await (reportPieces ??= import('../report/pieces.js'))).sitePieces : undefined;
  const loaded = loadSiteFile(path, ctx.limits);
  const sites: SiteDone[] = [];
  // 'json' and 'compact': each site's text written as UTF-8 as it is made, into buffers outside
  // the heap that go to the main thread as they are (a file of 1,000 sites has about 18 MB of it).
  const bytes = ctx.mode === 'json' || ctx.mode === 'compact' ? new ByteChunks() : undefined;
  for (const record of loaded.sites) {
    const evaluated = ctx.evaluator.evaluateSync(record, ctx.asOf);
    const result = ctx.redactor ? ctx.redactor.site(evaluated) : evaluated;
    let out: Pick<SiteDone, 'json' | 'result' | 'serialized'>;
    if (bytes) {
      // With the separator that comes before it in the report (cut off for the report's first
      // site): a file's sites are then one run of bytes, written as one.
      writeSiteJson(result, bytes, ctx.mode === 'compact', siteSeparator(ctx.mode === 'compact'));
      out = { json: bytes.view() };
    } else {
      out = ctx.mode === 'serialized' ? { serialized: serialize(result) }
        : ctx.mode === 'full' ? { result }
          : { json: sitePieces!(REPORT_KIND[ctx.mode as keyof typeof REPORT_KIND], result, ctx.evaluator.ruleset) };
    }
    sites.push({
      id: record.data.id,
      position: record.position,
      idPosition: record.positions.get('id') ?? record.position,
      outline: { verdict: result.verdict, findings: result.findings.map((f) => ({ kind: f.kind })) },
      ...out,
    });
  }
  return {
    sites, errors: loaded.errors, ...(loaded.sha256 !== undefined ? { sha256: loaded.sha256 } : {}),
    ...(bytes ? { transfer: bytes.chunks } : {}),
  };
}

/**
 * The sites' report text as UTF-8, in one buffer per file that can be handed to the main thread
 * without a copy (the main thread then only writes bytes: no strings to copy, join or encode).
 */
export function encodeJson(done: FileDone): { done: FileDone; transfer: ArrayBuffer[] } {
  if (done.transfer) {
    const { transfer, ...rest } = done;
    return { done: rest, transfer };
  }
  const texts = done.sites.map((s) => (typeof s.json === 'string' ? s.json : ''));
  if (texts.every((t) => t === '')) return { done, transfer: [] };
  // Each text written straight into one private ArrayBuffer (not Buffer's shared pool, so that it
  // can be transferred): no joined string and no second copy of a file's report text (a file of
  // 1,000 sites has about 18 MB of it, in a worker whose heap is kept small).
  const lengths = texts.map((t) => Buffer.byteLength(t, 'utf8'));
  const buffer = new ArrayBuffer(lengths.reduce((a, b) => a + b, 0));
  const all = Buffer.from(buffer);
  let at = 0;
  const sites = done.sites.map((s, k) => {
    const n = all.write(texts[k]!, at, 'utf8');
    const out = typeof s.json === 'string' ? { ...s, json: new Uint8Array(buffer, at, n) } : s;
    at += n;
    return out;
  });
  return { done: { ...done, sites }, transfer: [buffer] };
}

/** A file whose reading failed inside sitecheck itself: reported like any input error. */
export function crashedFile(path: string, reason: string): FileDone {
  return {
    sites: [],
    errors: [{
      file: displayPath(path), line: 1, column: 1, path: '', code: 'internal-error',
      message: `sitecheck failed while reading this file (${reason}); the other files were still checked`,
    }],
  };
}
