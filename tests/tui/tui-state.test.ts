// The screens' state as plain reducers, without rendering.
import { describe, expect, it } from 'vitest';
import type { SiteResult, Verdict } from '../../src/model.js';
import { SiteIndex } from '../../src/tui/site-index.js';
import { initialInventory, inventoryReducer, selectedSite, type InventoryAction, type InventoryState } from '../../src/tui/inventory-state.js';
import { settle } from '../../src/tui/list-window.js';

const VERDICTS: Verdict[] = ['sensitive', 'not-sensitive', 'undetermined'];

function fakeSite(i: number): SiteResult {
  return {
    id: `S-${String(i).padStart(6, '0')}`,
    name: i % 7 === 0 ? `Harbour House ${i}` : `Site ${i}`,
    organisation: i % 2 ? 'Home Office' : 'Cabinet Office',
    file: `sites/f${Math.floor(i / 100)}.yaml`,
    line: 1 + (i % 100) * 10,
    column: 1,
    document: i % 100,
    verdict: VERDICTS[i % 3]!,
    limbs: [],
    findings: [],
    decidingFacts: [],
  };
}

const sites = (n: number): SiteResult[] => Array.from({ length: n }, (_, i) => fakeSite(i));

function run(state: InventoryState, index: SiteIndex, ...actions: InventoryAction[]): InventoryState {
  return actions.reduce((s, a) => inventoryReducer(s, a, index), state);
}

describe('SiteIndex', () => {
  const index = new SiteIndex(sites(300));

  it('filters by verdict and searches id, name and organisation without regard to case', () => {
    expect(index.filter('file', 'sensitive', '').every((i) => index.sites[i]!.verdict === 'sensitive')).toBe(true);
    expect(index.filter('file', 'all', 'harbour').map((i) => index.sites[i]!.name)).toEqual(
      sites(300).filter((s) => s.name.startsWith('Harbour')).map((s) => s.name),
    );
    expect(index.filter('file', 'all', 's-000042').map((i) => index.sites[i]!.id)).toEqual(['S-000042']);
    expect(index.filter('file', 'all', 'HOME office')).toHaveLength(150);
    expect(index.filter('file', 'undetermined', 'home')).toHaveLength(50);
  });

  it('sorts by verdict (sensitive first), name and organisation, keeping file order among equals', () => {
    const byVerdict = index.order('verdict').map((i) => index.sites[i]!.verdict);
    expect(byVerdict.indexOf('undetermined')).toBe(100);
    expect(byVerdict.lastIndexOf('sensitive')).toBe(99);
    const names = index.order('name').map((i) => index.sites[i]!.name);
    expect(names[0]).toBe('Harbour House 0');
    const orgs = index.order('organisation').map((i) => index.sites[i]!.organisation);
    expect(orgs.slice(0, 150).every((o) => o === 'Cabinet Office')).toBe(true);
  });

  it('narrowing within an earlier result gives the same rows as filtering from scratch', () => {
    for (const [q1, q2] of [['h', 'ha'], ['site 1', 'site 12'], ['s-0001', 's-00012']] as const) {
      const first = index.filter('name', 'all', q1);
      expect(index.filter('name', 'all', q2, first)).toEqual(index.filter('name', 'all', q2));
    }
  });
});

describe('inventory reducer', () => {
  const index = new SiteIndex(sites(300));
  const start = initialInventory(index, 10);

  it('starts on every site in file order with the cursor on the first', () => {
    expect(start.rows).toHaveLength(300);
    expect(selectedSite(start, index)).toBe('S-000000');
  });

  it('searches incrementally after /, character by character or pasted', () => {
    const typed = run(start, index, { type: 'search-start' }, ...'harbour house 14'.split('').map((text) => ({ type: 'search-input', text }) as const));
    const pasted = run(start, index, { type: 'search-start' }, { type: 'search-input', text: 'harbour house 14' });
    expect(typed.rows).toEqual(pasted.rows);
    expect(typed.rows.map((i) => index.sites[i]!.name)).toEqual(['Harbour House 14', 'Harbour House 140', 'Harbour House 147']);
    const back = run(typed, index, { type: 'search-backspace' }, { type: 'search-backspace' });
    expect(back.query).toBe('harbour house ');
    expect(back.rows.length).toBeGreaterThan(3);
    const cancelled = run(typed, index, { type: 'search-cancel' });
    expect(cancelled.query).toBe('');
    expect(cancelled.searching).toBe(false);
    expect(cancelled.rows).toHaveLength(300);
  });

  it('keeps the selected site under the cursor when the filter changes, if it is still shown', () => {
    const moved = run(start, index, { type: 'move', delta: 6 }); // S-000006: verdict index 0 → sensitive
    expect(selectedSite(moved, index)).toBe('S-000006');
    const filtered = run(moved, index, { type: 'filter', verdict: 'sensitive' });
    expect(selectedSite(filtered, index)).toBe('S-000006');
    expect(filtered.rows).toHaveLength(100);
    const other = run(filtered, index, { type: 'filter', verdict: 'not-sensitive' });
    expect(selectedSite(other, index)).toBe('S-000001');
  });

  it('cycles the sort order with o', () => {
    const sorted = run(start, index, { type: 'sort-next' });
    expect(sorted.sort).toBe('verdict');
    expect(index.sites[sorted.rows[sorted.rows.length - 1]!]!.verdict).toBe('not-sensitive');
    const all = SORT_CYCLE.reduce((s) => inventoryReducer(s, { type: 'sort-next' }, index), start);
    expect(all.sort).toBe('file');
  });

  it('keeps the cursor inside the list and the window around the cursor', () => {
    const up = run(start, index, { type: 'move', delta: -1 });
    expect(up.list).toEqual({ cursor: 0, top: 0 });
    const paged = run(start, index, { type: 'page', direction: 1 });
    expect(paged.list.cursor).toBe(9);
    const end = run(start, index, { type: 'end' });
    expect(end.list).toEqual({ cursor: 299, top: 290 });
    const home = run(end, index, { type: 'home' });
    expect(home.list).toEqual({ cursor: 0, top: 0 });
    const small = run(end, index, { type: 'resize', height: 4 });
    expect(small.list).toEqual({ cursor: 299, top: 296 });
  });

  it('with 100,000 sites, moving the cursor changes only the cursor and window (no new rows)', () => {
    const big = new SiteIndex(sites(100_000));
    const s0 = initialInventory(big, 18);
    const s1 = inventoryReducer(s0, { type: 'end' }, big);
    const s2 = inventoryReducer(s1, { type: 'move', delta: -5 }, big);
    expect(s2.rows).toBe(s0.rows); // the same array: nothing recomputed
    expect(s2.list).toEqual({ cursor: 99_994, top: 99_982 });
    const found = run(s2, big, { type: 'search-start' }, { type: 'search-input', text: 'S-09999' });
    expect(found.rows).toHaveLength(10);
  });

  it('reindex after a reload selects the site named', () => {
    const next = new SiteIndex([fakeSite(9), ...sites(5)]);
    const re = inventoryReducer(start, { type: 'reindex', selectId: 'S-000003' }, next);
    expect(selectedSite(re, next)).toBe('S-000003');
  });
});

const SORT_CYCLE = [1, 2, 3, 4, 5];

describe('list window', () => {
  it('never leaves the cursor outside the rows, even for an empty list', () => {
    expect(settle({ cursor: 5, top: 3 }, 0, 10)).toEqual({ cursor: 0, top: 0 });
    expect(settle({ cursor: 50, top: 0 }, 20, 10)).toEqual({ cursor: 19, top: 10 });
  });
});
