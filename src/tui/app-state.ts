// The whole TUI's state: which screens are open (a stack: Esc or q goes back), each screen's own
// state, the help overlay and the terminal size. One plain reducer over the screens' reducers; and
// for each screen (and mode) one table of key bindings, from which the key handler, the footer and
// the help are all made (keymap.ts). All of it is tested without rendering.
import type { Key } from 'ink';
import type { SiteIndex } from './site-index.js';
import { initialInventory, inventoryReducer, selectedSite, type InventoryAction, type InventoryState } from './inventory-state.js';
import { buyReducer, EQUIPMENT_KINDS, initialBuy, type BuyAction, type BuyState } from './buy-state.js';
import { currentQuestion, onReview, settled, wizardReducer, type WizardAction, type WizardState } from './wizard-state.js';
import { bind, findBinding, keyName, type Binding } from './keymap.js';
import { scrollTo, type ScrollHow } from './scroll.js';
import { editField, type EditOp } from './field.js';
import type { Recorder } from './audit.js';

export type Screen = 'inventory' | 'site' | 'buy' | 'wizard';

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

export interface AppState {
  readonly stack: readonly Screen[];
  readonly help: boolean;
  /** First line of the help shown (it scrolls like every long screen). */
  readonly helpTop: number;
  readonly size: Size;
  readonly inventory: InventoryState;
  readonly site?: { readonly id: string; readonly top: number };
  readonly buy?: BuyState;
  readonly wizard?: WizardState;
  /** Asking "Quit sitecheck?" (q on the inventory). */
  readonly quitAsk: boolean;
  /** Who records answers and on what authority: asked at the first save, kept for the session. */
  readonly recorder?: Recorder;
  /** Choosing one of the site's equipment items to edit or remove (i on the site screen). */
  readonly pickItem?: { readonly cursor: number };
  /** Asking who is asking (before an evidence record, when not yet known this session). */
  readonly askWho?: { readonly by: string; readonly authority: string; readonly focus: 0 | 1; readonly cursor: number; readonly error?: string; readonly then: Command };
  /** Commands waiting for the App to carry out (quit, reload, repaint). */
  readonly commands: readonly Command[];
  /** A one-off message (such as why the files could not be read again); the next key clears it. */
  readonly notice?: string;
}

/** The long views that scroll. */
export type ScrollTarget = 'site' | 'buy' | 'errors' | 'preview' | 'help';

export type AppAction =
  | { readonly type: 'inventory'; readonly action: InventoryAction }
  | { readonly type: 'buy'; readonly action: BuyAction }
  | { readonly type: 'wizard'; readonly action: WizardAction }
  | { readonly type: 'open-site'; readonly id: string }
  | { readonly type: 'scroll'; readonly target: ScrollTarget; readonly how: ScrollHow; readonly lines: number }
  | { readonly type: 'open-buy'; readonly siteId?: string }
  | { readonly type: 'open-wizard'; readonly wizard: WizardState }
  | { readonly type: 'back' }
  | { readonly type: 'help'; readonly open: boolean }
  | { readonly type: 'quit-ask'; readonly open: boolean }
  | { readonly type: 'recorder'; readonly recorder: Recorder }
  | { readonly type: 'pick-item'; readonly open: boolean }
  | { readonly type: 'pick-move'; readonly delta: number; readonly count: number }
  | { readonly type: 'ask-who'; readonly then: Command }
  | { readonly type: 'ask-who-edit'; readonly op: EditOp }
  | { readonly type: 'ask-who-next' }
  | { readonly type: 'ask-who-focus' }
  | { readonly type: 'ask-who-cancel' }
  | { readonly type: 'resize'; readonly size: Size }
  | { readonly type: 'commands-done'; readonly count: number }
  | { readonly type: 'notice'; readonly text: string };

