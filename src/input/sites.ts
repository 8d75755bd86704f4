// Finding and loading site files: directory walk, strict YAML, schema validation, the checks a
// schema cannot express, and duplicate ids across the whole inventory. Every problem becomes an
// InputError; one bad file never stops the others from being read.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { InputError, Position, SkippedEntry } from '../model.js';
import { displayPath, shownName } from '../util/paths.js';
import { classificationErrors, validateDocument } from './validate.js';
import { nameProblems } from '../engine/register.js';
import { validator } from './schemas.js';
import { capErrors, decodeText, lineBreakErrors, DEFAULT_LIMITS, LIMIT_FLAGS, MAX_ERRORS_PER_FILE, nodeAt, nodePosition, parseYaml, scalarPositions, type Limits } from './yaml-source.js';
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { SiteIdMap } from './ids.js';
import { fastEquipmentPositions, fastParseYaml, fastPositions } from './fast-load.js';

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

export class MissingPathError extends Error {
  constructor(readonly paths: readonly string[], message?: string) {
    super(message ?? `no such file or folder: ${paths.join(', ')}`);
  }
}

/**
 * A folder named on the command line that holds no site files (exit 2, as ESLint does for a
 * pattern that matches nothing): a mistyped path must not pass a CI run green. `--allow-empty`
 * accepts it. A MissingPathError, so every command that handles one handles this.
 */
export class EmptyPathError extends MissingPathError {
  constructor(paths: readonly string[]) {
    super(paths, `no site files under ${paths.map(displayPath).join(', ')} (no *.yaml or *.yml files outside hidden folders; pass --allow-empty to accept an empty inventory)`);
  }
}

/** How the walk treats what it finds (set from the command line; carried with the limits). */
export interface WalkOptions {
  /** Follow symbolic links that lead outside the paths named (--follow-symlinks). */
  readonly followSymlinks?: boolean;
  /** A named folder with no site files is not an error (--allow-empty). */
  readonly allowEmpty?: boolean;
}

/** Something the walk passed over and says so: a hidden site file or folder, a broken link. */
export type SkippedPath = SkippedEntry;

const YAML_EXT = new Set(['.yaml', '.yml']);

/** A folder or file a walk passes over: hidden ones and node_modules. */
function skipped(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/**
 * Folders passed over without a word: version-control and package folders never hold site files,
 * and naming them on every run would bury the skips that matter.
 */
const NEVER_REPORTED = new Set(['.git', '.hg', '.svn', 'node_modules']);

/**
 * Would a walk of a folder pick up the file at `below` (a path relative to that folder, with
 * forward slashes)? The one rule for the disk walk here and for reading a git revision.
 */
export function isSiteFileBelow(below: string): boolean {
  const segs = below.split('/');
  return !segs.some(skipped) && YAML_EXT.has(extname(below).toLowerCase());
}

/** The error for a file over --max-file-size, refused unread. */
export function fileTooLarge(path: string, size: number, limit: number): InputError {
  return fileError(path, 'file-too-large', `file is ${size} bytes, over the limit of ${limit} bytes (raise it with ${LIMIT_FLAGS.maxFileSize})`);
}

/** The error for a link that leads outside the paths named (the walk on disk and in git history). */
export function symlinkOutside(toFolder: boolean): string {
  return `a symbolic link to a ${toFolder ? 'folder' : 'file'} outside the paths named on the command line; not followed (name its target on the command line, or pass --follow-symlinks)`;
}

/** Is `real` (a resolved path) the same as or inside one of `roots` (resolved paths)? */
function within(real: string, roots: readonly string[]): boolean {
  return roots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));
}

/**
 * The site files under the given paths, sorted. Folders are walked recursively for *.yaml/*.yml.
 * Nothing outside the paths named is read: a symbolic link (to a file or a folder) that resolves
 * outside them is an error naming the link, and is never followed or opened, unless
 * `followSymlinks`; a link that stays inside them is followed (symlink loops are walked once).
 * Nothing is passed over silently either: a name that is not UTF-8 is an error showing it escaped;
 * hidden site files and folders, broken links and site-named non-files are listed in `skipped`;
 * a named folder with no site files throws EmptyPathError unless `allowEmpty`. A path named
 * explicitly is read whatever its extension. Throws MissingPathError for paths that do not exist.
 * `onFile` is told of each file as the walk finds it, in the walk's order (before the sort);
 * `found[i]` is the index in that order of `files[i]`.
 */
