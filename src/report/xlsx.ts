// `report --out FILE.xlsx`: the report as an Excel workbook, for officers who work in spreadsheets.
// Sheets: Sites (one row per site), Findings (one row per finding), Questions to settle (one row per
// undetermined limb, unknown scope and at-risk finding, with the facts that would decide it), and
// About (the marking, the provenance digest and how to check it). Row 1 of every sheet carries the
// marking and the provenance digest; so do the workbook's properties (subject, category, keywords)
// and every printed page's header and footer.
//
// exceljs is loaded only when a workbook is asked for (a dynamic import), so `check` starts as fast
// as before. Its streaming WorkbookWriter writes each row as it is added, with inline strings (no
// shared-string table), so memory stays flat at any number of sites. Every value is written as a
// text or number cell, never a formula: a name that starts with = + - @ stays the text it is.
import { createWriteStream, openSync, readFileSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { SiteResult } from '../model.js';
import type { Evidence } from './build.js';
import { oneLine } from '../format/escape.js';

type ExcelModule = typeof import('exceljs');
type Row = (string | number)[];

/** A cell's text: on one line (no control characters), as every other output shows site text. */
function cell(v: unknown): string | number {
  if (typeof v === 'number') return v;
  if (v === undefined || v === null) return '';
  return oneLine(typeof v === 'string' ? v : JSON.stringify(v));
}

/** Header and footer text: `&` starts a code there, so it is doubled. */
function hf(s: string): string {
  return s.replace(/&/g, '&&');
}

function count(site: SiteResult, kind: string): number {
  let n = 0;
  for (const f of site.findings) if (f.kind === kind) n++;
  return n;
}

/** The rows to settle for one site: each unknown limb, an unknown scope, each at-risk finding. */
export function questions(site: SiteResult): Row[] {
  const rows: Row[] = [];
  const at = (line: number): string => `${site.file}:${line}`;
  for (const l of site.limbs) {
    if (l.outcome !== 'unknown') continue;
    rows.push([site.id, site.name, `limb ${l.limb}: ${l.rule}`, l.title, l.missing.join('; '), at(site.line)]);
  }
  if (site.scope?.outcome === 'unknown') {
    rows.push([site.id, site.name, `scope: ${site.scope.rule}`, site.scope.title, site.scope.missing.join('; '), at(site.line)]);
  }
  for (const f of site.findings) {
    if (f.outcome !== 'unknown') continue;
    rows.push([site.id, site.name, `${f.kind}${f.equipment !== undefined ? ` (${f.equipment})` : ''}`, f.message, f.missing.join('; '), at(f.line)]);
  }
  return rows;
}

export interface XlsxOptions {
  /** The protective marking (none when undefined). */
  readonly marking?: string;
  /** The outputs were redacted (--redact). */
  readonly redacted?: boolean;
}

/**
 * Write the workbook to `file` through a temporary file beside it (removed on failure). Returns
 * the temporary file's name: the caller moves it into place with the safe writer.
 */
export async function writeXlsx(e: Evidence, tmp: string, opts: XlsxOptions): Promise<void> {
  const mod = (await import('exceljs')) as unknown as ExcelModule & { default?: ExcelModule };
  const ExcelJS = mod.default ?? mod;
  const fd = openSync(tmp, 'wx', 0o644);
  const stream = createWriteStream(tmp, { fd });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const { report, ruleset, provenance } = e;
  const digest = `provenance sha256 ${provenance.sha256}`;
  const mark = opts.marking;
  // Deterministic properties: the evaluation date, not the time of writing.
  const when = new Date(`${report.asOf}T00:00:00Z`);
  wb.creator = `sitecheck ${report.tool.version}`;
  wb.lastModifiedBy = wb.creator;
  wb.created = when;
  wb.modified = when;
  wb.title = `sitecheck report, as of ${report.asOf}`;
  wb.subject = mark ?? '';
  wb.category = mark ?? '';
  wb.keywords = [mark, digest].filter(Boolean).join('; ');
  wb.description = `${mark ? `${mark}. ` : ''}${digest}. Check the matching .json, .html or .md report with sitecheck verify.`;
  const top: Row = [mark ?? '', `as of ${report.asOf}`, digest, ...(opts.redacted ? ['redacted (--redact)'] : [])];
  const headerFooter = mark ? { oddHeader: `&C&B${hf(mark)}`, oddFooter: `&L${hf(mark)}&R&P / &N` } : undefined;
  const sheet = (name: string, header: Row, widths: number[]) => {
    const ws = wb.addWorksheet(name, {
      ...(headerFooter ? { headerFooter } : {}),
      views: [{ state: 'frozen', ySplit: 2 }],
    });
    ws.columns = widths.map((width) => ({ width }));
    const r1 = ws.addRow(top.map(cell));
    r1.font = { bold: true };
    r1.commit();
    const r2 = ws.addRow(header.map(cell));
    r2.font = { bold: true };
    r2.commit();
    return { add: (row: Row) => ws.addRow(row.map(cell)).commit(), done: () => ws.commit() };
  };

  const limbs = ruleset.rules.map((r) => ({ id: r.id, header: `limb ${r.limb}: ${r.id}` }));
  const kinds = ruleset.failOn.kinds;
  const sites = sheet('Sites', [
    'id', 'name', 'organisation', 'file', 'line', 'verdict', ...limbs.map((l) => l.header),
    'scope', 'exclusion', 'determination', ...kinds, 'deciding facts',
  ], [14, 32, 28, 36, 6, 14, ...limbs.map(() => 12), 12, 12, 16, ...kinds.map(() => 10), 40]);
  for (const s of report.sites) {
    const outcome = new Map(s.limbs.map((l) => [l.rule, l.outcome]));
    sites.add([
      s.id, s.name, s.organisation ?? '', s.file, s.line, s.verdict, ...limbs.map((l) => outcome.get(l.id) ?? ''),
      s.scope?.outcome ?? '', s.exclusion?.outcome ?? '',
      s.determination ? `${s.determination.verdict}${s.determination.agrees === false ? ' (disagrees)' : ''}` : '',
      ...kinds.map((k) => count(s, k)), s.decidingFacts.join('; '),
    ]);
  }
  sites.done();

  const findings = sheet('Findings', ['site', 'equipment', 'kind', 'rule', 'outcome', 'message', 'source', 'quote', 'file', 'line'], [14, 14, 22, 22, 10, 60, 18, 60, 36, 6]);
  for (const s of report.sites) {
    for (const f of s.findings) {
      findings.add([s.id, f.equipment ?? '', f.kind, f.rule, f.outcome, f.message, f.citation.source, f.citation.quote, s.file, f.line]);
    }
  }
  findings.done();

  const settle = sheet('Questions to settle', ['site', 'name', 'question', 'about', 'facts that would decide it', 'where'], [14, 32, 30, 50, 50, 40]);
  for (const s of report.sites) for (const row of questions(s)) settle.add(row);
  settle.done();

  const about = sheet('About', ['field', 'value'], [24, 80]);
  about.add(['marking', mark ?? '(none)']);
  about.add(['tool', `sitecheck ${report.tool.version}`]);
  about.add(['as of', report.asOf]);
  about.add(['rules sha256', report.rules.sha256]);
  about.add(['provenance sha256', provenance.sha256]);
  about.add(['sites', report.summary.sites]);
  about.add(['input errors', report.summary.errors]);
  about.add(['redacted', opts.redacted ? 'yes: names, addresses, organisations and notes are hashes' : 'no']);
  about.add(['checking', 'sitecheck verify reads the .json, .html or .md report made from the same run; this workbook names that run by its provenance sha256']);
  about.done();
  await wb.commit();
}

/** A temporary file beside `target` for the workbook. */
export function xlsxTempName(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Build the workbook beside `target` and hand its bytes to `place` (the safe writer); the temporary file is always removed. */
export async function renderXlsx(e: Evidence, target: string, opts: XlsxOptions, place: (bytes: Uint8Array) => void): Promise<void> {
  const tmp = xlsxTempName(target);
  try {
    await writeXlsx(e, tmp, opts);
    place(readFileSync(tmp));
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* never made, or already gone */
    }
  }
}
