// The TUI's screens, rendered into a fake terminal (ink-testing-library) and driven by keys.
import { toneProps } from '../../src/tui/theme.js';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, afterAll } from 'vitest';
import { check } from '../../src/check.js';
import { SiteIndex } from '../../src/tui/site-index.js';
import type { SiteResult } from '../../src/model.js';
import { AS_OF, fixtureData, fixtureDir, SENSITIVE, UNDETERMINED, removeFixtures } from './tui-fixtures.js';
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
    // Tall enough for all of limb 1 (its conditions, facts and quote) on the first screen.
    screen = await renderApp(await fixtureData(), { rows: 40 });
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
    await screen.keys('G');
    const later = await screen.see('CAM-1');
    // Every item with its findings under it.
    expect(later).toMatch(/CAM-1\s+cctv-camera, Hikvision, installed[\s\S]*✖ removal-overdue/);
  });

  it('shows what is missing for an undetermined site, and the facts that would decide it', async () => {
    screen = await renderApp(await fixtureData());
    await screen.keys('/', 'damson', KEY.enter, KEY.enter);
    const f = await screen.see('UNDETERMINED');
    expect(f).toMatch(/Would be decided by: classified_material\.\w+/);
    await screen.keys(KEY.pageDown);
    await screen.see('Missing facts');
  });

  it('? shows the keys of the screen', async () => {
    screen = await renderApp(await fixtureData());
    await screen.keys(KEY.enter, '?');
    const f = await screen.see('Keys');
    expect(f).toContain('“May I buy this?” for this site');
    // Only the keys the help lists work there: x does nothing, Esc closes it.
    await screen.keys('x');
    expect(screen.frame()).toContain('Keys on a site');
    await screen.keys(KEY.esc);
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
    await recordAs(screen);
    await screen.keys(KEY.enter);
    await screen.see('✔ Saved');
    await screen.keys(KEY.enter);
    const after = await screen.see('NOT PERMITTED');
    expect(after).toMatch(/Limb 4\s+✔ met/);
  });
});

/** Answer "who records, on what authority" and wait for the preview of the change. */
async function recordAs(s: Screen): Promise<string> {
  await s.see('who is recording these answers');
  await s.keys('A. Officer', KEY.enter, 'survey of 3 Nov', KEY.enter);
  return s.see('The change to');
}