export function discoverFiles(
  paths: readonly string[], opts: WalkOptions = {}, onFile?: (path: string) => void,
): { files: string[]; found: number[]; errors: InputError[]; skipped: SkippedPath[] } {
  // Each file found, and the path it is shown and sorted by. One walk never meets a path twice
  // (each folder is walked once, by its resolved path); only with more paths named can the same
  // file be found again (`sites sites/a.yaml`), and only then are the paths kept in a set.
  const files: string[] = [];
  const shownAs: string[] = [];
  const seen = paths.length > 1 ? new Set<string>() : undefined;
  const errors: InputError[] = [];
  const skips: SkippedPath[] = [];
  const missing: string[] = [];
  const empty: string[] = [];
  const seenDirs = new Set<string>();
  const addFile = (f: string, shown = displayPath(f)): void => {
    if (seen) {
      if (seen.has(f)) return;
      seen.add(f);
    }
    files.push(f);
    shownAs.push(shown);
    onFile?.(f);
  };
  // The places named on the command line, resolved: a link is followed only to a place inside them.
  const roots: string[] = [];
  for (const p of paths) {
    try {
      roots.push(realpathSync.native(p));
    } catch {
      /* missing: reported below */
    }
  }
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync.native(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return; // a symlink loop, or the same folder named twice
    seenDirs.add(real);
    let entries: Listing;
    try {
      entries = listFolder(dir);
    } catch (e) {
      errors.push(fileError(dir, 'unreadable', `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
      return;
    }
    for (const bad of entries.notUtf8) {
      errors.push(fileError(join(dir, escapedName(bad)), 'name-not-utf8',
        'this name is not UTF-8 text (shown with its bytes escaped as \\xNN), so it was not read; rename it'));
    }
    // A listed name is never '.' or '..' and has no slash, so join(dir, name) is this prefix and
    // the name, and its shown path is the folder's shown path and the name (escaped as
    // displayPath escapes it): join's and displayPath's work once per folder, not once per file
    // (a large share of a big walk).
    const prefix = join(dir, 'x').slice(0, -1);
    const shownPrefix = displayPath(prefix + 'x').slice(0, -1);
    for (const entry of entries.names) {
      const name = entry.name;
      const full = prefix + name;
      if (entry.isFile() && !skipped(name)) {
        if (YAML_EXT.has(extname(name).toLowerCase())) addFile(full, shownPrefix + shownName(name));
        continue;
      }
      if (entry.isDirectory() && !skipped(name)) {
        walk(full);
        continue;
      }
      if (skipped(name)) {
        if (NEVER_REPORTED.has(name)) continue;
        let st;
        try {
          st = statSync(full);
        } catch {
          // A hidden link to nothing: reported as hidden when it is named like a site file.
          if (YAML_EXT.has(extname(name).toLowerCase())) skips.push({ file: displayPath(full), reason: 'hidden' });
          continue;
        }
        if (st.isDirectory() || YAML_EXT.has(extname(name).toLowerCase())) {
          skips.push({ file: displayPath(full) + (st.isDirectory() ? '/' : ''), reason: 'hidden' });
        }
        continue;
      }
      let st;
      try {
        st = lstatSync(full);
      } catch {
        continue; // gone since the folder was listed
      }
      if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
          st = statSync(full);
        } catch {
          // A link to nothing (or to itself): nothing to read, but not passed over in silence.
          if (isSiteFileBelow(name)) skips.push({ file: displayPath(full), reason: 'broken-link' });
          continue;
        }
        const wanted = st.isDirectory() || (st.isFile() && isSiteFileBelow(name));
        if (!wanted) continue;
        if (!opts.followSymlinks && !within(target, roots)) {
          errors.push(fileError(full, 'symlink-outside', symlinkOutside(st.isDirectory())));
          continue;
        }
      }
      if (st.isDirectory()) walk(full);
      else if (isSiteFileBelow(name)) {
        if (st.isFile()) addFile(full);
        else skips.push({ file: displayPath(full), reason: 'not-a-file' });
      }
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) {
      let real: string | undefined;
      try {
        real = realpathSync(p);
      } catch {
        /* reported by the walk */
      }
      const before = files.length;
      const again = real !== undefined && seenDirs.has(real);
      walk(p);
      if (!again && files.length === before && !opts.allowEmpty && !errors.some((e) => e.code === 'unreadable' && e.file === displayPath(p))) empty.push(p);
    } else if (st.isFile()) addFile(p);
    else errors.push(fileError(p, 'not-a-file', 'not a regular file (a pipe, socket or device); skipped'));
  }
  if (missing.length > 0) throw new MissingPathError(missing);
  if (empty.length > 0) throw new EmptyPathError(empty);
  // Sorted as shown.
  const order = files.map((_, i) => i).sort((a, b) => compare(shownAs[a]!, shownAs[b]!));
  return { files: order.map((i) => files[i]!), found: order, errors, skipped: skips.sort((a, b) => compare(a.file, b.file)) };
}

/** A folder's entries, sorted by name, with the type the listing gives; and the names that are not UTF-8. */
interface Listing {
  readonly names: readonly Entry[];
  readonly notUtf8: Buffer[];
}

/** A folder entry (a Dirent, or one made from a Dirent listed as bytes). */
interface Entry {
  readonly name: string;
  isFile(): boolean;
  isDirectory(): boolean;
}

/**
 * List a folder with the type each entry's listing gives: a regular file or folder needs no lstat
 * of its own, only a link or an entry of unknown type does (some file systems give no type in the
 * listing). Names are read as UTF-8 text; a name that is not UTF-8 comes back with U+FFFD in it,
 * and then the folder is listed again as bytes, so that such a name is an error (not a skip)
 * and a name that really holds U+FFFD is read as it is. Throws when the folder cannot be read.
 */
function listFolder(dir: string): Listing {
  const listed: Entry[] = readdirSync(dir, { withFileTypes: true });
  const notUtf8: Buffer[] = [];
  let names = listed;
  if (listed.some((d) => d.name.includes('\uFFFD'))) {
    names = [];
    for (const d of readdirSync(dir, { encoding: 'buffer', withFileTypes: true })) {
      const name = utf8Name(d.name);
      if (name === undefined) notUtf8.push(d.name);
      else names.push({ name, isFile: () => d.isFile(), isDirectory: () => d.isDirectory() });
    }
  }
  return { names: names.sort((a, b) => compare(a.name, b.name)), notUtf8 };
}

/** A file name's bytes as text, or undefined when they are not UTF-8. */
const NAME_DECODER = new TextDecoder('utf-8', { fatal: true });

function utf8Name(bytes: Buffer): string | undefined {
  try {
    return NAME_DECODER.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A name that is not UTF-8, shown with each byte outside printable ASCII as \xNN. */
export function escapedName(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fileError(path: string, code: string, message: string): InputError {
  return { file: displayPath(path), line: 1, column: 1, path: '', code, message };
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
  for (const [i, name] of names.entries()) {
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
