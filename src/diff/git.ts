// Reading an inventory as it was at a git revision, through git itself: `git rev-parse` to resolve
// the ref, `git ls-tree` to list the files, `git cat-file --batch` to read them. Nothing is checked
// out and the working tree is never touched, so it works in a shallow CI clone as long as the
// commit is present. git is always run without a shell, with the ref passed as one argument.
import { execFileSync } from 'node:child_process';
import type { InputError } from '../model.js';
import { assembleInventory, fileTooLarge, filesWithinLimits, isSiteFileBelow, loadSiteBytes, type Inventory, type LoadedFile } from '../input/sites.js';
import type { Limits } from '../input/yaml-source.js';
import { displayPath } from '../util/paths.js';

export class GitError extends Error {}

const MAX_BUFFER = 1024 * 1024 * 1024;

function git(args: readonly string[], cwd: string, input?: string): Buffer {
  try {
    return execFileSync('git', args, { cwd, maxBuffer: MAX_BUFFER, stdio: ['pipe', 'pipe', 'pipe'], ...(input !== undefined ? { input } : {}) });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer; status?: number };
    if (err.code === 'ENOENT') throw new GitError('git is not installed (or not on PATH); sitecheck diff needs it');
    const msg = err.stderr?.toString('utf8').trim().split('\n')[0] ?? err.message;
    throw new GitError(msg || `git ${args[0]} failed`);
  }
}

/** The commit a ref names, or a GitError saying how to make it available. */
export function resolveCommit(ref: string, cwd: string): string {
  if (ref === '' || ref.startsWith('-')) throw new GitError(`"${ref}" is not a git revision`);
  try {
    git(['rev-parse', '--is-inside-work-tree'], cwd);
  } catch {
    throw new GitError('not inside a git repository: sitecheck diff compares the working tree with a git revision');
  }
  try {
    return git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd).toString('utf8').trim();
  } catch {
    throw new GitError(`git revision "${ref}" was not found; in a shallow clone fetch it first (for example: git fetch --depth=1 origin main)`);
  }
}

interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly sha: string;
  readonly size: number;
  readonly path: string;
}

/** The site files under `paths` (relative to cwd) at `commit`, as discoverFiles would find them. */
function listFilesAt(commit: string, paths: readonly string[], cwd: string): TreeEntry[] {
  // ls-tree takes pathspecs relative to cwd and prints paths relative to cwd.
  const out = git(['ls-tree', '-r', '-l', '-z', commit, '--', ...paths], cwd).toString('utf8');
  const given = paths.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, '')).map((p) => (p === '.' ? '' : p));
  const entries: TreeEntry[] = [];
  for (const rec of out.split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode, type, sha, size] = rec.slice(0, tab).split(/\s+/);
    const path = rec.slice(tab + 1);
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755')) continue; // symlinks, submodules
    // A file named on the command line is read whatever its name; below a named folder, the same
    // rule as the walk on disk applies, to the part of the path below that folder only.
    const named = given.includes(path);
    const found = given.some((g) => (g === '' ? isSiteFileBelow(path) : path.startsWith(g + '/') && isSiteFileBelow(path.slice(g.length + 1))));
    if (!named && !found) continue;
    entries.push({ mode: mode!, type, sha: sha!, size: Number(size), path });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Read blobs by id in one `git cat-file --batch` run. */
function readBlobs(shas: readonly string[], cwd: string): Map<string, Buffer> {
  const result = new Map<string, Buffer>();
  const unique = [...new Set(shas)];
  if (unique.length === 0) return result;
  const out = git(['cat-file', '--batch'], cwd, unique.join('\n') + '\n');
  let off = 0;
  while (off < out.length) {
    const nl = out.indexOf(0x0a, off);
    if (nl < 0) break;
    const header = out.subarray(off, nl).toString('utf8').split(' ');
    off = nl + 1;
    if (header[1] === 'missing') continue;
    const size = Number(header[2]);
    result.set(header[0]!, out.subarray(off, off + size));
    off += size + 1; // the content is followed by a newline
  }
  return result;
}

/** The inventory under `paths` as it was at `commit`, loaded and validated exactly as from disk. */
export function loadInventoryAt(commit: string, paths: readonly string[], limits: Limits, cwd: string = process.cwd()): Inventory {
  const all = listFilesAt(commit, paths, cwd);
  // The same inventory limits as on disk, with the sizes ls-tree gives.
  const sizes = new Map(all.map((e) => [e.path, e.size]));
  const { read, errors: cutErrors } = filesWithinLimits(all.map((e) => e.path), limits, (p) => sizes.get(p) ?? 0);
  const kept = new Set(read);
  const entries = all.filter((e) => kept.has(e.path));
  const small = entries.filter((e) => e.size <= limits.maxFileSize);
  const blobs = readBlobs(small.map((e) => e.sha), cwd);
  const files: LoadedFile[] = entries.map((e) => {
    // Shown exactly as the walk on disk shows a name (escaped), so an unchanged file compares equal.
    const file = displayPath(e.path);
    if (e.size > limits.maxFileSize) return { file, sites: [], errors: [fileTooLarge(e.path, e.size, limits.maxFileSize)] };
    const bytes = blobs.get(e.sha);
    if (!bytes) {
      const error: InputError = { file, line: 1, column: 1, path: '', code: 'unreadable', message: `git could not read this file at ${commit}` };
      return { file, sites: [], errors: [error] };
    }
    return loadSiteBytes(file, bytes, limits);
  });
  return assembleInventory(files, cutErrors);
}