describe('recording a buy answer', () => {
  it('p records the item as planned equipment at the site: who, the change, then the file', async () => {
    const dir = fixtureDir();
    screen = await renderApp(await fixtureData(dir));
    await screen.keys('b', 'alder', KEY.enter, 'Axis', KEY.enter, '1');
    let f = await screen.see('CONFIRM WHO PRODUCED IT');
    expect(f).toContain('p record as planned');
    await screen.keys('p');
    await screen.see('Record planned equipment at T-SENS');
    await screen.keys(KEY.enter);
    f = await recordAs(screen);
    expect(f).toContain('+   - id: proposed-purchase');
    expect(f).toContain('+     manufacturer: Axis');
    await screen.keys(KEY.enter);
    await screen.see('✔ Saved');
    const text = readFileSync(join(dir, 'sensitive.yaml'), 'utf8');
    expect(text).toContain('  - id: CAM-1\n    kind: cctv-camera\n    manufacturer: Hikvision\n    status: installed\n  - id: proposed-purchase\n    kind: cctv-camera\n    manufacturer: Axis\n    status: planned\n');
    expect(text.startsWith(SENSITIVE.slice(0, SENSITIVE.indexOf('equipment:')))).toBe(true);
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
    await screen.keys('2'); // highest: SECRET
    await screen.keys('1'); // routine
    f = await screen.see('Verdict so far: ● sensitive');
    expect(f).toContain('The verdict is settled');
    await screen.keys(KEY.tab, KEY.tab, KEY.tab, KEY.tab, '4'); // skip the tier held routinely and limb 2; ministerial use: don't know
    await screen.keys(KEY.tab, KEY.tab);
    f = await screen.see('Your answers');
    expect(f).toContain(`Save as: ${dir}/NEW-7.yaml`);
    await screen.keys(KEY.enter);
    f = await recordAs(screen);
    // The preview is the whole new file; nothing is written before Enter.
    expect(f).toContain('+ id: NEW-7');
    expect(() => readFileSync(join(dir, 'NEW-7.yaml'))).toThrow();
    await screen.keys(KEY.enter);
    f = await screen.see('✔ Saved');
    const saved = readFileSync(join(dir, 'NEW-7.yaml'), 'utf8');
    expect(saved).toContain('ministerial_use: unknown');
    expect(saved).toContain('by: A. Officer');
    expect(saved).toMatch(/on: \d{4}-\d{2}-\d{2}/);
    expect(saved).toContain('(authority: survey of 3 Nov): recorded');
    const { report } = await check([join(dir, 'NEW-7.yaml')], { asOf: AS_OF });
    expect(report.errors).toEqual([]);
    expect(report.sites[0]).toMatchObject({ id: 'NEW-7', verdict: 'sensitive', organisation: 'Test Office' });
    await screen.keys(KEY.enter);
    f = await screen.see('5 sites');
    expect(f).toMatch(/› ● sensitive\s+NEW-7/);
  });

  it('keeps the answers on screen when the file changed on disk, and R reads it again and re-applies them', async () => {
    const dir = fixtureDir();
    screen = await renderApp(await fixtureData(dir));
    await screen.keys('/', 'cedar', KEY.enter, KEY.enter, 'w');
    await screen.see('Answer the unknown facts of T-UND');
    writeFileSync(join(dir, 'undetermined.yaml'), UNDETERMINED + '\n# edited by someone else\n');
    await screen.see('Is the site owned or occupied by a government body?');
    await screen.keys('1');
    await screen.see('The verdict is settled');
    await screen.keys('s', 'A. Officer', KEY.enter, 'survey of 3 Nov', KEY.enter);
    const f = await screen.see('Not saved');
    expect(f.replace(/\s+/g, ' ')).toContain('has changed on disk since it was read; not overwritten');
    expect(f).toContain('Your answers are kept');
    expect(f).toContain('Verdict so far: ● sensitive');
    expect(f).toContain('R reload and re-apply');
    expect(readFileSync(join(dir, 'undetermined.yaml'), 'utf8')).toContain('# edited by someone else');
    // R: read the file again, work out the change again, and show it before writing.
    await screen.keys('R');
    const preview = await screen.see('The change to');
    expect(preview).toContain('+ government_location: true');
    // The comment on the changed line is flagged for the officer.
    expect(preview).toContain('the lease is being checked');
    await screen.keys(KEY.enter);
    await screen.see('✔ Saved');
    const text = readFileSync(join(dir, 'undetermined.yaml'), 'utf8');
    expect(text).toContain('# edited by someone else');
    expect(text).toContain('government_location: true   # the lease is being checked');
  });
});

describe('evidence records', () => {
  it('E on a buy answer asks who asks (once), then writes Markdown and JSON with the question, answer, facts with file:line, sources and rules digest', async () => {
    const dir = fixtureDir();
    const data = await fixtureData(dir);
    screen = await renderApp(data);
    await screen.keys('b', 'alder', KEY.enter, 'Hikvision', KEY.enter, '1');
    await screen.see('NOT PERMITTED');
    await screen.keys('E');
    await screen.see('Who is asking, and on what authority?');
    await screen.keys('A. Officer', KEY.enter, 'procurement request 7', KEY.enter);
    await screen.see('Evidence written');
    const files = readdirSync(dir).filter((n) => n.startsWith('T-SENS.evidence-'));
    expect(files.sort()).toEqual([expect.stringMatching(/^T-SENS\.evidence-\d{4}-\d{2}-\d{2}\.json$/), expect.stringMatching(/^T-SENS\.evidence-\d{4}-\d{2}-\d{2}\.md$/)]);
    const json = JSON.parse(readFileSync(join(dir, files.find((n) => n.endsWith('.json'))!), 'utf8'));
    expect(json.question).toBe('May I buy a CCTV camera made by Hikvision for T-SENS Alder House?');
    expect(json.answer.kind).toBe('not-permitted');
    expect(json.answer.text[0]).toContain('NOT PERMITTED');
    expect(json.asOf).toBe(AS_OF);
    expect(json.rules.sha256).toBe(data.ruleset.sha256);
    expect(json.askedBy).toEqual({ by: 'A. Officer', authority: 'procurement request 7' });
    // Lines as written in the file (line 7: `highest: SECRET`), not those of the evaluation with the item added.
    expect(json.facts).toContainEqual({ path: 'classified_material.highest', value: 'SECRET', file: expect.stringContaining('sensitive.yaml'), line: 7 });
    expect(json.sources.map((s: { quote: string }) => s.quote)).toContain('any building or complex that routinely holds secret material or above');
    const text = readFileSync(join(dir, files.find((n) => n.endsWith('.md'))!), 'utf8');
    expect(text).toContain('# Evidence: May I buy a CCTV camera made by Hikvision for T-SENS Alder House?');
    expect(text).toContain('Asked by: A. Officer, on the authority of procurement request 7');
    // A second record the same day does not overwrite the first, and does not ask again.
    await screen.keys('E');
    await screen.see('Evidence written');
    expect(readdirSync(dir).filter((n) => n.startsWith('T-SENS.evidence-'))).toHaveLength(4);
  });
});

