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
import { idNeedle, PLAIN_ID, scanFiles, NOT_READ, UNREADABLE, type ScanResult } from './id-scan.js';
import { SCAN_BATCH, takeEarly, WalkingScan } from './walking-scan.js';
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
 * findSite, with a worker thread walking the folders and both threads scanning (the answer is the
 * same): the search the CLI started early (walking-scan.ts) when it is this one, else a new one.
 * `meanwhile` runs in this thread first (explain loads the rules then).
 */
export async function findSiteParallel<T>(
  paths: readonly string[], id: string, limits: Limits, meanwhile: () => T, jobs = availableParallelism(), batchSize = SCAN_BATCH,
): Promise<{ found: FoundSite; value: T }> {
  const early = takeEarly(paths, id, limits);
  if (!PLAIN_ID.test(id) || jobs < 2) {
    early?.close();
    const value = meanwhile();
    return { found: inOneThread(discoverFiles(paths, limits), id, limits), value };
  }
  const scan = early ?? new WalkingScan(paths, id, limits, batchSize);
  try {
    const value = meanwhile();
    const walked = await scan.result();
    // The worker could not walk (a path missing, say): walked again here, which says why.
    if (!walked) return { found: inOneThread(discoverFiles(paths, limits), id, limits), value };
    return { found: fromScan(walked.discovered, id, limits, walked.scan), value };
  } finally {
    scan.close();
  }
}

type Discovered = Pick<ReturnType<typeof discoverFiles>, 'files' | 'errors'>;

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
