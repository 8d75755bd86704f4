// A search index over the report's sites, built once per report: each site's searchable text is
// lower-cased once, and each sort order is computed once (on first use) and kept. Filtering is then
// one pass over a precomputed order; moving the cursor or scrolling does no work proportional to
// the number of sites.
import type { SiteResult, Verdict } from '../model.js';
import { siteIdKey } from '../input/ids.js';

export type SortKey = 'file' | 'verdict' | 'id' | 'name' | 'organisation';
export const SORT_KEYS: readonly SortKey[] = ['file', 'verdict', 'id', 'name', 'organisation'];
export const SORT_LABEL: Record<SortKey, string> = {
  file: 'file order',
  verdict: 'verdict',
  id: 'id',
  name: 'name',
  organisation: 'organisation',
};

export type VerdictFilter = Verdict | 'all';

const VERDICT_RANK: Record<Verdict, number> = { sensitive: 0, undetermined: 1, 'not-sensitive': 2 };

export class SiteIndex {
  private readonly haystacks: readonly string[];
  private readonly orders = new Map<SortKey, readonly number[]>();
  private readonly byId = new Map<string, number>();

  /** The longest id, for the width of the id column (computed once). */
  readonly longestId: number;

  constructor(readonly sites: readonly SiteResult[]) {
    this.longestId = sites.reduce((m, s) => Math.max(m, s.id.length), 2);
    this.haystacks = sites.map((s) => `${s.id}\u0000${s.name}\u0000${s.organisation ?? ''}`.toLowerCase());
    sites.forEach((s, i) => this.byId.set(siteIdKey(s.id), i));
  }

  get size(): number {
    return this.sites.length;
  }

  /** The finding kinds present, each with how many findings (in order of first appearance). */
  findingKinds(): [string, number][] {
    if (!this.kindCounts) {
      const m = new Map<string, number>();
      for (const s of this.sites) for (const f of s.findings) m.set(f.kind, (m.get(f.kind) ?? 0) + 1);
      this.kindCounts = [...m];
    }
    return this.kindCounts;
  }

  private kindCounts?: [string, number][];

  /** Position of a site by id, or -1. */
  indexOf(id: string): number {
    return this.byId.get(siteIdKey(id)) ?? -1;
  }

  /** Site positions in the given order (computed once per key). */
  order(key: SortKey): readonly number[] {
    let o = this.orders.get(key);
    if (!o) {
      const idx = this.sites.map((_, i) => i);
      if (key !== 'file') {
        const s = this.sites;
        const text = (i: number): string => (key === 'id' ? s[i]!.id : key === 'name' ? s[i]!.name : key === 'organisation' ? (s[i]!.organisation ?? '') : '');
        const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
        idx.sort((a, b) =>
          key === 'verdict'
            ? VERDICT_RANK[s[a]!.verdict] - VERDICT_RANK[s[b]!.verdict] || a - b
            : collator.compare(text(a), text(b)) || a - b);
      }
      o = idx;
      this.orders.set(key, o);
    }
    return o;
  }

  /**
   * The sites (positions, in `sort` order) whose verdict passes the filter and whose id, name or
   * organisation contains the query (case-insensitive). `within` narrows an earlier result, for a
   * query that only grew.
   */
  filter(sort: SortKey, verdict: VerdictFilter, query: string, within?: readonly number[], kind?: string): number[] {
    const q = query.trim().toLowerCase();
    const from = within ?? this.order(sort);
    if (q === '' && verdict === 'all' && kind === undefined) return [...from];
    const out: number[] = [];
    for (const i of from) {
      if (verdict !== 'all' && this.sites[i]!.verdict !== verdict) continue;
      if (kind !== undefined && !this.sites[i]!.findings.some((f) => f.kind === kind)) continue;
      if (q !== '' && !this.haystacks[i]!.includes(q)) continue;
      out.push(i);
    }
    return out;
  }
}
