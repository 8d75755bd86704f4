// An evidence record of an answer, for the file: the question, the answer, the as-of date, the
// rules digest, each fact used (with file:line), the quoted sources, and who asked. Written as
// Markdown (escaped with the report machinery's escapers) and JSON, side by side, next to the
// site's own file (inside the folders the officer named), through the one safe writer.
import { dirname, join, basename } from 'node:path';
import { existsSync } from 'node:fs';
import type { Citation, SiteResult } from '../model.js';
import type { Ruleset } from '../rules/ruleset.js';
import { mdCode, mdText } from '../format/markdown-util.js';
import { show } from '../format/symbols.js';
import { safeWriteFile } from '../util/safe-write.js';
import { VERSION } from '../version.js';
import type { Recorder } from './audit.js';
import { lineText, type Line } from './lines.js';

export const EVIDENCE_FORMAT = 'sitecheck-tui-evidence/1' as const;

export interface EvidenceInput {
  readonly question: string;
  /** The answer as shown on screen (its first line is the headline). */
  readonly answer: readonly Line[];
  /** A short word for the answer (not-permitted, confirm-maker, sensitive…). */
  readonly answerKind: string;
  readonly site: SiteResult;
  readonly ruleset: Ruleset;
  readonly asOf: string;
  readonly on: string;
  readonly askedBy: Recorder;
  /** More citations (the supplier register entry). */
  readonly extraCitations?: readonly Citation[];
  /**
   * Where the facts are written, when `site` is a hypothetical evaluation (the site with an item
   * added): the site as read from its file. Facts it does not locate (the item asked about) get no line.
   */
  readonly writtenAs?: SiteResult;
}

export interface EvidenceFact {
  readonly path: string;
  readonly value: unknown;
  readonly file: string;
  readonly line?: number;
}

export interface EvidenceSource {
  readonly source: string;
  readonly title: string;
  readonly pinpoint?: string;
  readonly quote: string;
}

export interface EvidenceRecord {
  readonly format: typeof EVIDENCE_FORMAT;
  readonly tool: { readonly name: 'sitecheck'; readonly version: string };
  readonly question: string;
  readonly answer: { readonly kind: string; readonly text: readonly string[] };
  readonly asOf: string;
  readonly recordedOn: string;
  readonly askedBy: Recorder;
  readonly rules: { readonly sha256: string; readonly files: readonly { readonly name: string; readonly sha256: string }[] };
  readonly site: { readonly id: string; readonly name: string; readonly file: string; readonly line: number; readonly verdict: string; readonly scope?: string; readonly determination?: string };
  readonly facts: readonly EvidenceFact[];
  readonly sources: readonly EvidenceSource[];
}

