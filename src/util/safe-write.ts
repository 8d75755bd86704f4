// The one way sitecheck writes files (TUI saves, import, report --out): write a temporary file in
// the same folder, flush it, then rename it over the target, so a crash or a full disk never leaves
// a partial file. It refuses to overwrite an existing file unless told to, and refuses to replace a
// file that changed on disk since it was read.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
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

/** Write `data` to `file` atomically. Throws WriteRefusedError, or the underlying error (with no temporary file left behind). */
export function safeWriteFile(file: string, data: string | Uint8Array, opts: SafeWriteOptions = {}): void {
  const existing = currentDigest(file);
  if (opts.expectedSha256 !== undefined) {
    if (existing !== opts.expectedSha256) {
      throw new WriteRefusedError(file, 'changed', `${file} has changed on disk since it was read; not overwritten`);
    }
  } else if (existing !== undefined && !opts.overwrite) {
    throw new WriteRefusedError(file, 'exists', `${file} already exists; not overwritten (use --force to replace it)`);
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    try {
      if (opts.writeChunk) opts.writeChunk(fd, bytes);
      else {
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
}
