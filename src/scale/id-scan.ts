// The cheap scan `explain SITE_ID` makes of every file before it reads any as YAML: which files
// can hold the id at all. It imports nothing but node:fs, so the scan worker (scan-worker.ts)
// starts in milliseconds.
import { closeSync, constants, openSync, readSync } from 'node:fs';

/** Ids whose only spelling in YAML, short of a backslash escape, is their own bytes: those the scan can look for. */
export const PLAIN_ID = /^[A-Za-z0-9._-]+$/;

/** What to look for: the id lower-cased, and its longest run without letters (the same in any case). */
export interface IdNeedle {
  readonly lower: Uint8Array;
  readonly anchor: Uint8Array;
}

export function idNeedle(id: string): IdNeedle {
  const anchor = (id.match(/[^A-Za-z]+/g) ?? []).reduce((a, b) => (b.length > a.length ? b : a), '');
  return { lower: Buffer.from(id.toLowerCase(), 'latin1'), anchor: Buffer.from(anchor, 'latin1') };
}

/**
 * Each file's size as read (UNREADABLE: not a readable regular file; NOT_READ: not read, the
 * byte budget being spent), and the indices of those that may hold the id.
 */
export interface ScanResult {
  readonly sizes: Int32Array;
  readonly candidates: number[];
}

export const UNREADABLE = -1;
export const NOT_READ = -2;

/** Whether the walking worker may scan (scan-worker.ts' `go`): not yet, yes, never. */
export const GO_WAIT = 0;
export const GO_SCAN = 1;
export const GO_STOP = 2;

/** Who claimed a batch of a shared scan (scan-worker.ts). */
export const CLAIMED_BY_MAIN = 1;
export const CLAIMED_BY_WORKER = 2;

/** The bytes read so far, against --max-total-size: `add` gives the total with these bytes. */
export interface Budget {
  add(bytes: number): number;
}

export function localBudget(): Budget {
  let total = 0;
  return { add: (bytes) => (total += bytes) };
}

/**
 * A budget two threads spend together: the total lives in shared memory, in units of 64 bytes
 * rounded up (an Int32 then counts to 128 GB, over the largest --max-total-size). It may stop a
 * scan a little early, never late; a file the inventory keeps that the scan did not read is
 * scanned after (find-site.ts), so the answer is the same.
 */
export function sharedBudget(cell: Int32Array): Budget {
  return { add: (bytes) => (Atomics.add(cell, 0, Math.ceil(bytes / 64)) + Math.ceil(bytes / 64)) * 64 };
}

const BACKSLASH = 0x5c;

/**
 * Scan files[from, to): a file may hold a record with the id (or an error or a duplicate naming
 * it) when it holds the id's bytes in any case, or a backslash (a double-quoted escape can spell
 * any character). A site's id is written in its file as the id's own bytes otherwise (plain,
 * quoted or in a block scalar), for an id of the characters explain searches this way. A file
 * over `limit` bytes is given the size limit + 1 (it is refused unread either way). Stops reading
 * once the budget has passed `maxTotal` bytes, as reading the inventory would.
 */
export function scanFiles(
  files: readonly string[], from: number, to: number, needle: IdNeedle, limit: number, maxTotal: number, budget: Budget = localBudget(),
): ScanResult {
  const sizes = new Int32Array(to - from).fill(NOT_READ);
  const candidates: number[] = [];
  const reader = new FileReader(limit);
  const anchor = Buffer.from(needle.anchor);
  const lower = Buffer.from(needle.lower);
  let total = budget.add(0);
  for (let i = from; i < to && total <= maxTotal; i++) {
    const bytes = reader.read(files[i]!);
    // Unreadable, gone or not a regular file: its errors name no site, never this one.
    if (bytes === undefined) {
      sizes[i - from] = UNREADABLE;
      continue;
    }
    sizes[i - from] = bytes.byteLength;
    if (bytes.byteLength > limit) continue;
    total = budget.add(bytes.byteLength);
    if (bytes.indexOf(BACKSLASH) < 0) {
      if (anchor.length > 0 && bytes.indexOf(anchor) < 0) continue;
      if (Buffer.from(bytes.toString('latin1').toLowerCase(), 'latin1').indexOf(lower) < 0) continue;
    }
    candidates.push(i);
  }
  return { sizes, candidates };
}

/**
 * Reads files into one buffer reused from file to file (a scan of 100,000 small files must not
 * allocate 100,000 buffers): open without blocking (a FIFO reads as nothing), read up to one byte
 * over the limit, close. A folder or an unreadable file gives undefined.
 */
class FileReader {
  private readonly small: Buffer;
  private big: Buffer | undefined;
  constructor(private readonly limit: number) {
    this.small = Buffer.allocUnsafe(Math.min(limit + 1, 64 * 1024));
  }
  read(path: string): Buffer | undefined {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch {
      return undefined;
    }
    try {
      let buf: Buffer = this.small;
      let off = 0;
      for (;;) {
        if (off === buf.length) {
          if (buf.length > this.limit) break; // one byte over the limit: enough to refuse it
          this.big ??= Buffer.allocUnsafe(this.limit + 1);
          if (buf === this.big) break;
          buf.copy(this.big, 0, 0, off);
          buf = this.big;
        }
        const n = readSync(fd, buf, off, buf.length - off, null);
        if (n === 0) break;
        off += n;
      }
      return buf.subarray(0, off);
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }
}