describe('equipment in the wizard', () => {
  it('a adds an item field by field (register hint on the maker), i then Enter edits one in place, i then x removes one', async () => {
    const dir = fixtureDir();
    screen = await renderApp(await fixtureData(dir));
    await screen.keys('/', 'alder', KEY.enter, KEY.enter);
    await screen.see('Verdict: ● SENSITIVE');
    await screen.keys('a');
    await screen.see('Add an equipment item at T-SENS');
    await screen.keys('NVR-2', KEY.enter, '2'); // id; kind: nvr
    await screen.see('Who manufactured it?');
    await screen.keys('Hikvison');
    let f = await screen.see('did you mean');
    expect(f).toContain('Hikvision');
    await screen.keys(...Array.from({ length: 8 }, () => KEY.backspace), 'Axis');
    await screen.see('not on the supplier register as typed');
    await screen.keys(KEY.enter, 'X-1', KEY.enter, '2', KEY.tab); // model; status planned; no removal date
    await screen.see('What is it connected to?');
    await screen.keys('2', '1', KEY.tab); // network: segregated; captures video: yes; no other maker
    await screen.see('Your answers');
    await screen.keys(KEY.enter);
    f = await recordAs(screen);
    expect(f).toContain('+   - id: NVR-2');
    await screen.keys(KEY.enter);
    await screen.see('✔ Saved');
    let text = readFileSync(join(dir, 'sensitive.yaml'), 'utf8');
    expect(text).toContain('  - id: NVR-2\n    kind: nvr\n    manufacturer: Axis\n    model: X-1\n    status: planned\n    network: segregated\n    captures_video: true\n');
    // Edit the first item's status in place.
    await screen.keys(KEY.enter);
    await screen.see('Verdict: ● SENSITIVE');
    await screen.keys('i');
    await screen.see('choose an item to edit');
    await screen.keys(KEY.enter);
    await screen.see('Edit an equipment item at T-SENS');
    await screen.keys(KEY.tab, KEY.tab, KEY.tab, KEY.tab); // id, kind, manufacturer, model: as they are
    await screen.see('Is it installed, planned or removed?');
    await screen.keys('3', KEY.tab, KEY.tab, KEY.tab, KEY.tab); // removed; date, network, video, other maker: as they are
    await screen.see('Your answers');
    await screen.keys(KEY.enter);
    f = await screen.see('The change to');
    expect(f).toContain('+     status: removed');
    await screen.keys(KEY.enter);
    await screen.see('✔ Saved');
    text = readFileSync(join(dir, 'sensitive.yaml'), 'utf8');
    expect(text).toContain('  - id: CAM-1\n    kind: cctv-camera\n    manufacturer: Hikvision\n    status: removed\n');
    // Remove the new item.
    await screen.keys(KEY.enter);
    await screen.see('Verdict:');
    await screen.keys('i', KEY.down, 'x');
    await screen.see('Remove equipment: NVR-2');
    await screen.keys(KEY.enter);
    await screen.see('The change to');
    await screen.keys(KEY.enter);
    await screen.see('✔ Saved');
    text = readFileSync(join(dir, 'sensitive.yaml'), 'utf8');
    expect(text).not.toContain('- id: NVR-2');
    expect(text).toContain('  - id: CAM-1');
    expect(text).toContain('added NVR-2');
    expect(text).toContain('removed NVR-2');
  });
});
