// Finding one site by id in an inventory of any size, for `explain`. Only the records with that id
// are kept, so memory stays that of one file however large the inventory.
//
// Fast: a site's id is written in its file — plain, quoted or in a block scalar — as the id's own
// bytes, unless a double-quoted escape spells it (`"\x41-1"`). So for an id of the usual
// characters, a file that holds neither those bytes nor a backslash can hold no record with that
// id, no error about it and no duplicate of it; only the files that do are read and checked.
// The answer is exactly what reading every file gives (the same sites, errors and order). When no
// file holds the id, every file is read, as before, for the "did you mean" hint.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { idNeedle, scanFiles, sharedBudget, CLAIMED_BY_MAIN, NOT_READ, UNREADABLE, type IdNeedle, type ScanResult } from './id-scan.js';
import type { ScanMessage, ScanReply, ScanSetup } from './scan-worker.js';
import type { InputError } from '../model.js';
import { discoverFiles, duplicateIdErrors, filesWithinLimits, loadSiteFile, sortErrors, type LoadedFile, type SiteRecord } from '../input/sites.js';
import type { Limits } from '../input/yaml-source.js';
import { sameSiteId } from '../input/ids.js';

export interface FoundSite {
  /** The site with that id (the first use, when the id is used twice), or nothing. */
  readonly chosen: SiteRecord[];
  /** Input errors that belong to that id, sorted as check sorts them. */
  readonly errors: InputError[];
  /**
   * Valid site ids, first use first (for a "did you mean" hint): every id in the inventory when
   * nothing was found, else only those of the files that had to be read.
   */
  readonly ids: string[];
  /** Why files were not read at all (unreadable folders, the inventory limits): the site may be there. */
  readonly unread: InputError[];
  /**
   * Errors that name no site (a file over the size limit, not UTF-8, a YAML error) in the files
   * that may hold the id: the site may be in them, so "no site" would mislead.
   */
  readonly unreadable: InputError[];
}

/** Ids whose only spelling in YAML, short of a backslash escape, is their own bytes. */
const PLAIN_ID = /^[A-Za-z0-9._-]+$/;

/** A scan worker is started once the walk has found this many files (below, it costs more than it saves). */
export const SCAN_PARALLEL_MIN_FILES = 2_000;

/** Files per batch posted to the scan worker. */
export const SCAN_BATCH = 1_000;

/** What loadInventory(paths) would give for this id, filtered as explain filters it. */
export function findSite(paths: readonly string[], id: string, limits: Limits): FoundSite {
  return inOneThread(discoverFiles(paths, limits), id, limits);
}

function inOneThread(found: Discovered, id: string, limits: Limits): FoundSite {
  if (!PLAIN_ID.test(id)) return readAll(found, id, limits);
  const n = Math.min(found.files.length, limits.maxFiles);
  return fromScan(found, id, limits, scanFiles(found.files, 0, n, idNeedle(id), limits.maxFileSize, limits.maxTotalSize));
}

/**
 * findSite, with a worker thread scanning files while this thread is still walking the folders
 * (the answer is the same). `meanwhile` runs in this thread when its walk is done (explain loads
 * the rules then), before it scans what the worker has not taken.
 */
export async function findSiteParallel<T>(
  paths: readonly string[], id: string, limits: Limits, meanwhile: () => T,
  jobs = availableParallelism(), minFiles = SCAN_PARALLEL_MIN_FILES, batchSize = SCAN_BATCH,
): Promise<{ found: FoundSite; value: T }> {
  if (!PLAIN_ID.test(id) || jobs < 2) {
    const found = discoverFiles(paths, limits);
    const value = meanwhile();
    return { found: inOneThread(found, id, limits), value };
  }
  const scan = new SharedScan(idNeedle(id), limits, minFiles, batchSize);
  try {
    const found = discoverFiles(paths, limits, (f) => scan.found(f));
    const value = meanwhile();
    const result = await scan.finish(found.found);
    return { found: result ? fromScan(found, id, limits, result) : inOneThread(found, id, limits), value };
  } finally {
    scan.close();
  }
}

function scanWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/scale/scan-worker.js', here) : new URL('./scan-worker.js', here);
}

