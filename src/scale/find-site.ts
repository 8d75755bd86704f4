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
import { idNeedle, scanFiles, type ScanResult } from './id-scan.js';
import type { ScanJob } from './scan-worker.js';
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

/** Below this many files a scan worker costs more than it saves. */
export const SCAN_PARALLEL_MIN_FILES = 4_000;

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
 * findSite, with the scan split between this thread and a worker thread when there are many
 * files (the answer is the same). `meanwhile` runs in this thread while the worker scans (explain
 * loads the rules then).
 */
export async function findSiteParallel<T>(
  paths: readonly string[], id: string, limits: Limits, meanwhile: () => T, jobs = availableParallelism(), minFiles = SCAN_PARALLEL_MIN_FILES,
): Promise<{ found: FoundSite; value: T }> {
  const found = discoverFiles(paths, limits);
  const n = Math.min(found.files.length, limits.maxFiles);
  if (!PLAIN_ID.test(id) || jobs < 2 || n < minFiles) {
    const value = meanwhile();
    return { found: inOneThread(found, id, limits), value };
  }
  const needle = idNeedle(id);
  // The worker takes the second half; this thread, which also runs `meanwhile`, the first.
  const half = Math.floor(n / 2);
  const job: ScanJob = { files: found.files.slice(half, n), needle, limit: limits.maxFileSize, maxTotal: limits.maxTotalSize };
  const worker = new Worker(scanWorkerUrl(), { workerData: job });
  const theirs = new Promise<ScanResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the scan worker stopped (exit code ${code})`)));
  });
  // A worker that fails (it should not: it only reads files) costs time, never the answer.
  theirs.catch(() => undefined);
  const value = meanwhile();
  const mine = scanFiles(found.files, 0, half, needle, limits.maxFileSize, limits.maxTotalSize);
  let other: ScanResult;
  try {
    other = await theirs;
  } catch {
    other = scanFiles(job.files, 0, job.files.length, needle, limits.maxFileSize, limits.maxTotalSize); // the worker's half, here
  } finally {
    void worker.terminate();
  }
  const sizes = new Int32Array(n);
  sizes.set(mine.sizes, 0);
  sizes.set(other.sizes, half);
  return { found: fromScan(found, id, limits, { sizes, candidates: [...mine.candidates, ...other.candidates.map((i) => i + half)] }), value };
}

function scanWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/scale/scan-worker.js', here) : new URL('./scan-worker.js', here);
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
  const { read: files, errors: cut } = filesWithinLimits(found.files, limits, (name, i) => {
    const size = i < scan.sizes.length ? scan.sizes[i]! : -1;
    return size >= 0 ? size : statSize(name);
  });
  const hit = collect(id);
  for (const [i, f] of files.entries()) {
    // A file over the size limit was not scanned: it may hold the id (its error says why it was not read).
    const over = i < scan.sizes.length && scan.sizes[i]! > limits.maxFileSize;
    if (candidates.has(i) || over) hit.add(loadSiteFile(f, limits));
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
