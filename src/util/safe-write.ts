// The one way sitecheck writes files (TUI saves, import, report --out): write a temporary file in
// the same folder, flush it, then rename it over the target, so a crash or a full disk never leaves
// a partial file. It refuses to overwrite an existing file unless told to, and refuses to replace a
// file that changed on disk since it was read.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fchmodSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class WriteRefusedError extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'exists' | 'changed',
    message: string,
  ) {
    super(message);
  }
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
export type StreamedData = (write: (chunk: string) => void) => void;

/** Write `data` to `file` atomically. Throws WriteRefusedError, or the underlying error (with no temporary file left behind). */
export function safeWriteFile(file: string, data: string | Uint8Array | StreamedData, opts: SafeWriteOptions = {}): void {
  // Write through a symlink to the file it names (replacing the link itself would break it).
  let target = file;
  try {
    if (lstatSync(file).isSymbolicLink()) target = realpathSync(file);
  } catch {
    /* absent or a dangling link: written as named */
  }
  const existing = currentDigest(target);
  const refuseChanged = (): WriteRefusedError =>
    new WriteRefusedError(file, 'changed', `${file} has changed on disk since it was read; not overwritten`);
  const refuseExists = (): WriteRefusedError =>
    new WriteRefusedError(file, 'exists', `${file} already exists; not overwritten (use --force to replace it)`);
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
      if (typeof data === 'function') data((chunk) => writeBytes(Buffer.from(chunk, 'utf8')));
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
