// Reading an inventory as it was at a git revision, through git itself: `git rev-parse` to resolve
// the ref, `git ls-tree` to list the files, `git cat-file --batch` to read them. Nothing is checked
// out and the working tree is never touched, so it works in a shallow CI clone as long as the
// commit is present. git is always run without a shell, with the ref passed as one argument.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import type { InputError } from '../model.js';
import { isAbsolute, posix, relative, sep } from 'node:path';
import { assembleInventory, fileTooLarge, filesWithinLimits, loadSiteBytes, symlinkOutside, type Inventory, type LoadedFile } from '../input/sites.js';

const YAML_EXT = new Set(['.yaml', '.yml']);
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
  /** Relative to the repository's top. */
  readonly path: string;
}

/** A site file of the inventory at a revision: where the walk found it (relative to cwd), and the blob it reads. */
interface SiteBlob {
  readonly path: string;
  readonly sha: string;
  readonly size: number;
}

const LINK_MODE = '120000';
/** Links followed in a row before a path counts as a loop (Linux's limit). */
const MAX_LINKS = 40;

/**
 * The site files under `paths` (relative to cwd) at `commit`, found exactly as discoverFiles finds
 * them on disk, over the tree git lists: hidden and node_modules entries passed over, a named
 * file read whatever its name, and a symbolic link handled as on disk — one that resolves inside
 * the paths named is followed (its target's content read under the link's name; a folder walked
 * once), one that leads outside them (or out of the repository) is an error naming the link, a
 * broken one is passed over. In history a link is never followed outside the paths named, even
 * with --follow-symlinks: there is no file system there to follow it into.
 */
