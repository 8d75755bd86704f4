// Loading site files (found by the walk in walk.ts): strict YAML, schema validation, the checks a
// schema cannot express, and duplicate ids across the whole inventory. Every problem becomes an
// InputError; one bad file never stops the others from being read.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { InputError, Position } from '../model.js';
import { displayPath } from '../util/paths.js';
import { classificationErrors, validateDocument } from './validate.js';
import { nameProblems } from '../engine/register.js';
import { validator } from './schemas.js';
import { capErrors, decodeText, lineBreakErrors, DEFAULT_LIMITS, LIMIT_FLAGS, MAX_ERRORS_PER_FILE, nodeAt, nodePosition, parseYaml, scalarPositions, type Limits } from './yaml-source.js';
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { SiteIdMap } from './ids.js';
import { fastEquipmentPositions, fastParseYaml, fastPositions } from './fast-load.js';
import { compare, discoverFiles, fileError, type SkippedPath } from './walk.js';

export {
  discoverFiles, DEFAULT_SITES_DIR, EmptyPathError, escapedName, explainWhere, isSiteFileBelow, MissingPathError, symlinkOutside, type SkippedPath, type WalkOptions,
} from './walk.js';

export type Tri = boolean | 'unknown';
export type Count = number | 'unknown';

export interface EquipmentData {
  readonly id: string;
  readonly kind: 'cctv-camera' | 'nvr' | 'access-control' | 'other';
  readonly manufacturer: string;
  readonly model?: string;
  readonly status: 'installed' | 'planned' | 'removed';
  readonly removal_due?: string;
  /** (v2) */
  readonly network?: 'core' | 'segregated' | 'standalone' | 'unknown';
  readonly captures_video?: Tri;
  readonly oem_of?: string;
}

/** A site as written in its file, after validation. */
export interface SiteData {
  readonly id: string;
  readonly name: string;
  readonly organisation?: string;
  readonly address?: string;
  readonly government_location?: Tri;
  /** (v2) */
  readonly estate?: string;
  readonly scope_judgement?: Tri;
  readonly classified_material?: { readonly highest?: string; readonly frequency?: string; readonly routinely_held?: string };
  readonly vetting?: { readonly staff_total?: Count; readonly developed_vetting?: Count; readonly significant?: Tri };
  readonly ministerial_use?: string;
  readonly socpa?: { readonly designated?: Tri; readonly basis?: string; readonly order?: string };
  /** (v2) */
  readonly extend_measures?: boolean;
  readonly determination?: { readonly verdict: 'sensitive' | 'not-sensitive'; readonly by?: string; readonly on?: string; readonly reference?: string };
  readonly equipment?: readonly EquipmentData[];
  readonly assessment?: { readonly by?: string; readonly on?: string; readonly notes?: string };
}

export interface SiteRecord {
  readonly data: SiteData;
  readonly file: string;
  readonly document: number;
  readonly position: Position;
  /** Where each value is written, by dotted path (`vetting.staff_total`, `equipment.0.manufacturer`). */
  readonly positions: ReadonlyMap<string, Position>;
  /** Where each equipment entry starts. */
  readonly equipmentPositions: readonly Position[];
}

export interface LoadedFile {
  readonly file: string;
  readonly sha256?: string;
  readonly sites: SiteRecord[];
  readonly errors: InputError[];
}

export interface Inventory {
  readonly files: readonly LoadedFile[];
  readonly sites: readonly SiteRecord[];
  readonly errors: readonly InputError[];
  /** What the walk passed over and says so (hidden site files and folders, broken links). */
  readonly skipped?: readonly SkippedPath[];
}

/** The error for a file over --max-file-size, refused unread. */
export function fileTooLarge(path: string, size: number, limit: number): InputError {
  return fileError(path, 'file-too-large', `file is ${size} bytes, over the limit of ${limit} bytes (raise it with ${LIMIT_FLAGS.maxFileSize})`);
}