/** Things the App does itself (they need the process, or are asynchronous). */
export type Command =
  | { readonly type: 'quit' }
  | { readonly type: 'reload' }
  /** Clear the terminal and draw the whole screen again (Ctrl-L, and after a resize). */
  | { readonly type: 'repaint' }
  /** Read the files again after a save conflict, then work out the wizard's change again. */
  | { readonly type: 'reload-reapply' }
  /** Write an evidence record of the answer or site on screen. */
  | { readonly type: 'evidence' };

/** Rows of the inventory list that fit: the rest is the title, verdict and finding counts, search line, column titles and the footer. */
export const inventoryHeight = (size: Size): number => Math.max(3, size.rows - 6);
/** Lines of the site explanation that fit (the rest: the "more" line and the footer). */
export const textHeight = (size: Size): number => Math.max(3, size.rows - 2);
/** Rows of the site chooser in "May I buy this?". */
export const chooserHeight = (size: Size): number => Math.max(3, size.rows - 6);
/** Lines of the buy answer that fit (title, the choices so far, a blank, the "more" line, the footer). */
export const answerHeight = (size: Size): number => Math.max(3, size.rows - 5);
/** Lines of the input-error list that fit. */
export const errorsHeight = (size: Size): number => Math.max(2, size.rows - 8);
/** Lines of the change preview that fit (title, file, flagged comments, "more", footer). */
export const previewHeight = (size: Size, flags: number): number => Math.max(3, size.rows - 5 - Math.min(flags, 4));
/** Lines of the help that fit. */
export const helpHeight = (size: Size): number => Math.max(3, size.rows - 4);

export function heightOf(target: ScrollTarget, state: AppState): number {
  switch (target) {
    case 'site':
      return textHeight(state.size);
    case 'buy':
      return answerHeight(state.size);
    case 'errors':
      return errorsHeight(state.size);
    case 'preview':
      return previewHeight(state.size, state.wizard?.plan?.flags.length ?? 0);
    case 'help':
      return helpHeight(state.size);
  }
}

export function top(state: AppState): Screen {
  return state.stack[state.stack.length - 1] ?? 'inventory';
}

export function initialApp(index: SiteIndex, size: Size): AppState {
  return { stack: ['inventory'], help: false, helpTop: 0, size, inventory: initialInventory(index, inventoryHeight(size)), quitAsk: false, commands: [] };
}

