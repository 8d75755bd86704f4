// The whole TUI's state: which screens are open (a stack: q/Esc pops), each screen's own state,
// the help overlay and the terminal size. One plain reducer over the screens' reducers, and one
// pure function that turns a key into an action; both are tested without rendering.
import type { Key } from 'ink';
import type { SiteIndex } from './site-index.js';
import { initialInventory, inventoryReducer, selectedSite, type InventoryAction, type InventoryState } from './inventory-state.js';
import { buyReducer, EQUIPMENT_KINDS, initialBuy, type BuyAction, type BuyState } from './buy-state.js';
import { currentQuestion, onReview, settled, wizardReducer, type WizardAction, type WizardState } from './wizard-state.js';
import { scrollBy } from './list-window.js';

export type Screen = 'inventory' | 'site' | 'buy' | 'wizard';

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

export interface AppState {
  readonly stack: readonly Screen[];
  readonly help: boolean;
  readonly size: Size;
  readonly inventory: InventoryState;
  readonly site?: { readonly id: string; readonly top: number };
  readonly buy?: BuyState;
  readonly wizard?: WizardState;
  /** Commands waiting for the App to carry out (quit, reload). */
  readonly commands: readonly Command[];
  /** A one-off message (such as why the files could not be read again); the next key clears it. */
  readonly notice?: string;
}

export type AppAction =
  | { readonly type: 'inventory'; readonly action: InventoryAction }
  | { readonly type: 'buy'; readonly action: BuyAction }
  | { readonly type: 'wizard'; readonly action: WizardAction }
  | { readonly type: 'open-site'; readonly id: string }
  | { readonly type: 'site-scroll'; readonly delta: number; readonly lines: number }
  | { readonly type: 'open-buy'; readonly siteId?: string }
  | { readonly type: 'open-wizard'; readonly wizard: WizardState }
  | { readonly type: 'back' }
  | { readonly type: 'help'; readonly open: boolean }
  | { readonly type: 'resize'; readonly size: Size }
  | { readonly type: 'commands-done'; readonly count: number }
  | { readonly type: 'notice'; readonly text: string };

/** Things the App does itself (they need the process, or are asynchronous). */
export type Command =
  | { readonly type: 'quit' }
  | { readonly type: 'reload' };

/** Rows of the inventory list that fit: the rest is the header, column titles and the key line. */
export const inventoryHeight = (size: Size): number => Math.max(3, size.rows - 6);
/** Lines of the site explanation that fit. */
export const textHeight = (size: Size): number => Math.max(3, size.rows - 4);
/** Rows of the site chooser in "May I buy this?". */
export const chooserHeight = (size: Size): number => Math.max(3, size.rows - 9);

export function top(state: AppState): Screen {
  return state.stack[state.stack.length - 1] ?? 'inventory';
}

export function initialApp(index: SiteIndex, size: Size): AppState {
  return { stack: ['inventory'], help: false, size, inventory: initialInventory(index, inventoryHeight(size)), commands: [] };
}

export function appReducer(state: AppState, action: AppAction, index: SiteIndex): AppState {
  switch (action.type) {
    case 'inventory':
      return { ...state, inventory: inventoryReducer(state.inventory, action.action, index) };
    case 'buy':
      return state.buy ? { ...state, buy: buyReducer(state.buy, action.action, index) } : state;
    case 'wizard':
      return state.wizard ? { ...state, wizard: wizardReducer(state.wizard, action.action) } : state;
    case 'open-site':
      return index.indexOf(action.id) < 0 ? state : { ...state, stack: [...state.stack, 'site'], site: { id: action.id, top: 0 } };
    case 'site-scroll':
      return state.site ? { ...state, site: { ...state.site, top: scrollBy(state.site.top, action.delta, action.lines, textHeight(state.size)) } } : state;
    case 'open-buy':
      return { ...state, stack: [...state.stack, 'buy'], buy: initialBuy(index, chooserHeight(state.size), action.siteId) };
    case 'open-wizard':
      return { ...state, stack: [...state.stack, 'wizard'], wizard: action.wizard };
    case 'back': {
      if (state.stack.length <= 1) return state;
      const leaving = top(state);
      const stack = state.stack.slice(0, -1);
      return {
        ...state,
        stack,
        ...(leaving === 'buy' && !stack.includes('buy') ? { buy: undefined } : {}),
        ...(leaving === 'wizard' && !stack.includes('wizard') ? { wizard: undefined } : {}),
      };
    }
    case 'help':
      return { ...state, help: action.open };
    case 'notice':
      return { ...state, notice: action.text };
    case 'commands-done':
      return { ...state, commands: state.commands.slice(action.count) };
    case 'resize': {
      const size = action.size;
      return {
        ...state,
        size,
        inventory: inventoryReducer(state.inventory, { type: 'resize', height: inventoryHeight(size) }, index),
        ...(state.buy ? { buy: buyReducer(state.buy, { type: 'resize', height: chooserHeight(size) }, index) } : {}),
      };
    }
  }
}

