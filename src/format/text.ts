// The human-readable check report: sites grouped by file, one line each, findings beneath,
// then input errors, then one summary line.
import type { Citation, InputError, Report, SiteResult } from '../model.js';
import type { Colors } from '../util/color.js';
import { lineSink, type Formatter } from './types.js';
import { oneLine } from './escape.js';
import { FINDING_SYMBOL, findingColor, pad, truncate, verdictLabel } from './symbols.js';
import { skippedText } from '../input/skipped.js';

function limbsMet(site: SiteResult): string {
  const met = site.limbs.filter((l) => l.outcome === 'met').map((l) => String(l.limb));
  return met.length ? `limb${met.length > 1 ? 's' : ''} ${met.join(', ')}` : '';
}

/** A citation in one line: the source's title (or id) and its id. */
export function citationLabel(cit: Citation): string {
  return `${cit.title ?? cit.source} [${cit.source}]`;
}

/** Scope, the exclusion and any determination of record, in one line (empty when there is nothing to say). */
export function siteContext(site: SiteResult): string {
  const parts: string[] = [];
  const s = site.scope;
  if (s) {
    const estate = s.judgement !== undefined ? `scope judgement ${String(s.judgement)}` : `estate ${s.estate}${s.estateFrom === 'parameter' ? ' (default)' : ''}`;
    parts.push(`scope: ${s.outcome} (${estate}) [${s.rule}]`);
  }
  const e = site.exclusion;
  if (e) {
    const why = e.why.map((w) => (w === 'verdict' ? 'sensitive' : w === 'extend_measures' ? 'measures extended by the department' : 'determined sensitive by the department'));
    parts.push(`exclusion: ${e.outcome === 'met' ? `applies (${why.join(', ')})` : e.outcome === 'not-met' ? 'does not apply' : 'not yet known'}`);
  }
  const d = site.determination;
  if (d) parts.push(`determination: ${d.verdict}${d.reference ? ` (${d.reference})` : ''}, ${d.agrees === null ? 'the definition leaves it undetermined' : d.agrees ? 'agrees' : 'contradicts the computed verdict'}`);
  if (site.judgements?.length) parts.push(`or record a judgement: ${site.judgements.join(', ')}`);
  return parts.join(' · ');
}

export function errorLine(c: Colors, e: InputError): string {
  const where = `${oneLine(e.file)}:${e.line}:${e.column}`;
  return `  ${c.red('✖')} ${c.bold(where)}  ${oneLine(e.message)}${e.path ? c.dim(`  (${oneLine(e.path)})`) : ''}`;
}

export function summaryLine(c: Colors, report: Report): string {
  const s = report.summary;
  const parts = [
    `${s.sites} site${s.sites === 1 ? '' : 's'}: ${verdictLabel(c, 'sensitive')} ${s.sensitive}, ${verdictLabel(c, 'not-sensitive')} ${s['not-sensitive']}, ${verdictLabel(c, 'undetermined')} ${s.undetermined}`,
  ];
  const findings = Object.keys(s.findings).filter((k) => s.findings[k]! > 0).map((k) => `${s.findings[k]} ${k}`);
  parts.push(findings.length ? findings.join(', ') : 'no equipment findings');
  parts.push(s.errors ? c.red(`${s.errors} input error${s.errors === 1 ? '' : 's'}`) : 'no input errors');
  if (report.skipped?.length) parts.push(c.yellow(skippedText(report.skipped)));
  return parts.join(' · ');
}

/** The longest of `len` over the sites, at least `least`, at most `most` (a loop: no spread of the sites). */
function widest(sites: readonly SiteResult[], len: (s: SiteResult) => number, least: number, most: number): number {
  let w = least;
  for (const s of sites) w = Math.max(w, len(s));
  return Math.min(most, w);
}

export const text: Formatter = (report, { colors: c }, out) => {
  const lines = lineSink(out);
  const idWidth = widest(report.sites, (s) => oneLine(s.id).length, 2, 24);
  const nameWidth = widest(report.sites, (s) => oneLine(s.name).length, 4, 40);
  let file = '';
  for (const site of report.sites) {
    if (site.file !== file) {
      if (file) lines.push('');
      file = site.file;
      lines.push(c.bold(oneLine(file)));
    }
    const detail = site.verdict === 'undetermined'
      ? c.dim(`would be decided by: ${oneLine(site.decidingFacts.join(', '))}`)
      : limbsMet(site);
    lines.push(`  ${pad(verdictLabel(c, site.verdict), 16)} ${pad(oneLine(site.id), idWidth)}  ${pad(truncate(oneLine(site.name), nameWidth), nameWidth)}  ${detail}`.trimEnd());
    const context = siteContext(site);
    if (context) lines.push(`      ${c.dim(oneLine(context))}`);
    for (const f of site.findings) {
      lines.push(`      ${findingColor(c, f.severity)(`${FINDING_SYMBOL[f.severity]} ${f.kind}`)}  ${oneLine(f.message)}  ${c.dim(`${oneLine(site.file)}:${f.line}`)}`);
      lines.push(`        ${c.dim(`[${f.rule}] ${citationLabel(f.citation)}`)}`);
    }
  }
  if (report.errors.length) {
    if (lines.length) lines.push('');
    lines.push(c.bold(c.red(`Input errors (${report.errors.length}):`)));
    for (const e of report.errors) lines.push(errorLine(c, e));
  }
  if (lines.length) lines.push('');
  lines.push(summaryLine(c, report) + c.dim(`  (as of ${report.asOf})`));
};
