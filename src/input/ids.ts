// Site ids are compared case-insensitively everywhere: HO-0001 and ho-0001 are the same site (a
// duplicate in check, the same site in diff, a collision in import and in the TUI). Ids are
// ASCII (the schema's pattern), so lower-casing is the whole rule; every comparison goes through
// siteIdKey so that no two places can disagree.

/** The form of a site id that comparisons use. */
export function siteIdKey(id: string): string {
  return id.toLowerCase();
}

/** Do two site ids name the same site? */
export function sameSiteId(a: string, b: string): boolean {
  return siteIdKey(a) === siteIdKey(b);
}

/** A Map from site id, looked up case-insensitively (keys are stored as siteIdKey gives them). */
export class SiteIdMap<V> extends Map<string, V> {
  override get(id: string): V | undefined {
    return super.get(siteIdKey(id));
  }
  override has(id: string): boolean {
    return super.has(siteIdKey(id));
  }
  override set(id: string, value: V): this {
    return super.set(siteIdKey(id), value);
  }
  override delete(id: string): boolean {
    return super.delete(siteIdKey(id));
  }
}
