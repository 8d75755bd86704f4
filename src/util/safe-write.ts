// The one way sitecheck writes files (TUI saves, import, report --out): write a temporary file in
// the same folder, flush it, then rename it over the target, so a crash or a full disk never leaves
// a partial file. It refuses to overwrite an existing file unless told to, and refuses to replace a
// file that changed on disk since it was read. It never writes through a symbolic link: a target
// that is a link (even a dangling one), or a folder on the way to it below the working directory
// that is a link, is refused whatever the options (a link committed to a repository must not send
// an output elsewhere).
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fchmodSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A path as given, with control and bidi characters escaped (never passed to the terminal). */
function shownPath(p: string): string {
  return p.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

export type WriteRefusal = 'exists' | 'changed' | 'symlink' | 'not-a-file' | 'no-folder';

export class WriteRefusedError extends Error {
  constructor(
    readonly file: string,
    readonly reason: WriteRefusal,
    message: string,
  ) {
    super(message);
  }
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * Check that `file` may be written: it is absent or a regular file (never a link, even a dangling
 * one, nor a folder, FIFO or device), and its folder exists and is reached without a link below
 * the working directory. With `folderMayBeMissing`, folders not yet made are accepted (the caller
 * makes them). Throws WriteRefusedError; returns the target's lstat, or undefined when it is absent.
 */
export function checkWriteTarget(file: string, opts: { readonly folderMayBeMissing?: boolean } = {}): Stats | undefined {
  const shown = shownPath(file);
  const abs = resolve(file);
  const folder = dirname(abs);
  // Folders below the working directory are checked one by one: any of them may be a link in a
  // repository. A folder outside it was named by the user and is taken as given.
  const rel = relative(process.cwd(), folder);
  const below = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  let missing = false;
  if (below) {
    let at = process.cwd();
    for (const part of rel.split(sep)) {
      at = join(at, part);
      const st = lstatOrUndefined(at);
      if (!st) {
        missing = true;
        break;
      }
      if (st.isSymbolicLink()) {
        throw new WriteRefusedError(file, 'symlink', `cannot write ${shown}: the folder ${shownPath(relative(process.cwd(), at))} is a symbolic link, and sitecheck never writes through a link (--force does not change that)`);
      }
      if (!st.isDirectory()) throw new WriteRefusedError(file, 'no-folder', `cannot write ${shown}: ${shownPath(relative(process.cwd(), at))} is not a folder`);
    }
  } else {
    const st = (() => {
      try {
        return statSync(folder);
      } catch {
        return undefined;
      }
    })();
    if (!st) missing = true;
    else if (!st.isDirectory()) throw new WriteRefusedError(file, 'no-folder', `cannot write ${shown}: ${shownPath(folder)} is not a folder`);
  }
  if (missing) {
    if (opts.folderMayBeMissing) return undefined;
    throw new WriteRefusedError(file, 'no-folder', `cannot write ${shown}: its folder does not exist`);
  }
  const st = lstatOrUndefined(abs);
  if (!st) return undefined;
  if (st.isSymbolicLink()) {
    const dangling = !existsSync(abs);
    throw new WriteRefusedError(
      file,
      'symlink',
      `cannot write ${shown}: it is a symbolic link${dangling ? ' (to a file that does not exist)' : ''}, and sitecheck never writes through a link (--force does not change that); remove the link or choose another file`,
    );
  }
  if (st.isDirectory()) throw new WriteRefusedError(file, 'not-a-file', `cannot write ${shown}: it is a folder, not a file; give a file name`);
  if (!st.isFile()) throw new WriteRefusedError(file, 'not-a-file', `cannot write ${shown}: it is not a regular file (a device, FIFO or socket)`);
  return st;
}

export interface SafeWriteOptions {
  /** Replace an existing file. Without it, an existing file is never overwritten. */
  readonly overwrite?: boolean;
  /**
   * The sha256 of the file's contents when it was read. If given, the write is refused when the
   * file on disk no longer has that digest (someone else changed it). Implies overwrite.
   */
  readonly expectedSha256?: string;
  /** For tests: the function that writes the bytes (to simulate a full disk). */
  readonly writeChunk?: (fd: number, data: Uint8Array) => void;
}

export function sha256Of(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function currentDigest(file: string): string | undefined {
  try {
    return sha256Of(readFileSync(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Contents written piece by piece: called once with a function that writes the next piece. */
export type StreamedData = (write: (chunk: string | Uint8Array) => void) => void;

/** Write `data` to `file` atomically. Throws WriteRefusedError, or the underlying error (with no temporary file left behind). */
export function safeWriteFile(file: string, data: string | Uint8Array | StreamedData, opts: SafeWriteOptions = {}): void {
  // Never through a link, into a folder, or into a folder that is not there (each a clear refusal).
  // If the name becomes a link after this check, the rename below replaces the link itself and the
  // hard link refuses it: neither follows it. A missing folder is left to fail as ENOENT, which every
  // caller words as "its folder does not exist".
  checkWriteTarget(file, { folderMayBeMissing: true });
  const target = file;
  const existing = currentDigest(target);
  const refuseChanged = (): WriteRefusedError =>
    new WriteRefusedError(file, 'changed', `${shownPath(file)} has changed on disk since it was read; not overwritten`);
  const refuseExists = (): WriteRefusedError =>
    new WriteRefusedError(file, 'exists', `${shownPath(file)} already exists; not overwritten (use --force to replace it)`);
  const replace = opts.expectedSha256 !== undefined || opts.overwrite === true;
  if (opts.expectedSha256 !== undefined) {
    if (existing !== opts.expectedSha256) throw refuseChanged();
  } else if (existing !== undefined && !opts.overwrite) {
    throw refuseExists();
  }
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // A replaced file keeps its permissions (a private file stays private).
  let mode = 0o644;
  if (existing !== undefined) {
    try {
      mode = statSync(target).mode & 0o7777;
    } catch {
      /* gone meanwhile: the checks below decide */
    }
  }
  const fd = openSync(tmp, 'wx', mode);
  try {
    try {
      if (existing !== undefined) fchmodSync(fd, mode); // not narrowed by the umask
      const writeBytes = (bytes: Uint8Array): void => {
        if (opts.writeChunk) return opts.writeChunk(fd, bytes);
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      };
      if (typeof data === 'function') data((chunk) => writeBytes(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
      else writeBytes(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!replace) {
      // No clobbering, even of a file created while we wrote: link(2) fails if the name exists.
      if (!linkNoClobber(tmp, target)) {
        if (existsSync(target)) throw refuseExists();
        renameSync(tmp, target); // a file system without hard links: the check above is the guard
      } else unlinkSync(tmp);
    } else {
      // Re-check just before the rename: someone may have changed the file while we wrote.
      if (opts.expectedSha256 !== undefined && currentDigest(target) !== opts.expectedSha256) throw refuseChanged();
      renameSync(tmp, target);
    }
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  syncFolder(dirname(target));
}

/** Hard-link `tmp` to `target`; false when the file system cannot (the caller falls back). Throws on EEXIST as a refusal by the caller. */
function linkNoClobber(tmp: string, target: string): boolean {
  try {
    linkSync(tmp, target);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV' || code === 'EMLINK') return false;
    throw e;
  }
}

/** Make the rename itself durable (best effort: not every platform can fsync a folder). */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported here */
  }
}