const CONTROL_KEYS: Readonly<Record<string, Partial<Key>>> = {
  '\r': { return: true },
  '\n': { return: true },
  '\t': { tab: true },
  '\u007f': { backspace: true },
  '\b': { backspace: true },
};

/**
 * Split what the terminal delivered into keys. Ink passes a burst of plain bytes (typed fast,
 * pasted, or sent by a script) as one input, Enters and Tabs included: "N-1\rName\r" must be
 * N-1, Enter, Name, Enter. Runs of ordinary characters stay together (typed text).
 */
export function splitKeys(input: string, key: Partial<Key>): (readonly [string, Partial<Key>])[] {
  if (input.length <= 1 || key.ctrl || key.meta || !/[\r\n\t\u007f\b]/.test(input)) return [[input, key]];
  const out: (readonly [string, Partial<Key>])[] = [];
  for (const part of input.split(/([\r\n\t\u007f\b])/)) {
    if (part === '') continue;
    const control = CONTROL_KEYS[part];
    out.push(control ? ['', control] : [part, {}]);
  }
  return out;
}

/** A key that types a character (not a control or navigation key). */
export function printable(input: string, key: Partial<Key>): boolean {
  return input.length > 0 && !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab && !key.backspace && !key.delete
    && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown
    // No control characters (C0, DEL, C1) or bidirectional overrides: typed text is text.
    && !/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(input);
}

/** Is the user typing text on the current screen (so letters are text, not commands)? */
export function typing(state: AppState): boolean {
  switch (top(state)) {
    case 'inventory':
      return state.inventory.searching;
    case 'buy':
      return state.buy?.step === 'site' || state.buy?.step === 'maker';
    case 'wizard': {
      const w = state.wizard;
      if (!w || w.status !== 'editing') return false;
      const q = currentQuestion(w);
      return q ? q.kind !== 'choice' : w.mode === 'new';
    }
    default:
      return false;
  }
}

export interface KeyContext {
  readonly index: SiteIndex;
  /** Input errors in the report (for scrolling their list). */
  readonly errorCount: number;
  /** Lines in the open site's explanation (for scrolling). */
  readonly siteLines: (state: AppState) => number;
  /** Completions for the manufacturer typed so far. */
  readonly completions: (state: AppState) => readonly string[];
  /** The wizard's first state, for a new site or (with an id) the unknown facts of that site. */
  readonly wizardFor: (siteId?: string) => WizardState | undefined;
}

function openWizard(ctx: KeyContext, siteId?: string): AppAction | undefined {
  const wizard = ctx.wizardFor(siteId);
  return wizard ? { type: 'open-wizard', wizard } : undefined;
}

const nav = (key: Partial<Key>, input: string): number | 'home' | 'end' | undefined => {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.pageUp) return -10_000;
  if (key.pageDown) return 10_000;
  if (key.home || input === 'g') return 'home';
  if (key.end || input === 'G') return 'end';
  return undefined;
};

const COMMANDS = new Set<string>(['quit', 'reload']);

export function isCommand(a: AppAction | Command): a is Command {
  return COMMANDS.has(a.type);
}

/**
 * Apply a key to the state. Keys are applied in the reducer, against the latest state, because
 * several can arrive before the screen is drawn again (a pasted word, a fast typist): each must see
 * the state the previous one left. Commands are queued for the App.
 */
