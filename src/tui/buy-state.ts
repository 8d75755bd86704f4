// "May I buy this?": choose a site, type a manufacturer, choose an equipment kind; then the answer.
// The state is a plain reducer; the answer is read from a SiteResult the core Evaluator produced for
// the site with the proposed item added as `planned` (see ask.ts), never decided here.
import type { LimbResult, SiteResult } from '../model.js';
import type { SupplierDef } from '../rules/ruleset.js';
import type { SiteIndex } from './site-index.js';
import { moveBy, settle, START, type ListWindow } from './list-window.js';
import { editField, type EditOp } from './field.js';
import { scrollTo, type ScrollHow } from './scroll.js';

export type BuyStep = 'site' | 'maker' | 'kind' | 'answer';

export const EQUIPMENT_KINDS = ['cctv-camera', 'nvr', 'access-control', 'other'] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];
export const KIND_LABEL: Record<EquipmentKind, string> = {
  'cctv-camera': 'CCTV camera',
  nvr: 'network video recorder (NVR)',
  'access-control': 'access-control equipment',
  other: 'other surveillance equipment',
};

export type BuyAnswer =
  | { readonly kind: 'not-permitted'; readonly limbs: readonly LimbResult[]; readonly supplier: SupplierDef }
  | { readonly kind: 'permitted'; readonly reason: 'not-listed' | 'not-sensitive'; readonly limbs: readonly LimbResult[]; readonly supplier?: SupplierDef }
  | { readonly kind: 'cannot-say'; readonly decidingFacts: readonly string[]; readonly limbs: readonly LimbResult[]; readonly supplier: SupplierDef };

export interface BuyState {
  readonly step: BuyStep;
  readonly query: string;
  readonly queryCursor: number;
  readonly rows: readonly number[];
  readonly list: ListWindow;
  readonly height: number;
  readonly siteId?: string;
  readonly maker: string;
  readonly makerCursor: number;
  /** The highlighted completion (-1: none). */
  readonly completion: number;
  readonly kind: number;
  readonly answer?: BuyAnswer;
  readonly error?: string;
  /** First line of the answer shown (it can be longer than the screen). */
  readonly answerTop: number;
}

export type BuyAction =
  | { readonly type: 'input'; readonly text: string }
  | { readonly type: 'backspace' }
  | { readonly type: 'edit'; readonly op: EditOp }
  | { readonly type: 'choose'; readonly index: number }
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'complete'; readonly completions: readonly string[]; readonly delta?: number }
  | { readonly type: 'scroll'; readonly how: ScrollHow; readonly lines: number; readonly height: number }
  | { readonly type: 'refresh' }
  | { readonly type: 'accept'; readonly completions: readonly string[] }
  | { readonly type: 'back' }
  | { readonly type: 'answered'; readonly answer?: BuyAnswer; readonly error?: string }
  | { readonly type: 'resize'; readonly height: number };

export function initialBuy(index: SiteIndex, height: number, siteId?: string): BuyState {
  const rows = index.filter('id', 'all', '');
  const base: BuyState = { step: 'site', query: '', queryCursor: 0, rows, list: START, height, maker: '', makerCursor: 0, completion: -1, kind: 0, answerTop: 0 };
  if (siteId !== undefined && index.indexOf(siteId) >= 0) return { ...base, step: 'maker', siteId };
  return base;
}

/** Register names and aliases that contain what was typed (case-insensitive), names first. */
export function completions(suppliers: readonly SupplierDef[], typed: string): string[] {
  const t = typed.trim().toLowerCase();
  if (t === '') return [];
  const out: string[] = [];
  for (const s of suppliers) {
    for (const name of [s.name, ...s.aliases]) {
      if (name.toLowerCase().includes(t) && !out.includes(name)) out.push(name);
    }
  }
  return out.sort((a, b) => Number(!a.toLowerCase().startsWith(t)) - Number(!b.toLowerCase().startsWith(t)) || a.length - b.length);
}

