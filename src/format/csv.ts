// `--format csv`: one row per site, for spreadsheets. Columns: id, name, organisation, file, line,
// verdict, one column per limb rule (its outcome), scope, determination and exclusion, the count
// of each kind of finding (the kinds the rules can report), the obligation rules behind the
// findings and their sources, and the facts that would decide an undetermined site; input errors
// are not rows (they are in every other format). RFC 4180: CRLF after every record, fields with a comma, a quote or a line break
// quoted and their quotes doubled, and a UTF-8 byte-order mark first so that Excel reads UTF-8.
// A cell that would start with =, +, -, @, a tab or a CR gets a leading apostrophe so that no
// spreadsheet reads site text as a formula (OWASP, "CSV Injection"). Site text goes through the
// same one-line escaper as every other output.
import type { SiteResult } from '../model.js';
import { whole, type StreamingFormatter } from './types.js';
import { oneLine } from './escape.js';

/** A cell that no spreadsheet will run as a formula. */
export function csvSafe(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** One RFC 4180 field. */
export function csvField(value: string | number): string {
  const s = typeof value === 'number' ? String(value) : oneLine(csvSafe(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function record(fields: readonly (string | number)[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

export const csvStream: StreamingFormatter = (_head, { ruleset, marking }, out) => {
  // --marking: a last column, the same in every row (see src/handling/marking.ts).
  const mark = marking !== undefined ? [marking] : [];
  const limbs = ruleset.rules.map((r) => ({ id: r.id, header: `limb ${r.limb}: ${r.id}` }));
  const kinds = ruleset.failOn.kinds;
  out.write('\ufeff');
  out.write(record(['id', 'name', 'organisation', 'file', 'line', 'verdict', ...limbs.map((l) => l.header), 'scope', 'determination', 'exclusion', ...kinds, 'finding rules', 'finding sources', 'deciding facts', ...(mark.length ? ['marking'] : [])]));
  return { site(site) {
    const outcome = new Map(site.limbs.map((l) => [l.rule, l.outcome]));
    out.write(record([
      site.id, site.name, site.organisation ?? '', site.file, site.line, site.verdict,
      ...limbs.map((l) => outcome.get(l.id) ?? ''),
      site.scope?.outcome ?? '',
      site.determination ? `${site.determination.verdict}${site.determination.agrees === false ? ' (disagrees)' : ''}` : '',
      site.exclusion?.outcome ?? '',
      ...kinds.map((k) => countOf(site, k)),
      distinct(site.findings.map((f) => f.rule)),
      distinct(site.findings.map((f) => f.citation?.source ?? '')),
      site.decidingFacts.join('; '),
      ...mark,
    ]));
  }, end() {} };
};

export const csv = whole(csvStream);

/** The distinct non-empty values, in order, joined by "; ". */
function distinct(values: readonly string[]): string {
  return Array.from(new Set(values.filter((v) => v !== ''))).join('; ');
}

function countOf(site: SiteResult, kind: string): number {
  let n = 0;
  for (const f of site.findings) if (f.kind === kind) n++;
  return n;
}
