// sitecheck import: a spreadsheet (CSV) of sites, and optionally one of equipment keyed by site id,
// into one YAML file per site. Every row is validated by the same loader and schema as `check`
// (the exact bytes that would be written are loaded back), and every problem is reported by CSV
// row and column. Nothing is written unless every row is good and no file would be overwritten
// without --force; each file is then written atomically.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import { loadInventory, loadSiteBytes } from '../input/sites.js';
import { DEFAULT_LIMITS, parsePointer } from '../input/yaml-source.js';
import { displayPath } from '../util/paths.js';
import { didYouMean } from '../util/suggest.js';
import { checkWriteTarget, safeWriteFile, WriteRefusedError } from '../util/safe-write.js';
import { schemaComment, schemaPathFor } from '../util/schema-line.js';
import { parseCsv, type CsvRecord } from './csv.js';
import { cellValue, EQUIPMENT_SITE_COLUMN, importColumns, type Column } from './columns.js';
import { SiteIdMap } from '../input/ids.js';

export interface ImportProblem {
  readonly file: string;
  /** Spreadsheet row (the header is row 1); 0 for the file as a whole. */
  readonly row: number;
  readonly line: number;
  readonly column?: string;
  readonly message: string;
}

export interface PlannedFile {
  readonly id: string;
  readonly path: string;
  readonly text: string;
  readonly exists: boolean;
}

export interface ImportPlan {
  readonly files: PlannedFile[];
  readonly problems: ImportProblem[];
}

export interface ImportInput {
  readonly sitesName: string;
  readonly sitesText: string;
  readonly equipmentName?: string;
  readonly equipmentText?: string;
  readonly outDir: string;
  readonly force: boolean;
}

interface Table {
  readonly rows: { record: CsvRecord; values: Map<Column, string> ; extra: Map<string, string> }[];
}

function readTable(name: string, text: string, columns: readonly Column[], keyColumn: string | undefined, problems: ImportProblem[]): Table | undefined {
  const { records, problems: csvProblems } = parseCsv(text);
  for (const p of csvProblems) problems.push({ file: name, row: p.row, line: p.line, message: `${p.message} (character ${p.column})` });
  const header = records[0];
  if (!header) {
    problems.push({ file: name, row: 0, line: 1, message: 'the file is empty; it needs a header row of column names' });
    return undefined;
  }
  const byName = new Map(columns.map((c) => [c.name, c]));
  const allowed = [...(keyColumn ? [keyColumn] : []), ...columns.map((c) => c.name)];
  const index: (Column | string | undefined)[] = [];
  const seen = new Set<string>();
  header.fields.forEach((raw, i) => {
    const h = raw.trim();
    if (seen.has(h)) problems.push({ file: name, row: 1, line: header.line, column: h, message: `column "${h}" appears twice in the header` });
    seen.add(h);
    if (h === keyColumn) index.push(h);
    else if (byName.has(h)) index.push(byName.get(h));
    else {
      const hint = didYouMean(h, allowed);
      problems.push({ file: name, row: 1, line: header.line, column: h || `(column ${i + 1})`, message: `unknown column "${h}"${hint ? ` (did you mean "${hint}"?)` : ''}; columns: ${allowed.join(', ')}` });
      index.push(undefined);
    }
  });
  for (const required of keyColumn ? [keyColumn] : ['id', 'name']) {
    if (!seen.has(required)) problems.push({ file: name, row: 1, line: header.line, column: required, message: `the header has no "${required}" column` });
  }
  const rows: Table['rows'] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length !== header.fields.length) {
      problems.push({ file: name, row: record.row, line: record.line, message: `the row has ${record.fields.length} fields but the header has ${header.fields.length}` });
      continue;
    }
    const values = new Map<Column, string>();
    const extra = new Map<string, string>();
    record.fields.forEach((cell, i) => {
      const col = index[i];
      if (typeof col === 'string') extra.set(col, cell.trim());
      else if (col) values.set(col, cell);
    });
    rows.push({ record, values, extra });
  }
  return { rows };
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let obj = target;
  for (const seg of path.slice(0, -1)) obj = (obj[seg] ??= {}) as Record<string, unknown>;
  obj[path[path.length - 1]!] = value;
}

