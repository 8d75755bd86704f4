// Finding the site files under the paths named: the folder walk, its rules (what is read, what is
// passed over and said so, where links may lead) and the order files are read in. Imports nothing
// heavy, so that the scan worker of `explain SITE_ID` (src/scale/scan-worker.ts) can walk the
// folders while the main thread is still loading the program.
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { InputError, SkippedEntry } from '../model.js';
import { displayPath, shownFolder, shownName } from '../util/paths.js';

/** The folder read when no path is named. */
export const DEFAULT_SITES_DIR = 'sites/';

/**
 * What `explain TARGET [PATH...]` reads: the one file TARGET when it is a file and no path is
 * named, else the site with that id in PATH... (default DEFAULT_SITES_DIR). One rule for the
 * command and for its early start (src/scale/walking-scan.ts).
 */
export function explainWhere(target: string, paths: readonly string[]): { byFile: boolean; where: readonly string[] } {
  return { byFile: paths.length === 0 && isFile(target), where: paths.length > 0 ? paths : [DEFAULT_SITES_DIR] };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
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

export const YAML_EXT = new Set(['.yaml', '.yml']);

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
  // Each path named, stat'd once (through links). A path that does not exist ends the walk before
  // any folder is read: no time spent walking, and nothing read, for a run that stops there.
  const named = paths.map((p) => {
    try {
      return statSync(p);
    } catch {
      return undefined;
    }
  });
  const absent = paths.filter((_, i) => named[i] === undefined);
  if (absent.length > 0) throw new MissingPathError(absent);
  // The places named on the command line, resolved: a link is followed only to a place inside them.
  const roots: string[] = [];
  for (const p of paths) {
    try {
      roots.push(realpathSync.native(p));
    } catch {
      /* gone since it was stat'd: walked as nothing */
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
    const shownPrefix = shownFolder(prefix);
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
          target = realpathSync.native(full);
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
  for (const [i, p] of paths.entries()) {
    const st = named[i]!;
    if (st.isDirectory()) {
      let real: string | undefined;
      try {
        real = realpathSync.native(p);
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

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An error about a file or folder as a whole (line 1, column 1). */
export function fileError(path: string, code: string, message: string): InputError {
  return { file: displayPath(path), line: 1, column: 1, path: '', code, message };
}