export function applyKey(state: AppState, input: string, key: Partial<Key>, ctx: KeyContext): AppState {
  // Several command keys in one burst ("eo"): one at a time, each against the state the last left.
  if ([...input].length > 1 && !key.ctrl && !key.meta && !typing(state) && printable(input, key)) {
    return [...input].reduce((s, ch) => applyKey(s, ch, key, ctx), state);
  }
  if (state.notice !== undefined) state = { ...state, notice: undefined };
  const result = keyAction(state, input, key, ctx);
  if (!result) return state;
  if (isCommand(result)) return { ...state, commands: [...state.commands, result] };
  return appReducer(state, result, ctx.index);
}

/** What a key does in the current state. */
export function keyAction(state: AppState, input: string, key: Partial<Key>, ctx: KeyContext): AppAction | Command | undefined {
  if (state.help) return { type: 'help', open: false };
  const isTyping = typing(state);
  if (input === '?' && !isTyping) return { type: 'help', open: true };
  switch (top(state)) {
    case 'inventory':
      return inventoryKey(state, input, key, ctx);
    case 'site':
      return siteKey(state, input, key, ctx);
    case 'buy':
      return buyKey(state, input, key, ctx);
    case 'wizard':
      return wizardKey(state, input, key);
  }
}

function inventoryKey(state: AppState, input: string, key: Partial<Key>, ctx: KeyContext): AppAction | Command | undefined {
  const inv = state.inventory;
  const act = (action: InventoryAction): AppAction => ({ type: 'inventory', action });
  if (inv.searching) {
    if (key.escape) return act({ type: 'search-cancel' });
    if (key.return) return act({ type: 'search-done' });
    if (key.backspace || key.delete) return act({ type: 'search-backspace' });
    if (key.upArrow) return act({ type: 'move', delta: -1 });
    if (key.downArrow) return act({ type: 'move', delta: 1 });
    if (printable(input, key)) return act({ type: 'search-input', text: input });
    return undefined;
  }
  if (inv.showErrors) {
    if (key.escape || input === 'q' || input === 'e') return act({ type: 'toggle-errors' });
    const n = nav(key, input);
    const count = ctx.errorCount;
    if (n === 'home') return act({ type: 'errors-scroll', delta: -Infinity, count });
    if (n === 'end') return act({ type: 'errors-scroll', delta: Infinity, count });
    if (typeof n === 'number') return act({ type: 'errors-scroll', delta: Math.abs(n) === 10_000 ? Math.sign(n) * 5 : n, count });
    return undefined;
  }
  const n = nav(key, input);
  if (n === 'home') return act({ type: 'home' });
  if (n === 'end') return act({ type: 'end' });
  if (n === -10_000 || n === 10_000) return act({ type: 'page', direction: n > 0 ? 1 : -1 });
  if (typeof n === 'number') return act({ type: 'move', delta: n });
  if (key.return) {
    const id = selectedSite(inv, ctx.index);
    return id === undefined ? undefined : { type: 'open-site', id };
  }
  if (key.escape) return inv.query !== '' ? act({ type: 'search-cancel' }) : { type: 'quit' };
  switch (input) {
    case 'q':
      return { type: 'quit' };
    case '/':
      return act({ type: 'search-start' });
    case 'a':
      return act({ type: 'filter', verdict: 'all' });
    case 's':
      return act({ type: 'filter', verdict: 'sensitive' });
    case 'n':
      return act({ type: 'filter', verdict: 'not-sensitive' });
    case 'u':
      return act({ type: 'filter', verdict: 'undetermined' });
    case 'o':
      return act({ type: 'sort-next' });
    case 'e':
      return act({ type: 'toggle-errors' });
    case 'b':
      return { type: 'open-buy' };
    case 'w':
      return openWizard(ctx);
    case 'r':
      return { type: 'reload' };
  }
  return undefined;
}