function objectFrom(columns: readonly Column[], values: Map<Column, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const col of columns) {
    // Columns are in schema order, so the YAML keys come out in the order the spec writes them.
    const cell = values.get(col);
    if (cell === undefined) continue;
    const v = cellValue(col, cell);
    if (v !== undefined) setPath(out, col.path, v);
  }
  return out;
}

interface Origin {
  readonly file: string;
  readonly row: number;
  readonly line: number;
}

export function planImport(input: ImportInput): ImportPlan {
  const problems: ImportProblem[] = [];
  const cols = importColumns();
  const sites = readTable(input.sitesName, input.sitesText, cols.site, undefined, problems);
  const equipment = input.equipmentText !== undefined
    ? readTable(input.equipmentName ?? 'equipment.csv', input.equipmentText, cols.equipment, EQUIPMENT_SITE_COLUMN, problems)
    : undefined;
  if (!sites) return { files: [], problems };

  // Equipment rows by site id, in file order.
  const equipmentBySite = new Map<string, { row: Table['rows'][number]; item: Record<string, unknown> }[]>();
  const siteIds = new Set(sites.rows.map((r) => (r.values.get(cols.site.find((c) => c.name === 'id')!) ?? '').trim()));
  for (const row of equipment?.rows ?? []) {
    const key = row.extra.get(EQUIPMENT_SITE_COLUMN) ?? '';
    const at = { file: input.equipmentName ?? 'equipment.csv', row: row.record.row, line: row.record.line };
    if (key === '') {
      problems.push({ ...at, column: EQUIPMENT_SITE_COLUMN, message: 'no site id: every equipment row names the site it belongs to' });
      continue;
    }
    if (!siteIds.has(key)) {
      const hint = didYouMean(key, [...siteIds]);
      problems.push({ ...at, column: EQUIPMENT_SITE_COLUMN, message: `no site "${key}" in ${input.sitesName}${hint ? ` (did you mean "${hint}"?)` : ''}` });
      continue;
    }
    let list = equipmentBySite.get(key);
    if (!list) equipmentBySite.set(key, (list = []));
    list.push({ row, item: objectFrom(cols.equipment, row.values) });
  }

  const files: PlannedFile[] = [];
  const idRows = new SiteIdMap<number>();
  const fileNames = new Map<string, string>();
  // Editors check the files through this line; its path is for the layout found above --out.
  const schema = schemaPathFor(join(input.outDir, 'site.yaml'));
  const schemaLine = schema ? `#${schemaComment(schema)}\n` : '';
  for (const row of sites.rows) {
    const at: Origin = { file: input.sitesName, row: row.record.row, line: row.record.line };
    const data = objectFrom(cols.site, row.values);
    const items = typeof data.id === 'string' ? (equipmentBySite.get(data.id) ?? []) : [];
    if (items.length) data.equipment = items.map((e) => e.item);
    const id = typeof data.id === 'string' ? data.id : '';
    const before = problems.length;
    if (id && idRows.has(id)) {
      problems.push({ ...at, column: 'id', message: `site id "${id}" is already used in row ${idRows.get(id)}; ids must be unique` });
      continue;
    } else if (id) idRows.set(id, at.row);

    // Validate with the very loader `check` uses, on the exact text that would be written.
    const target = join(input.outDir, `${id || `row-${at.row}`}.yaml`);
    const text = `${schemaLine}# Imported by sitecheck import from ${basename(input.sitesName)} row ${at.row}${items.length && input.equipmentName ? ` and ${basename(input.equipmentName)}` : ''}.\n${stringify(data, { lineWidth: 0 })}`;
    const loaded = loadSiteBytes(displayPath(target), Buffer.from(text, 'utf8'));
    for (const e of loaded.errors) {
      const ptr = parsePointer(e.path);
      // The loader names the field in its message; here the column says it.
      const prefix = `${ptr.join('.')}: `;
      const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
      if (ptr[0] === 'equipment' && typeof ptr[1] === 'number' && items[ptr[1]]) {
        const eqRow = items[ptr[1]]!.row.record;
        problems.push({ file: input.equipmentName ?? 'equipment.csv', row: eqRow.row, line: eqRow.line, ...(ptr.length > 2 ? { column: ptr.slice(2).join('.') } : {}), message });
      } else {
        problems.push({ ...at, ...(ptr.length ? { column: ptr.join('.') } : {}), message });
      }
    }
    if (problems.length > before) continue;
    // The file must load back as exactly the data imported (nothing lost or re-typed by YAML).
    if (loaded.sites.length !== 1 || !isDeepStrictEqual(loaded.sites[0]!.data, data)) {
      problems.push({ ...at, message: 'internal error: the YAML written for this row does not read back as the same site; nothing was written' });
      continue;
    }
    const lower = target.toLowerCase();
    if (fileNames.has(lower)) {
      problems.push({ ...at, column: 'id', message: `site id "${id}" differs only in letter case from "${fileNames.get(lower)}", and the two files would collide on some systems` });
      continue;
    }
    fileNames.set(lower, id);
    files.push({ id, path: target, text, exists: existsSync(target) });
  }

  // Never write through a symbolic link or over a folder (--force or not): refused before anything is written.
  const refused = new Set<string>();
  for (const f of files) {
    try {
      checkWriteTarget(f.path, { folderMayBeMissing: true });
    } catch (e) {
      if (!(e instanceof WriteRefusedError)) throw e;
      problems.push({ file: input.sitesName, row: idRows.get(f.id) ?? 0, line: 0, column: 'id', message: e.message });
      refused.add(f.path); // reported here, not again as "already exists"
    }
  }
  // Never overwrite without --force; and an id already used by another file in the folder would be a duplicate.
  if (!input.force) {
    for (const f of files.filter((x) => x.exists && !refused.has(x.path))) {
      const row = idRows.get(f.id) ?? 0;
      problems.push({ file: input.sitesName, row, line: 0, column: 'id', message: `${displayPath(f.path)} already exists; not overwritten (use --force to replace it)` });
    }
  }
  if (existsSync(input.outDir) && statSync(input.outDir).isDirectory()) {
    // The folder written into may be new or empty: that is not an error here.
    const existing = loadInventory([input.outDir], { ...DEFAULT_LIMITS, allowEmpty: true });
    const targets = new Set(files.map((f) => displayPath(f.path)));
    for (const s of existing.sites) {
      if (idRows.has(s.data.id) && !targets.has(s.file)) {
        problems.push({ file: input.sitesName, row: idRows.get(s.data.id)!, line: 0, column: 'id', message: `site id "${s.data.id}" is already used by ${s.file}:${s.position.line}; ids must be unique across the inventory` });
      }
    }
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.row - b.row));
  return { files, problems };
}

/** Write every planned file (the plan must have no problems). */
export function writeImport(plan: ImportPlan, outDir: string, force: boolean): void {
  if (plan.problems.length) throw new Error('refusing to write an import with problems');
  mkdirSync(outDir, { recursive: true });
  for (const f of plan.files) safeWriteFile(f.path, f.text, { overwrite: force });
}

export function problemLine(p: ImportProblem): string {
  const where = p.row > 0 ? `${p.file} row ${p.row}${p.line && p.line !== p.row ? ` (line ${p.line})` : ''}` : p.file;
  return `${where}${p.column !== undefined ? `, column ${p.column}` : ''}: ${p.message}`;
}
