// The human-readable check report: sites grouped by file, one line each, findings beneath,
// then input errors, then one summary line.
import type { Citation, InputError, Report, SiteResult } from '../model.js';
import type { Colors } from '../util/color.js';
import { lineSink, whole, type StreamingFormatter } from './types.js';
import { Spool } from './spool.js';
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

export function summaryLine(c: Colors, report: Pick<Report, 'summary' | 'skipped'>): string {
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

/** A site's text lines, waiting for the column widths: file, verdict, id, name, detail, the lines under it. */
type TextRecord = [file: string, verdict: SiteResult['verdict'], id: string, name: string, detail: string, rest: string];

export const textStream: StreamingFormatter = (head, { colors: c }, out) => {
  const lines = lineSink(out);
  // The id and name columns are as wide as the widest (within limits), so the sites' lines are
  // spooled (compressed) until every site is in; only the widths are kept as they come.
  const spool = new Spool();
  let idWidth = 2;
  let nameWidth = 4;
  return {
    site(site) {
      const id = oneLine(site.id);
      const name = oneLine(site.name);
      idWidth = Math.max(idWidth, id.length);
      nameWidth = Math.max(nameWidth, name.length);
      const detail = site.verdict === 'undetermined'
        ? c.dim(`would be decided by: ${oneLine(site.decidingFacts.join(', '))}`)
        : limbsMet(site);
      let rest = '';
      const context = siteContext(site);
      if (context) rest += `      ${c.dim(oneLine(context))}\n`;
      for (const f of site.findings) {
        rest += `      ${findingColor(c, f.severity)(`${FINDING_SYMBOL[f.severity]} ${f.kind}`)}  ${oneLine(f.message)}  ${c.dim(`${oneLine(site.file)}:${f.line}`)}\n`;
        rest += `        ${c.dim(`[${f.rule}] ${citationLabel(f.citation)}`)}\n`;
      }
      spool.add(JSON.stringify([site.file, site.verdict, id, name, detail, rest] satisfies TextRecord));
    },
    end(tail) {
      idWidth = Math.min(24, idWidth);
      nameWidth = Math.min(40, nameWidth);
      let file = '';
      let n = 0;
      for (const record of spool.all()) {
        const [siteFile, verdict, id, name, detail, rest] = JSON.parse(record) as TextRecord;
        n++;
        if (siteFile !== file) {
          if (file) lines.push('');
          file = siteFile;
          lines.push(c.bold(oneLine(file)));
        }
        lines.push(`  ${pad(verdictLabel(c, verdict), 16)} ${pad(id, idWidth)}  ${pad(truncate(name, nameWidth), nameWidth)}  ${detail}`.trimEnd());
        if (rest) out.write(rest);
      }
      // (Every site wrote a line, so there were lines before the errors when there was a site.)
      const any = n > 0;
      if (tail.errors.length) {
        if (any) lines.push('');
        lines.push(c.bold(c.red(`Input errors (${tail.errors.length}):`)));
        for (const e of tail.errors) lines.push(errorLine(c, e));
      }
      if (any || tail.errors.length) lines.push('');
      lines.push(summaryLine(c, tail) + c.dim(`  (as of ${head.asOf})`));
    },
  };
};

export const text = whole(textStream);