/**
 * The scan shared between this thread and a worker. The walk tells it of each file it finds; once
 * there are `minFiles` a worker is started, and from then on every `batchSize` files found (up to
 * --max-files of them: the inventory reads no more) go to it as a batch. When the walk is done,
 * this thread claims, last first, the batches the worker has not, and scans them; each batch is
 * scanned once, by whichever thread claimed it. A worker that fails costs time, never the answer:
 * its batches are scanned here.
 */
class SharedScan {
  private readonly walked: string[] = [];
  /** Each batch's first file, as an index into `walked`, and its files. */
  private readonly batches: { start: number; files: string[] }[] = [];
  private posted = 0;
  private worker: Worker | undefined;
  private failed = false;
  private readonly claims: Int32Array;
  private readonly total = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly replies = new Map<number, ScanResult>();
  private waiting: (() => void) | undefined;

  constructor(private readonly needle: IdNeedle, private readonly limits: Limits, private readonly minFiles: number, private readonly batchSize: number) {
    const most = Math.min(Math.ceil(Math.min(limits.maxFiles, 2 ** 31) / batchSize) + 1, 1 << 20);
    this.claims = new Int32Array(new SharedArrayBuffer(4 * most));
  }

  found(file: string): void {
    this.walked.push(file);
    if (this.walked.length > this.limits.maxFiles) return;
    if (this.worker === undefined) {
      if (this.failed || this.walked.length < this.minFiles) return;
      this.start();
    }
    if (this.walked.length - this.posted >= this.batchSize) this.post(this.walked.length);
  }

  private start(): void {
    const setup: ScanSetup = { needle: this.needle, limit: this.limits.maxFileSize, maxTotal: this.limits.maxTotalSize, claims: this.claims.buffer as SharedArrayBuffer, total: this.total.buffer as SharedArrayBuffer };
    const worker = new Worker(scanWorkerUrl(), { workerData: setup });
    worker.on('message', (reply: ScanReply) => {
      this.replies.set(reply.batch, reply);
      this.waiting?.();
    });
    const stop = (): void => {
      this.failed = true;
      this.waiting?.();
    };
    worker.once('error', stop);
    worker.once('exit', stop);
    this.worker = worker;
  }

  /** Batch the files found up to `to` (an index into `walked`), and post the batch to the worker. */
  private post(to: number): void {
    if (this.batches.length >= this.claims.length) return; // as many as the claims can count: this thread scans the rest
    const batch = { start: this.posted, files: this.walked.slice(this.posted, to) };
    this.posted = to;
    this.batches.push(batch);
    if (!this.failed) this.worker!.postMessage({ batch: this.batches.length - 1, files: batch.files } satisfies ScanMessage);
  }

  /**
   * When the walk is done: the scan of the files in sorted order (`sorted[i]` is the i-th file's
   * index in the walk's order: discoverFiles' `found`), or undefined when no
   * worker was started (the caller scans in this thread). A file not in any batch (past
   * --max-files in the walk's order, which is not the sorted order) is left NOT_READ; fromScan
   * reads any such file that the inventory limits keep.
   */
  async finish(sorted: readonly number[]): Promise<ScanResult | undefined> {
    if (this.worker === undefined) return undefined;
    const last = Math.min(this.walked.length, this.limits.maxFiles);
    if (last > this.posted) this.post(last);
    if (!this.failed) this.worker.postMessage({ end: true } satisfies ScanMessage);
    const budget = sharedBudget(this.total);
    const { maxFileSize, maxTotalSize } = this.limits;
    const mine = new Map<number, ScanResult>();
    for (let b = this.batches.length - 1; b >= 0; b--) {
      if (Atomics.compareExchange(this.claims, b, 0, CLAIMED_BY_MAIN) !== 0) continue;
      const files = this.batches[b]!.files;
      mine.set(b, scanFiles(files, 0, files.length, this.needle, maxFileSize, maxTotalSize, budget));
    }
    // The worker's batches, as it finishes them; if it stops first, the rest are scanned here.
    for (let b = 0; b < this.batches.length; b++) {
      if (mine.has(b)) continue;
      while (!this.replies.has(b) && !this.failed) await new Promise<void>((resolve) => (this.waiting = resolve));
      if (!this.replies.has(b)) {
        const files = this.batches[b]!.files;
        mine.set(b, scanFiles(files, 0, files.length, this.needle, maxFileSize, maxTotalSize, budget));
      }
    }
    // From the walk's order to the sorted order.
    const walkSizes = new Int32Array(this.walked.length).fill(NOT_READ);
    const walkCandidate = new Uint8Array(this.walked.length);
    for (const [b, batch] of this.batches.entries()) {
      const r = mine.get(b) ?? this.replies.get(b)!;
      walkSizes.set(r.sizes, batch.start);
      for (const c of r.candidates) walkCandidate[batch.start + c] = 1;
    }
    const n = Math.min(sorted.length, this.limits.maxFiles);
    const sizes = new Int32Array(n);
    const candidates: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = sorted[i]!;
      sizes[i] = walkSizes[w]!;
      if (walkCandidate[w]) candidates.push(i);
    }
    return { sizes, candidates };
  }

  close(): void {
    void this.worker?.terminate();
  }
}

