// Keys to actions, applied to the whole TUI state without rendering.
import { describe, expect, it, afterAll } from 'vitest';
import type { Key } from 'ink';
import { applyKey, initialApp, splitKeys, type AppState, type KeyContext } from '../../src/tui/app-state.js';
import { selectedSite } from '../../src/tui/inventory-state.js';
import { completions } from '../../src/tui/buy-state.js';
import { wizardFor } from '../../src/tui/start-wizard.js';
import { idTaken } from '../../src/tui/wizard-site.js';
import { fixtureData, removeFixtures } from './tui-fixtures.js';

afterAll(removeFixtures);

const data = await fixtureData();
const ctx: KeyContext = {
  index: data.index,
  // Every long view is 80 lines here, but the error list, which has one line per error.
  lines: (target) => (target === 'errors' ? data.report.errors.length : 80),
  completions: (s) => completions(data.ruleset.suppliers, s.buy?.maker ?? ''),
  wizardFor: (id) => wizardFor(data, 'sites', id),
  idTaken: (id) => idTaken(data, id),
  errorCount: data.report.errors.length,
};
const size = { columns: 80, rows: 24 };

/** Press keys: plain strings are typed; objects are special keys. */
function press(state: AppState, ...keys: (string | Partial<Key>)[]): AppState {
  return keys.reduce<AppState>((s, k) => (typeof k === 'string' ? applyKey(s, k, {}, ctx) : applyKey(s, '', k, ctx)), state);
}

const start = initialApp(data.index, size);

