// The TUI's screens, rendered into a fake terminal (ink-testing-library) and driven by keys.
import { toneProps } from '../../src/tui/theme.js';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, afterAll } from 'vitest';
import { check } from '../../src/check.js';
import { SiteIndex } from '../../src/tui/site-index.js';
import type { SiteResult } from '../../src/model.js';
import { AS_OF, fixtureData, fixtureDir, UNDETERMINED, removeFixtures } from './tui-fixtures.js';
import { KEY, renderApp, type Screen } from './tui-ink.js';

afterAll(removeFixtures);

let screen: Screen | undefined;
afterEach(() => {
  screen?.unmount();
  screen = undefined;
});

const ANSI = /\u001b\[[0-9;]*m/;

describe('inventory screen', () => {
  it('lists every site with verdict symbol and word, organisation and limbs met, and the counts', async () => {
    screen = await renderApp(await fixtureData());
    const f = screen.frame();
    expect(f).toContain('4 sites  ● 1 sensitive  ○ 1 not-sensitive  ? 2 undetermined  ✖ 1 input error');
    expect(f).toMatch(/● sensitive\s+T-SENS\s+Alder House\s+Test Office\s+1\s/);
    expect(f).toMatch(/○ not-sensitive\s+T-NOT\s+Birch Depot\s+Other Agency\s+–/);
    expect(f.split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  it('lists the input errors with file and line', async () => {
    screen = await renderApp(await fixtureData());
    await screen.keys('e');
    const f = await screen.see('input error');
    expect(f.replace(/\s+/g, " ")).toMatch(/bad\.yaml:3:1 unknown field "ministeral_use" \(did you mean "ministerial_use"\?\)/);
  });

  it('searches incrementally and filters with single keys', async () => {
    screen = await renderApp(await fixtureData());
    await screen.keys('/', 'c', 'e', 'd');
    let f = await screen.see('/ced');
    expect(f).toContain('T-UND');
    expect(f).not.toContain('T-SENS');
    await screen.keys(KEY.esc, 'n');
    f = await screen.see('not-sensitive only');
    expect(f).toContain('T-NOT');
    expect(f).not.toContain('T-UND');
  });

  it('renders only the rows that fit, with 100,000 sites, and jumps to the end', async () => {
    const data = await fixtureData();
    const proto = data.report.sites[0]!;
    const many: SiteResult[] = Array.from({ length: 100_000 }, (_, i) => ({ ...proto, id: `X-${i}`, name: `Site ${i}` }));
    screen = await renderApp({ ...data, report: { ...data.report, sites: many }, index: new SiteIndex(many) });
    let f = screen.frame();
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    expect(f).toContain('1 of 100000');
    await screen.keys(KEY.end);
    f = await screen.see('100000 of 100000');
    expect(f).toContain('X-99999');
    expect(f).not.toContain('X-0 ');
  });

  it('redraws at the new width when the terminal is resized', async () => {
    screen = await renderApp(await fixtureData(), { columns: 120 });
    const wide = screen.frame();
    Object.defineProperty(screen.stdout, 'columns', { configurable: true, get: () => 60 });
    screen.stdout.emit('resize');
    const narrow = await screen.see('T-SENS');
    await new Promise((r) => setTimeout(r, 50));
    expect(Math.max(...screen.frame().split('\n').map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(Math.max(...wide.split('\n').map((l) => l.length))).toBeGreaterThan(60);
    expect(narrow).toContain('T-SENS');
  });
});

describe('reading the files again', () => {
  it('r reads the folder again, and says so; a folder gone is a message, not a crash', async () => {
    const dir = fixtureDir();
    screen = await renderApp(await fixtureData(dir));
    writeFileSync(join(dir, 'more.yaml'), 'id: T-MORE\nname: Rowan Hall\nministerial_use: routine\n');
    await screen.keys('r');
    let f = await screen.see('Read again: 5 sites, 1 input error.');
    expect(f).toContain('5 sites  ● 2 sensitive');
    expect(f).toContain('T-MORE');
    await screen.keys('j');
    await screen.see('/ to search');
    rmSync(dir, { recursive: true, force: true });
    await screen.keys('r');
    f = await screen.see('Could not read the files again');
    expect(f).toContain('no such file or folder');
    expect(f).toContain('T-MORE'); // the last good reading is still shown
  });
});

describe('colour', () => {
  it('with colour off (NO_COLOR) the screen has no colour codes, and still says every verdict in words', async () => {
    screen = await renderApp(await fixtureData(), { color: false });
    expect(screen.frame()).not.toMatch(ANSI);
    expect(screen.frame()).toContain('● sensitive');
    // The fake terminal draws no colour codes either way, so the switch itself is checked here
    // (and in a real terminal by the tmux test).
    expect(toneProps('red', true)).toEqual({ color: 'red' });
    expect(toneProps('red', false)).toEqual({});
    expect(toneProps('dim', false)).toEqual({});
  });
});

describe('site screen', () => {
  it('explains a sensitive site limb by limb with the quoted law, facts with file:line, and the file to edit', async () => {
    screen = await renderApp(await fixtureData());
    await screen.keys('/', 'alder', KEY.enter, KEY.enter);
    const f = await screen.see('Verdict: ● SENSITIVE');
    expect(f).toContain('To edit: ');
    expect(f).toMatch(/sensitive\.yaml:3/);
    expect(f).toMatch(/Limb 1\s+✔ met\s+Routinely holds SECRET material or above/);
    expect(f).toMatch(/classified_material\.highest = SECRET\s+\(.*sensitive\.yaml:7\)/);
    expect(f).toContain('The law: “any building or complex that routinely holds secret material or');
    await screen.keys(KEY.pageDown);
    const limb2 = (await screen.see('Parameter developed_vetting.significant_proportion')).replace(/\s+/g, ' ');
    expect(limb2).toContain('Parameter developed_vetting.significant_proportion = 0.25 — an interpretation: no source gives this number');
    expect(limb2).toMatch(/vetting\.developed_vetting = 10 \(\S*sensitive\.yaml:\d+\)/);
    await screen.keys(KEY.pageDown, KEY.pageDown);
    const later = await screen.see('Equipment');
    expect(later).toMatch(/✖ prohibited-equipment\s+CAM-1/);
  });

  it('shows what is missing for an undetermined site, and the facts that would decide it', async () => {
    screen = await renderApp(await fixtureData());
    await screen.keys('/', 'damson', KEY.enter, KEY.enter);
    const f = await screen.see('UNDETERMINED');
    expect(f).toContain('Would be decided by: classified_material.highest');
    await screen.keys(KEY.pageDown);
    await screen.see('Missing facts');
  });

  it('? shows the keys of the screen', async () => {
    screen = await renderApp(await fixtureData());
    await screen.keys(KEY.enter, '?');
    const f = await screen.see('Keys');
    expect(f).toContain('“May I buy this?” for this site');
    await screen.keys('x');
    await screen.see('Verdict:');
  });
});

describe('May I buy this?', () => {
  it('answers not permitted for a Hikvision camera on a sensitive site, with the limb and its citation', async () => {
    screen = await renderApp(await fixtureData());
    await screen.keys('b');
    await screen.see('Which site?');
    await screen.keys('alder', KEY.enter);
    await screen.see('Manufacturer:');
    await screen.keys('hik');
    let f = await screen.see('Hikvision');
    expect(f).toContain('Hangzhou Hikvision Digital Technology');
    await screen.keys(KEY.tab, KEY.enter);
    f = await screen.see('What kind of equipment?');
    await screen.keys('1', KEY.enter);
    f = await screen.see('NOT PERMITTED');
    expect(f).toContain('a CCTV camera made by Hikvision may not be bought for T-SENS');
    expect(f).toMatch(/Limb 1\s+✔ met/);
    expect(f).toContain('“any building or complex that routinely holds secret material or');
  });

  it('says cannot say yet with the questions that would settle it, and w answers them', async () => {
    screen = await renderApp(await fixtureData());
    await screen.keys('b', 'cedar', KEY.enter, 'Hikvision UK Ltd', KEY.enter, KEY.enter);
    const f = await screen.see('CANNOT SAY YET');
    expect(f).toContain('Is the site owned or occupied by a government body?');
    await screen.keys('w');
    await screen.see('Answer the unknown facts of T-UND');
    // Answer the deciding question, save, and come back to a settled answer.
    await screen.keys('1');
    await screen.see('The verdict is settled');
    await screen.keys('s');
    await screen.see('✔ Saved');
    await screen.keys(KEY.enter);
    const after = await screen.see('NOT PERMITTED');
    expect(after).toMatch(/Limb 4\s+✔ met/);
  });
});

describe('assessment wizard', () => {
  it('records a new site question by question, with the live verdict, and saves a file check accepts', async () => {
    const dir = fixtureDir();
    screen = await renderApp(await fixtureData(dir));
    await screen.keys('w');
    await screen.see('Assess a new site');
    await screen.keys('NEW-7', KEY.enter, 'Fir Court', KEY.enter, 'Test Office', KEY.enter);
    let f = await screen.see('Limb 1');
    expect(f).toContain('The definition: “any building or complex that routinely holds secret material');
    await screen.keys('3'); // TOP SECRET
    await screen.keys('1'); // routine
    f = await screen.see('Verdict so far: ● sensitive');
    expect(f).toContain('The verdict is settled');
    await screen.keys(KEY.tab, KEY.tab, KEY.tab, '4'); // skip limb 2; ministerial use: don't know
    await screen.keys(KEY.tab, KEY.tab);
    f = await screen.see('Your answers');
    expect(f).toContain(`Save as: ${dir}/NEW-7.yaml`);
    await screen.keys(KEY.enter);
    f = await screen.see('✔ Saved');
    const saved = readFileSync(join(dir, 'NEW-7.yaml'), 'utf8');
    expect(saved).toContain('ministerial_use: unknown');
    const { report } = await check([join(dir, 'NEW-7.yaml')], { asOf: AS_OF });
    expect(report.errors).toEqual([]);
    expect(report.sites[0]).toMatchObject({ id: 'NEW-7', verdict: 'sensitive', organisation: 'Test Office' });
    await screen.keys(KEY.enter);
    f = await screen.see('5 sites');
    expect(f).toMatch(/› ● sensitive\s+NEW-7/);
  });

  it('keeps the answers on screen, with the error, when the file changed on disk', async () => {
    const dir = fixtureDir();
    screen = await renderApp(await fixtureData(dir));
    await screen.keys('/', 'cedar', KEY.enter, KEY.enter, 'w');
    await screen.see('Answer the unknown facts of T-UND');
    writeFileSync(join(dir, 'undetermined.yaml'), UNDETERMINED + '\n# edited by someone else\n');
    await screen.see('Is the site owned or occupied by a government body?');
    await screen.keys('1');
    await screen.see('The verdict is settled');
    await screen.keys('s');
    const f = await screen.see('Not saved');
    expect(f.replace(/\s+/g, ' ')).toContain('has changed on disk since it was read; not overwritten');
    expect(f).toContain('Your answers are kept');
    expect(f).toContain('Verdict so far: ● sensitive');
    await screen.keys(KEY.left);
    await screen.see('Is the site owned or occupied by a government body?');
    expect(screen.frame()).toMatch(/› 1\. yes/);
    expect(readFileSync(join(dir, 'undetermined.yaml'), 'utf8')).toContain('# edited by someone else');
  });
});