export function buyReducer(state: BuyState, action: BuyAction, index: SiteIndex): BuyState {
  switch (action.type) {
    case 'input':
      return buyReducer(state, { type: 'edit', op: { type: 'insert', text: action.text } }, index);
    case 'backspace':
      return buyReducer(state, { type: 'edit', op: { type: 'backspace' } }, index);
    case 'edit': {
      if (state.step === 'site') {
        const f = editField({ text: state.query, cursor: state.queryCursor }, action.op);
        if (f.text === state.query) return { ...state, queryCursor: f.cursor };
        const narrower = state.query.trim() !== '' && f.text.trim().toLowerCase().includes(state.query.trim().toLowerCase());
        const rows = index.filter('id', 'all', f.text, narrower ? state.rows : undefined);
        return { ...state, query: f.text, queryCursor: f.cursor, rows, list: settle(START, rows.length, state.height) };
      }
      if (state.step === 'maker') {
        const f = editField({ text: state.maker, cursor: state.makerCursor }, action.op);
        return f.text === state.maker ? { ...state, makerCursor: f.cursor } : { ...state, maker: f.text, makerCursor: f.cursor, completion: -1, error: undefined };
      }
      return state;
    }
    case 'choose':
      // A number picks the kind and goes on, as in the wizard.
      if (state.step !== 'kind' || action.index < 0 || action.index >= EQUIPMENT_KINDS.length) return state;
      return buyReducer({ ...state, kind: action.index }, { type: 'accept', completions: [] }, index);
    case 'move':
      if (state.step === 'site') return { ...state, list: moveBy(state.list, action.delta, state.rows.length, state.height) };
      if (state.step === 'kind') return { ...state, kind: (state.kind + action.delta + EQUIPMENT_KINDS.length) % EQUIPMENT_KINDS.length };
      return state;
    case 'scroll':
      return state.step === 'answer' ? { ...state, answerTop: scrollTo(state.answerTop, action.how, action.lines, action.height) } : state;
    case 'complete': {
      // Tab: cycle through the completions, filling in the manufacturer.
      if (state.step !== 'maker' || action.completions.length === 0) return state;
      const n = action.completions.length;
      const completion = state.completion < 0 && (action.delta ?? 1) < 0 ? n - 1 : (state.completion + (action.delta ?? 1) + n) % n;
      return { ...state, completion };
    }
    case 'accept':
      if (state.step === 'site') {
        const i = state.rows[state.list.cursor];
        return i === undefined ? state : { ...state, step: 'maker', siteId: index.sites[i]!.id };
      }
      if (state.step === 'maker') {
        const chosen = state.completion >= 0 ? action.completions[state.completion] : undefined;
        const maker = (chosen ?? state.maker).trim();
        if (maker === '') return { ...state, error: 'Type the manufacturer’s name.' };
        return { ...state, maker, makerCursor: [...maker].length, completion: -1, step: 'kind', error: undefined };
      }
      if (state.step === 'kind') return { ...state, step: 'answer', answer: undefined, error: undefined, answerTop: 0 };
      return state;
    case 'back': {
      const prev: Record<BuyStep, BuyStep | undefined> = { site: undefined, maker: 'site', kind: 'maker', answer: 'kind' };
      const step = prev[state.step];
      if (!step) return state;
      // Leaving the manufacturer box empties it: what the header shows is what the box holds.
      if (state.step === 'maker') return { ...state, step, maker: '', makerCursor: 0, completion: -1, answer: undefined, error: undefined };
      return { ...state, step, answer: undefined, error: undefined };
    }
    case 'refresh':
      // The inventory was read again (after a save): ask again.
      return state.step === 'answer' ? { ...state, answer: undefined, error: undefined } : state;
    case 'answered':
      return { ...state, answer: action.answer, error: action.error };
    case 'resize': {
      const height = Math.max(1, action.height);
      return { ...state, height, list: settle(state.list, state.rows.length, height) };
    }
  }
}

/**
 * Read the answer from the evaluation of the site with the proposed item added (`proposedId`,
 * status planned). `supplier` is the register entry the manufacturer matched, if any.
 */
export function buyAnswer(result: SiteResult, proposedId: string, supplier: SupplierDef | undefined): BuyAnswer {
  const mine = result.findings.filter((f) => f.equipment === proposedId);
  if (supplier && mine.some((f) => f.kind === 'prohibited-equipment')) {
    return { kind: 'not-permitted', limbs: result.limbs.filter((l) => l.outcome === 'met'), supplier };
  }
  if (supplier && mine.some((f) => f.kind === 'equipment-at-risk')) {
    return { kind: 'cannot-say', decidingFacts: result.decidingFacts, limbs: result.limbs.filter((l) => l.outcome === 'unknown'), supplier };
  }
  if (result.verdict === 'not-sensitive') {
    return { kind: 'permitted', reason: 'not-sensitive', limbs: result.limbs, ...(supplier ? { supplier } : {}) };
  }
  return { kind: 'permitted', reason: 'not-listed', limbs: result.limbs };
}
