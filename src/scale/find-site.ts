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
import type { InputError } from '../model.js';
import { discoverFiles, duplicateIdErrors, filesWithinLimits, loadSiteBytes, loadSiteFile, readLimited, sortErrors, type LoadedFile, type SiteRecord } from '../input/sites.js';
import type { Limits } from '../input/yaml-source.js';
import { displayPath } from '../util/paths.js';
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
}

/** Ids whose only spelling in YAML, short of a backslash escape, is their own bytes. */
const PLAIN_ID = /^[A-Za-z0-9._-]+$/;
const BACKSLASH = 0x5c;

/** What loadInventory(paths) would give for this id, filtered as explain filters it. */
export function findSite(paths: readonly string[], id: string, limits: Limits): FoundSite {
  const found = discoverFiles(paths, limits);
  if (PLAIN_ID.test(id)) {
    // One read of each file, in order, gives both its size (for the inventory limits, instead of
    // a stat of every file) and whether it can hold the id. Reading stops where the limits cut the
    // inventory; the cut itself is filesWithinLimits', with a stat for any file not read.
    // Ids are compared case-insensitively (src/input/ids.ts), so the search is too: the file's
    // bytes lower-cased (only ASCII can spell an id) against the id lower-cased.
    const needle = Buffer.from(id.toLowerCase(), 'latin1');
    const sizes = new Map<string, number>();
    const candidates = new Map<string, Uint8Array>();
    let total = 0;
    for (const [i, f] of found.files.entries()) {
      if (i >= limits.maxFiles || total > limits.maxTotalSize) break;
      const bytes = readLimited(f, limits.maxFileSize);
      // A file that cannot be read gives errors that name no site: never this one's.
      if (!(bytes instanceof Uint8Array)) {
        if (bytes.code === 'file-too-large') sizes.set(f, limits.maxFileSize + 1);
        continue;
      }
      sizes.set(f, bytes.byteLength);
      total += bytes.byteLength;
      const buf = Buffer.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').toLowerCase(), 'latin1');
      if (buf.indexOf(needle) >= 0 || buf.indexOf(BACKSLASH) >= 0) candidates.set(f, bytes);
    }
    const { read: files, errors: cut } = filesWithinLimits(found.files, limits, (name) => sizes.get(name) ?? statSize(name));
    const unread = sortErrors([...found.errors, ...cut]);
    const hit = collect(id);
    for (const f of files) {
      const bytes = candidates.get(f);
      if (bytes) hit.add(loadSiteBytes(displayPath(f), bytes, limits));
    }
    if (hit.matches.length > 0 || hit.errors.length > 0) return hit.result(unread);
  }
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

function collect(id: string): { matches: SiteRecord[]; errors: InputError[]; add(loaded: LoadedFile): void; result(unread: InputError[]): FoundSite } {
  const matches: SiteRecord[] = [];
  const errors: InputError[] = [];
  const ids = new Set<string>();
  return {
    matches,
    errors,
    add(loaded) {
      for (const s of loaded.sites) {
        ids.add(s.data.id);
        if (sameSiteId(s.data.id, id)) matches.push(s);
      }
      for (const e of loaded.errors) if (e.site !== undefined && sameSiteId(e.site, id)) errors.push(e);
    },
    result(unread) {
      const dup = duplicateIdErrors(matches);
      return { chosen: matches.filter((s) => !dup.duplicates.has(s)), errors: sortErrors([...errors, ...dup.errors]), ids: [...ids], unread };
    },
  };
}