/** The record, from the result model only. */
export function evidenceRecord(e: EvidenceInput): EvidenceRecord {
  const facts: EvidenceFact[] = [];
  const seen = new Set<string>();
  // Lines come from the file as read: a hypothetical evaluation's own positions are not the file's.
  const fileLines = new Map<string, number>();
  if (e.writtenAs) {
    for (const l of e.writtenAs.limbs) for (const [p, pos] of Object.entries(l.locations)) fileLines.set(p, pos.line);
    if (e.writtenAs.scope) for (const [p, pos] of Object.entries(e.writtenAs.scope.locations)) fileLines.set(p, pos.line);
  }
  const addFacts = (values: Readonly<Record<string, unknown>>, locations: Readonly<Record<string, { line: number }>> = {}): void => {
    for (const [path, value] of Object.entries(values)) {
      if (seen.has(path)) continue;
      seen.add(path);
      const line = e.writtenAs ? fileLines.get(path) : locations[path]?.line;
      facts.push({ path, value, file: e.site.file, ...(line !== undefined ? { line } : {}) });
    }
  };
  if (e.site.scope) addFacts(e.site.scope.facts, e.site.scope.locations);
  for (const l of e.site.limbs) addFacts(l.facts, l.locations);
  for (const f of e.site.findings) addFacts(f.facts ?? {});
  const citations: Citation[] = [
    ...(e.site.scope ? [e.site.scope.citation] : []),
    ...e.site.limbs.map((l) => l.citation),
    ...e.site.findings.flatMap((f) => (f.citations?.length ? f.citations : f.citation ? [f.citation] : [])),
    ...(e.extraCitations ?? []),
  ];
  const sources: EvidenceSource[] = [];
  for (const c of citations) {
    if (sources.some((s) => s.source === c.source && s.quote === c.quote)) continue;
    const src = e.ruleset.sources.get(c.source);
    sources.push({ source: c.source, title: src ? `${src.title}, ${src.date}${src.issuer ? `, ${src.issuer}` : ''}` : (c.title ?? c.source), ...(c.pinpoint ? { pinpoint: c.pinpoint } : {}), quote: c.quote });
  }
  return {
    format: EVIDENCE_FORMAT,
    tool: { name: 'sitecheck', version: VERSION },
    question: e.question,
    answer: { kind: e.answerKind, text: e.answer.map(lineText).filter((t, i, all) => t !== '' || (i > 0 && all[i - 1] !== '')) },
    asOf: e.asOf,
    recordedOn: e.on,
    askedBy: e.askedBy,
    rules: { sha256: e.ruleset.sha256, files: e.ruleset.files.map((f) => ({ name: f.name, sha256: f.sha256 })) },
    site: {
      id: e.site.id, name: e.site.name, file: e.site.file, line: e.site.line, verdict: e.site.verdict,
      ...(e.site.scope ? { scope: e.site.scope.outcome } : {}),
      ...(e.site.determination ? { determination: e.site.determination.verdict } : {}),
    },
    facts,
    sources,
  };
}

export function evidenceMarkdown(r: EvidenceRecord): string {
  const out: string[] = [];
  out.push(`# Evidence: ${mdText(r.question)}`, '');
  out.push(`- Site: ${mdText(`${r.site.id} ${r.site.name}`)} (${mdCode(`${r.site.file}:${r.site.line}`)}), verdict ${mdText(r.site.verdict)}${r.site.scope ? `, scope ${mdText(r.site.scope)}` : ''}${r.site.determination ? `, determined ${mdText(r.site.determination)}` : ''}`);
  out.push(`- As of: ${mdText(r.asOf)}; recorded on ${mdText(r.recordedOn)}`);
  out.push(`- Asked by: ${mdText(r.askedBy.by)}, on the authority of ${mdText(r.askedBy.authority)}`);
  out.push(`- Rules: sha256 ${mdCode(r.rules.sha256)} (sitecheck ${mdText(r.tool.version)})`, '');
  out.push('## Answer', '');
  for (const t of r.answer.text) out.push(t === '' ? '' : `    ${t}`);
  out.push('', '## Facts used', '');
  if (r.facts.length === 0) out.push('None.');
  for (const f of r.facts) out.push(`- ${mdCode(f.path)} = ${mdCode(show(f.value))} (${mdCode(f.line ? `${f.file}:${f.line}` : f.file)})`);
  out.push('', '## Sources quoted', '');
  for (const s of r.sources) out.push(`- “${mdText(s.quote)}” — ${mdText(s.title)} [${mdText(s.source)}${s.pinpoint ? `, ${mdText(s.pinpoint)}` : ''}]`);
  out.push('', 'The instruction is administrative: this record says what it instructs and advises, and which facts were used.', '');
  return out.join('\n');
}

/**
 * Write the record as <site file's folder>/<id>.evidence-<date>[-n].md and .json; never over an
 * existing file. Returns the two files written.
 */
export function writeEvidence(r: EvidenceRecord): [string, string] {
  const dir = dirname(r.site.file);
  const safeId = basename(r.site.id).replace(/[^A-Za-z0-9._-]/g, '_');
  let stem = join(dir, `${safeId}.evidence-${r.recordedOn}`);
  for (let n = 2; existsSync(`${stem}.md`) || existsSync(`${stem}.json`); n++) stem = join(dir, `${safeId}.evidence-${r.recordedOn}-${n}`);
  safeWriteFile(`${stem}.json`, JSON.stringify(r, null, 2) + '\n');
  safeWriteFile(`${stem}.md`, evidenceMarkdown(r));
  return [`${stem}.md`, `${stem}.json`];
}
