// Key bindings as data: the footer, the help and the key handler come from one table per screen,
// so the help lists exactly the keys that do something, footers fit 80 columns, and wide
// characters keep the columns in line.
import { describe, expect, it, afterAll } from 'vitest';
import type { Key } from 'ink';
import { applyKey, initialApp, keyAction, tableFor, type AppState, type KeyContext } from '../../src/tui/app-state.js';
import { completions } from '../../src/tui/buy-state.js';
import { wizardFor } from '../../src/tui/start-wizard.js';
import { idTaken, plannedItemWizard } from '../../src/tui/wizard-site.js';
import { footerFor, keyName } from '../../src/tui/keymap.js';
import { cellOf, truncateTo, widthOf } from '../../src/tui/width.js';
import { editField, field } from '../../src/tui/field.js';
import { scrollTo } from '../../src/tui/scroll.js';
import { fixtureData, removeFixtures } from './tui-fixtures.js';

afterAll(removeFixtures);

const data = await fixtureData();
const ctx: KeyContext = {
  index: data.index,
  lines: () => 80,
  completions: (s) => completions(data.ruleset.suppliers, s.buy?.maker ?? ''),
  wizardFor: (id) => wizardFor(data, 'sites', id),
  idTaken: (id) => idTaken(data, id),
  errorCount: data.report.errors.length,
  recordPlanned: (s) => plannedItemWizard(data, s.buy),
};
const start = initialApp(data.index, { columns: 80, rows: 24 });
const press = (s: AppState, ...keys: (string | Partial<Key>)[]): AppState => keys.reduce<AppState>((st, k) => (typeof k === 'string' ? applyKey(st, k, {}, ctx) : applyKey(st, '', k, ctx)), s);
const answer = { kind: 'permitted' as const, limbs: [], findings: [] };

/** One state for each screen and mode. */
const STATES: Record<string, AppState> = {
  inventory: start,
  'quit question': press(start, 'q'),
  search: press(start, '/'),
  errors: press(start, 'e'),
  help: press(start, '?'),
  site: press(start, { return: true }),
  'buy: site': press(start, 'b'),
  'buy: maker': press(start, 'b', { return: true }),
  'buy: kind': press(start, 'b', { return: true }, 'Axis', { return: true }),
  'buy: answer': (() => {
    const s = press(start, 'b', { return: true }, 'Axis', { return: true }, { return: true });
    return { ...s, buy: { ...s.buy!, answer } };
  })(),
  'wizard: text': press(start, 'w'),
  'wizard: choice': press(start, 'w', 'N-1', { return: true }, 'N', { return: true }, { tab: true }),
  'wizard: leave?': press(start, 'w', 'N-1', { return: true }, { escape: true }),
};

