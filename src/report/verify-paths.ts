// What `verify` may read. A report is hostile: the paths in its provenance (the input paths, the
// rules folder, the --params file, every input and site file) and the files named by a plain JSON
// report are checked here, all of them, before anything is read. Only relative paths that stay
// under the folder verify is run from (the working directory) pass: no absolute path, no `..`, no
// control character, and no symbolic link, anywhere on the way or inside a folder that will be
// walked, that resolves outside that folder.
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { extname, join, posix, relative, sep, win32 } from 'node:path';
import { shown, snippet } from './provenance.js';

/** The report names something verify will not read. The CLI exits 2. */
export class UnsafeReportError extends Error {}

/** Past this many entries under the report's folders, verify refuses rather than walk on. */
export const MAX_CHECKED_ENTRIES = 1_000_000;

const WALKED_EXT = new Set(['.yaml', '.yml']);

function refuse(what: string, p: string, why: string): never {
  throw new UnsafeReportError(
    `the report's ${what} ${snippet(p, 60)} ${why}; verify reads only files under the folder it is run from (run it there, from the folder the report was made in)`,
  );
}

function inside(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !posix.isAbsolute(rel) && !win32.isAbsolute(rel));
}

/** The form of a path, before the disk is touched. Throws UnsafeReportError. */
export function checkPathForm(p: string, what: string): void {
  if (p.length === 0) refuse(what, p, 'is empty');
  if (p.length > 4096) refuse(what, p, 'is longer than 4096 characters');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(p)) refuse(what, p, 'holds a control character');
  if (posix.isAbsolute(p) || win32.isAbsolute(p) || /^[A-Za-z]:/.test(p)) refuse(what, p, 'is an absolute path');
  const parts = p.split(/[\\/]+/);
  if (parts.includes('..')) refuse(what, p, 'climbs out with ".."');
  // Secrets live in hidden files and folders (.env, .npmrc, .aws/): a report never names one.
  if (parts.some((x) => x.startsWith('.') && x !== '.')) refuse(what, p, 'names a hidden file or folder (such as .env)');
}

/** Where a link leads, or undefined when it leads nowhere (dangling, a loop). */
function realOf(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Check a path verify will read: its form, then each step from the working directory, so no
 * symbolic link on the way leads outside it. A step that does not exist ends the check (the path
 * is then reported missing, never read). A file (not a folder) must be named *.yaml or *.yml.
 * Returns whether the path exists.
 */
export function checkReadPath(p: string, what: string, base = process.cwd()): boolean {
  if (!walkPath(p, what, base)) return false;
  let isFile = false;
  try {
    isFile = !statSync(join(base, p)).isDirectory();
  } catch {
    return false;
  }
  if (isFile && !WALKED_EXT.has(extname(p).toLowerCase())) refuse(what, p, 'is not a .yaml or .yml file');
  return true;
}

function walkPath(p: string, what: string, base: string): boolean {
  checkPathForm(p, what);
  const root = realOf(base) ?? base;
  let at = base;
  for (const part of p.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    at = join(at, part);
    let st;
    try {
      st = lstatSync(at);
    } catch {
      return false;
    }
    if (st.isSymbolicLink()) {
      const real = realOf(at);
      if (real === undefined) refuse(what, p, `goes through a symbolic link (${snippet(relative(base, at), 60)}) that leads nowhere`);
      if (!inside(root, real)) refuse(what, p, `goes through a symbolic link (${snippet(relative(base, at), 60)}) that leads outside the folder`);
    }
  }
  return true;
}

/**
 * Check the folders verify will walk (the inventory paths, the rules folder): no folder or
 * *.yaml / *.yml file in them is a symbolic link leading outside the working directory. Hidden
 * entries and node_modules, which no walk reads, are passed over. Throws UnsafeReportError.
 */
export function checkTree(p: string, what: string, base = process.cwd()): void {
  const root = realOf(base) ?? base;
  let entries = 0;
  const stack = [join(base, p)];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const real = realOf(dir);
    if (real === undefined || seen.has(real)) continue;
    seen.add(real);
    let list: Dirent[];
    try {
      list = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // not a folder, or unreadable: the walk reports it
    }
    for (const d of list) {
      if (++entries > MAX_CHECKED_ENTRIES) refuse(what, p, `holds more than ${MAX_CHECKED_ENTRIES} entries`);
      if (d.name.startsWith('.') || d.name === 'node_modules') continue;
      const full = join(dir, d.name);
      if (d.isDirectory()) stack.push(full);
      else if (d.isSymbolicLink()) {
        const target = realOf(full);
        if (target === undefined) continue; // dangling: the walk reads nothing there
        let isDir = false;
        try {
          isDir = lstatSync(target).isDirectory();
        } catch {
          continue;
        }
        if (!isDir && !WALKED_EXT.has(extname(d.name).toLowerCase())) continue; // not a site file: never read
        if (!inside(root, target)) {
          refuse(what, p, `holds a symbolic link, ${shown(relative(base, full).split(sep).join('/'))}, that leads outside the folder`);
        }
        if (isDir) stack.push(full);
      }
    }
  }
}