describe('keys', () => {
  it('/ starts a search in which letters are text, not commands', () => {
    const s = press(start, '/', 'cedar', { return: true });
    expect(s.inventory.query).toBe('cedar');
    expect(s.commands).toEqual([]);
    expect(selectedSite(s.inventory, data.index)).toBe('T-UND');
  });

  it('q on the inventory asks before quitting (y quits, n or Esc stays); Q quits at once; q is a letter while searching', () => {
    const asked = press(start, 'q');
    expect(asked.commands).toEqual([]);
    expect(asked.quitAsk).toBe(true);
    expect(press(asked, 'y').commands).toEqual([{ type: 'quit' }]);
    expect(press(asked, 'n').quitAsk).toBe(false);
    expect(press(asked, { escape: true }).quitAsk).toBe(false);
    expect(press(asked, { escape: true }).commands).toEqual([]);
    expect(press(start, 'Q').commands).toEqual([{ type: 'quit' }]);
    expect(press(start, '/', 'q').inventory.query).toBe('q');
  });

  it('Esc clears a search, and never quits the inventory', () => {
    const s = press(start, '/', 'cedar', { return: true }, { escape: true });
    expect(s.inventory.query).toBe('');
    expect(s.commands).toEqual([]);
    const again = press(s, { escape: true }, { escape: true }, { escape: true });
    expect(again.commands).toEqual([]);
    expect(again.quitAsk).toBe(false);
  });

  it('single keys filter by verdict', () => {
    const ids = (s: AppState) => s.inventory.rows.map((i) => data.index.sites[i]!.id);
    expect(ids(press(start, 's'))).toEqual(['T-SENS']);
    expect(ids(press(start, 'n'))).toEqual(['T-NOT']);
    expect(ids(press(start, 'u'))).toEqual(['T-UND', 'T-UND2']);
    expect(ids(press(start, 'u', 'a'))).toHaveLength(4);
  });

  it('Enter opens the site; q and Esc go back; b asks about that site', () => {
    const site = press(start, '/', 'alder', { return: true }, { return: true });
    expect(site.stack).toEqual(['inventory', 'site']);
    expect(site.site!.id).toBe('T-SENS');
    expect(press(site, 'q').stack).toEqual(['inventory']);
    expect(press(site, { escape: true }).stack).toEqual(['inventory']);
    const buy = press(site, 'b');
    expect(buy.stack).toEqual(['inventory', 'site', 'buy']);
    expect(buy.buy).toMatchObject({ step: 'maker', siteId: 'T-SENS' });
    // In the manufacturer field q is a letter; Esc goes back to the site.
    expect(press(buy, 'q').buy!.maker).toBe('q');
    expect(press(buy, { escape: true }).stack).toEqual(['inventory', 'site']);
  });

  it('? shows the keys; Esc, q or ? closes them; other keys do nothing there; ? is text while typing', () => {
    const help = press(start, '?');
    expect(help.help).toBe(true);
    expect(press(help, 'x').help).toBe(true);
    expect(press(help, { escape: true }).help).toBe(false);
    expect(press(help, 'q').help).toBe(false);
    expect(press(help, 'q').commands).toEqual([]);
    expect(press(help, '?').help).toBe(false);
    expect(press(start, '/', '?').help).toBe(false);
    expect(press(start, '/', '?').inventory.query).toBe('?');
  });

  it('w opens the wizard at once, so keys typed straight after it are answers', () => {
    const s = press(start, 'w', 'N-1', { return: true }, 'Name', { return: true });
    expect(s.stack).toEqual(['inventory', 'wizard']);
    expect(s.wizard!.answers).toEqual({ id: 'N-1', name: 'Name' });
    expect(s.wizard!.file).toBe('');
    expect(s.wizard!.dir).toBe('sites');
  });

  it('w on an undetermined site asks its unknown facts, the deciding ones first', () => {
    const site = press(start, '/', 'cedar', { return: true }, { return: true }, 'w');
    expect(site.wizard!.mode).toBe('existing');
    expect(site.wizard!.questions.map((q) => q.path)).toEqual([
      'government_location',
      'classified_material.frequency',
      'classified_material.routinely_held',
      'vetting.staff_total',
      'vetting.developed_vetting',
    ]);
  });

  it('s does not save while the verdict is not settled, even on a choice question', () => {
    const site = press(start, '/', 'cedar', { return: true }, { return: true }, 'w');
    expect(site.wizard!.questions[0]!.kind).toBe('choice');
    const answered = press(site, '1'); // a choice by its number is taken at once
    expect(answered.wizard!.questions[answered.wizard!.step]!.kind).toBe('choice');
    expect(answered.wizard!.answers).toHaveProperty(["government_location"]);
    const after = press(answered, 's');
    expect(after.wizard!.status).toBe('editing');
    expect(after.stack).toEqual(answered.stack);
  });

  it('b opens “May I buy this?” at the site chooser', () => {
    expect(press(start, 'b').buy!.step).toBe('site');
  });

  it('the site screen scrolls within its text, with the same keys as every long screen, and stops at the end', () => {
    const site = press(start, { return: true });
    const height = 24 - 2; // the "more" line and the footer
    expect(press(site, { downArrow: true }, { downArrow: true }).site!.top).toBe(2);
    expect(press(site, 'j', 'j', 'k').site!.top).toBe(1);
    expect(press(site, { pageDown: true }).site!.top).toBe(height - 1);
    expect(press(site, ' ').site!.top).toBe(height - 1);
    expect(press(site, { end: true }).site!.top).toBe(80 - height);
    expect(press(site, 'G').site!.top).toBe(80 - height);
    // Past the end there is nothing to come back from: one ↑ moves one line up.
    const end = press(site, 'G', ...Array.from({ length: 30 }, () => ({ downArrow: true })));
    expect(end.site!.top).toBe(80 - height);
    expect(press(end, { upArrow: true }).site!.top).toBe(80 - height - 1);
    expect(press(end, 'g').site!.top).toBe(0);
    expect(press(end, { home: true }).site!.top).toBe(0);
    expect(press(site, { upArrow: true }).site!.top).toBe(0);
  });

  it('a burst of bytes (typed fast, pasted, or scripted) is split into its keys', () => {
    expect(splitKeys('N-1\rName\r\t', {})).toEqual([['N-1', {}], ['', { return: true }], ['Name', {}], ['', { return: true }], ['', { tab: true }]]);
    expect(splitKeys('ab\u007fc', {})).toEqual([['ab', {}], ['', { backspace: true }], ['c', {}]]);
    expect(splitKeys('harbour', {})).toEqual([['harbour', {}]]);
    const s = splitKeys('w', {}).concat(splitKeys('N-1\rName\r', {})).reduce<AppState>((st, [i, k]) => applyKey(st, i, k, ctx), start);
    expect(s.wizard!.answers).toEqual({ id: 'N-1', name: 'Name' });
  });

  it('several command keys in one burst act one by one; after / the rest is the search', () => {
    const s = press(start, 'uo');
    expect(s.inventory.verdict).toBe('undetermined');
    expect(s.inventory.sort).toBe('verdict');
    expect(press(start, '/alder').inventory.query).toBe('alder');
  });

  it('e lists the input errors, ↑↓ scroll them, e or Esc goes back to the sites', () => {
    const s = press(start, 'e');
    expect(s.inventory.showErrors).toBe(true);
    expect(press(s, { downArrow: true }).inventory.errorTop).toBe(0); // only one error: nowhere to go
    expect(press(s, 'e').inventory.showErrors).toBe(false);
    expect(press(s, { escape: true }).inventory.showErrors).toBe(false);
    expect(press(s, { escape: true }).commands).toEqual([]);
  });

  it('control characters and direction overrides are never typed into the text', () => {
    expect(press(start, '/', 'a\u202eb').inventory.query).toBe('');
    expect(press(start, '/', '\u009b2J').inventory.query).toBe('');
    expect(press(start, '/', 'Tŷ Hywel مبنى').inventory.query).toBe('Tŷ Hywel مبنى');
  });
});