function listFilesAt(commit: string, paths: readonly string[], cwd: string): { files: SiteBlob[]; errors: InputError[] } {
  const prefix = git(['rev-parse', '--show-prefix'], cwd).toString('utf8').trim();
  const out = git(['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', commit], cwd);
  const tree = new Map<string, TreeEntry>();
  const children = new Map<string, string[]>();
  for (const rec of out.toString('utf8').split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode, type, sha, size] = rec.slice(0, tab).split(/\s+/);
    const path = rec.slice(tab + 1);
    tree.set(path, { mode: mode!, type: type!, sha: sha!, size: Number(size) || 0, path });
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    const list = children.get(parent);
    if (list) list.push(path);
    else children.set(parent, [path]);
  }
  const links = [...tree.values()].filter((e) => e.mode === LINK_MODE);
  const targets = readBlobs(links.map((e) => e.sha), cwd);
  const linkTarget = (e: TreeEntry): string | undefined => targets.get(e.sha)?.toString('utf8');

  // Repository paths ('' is the top); undefined: outside the repository.
  const join = (dir: string, rel: string): string | undefined => {
    const segs = dir === '' ? [] : dir.split('/');
    for (const seg of rel.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (segs.length === 0) return undefined;
        segs.pop();
      } else segs.push(seg);
    }
    return segs.join('/');
  };
  /**
   * A link that leads out of the repository (an absolute target, or `..` past the top), as the
   * disk walk sees it: the place it names on disk, or undefined when nothing is there. Only its
   * kind is looked at (as discoverFiles does), never its content: it is never followed.
   */
  let top: string | undefined;
  const outside = (dir: string, target: string, rest: readonly string[]): { isDir: boolean } | undefined => {
    top ??= git(['rev-parse', '--show-toplevel'], cwd).toString('utf8').trim();
    try {
      return { isDir: statSync(posix.resolve(top, dir, target, ...rest)).isDirectory() };
    } catch {
      return undefined;
    }
  };
  const inRepo = (abs: string): string | undefined => {
    top ??= git(['rev-parse', '--show-toplevel'], cwd).toString('utf8').trim();
    const rel = posix.relative(top, posix.normalize(abs));
    return rel === '' || (!rel.startsWith('../') && rel !== '..' && !posix.isAbsolute(rel)) ? join('', rel) : undefined;
  };
  /** Where a link out of the repository was met by the last realpath (undefined: it met none). */
  let leftRepo: { isDir: boolean } | undefined;
  /** Where a path leads once every link on it is followed; undefined when broken, a loop, or out of the repository. */
  const realpath = (path: string): string | undefined => {
    leftRepo = undefined;
    let done: string[] = [];
    let rest = path === '' ? [] : path.split('/');
    let hops = 0;
    while (rest.length > 0) {
      const seg = rest.shift()!;
      const here = [...done, seg].join('/');
      const e = tree.get(here);
      if (!e) return undefined;
      if (e.mode === LINK_MODE) {
        if (++hops > MAX_LINKS) return undefined;
        const target = linkTarget(e);
        if (target === undefined) return undefined;
        // An absolute target inside the repository's own folder is a path in the tree, as on disk.
        const next = target.startsWith('/') ? inRepo(target) : join(done.join('/'), target);
        if (next === undefined) {
          leftRepo = outside(done.join('/'), target, rest);
          return undefined;
        }
        done = [];
        rest = [...(next === '' ? [] : next.split('/')), ...rest];
        continue;
      }
      done.push(seg);
    }
    return done.join('/');
  };
  const toCwd = (repoPath: string): string => posix.relative('/' + prefix, '/' + repoPath) || '.';
  const named = paths.map((p) => join(prefix.replace(/\/$/, ''), (isAbsolute(p) ? relative(cwd, p) : p).split(sep).join('/')));
  const roots = named.map((p) => (p === undefined ? undefined : realpath(p))).filter((r): r is string => r !== undefined);
  const within = (real: string): boolean => roots.some((r) => r === '' || real === r || real.startsWith(r + '/'));
  const siteName = (name: string): boolean => !hidden(name) && YAML_EXT.has(posix.extname(name).toLowerCase());

  const files = new Map<string, SiteBlob>();
  const errors: InputError[] = [];
  const seenDirs = new Set<string>();
  /** `at`: where the walk is (through links, as on disk), `real`: the tree folder it lists. */
  const walk = (at: string, real: string): void => {
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const names = (children.get(real) ?? []).map((c) => c.slice(real === '' ? 0 : real.length + 1)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      if (hidden(name)) continue;
      const path = at === '' ? name : `${at}/${name}`;
      let e = tree.get(real === '' ? name : `${real}/${name}`)!;
      let target = e.path;
      if (e.mode === LINK_MODE) {
        const r = realpath(e.path);
        if (r === undefined && leftRepo) {
          // Out of the repository to something that is there: outside the paths named, as on disk.
          if (!leftRepo.isDir && !siteName(name)) continue;
          errors.push({ file: displayPath(toCwd(path)), line: 1, column: 1, path: '', code: 'symlink-outside', message: symlinkOutside(leftRepo.isDir) });
          continue;
        }
        const te = r === undefined ? undefined : tree.get(r);
        if (r === undefined || (te === undefined && r !== '')) continue; // broken: nothing to read
        const isDir = r === '' || te!.type === 'tree';
        if (!isDir && !(te!.type === 'blob' && siteName(name))) continue;
        if (!within(r)) {
          errors.push({ file: displayPath(toCwd(path)), line: 1, column: 1, path: '', code: 'symlink-outside', message: symlinkOutside(isDir) });
          continue;
        }
        if (isDir) {
          walk(path, r);
          continue;
        }
        e = te!;
        target = r;
      }
      if (e.type === 'tree') walk(path, target);
      else if (e.type === 'blob' && siteName(name) && (e.mode === '100644' || e.mode === '100755')) files.set(toCwd(path), { path: toCwd(path), sha: e.sha, size: e.size });
    }
  };
  for (const p of named) {
    if (p === undefined) continue;
    const real = realpath(p);
    const e = real === undefined ? undefined : tree.get(real);
    if (real === '' || e?.type === 'tree') walk(p, real!);
    else if (e?.type === 'blob' && e.mode !== LINK_MODE) files.set(toCwd(p), { path: toCwd(p), sha: e.sha, size: e.size });
  }
  return { files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), errors };
}

/** Passed over by every walk (src/input/sites.ts): hidden entries and node_modules. */
function hidden(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
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
  const { files: all, errors: linkErrors } = listFilesAt(commit, paths, cwd);
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
  return assembleInventory(files, [...linkErrors, ...cutErrors]);
}
