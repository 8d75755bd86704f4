// Finding one site by id in an inventory of any size, for `explain`: every file is read and
// validated (a bad file must still be reported), but only the records with that id are kept, so
// memory stays that of one file however large the inventory.
import type { InputError } from '../model.js';
import { discoverFiles, duplicateIdErrors, filesWithinLimits, loadSiteFile, sortErrors, type SiteRecord } from '../input/sites.js';
import type { Limits } from '../input/yaml-source.js';
import { sameSiteId } from '../input/ids.js';

export interface FoundSite {
  /** The site with that id (the first use, when the id is used twice), or nothing. */
  readonly chosen: SiteRecord[];
  /** Input errors that belong to that id, sorted as check sorts them. */
  readonly errors: InputError[];
  /** Every valid site id, first use first (for a "did you mean" hint). */
  readonly ids: string[];
  /** Why files were not read at all (unreadable folders, the inventory limits): the site may be there. */
  readonly unread: InputError[];
}

/** What loadInventory(paths) would give for this id, filtered as explain filters it. */
export function findSite(paths: readonly string[], id: string, limits: Limits): FoundSite {
  const found = discoverFiles(paths, limits);
  const { read: files, errors: cut } = filesWithinLimits(found.files, limits);
  const matches: SiteRecord[] = [];
  const errors: InputError[] = [];
  const ids = new Set<string>();
  for (const f of files) {
    const loaded = loadSiteFile(f, limits);
    for (const s of loaded.sites) {
      ids.add(s.data.id);
      if (sameSiteId(s.data.id, id)) matches.push(s);
    }
    for (const e of loaded.errors) if (e.site !== undefined && sameSiteId(e.site, id)) errors.push(e);
  }
  const dup = duplicateIdErrors(matches);
  return { chosen: matches.filter((s) => !dup.duplicates.has(s)), errors: sortErrors([...errors, ...dup.errors]), ids: [...ids], unread: sortErrors([...found.errors, ...cut]) };
}
