// "May I buy this?": choose a site, type a manufacturer, choose an equipment kind; then the answer.
// The state is a plain reducer; the answer is read from a SiteResult the core Evaluator produced for
// the site with the proposed item added as `planned` (see ask.ts), never decided here.
import type { Finding, LimbResult, ScopeResult, SiteResult } from '../model.js';
import type { Ruleset, SupplierDef } from '../rules/ruleset.js';
import { createRegister, type Register } from '../engine/register.js';
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

/** Is the site one where the exclusion applies (or may)? From the result's exclusion, else its verdict. */
export type SiteStanding = 'sensitive' | 'extended' | 'determined' | 'undetermined' | 'scope-unknown' | 'not-sensitive';

export type BuyAnswer =
  /** The instruction does not apply to this site at all (its scope rule says so, quoted). */
  | { readonly kind: 'out-of-scope'; readonly scope: ScopeResult; readonly findings: readonly Finding[] }
  /** A listed manufacturer where the exclusion applies: the item's findings, quoted. */
  | { readonly kind: 'not-permitted'; readonly limbs: readonly LimbResult[]; readonly supplier: SupplierDef; readonly findings: readonly Finding[]; readonly standing: SiteStanding }
  /** A listed manufacturer where the exclusion may apply: the facts that would settle it. */
  | { readonly kind: 'cannot-say'; readonly decidingFacts: readonly string[]; readonly limbs: readonly LimbResult[]; readonly supplier: SupplierDef; readonly findings: readonly Finding[] }
  /** Not on the register (or `unknown`, or a near miss) where the exclusion applies or may: confirm who produced it. */
  | { readonly kind: 'confirm-maker'; readonly reason: MakerReason; readonly suggestions: readonly string[]; readonly standing: SiteStanding; readonly limbs: readonly LimbResult[]; readonly findings: readonly Finding[] }
  /** The exclusion does not apply at this site, but the maker is listed or not known: no green tick. */
  | { readonly kind: 'not-stopped'; readonly reason: 'listed' | MakerReason; readonly suggestions: readonly string[]; readonly limbs: readonly LimbResult[]; readonly supplier?: SupplierDef; readonly findings: readonly Finding[] }
  /** Every limb not met, and the maker known and not on the register: the only green answer. */
  | { readonly kind: 'permitted'; readonly limbs: readonly LimbResult[]; readonly findings: readonly Finding[] };

/** Why a maker that matched no register entry is still in doubt. */
export type MakerReason = 'unlisted' | 'unknown' | 'near-miss';

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
  /** The evaluation the answer was read from: the site with the item added as planned. */
  readonly result?: SiteResult;
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
  | { readonly type: 'answered'; readonly answer?: BuyAnswer; readonly result?: SiteResult; readonly error?: string }
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
      return { ...state, answer: action.answer, result: action.result, error: action.error };
    case 'resize': {
      const height = Math.max(1, action.height);
      return { ...state, height, list: settle(state.list, state.rows.length, height) };
    }
  }
}

const REGISTERS = new WeakMap<Ruleset, Register>();

/** The supplier register of a ruleset (src/engine/register.ts), built once per ruleset. */
export function registerFor(ruleset: Ruleset): Register {
  let register = REGISTERS.get(ruleset);
  if (!register) REGISTERS.set(ruleset, (register = createRegister(ruleset.suppliers, ruleset.supplierSuffixes)));
  return register;
}

/**
 * "Did you mean …?" while the officer types: the register's own near-miss answer
 * (src/engine/register.ts), the same one check and the buy answer give. A hint only: whether a
 * name is on the register is the register matcher's answer, never this.
 */
export function didYouMean(ruleset: Ruleset, typed: string): string[] {
  const register = registerFor(ruleset);
  if (register.matchSupplier(typed)) return [];
  const near = register.nearMiss(typed);
  return near ? [near.alias] : [];
}

/** Where the site stands on the exclusion, read from the result (never worked out here). */
export function standing(result: SiteResult): SiteStanding {
  if (result.scope?.outcome === 'unknown') return 'scope-unknown';
  const ex = result.exclusion;
  if (ex) {
    if (ex.outcome === 'met') return ex.why.includes('verdict') ? 'sensitive' : ex.why.includes('extend_measures') ? 'extended' : 'determined';
    if (ex.outcome === 'unknown') return 'undetermined';
    return 'not-sensitive';
  }
  if (result.extendMeasures === true) return 'extended';
  if (result.determination?.verdict === 'sensitive') return 'determined';
  return result.verdict;
}

/**
 * Read the answer from the evaluation of the site with the proposed item added (`proposedId`,
 * status planned): the same Evaluator and obligation rules as `check`. `supplier` is the register
 * entry the manufacturer matched, if any; `suggestions` the register names close to it.
 */
export function buyAnswer(result: SiteResult, proposedId: string, supplier: SupplierDef | undefined, manufacturer: string, suggestions: readonly string[] = []): BuyAnswer {
  const findings = result.findings.filter((f) => f.equipment === proposedId);
  if (result.scope?.outcome === 'out-of-scope') return { kind: 'out-of-scope', scope: result.scope, findings };
  const where = standing(result);
  const met = result.limbs.filter((l) => l.outcome === 'met');
  if (supplier) {
    if (findings.some((f) => f.outcome === 'met' && f.severity === 'error')) return { kind: 'not-permitted', limbs: met, supplier, findings, standing: where };
    if (findings.some((f) => f.outcome === 'unknown') || where !== 'not-sensitive') {
      return { kind: 'cannot-say', decidingFacts: result.decidingFacts, limbs: result.limbs.filter((l) => l.outcome === 'unknown'), supplier, findings };
    }
    return { kind: 'not-stopped', reason: 'listed', suggestions: [], limbs: result.limbs, supplier, findings };
  }
  const reason: MakerReason = /^\s*unknown\s*$/i.test(manufacturer) || manufacturer.trim() === '' ? 'unknown' : suggestions.length > 0 ? 'near-miss' : 'unlisted';
  if (where !== 'not-sensitive') return { kind: 'confirm-maker', reason, suggestions, standing: where, limbs: met.length ? met : result.limbs.filter((l) => l.outcome === 'unknown'), findings };
  const everyLimbNotMet = result.limbs.length > 0 && result.limbs.every((l) => l.outcome === 'not-met');
  if (reason === 'unlisted' && everyLimbNotMet) return { kind: 'permitted', limbs: result.limbs, findings };
  return { kind: 'not-stopped', reason, suggestions, limbs: result.limbs, findings };
}
