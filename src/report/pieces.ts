// A site's share of a report, rendered where the site is evaluated (a worker thread, or the main
// thread with -j1): its pieces of the site tables, its provenance record as the report embeds it
// and as the results digest reads it. The main thread only places them (stream.ts): it never
// receives, clones or renders the SiteResult itself.
import type { SiteResult } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import { siteJsonText } from '../scale/json-bytes.js';
import { htmlSitePieces, type SitePieces } from './html.js';
import { markdownSitePieces } from './markdown.js';
import { canonicalJson, embeddableJson, provenanceSite, type EvidenceKind } from './provenance.js';

/** Pieces, as one string: their lengths in UTF-8 bytes, a line break, then the pieces one after another. */
function encode(parts: readonly string[]): string {
  return `${parts.map((p) => Buffer.byteLength(p, 'utf8')).join(',')}\n${parts.join('')}`;
}

/** The pieces of encode()'s text, as its UTF-8 bytes: views into `bytes`, never copies or strings. */
export function decodePieces(bytes: Uint8Array): Uint8Array[] {
  const nl = bytes.indexOf(0x0a);
  const parts: Uint8Array[] = [];
  let at = nl + 1;
  for (const n of Buffer.from(bytes.buffer, bytes.byteOffset, nl).toString('latin1').split(',')) {
    parts.push(bytes.subarray(at, at + Number(n)));
    at += Number(n);
  }
  return parts;
}

/**
 * html and md: [act row, settle row, detail, compact row, embedded record, canonical record];
 * json: [the site's JSON, its record's JSON, canonical record].
 */
export function sitePieces(kind: EvidenceKind, site: SiteResult, ruleset: Ruleset): string {
  const rec = provenanceSite(site);
  if (kind === 'json') return encode([siteJsonText(site), recordJson(rec), canonicalJson(rec)]);
  const p: SitePieces = kind === 'html' ? htmlSitePieces(site, ruleset) : markdownSitePieces(site, ruleset);
  return encode([p.act, p.settle, p.detail, p.row, embeddableJson(rec), canonicalJson(rec)]);
}

/** A provenance site record as JSON evidence writes it: at its depth (provenance.results.sites[]), after its first line's indent. */
function recordJson(rec: unknown): string {
  const text = JSON.stringify({ a: { b: { c: [rec] } } }, null, 2);
  return text.slice(REC_HEAD, text.length - REC_TAIL);
}
const REC_HEAD = '{\n  "a": {\n    "b": {\n      "c": [\n        '.length;
const REC_TAIL = '\n      ]\n    }\n  }\n}'.length;