type Discovered = ReturnType<typeof discoverFiles>;

/**
 * From the scan to the answer. The scan gave each file's size as read (for the inventory limits,
 * instead of a stat of every file) and whether it can hold the id; the cut is filesWithinLimits',
 * with a stat for any file not read. The few files that may hold the id are read again, exactly
 * as check reads them. When none does, every file is read, as before, for the "did you mean" hint.
 */
function fromScan(found: Discovered, id: string, limits: Limits, scan: ScanResult): FoundSite {
  const candidates = new Set(scan.candidates);
  const needle = idNeedle(id);
  const { read: files, errors: cut } = filesWithinLimits(found.files, limits, (name, i) => {
    const size = i < scan.sizes.length ? scan.sizes[i]! : -1;
    return size >= 0 ? size : statSize(name);
  });
  const hit = collect(id);
  for (let i = 0; i < files.length; i++) {
    let size = i < scan.sizes.length ? scan.sizes[i]! : UNREADABLE;
    let candidate = candidates.has(i);
    // A file the inventory reads that the scan did not (see SharedScan.finish): scanned now.
    if (size === NOT_READ) {
      const again = scanFiles(files, i, i + 1, needle, limits.maxFileSize, Infinity);
      size = again.sizes[0]!;
      candidate = again.candidates.length > 0;
    }
    // A file over the size limit was not scanned: it may hold the id (its error says why it was not read).
    if (candidate || size > limits.maxFileSize) hit.add(loadSiteFile(files[i]!, limits));
  }
  if (hit.matches.length > 0 || hit.errors.length > 0) return hit.result(sortErrors([...found.errors, ...cut]));
  return { ...readAll(found, id, limits), unreadable: hit.unreadable };
}

function readAll(found: Discovered, id: string, limits: Limits): FoundSite {
  const { read: files, errors: cut } = filesWithinLimits(found.files, limits);
  const all = collect(id);
  for (const f of files) all.add(loadSiteFile(f, limits));
  return all.result(sortErrors([...found.errors, ...cut]));
}

function statSize(name: string): number {
  try {
    return statSync(name).size;
  } catch {
    return 0; // as filesWithinLimits counts a file it cannot stat
  }
}

function collect(id: string): { matches: SiteRecord[]; errors: InputError[]; unreadable: InputError[]; add(loaded: LoadedFile): void; result(unread: InputError[]): FoundSite } {
  const matches: SiteRecord[] = [];
  const errors: InputError[] = [];
  const unreadable: InputError[] = [];
  const ids = new Set<string>();
  return {
    matches,
    errors,
    unreadable,
    add(loaded) {
      for (const s of loaded.sites) {
        ids.add(s.data.id);
        if (sameSiteId(s.data.id, id)) matches.push(s);
      }
      for (const e of loaded.errors) {
        if (e.site !== undefined && sameSiteId(e.site, id)) errors.push(e);
        else if (e.site === undefined) unreadable.push(e);
      }
    },
    result(unread) {
      const dup = duplicateIdErrors(matches);
      return { chosen: matches.filter((s) => !dup.duplicates.has(s)), errors: sortErrors([...errors, ...dup.errors]), ids: [...ids], unread, unreadable: sortErrors(unreadable) };
    },
  };
}
