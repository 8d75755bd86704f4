// End to end in a real terminal, at 80×24 and at 100×30: tmux runs the built CLI on a temporary
// inventory, keys are sent as a user types them, and the screen is read back with capture-pane.
// Each flow of issue 12 that the terminal itself shows: the alternate screen, resize and Ctrl-L,
// footers that fit, quitting on purpose only, the judgement question, and a save with its
// preview, a conflict and "reload and re-apply".
//
// The flows are declared here once and run from one test file per terminal size
// (tui-e2e-flows-80x24.test.ts, tui-e2e-flows-100x30.test.ts), so that the two sizes, which spend
// their time waiting on the terminal, run side by side in the two test workers.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools, tmux as tmuxTool } from '../support/tools.js';
import { Tmux } from './tmux.js';
import { NOT_SENSITIVE, SENSITIVE, UNDETERMINED } from './tui-fixtures.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'bin/sitecheck.js');
const term = new Tmux('flows');
const tmux = (...args: string[]): string => term.run(...args);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let root = '';
/** Each run gets its own tmux session (ending the last one would stop the tmux server). */
let session = 'tui-0';
let sessions = 0;

function screen(): Promise<string> {
  return term.screen(session);
}

function see(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  return term.see(session, text, timeoutMs);
}

/** Keys, each sent once the last was taken (tests/tui/tmux.ts). */
function send(...keys: string[]): Promise<void> {
  return term.send(session, ...keys);
}

/** A fresh inventory folder with a sensitive, a not-sensitive and an undetermined site. */
function inventory(): string {
  const dir = mkdtempSync(join(root, 'inv-'));
  mkdirSync(join(dir, 'sites'));
  writeFileSync(join(dir, 'sites/sensitive.yaml'), SENSITIVE);
  writeFileSync(join(dir, 'sites/not-sensitive.yaml'), NOT_SENSITIVE);
  writeFileSync(join(dir, 'sites/undetermined.yaml'), UNDETERMINED);
  return dir;
}

async function start(dir: string, columns: number, rows: number): Promise<void> {
  session = `tui-${++sessions}`;
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), '-c', dir, `printf 'SHELL BEFORE\\n'; CI=true node ${CLI} tui --as-of 2026-11-22 sites; echo "TUI EXITED $?"; sleep 120`);
  await term.ready(session, '4 sites'); // drawn, and taking keys
}

/** The screen fits: no line wider than the terminal, the title on the first row and the key line on the last. */
function fits(s: string, columns: number, rows: number): void {
  const lines = s.replace(/\n$/, '').split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(columns);
}

/** Wait until the screen is drawn whole at this size: the title on the first row, the key line on the last, nothing wider. */
async function whole(columns: number, rows: number, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await screen();
    const lines = s.replace(/\n+$/, '').split('\n');
    if (lines.length === rows && lines[0]!.startsWith('sitecheck') && /keys$/.test(lines.at(-1)!) && lines.every((l) => [...l].length <= columns)) return s;
    if (Date.now() > end) throw new Error(`the screen was not drawn whole at ${columns}×${rows}; it showed:\n${s}`);
    await pause(50);
  }
}

/**
 * The flows at one terminal size, for the calling test file (pass `import.meta.url`): skipped, with
 * a line saying so, where tmux is not installed (tests/support/tools.ts).
 */