/** Read a regular file without ever blocking on a FIFO and without reading past the size limit. */
export function readLimited(path: string, limit: number): Uint8Array | InputError {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return fileError(path, 'unreadable', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      return fileError(path, 'not-a-file', st.isDirectory() ? 'a folder, not a file' : 'not a regular file (a pipe, socket or device); not read');
    }
    if (st.size > limit) {
      return fileTooLarge(path, st.size, limit);
    }
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } catch (e) {
    return fileError(path, 'unreadable', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/** Checks the schema cannot express. */
function semanticErrors(data: SiteData, file: string, at: (path: (string | number)[]) => Position): InputError[] {
  const out: InputError[] = [];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return out;
  const v = data.vetting;
  if (v && typeof v.staff_total === 'number' && typeof v.developed_vetting === 'number' && v.developed_vetting > v.staff_total) {
    const pos = at(['vetting', 'developed_vetting']);
    out.push({
      file, ...pos, path: '/vetting/developed_vetting', code: 'dv-exceeds-staff', site: data.id,
      message: `vetting.developed_vetting (${v.developed_vetting}) is more than vetting.staff_total (${v.staff_total}): DV holders are counted among the officials based there`,
    });
  }
  for (const e of classificationErrors(data, file, at)) out.push(e);
  const seen = new Map<string, number>();
  (Array.isArray(data.equipment) ? data.equipment : []).forEach((e, i) => {
    if (e === null || typeof e !== 'object' || typeof e.id !== 'string') return;
    const first = seen.get(e.id);
    if (first !== undefined) {
      const pos = at(['equipment', i, 'id']);
      out.push({ file, ...pos, path: `/equipment/${i}/id`, code: 'duplicate-equipment-id', site: data.id, message: `equipment id "${e.id}" is used twice in this site (first at equipment ${first + 1})` });
    } else seen.set(e.id, i);
    // Invisible, bidi or mixed-script characters in a maker's name hide it from the register.
    for (const field of ['manufacturer', 'oem_of'] as const) {
      const value = (e as Record<string, unknown>)[field];
      if (typeof value !== 'string') continue;
      for (const p of nameProblems(value)) {
        out.push({ file, ...at(['equipment', i, field]), path: `/equipment/${i}/${field}`, code: 'disguised-name', site: data.id, message: `equipment.${i}.${field} ${p.message}` });
      }
    }
  });
  return out;
}

/**
 * The site fields that are free text and may run over several lines (a block scalar, `notes: |`).
 * Every other string is one line: a line break there is refused on input, because every output
 * prints it as one line (a name with a newline could print a forged "Verdict:" line of its own).
 * Outputs escape or indent line breaks in these fields (SECURITY.md, "One line per line").
 */
export const MULTI_LINE_FIELDS: ReadonlySet<string> = new Set(['assessment.notes']);

function multiLineField(path: readonly (string | number)[]): boolean {
  return MULTI_LINE_FIELDS.has(path.join('.'));
}

/** Load one site file: every document validated; errors and good sites both returned. */
export function loadSiteFile(path: string, limits: Limits = DEFAULT_LIMITS): LoadedFile {
  const file = displayPath(path);
  const bytes = readLimited(path, limits.maxFileSize);
  if (!(bytes instanceof Uint8Array)) return { file, sites: [], errors: [bytes] };
  return loadSiteBytes(file, bytes, limits);
}

/**
 * Load site descriptions from bytes already in memory (a file read elsewhere, a git blob, an
 * editor buffer). `file` is the name used in positions and errors.
 */
export function loadSiteBytes(file: string, input: Uint8Array | string, limits: Limits = DEFAULT_LIMITS): LoadedFile {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const decoded = decodeText(file, bytes, limits);
  if (decoded.error) return { file, sha256, sites: [], errors: [decoded.error] };
  // The fast path (fast-load.ts) reads plain site YAML; anything else is left to parseYaml.
  const parsed = fastParseYaml(file, decoded.text!, limits) ?? parseYaml(file, decoded.text!, limits);
  const errors = [...parsed.errors];
  const sites: SiteRecord[] = [];
  const validate = validator('site');
  for (const src of parsed.documents) {
    const at = (p: (string | number)[]): Position => nodePosition(nodeAt(src.doc, p), src.lineCounter);
    const problems = validateDocument(validate, src);
    const id = (src.value as { id?: unknown } | null)?.id;
    // The cross-field checks guard their own types, so they run even when the schema found problems.
    for (const p of semanticErrors(src.value as SiteData, file, at)) problems.push(p);
    // A document the fast path read holds its values already: walk them, and build its Document
    // (lineBreakErrors' positions) only when one of them has a line break.
    if (fastPositions(src) === undefined || hasLineBreak(src.value)) for (const p of lineBreakErrors(src, multiLineField)) problems.push(p);
    if (problems.length > 0) {
      for (const e of problems) {
        if (errors.length > MAX_ERRORS_PER_FILE) break;
        errors.push(typeof id === 'string' && !e.site ? { ...e, site: id } : e);
      }
      continue;
    }
    const data = src.value as SiteData;
    sites.push({
      data,
      file,
      document: src.index,
      position: src.position,
      positions: fastPositions(src) ?? scalarPositions(src.doc, src.lineCounter),
      equipmentPositions: fastEquipmentPositions(src, data.equipment) ?? (data.equipment ?? []).map((_, i) => at(['equipment', i])),
    });
  }
  if (parsed.documents.length === 0 && errors.length === 0) {
    errors.push({ file, line: 1, column: 1, path: '', code: 'empty-file', message: 'the file holds no site description' });
  }
  return { file, sha256, sites, errors: capErrors(file, errors) };
}

/**
 * Make a SiteRecord from a plain object (a site being written in the TUI's wizard, say), with the
 * same schema and cross-field checks as a site file. `file` is the name used in positions and
 * errors. Either a record or the errors that stop it.
 */
export function siteRecordFromData(data: unknown, file: string): { record?: SiteRecord; errors: InputError[] } {
  const loaded = loadSiteBytes(file, stringify(data));
  const record = loaded.sites[0];
  return loaded.errors.length === 0 && record && loaded.sites.length === 1 ? { record, errors: [] } : { errors: loaded.errors };
}

/** Report ids used more than once across the inventory; the later uses are the errors. */
export function duplicateIdErrors(sites: readonly SiteRecord[]): { errors: InputError[]; duplicates: Set<SiteRecord> } {
  const first = new SiteIdMap<SiteRecord>();
  const errors: InputError[] = [];
  const duplicates = new Set<SiteRecord>();
  for (const s of sites) {
    const prev = first.get(s.data.id);
    if (!prev) {
      first.set(s.data.id, s);
      continue;
    }
    duplicates.add(s);
    errors.push(duplicateIdError(s.data.id, s.file, s.positions.get('id') ?? s.position, prev.file, prev.position.line));
  }
  return { errors, duplicates };
}

/** The error for a site id already used earlier in the inventory (at firstFile:firstLine). */
export function duplicateIdError(id: string, file: string, at: Position, firstFile: string, firstLine: number): InputError {
  return {
    file, line: at.line, column: at.column, path: '/id', code: 'duplicate-id', site: id,
    message: `site id "${id}" is already used at ${firstFile}:${firstLine}; ids must be unique across the inventory`,
  };
}

/** Load every site file under the paths. */
export function loadInventory(paths: readonly string[], limits: Limits = DEFAULT_LIMITS): Inventory {
  const { files: names, errors: walkErrors, skipped } = discoverFiles(paths, limits);
  const { read, errors: cutErrors } = filesWithinLimits(names, limits);
  return assembleInventory(read.map((name) => loadSiteFile(name, limits)), [...walkErrors, ...cutErrors], skipped);
}

/**
 * The files of an inventory that are read. The whole inventory is bounded too: past the
 * file-count or total-size limit, reading stops (files are read in sorted order, so the cut is the
 * same on every run) and one error says where.
 */
export function filesWithinLimits(
  names: readonly string[],
  limits: Limits,
  sizeOf: (name: string, index: number) => number = (name) => {
    try {
      return statSync(name).size;
    } catch {
      return 0; // reported when the file is read
    }
  },
): { read: string[]; errors: InputError[] } {
  const read: string[] = [];
  const errors: InputError[] = [];
  let total = 0;
  const notRead = (i: number): string => {
    const rest = names.length - i - 1;
    return `this file${rest > 0 ? ` and the ${rest} after it` : ''} ${rest > 0 ? 'were' : 'was'} not read`;
  };
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (i >= limits.maxFiles) {
      errors.push(fileError(name, 'too-many-files',
        `the inventory holds ${names.length} site files, over the limit of ${limits.maxFiles}; ${notRead(i)} (raise the limit with ${LIMIT_FLAGS.maxFiles})`));
      break;
    }
    const size = sizeOf(name, i);
    const counted = size > limits.maxFileSize ? 0 : size; // an oversized file is refused unread
    if (total + counted > limits.maxTotalSize) {
      errors.push(fileError(name, 'inventory-too-large',
        `the site files add up to more than the limit of ${limits.maxTotalSize} bytes; ${notRead(i)} (raise the limit with ${LIMIT_FLAGS.maxTotalSize})`));
      break;
    }
    total += counted;
    read.push(name);
  }
  return { read, errors };
}

/** An inventory from files already loaded: duplicate ids across files are checked here. */
export function assembleInventory(files: readonly LoadedFile[], walkErrors: readonly InputError[] = [], skipped: readonly SkippedPath[] = []): Inventory {
  const all = files.flatMap((f) => f.sites);
  const dup = duplicateIdErrors(all);
  const sites = all.filter((s) => !dup.duplicates.has(s));
  const errors = [...walkErrors, ...files.flatMap((f) => f.errors), ...dup.errors];
  return { files, sites, errors: sortErrors(errors), ...(skipped.length > 0 ? { skipped } : {}) };
}

export function sortErrors(errors: readonly InputError[]): InputError[] {
  return [...errors].sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column);
}

/** Does any text value in this plain data hold a line break (\n or \r)? */
function hasLineBreak(value: unknown): boolean {
  if (typeof value === 'string') return /[\n\r]/.test(value);
  if (Array.isArray(value)) return value.some(hasLineBreak);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasLineBreak);
  return false;
}