/** Every key a user can press, as Ink reports it. */
const ALL_KEYS: [string, Partial<Key>][] = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/?. '.split('').map((c) => [c, {}] as [string, Partial<Key>]),
  ...(['upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'pageUp', 'pageDown', 'home', 'end', 'return', 'escape', 'tab', 'backspace'] as const).map((k) => ['', { [k]: true }] as [string, Partial<Key>]),
  ['', { tab: true, shift: true }],
  ['l', { ctrl: true }], ['a', { ctrl: true }], ['e', { ctrl: true }], ['d', { ctrl: true }],
];

describe('one key table per screen', () => {
  for (const [name, state] of Object.entries(STATES)) {
    it(`${name}: every key that does something is in the table (so in the help), and nothing else acts`, () => {
      const table = tableFor(state, ctx);
      for (const [input, key] of ALL_KEYS) {
        const result = keyAction(state, input, key, ctx);
        if (result === undefined) continue;
        const kn = keyName(input, key);
        const listed = table.some((b) => b.keys.includes(kn) || (b.keys.includes('digit') && /^[1-9]$/.test(kn)) || b.keys.includes('text'));
        expect(listed, `${JSON.stringify([input, key])} acts on ${name} but is not in its table`).toBe(true);
      }
    });

    it(`${name}: the footer fits 80 columns and ends with the help key (or is typing)`, () => {
      const items = footerFor(tableFor(state, ctx), 80);
      const text = items.map(([k, w]) => `${k} ${w}`).join('  ');
      expect(widthOf(text)).toBeLessThanOrEqual(79);
      const typing = tableFor(state, ctx).some((b) => b.keys.includes('text'));
      if (!typing && name !== 'help') expect(items.at(-1)![0]).toBe('?');
      expect(items.length).toBeGreaterThan(0);
    });
  }

  it('the help lists no key that does nothing: each binding’s keys act on its own screen', () => {
    // Keys whose action can be empty in this state by design (an empty list, no completion).
    for (const [name, state] of Object.entries(STATES)) {
      for (const b of tableFor(state, ctx)) {
        for (const k of b.keys) {
          if (k === 'text' || k === 'digit') continue;
          const [input, key] = toKey(k);
          const r = keyAction(state, input, key, ctx);
          expect(r, `${name}: ${b.label} (${k}) is in the help but does nothing`).toBeDefined();
        }
      }
    }
  });

  it('number keys pick and go on, in the wizard and in the buy kind step alike', () => {
    expect(press(STATES['buy: kind']!, '2').buy).toMatchObject({ step: 'answer', kind: 1 });
    const w = press(STATES['wizard: choice']!, '2');
    expect(w.wizard!.step).toBe(STATES['wizard: choice']!.wizard!.step + 1);
  });

  it('Esc from the manufacturer empties the box (no “HikvisionHikvision” on retyping)', () => {
    const s = press(start, 'b', { return: true }, 'Hikvision', { escape: true }, { return: true }, 'Hikvision');
    expect(s.buy!.maker).toBe('Hikvision');
  });

  it('f filters by finding kind, one kind per press, then all again; a shows all', () => {
    const kinds = data.index.findingKinds().map(([k]) => k);
    expect(kinds.length).toBeGreaterThan(0);
    const s = press(start, 'f');
    expect(s.inventory.kind).toBe(kinds[0]);
    expect(s.inventory.rows.every((i) => data.index.sites[i]!.findings.some((f) => f.kind === kinds[0]))).toBe(true);
    expect(press(s, ...kinds.map(() => 'f')).inventory.kind).toBeUndefined();
    expect(press(s, 'a').inventory.kind).toBeUndefined();
  });
});

function toKey(k: string): [string, Partial<Key>] {
  const special: Record<string, Partial<Key>> = { up: { upArrow: true }, down: { downArrow: true }, left: { leftArrow: true }, right: { rightArrow: true }, pageup: { pageUp: true }, pagedown: { pageDown: true }, home: { home: true }, end: { end: true }, enter: { return: true }, esc: { escape: true }, tab: { tab: true }, 'shift-tab': { tab: true, shift: true }, backspace: { backspace: true } };
  if (special[k]) return ['', special[k]!];
  if (k.startsWith('ctrl-')) return [k.slice(5), { ctrl: true }];
  if (k === 'space') return [' ', {}];
  return [k, {}];
}

describe('text boxes, widths and scrolling', () => {
  it('wide characters count two columns: cells line up whatever the script', () => {
    expect(widthOf('東京')).toBe(4);
    expect(widthOf(cellOf('東京事務所テスト', 9))).toBe(9);
    expect(cellOf('東京事務所テスト', 9)).toBe('東京事務…');
    expect(widthOf(cellOf('Tŷ Hywel', 9))).toBe(9);
    expect(truncateTo('abc', 5)).toBe('abc');
  });

  it('a text box edits at its cursor', () => {
    let f = field('Hikvison');
    f = editField(editField(f, { type: 'left' }), { type: 'left' });
    f = editField(f, { type: 'insert', text: 'i' });
    expect(f).toEqual({ text: 'Hikvision', cursor: 7 });
    expect(editField({ text: '東京', cursor: 1 }, { type: 'backspace' })).toEqual({ text: '京', cursor: 0 });
    expect(editField({ text: 'ab', cursor: 2 }, { type: 'right' })).toEqual({ text: 'ab', cursor: 2 });
  });

  it('scrolling stops at the end and comes back at once', () => {
    expect(scrollTo(0, 'end', 100, 20)).toBe(80);
    expect(scrollTo(80, 'down', 100, 20)).toBe(80);
    expect(scrollTo(80, 'up', 100, 20)).toBe(79);
    expect(scrollTo(5, 'pageup', 100, 20)).toBe(0);
    expect(scrollTo(0, 'pagedown', 10, 20)).toBe(0);
  });
});