export function flowsAt(testFileUrl: string, columns: number, rows: number): void {
  const HAVE_TMUX = haveTools(testFileUrl, tmuxTool());

  beforeAll(() => {
    if (!HAVE_TMUX) return;
    if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('build first: npm run build (npm test does)');
    root = mkdtempSync(join(tmpdir(), 'sitecheck-flows-'));
  });

  afterAll(() => {
    if (HAVE_TMUX) term.kill();
    if (root) rmSync(root, { recursive: true, force: true });
    root = '';
  });

  describe.skipIf(!HAVE_TMUX)(`the TUI in a real terminal at ${columns}×${rows}`, () => {
    it('draws on the alternate screen, every footer ends with ? and fits; Esc never quits; q asks; the shell screen comes back', async () => {
      const dir = inventory();
      await start(dir, columns, rows);
      let s = await screen();
      expect(s).not.toContain('SHELL BEFORE'); // the alternate screen
      fits(s, columns, rows);
      expect(s.split('\n')[0]).toContain('sitecheck — sensitive sites');
      expect(s.replace(/\n+$/, '').split('\n').at(-1)).toMatch(/\? (more )?keys$/);
      // Every screen's footer fits and offers ? for the rest.
      for (const [keys, expectText] of [[['Enter'], 'Verdict:'], [['b'], 'Manufacturer:'], [['Escape', 'Escape'], '4 sites'], [['w'], 'Assess a new site']] as const) {
        await send(...keys);
        s = await see(expectText);
        fits(s, columns, rows);
        expect(s.replace(/\n+$/, '').split('\n').at(-1)).toMatch(/Esc|\?/);
      }
      await send('Escape');
      await see('4 sites');
      // Esc on the inventory does nothing; q asks; n stays; q then y quits.
      await send('Escape', 'Escape');
      await pause(200);
      expect(await screen()).toContain('4 sites');
      await send('q');
      await see('Quit sitecheck?');
      await send('n');
      await see('/ to search');
      await send('q', 'y');
      s = await see('TUI EXITED 0');
      expect(s).toContain('SHELL BEFORE');
      expect(s).not.toContain('4 sites');
    }, 60_000);

    it('repaints the whole screen after a resize and on Ctrl-L', async () => {
      const dir = inventory();
      await start(dir, columns, rows);
      // Something else writes on the terminal: Ctrl-L draws the screen again without it.
      const tty = tmux('display', '-p', '-t', session, '#{pane_tty}').trim();
      writeFileSync(tty, '\u001b[5;3HSTRAY OUTPUT');
      await see('STRAY OUTPUT');
      await send('C-l');
      await see(/^(?![\s\S]*STRAY OUTPUT)/);
      let s = await whole(columns, rows);
      expect(s).not.toContain('STRAY OUTPUT');
      expect(s).toContain('4 sites');
      // Narrower and shorter, then back: no stale rows, nothing one row low.
      tmux('resize-window', '-t', session, '-x', '60', '-y', '20');
      s = await whole(60, 20);
      fits(s, 60, 20);
      tmux('resize-window', '-t', session, '-x', String(columns), '-y', String(rows));
      s = await whole(columns, rows);
      fits(s, columns, rows);
      expect(s.match(/sitecheck — sensitive sites/g)).toHaveLength(1);
      await send('Q');
      await see('TUI EXITED 0');
    }, 60_000);

    it('the judgement question: “no judgement recorded” writes nothing, never false', async () => {
      const dir = inventory();
      await start(dir, columns, rows);
      await send('w');
      await see('Assess a new site');
      await send('J-1', 'Enter', 'Judgement House', 'Enter', 'Enter');
      await see('Limb 1');
      await send('1', '1', '4'); // held routinely: OFFICIAL; highest: OFFICIAL; frequency: don't know
      let s = await see('What judgement, if any, has the department recorded');
      expect(s).toContain('1. judged significant');
      expect(s).toContain('2. judged not significant');
      expect(s).toContain('3. no judgement recorded');
      expect(s).toContain('don’t know whether one was recorded');
      await send('3'); // no judgement recorded
      await see('How many officials are based at the site?');
      await send('50', 'Enter', '50', 'Enter');
      s = await see(/Limb 3|ministers/);
      // Limb 2 is not decided against the site: the DV questions were not marked "cannot change it".
      expect(s).not.toMatch(/Limb 2.*already not-met/);
      // Leave the rest unanswered and save.
      for (let i = 0; i < 4; i++) await send('Tab');
      await see('Your answers');
      await send('Enter');
      await see('who is recording these answers');
      await send('E2E Officer', 'Enter', 'test', 'Enter');
      s = await see('The change to');
      expect(s).not.toContain('significant');
      await send('Enter');
      await see('✔ Saved');
      const text = readFileSync(join(dir, 'sites/J-1.yaml'), 'utf8');
      expect(text).not.toMatch(/significant/);
      expect(text).toContain('staff_total: 50');
      await send('Enter');
      await see('5 sites');
      await send('Q');
    }, 60_000);

    it('a save shows the change first, a conflict keeps the answers, and R re-applies them to the file as it is now', async () => {
      const dir = inventory();
      await start(dir, columns, rows);
      await send('/', 'cedar', 'Enter', 'Enter');
      await see('Verdict: ? UNDETERMINED');
      await send('w');
      await see('Answer the unknown facts of T-UND');
      await send('1'); // government_location: yes
      await see('The verdict is settled');
      await send('s');
      await see('who is recording these answers');
      await send('E2E Officer', 'Enter', 'site survey of 3 Nov', 'Enter');
      let s = await see('The change to');
      expect(s).toMatch(/- government_location: unknown/);
      expect(s).toMatch(/\+ government_location: true/);
      expect(s).toContain('+ assessment:');
      // The comment on the changed line is flagged; 1 drops it.
      expect(s).toContain('the lease is being checked');
      // A colleague edits the file meanwhile: writing is refused, the answers are kept.
      const file = join(dir, 'sites/undetermined.yaml');
      writeFileSync(file, readFileSync(file, 'utf8') + '# checked by a colleague\n');
      await send('Enter');
      s = await see('Not saved');
      expect(s).toContain('R reload and re-apply');
      expect(readFileSync(file, 'utf8')).toContain('government_location: unknown');
      await send('R');
      s = await see('The change to');
      await send('1'); // drop the stale comment
      await see('✖ dropped');
      await send('Enter');
      await see('✔ Saved');
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('# checked by a colleague');
      expect(text).toMatch(/government_location: true\n/);
      expect(text).not.toContain('the lease is being checked');
      expect(text).toContain('by: E2E Officer');
      expect(text).toContain('(authority: site survey of 3 Nov)');
      // The second save in the session does not ask who again.
      await send('Enter'); // back to the site, now sensitive
      await see('Verdict: ● SENSITIVE');
      await send('Escape', 'Escape');
      await see('4 sites');
      await send('/', 'damson', 'Enter', 'Enter', 'w');
      await see('Answer the unknown facts of T-UND2');
      await send('2');
      // Skip the rest, and save from the review.
      for (let i = 0; i < 12 && !(await screen()).includes('Your answers'); i++) await send('Tab');
      await send('Enter');
      s = await see('The change to');
      expect(s).not.toContain('who is recording');
      await send('Escape', 'Escape', 'y', 'Escape', 'Q');
    }, 90_000);

    it('May I buy this?: listed, unlisted, near-miss and unknown makers at a sensitive and an undetermined site; record a planned camera; an evidence record', async () => {
      const dir = inventory();
      await start(dir, columns, rows);
      const ask = async (site: string, maker: string): Promise<string> => {
        await send('b', site, 'Enter', maker, 'Enter', '1');
        const s = await see(/NOT PERMITTED|CANNOT SAY YET|CONFIRM WHO PRODUCED IT|NOT STOPPED|PERMITTED/);
        fits(s, columns, rows);
        return s;
      };
      const leave = async (): Promise<void> => {
        await send('q');
        await see('4 sites');
      };
      let s = await ask('alder', 'Hikvision');
      expect(s).toContain('✖ NOT PERMITTED');
      await leave();
      for (const maker of ['Bosch', 'Hikvison', 'unknown']) {
        s = await ask('alder', maker);
        expect(s).toContain('⚠ NOT ON THE REGISTER — CONFIRM WHO PRODUCED IT');
        expect(s).not.toContain('✔ PERMITTED');
        if (maker === 'Hikvison') expect(s).toContain('did you mean Hikvision?');
        await leave();
      }
      s = await ask('cedar', 'Hikvision');
      expect(s).toContain('? CANNOT SAY YET');
      await leave();
      for (const maker of ['Bosch', 'Hikvison', 'unknown']) {
        s = await ask('cedar', maker);
        expect(s).toContain('CONFIRM WHO PRODUCED IT');
        expect(s).toContain('may be a sensitive site');
        await leave();
      }
      // The only green tick: every limb not met and a known maker not on the register.
      s = await ask('birch', 'Axis');
      expect(s).toContain('✔ PERMITTED');
      // Scroll to the end of the answer: the core-network note; G then one ↑ moves one line.
      await send('G');
      s = await see('Core networks:');
      await leave();
      // Record a planned camera from a buy answer, then an evidence record of it.
      await ask('alder', 'Bosch');
      await send('E');
      await see('Who is asking, and on what authority?');
      await send('E2E Officer', 'Enter', 'purchase request 12', 'Enter');
      s = await see('Evidence written');
      await send('p');
      await see('Record planned equipment at T-SENS');
      await send('Enter');
      s = await see('The change to'); // who was asked once this session already
      expect(s).toContain('+     manufacturer: Bosch');
      await send('Enter');
      await see('✔ Saved');
      const text = readFileSync(join(dir, 'sites/sensitive.yaml'), 'utf8');
      expect(text).toContain('  - id: proposed-purchase\n    kind: cctv-camera\n    manufacturer: Bosch\n    status: planned\n');
      expect(text).toContain('by: E2E Officer');
      const evidence = readdirSync(join(dir, 'sites')).filter((n) => n.startsWith('T-SENS.evidence-'));
      expect(evidence).toHaveLength(2);
      const json = JSON.parse(readFileSync(join(dir, 'sites', evidence.find((n) => n.endsWith('.json'))!), 'utf8'));
      expect(json.answer.kind).toBe('confirm-maker');
      expect(json.askedBy.by).toBe('E2E Officer');
      await send('Enter', 'Escape', 'Q');
    }, 120_000);
  });
}