function siteKey(state: AppState, input: string, key: Partial<Key>, ctx: KeyContext): AppAction | Command | undefined {
  if (key.escape || input === 'q') return { type: 'back' };
  const page = textHeight(state.size) - 1;
  const n = nav(key, input);
  if (n === 'home') return { type: 'site-scroll', delta: -Infinity, lines: ctx.siteLines(state) };
  if (n === 'end') return { type: 'site-scroll', delta: Infinity, lines: ctx.siteLines(state) };
  if (typeof n === 'number') return { type: 'site-scroll', delta: Math.abs(n) === 10_000 ? Math.sign(n) * page : n, lines: ctx.siteLines(state) };
  if (input === ' ') return { type: 'site-scroll', delta: page, lines: ctx.siteLines(state) };
  if (input === 'b' && state.site) return { type: 'open-buy', siteId: state.site.id };
  if (input === 'w' && state.site) return openWizard(ctx, state.site.id);
  return undefined;
}

function buyKey(state: AppState, input: string, key: Partial<Key>, ctx: KeyContext): AppAction | Command | undefined {
  const buy = state.buy;
  if (!buy) return { type: 'back' };
  const act = (action: BuyAction): AppAction => ({ type: 'buy', action });
  if (key.escape || (input === 'q' && (buy.step === 'kind' || buy.step === 'answer'))) {
    // Esc steps back; from the first step (or the maker, when the site was given) it leaves.
    if (buy.step === 'site' || (buy.step === 'maker' && state.stack.at(-2) === 'site')) return { type: 'back' };
    if (buy.step === 'answer' && input === 'q') return { type: 'back' };
    return act({ type: 'back' });
  }
  const completions = buy.step === 'maker' ? ctx.completions(state) : [];
  if (key.return) return act({ type: 'accept', completions });
  if (key.upArrow) return act(buy.step === 'maker' ? { type: 'complete', completions, delta: -1 } : { type: 'move', delta: -1 });
  if (key.downArrow) return act(buy.step === 'maker' ? { type: 'complete', completions, delta: 1 } : { type: 'move', delta: 1 });
  if (key.tab) return act({ type: 'complete', completions, delta: key.shift ? -1 : 1 });
  if (buy.step === 'answer' && (key.pageUp || key.pageDown)) return act({ type: 'scroll', delta: key.pageUp ? -10 : 10 });
  if (key.backspace || key.delete) return act({ type: 'backspace' });
  if (buy.step === 'kind' && /^[1-9]$/.test(input)) {
    const i = Number(input) - 1;
    if (i < EQUIPMENT_KINDS.length) return act({ type: 'move', delta: i - buy.kind });
  }
  if (buy.step === 'answer') {
    if (input === 'w' && buy.siteId) return openWizard(ctx, buy.siteId);
    return undefined;
  }
  if (printable(input, key)) return act({ type: 'input', text: input });
  return undefined;
}

function wizardKey(state: AppState, input: string, key: Partial<Key>): AppAction | Command | undefined {
  const w = state.wizard;
  if (!w) return { type: 'back' };
  const act = (action: WizardAction): AppAction => ({ type: 'wizard', action });
  if (w.status === 'saving') return undefined;
  if (w.status === 'saved') return key.return || key.escape || input === 'q' ? { type: 'back' } : undefined;
  if (w.status === 'confirm-leave') {
    if (input === 'y' || input === 'Y') return { type: 'back' };
    return act({ type: 'leave-cancel' });
  }
  if (key.escape) return Object.keys(w.answers).length === 0 ? { type: 'back' } : act({ type: 'leave-request' });
  if (key.tab && key.shift) return act({ type: 'back' });
  if (key.leftArrow) return act({ type: 'back' });
  if (key.tab) return act({ type: 'skip' });
  if (key.return) return act({ type: 'accept' });
  const q = currentQuestion(w);
  if (q?.kind === 'choice') {
    if (key.upArrow || input === 'k') return act({ type: 'choice-move', delta: -1 });
    if (key.downArrow || input === 'j') return act({ type: 'choice-move', delta: 1 });
    if (/^[1-9]$/.test(input)) return act({ type: 'choose', index: Number(input) - 1 });
    // `s` saves early only once the verdict is settled (on a typed answer it is just a letter).
    if (input === 's' && settled(w)) return act({ type: 'save' });
    return undefined;
  }
  if (onReview(w) && w.mode === 'existing') return input === 's' ? act({ type: 'save' }) : undefined;
  if (key.backspace || key.delete) return act({ type: 'backspace' });
  if (printable(input, key)) return act({ type: 'input', text: input });
  return undefined;
}
