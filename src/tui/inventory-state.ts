// The inventory screen's state: filter, search, sort and the cursor over the filtered rows. A plain
// reducer: tested without rendering. The filtered rows are computed only when the filter, query or
// sort changes; moving the cursor is O(1).
import type { SiteIndex, SortKey, VerdictFilter } from './site-index.js';
import { SORT_KEYS } from './site-index.js';
import { moveBy, moveTo, settle, START, type ListWindow } from './list-window.js';
import { editField, type EditOp } from './field.js';
import { scrollTo, type ScrollHow } from './scroll.js';

export interface InventoryState {
  readonly sort: SortKey;
  readonly verdict: VerdictFilter;
  /** Only sites with a finding of this kind (undefined: any). */
  readonly kind?: string;
  readonly query: string;
  /** Where the cursor is in the search box (characters). */
  readonly queryCursor: number;
  /** True while typing a search after `/`. */
  readonly searching: boolean;
  /** Positions (in the index) of the sites shown, in order. */
  readonly rows: readonly number[];
  readonly list: ListWindow;
  /** Rows of the list that fit on screen. */
  readonly height: number;
  /** Showing the input errors instead of the sites. */
  readonly showErrors: boolean;
  /** First line of the input-error list shown. */
  readonly errorTop: number;
}

export type InventoryAction =
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'page'; readonly direction: 1 | -1 }
  | { readonly type: 'home' }
  | { readonly type: 'end' }
  | { readonly type: 'filter'; readonly verdict: VerdictFilter }
  | { readonly type: 'sort-next' }
  /** f: the next finding kind to filter by (after the last: every site again). */
  | { readonly type: 'kind-next' }
  | { readonly type: 'search-start' }
  | { readonly type: 'search-input'; readonly text: string }
  | { readonly type: 'search-backspace' }
  | { readonly type: 'search-edit'; readonly op: EditOp }
  | { readonly type: 'search-done' }
  | { readonly type: 'search-cancel' }
  | { readonly type: 'resize'; readonly height: number }
  | { readonly type: 'toggle-errors' }
  | { readonly type: 'errors-scroll'; readonly how: ScrollHow; readonly lines: number; readonly height: number }
  | { readonly type: 'reindex'; readonly selectId?: string };

export function initialInventory(index: SiteIndex, height: number): InventoryState {
  return { sort: 'file', verdict: 'all', query: '', queryCursor: 0, searching: false, rows: index.filter('file', 'all', ''), list: START, height, showErrors: false, errorTop: 0 };
}

/** The id of the site under the cursor, if any. */
export function selectedSite(state: InventoryState, index: SiteIndex): string | undefined {
  const i = state.rows[state.list.cursor];
  return i === undefined ? undefined : index.sites[i]?.id;
}

/** Recompute the rows, keeping the same site under the cursor when it is still shown. */
function refilter(state: InventoryState, index: SiteIndex, change: Partial<InventoryState>, within?: readonly number[], selectId?: string): InventoryState {
  const next = { ...state, ...change };
  const keep = selectId !== undefined ? index.indexOf(selectId) : state.rows[state.list.cursor];
  const rows = index.filter(next.sort, next.verdict, next.query, within, next.kind);
  const at = keep === undefined ? -1 : rows.indexOf(keep);
  const list = settle({ cursor: at >= 0 ? at : 0, top: at >= 0 ? state.list.top : 0 }, rows.length, next.height);
  return { ...next, rows, list };
}

export function inventoryReducer(state: InventoryState, action: InventoryAction, index: SiteIndex): InventoryState {
  const n = state.rows.length;
  switch (action.type) {
    case 'move':
      return { ...state, list: moveBy(state.list, action.delta, n, state.height) };
    case 'page':
      return { ...state, list: moveBy(state.list, action.direction * Math.max(1, state.height - 1), n, state.height) };
    case 'home':
      return { ...state, list: moveTo(state.list, 0, n, state.height) };
    case 'end':
      return { ...state, list: moveTo(state.list, n - 1, n, state.height) };
    case 'filter':
      // a (all) also drops a finding-kind filter: every site again.
      if (action.verdict === 'all' && state.kind !== undefined) return refilter({ ...state, kind: undefined }, index, { verdict: 'all' });
      return action.verdict === state.verdict ? state : refilter(state, index, { verdict: action.verdict });
    case 'kind-next': {
      const kinds = index.findingKinds().map(([k]) => k);
      const at = state.kind === undefined ? -1 : kinds.indexOf(state.kind);
      const kind = kinds[at + 1];
      return refilter({ ...state, kind: undefined }, index, kind === undefined ? {} : { kind });
    }
    case 'sort-next': {
      const sort = SORT_KEYS[(SORT_KEYS.indexOf(state.sort) + 1) % SORT_KEYS.length]!;
      return refilter(state, index, { sort });
    }
    case 'search-start':
      return { ...state, searching: true, showErrors: false, queryCursor: [...state.query].length };
    case 'search-input':
      return inventoryReducer(state, { type: 'search-edit', op: { type: 'insert', text: action.text } }, index);
    case 'search-backspace':
      return inventoryReducer(state, { type: 'search-edit', op: { type: 'backspace' } }, index);
    case 'search-edit': {
      const f = editField({ text: state.query, cursor: state.queryCursor }, action.op);
      if (f.text === state.query) return f.cursor === state.queryCursor ? state : { ...state, queryCursor: f.cursor };
      // A query that still contains the old one can only narrow the rows: search within them.
      const narrower = state.query.trim() !== '' && f.text.trim().toLowerCase().includes(state.query.trim().toLowerCase());
      return refilter(state, index, { query: f.text, queryCursor: f.cursor }, narrower ? state.rows : undefined);
    }
    case 'search-done':
      return { ...state, searching: false };
    case 'search-cancel':
      return refilter(state, index, { query: '', queryCursor: 0, searching: false });
    case 'resize': {
      const height = Math.max(1, action.height);
      return { ...state, height, list: settle(state.list, n, height) };
    }
    case 'toggle-errors':
      return { ...state, showErrors: !state.showErrors, errorTop: 0, searching: false };
    case 'errors-scroll':
      return { ...state, errorTop: scrollTo(state.errorTop, action.how, action.lines, action.height) };
    case 'reindex':
      // The old rows point into the old index: keep only the site named.
      return refilter({ ...state, rows: [] }, index, {}, undefined, action.selectId);
  }
}