export function appReducer(state: AppState, action: AppAction, index: SiteIndex): AppState {
  switch (action.type) {
    case 'inventory':
      return { ...state, inventory: inventoryReducer(state.inventory, action.action, index) };
    case 'buy':
      return state.buy ? { ...state, buy: buyReducer(state.buy, action.action, index) } : state;
    case 'wizard': {
      if (!state.wizard) return state;
      let wizard = wizardReducer(state.wizard, action.action);
      // Who records is asked once a session: after it is given, remember it.
      let recorder = state.recorder;
      if (state.wizard.status === 'who' && wizard.status === 'preparing' && state.wizard.who) {
        recorder = { by: state.wizard.who.by.trim(), authority: state.wizard.who.authority.trim() };
        wizard = { ...wizard, who: undefined };
      }
      return { ...state, wizard, ...(recorder ? { recorder } : {}) };
    }
    case 'open-site':
      return index.indexOf(action.id) < 0 ? state : { ...state, stack: [...state.stack, 'site'], site: { id: action.id, top: 0 } };
    case 'scroll': {
      const h = heightOf(action.target, state);
      switch (action.target) {
        case 'site':
          return state.site ? { ...state, site: { ...state.site, top: scrollTo(state.site.top, action.how, action.lines, h) } } : state;
        case 'buy':
          return appReducer(state, { type: 'buy', action: { type: 'scroll', how: action.how, lines: action.lines, height: h } }, index);
        case 'errors':
          return appReducer(state, { type: 'inventory', action: { type: 'errors-scroll', how: action.how, lines: action.lines, height: h } }, index);
        case 'preview':
          return appReducer(state, { type: 'wizard', action: { type: 'preview-scroll', how: action.how, lines: action.lines, height: h } }, index);
        case 'help':
          return { ...state, helpTop: scrollTo(state.helpTop, action.how, action.lines, h) };
      }
      return state;
    }
    case 'open-buy':
      return { ...state, stack: [...state.stack, 'buy'], buy: initialBuy(index, chooserHeight(state.size), action.siteId) };
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
      return { ...state, help: action.open, helpTop: 0 };
    case 'quit-ask':
      return { ...state, quitAsk: action.open };
    case 'recorder':
      return { ...state, recorder: action.recorder };
    case 'pick-item':
      return { ...state, pickItem: action.open ? { cursor: 0 } : undefined };
    case 'pick-move':
      return state.pickItem ? { ...state, pickItem: { cursor: Math.min(Math.max(0, state.pickItem.cursor + action.delta), Math.max(0, action.count - 1)) } } : state;
    case 'open-wizard':
      return { ...state, pickItem: undefined, stack: [...state.stack, 'wizard'], wizard: action.wizard };
    case 'ask-who':
      return { ...state, askWho: { by: '', authority: '', focus: 0, cursor: 0, then: action.then } };
    case 'ask-who-cancel':
      return { ...state, askWho: undefined };
    case 'ask-who-focus': {
      const a = state.askWho;
      if (!a) return state;
      const focus = a.focus === 0 ? 1 : 0;
      return { ...state, askWho: { ...a, focus, cursor: [...(focus === 0 ? a.by : a.authority)].length } };
    }
    case 'ask-who-edit': {
      const a = state.askWho;
      if (!a) return state;
      const key = a.focus === 0 ? 'by' : 'authority';
      const f = editField({ text: a[key], cursor: a.cursor }, action.op);
      return { ...state, askWho: { ...a, [key]: f.text, cursor: f.cursor, error: undefined } };
    }
    case 'ask-who-next': {
      const a = state.askWho;
      if (!a) return state;
      if (a.focus === 0) {
        if (a.by.trim() === '') return { ...state, askWho: { ...a, error: 'Type who is asking (your name or post).' } };
        return { ...state, askWho: { ...a, focus: 1, cursor: [...a.authority].length, error: undefined } };
      }
      if (a.authority.trim() === '') return { ...state, askWho: { ...a, error: 'Type on what authority (a survey, a letter, a meeting…).' } };
      return { ...state, askWho: undefined, recorder: { by: a.by.trim(), authority: a.authority.trim() }, commands: [...state.commands, a.then] };
    }
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

export type Result = AppAction | Command;
export type Table = readonly Binding<Result>[];

export interface KeyContext {
  readonly index: SiteIndex;
  /** Lines in a long view as it is drawn now (to scroll to its end, and no further). */
  readonly lines: (target: ScrollTarget, state: AppState) => number;
  /** Completions for the manufacturer typed so far. */
  readonly completions: (state: AppState) => readonly string[];
  /** The wizard's first state, for a new site or (with an id) the unknown facts of that site. */
  readonly wizardFor: (siteId?: string) => WizardState | undefined;
  /** Where an id is already used in the inventory ("sites/a.yaml:3"), if it is. */
  readonly idTaken: (id: string) => string | undefined;
  /** Input errors in the report. */
  readonly errorCount: number;
  /** The wizard that records the buy answer's item as `planned` equipment at its site. */
  readonly recordPlanned?: (state: AppState) => WizardState | undefined;
  /** A site's equipment items, as one line each (for choosing one to edit or remove). */
  readonly items?: (siteId: string) => readonly string[];
  /** The wizards that add, edit or remove a site's equipment item. */
  readonly itemWizard?: (siteId: string, what: 'add' | 'edit' | 'remove', index?: number) => WizardState | undefined;
}

const COMMANDS = new Set<string>(['quit', 'reload', 'repaint', 'reload-reapply', 'evidence']);

export function isCommand(a: AppAction | Command): a is Command {
  return COMMANDS.has(a.type);
}

const HOW: Readonly<Record<string, ScrollHow>> = { up: 'up', k: 'up', down: 'down', j: 'down', pageup: 'pageup', pagedown: 'pagedown', space: 'pagedown', home: 'home', g: 'home', end: 'end', G: 'end' };

/** The one scroll model: ↑↓ j k, PgUp PgDn Space, g G Home End. */
function scrollKeys(target: ScrollTarget, state: AppState, ctx: KeyContext): Binding<Result>[] {
  const run = (name: string): Result => ({ type: 'scroll', target, how: HOW[name]!, lines: ctx.lines(target, state) });
  return [
    bind(['up', 'down', 'k', 'j'], '↑↓ j k', 'scroll a line', run, 'scroll'),
    bind(['pageup', 'pagedown', 'space'], 'PgUp PgDn Space', 'scroll a page (Space: a page down)', run),
    bind(['home', 'end', 'g', 'G'], 'g G Home End', 'the top, the end', run),
  ];
}

/** Editing a one-line text box. */
function textKeys(edit: (op: EditOp) => Result, what: string): Binding<Result>[] {
  return [
    bind(['text'], 'type', what, (_n, input) => edit({ type: 'insert', text: input })),
    bind(['backspace'], 'Backspace', 'delete the character before the cursor', () => edit({ type: 'backspace' })),
    bind(['ctrl-d'], 'Ctrl-D', 'delete the character under the cursor', () => edit({ type: 'delete' })),
    bind(['left', 'right'], '← →', 'move the cursor in the text', (n) => edit({ type: n === 'left' ? 'left' : 'right' })),
    bind(['ctrl-a', 'ctrl-e', 'home', 'end'], 'Home End', 'the start, the end of the text (also Ctrl-A, Ctrl-E)', (n) => edit({ type: n === 'ctrl-a' || n === 'home' ? 'home' : 'end' })),
  ];
}

const helpKey = bind<Result>(['?'], '?', 'these keys', () => ({ type: 'help', open: true }), 'keys');
const repaintKey = bind<Result>(['ctrl-l'], 'Ctrl-L', 'draw the screen again', () => ({ type: 'repaint' }));

/** E: write an evidence record of what is on screen (asking who asks, once a session). */
function evidenceKey(state: AppState): Binding<Result> {
  return bind(['E'], 'E', 'write an evidence record of this answer (Markdown and JSON, next to the site’s file)', () =>
    (state.recorder ? { type: 'evidence' } : { type: 'ask-who', then: { type: 'evidence' } }), 'evidence');
}

function openWizard(ctx: KeyContext, siteId?: string): Result | undefined {
  const wizard = ctx.wizardFor(siteId);
  return wizard ? { type: 'open-wizard', wizard } : undefined;
}

/** Every binding of the screen (and mode) on top, in footer order. */
export function tableFor(state: AppState, ctx: KeyContext): Table {
  if (state.help) {
    return [...scrollKeys('help', state, ctx), bind(['esc', 'q', '?', 'enter'], 'Esc q ?', 'close the help', () => ({ type: 'help', open: false }), 'close'), repaintKey];
  }
  if (state.askWho) {
    return [
      bind(['enter'], 'Enter', 'next box; on the last, go on', () => ({ type: 'ask-who-next' }), 'next'),
      bind(['tab', 'shift-tab'], 'Tab', 'the other box', () => ({ type: 'ask-who-focus' }), 'other box'),
      bind(['esc'], 'Esc', 'cancel (nothing is written)', () => ({ type: 'ask-who-cancel' }), 'cancel'),
      ...textKeys((op) => ({ type: 'ask-who-edit', op }), 'who is asking, and on what authority'),
      repaintKey,
    ];
  }
  const t = screenTable(state, ctx);
  // `?` opens the help wherever letters are not text; Ctrl-L works everywhere.
  return t.some((b) => b.keys.includes('text')) ? [...t, repaintKey] : [...t, helpKey, repaintKey];
}

function screenTable(state: AppState, ctx: KeyContext): Binding<Result>[] {
  switch (top(state)) {
    case 'inventory':
      return inventoryTable(state, ctx);
    case 'site':
      return siteTable(state, ctx);
    case 'buy':
      return buyTable(state, ctx);
    case 'wizard':
      return wizardTable(state, ctx);
  }
}

function inventoryTable(state: AppState, ctx: KeyContext): Binding<Result>[] {
  const inv = state.inventory;
  const act = (action: InventoryAction): Result => ({ type: 'inventory', action });
  if (state.quitAsk) {
    return [
      bind(['y', 'q', 'Q'], 'y', 'quit sitecheck', () => ({ type: 'quit' }), 'quit'),
      bind(['n', 'esc'], 'n Esc', 'stay', () => ({ type: 'quit-ask', open: false }), 'stay'),
    ];
  }
  if (inv.searching) {
    return [
      bind(['enter'], 'Enter', 'keep the search and go back to the list', () => act({ type: 'search-done' }), 'keep'),
      bind(['esc'], 'Esc', 'clear the search', () => act({ type: 'search-cancel' }), 'clear'),
      bind(['up', 'down'], '↑↓', 'move in the list', (n) => act({ type: 'move', delta: n === 'up' ? -1 : 1 }), 'move'),
      ...textKeys((op) => act({ type: 'search-edit', op }), 'search by id, name or organisation'),
    ];
  }
  if (inv.showErrors) {
    return [
      ...scrollKeys('errors', state, ctx),
      bind(['esc', 'q', 'e'], 'Esc q e', 'back to the sites', () => act({ type: 'toggle-errors' }), 'back'),
    ];
  }
  return [
    bind(['up', 'down', 'k', 'j'], '↑↓ j k', 'move', (n) => act({ type: 'move', delta: n === 'up' || n === 'k' ? -1 : 1 }), 'move'),
    bind(['pageup', 'pagedown', 'space'], 'PgUp PgDn Space', 'a page up / down', (n) => act({ type: 'page', direction: n === 'pageup' ? -1 : 1 })),
    bind(['home', 'end', 'g', 'G'], 'g G Home End', 'the first, the last site', (n) => act({ type: n === 'home' || n === 'g' ? 'home' : 'end' })),
    bind(['enter'], 'Enter', 'open the site: why it is (or is not) sensitive, with the law quoted', () => {
      const id = selectedSite(inv, ctx.index);
      return id === undefined ? undefined : { type: 'open-site', id };
    }, 'open'),
    bind(['/'], '/', 'search by id, name or organisation', () => act({ type: 'search-start' }), 'search'),
    ...(inv.query !== '' ? [bind<Result>(['esc'], 'Esc', 'clear the search', () => act({ type: 'search-cancel' }), 'clear')] : []),
    bind(['a', 's', 'n', 'u'], 'a s n u', 'show all / sensitive / not-sensitive / undetermined sites', (n) =>
      act({ type: 'filter', verdict: n === 'a' ? 'all' : n === 's' ? 'sensitive' : n === 'n' ? 'not-sensitive' : 'undetermined' }), 'filter'),
    bind(['b'], 'b', '“May I buy this?”', () => ({ type: 'open-buy' }), 'buy?'),
    bind(['f'], 'f', 'only sites with a finding of one kind (each press: the next kind, then all)', () => act({ type: 'kind-next' }), 'findings'),
    bind(['q'], 'q', 'quit (asks first)', () => ({ type: 'quit-ask', open: true }), 'quit'),
    bind(['o'], 'o', 'sort: file order, verdict, id, name, organisation', () => act({ type: 'sort-next' }), 'sort'),
    bind(['w'], 'w', 'record a new site, question by question', () => openWizard(ctx), 'new site'),
    bind(['e'], 'e', `list the input errors (file and line)${ctx.errorCount ? '' : ' — there are none'}`, () => act({ type: 'toggle-errors' })),
    bind(['r'], 'r', 'read the files again', () => ({ type: 'reload' })),
    bind(['Q'], 'Q', 'quit at once', () => ({ type: 'quit' })),
  ];
}

function siteTable(state: AppState, ctx: KeyContext): Binding<Result>[] {
  const id = state.site?.id;
  const wizard = (what: 'add' | 'edit' | 'remove', index?: number): Result | undefined => {
    const w = id !== undefined ? ctx.itemWizard?.(id, what, index) : undefined;
    return w ? { type: 'open-wizard', wizard: w } : undefined;
  };
  if (state.pickItem && id !== undefined) {
    const count = ctx.items?.(id).length ?? 0;
    return [
      bind(['up', 'down', 'k', 'j'], '↑↓', 'choose an item', (n) => ({ type: 'pick-move', delta: n === 'up' || n === 'k' ? -1 : 1, count }), 'move'),
      bind(['enter'], 'Enter', 'edit the item, field by field', () => wizard('edit', state.pickItem!.cursor), 'edit'),
      bind(['x'], 'x', 'remove the item (shows the change first)', () => wizard('remove', state.pickItem!.cursor), 'remove'),
      bind(['esc', 'q'], 'Esc', 'back to the site', () => ({ type: 'pick-item', open: false }), 'back'),
    ];
  }
  const hasItems = id !== undefined && (ctx.items?.(id).length ?? 0) > 0;
  return [
    ...scrollKeys('site', state, ctx),
    bind(['esc', 'q'], 'Esc q', 'back to the list', () => ({ type: 'back' }), 'back'),
    ...(id !== undefined
      ? [
          bind<Result>(['b'], 'b', '“May I buy this?” for this site', () => ({ type: 'open-buy', siteId: id }), 'buy?'),
          bind<Result>(['w'], 'w', 'answer the facts not yet known for this site', () => openWizard(ctx, id), 'answer'),
          evidenceKey(state),
          ...(ctx.itemWizard ? [bind<Result>(['a'], 'a', 'add an equipment item (kind, maker, model, status, removal date)', () => wizard('add'), 'add item')] : []),
          ...(hasItems ? [bind<Result>(['i'], 'i', 'choose an equipment item to edit or remove', () => ({ type: 'pick-item', open: true }), 'items')] : []),
        ]
      : []),
  ];
}

function buyTable(state: AppState, ctx: KeyContext): Binding<Result>[] {
  const buy = state.buy;
  if (!buy) return [bind(['esc', 'q'], 'Esc q', 'back', () => ({ type: 'back' }), 'back')];
  const act = (action: BuyAction): Result => ({ type: 'buy', action });
  // Esc steps back; from the first step (or the manufacturer, when the site was given) it leaves.
  const firstStep = buy.step === 'site' || (buy.step === 'maker' && state.stack.at(-2) === 'site');
  const back = bind<Result>(['esc'], 'Esc', firstStep ? 'leave “May I buy this?”' : 'one step back', () => (firstStep ? { type: 'back' } : act({ type: 'back' })), 'back');
  switch (buy.step) {
    case 'site':
      return [
        bind(['enter'], 'Enter', 'choose the site', () => act({ type: 'accept', completions: [] }), 'choose'),
        bind(['up', 'down'], '↑↓', 'move in the list of sites', (n) => act({ type: 'move', delta: n === 'up' ? -1 : 1 }), 'move'),
        back,
        ...textKeys((op) => act({ type: 'edit', op }), 'search the sites by id, name or organisation'),
      ];
    case 'maker': {
      const completions = ctx.completions(state);
      return [
        bind(['enter'], 'Enter', 'accept the manufacturer (the highlighted completion, if any)', () => act({ type: 'accept', completions }), 'next'),
        bind(['tab', 'shift-tab', 'up', 'down'], 'Tab ↑↓', 'choose a completion from the supplier register', (n) => act({ type: 'complete', completions, delta: n === 'shift-tab' || n === 'up' ? -1 : 1 }), 'complete'),
        back,
        ...textKeys((op) => act({ type: 'edit', op }), 'type the manufacturer'),
      ];
    }
    case 'kind':
      return [
        bind(['digit'], `1-${EQUIPMENT_KINDS.length}`, 'choose that kind and go on', (n) => act({ type: 'choose', index: Number(n) - 1 }), 'choose'),
        bind(['up', 'down', 'k', 'j'], '↑↓', 'move', (n) => act({ type: 'move', delta: n === 'up' || n === 'k' ? -1 : 1 }), 'move'),
        bind(['enter'], 'Enter', 'choose the highlighted kind', () => act({ type: 'accept', completions: [] }), 'next'),
        back,
        bind(['q'], 'q', 'leave “May I buy this?”', () => ({ type: 'back' })),
      ];
    case 'answer':
      return [
        ...scrollKeys('buy', state, ctx),
        bind(['esc'], 'Esc', 'change the kind of equipment', () => act({ type: 'back' }), 'change'),
        bind(['q'], 'q', 'leave “May I buy this?”', () => ({ type: 'back' }), 'back'),
        ...(buy.answer ? [evidenceKey(state)] : []),
        ...(buy.answer && buy.answer.kind !== 'out-of-scope' && ctx.recordPlanned
          ? [bind<Result>(['p'], 'p', 'record this item at the site as planned equipment (shows the change first)', () => {
              const wizard = ctx.recordPlanned!(state);
              return wizard ? { type: 'open-wizard', wizard } : undefined;
            }, 'record as planned')]
          : []),
        ...(buy.answer?.kind === 'cannot-say' && buy.siteId !== undefined
          ? [bind<Result>(['w'], 'w', 'answer the questions that would settle it', () => openWizard(ctx, buy.siteId), 'answer them')]
          : []),
      ];
  }
}

function wizardTable(state: AppState, ctx: KeyContext): Binding<Result>[] {
  const w = state.wizard;
  if (!w) return [bind(['esc', 'q'], 'Esc q', 'back', () => ({ type: 'back' }), 'back')];
  const act = (action: WizardAction): Result => ({ type: 'wizard', action });
  switch (w.status) {
    case 'saving':
    case 'preparing':
      return [];
    case 'saved':
      return [bind(['enter', 'esc', 'q'], 'Enter', 'back', () => ({ type: 'back' }), 'back')];
    case 'confirm-leave':
      return [
        bind(['y'], 'y', 'leave without saving', () => ({ type: 'back' }), 'leave'),
        bind(['n', 'esc'], 'n Esc', 'stay', () => act({ type: 'leave-cancel' }), 'stay'),
      ];
    case 'who':
      return [
        bind(['enter'], 'Enter', 'next box; on the last, show the change', () => act({ type: 'who-next' }), 'next'),
        bind(['tab', 'shift-tab'], 'Tab', 'the other box', () => act({ type: 'who-focus' }), 'other box'),
        bind(['esc'], 'Esc', 'back to the answers (nothing is written)', () => act({ type: 'cancel-preview' }), 'back'),
        ...textKeys((op) => act({ type: 'who-edit', op }), 'who records, and on what authority'),
      ];
    case 'preview':
      return [
        bind(['enter'], 'Enter', 'write this change', () => act({ type: 'write' }), 'write'),
        ...scrollKeys('preview', state, ctx),
        ...((w.plan?.flags.length ?? 0) > 0 ? [bind<Result>(['digit'], `1-${Math.min(9, w.plan!.flags.length)}`, 'drop (or keep again) that comment', (n) => act({ type: 'toggle-comment', index: Number(n) - 1 }), 'drop comment')] : []),
        bind(['esc'], 'Esc', 'back to the answers (nothing is written)', () => act({ type: 'cancel-preview' }), 'back'),
      ];
    case 'editing':
      break;
  }
  if (w.conflict) {
    return [
      bind(['R'], 'R', 'read the file again and re-apply my answers (the change is shown again)', () => ({ type: 'reload-reapply' }), 'reload and re-apply'),
      bind(['esc'], 'Esc', 'back to the answers', () => act({ type: 'save-failed', message: w.saveError ?? '' }), 'back'),
    ];
  }
  const leave = bind<Result>(['esc'], 'Esc', 'leave (asks first if you have answered anything)', () => (Object.keys(w.answers).length === 0 ? { type: 'back' } : act({ type: 'leave-request' })), 'leave');
  const previous = bind<Result>(['shift-tab'], 'Shift-Tab', 'previous question', () => act({ type: 'back' }), 'previous');
  const save = (): Result => act({ type: 'save', recorded: state.recorder !== undefined });
  const q = currentQuestion(w);
  if (!q) {
    if (w.mode === 'existing' || w.questions.length === 0) {
      return [
        bind(['enter', 's'], 'Enter s', 'save (shows the change first)', save, 'save'),
        { ...previous, keys: ['shift-tab', 'left'], label: '← Shift-Tab' },
        leave,
      ];
    }
    return [
      bind(['enter'], 'Enter', 'save (shows the change first)', save, 'save'),
      previous,
      leave,
      ...textKeys((op) => act({ type: 'edit', op }), 'the file to save to'),
    ];
  }
  if (q.kind === 'choice') {
    return [
      bind(['digit'], `1-${q.choices!.length}`, 'choose that answer and go on (“don’t know” is always there)', (n) => act({ type: 'choose', index: Number(n) - 1 }), 'choose'),
      bind(['up', 'down', 'k', 'j'], '↑↓', 'move', (n) => act({ type: 'choice-move', delta: n === 'up' || n === 'k' ? -1 : 1 }), 'move'),
      bind(['enter'], 'Enter', 'accept the highlighted answer and go on', () => act({ type: 'accept' }), 'next'),
      bind(['tab'], 'Tab', 'skip the question (leave the fact out)', () => act({ type: 'skip' }), 'skip'),
      { ...previous, keys: ['shift-tab', 'left'], label: '← Shift-Tab' },
      ...(settled(w) ? [bind<Result>(['s'], 's', 'save now (the verdict is settled)', save, 'save now')] : []),
      leave,
    ];
  }
  return [
    bind(['enter'], 'Enter', 'accept the answer and go on', () => act({ type: 'accept', ...(q.path === 'id' ? { taken: ctx.idTaken(w.input.trim()) } : {}) }), 'next'),
    bind(['tab'], 'Tab', 'skip the question (leave the fact out)', () => act({ type: 'skip' }), 'skip'),
    previous,
    leave,
    ...textKeys((op) => act({ type: 'edit', op }), q.kind === 'count' ? 'a whole number (empty: don’t know)' : 'the answer'),
  ];
}

/** Is the user typing text on the current screen (so letters are text, not commands)? */
export function typing(state: AppState, ctx: KeyContext): boolean {
  return tableFor(state, ctx).some((b) => b.keys.includes('text'));
}

/** What a key does in the current state: the binding it belongs to in the table, if any. */
export function keyAction(state: AppState, input: string, key: Partial<Key>, ctx: KeyContext): Result | undefined {
  const name = keyName(input, key);
  return findBinding(tableFor(state, ctx), name, printable(input, key))?.run(name, input);
}

/**
 * Apply a key to the state. Keys are applied in the reducer, against the latest state, because
 * several can arrive before the screen is drawn again (a pasted word, a fast typist): each must see
 * the state the previous one left. Commands are queued for the App.
 */
export function applyKey(state: AppState, input: string, key: Partial<Key>, ctx: KeyContext): AppState {
  // Several command keys in one burst ("eo"): one at a time, each against the state the last left.
  if ([...input].length > 1 && !key.ctrl && !key.meta && printable(input, key) && !typing(state, ctx)) {
    return [...input].reduce((s, ch) => applyKey(s, ch, key, ctx), state);
  }
  if (state.notice !== undefined) state = { ...state, notice: undefined };
  const result = keyAction(state, input, key, ctx);
  if (!result) return state;
  if (isCommand(result)) return { ...state, commands: [...state.commands, result] };
  return appReducer(state, result, ctx.index);
}
